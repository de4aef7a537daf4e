// AH on octets: what the ICV covers (and what it must not), ESN, lengths.
#include "datapath/ah-codec.h"

#include <gtest/gtest.h>

using namespace ipseclab;

namespace
{

Ipv4Fields
Outer(size_t ahPacketSize)
{
    Ipv4Fields f;
    f.tos = 0x10;
    f.totalLength = static_cast<uint16_t>(20 + ahPacketSize);
    f.identification = 0x1234;
    f.flagsFragment = 0x4000;
    f.ttl = 64;
    f.protocol = 51;
    f.src = 0x0a000001;
    f.dst = 0x0a000002;
    return f;
}

Bytes
Payload()
{
    return Bytes{0x30, 0x39, 0x1f, 0x40, 0, 12, 0, 0, 'h', 'i', '!', '!'};
}

class AhAllAlgorithms : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST_P(AhAllAlgorithms, LayoutAndRoundTrip)
{
    Integrity integrity(GetParam(), Bytes(FindIntegrity(GetParam()).keySize, 0x0b));
    const size_t size = AhPacketSize(integrity, Payload().size());
    Ipv4Fields outer = Outer(size);
    AhTrace trace;
    Bytes packet = AhSeal(integrity, outer, 0x2080, 1, false, Payload(), 17, &trace);
    ASSERT_EQ(packet.size(), size);
    EXPECT_EQ(packet[0], 17);
    EXPECT_EQ((packet[1] + 2) * 4u, AhHeaderSize(integrity.IcvSize()));
    EXPECT_EQ(GetBe32(packet.data() + 4), 0x2080u);
    EXPECT_EQ(GetBe32(packet.data() + 8), 1u);
    EXPECT_EQ(trace.icvInput.size(), 20 + packet.size());
    EXPECT_EQ(trace.fullMac.size(), integrity.Algorithm().fullSize);
    EXPECT_TRUE(std::equal(trace.icv.begin(), trace.icv.end(), trace.fullMac.begin()))
        << "the ICV is the truncated HMAC";
    AhOpenResult r = AhOpen(integrity, outer, packet, std::nullopt);
    ASSERT_EQ(r.status, AhOpenStatus::Ok);
    EXPECT_EQ(r.payload, Payload());
    EXPECT_EQ(r.nextHeader, 17);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, AhAllAlgorithms,
                         ::testing::Values("sha1", "sha256", "sha384", "sha512"));

TEST(AhCodec, MutableFieldsAreNotCoveredImmutableOnesAre)
{
    Integrity integrity("sha256", Bytes(32, 0x0c));
    Ipv4Fields outer = Outer(AhPacketSize(integrity, Payload().size()));
    Bytes packet = AhSeal(integrity, outer, 0x100, 1, false, Payload(), 17);

    Ipv4Fields mutated = outer; // routers change these on the way: the ICV must survive
    mutated.ttl = 3;
    mutated.tos = 0xb8;
    mutated.flagsFragment = 0;
    mutated.checksum = 0xbeef;
    EXPECT_EQ(AhOpen(integrity, mutated, packet, std::nullopt).status, AhOpenStatus::Ok);

    for (auto change : {+[](Ipv4Fields& f) { f.src ^= 1; },
                        +[](Ipv4Fields& f) { f.dst ^= 1; },
                        +[](Ipv4Fields& f) { f.identification ^= 1; },
                        +[](Ipv4Fields& f)
                        {
                            f.protocol = 50;
                        }})
    {
        Ipv4Fields changed = outer;
        change(changed);
        EXPECT_EQ(AhOpen(integrity, changed, packet, std::nullopt).status,
                  AhOpenStatus::IcvFailure);
    }
    for (size_t i = 0; i < packet.size(); ++i)
    {
        Bytes bad = packet;
        bad[i] ^= 0x10;
        EXPECT_NE(AhOpen(integrity, outer, bad, std::nullopt).status, AhOpenStatus::Ok) << i;
    }
}

TEST(AhCodec, EsnHighBitsAreAppendedToTheIcvInput)
{
    Integrity integrity("sha256", Bytes(32, 0x0d));
    Ipv4Fields outer = Outer(AhPacketSize(integrity, Payload().size()));
    AhTrace trace;
    const uint64_t seq = (uint64_t(1) << 32) | 2;
    Bytes packet = AhSeal(integrity, outer, 0x100, seq, true, Payload(), 17, &trace);
    EXPECT_EQ(GetBe32(packet.data() + 8), 2u);
    EXPECT_EQ(GetBe32(trace.icvInput.data() + trace.icvInput.size() - 4), 1u);
    EXPECT_EQ(AhOpen(integrity, outer, packet, 1u).status, AhOpenStatus::Ok);
    EXPECT_EQ(AhOpen(integrity, outer, packet, 0u).status, AhOpenStatus::IcvFailure);
}

TEST(AhCodec, InconsistentLengthsAreMalformed)
{
    Integrity integrity("sha256", Bytes(32, 0x0e));
    Ipv4Fields outer = Outer(AhPacketSize(integrity, Payload().size()));
    Bytes packet = AhSeal(integrity, outer, 0x100, 1, false, Payload(), 17);
    Bytes wrongLength = packet;
    wrongLength[1] = 3; // claims a 20-octet AH header, the SA's ICV needs 28
    EXPECT_EQ(AhOpen(integrity, outer, wrongLength, std::nullopt).status, AhOpenStatus::Malformed);
    for (size_t n = 0; n < AhHeaderSize(16); ++n)
    {
        EXPECT_EQ(AhOpen(integrity, outer, ByteSpan(packet.data(), n), std::nullopt).status,
                  AhOpenStatus::Malformed)
            << n;
    }
}
