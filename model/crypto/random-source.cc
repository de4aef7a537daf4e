#include "crypto/random-source.h"

#include <cstring>
#include <openssl/evp.h>

namespace ipseclab
{

Bytes
RandomSource::Get(size_t length)
{
    Bytes out(length);
    if (length > 0)
    {
        Fill(out.data(), length);
    }
    return out;
}

FixedRandomSource::FixedRandomSource(Bytes data)
    : m_data(std::move(data))
{
}

void
FixedRandomSource::Fill(uint8_t* out, size_t length)
{
    if (length > Remaining())
    {
        throw CryptoError("FixedRandomSource exhausted: asked for " + std::to_string(length) +
                          " octets, " + std::to_string(Remaining()) + " left");
    }
    if (length > 0)
    {
        std::memcpy(out, m_data.data() + m_offset, length);
    }
    m_offset += length;
}

size_t
FixedRandomSource::Remaining() const
{
    return m_data.size() - m_offset;
}

FunctionRandomSource::FunctionRandomSource(std::function<uint32_t()> next)
    : m_next(std::move(next))
{
    if (!m_next)
    {
        throw CryptoError("FunctionRandomSource needs a generator function");
    }
}

void
FunctionRandomSource::Fill(uint8_t* out, size_t length)
{
    for (size_t i = 0; i < length; ++i)
    {
        if (m_used == 4)
        {
            uint32_t w = m_next();
            m_word[0] = static_cast<uint8_t>(w >> 24);
            m_word[1] = static_cast<uint8_t>(w >> 16);
            m_word[2] = static_cast<uint8_t>(w >> 8);
            m_word[3] = static_cast<uint8_t>(w);
            m_used = 0;
        }
        out[i] = m_word[m_used++];
    }
}

SeededRandomSource::SeededRandomSource(uint64_t seed)
{
    for (int shift = 56; shift >= 0; shift -= 8)
    {
        m_seed.push_back(static_cast<uint8_t>(seed >> shift));
    }
}

SeededRandomSource::SeededRandomSource(ByteSpan seed)
    : m_seed(seed.begin(), seed.end())
{
}

void
SeededRandomSource::NextBlock()
{
    uint8_t counter[8];
    for (int i = 0; i < 8; ++i)
    {
        counter[i] = static_cast<uint8_t>(m_counter >> (56 - 8 * i));
    }
    ++m_counter;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned int len = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
              EVP_DigestUpdate(ctx, m_seed.data(), m_seed.size()) == 1 &&
              EVP_DigestUpdate(ctx, counter, sizeof(counter)) == 1 &&
              EVP_DigestFinal_ex(ctx, m_block, &len) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok)
    {
        ThrowOpenSslError("SeededRandomSource: SHA-256 failed");
    }
    m_used = 0;
}

void
SeededRandomSource::Fill(uint8_t* out, size_t length)
{
    for (size_t i = 0; i < length; ++i)
    {
        if (m_used == sizeof(m_block))
        {
            NextBlock();
        }
        out[i] = m_block[m_used++];
    }
}

} // namespace ipseclab
