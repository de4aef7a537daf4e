#include "crypto/prf.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

namespace ipseclab
{

Prf::Prf(std::string_view name)
    : Prf(FindPrf(name))
{
}

Prf::Prf(const PrfAlgorithm& algorithm)
    : m_algorithm(&algorithm)
    , m_mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr))
{
    if (!m_mac)
    {
        ThrowOpenSslError("OpenSSL has no HMAC");
    }
}

Bytes
Prf::Compute(ByteSpan key, ByteParts data) const
{
    OsslPtr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(m_mac.get()));
    std::string digest(m_algorithm->digest);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
        OSSL_PARAM_construct_end()};
    // HMAC accepts an empty key, but OpenSSL wants a non-NULL pointer for it.
    static const uint8_t kEmpty[1] = {0};
    const uint8_t* keyData = key.empty() ? kEmpty : key.data();
    if (!ctx || EVP_MAC_init(ctx.get(), keyData, key.size(), params) != 1)
    {
        ThrowOpenSslError(std::string(m_algorithm->name) + " set-up failed");
    }
    for (auto part : data)
    {
        if (!part.empty() && EVP_MAC_update(ctx.get(), part.data(), part.size()) != 1)
        {
            ThrowOpenSslError(std::string(m_algorithm->name) + " update failed");
        }
    }
    Bytes out(EVP_MAX_MD_SIZE);
    size_t len = 0;
    if (EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1)
    {
        ThrowOpenSslError(std::string(m_algorithm->name) + " final failed");
    }
    out.resize(len);
    return out;
}

Bytes
PrfPlus(const Prf& prf, ByteSpan key, ByteSpan seed, size_t length)
{
    size_t blocks = (length + prf.OutputSize() - 1) / prf.OutputSize();
    if (blocks > 255)
    {
        throw CryptoError("prf+: " + std::to_string(length) + " octets need " +
                          std::to_string(blocks) + " blocks, more than the 255 RFC 7296 allows");
    }
    Bytes out;
    out.reserve(blocks * prf.OutputSize());
    Bytes t;
    for (size_t n = 1; n <= blocks; ++n)
    {
        uint8_t counter = static_cast<uint8_t>(n);
        t = prf.Compute(key, {t, seed, ByteSpan(&counter, 1)});
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(length);
    return out;
}

} // namespace ipseclab
