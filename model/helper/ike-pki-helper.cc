#include "helper/ike-pki-helper.h"

#include <stdexcept>

namespace ns3
{

namespace
{

/// Seed octets for one key: "ipseclab-pki" | seed | index, each 8 octets big-endian.
ipseclab::Bytes
KeySeed(uint64_t seed, uint64_t index)
{
    const std::string tag = "ipseclab-pki";
    ipseclab::Bytes out(tag.begin(), tag.end());
    for (uint64_t v : {seed, index})
    {
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            out.push_back(static_cast<uint8_t>(v >> shift));
        }
    }
    return out;
}

} // namespace

LabPki::LabPki(uint64_t seed, ipseclab::KeyType caKeyType, const std::string& caDn,
               const ipseclab::Validity& caValidity)
    : m_seed(seed)
{
    ipseclab::SeededRandomSource rng(KeySeed(seed, 1));
    m_ca = std::make_shared<ipseclab::CertificateAuthority>(
        ipseclab::CertificateAuthority::Create(caDn, caKeyType, rng, caValidity, 1));
}

LabCredential
LabPki::Issue(const std::string& subjectDn, const std::vector<ipseclab::SubjectAltName>& sans,
              ipseclab::KeyType keyType, const ipseclab::Validity& validity)
{
    const uint64_t serial = m_nextSerial++;
    ipseclab::SeededRandomSource rng(KeySeed(m_seed, serial));
    auto key =
        std::make_shared<const ipseclab::PrivateKey>(ipseclab::PrivateKey::Generate(keyType, rng));
    auto cert = std::make_shared<const ipseclab::Certificate>(
        m_ca->Issue(subjectDn, sans, key->GetPublicKey(), validity, serial));
    return LabCredential{cert, key};
}

LabCredential
LabPki::IssueGateway(const std::string& fqdn, const std::string& ipv4, ipseclab::KeyType keyType,
                     const ipseclab::Validity& validity)
{
    if (fqdn.empty() && ipv4.empty())
    {
        throw std::invalid_argument("LabPki::IssueGateway needs an FQDN or an IPv4 address");
    }
    std::vector<ipseclab::SubjectAltName> sans;
    if (!fqdn.empty())
    {
        sans.push_back(ipseclab::SubjectAltName::Dns(fqdn));
    }
    if (!ipv4.empty())
    {
        sans.push_back(ipseclab::SubjectAltName::Ipv4(ipv4));
    }
    return Issue("C=CH, O=IPsec Lab, CN=" + (fqdn.empty() ? ipv4 : fqdn), sans, keyType, validity);
}

void
LabPki::Configure(ipseclab::IkeConfig& config, const LabCredential& credential,
                  const std::string& localId, uint8_t signatureMethod) const
{
    config.localAuth = ipseclab::AuthMethod::Pubkey;
    config.remoteAuth = ipseclab::AuthMethod::Pubkey;
    config.certificate = credential.certificate;
    config.privateKey = credential.privateKey;
    config.trustedCas = {m_ca->GetCertificate()};
    config.localId = localId;
    config.signatureMethod = signatureMethod;
}

} // namespace ns3
