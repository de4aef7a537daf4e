// IPsec between two hosts (transport mode) inside ns-3: real octets on the wire, drops with
// reasons, the replay window, lifetimes, ESN and UDP encapsulation.
#include "datapath/ipv4-wire.h"
#include "ipsec-test-network.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;
using ipseclab::DropReason;
using ipseclab::IpsecProtocol;

namespace
{

constexpr uint16_t kPort = 7000;

ManualSaPairConfig
Pair(const TwoHosts& net, IpsecProtocol protocol, const std::string& proposal)
{
    ManualSaPairConfig c;
    c.protocol = protocol;
    c.espProposal = proposal;
    c.ahProposal = proposal;
    c.addressA = net.addressA;
    c.addressB = net.addressB;
    c.ipProtocol = 17;
    c.portB = kPort;
    return c;
}

void
Install(TwoHosts& net, const ManualSaPairConfig& c)
{
    ipseclab::SeededRandomSource keys(7);
    InstallManualSaPair(net.ipsecA, net.ipsecB, c, keys);
}

class EspTransformTest : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST_P(EspTransformTest, DeliversOverEspOnly)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, GetParam()));
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 5, 300, Seconds(1));
    RunAndDestroy(Seconds(2));

    ASSERT_EQ(sink.payloads.size(), 5u);
    for (uint32_t k = 0; k < 5; ++k)
    {
        ASSERT_EQ(sink.payloads[k].size(), 300u);
        EXPECT_EQ(sink.payloads[k][10], static_cast<uint8_t>(k + 10));
    }
    EXPECT_EQ(wire.byProtocol[50], 5u);
    EXPECT_EQ(wire.byProtocol[17], 0u) << "no cleartext UDP may cross the link";
    EXPECT_EQ(net.ipsecB->GetUnprotectedCount(), 5u);
}

INSTANTIATE_TEST_SUITE_P(AllTransforms, EspTransformTest,
                         ::testing::Values("aes128gcm16", "aes256gcm16", "chacha20poly1305",
                                           "aes128-sha256", "aes256-sha384", "aes256-sha512",
                                           "aes128-sha1", "null-sha256"));

TEST(IpsecTransport, AhDeliversAndCarriesCleartext)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Ah, "sha256"));
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 4, 100, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 4u);
    ASSERT_EQ(wire.byProtocol[51], 4u);
    // AH authenticates but does not encrypt: the payload is readable on the wire.
    const auto& d = wire.datagrams.back();
    EXPECT_EQ(d[20], 17) << "next header UDP";
}

TEST(IpsecTransport, BundleAhOverEsp)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::EspAh, "aes128-sha256");
    c.ahProposal = "sha256";
    Install(net, c);
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 3, 64, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 3u);
    ASSERT_EQ(wire.byProtocol[51], 3u);
    EXPECT_EQ(wire.datagrams.back()[20], 50) << "AH's next header is ESP";
}

TEST(IpsecTransport, CleartextMatchingProtectPolicyIsDropped)
{
    TwoHosts net;
    // Only B protects: A sends in the clear, B must refuse it (policy violation).
    ManualSaPairConfig c = Pair(net, IpsecProtocol::Esp, "aes128gcm16");
    Install(net, c);
    net.ipsecA->GetSpd().Clear();
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 3, 50, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 0u);
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::PolicyViolation), 3u);
}

TEST(IpsecTransport, OtherTrafficBypasses)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, "aes128gcm16"));
    UdpSink sink;
    sink.Install(net.b, kPort + 1);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort + 1, 2, 50, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 2u);
    EXPECT_EQ(wire.byProtocol[17], 2u);
}

TEST(IpsecTransport, ReplayedPacketsAreDroppedAndCounted)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, "aes128gcm16"));
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 4, 80, Seconds(1));
    Simulator::Schedule(Seconds(1.5),
                        [&]()
                        {
                            for (const auto& d : wire.datagrams)
                            {
                                Reinject(net.devices.Get(0), d);
                            }
                        });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 4u);
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::Replayed), 4u);
}

TEST(IpsecTransport, WindowZeroLetsReplaysThrough)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::Esp, "aes128gcm16");
    c.replayWindow = 0;
    Install(net, c);
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 3, 80, Seconds(1));
    Simulator::Schedule(Seconds(1.5),
                        [&]()
                        {
                            for (const auto& d : std::vector<std::vector<uint8_t>>(wire.datagrams))
                            {
                                Reinject(net.devices.Get(0), d);
                            }
                        });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 6u) << "without anti-replay the duplicates reach the app";
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::Replayed), 0u);
}

TEST(IpsecTransport, TamperedEspFailsIcvAndLeavesWindow)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, "aes128-sha256"));
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 1, 80, Seconds(1));
    Simulator::Schedule(Seconds(1.5),
                        [&]()
                        {
                            auto d = wire.datagrams.front();
                            d[40] ^= 0x80; // inside the ciphertext
                            // A new sequence number would be right of the window; keep it so the
                            // ICV decides.
                            Reinject(net.devices.Get(0), d);
                        });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 1u);
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::Replayed), 1u)
        << "same sequence number: the window check comes first";
}

TEST(IpsecTransport, TamperedFreshPacketFailsIcv)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, "aes128-sha256"));
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 1, 80, Seconds(1));
    Simulator::Schedule(Seconds(1.5),
                        [&]()
                        {
                            auto d = wire.datagrams.front();
                            d[27] =
                                0x63; // sequence number 1 -> 0x63: passes the window, fails the ICV
                            Reinject(net.devices.Get(0), d);
                        });
    uint64_t top = 0;
    Simulator::Schedule(
        Seconds(1.9),
        [&]()
        { top = net.ipsecB->GetSad().FindInbound(IpsecProtocol::Esp, 0x1001)->Replay().GetTop(); });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 1u);
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::IcvFailure), 1u);
    EXPECT_EQ(top, 1u) << "a packet failing its ICV never moves the window";
}

TEST(IpsecTransport, UnknownSpiAndTruncatedPacketsAreCountedDrops)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, "aes128gcm16"));
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 1, 80, Seconds(1));
    Simulator::Schedule(Seconds(1.5),
                        [&]()
                        {
                            auto d = wire.datagrams.front();
                            d[23] = 0x77; // SPI 0x00001077
                            Reinject(net.devices.Get(0), d);
                            auto shortEsp =
                                std::vector<uint8_t>(wire.datagrams.front().begin(),
                                                     wire.datagrams.front().begin() + 24);
                            shortEsp[3] = 24; // IP total length
                            shortEsp[10] = shortEsp[11] = 0;
                            uint16_t sum = ipseclab::InternetChecksum(shortEsp.data(), 20);
                            shortEsp[10] = sum >> 8;
                            shortEsp[11] = sum & 0xff;
                            Reinject(net.devices.Get(0), shortEsp);
                        });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::NoSa), 1u);
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::Malformed), 1u);
}

TEST(IpsecTransport, SequenceOverflowStopsSenderWithoutEsn)
{
    TwoHosts net;
    Install(net, Pair(net, IpsecProtocol::Esp, "aes128gcm16"));
    net.ipsecA->GetSad().FindOutbound(1, IpsecProtocol::Esp)->SkipSequenceTo(0xfffffffeULL);
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 3, 40, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 1u) << "only sequence number 2^32-1 is still sendable";
    EXPECT_EQ(net.ipsecA->GetDropCount(DropReason::SequenceOverflow), 1u);
    EXPECT_EQ(net.ipsecA->GetDropCount(DropReason::NoSa), 1u)
        << "after the overflow the SA is expired and the policy has none";
}

TEST(IpsecTransport, EsnCrossesTwoToThe32)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::Esp, "aes128-sha256");
    c.esn = true;
    Install(net, c);
    net.ipsecA->GetSad().FindOutbound(1, IpsecProtocol::Esp)->SkipSequenceTo(0xfffffffdULL);
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 6, 40, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 6u);
    EXPECT_EQ(net.ipsecB->GetDropCount(DropReason::IcvFailure), 0u);
}

TEST(IpsecTransport, HardPacketLifetimeRemovesSa)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::Esp, "aes128gcm16");
    c.soft.packets = 2;
    c.hard.packets = 3;
    Install(net, c);
    uint32_t softExpires = 0;
    net.ipsecA->TraceConnectWithoutContext("SoftExpire",
                                           Callback<void, const ipseclab::SecurityAssociation&>(
                                               [&](const ipseclab::SecurityAssociation&)
                                               { ++softExpires; }));
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 5, 40, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 3u);
    EXPECT_EQ(softExpires, 1u);
    EXPECT_EQ(net.ipsecA->GetDropCount(DropReason::NoSa), 2u);
}

TEST(IpsecTransport, TimeLifetimeExpiresSa)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::Esp, "aes128gcm16");
    c.hard.seconds = 1.5;
    Install(net, c);
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 4, 40, Seconds(1), MilliSeconds(300));
    RunAndDestroy(Seconds(3));
    EXPECT_EQ(sink.payloads.size(), 2u) << "packets at 1.0 and 1.3 s; the SA is gone at 1.5 s";
    EXPECT_EQ(net.ipsecA->GetSad().Size(), 0u);
}

TEST(IpsecTransport, EspInUdpEncapsulation)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::Esp, "aes128gcm16");
    c.udpEncap = true;
    Install(net, c);
    UdpSink sink;
    sink.Install(net.b, kPort);
    WireCounter wire;
    wire.Attach(net.devices.Get(1));
    SendUdp(net.a, net.addressB, kPort, 3, 100, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 3u);
    ASSERT_EQ(wire.byProtocol[17], 3u);
    const auto& d = wire.datagrams.front();
    EXPECT_EQ((d[20] << 8) | d[21], 4500);
    EXPECT_EQ((d[22] << 8) | d[23], 4500);
}

TEST(IpsecTransport, DiscardPolicyDropsWithReason)
{
    TwoHosts net;
    ipseclab::SpdEntry e;
    e.direction = ipseclab::Direction::Outbound;
    e.selector.local = ipseclab::Ipv4Prefix::Any();
    e.selector.remote = ipseclab::Ipv4Prefix::Any();
    e.selector.protocol = 17;
    e.action = ipseclab::SpdAction::Discard;
    net.ipsecA->AddPolicy(e);
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 2, 40, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 0u);
    EXPECT_EQ(net.ipsecA->GetDropCount(DropReason::PolicyDiscard), 2u);
}

TEST(IpsecTransport, BadConfigurationIsAClearError)
{
    TwoHosts net;
    auto c = Pair(net, IpsecProtocol::Esp, "aes129gcm16");
    EXPECT_THROW(Install(net, c), std::exception);
    c = Pair(net, IpsecProtocol::Esp, "aes128gcm16");
    c.spiAtoB = 7;
    try
    {
        Install(net, c);
        FAIL() << "SPI 7 must be refused";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("reserved"), std::string::npos) << e.what();
    }
    Simulator::Destroy();
}
