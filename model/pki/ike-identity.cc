#include "pki/ike-identity.h"

#include "pki/distinguished-name.h"
#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <algorithm>
#include <cctype>
#include <openssl/err.h>

namespace ipseclab
{

namespace
{

std::string
Lower(std::string text)
{
    std::transform(text.begin(),
                   text.end(),
                   text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Local part exact (RFC 5321 2.4 lets it be case-sensitive), domain without case.
bool
SameEmail(const std::string& a, const std::string& b)
{
    size_t atA = a.rfind('@');
    size_t atB = b.rfind('@');
    if (atA == std::string::npos || atB == std::string::npos)
    {
        return a == b;
    }
    return a.compare(0, atA, b, 0, atB) == 0 && atA == atB &&
           Lower(a.substr(atA)) == Lower(b.substr(atB));
}

IdentityMatch
MatchSan(const Certificate& certificate, SubjectAltName::Type type, const std::string& wanted,
         const std::string& what)
{
    for (const auto& san : certificate.GetSubjectAltNames())
    {
        if (san.type != type)
        {
            continue;
        }
        bool same = type == SubjectAltName::Type::Email  ? SameEmail(san.value, wanted)
                    : type == SubjectAltName::Type::Fqdn ? Lower(san.value) == Lower(wanted)
                                                         : san.value == wanted;
        if (same)
        {
            return {true, "matches subjectAltName " + ToString(san)};
        }
    }
    return {false,
            what + " '" + wanted + "' is not among the subjectAltNames of '" +
                certificate.GetSubjectDn() + "'"};
}

} // namespace

IdentityMatch
MatchIdentity(const Certificate& certificate, IkeIdType type, ByteSpan data)
{
    switch (type)
    {
    case IkeIdType::Ipv4Addr:
    {
        if (data.size() != 4)
        {
            return {false, "ID_IPV4_ADDR of " + std::to_string(data.size()) + " octets"};
        }
        std::string address = std::to_string(data[0]) + "." + std::to_string(data[1]) + "." +
                              std::to_string(data[2]) + "." + std::to_string(data[3]);
        return MatchSan(certificate, SubjectAltName::Type::Ipv4Address, address, "ID_IPV4_ADDR");
    }
    case IkeIdType::Fqdn:
        return MatchSan(certificate,
                        SubjectAltName::Type::Fqdn,
                        std::string(data.begin(), data.end()),
                        "ID_FQDN");
    case IkeIdType::Rfc822Addr:
        return MatchSan(certificate,
                        SubjectAltName::Type::Email,
                        std::string(data.begin(), data.end()),
                        "ID_RFC822_ADDR");
    case IkeIdType::DerAsn1Dn:
    {
        const unsigned char* p = data.data();
        PkiPtr<X509_NAME> name(d2i_X509_NAME(nullptr, &p, static_cast<long>(data.size())));
        ERR_clear_error();
        if (!name || p != data.data() + data.size())
        {
            return {false, "ID_DER_ASN1_DN is not a DER distinguished name"};
        }
        std::string claimed = detail::FormatDn(name.get());
        // X509_NAME_cmp compares the canonical encodings (case and spaces folded).
        if (X509_NAME_cmp(name.get(), X509_get_subject_name(certificate.Native())) == 0)
        {
            return {true, "matches subject '" + certificate.GetSubjectDn() + "'"};
        }
        return {false,
                "ID_DER_ASN1_DN '" + claimed + "' is not the subject '" +
                    certificate.GetSubjectDn() + "'"};
    }
    default:
        break; // not one handled here
    }
    return {false,
            "ID type " + std::to_string(static_cast<int>(type)) +
                " cannot be checked against a certificate"};
}

Bytes
IdentityData(IkeIdType type, std::string_view text)
{
    switch (type)
    {
    case IkeIdType::Ipv4Addr:
        return ParseIpv4(text);
    case IkeIdType::Fqdn:
    case IkeIdType::Rfc822Addr:
        if (text.empty())
        {
            throw PkiError("empty identity");
        }
        return Bytes(text.begin(), text.end());
    case IkeIdType::DerAsn1Dn:
        return DnToDer(text);
    default:
        break; // not one handled here
    }
    throw PkiError("unsupported ID type " + std::to_string(static_cast<int>(type)));
}

} // namespace ipseclab
