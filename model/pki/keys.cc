#include "pki/keys.h"

#include "pki/pki-error.h"
#include "pki/pki-handles.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>

namespace ipseclab
{

namespace
{

struct KeyTypeName
{
    KeyType type;
    const char* name;
};

constexpr KeyTypeName kKeyTypeNames[] = {
    {KeyType::Rsa2048, "rsa2048"},
    {KeyType::EcdsaP256, "ecdsa-p256"},
    {KeyType::EcdsaP384, "ecdsa-p384"},
};

PkiPtr<BIO>
MemoryBio(const void* data, size_t size)
{
    PkiPtr<BIO> bio(BIO_new_mem_buf(data, static_cast<int>(size)));
    if (!bio)
    {
        ThrowPkiOpenSslError("BIO_new_mem_buf");
    }
    return bio;
}

std::string
BioToString(BIO* bio)
{
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(size));
}

// Never prompt for a pass phrase: encrypted keys are refused, not read from the terminal.
int
NoPassword(char*, int, int, void*)
{
    return -1;
}

} // namespace

std::string
ToString(KeyType type)
{
    for (const auto& entry : kKeyTypeNames)
    {
        if (entry.type == type)
        {
            return entry.name;
        }
    }
    return "unknown";
}

KeyType
KeyTypeFromString(std::string_view name)
{
    for (const auto& entry : kKeyTypeNames)
    {
        if (name == entry.name)
        {
            return entry.type;
        }
    }
    throw PkiError("unknown key type '" + std::string(name) +
                   "'; known: rsa2048, ecdsa-p256, ecdsa-p384");
}

namespace detail
{

KeyType
ClassifyKey(const EVP_PKEY* key)
{
    if (EVP_PKEY_is_a(key, "RSA"))
    {
        if (EVP_PKEY_get_bits(key) != 2048)
        {
            throw PkiError("RSA keys must have 2048 bits, this one has " +
                           std::to_string(EVP_PKEY_get_bits(key)));
        }
        return KeyType::Rsa2048;
    }
    if (EVP_PKEY_is_a(key, "EC"))
    {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(
                key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &length) != 1)
        {
            ThrowPkiOpenSslError("EC key without a named curve");
        }
        std::string name(group, length);
        if (name == "prime256v1" || name == "P-256")
        {
            return KeyType::EcdsaP256;
        }
        if (name == "secp384r1" || name == "P-384")
        {
            return KeyType::EcdsaP384;
        }
        throw PkiError("unsupported EC curve '" + name + "'; supported: P-256, P-384");
    }
    throw PkiError(std::string("unsupported key type '") + EVP_PKEY_get0_type_name(key) +
                   "'; supported: RSA-2048, ECDSA P-256/P-384");
}

std::shared_ptr<EVP_PKEY>
OwnKey(EVP_PKEY* key)
{
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

} // namespace detail

// ---- PublicKey ----

PublicKey::PublicKey(std::shared_ptr<EVP_PKEY> key, KeyType type)
    : m_key(std::move(key))
    , m_type(type)
{
}

PublicKey
PublicKey::FromDer(ByteSpan der)
{
    const unsigned char* p = der.data();
    EVP_PKEY* raw = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
    if (!raw)
    {
        ThrowPkiOpenSslError("public key: not a DER SubjectPublicKeyInfo");
    }
    auto key = detail::OwnKey(raw);
    if (p != der.data() + der.size())
    {
        throw PkiError("public key: trailing octets after the SubjectPublicKeyInfo");
    }
    return PublicKey(key, detail::ClassifyKey(raw));
}

PublicKey
PublicKey::FromPem(std::string_view pem)
{
    auto bio = MemoryBio(pem.data(), pem.size());
    EVP_PKEY* raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassword, nullptr);
    if (!raw)
    {
        ThrowPkiOpenSslError("public key: no PEM 'PUBLIC KEY' block");
    }
    auto key = detail::OwnKey(raw);
    return PublicKey(key, detail::ClassifyKey(raw));
}

PublicKey
PublicKey::FromEvp(EVP_PKEY* key)
{
    KeyType type = detail::ClassifyKey(key);
    if (EVP_PKEY_up_ref(key) != 1)
    {
        ThrowPkiOpenSslError("EVP_PKEY_up_ref");
    }
    return PublicKey(detail::OwnKey(key), type);
}

KeyType
PublicKey::GetType() const
{
    return m_type;
}

Bytes
PublicKey::ToDer() const
{
    int size = i2d_PUBKEY(m_key.get(), nullptr);
    if (size <= 0)
    {
        ThrowPkiOpenSslError("i2d_PUBKEY");
    }
    Bytes der(static_cast<size_t>(size));
    unsigned char* p = der.data();
    i2d_PUBKEY(m_key.get(), &p);
    return der;
}

std::string
PublicKey::ToPem() const
{
    PkiPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key.get()) != 1)
    {
        ThrowPkiOpenSslError("PEM_write_bio_PUBKEY");
    }
    return BioToString(bio.get());
}

EVP_PKEY*
PublicKey::Evp() const
{
    return m_key.get();
}

bool
PublicKey::operator==(const PublicKey& other) const
{
    return EVP_PKEY_eq(m_key.get(), other.m_key.get()) == 1;
}

bool
PublicKey::operator!=(const PublicKey& other) const
{
    return !(*this == other);
}

// ---- PrivateKey ----

PrivateKey::PrivateKey(std::shared_ptr<EVP_PKEY> key, KeyType type)
    : m_key(std::move(key))
    , m_type(type)
{
}

PrivateKey
PrivateKey::Generate(KeyType type, RandomSource& rng)
{
    EVP_PKEY* raw = type == KeyType::Rsa2048 ? detail::GenerateRsaKey(rng)
                                             : detail::GenerateEcdsaKey(type, rng);
    return PrivateKey(detail::OwnKey(raw), type);
}

PrivateKey
PrivateKey::FromDer(ByteSpan der)
{
    const unsigned char* p = der.data();
    EVP_PKEY* raw = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()));
    if (!raw)
    {
        ThrowPkiOpenSslError("private key: not DER PKCS#8, RSA or EC private key");
    }
    auto key = detail::OwnKey(raw);
    return PrivateKey(key, detail::ClassifyKey(raw));
}

PrivateKey
PrivateKey::FromPem(std::string_view pem)
{
    auto bio = MemoryBio(pem.data(), pem.size());
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassword, nullptr);
    if (!raw)
    {
        ThrowPkiOpenSslError("private key: no unencrypted PEM private key");
    }
    auto key = detail::OwnKey(raw);
    return PrivateKey(key, detail::ClassifyKey(raw));
}

KeyType
PrivateKey::GetType() const
{
    return m_type;
}

PublicKey
PrivateKey::GetPublicKey() const
{
    // Through the SubjectPublicKeyInfo: the result holds no private material.
    int size = i2d_PUBKEY(m_key.get(), nullptr);
    if (size <= 0)
    {
        ThrowPkiOpenSslError("i2d_PUBKEY");
    }
    Bytes der(static_cast<size_t>(size));
    unsigned char* p = der.data();
    i2d_PUBKEY(m_key.get(), &p);
    return PublicKey::FromDer(der);
}

Bytes
PrivateKey::ToDer() const
{
    PkiPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        i2d_PKCS8PrivateKey_bio(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    {
        ThrowPkiOpenSslError("i2d_PKCS8PrivateKey_bio");
    }
    std::string der = BioToString(bio.get());
    return Bytes(der.begin(), der.end());
}

std::string
PrivateKey::ToPem() const
{
    PkiPtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(
                    bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    {
        ThrowPkiOpenSslError("PEM_write_bio_PrivateKey");
    }
    return BioToString(bio.get());
}

EVP_PKEY*
PrivateKey::Evp() const
{
    return m_key.get();
}

} // namespace ipseclab
