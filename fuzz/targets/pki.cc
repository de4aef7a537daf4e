// What the PKI loads from files and the wire (first octet): X.509 certificates in DER (the
// CERT payload) and PEM, private and public keys in DER and PEM, and what is read out of a
// certificate that parsed (subject, SANs, validity, key).
#include "../fuzz-target.h"
#include "pki/certificate.h"
#include "pki/keys.h"

#include <string_view>

IPSECLAB_FUZZ_TARGET(pki)
{
    if (size < 1)
    {
        return 0;
    }
    const ipseclab::ByteSpan der(data + 1, size - 1);
    const std::string_view pem(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 5)
    {
    case 0:
    {
        ipseclab::Certificate c = ipseclab::Certificate::FromDer(der);
        c.GetSubjectDn();
        c.GetPublicKey();
        c.IsCa();
        break;
    }
    case 1:
        ipseclab::Certificate::FromPem(pem).GetSubjectDn();
        break;
    case 2:
        ipseclab::PrivateKey::FromDer(der).GetPublicKey();
        break;
    case 3:
        ipseclab::PrivateKey::FromPem(pem).GetType();
        break;
    default:
        ipseclab::PublicKey::FromDer(der);
        break;
    }
    return 0;
}
