#include "pki/certificate-builder.h"

#include "pki/distinguished-name.h"
#include "pki/pki-error.h"
#include "pki/pki-handles.h"
#include "pki/signature.h"

namespace ipseclab::detail
{

namespace
{

// DER tag | length | content (definite length, long form above 127 octets).
Bytes
Tlv(uint8_t tag, ByteSpan content)
{
    Bytes out{tag};
    size_t length = content.size();
    if (length < 0x80)
    {
        out.push_back(static_cast<uint8_t>(length));
    }
    else
    {
        Bytes octets;
        for (size_t l = length; l > 0; l >>= 8)
        {
            octets.insert(octets.begin(), static_cast<uint8_t>(l & 0xff));
        }
        out.push_back(static_cast<uint8_t>(0x80 | octets.size()));
        out.insert(out.end(), octets.begin(), octets.end());
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

void
CheckIa5(const SubjectAltName& san)
{
    if (san.value.empty())
    {
        throw PkiError("subjectAltName " + ToString(san) + ": empty value");
    }
    for (char c : san.value)
    {
        if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
        {
            throw PkiError("subjectAltName " + ToString(san) +
                           ": only printable ASCII without spaces is allowed");
        }
    }
    if (san.type == SubjectAltName::Type::Email && san.value.find('@') == std::string::npos)
    {
        throw PkiError("subjectAltName " + ToString(san) + ": an email address needs '@'");
    }
}

// Checks first, allocates after: a rejected name leaks nothing.
GENERAL_NAME*
MakeGeneralName(const SubjectAltName& san)
{
    Bytes octets;
    int type = GEN_IPADD;
    if (san.type == SubjectAltName::Type::Ipv4Address)
    {
        octets = ParseIpv4(san.value);
    }
    else
    {
        CheckIa5(san);
        octets.assign(san.value.begin(), san.value.end());
        type = san.type == SubjectAltName::Type::Fqdn ? GEN_DNS : GEN_EMAIL;
    }
    // iPAddress is an OCTET STRING, dNSName and rfc822Name are IA5Strings.
    PkiPtr<ASN1_STRING> value(type == GEN_IPADD ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new());
    PkiPtr<GENERAL_NAME> name(GENERAL_NAME_new());
    if (!value || !name ||
        ASN1_STRING_set(value.get(), octets.data(), static_cast<int>(octets.size())) != 1)
    {
        ThrowPkiOpenSslError("subjectAltName " + ToString(san));
    }
    GENERAL_NAME_set0_value(name.get(), type, value.release());
    return name.release();
}

void
AddExtensions(X509* cert, const X509* issuer, const CertificateTemplate& spec)
{
    PkiPtr<BASIC_CONSTRAINTS> constraints(BASIC_CONSTRAINTS_new());
    if (!constraints)
    {
        ThrowPkiOpenSslError("BASIC_CONSTRAINTS_new");
    }
    constraints->ca = spec.isCa ? 0xff : 0;
    if (spec.isCa && spec.pathLength >= 0)
    {
        constraints->pathlen = ASN1_INTEGER_new();
        if (!constraints->pathlen || ASN1_INTEGER_set(constraints->pathlen, spec.pathLength) != 1)
        {
            ThrowPkiOpenSslError("pathLenConstraint");
        }
    }
    if (X509_add1_ext_i2d(cert, NID_basic_constraints, constraints.get(), 1, X509V3_ADD_DEFAULT) !=
        1)
    {
        ThrowPkiOpenSslError("basicConstraints");
    }

    // keyUsage bits (RFC 5280 4.2.1.3): digitalSignature(0), keyCertSign(5), cRLSign(6).
    PkiPtr<ASN1_BIT_STRING> usage(ASN1_BIT_STRING_new());
    bool usageOk = usage != nullptr;
    if (spec.isCa)
    {
        usageOk = usageOk && ASN1_BIT_STRING_set_bit(usage.get(), 5, 1) == 1 &&
                  ASN1_BIT_STRING_set_bit(usage.get(), 6, 1) == 1;
    }
    else
    {
        usageOk = usageOk && ASN1_BIT_STRING_set_bit(usage.get(), 0, 1) == 1;
    }
    if (!usageOk || X509_add1_ext_i2d(cert, NID_key_usage, usage.get(), 1, X509V3_ADD_DEFAULT) != 1)
    {
        ThrowPkiOpenSslError("keyUsage");
    }

    if (!spec.sans.empty())
    {
        PkiPtr<GENERAL_NAMES> names(sk_GENERAL_NAME_new_null());
        if (!names)
        {
            ThrowPkiOpenSslError("GENERAL_NAMES");
        }
        for (const auto& san : spec.sans)
        {
            GENERAL_NAME* name = MakeGeneralName(san);
            if (sk_GENERAL_NAME_push(names.get(), name) <= 0)
            {
                GENERAL_NAME_free(name);
                ThrowPkiOpenSslError("subjectAltName");
            }
        }
        if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        {
            ThrowPkiOpenSslError("subjectAltName");
        }
    }

    // Key identifiers: SHA-1 of the public key (RFC 5280 4.2.1.2 method 1), deterministic.
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, const_cast<X509*>(issuer ? issuer : cert), cert, nullptr, nullptr, 0);
    PkiPtr<X509_EXTENSION> ski(
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_key_identifier, "hash"));
    if (!ski || X509_add_ext(cert, ski.get(), -1) != 1)
    {
        ThrowPkiOpenSslError("subjectKeyIdentifier");
    }
    if (issuer)
    {
        PkiPtr<X509_EXTENSION> aki(
            X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
        if (!aki || X509_add_ext(cert, aki.get(), -1) != 1)
        {
            ThrowPkiOpenSslError("authorityKeyIdentifier");
        }
    }
}

} // namespace

Certificate
BuildCertificate(const CertificateTemplate& spec, const PrivateKey& issuerKey,
                 const Certificate* issuer)
{
    if (spec.serial == 0)
    {
        throw PkiError("certificate serial must be at least 1 (RFC 5280 4.1.2.2)");
    }
    if (spec.validity.notAfter <= spec.validity.notBefore)
    {
        throw PkiError("certificate validity: notAfter (" + std::to_string(spec.validity.notAfter) +
                       ") must follow notBefore (" + std::to_string(spec.validity.notBefore) + ")");
    }
    PkiPtr<X509_NAME> subject(ParseDn(spec.subjectDn));
    PkiPtr<X509> cert(X509_new());
    PkiPtr<ASN1_INTEGER> serial(ASN1_INTEGER_new());
    PkiPtr<ASN1_TIME> notBefore(
        ASN1_TIME_set(nullptr, static_cast<time_t>(spec.validity.notBefore)));
    PkiPtr<ASN1_TIME> notAfter(ASN1_TIME_set(nullptr, static_cast<time_t>(spec.validity.notAfter)));
    if (!cert || !serial || !notBefore || !notAfter || X509_set_version(cert.get(), 2) != 1 ||
        ASN1_INTEGER_set_uint64(serial.get(), spec.serial) != 1 ||
        X509_set_serialNumber(cert.get(), serial.get()) != 1 ||
        X509_set_subject_name(cert.get(), subject.get()) != 1 ||
        X509_set_issuer_name(
            cert.get(), issuer ? X509_get_subject_name(issuer->Native()) : subject.get()) != 1 ||
        X509_set1_notBefore(cert.get(), notBefore.get()) != 1 ||
        X509_set1_notAfter(cert.get(), notAfter.get()) != 1 ||
        X509_set_pubkey(cert.get(), spec.subjectKey->Evp()) != 1)
    {
        ThrowPkiOpenSslError("certificate fields");
    }
    AddExtensions(cert.get(), issuer ? issuer->Native() : nullptr, spec);

    // X509_sign fills in both signature AlgorithmIdentifiers (tbs and outer). Its ECDSA
    // signature uses OpenSSL's DRBG, so the signature is then made again deterministically
    // and the Certificate SEQUENCE assembled by hand: { tbsCertificate, algorithm, BIT STRING }.
    if (X509_sign(cert.get(), issuerKey.Evp(), EVP_sha256()) <= 0)
    {
        ThrowPkiOpenSslError("X509_sign");
    }
    int tbsSize = i2d_re_X509_tbs(cert.get(), nullptr);
    if (tbsSize <= 0)
    {
        ThrowPkiOpenSslError("i2d_re_X509_tbs");
    }
    Bytes tbs(static_cast<size_t>(tbsSize));
    unsigned char* p = tbs.data();
    i2d_re_X509_tbs(cert.get(), &p);

    const ASN1_BIT_STRING* unused = nullptr;
    const X509_ALGOR* algorithm = nullptr;
    X509_get0_signature(&unused, &algorithm, cert.get());
    int algSize = i2d_X509_ALGOR(algorithm, nullptr);
    if (algSize <= 0)
    {
        ThrowPkiOpenSslError("i2d_X509_ALGOR");
    }
    Bytes algDer(static_cast<size_t>(algSize));
    p = algDer.data();
    i2d_X509_ALGOR(algorithm, &p);

    // The ECDSA nonce stream is seeded with the CA's private key and the tbsCertificate
    // (the idea of RFC 6979): same CA and same content, same certificate; a different
    // content never reuses a nonce. RSA (PKCS#1 v1.5) does not draw from it.
    Bytes seed = Concat({issuerKey.ToDer(), tbs});
    SeededRandomSource nonces(seed);
    OPENSSL_cleanse(seed.data(), seed.size());
    Bytes signature = SignData(issuerKey, HashAlgorithm::Sha256, tbs, nonces);

    Bytes bitString{0x00}; // no unused bits
    bitString.insert(bitString.end(), signature.begin(), signature.end());
    Bytes body = Concat({tbs, algDer, Tlv(0x03, bitString)});
    return Certificate::FromDer(Tlv(0x30, body));
}

} // namespace ipseclab::detail
