#include "pki/certificate.h"

#include "pki/distinguished-name.h"
#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <arpa/inet.h>
#include <openssl/pem.h>

namespace ipseclab
{

namespace
{

int64_t
ToEpochSeconds(const ASN1_TIME* time)
{
    PkiPtr<ASN1_TIME> epoch(ASN1_TIME_set(nullptr, 0));
    int days = 0;
    int seconds = 0;
    if (!epoch || ASN1_TIME_diff(&days, &seconds, epoch.get(), time) != 1)
    {
        ThrowPkiOpenSslError("certificate time");
    }
    return static_cast<int64_t>(days) * 86400 + seconds;
}

std::string
Asn1String(const ASN1_STRING* text)
{
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                       static_cast<size_t>(ASN1_STRING_length(text)));
}

} // namespace

SubjectAltName
SubjectAltName::Ipv4(std::string address)
{
    ParseIpv4(address); // refuse bad addresses where they are written
    return {Type::Ipv4Address, std::move(address)};
}

SubjectAltName
SubjectAltName::Dns(std::string fqdn)
{
    return {Type::Fqdn, std::move(fqdn)};
}

SubjectAltName
SubjectAltName::Email(std::string address)
{
    return {Type::Email, std::move(address)};
}

bool
SubjectAltName::operator==(const SubjectAltName& other) const
{
    return type == other.type && value == other.value;
}

std::string
ToString(const SubjectAltName& san)
{
    switch (san.type)
    {
    case SubjectAltName::Type::Ipv4Address:
        return "IP:" + san.value;
    case SubjectAltName::Type::Fqdn:
        return "DNS:" + san.value;
    case SubjectAltName::Type::Email:
        return "email:" + san.value;
    }
    return "unknown:" + san.value;
}

Bytes
ParseIpv4(std::string_view address)
{
    std::string text(address);
    Bytes out(4);
    if (inet_pton(AF_INET, text.c_str(), out.data()) != 1)
    {
        throw PkiError("'" + text + "' is not an IPv4 address");
    }
    return out;
}

Certificate::Certificate(std::shared_ptr<X509> cert, Bytes der)
    : m_cert(std::move(cert))
    , m_der(std::move(der))
{
}

Certificate
Certificate::FromDer(ByteSpan der)
{
    const unsigned char* p = der.data();
    X509* raw = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    if (!raw)
    {
        ThrowPkiOpenSslError("certificate: not a DER X.509 certificate");
    }
    std::shared_ptr<X509> cert(raw, X509_free);
    if (p != der.data() + der.size())
    {
        throw PkiError("certificate: " + std::to_string(der.data() + der.size() - p) +
                       " trailing octets after the DER certificate");
    }
    return Certificate(cert, Bytes(der.begin(), der.end()));
}

Certificate
Certificate::FromPem(std::string_view pem)
{
    PkiPtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
    {
        ThrowPkiOpenSslError("BIO_new_mem_buf");
    }
    PkiPtr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
    {
        ThrowPkiOpenSslError("certificate: no PEM 'CERTIFICATE' block");
    }
    int size = i2d_X509(cert.get(), nullptr);
    if (size <= 0)
    {
        ThrowPkiOpenSslError("i2d_X509");
    }
    Bytes der(static_cast<size_t>(size));
    unsigned char* p = der.data();
    i2d_X509(cert.get(), &p);
    return FromDer(der);
}

const Bytes&
Certificate::GetDer() const
{
    return m_der;
}

std::string
Certificate::ToPem() const
{
    PkiPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), m_cert.get()) != 1)
    {
        ThrowPkiOpenSslError("PEM_write_bio_X509");
    }
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
}

std::string
Certificate::GetSubjectDn() const
{
    return detail::FormatDn(X509_get_subject_name(m_cert.get()));
}

std::string
Certificate::GetIssuerDn() const
{
    return detail::FormatDn(X509_get_issuer_name(m_cert.get()));
}

Bytes
Certificate::GetSubjectDer() const
{
    return detail::NameToDer(X509_get_subject_name(m_cert.get()));
}

std::vector<SubjectAltName>
Certificate::GetSubjectAltNames() const
{
    std::vector<SubjectAltName> result;
    PkiPtr<GENERAL_NAMES> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(m_cert.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (!names)
    {
        return result;
    }
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i)
    {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        int type = 0;
        const void* value = GENERAL_NAME_get0_value(name, &type);
        const auto* text = static_cast<const ASN1_STRING*>(value);
        if (type == GEN_DNS)
        {
            result.push_back({SubjectAltName::Type::Fqdn, Asn1String(text)});
        }
        else if (type == GEN_EMAIL)
        {
            result.push_back({SubjectAltName::Type::Email, Asn1String(text)});
        }
        else if (type == GEN_IPADD && ASN1_STRING_length(text) == 4)
        {
            char buffer[INET_ADDRSTRLEN] = {};
            inet_ntop(AF_INET, ASN1_STRING_get0_data(text), buffer, sizeof(buffer));
            result.push_back({SubjectAltName::Type::Ipv4Address, buffer});
        }
    }
    return result;
}

PublicKey
Certificate::GetPublicKey() const
{
    EVP_PKEY* key = X509_get0_pubkey(m_cert.get());
    if (!key)
    {
        ThrowPkiOpenSslError("certificate public key");
    }
    return PublicKey::FromEvp(key);
}

uint64_t
Certificate::GetSerial() const
{
    uint64_t serial = 0;
    if (ASN1_INTEGER_get_uint64(&serial, X509_get0_serialNumber(m_cert.get())) != 1)
    {
        ThrowPkiOpenSslError("certificate serial does not fit 64 bits");
    }
    return serial;
}

int64_t
Certificate::GetNotBefore() const
{
    return ToEpochSeconds(X509_get0_notBefore(m_cert.get()));
}

int64_t
Certificate::GetNotAfter() const
{
    return ToEpochSeconds(X509_get0_notAfter(m_cert.get()));
}

bool
Certificate::IsCa() const
{
    return X509_check_ca(m_cert.get()) != 0;
}

X509*
Certificate::Native() const
{
    return m_cert.get();
}

bool
Certificate::operator==(const Certificate& other) const
{
    return m_der == other.m_der;
}

} // namespace ipseclab
