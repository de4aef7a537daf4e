#include "crypto/random-source.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

TEST(RandomSource, FixedHandsOutBytesThenThrows)
{
    FixedRandomSource rng(H("0102030405"));
    EXPECT_EQ(rng.Get(2), H("0102"));
    EXPECT_EQ(rng.Get(3), H("030405"));
    EXPECT_EQ(rng.Remaining(), 0u);
    ExpectCryptoError([&] { rng.Get(1); }, {"exhausted", "1 octets", "0 left"});
}

TEST(RandomSource, FunctionIsBigEndianStream)
{
    uint32_t next = 0x01020304;
    FunctionRandomSource rng(
        [&]
        {
            uint32_t v = next;
            next += 0x04040404;
            return v;
        });
    // Leftover octets carry over: 3 + 3 + 2 octets = the first two words.
    EXPECT_EQ(rng.Get(3), H("010203"));
    EXPECT_EQ(rng.Get(3), H("040506"));
    EXPECT_EQ(rng.Get(2), H("0708"));
    EXPECT_EQ(rng.Get(4), H("090a0b0c"));
}

TEST(RandomSource, SeededIsSha256CounterStream)
{
    SeededRandomSource a(42);
    SeededRandomSource b(42);
    SeededRandomSource c(43);
    Bytes x = a.Get(100);
    EXPECT_EQ(x, b.Get(100));
    EXPECT_NE(x, c.Get(100));
    // Block 0 = SHA-256(seed as 8 octets big-endian | counter 0 as 8 octets);
    // SHA-256 of 16 zero octets is
    // 374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb.
    SeededRandomSource zero(uint64_t{0});
    EXPECT_EQ(zero.Get(32), H("374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb"));
}

} // namespace
} // namespace ipseclab::test
