// Does a certificate vouch for the identity a peer claims in its IDi/IDr payload?
// (RFC 7296 3.5 and 2.15, RFC 4945 3.1: the ID must match the subject or a subjectAltName.)
#ifndef IPSECLAB_PKI_IKE_IDENTITY_H
#define IPSECLAB_PKI_IKE_IDENTITY_H

#include "crypto/crypto-common.h"
#include "ike/ike-constants.h"
#include "pki/certificate.h"

#include <string>

namespace ipseclab
{

// The ID Types (IkeIdType, ike/ike-constants.h) a certificate can vouch for here: Ipv4Addr,
// Fqdn, Rfc822Addr and DerAsn1Dn.

struct IdentityMatch
{
    bool ok = false;
    std::string reason; ///< "matches subjectAltName DNS:moon.lab.example" or why not
};

/// ID_IPV4_ADDR: 4 octets against iPAddress SANs; ID_FQDN: dNSName SANs, ASCII case
/// ignored; ID_RFC822_ADDR: rfc822Name SANs, case of the domain part ignored;
/// ID_DER_ASN1_DN: the subject (compared as X.509 names, RFC 5280 7.1). Never throws:
/// malformed identity data is a mismatch with a reason.
IdentityMatch MatchIdentity(const Certificate& certificate, IkeIdType type, ByteSpan data);

/// Identification Data for an identity written as text: "192.0.2.1", "moon.lab.example",
/// "carol@lab.example", "C=CH, O=Lab, CN=moon". PkiError when it does not parse.
Bytes IdentityData(IkeIdType type, std::string_view text);

} // namespace ipseclab

#endif
