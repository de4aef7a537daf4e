// An X.509 v3 certificate: its DER octets (what goes into an IKE CERT payload) and the
// fields IKE looks at: subject, subjectAltNames, public key, validity.
#ifndef IPSECLAB_PKI_CERTIFICATE_H
#define IPSECLAB_PKI_CERTIFICATE_H

#include "crypto/crypto-common.h"
#include "pki/keys.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

typedef struct x509_st X509;

namespace ipseclab
{

/// The subjectAltName kinds IKE identities map to (RFC 7296 3.5, RFC 4945 3.1).
struct SubjectAltName
{
    enum class Type
    {
        Ipv4Address, ///< iPAddress, 4 octets; value "192.0.2.1"
        Fqdn,        ///< dNSName; value "moon.lab.example"
        Email,       ///< rfc822Name; value "carol@lab.example"
    };
    Type type;
    std::string value;

    static SubjectAltName Ipv4(std::string address);
    static SubjectAltName Dns(std::string fqdn);
    static SubjectAltName Email(std::string address);
    bool operator==(const SubjectAltName& other) const;
};

/// "IP:192.0.2.1", "DNS:moon.lab.example", "email:carol@lab.example" (OpenSSL's spelling).
std::string ToString(const SubjectAltName& san);

/// Parses a dotted-quad IPv4 address into 4 octets; PkiError when it is not one.
Bytes ParseIpv4(std::string_view address);

/// Immutable; copies share the OpenSSL object.
class Certificate
{
  public:
    /// Exactly one DER certificate (PkiError on trailing octets or anything malformed).
    static Certificate FromDer(ByteSpan der);
    /// The first "CERTIFICATE" PEM block.
    static Certificate FromPem(std::string_view pem);

    const Bytes& GetDer() const;
    std::string ToPem() const;
    /// "C=CH, O=Lab, CN=moon"
    std::string GetSubjectDn() const;
    std::string GetIssuerDn() const;
    /// DER Name of the subject: what an ID_DER_ASN1_DN identity carries.
    Bytes GetSubjectDer() const;
    /// IPv4 addresses, DNS names and email addresses; other kinds are left out.
    std::vector<SubjectAltName> GetSubjectAltNames() const;
    PublicKey GetPublicKey() const;
    uint64_t GetSerial() const;
    /// Seconds since 1970-01-01T00:00:00Z.
    int64_t GetNotBefore() const;
    int64_t GetNotAfter() const;
    bool IsCa() const;
    X509* Native() const;
    bool operator==(const Certificate& other) const;

  private:
    Certificate(std::shared_ptr<X509> cert, Bytes der);
    std::shared_ptr<X509> m_cert;
    Bytes m_der;
};

} // namespace ipseclab

#endif
