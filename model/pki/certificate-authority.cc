#include "pki/certificate-authority.h"

#include "pki/certificate-builder.h"
#include "pki/pki-error.h"

#include <openssl/x509.h>

namespace ipseclab
{

Validity
Validity::Days(int64_t days, int64_t start)
{
    return Validity{start, start + days * 86400};
}

CertificateAuthority
CertificateAuthority::Create(const std::string& subjectDn, KeyType keyType, RandomSource& rng,
                             const Validity& validity, uint64_t serial)
{
    PrivateKey key = PrivateKey::Generate(keyType, rng);
    PublicKey publicKey = key.GetPublicKey();
    detail::CertificateTemplate spec;
    spec.subjectDn = subjectDn;
    spec.subjectKey = &publicKey;
    spec.validity = validity;
    spec.serial = serial;
    spec.isCa = true;
    return CertificateAuthority(detail::BuildCertificate(spec, key, nullptr), key);
}

CertificateAuthority::CertificateAuthority(Certificate certificate, PrivateKey key)
    : m_certificate(std::move(certificate))
    , m_key(std::move(key))
{
    if (m_certificate.GetPublicKey() != m_key.GetPublicKey())
    {
        throw PkiError("CA '" + m_certificate.GetSubjectDn() +
                       "': the private key does not belong to the certificate");
    }
    if (!m_certificate.IsCa())
    {
        throw PkiError("'" + m_certificate.GetSubjectDn() + "' is not a CA certificate");
    }
}

Certificate
CertificateAuthority::Issue(const std::string& subjectDn, const std::vector<SubjectAltName>& sans,
                            const PublicKey& subjectKey, const Validity& validity,
                            uint64_t serial) const
{
    detail::CertificateTemplate spec;
    spec.subjectDn = subjectDn;
    spec.sans = sans;
    spec.subjectKey = &subjectKey;
    spec.validity = validity;
    spec.serial = serial;
    return detail::BuildCertificate(spec, m_key, &m_certificate);
}

Certificate
CertificateAuthority::IssueIntermediate(const std::string& subjectDn, const PublicKey& subjectKey,
                                        const Validity& validity, uint64_t serial) const
{
    detail::CertificateTemplate spec;
    spec.subjectDn = subjectDn;
    spec.subjectKey = &subjectKey;
    spec.validity = validity;
    spec.serial = serial;
    spec.isCa = true;
    spec.pathLength = 0;
    return detail::BuildCertificate(spec, m_key, &m_certificate);
}

const Certificate&
CertificateAuthority::GetCertificate() const
{
    return m_certificate;
}

const PrivateKey&
CertificateAuthority::GetPrivateKey() const
{
    return m_key;
}

} // namespace ipseclab
