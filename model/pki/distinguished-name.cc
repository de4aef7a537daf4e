#include "pki/distinguished-name.h"

#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <cctype>
#include <vector>

namespace ipseclab
{

namespace
{

std::string
Trim(const std::string& text)
{
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])))
    {
        ++begin;
    }
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])))
    {
        --end;
    }
    return text.substr(begin, end - begin);
}

// Splits at unescaped ',' and '/', removing the escapes.
std::vector<std::string>
SplitRdns(std::string_view dn)
{
    std::vector<std::string> parts(1);
    for (size_t i = 0; i < dn.size(); ++i)
    {
        char c = dn[i];
        if (c == '\\')
        {
            if (i + 1 == dn.size())
            {
                throw PkiError("DN '" + std::string(dn) + "': '\\' at the end escapes nothing");
            }
            parts.back() += dn[++i];
        }
        else if (c == ',' || c == '/')
        {
            parts.emplace_back();
        }
        else
        {
            parts.back() += c;
        }
    }
    // A leading '/' (OpenSSL's "/C=CH/O=Lab") gives an empty first part.
    if (!parts.empty() && Trim(parts.front()).empty() && !dn.empty() && dn.front() == '/')
    {
        parts.erase(parts.begin());
    }
    return parts;
}

} // namespace

namespace detail
{

X509_NAME*
ParseDn(std::string_view dn)
{
    PkiPtr<X509_NAME> name(X509_NAME_new());
    if (!name)
    {
        ThrowPkiOpenSslError("X509_NAME_new");
    }
    for (const auto& part : SplitRdns(dn))
    {
        size_t eq = part.find('=');
        if (eq == std::string::npos)
        {
            throw PkiError("DN '" + std::string(dn) + "': '" + Trim(part) +
                           "' is not attribute=value");
        }
        std::string attribute = Trim(part.substr(0, eq));
        std::string value = Trim(part.substr(eq + 1));
        if (attribute.empty() || value.empty())
        {
            throw PkiError("DN '" + std::string(dn) + "': empty attribute name or value in '" +
                           Trim(part) + "'");
        }
        if (X509_NAME_add_entry_by_txt(name.get(),
                                       attribute.c_str(),
                                       MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.data()),
                                       static_cast<int>(value.size()),
                                       -1,
                                       0) != 1)
        {
            ThrowPkiOpenSslError("DN '" + std::string(dn) + "': attribute '" + attribute +
                                 "' rejected");
        }
    }
    if (X509_NAME_entry_count(name.get()) == 0)
    {
        throw PkiError("DN is empty");
    }
    return name.release();
}

std::string
FormatDn(const X509_NAME* name)
{
    PkiPtr<BIO> bio(BIO_new(BIO_s_mem()));
    // "C=CH, O=Lab, CN=moon": short names, ", " between RDNs, RFC 2253 escaping of values
    // but UTF-8 kept as is.
    unsigned long flags = XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | ASN1_STRFLGS_RFC2253;
    flags &= ~static_cast<unsigned long>(ASN1_STRFLGS_ESC_MSB);
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, flags) < 0)
    {
        ThrowPkiOpenSslError("X509_NAME_print_ex");
    }
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
}

Bytes
NameToDer(const X509_NAME* name)
{
    const unsigned char* der = nullptr;
    size_t size = 0;
    if (X509_NAME_get0_der(const_cast<X509_NAME*>(name), &der, &size) != 1)
    {
        ThrowPkiOpenSslError("X509_NAME_get0_der");
    }
    return Bytes(der, der + size);
}

} // namespace detail

Bytes
DnToDer(std::string_view dn)
{
    PkiPtr<X509_NAME> name(detail::ParseDn(dn));
    return detail::NameToDer(name.get());
}

std::string
DnFromDer(ByteSpan der)
{
    const unsigned char* p = der.data();
    PkiPtr<X509_NAME> name(d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size())));
    if (!name || p != der.data() + der.size())
    {
        ThrowPkiOpenSslError("not a DER distinguished name");
    }
    return detail::FormatDn(name.get());
}

} // namespace ipseclab
