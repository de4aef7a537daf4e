// Builds and signs one X.509 v3 certificate (internal; CertificateAuthority's engine).
#ifndef IPSECLAB_PKI_CERTIFICATE_BUILDER_H
#define IPSECLAB_PKI_CERTIFICATE_BUILDER_H

#include "pki/certificate-authority.h"

namespace ipseclab::detail
{

struct CertificateTemplate
{
    std::string subjectDn;
    std::vector<SubjectAltName> sans;
    const PublicKey* subjectKey = nullptr;
    Validity validity;
    uint64_t serial = 1;
    bool isCa = false;
    int pathLength = -1; ///< CA only; -1 = no pathLenConstraint
};

/// issuer == nullptr: self-signed with issuerKey.
Certificate BuildCertificate(const CertificateTemplate& spec, const PrivateKey& issuerKey,
                             const Certificate* issuer);

} // namespace ipseclab::detail

#endif
