// Distinguished names written as strongSwan and teachers write them: "C=CH, O=Lab, CN=moon".
#ifndef IPSECLAB_PKI_DISTINGUISHED_NAME_H
#define IPSECLAB_PKI_DISTINGUISHED_NAME_H

#include "crypto/crypto-common.h"

#include <string>
#include <string_view>

typedef struct X509_name_st X509_NAME;

namespace ipseclab
{

/// "C=CH, O=Lab, CN=moon" (',' or '/' between attributes, '\' escapes the next character,
/// spaces around names and values ignored) as a DER Name, attributes in the order written.
/// PkiError for empty names, missing '=', empty values or attribute names OpenSSL does not know.
Bytes DnToDer(std::string_view dn);
/// The DER Name back as "C=CH, O=Lab, CN=moon". PkiError when der is not a Name.
std::string DnFromDer(ByteSpan der);

namespace detail
{
/// Caller owns the result (X509_NAME_free).
X509_NAME* ParseDn(std::string_view dn);
std::string FormatDn(const X509_NAME* name);
Bytes NameToDer(const X509_NAME* name);
} // namespace detail

} // namespace ipseclab

#endif
