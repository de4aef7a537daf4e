// Tunnel mode between two gateways (site-to-site) and from a host to a gateway (remote access):
// forwarded traffic is protected by the routing shim, decapsulated traffic forwarded onwards.
#include "common/site-topology.h"
#include "datapath/ipv4-wire.h"
#include "ipsec-test-network.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;
using ipseclab::DropReason;
using ipseclab::IpsecProtocol;

namespace
{

constexpr uint16_t kPort = 9000;

struct Sites
{
    SiteTopology t;
    Ptr<IpsecStack> gwA;
    Ptr<IpsecStack> gwB;

    explicit Sites(const std::string& proposal, uint32_t tfcPadTo = 0)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        SiteTopologyConfig config;
        t = BuildSiteTopology(config);
        IpsecHelper helper;
        gwA = helper.Install(t.gwA);
        gwB = helper.Install(t.gwB);
        ManualSaPairConfig c;
        c.mode = ipseclab::IpsecMode::Tunnel;
        c.espProposal = proposal;
        c.addressA = t.wanInterfaces.GetAddress(0);
        c.addressB = t.wanInterfaces.GetAddress(1);
        c.trafficA = "10.1.0.0/24";
        c.trafficB = "10.2.0.0/24";
        c.tfcPadTo = tfcPadTo;
        ipseclab::SeededRandomSource keys(11);
        InstallManualSaPair(gwA, gwB, c, keys);
    }
};

} // namespace

TEST(IpsecTunnel, LanToLanCrossesWanAsEspOnly)
{
    Sites s("aes256gcm16");
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    UdpSink back;
    back.Install(s.t.lanA.Get(1), kPort);
    WireCounter wanAtB;
    wanAtB.Attach(s.t.wanDevices.Get(1));
    WireCounter wanAtA;
    wanAtA.Attach(s.t.wanDevices.Get(0));
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 5, 500, Seconds(1));
    SendUdp(s.t.lanB.Get(1), s.t.lanAInterfaces.GetAddress(1), kPort, 4, 200, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 5u);
    EXPECT_EQ(back.payloads.size(), 4u);
    EXPECT_EQ(wanAtB.byProtocol[50], 5u);
    EXPECT_EQ(wanAtA.byProtocol[50], 4u);
    EXPECT_EQ(wanAtB.byProtocol[17] + wanAtA.byProtocol[17], 0u);
    // Outer addresses are the gateways', not the hosts'.
    const auto& d = wanAtB.datagrams.front();
    EXPECT_EQ(d[12], 192);
    EXPECT_EQ(d[19], 2);
}

TEST(IpsecTunnel, TfcPaddingHidesPacketSizes)
{
    Sites s("aes128gcm16", 1000);
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    WireCounter wan;
    wan.Attach(s.t.wanDevices.Get(1));
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 2, 20, Seconds(1));
    RunAndDestroy(Seconds(2));
    ASSERT_EQ(sink.payloads.size(), 2u);
    EXPECT_EQ(sink.payloads[0].size(), 20u) << "TFC padding is removed by the receiver";
    ASSERT_EQ(wan.datagrams.size(), 2u);
    EXPECT_GE(wan.datagrams[0].size(), 1000u);
}

TEST(IpsecTunnel, CleartextFromWanIntoProtectedLanIsDropped)
{
    Sites s("aes128gcm16");
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    // A forged cleartext datagram claiming to come from LAN A arrives at gwB over the WAN.
    Simulator::Schedule(Seconds(1),
                        [&]()
                        {
                            std::vector<uint8_t> d(20 + 8 + 4, 0);
                            ipseclab::Ipv4Fields f;
                            f.totalLength = static_cast<uint16_t>(d.size());
                            f.protocol = 17;
                            f.src = s.t.lanAInterfaces.GetAddress(0).Get();
                            f.dst = s.t.lanBInterfaces.GetAddress(0).Get();
                            ipseclab::WriteIpv4Header(f, d.data(), true);
                            d[20] = 0x30; // source port 12345
                            d[21] = 0x39;
                            d[22] = kPort >> 8;
                            d[23] = kPort & 0xff;
                            d[25] = 12;
                            Reinject(s.t.wanDevices.Get(0), d);
                        });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 0u);
    EXPECT_EQ(s.gwB->GetDropCount(DropReason::PolicyViolation), 1u);
}

TEST(IpsecTunnel, InnerPacketOutsideSelectorsIsDropped)
{
    Sites s("aes128gcm16");
    // gwB's inbound SA only accepts LAN A -> LAN B; narrow it to hostB1 by replacing it.
    auto* in = s.gwB->GetSad().FindInbound(IpsecProtocol::Esp, 0x1001);
    ASSERT_NE(in, nullptr);
    ipseclab::SaConfig narrowed = in->Config();
    narrowed.selector.local = ipseclab::Ipv4Prefix::Parse("10.2.0.2/32");
    s.gwB->RemoveSa(ipseclab::Direction::Inbound, IpsecProtocol::Esp, 0x1001);
    s.gwB->AddSa(narrowed);
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 2, 50, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 0u);
    EXPECT_EQ(s.gwB->GetDropCount(DropReason::SelectorMismatch), 2u);
}

TEST(IpsecTunnel, RemoteAccessHostToGateway)
{
    // hostA0 itself is a tunnel endpoint (a road warrior) to gwB for LAN B.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    SiteTopology t = BuildSiteTopology(SiteTopologyConfig());
    IpsecHelper helper;
    Ptr<IpsecStack> client = helper.Install(t.lanA.Get(0));
    Ptr<IpsecStack> gw = helper.Install(t.gwB);
    ManualSaPairConfig c;
    c.mode = ipseclab::IpsecMode::Tunnel;
    c.espProposal = "chacha20poly1305";
    c.addressA = t.lanAInterfaces.GetAddress(0);
    c.addressB = t.wanInterfaces.GetAddress(1);
    c.trafficB = "10.2.0.0/24";
    ipseclab::SeededRandomSource keys(3);
    InstallManualSaPair(client, gw, c, keys);
    UdpSink sink;
    sink.Install(t.lanB.Get(1), kPort);
    UdpSink reply;
    reply.Install(t.lanA.Get(0), kPort);
    WireCounter lanA;
    lanA.Attach(t.lanADevices.Get(2));
    SendUdp(t.lanA.Get(0), t.lanBInterfaces.GetAddress(1), kPort, 3, 120, Seconds(1));
    SendUdp(t.lanB.Get(1), t.lanAInterfaces.GetAddress(0), kPort, 2, 120, Seconds(1.5));
    RunAndDestroy(Seconds(2.5));
    EXPECT_EQ(sink.payloads.size(), 3u);
    EXPECT_EQ(reply.payloads.size(), 2u);
    EXPECT_EQ(lanA.byProtocol[50], 3u) << "already encrypted on the client's own LAN";
}
