// ESP packets on octets: layout, padding (built and checked), ESN, TFC, malformed input.
#include "datapath/esp-codec.h"
#include "datapath/ipv4-wire.h"

#include <gtest/gtest.h>
#include <random>

using namespace ipseclab;

namespace
{

Bytes
Key(size_t n, uint8_t start = 1)
{
    Bytes k(n);
    for (size_t i = 0; i < n; ++i)
    {
        k[i] = static_cast<uint8_t>(start + i);
    }
    return k;
}

EspTransform
MakeTransform(const std::string& proposal)
{
    EspProposal p = ParseEspProposal(proposal);
    return EspTransform(p,
                        Key(p.encryption->KeymatSize()),
                        p.integrity ? Key(p.integrity->keySize, 0x40) : Bytes());
}

Bytes
Payload(size_t n)
{
    Bytes p(n);
    for (size_t i = 0; i < n; ++i)
    {
        p[i] = static_cast<uint8_t>(0xa0 + i);
    }
    return p;
}

class EspCodecAllTransforms : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST_P(EspCodecAllTransforms, RoundTripForEveryPayloadLengthWithMonotonicPadding)
{
    EspTransform sender = MakeTransform(GetParam());
    EspTransform receiver = MakeTransform(GetParam());
    Bytes iv(sender.IvSize(), 0x11);
    for (size_t length = 0; length <= 40; ++length)
    {
        EspSealTrace trace;
        Bytes packet = EspSeal(sender, 0x1234, 7, false, Payload(length), 17, iv, 0, &trace);
        // Layout: header, IV, then payload | padding | pad length | next header, then ICV.
        ASSERT_EQ(GetBe32(packet.data()), 0x1234u);
        ASSERT_EQ(GetBe32(packet.data() + 4), 7u);
        const size_t body = length + trace.padLength + 2;
        ASSERT_EQ(body % sender.BlockSize(), 0u) << "aligned to the block size";
        ASSERT_LT(trace.padLength, sender.BlockSize()) << "the minimum padding";
        ASSERT_EQ(packet.size(), kEspHeaderSize + iv.size() + body + sender.IcvSize());
        for (size_t i = 0; i < trace.padLength; ++i)
        {
            ASSERT_EQ(trace.plaintext[length + i], i + 1) << "RFC 4303 2.4: 1, 2, 3, ...";
        }
        EspOpenResult opened = EspOpen(receiver, packet, std::nullopt);
        ASSERT_EQ(opened.status, EspOpenStatus::Ok) << length;
        EXPECT_EQ(opened.payload, Payload(length));
        EXPECT_EQ(opened.nextHeader, 17);
        EXPECT_EQ(opened.padLength, trace.padLength);
    }
}

TEST_P(EspCodecAllTransforms, EveryFlippedBitFailsTheIcv)
{
    EspTransform t = MakeTransform(GetParam());
    Bytes iv(t.IvSize(), 0x22);
    Bytes packet = EspSeal(t, 0x99999, 3, false, Payload(33), 6, iv);
    for (size_t i = 0; i < packet.size(); ++i)
    {
        Bytes bad = packet;
        bad[i] ^= 0x04;
        EXPECT_EQ(EspOpen(t, bad, std::nullopt).status, EspOpenStatus::IcvFailure) << i;
    }
}

TEST_P(EspCodecAllTransforms, EsnHighBitsAreAuthenticatedButNotSent)
{
    EspTransform t = MakeTransform(GetParam());
    Bytes iv(t.IvSize(), 0x33);
    const uint64_t seq = (uint64_t(5) << 32) | 9;
    Bytes packet = EspSeal(t, 0x4242, seq, true, Payload(20), 17, iv);
    EXPECT_EQ(GetBe32(packet.data() + 4), 9u) << "only the low half on the wire";
    EXPECT_EQ(EspOpen(t, packet, 5u).status, EspOpenStatus::Ok);
    EXPECT_EQ(EspOpen(t, packet, 4u).status, EspOpenStatus::IcvFailure);
    EXPECT_EQ(EspOpen(t, packet, std::nullopt).status, EspOpenStatus::IcvFailure);
}

TEST_P(EspCodecAllTransforms, TruncationsAndRandomGarbageNeverCrash)
{
    EspTransform t = MakeTransform(GetParam());
    Bytes iv(t.IvSize(), 0x44);
    Bytes packet = EspSeal(t, 0x777, 1, false, Payload(50), 17, iv);
    for (size_t n = 0; n < packet.size(); ++n)
    {
        auto status = EspOpen(t, ByteSpan(packet.data(), n), std::nullopt).status;
        EXPECT_NE(status, EspOpenStatus::Ok) << n;
    }
    std::mt19937 rng(1);
    for (int round = 0; round < 300; ++round)
    {
        Bytes junk(rng() % 200);
        for (auto& b : junk)
        {
            b = static_cast<uint8_t>(rng());
        }
        EXPECT_NE(EspOpen(t, junk, std::nullopt).status, EspOpenStatus::Ok);
    }
}

INSTANTIATE_TEST_SUITE_P(Transforms, EspCodecAllTransforms,
                         ::testing::Values("aes128gcm16", "aes256gcm16", "chacha20poly1305",
                                           "aes128-sha256", "aes256-sha384", "aes256-sha512",
                                           "aes128-sha1", "null-sha256"));

TEST(EspCodec, BadPaddingIsDetectedAfterTheIcvVerifies)
{
    EspTransform t = MakeTransform("aes128-sha256");
    Bytes iv(16, 0x55);
    // Seal a body by hand whose padding is 1, 2, 9 instead of 1, 2, 3.
    Bytes body = Payload(11);
    body.insert(body.end(), {1, 2, 9, 3, 17});
    Bytes packet(8 + 16 + body.size() + t.IcvSize());
    PutBe32(packet.data(), 0x5555);
    PutBe32(packet.data() + 4, 1);
    std::copy(iv.begin(), iv.end(), packet.begin() + 8);
    t.Seal(ByteSpan(packet.data(), 8),
           std::nullopt,
           iv,
           body,
           packet.data() + 24,
           packet.data() + 24 + body.size());
    EXPECT_EQ(EspOpen(t, packet, std::nullopt).status, EspOpenStatus::BadPadding);

    // A pad length larger than the body.
    body = Payload(14);
    body.push_back(200);
    body.push_back(17);
    t.Seal(ByteSpan(packet.data(), 8),
           std::nullopt,
           iv,
           body,
           packet.data() + 24,
           packet.data() + 24 + body.size());
    EXPECT_EQ(EspOpen(t, packet, std::nullopt).status, EspOpenStatus::BadPadding);
}

TEST(EspCodec, TfcPaddingLengthensThePacket)
{
    EspTransform t = MakeTransform("aes128gcm16");
    Bytes iv(8, 0);
    Bytes plain = EspSeal(t, 0x1000, 1, false, Payload(20), 4, iv, 0);
    Bytes padded = EspSeal(t, 0x1000, 1, false, Payload(20), 4, iv, 100);
    EXPECT_EQ(padded.size(), plain.size() + 100);
    EspOpenResult r = EspOpen(t, padded, std::nullopt);
    ASSERT_EQ(r.status, EspOpenStatus::Ok);
    ASSERT_EQ(r.payload.size(), 120u) << "TFC stays: only the inner header knows the length";
    EXPECT_EQ(r.payload[119], 0);
}

TEST(EspCodec, KnownIvGivesAKnownPacket)
{
    EspTransform a = MakeTransform("aes128-sha256");
    EspTransform b = MakeTransform("aes128-sha256");
    Bytes iv(16, 0x66);
    EXPECT_EQ(EspSeal(a, 0x1, 1, false, Payload(10), 17, iv),
              EspSeal(b, 0x1, 1, false, Payload(10), 17, iv));
    EXPECT_THROW(EspSeal(a, 0x1, 1, false, Payload(10), 17, Bytes(8)), CryptoError)
        << "an IV of the wrong size is a clear error";
}

TEST(EspCodec, PeekHeader)
{
    Bytes p = {0, 0, 0x10, 0x01, 0, 0, 0, 5};
    auto h = EspPeekHeader(p);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->spi, 0x1001u);
    EXPECT_EQ(h->seqLow, 5u);
    EXPECT_FALSE(EspPeekHeader(ByteSpan(p.data(), 7)));
}
