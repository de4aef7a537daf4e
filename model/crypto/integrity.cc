#include "crypto/integrity.h"

#include <cstring>
#include <openssl/core_names.h>
#include <openssl/params.h>

namespace ipseclab
{

Integrity::Integrity(std::string_view name, ByteSpan key)
    : Integrity(FindIntegrity(name), key)
{
}

Integrity::Integrity(const IntegrityAlgorithm& algorithm, ByteSpan key)
    : m_algorithm(&algorithm)
{
    CheckSize(std::string(algorithm.name) + " integrity key", algorithm.keySize, key.size());
    OsslPtr<EVP_MAC> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac)
    {
        ThrowOpenSslError("OpenSSL has no HMAC");
    }
    m_ctx.reset(EVP_MAC_CTX_new(mac.get()));
    std::string digest(algorithm.digest);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
        OSSL_PARAM_construct_end()};
    if (!m_ctx || EVP_MAC_init(m_ctx.get(), key.data(), key.size(), params) != 1)
    {
        ThrowOpenSslError("HMAC set-up failed");
    }
}

size_t
Integrity::Hmac(ByteParts parts, uint8_t* full)
{
    // A NULL key re-initialises the HMAC with the key given at construction.
    if (EVP_MAC_init(m_ctx.get(), nullptr, 0, nullptr) != 1)
    {
        ThrowOpenSslError("HMAC reset failed");
    }
    for (auto part : parts)
    {
        if (!part.empty() && EVP_MAC_update(m_ctx.get(), part.data(), part.size()) != 1)
        {
            ThrowOpenSslError("HMAC update failed");
        }
    }
    size_t len = 0;
    if (EVP_MAC_final(m_ctx.get(), full, &len, EVP_MAX_MD_SIZE) != 1)
    {
        ThrowOpenSslError("HMAC final failed");
    }
    return len;
}

void
Integrity::Compute(ByteParts parts, uint8_t* icv)
{
    uint8_t full[EVP_MAX_MD_SIZE];
    Hmac(parts, full);
    std::memcpy(icv, full, IcvSize());
}

Bytes
Integrity::Compute(ByteParts parts)
{
    Bytes icv(IcvSize());
    Compute(parts, icv.data());
    return icv;
}

bool
Integrity::Verify(ByteParts parts, ByteSpan icv)
{
    uint8_t full[EVP_MAX_MD_SIZE];
    Hmac(parts, full);
    return ConstantTimeEqual(ByteSpan(full, IcvSize()), icv);
}

Bytes
Integrity::ComputeFull(ByteParts parts)
{
    uint8_t full[EVP_MAX_MD_SIZE];
    size_t len = Hmac(parts, full);
    return Bytes(full, full + len);
}

} // namespace ipseclab
