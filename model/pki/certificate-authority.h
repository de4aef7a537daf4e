// A small certificate authority, what a teacher does with `pki --self` and `pki --issue`:
// a self-signed root, end-entity certificates with subjectAltNames, optional intermediates.
// Everything is deterministic: validity comes from given times (never the wall clock), serials
// are given, and ECDSA signature nonces are derived from the CA key and the signed octets,
// so one seed gives byte-identical certificates.
#ifndef IPSECLAB_PKI_CERTIFICATE_AUTHORITY_H
#define IPSECLAB_PKI_CERTIFICATE_AUTHORITY_H

#include "crypto/random-source.h"
#include "pki/certificate.h"
#include "pki/keys.h"

#include <string>
#include <vector>

namespace ipseclab
{

/// 2025-01-01T00:00:00Z in seconds since 1970: the default notBefore, so certificates do not
/// depend on when the lab runs. Simulation time t maps to kPkiEpoch + t for verification.
constexpr int64_t kPkiEpoch = 1735689600;

/// [notBefore, notAfter] in seconds since 1970-01-01T00:00:00Z.
struct Validity
{
    int64_t notBefore = kPkiEpoch;
    int64_t notAfter = kPkiEpoch + 365 * 86400;

    /// notBefore = start, notAfter = start + days.
    static Validity Days(int64_t days, int64_t start = kPkiEpoch);
};

class CertificateAuthority
{
  public:
    /// Generates the CA key from rng (PrivateKey::Generate) and a self-signed v3 root:
    /// basicConstraints CA:TRUE (critical), keyUsage keyCertSign+cRLSign (critical),
    /// subjectKeyIdentifier, sha256WithRSAEncryption or ecdsa-with-SHA256.
    static CertificateAuthority Create(const std::string& subjectDn, KeyType keyType,
                                       RandomSource& rng,
                                       const Validity& validity = Validity::Days(3650),
                                       uint64_t serial = 1);
    /// An existing CA (certificate and key loaded from PEM, for instance). PkiError when the
    /// key does not belong to the certificate or the certificate is not a CA.
    CertificateAuthority(Certificate certificate, PrivateKey key);

    /// End-entity certificate: basicConstraints CA:FALSE (critical), keyUsage
    /// digitalSignature (critical), subjectAltName (when sans is not empty), subject and
    /// authority key identifiers. serial must be >= 1; notAfter must follow notBefore.
    Certificate Issue(const std::string& subjectDn, const std::vector<SubjectAltName>& sans,
                      const PublicKey& subjectKey, const Validity& validity, uint64_t serial) const;
    /// Intermediate CA certificate (CA:TRUE, pathLenConstraint 0) for chain exercises.
    Certificate IssueIntermediate(const std::string& subjectDn, const PublicKey& subjectKey,
                                  const Validity& validity, uint64_t serial) const;

    const Certificate& GetCertificate() const;
    const PrivateKey& GetPrivateKey() const;

  private:
    Certificate m_certificate;
    PrivateKey m_key;
};

} // namespace ipseclab

#endif
