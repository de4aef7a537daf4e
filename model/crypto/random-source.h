// Sources of random octets. The core never reads OS randomness: the simulation feeds
// it from ns-3 random streams, tests from fixed bytes or a seeded generator.
#ifndef IPSECLAB_CRYPTO_RANDOM_SOURCE_H
#define IPSECLAB_CRYPTO_RANDOM_SOURCE_H

#include "crypto/crypto-common.h"

#include <functional>

namespace ipseclab
{

class RandomSource
{
  public:
    virtual ~RandomSource() = default;
    virtual void Fill(uint8_t* out, size_t length) = 0;
    Bytes Get(size_t length);
};

/// Hands out the given octets in order; CryptoError once they run out
/// (a test with a known IV or private key gets a known packet).
class FixedRandomSource : public RandomSource
{
  public:
    explicit FixedRandomSource(Bytes data);
    void Fill(uint8_t* out, size_t length) override;
    size_t Remaining() const;

  private:
    Bytes m_data;
    size_t m_offset = 0;
};

/// Octets from a generator of 32-bit words (an ns-3 RandomVariableStream, for instance).
/// Byte order is defined: each word gives 4 octets, most significant first (big-endian),
/// and the source is a stream: octets left over from one Fill start the next, so the
/// output does not depend on how callers split their requests.
class FunctionRandomSource : public RandomSource
{
  public:
    explicit FunctionRandomSource(std::function<uint32_t()> next);
    void Fill(uint8_t* out, size_t length) override;

  private:
    std::function<uint32_t()> m_next;
    uint8_t m_word[4] = {};
    size_t m_used = 4; // octets of m_word already handed out
};

/// Deterministic generator for tests and tools: block i = SHA-256(seed | i as 8 octets
/// big-endian), i = 0, 1, ... concatenated (a stream, like FunctionRandomSource).
class SeededRandomSource : public RandomSource
{
  public:
    explicit SeededRandomSource(uint64_t seed);
    explicit SeededRandomSource(ByteSpan seed);
    void Fill(uint8_t* out, size_t length) override;

  private:
    void NextBlock();
    Bytes m_seed;
    uint64_t m_counter = 0;
    uint8_t m_block[32] = {};
    size_t m_used = 32;
};

} // namespace ipseclab

#endif
