// A lab PKI for scenarios and tests, what a teacher does with strongSwan's `pki --self` and
// `pki --issue`: one root CA and gateway certificates (subjectAltNames IPv4 and DNS), all
// derived from a seed, so the same seed gives byte-identical keys and certificates.
#ifndef IPSECLAB_IKE_PKI_HELPER_H
#define IPSECLAB_IKE_PKI_HELPER_H

#include "ikev2/ike-config.h"
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

class LabPki
{
  public:
    /// A root CA "C=CH, O=IPsec Lab, CN=IPsec Lab Root CA" (caDn), key and certificate from
    /// `seed`, valid 10 years from kPkiEpoch.
    explicit LabPki(uint64_t seed, ipseclab::KeyType caKeyType = ipseclab::KeyType::EcdsaP256,
                    const std::string& caDn = "C=CH, O=IPsec Lab, CN=IPsec Lab Root CA",
                    const ipseclab::Validity& caValidity = ipseclab::Validity::Days(3650));

    /// An end-entity certificate with its own key. The key comes from a stream seeded with
    /// (seed, serial), the serial counts up from 2 per call: the same calls in the same order
    /// give the same certificates.
    LabCredential Issue(const std::string& subjectDn,
                        const std::vector<ipseclab::SubjectAltName>& sans,
                        ipseclab::KeyType keyType = ipseclab::KeyType::EcdsaP256,
                        const ipseclab::Validity& validity = ipseclab::Validity::Days(365));
    /// A gateway: subject "C=CH, O=IPsec Lab, CN=<fqdn>", SANs DNS:<fqdn> and IP:<ipv4>
    /// (either may be empty, not both).
    LabCredential IssueGateway(const std::string& fqdn, const std::string& ipv4,
                               ipseclab::KeyType keyType = ipseclab::KeyType::EcdsaP256,
                               const ipseclab::Validity& validity = ipseclab::Validity::Days(365));

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
