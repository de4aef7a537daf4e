// A lab PKI for scenarios and tests, what a teacher does with strongSwan's `pki --self` and
// `pki --issue`: one root CA and gateway certificates (subjectAltNames IPv4 and DNS), all
// derived from a seed, so the same seed gives byte-identical keys and certificates.
#ifndef IPSECLAB_IKE_PKI_HELPER_H
#define IPSECLAB_IKE_PKI_HELPER_H

#include "ike-core/ike-config.h"
#include "pki/certificate-authority.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/// A certificate and its private key, ready for IkeConfig.
struct LabCredential
{
    std::shared_ptr<const ipseclab::Certificate> certificate;
    std::shared_ptr<const ipseclab::PrivateKey> privateKey;
};

/// The lab CA's default validity: 2020-01-01 to 2050-01-01 (UTC). Simulation time maps to
/// kPkiEpoch (2025-01-01) + t, and a real peer checks its own clock: both fall inside, so the
/// PEM files the lab writes load in strongSwan today as well as in every simulated run.
inline constexpr int64_t kLabValidFrom = 1577836800;  // 2020-01-01T00:00:00Z
inline constexpr int64_t kLabValidUntil = 2524608000; // 2050-01-01T00:00:00Z
inline const ipseclab::Validity kLabValidity{kLabValidFrom, kLabValidUntil};

class LabPki
{
  public:
    /// A root CA "C=CH, O=IPsec Lab, CN=IPsec Lab Root CA" (caDn), key and certificate from
    /// `seed`, valid kLabValidity (2020 to 2050).
    explicit LabPki(uint64_t seed, ipseclab::KeyType caKeyType = ipseclab::KeyType::EcdsaP256,
                    const std::string& caDn = "C=CH, O=IPsec Lab, CN=IPsec Lab Root CA",
                    const ipseclab::Validity& caValidity = kLabValidity);

    /// An end-entity certificate with its own key. The key comes from a stream seeded with
    /// (seed, serial), the serial counts up from 2 per call: the same calls in the same order
    /// give the same certificates.
    LabCredential Issue(const std::string& subjectDn,
                        const std::vector<ipseclab::SubjectAltName>& sans,
                        ipseclab::KeyType keyType = ipseclab::KeyType::EcdsaP256,
                        const ipseclab::Validity& validity = kLabValidity);
    /// A gateway: subject "C=CH, O=IPsec Lab, CN=<fqdn>", SANs DNS:<fqdn> and IP:<ipv4>
    /// (either may be empty, not both).
    LabCredential IssueGateway(const std::string& fqdn, const std::string& ipv4,
                               ipseclab::KeyType keyType = ipseclab::KeyType::EcdsaP256,
                               const ipseclab::Validity& validity = kLabValidity);

    /// localAuth = remoteAuth = pubkey, the credential, this CA as the only trusted root, and
    /// localId (empty: the certificate's subject DN; "@fqdn", "192.0.2.1" or a DN otherwise).
    void Configure(ipseclab::IkeConfig& config, const LabCredential& credential,
                   const std::string& localId = "", uint8_t signatureMethod = 14) const;

    const ipseclab::CertificateAuthority& GetCa() const { return *m_ca; }
    const ipseclab::Certificate& GetCaCertificate() const { return m_ca->GetCertificate(); }

  private:
    uint64_t m_seed;
    uint64_t m_nextSerial = 2;
    std::shared_ptr<ipseclab::CertificateAuthority> m_ca;
};

} // namespace ns3

#endif
