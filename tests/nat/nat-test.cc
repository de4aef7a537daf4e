// The NAT in a small ns-3 network: UDP and TCP through it, unsolicited inbound, expiry, port
// allocation, ESP (address-only), ICMP echo, checksums (ns-3 verifies them; tshark too) and
// events.
#include "events/event-stream.h"
#include "nat-test-network.h"
#include "nat/nat-checksum.h"

#include <ns3/applications-module.h>
#include <ns3/v4ping-helper.h>

#include <gtest/gtest.h>
#include <set>

using namespace ns3;
using ipseclab::test::NatNetwork;
using ipseclab::test::TsharkCount;
using ipseclab::test::UdpEcho;
using ipseclab::test::UdpPeer;

namespace
{

class NatTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        // ns-3 then computes and verifies IP, UDP and TCP checksums: a wrong one is a loss.
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        auto stream = EventStream::Default();
        stream->Reset();
        stream->SetAttribute("Enabled", BooleanValue(true));
        stream->Subscribe(
            [this](const ipseclab::Event& event, const std::string& line)
            {
                if (event.GetLayer() == ipseclab::Layer::Nat)
                {
                    m_events.push_back(event);
                    m_lines.push_back(line);
                }
            });
    }

    void TearDown() override
    {
        Simulator::Destroy();
        EventStream::Default()->Reset();
    }

    size_t CountEvents(const std::string& kind) const
    {
        size_t n = 0;
        for (const auto& event : m_events)
        {
            n += event.GetKind() == kind ? 1 : 0;
        }
        return n;
    }

    std::vector<ipseclab::Event> m_events;
    std::vector<std::string> m_lines;
};

TEST(NatChecksum, IncrementalMatchesRecompute)
{
    // RFC 1624's example: a header word 0x5555 becomes 0x3285.
    const uint16_t before = 0xdd2f;
    const uint16_t after = ipseclab::nat::ChecksumAdjust16(before, 0x5555, 0x3285);
    EXPECT_EQ(after, 0x0000); // RFC 1624 section 4: eqn. 3 gives 0x0000, as a recompute does
    // Round trip: changing a word and back restores the checksum.
    EXPECT_EQ(ipseclab::nat::ChecksumAdjust16(after, 0x3285, 0x5555), before);
    EXPECT_EQ(ipseclab::nat::ChecksumAdjust32(ipseclab::nat::ChecksumAdjust32(0x1234, 1, 2), 2, 1),
              0x1234);
}

TEST_F(NatTest, UdpRoundTripIsTranslated)
{
    NatNetwork net;
    const std::string pcap = ::testing::TempDir() + "nat-udp";
    net.EnablePcap(pcap);
    UdpEcho echo;
    echo.Install(net.server, 7);
    UdpPeer client;
    client.Install(net.client1, 5000);
    for (int i = 0; i < 5; ++i)
    {
        client.SendAt(Seconds(1 + i * 0.1), net.serverAddress, 7);
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    EXPECT_EQ(client.replies, 5u);
    ASSERT_EQ(echo.senders.size(), 5u);
    EXPECT_EQ(echo.senders[0].GetIpv4(), net.publicAddress);
    EXPECT_EQ(echo.senders[0].GetPort(), 49152); // PreservePorts is off by default
    const NatCounters& c = net.nat->GetCounters();
    EXPECT_EQ(c.translatedOutbound, 5u);
    EXPECT_EQ(c.translatedInbound, 5u);
    EXPECT_EQ(c.mappingsCreated, 1u);
    EXPECT_EQ(c.dropped, 0u);
    EXPECT_EQ(CountEvents("map"), 1u);
    EXPECT_EQ(CountEvents("translate"), 10u);
    const ipseclab::EventValue* port = m_events.front().Find("public_port");
    ASSERT_NE(port, nullptr);
    EXPECT_EQ(port->GetUint(), 49152u);
    net.ClosePcap();

    // tshark agrees with ns-3: every checksum on both sides is right.
    for (const std::string side : {"-inside.pcap", "-outside.pcap"})
    {
        const int bad = TsharkCount(pcap + side,
                                    "ip.checksum.status == 0 || "
                                    "udp.checksum.status == 0");
        if (bad < 0)
        {
            GTEST_SKIP() << "tshark not usable";
        }
        EXPECT_EQ(bad, 0) << side;
        EXPECT_EQ(TsharkCount(pcap + side, "udp.checksum.status == 1"), 10) << side;
    }
    EXPECT_EQ(TsharkCount(pcap + "-outside.pcap",
                          "ip.src == 198.51.100.1 && udp.srcport == "
                          "49152"),
              5);
}

TEST_F(NatTest, PreservePortsKeepsAFreePort)
{
    NatHelper helper;
    helper.SetAttribute("PreservePorts", BooleanValue(true));
    NatNetwork net(helper);
    UdpEcho echo;
    echo.Install(net.server, 500);
    UdpPeer a;
    UdpPeer b;
    a.Install(net.client1, 500);
    b.Install(net.client2, 500);
    a.SendAt(Seconds(1), net.serverAddress, 500);
    b.SendAt(Seconds(1.5), net.serverAddress, 500);
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    ASSERT_EQ(echo.senders.size(), 2u);
    EXPECT_EQ(echo.senders[0].GetPort(), 500);   // the first keeps its port
    EXPECT_EQ(echo.senders[1].GetPort(), 49152); // the second cannot
    EXPECT_EQ(a.replies, 1u);
    EXPECT_EQ(b.replies, 1u);
}

TEST_F(NatTest, TwoClientsWithTheSamePortGetDifferentPublicPorts)
{
    NatNetwork net;
    UdpEcho echo;
    echo.Install(net.server, 4500);
    UdpPeer a;
    UdpPeer b;
    a.Install(net.client1, 4500);
    b.Install(net.client2, 4500);
    for (int i = 0; i < 3; ++i)
    {
        a.SendAt(Seconds(1 + i * 0.2), net.serverAddress, 4500);
        b.SendAt(Seconds(1.1 + i * 0.2), net.serverAddress, 4500);
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    std::set<uint16_t> ports;
    for (const auto& sender : echo.senders)
    {
        EXPECT_EQ(sender.GetIpv4(), net.publicAddress);
        ports.insert(sender.GetPort());
    }
    EXPECT_EQ(ports, (std::set<uint16_t>{49152, 49153}));
    EXPECT_EQ(a.replies, 3u); // each reply went back to the right host
    EXPECT_EQ(b.replies, 3u);
    EXPECT_EQ(net.nat->GetMappingCount(), 2u);
}

TEST_F(NatTest, TcpBulkTransferWorks)
{
    NatNetwork net;
    const std::string pcap = ::testing::TempDir() + "nat-tcp";
    net.EnablePcap(pcap);
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 8080));
    ApplicationContainer sinkApp = sinkHelper.Install(net.server);
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(net.serverAddress, 8080));
    bulk.SetAttribute("MaxBytes", UintegerValue(200000));
    ApplicationContainer sendApp = bulk.Install(net.client1);
    sinkApp.Start(Seconds(0.5));
    sendApp.Start(Seconds(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    EXPECT_EQ(DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx(), 200000u);
    ASSERT_EQ(net.nat->GetMappingCount(), 1u);
    EXPECT_EQ(net.nat->GetMappings()[0].protocol, 6);
    EXPECT_EQ(net.nat->GetCounters().dropped, 0u);
    net.ClosePcap();
    for (const std::string side : {"-inside.pcap", "-outside.pcap"})
    {
        const int bad = TsharkCount(pcap + side,
                                    "ip.checksum.status == 0 || "
                                    "tcp.checksum.status == 0");
        if (bad < 0)
        {
            GTEST_SKIP() << "tshark not usable";
        }
        EXPECT_EQ(bad, 0) << side;
        EXPECT_GT(TsharkCount(pcap + side, "tcp.checksum.status == 1"), 100) << side;
    }
}

TEST_F(NatTest, UnsolicitedInboundIsDropped)
{
    NatNetwork net;
    std::vector<std::string> reasons;
    net.nat->TraceConnectWithoutContext("Drop",
                                        MakeCallback(+[](std::vector<std::string>* out,
                                                         Ptr<const Packet>,
                                                         const std::string& reason) {
                                            out->push_back(reason);
                                        }).Bind(&reasons));
    UdpPeer attacker;
    attacker.Install(net.server, 9999);
    attacker.SendAt(Seconds(1), net.publicAddress, 49152);
    Simulator::Stop(Seconds(2));
    Simulator::Run();

    EXPECT_EQ(net.nat->GetCounters().dropped, 1u);
    EXPECT_EQ(reasons, std::vector<std::string>{"no-mapping"});
    ASSERT_EQ(CountEvents("drop"), 1u);
    EXPECT_EQ(m_events.back().Find("reason")->GetString(), "no-mapping");
    EXPECT_EQ(m_events.back().Find("dst_port")->GetUint(), 49152u);
}

TEST_F(NatTest, MappingsExpireUnlessRefreshed)
{
    NatHelper helper;
    helper.SetAttribute("UdpTimeout", TimeValue(Seconds(5)));
    NatNetwork net(helper);
    UdpEcho echo;
    echo.Install(net.server, 7);
    UdpPeer kept;
    UdpPeer idle;
    kept.Install(net.client1, 1000);
    idle.Install(net.client2, 2000);
    idle.SendAt(Seconds(0.5), net.serverAddress, 7); // first: gets 49152
    kept.SendAt(Seconds(1), net.serverAddress, 7);
    kept.SendAt(Seconds(4), net.serverAddress, 7); // a keepalive: outbound refreshes
    size_t at3 = 0;
    size_t at7 = 0;
    size_t at10 = 0;
    Simulator::Schedule(Seconds(3), [&]() { at3 = net.nat->GetMappingCount(); });
    Simulator::Schedule(Seconds(7), [&]() { at7 = net.nat->GetMappingCount(); });
    Simulator::Schedule(Seconds(10), [&]() { at10 = net.nat->GetMappingCount(); });
    // The server answers late, after the idle mapping is gone (its port was 49152).
    UdpPeer late;
    late.Install(net.server, 7777);
    late.SendAt(Seconds(6), net.publicAddress, 49152);
    Simulator::Stop(Seconds(11));
    Simulator::Run();

    EXPECT_EQ(at3, 2u);
    EXPECT_EQ(at7, 1u);
    EXPECT_EQ(at10, 0u);
    EXPECT_EQ(net.nat->GetCounters().mappingsExpired, 2u);
    EXPECT_EQ(net.nat->GetCounters().dropped, 1u);
    EXPECT_EQ(CountEvents("expire"), 2u);
}

/// Sends raw IP datagrams of one protocol from a node and keeps what arrives for it.
struct RawEndpoint
{
    Ptr<Socket> socket;
    std::vector<Ipv4Header> received;
    void Install(Ptr<Node> node, uint8_t protocol)
    {
        socket = Socket::CreateSocket(node, Ipv4RawSocketFactory::GetTypeId());
        socket->SetAttribute("Protocol", UintegerValue(protocol));
        socket->SetRecvCallback(
            [this](Ptr<Socket> s)
            {
                while (Ptr<Packet> p = s->Recv())
                {
                    Ipv4Header h; // raw sockets deliver the IP header too
                    p->RemoveHeader(h);
                    received.push_back(h);
                }
            });
    }
    void SendAt(Time when, Ipv4Address dst)
    {
        Ptr<Socket> s = socket;
        Simulator::Schedule(when,
                            [s, dst]()
                            {
                                // An ESP-looking payload: SPI 0x1001, sequence number 1, opaque
                                // octets.
                                uint8_t esp[32] = {0x00, 0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x01};
                                s->SendTo(
                                    Create<Packet>(esp, sizeof(esp)), 0, InetSocketAddress(dst, 0));
                            });
    }
};

TEST_F(NatTest, EspGetsItsAddressTranslated)
{
    NatNetwork net;
    RawEndpoint client;
    RawEndpoint server;
    client.Install(net.client1, 50);
    server.Install(net.server, 50);
    client.SendAt(Seconds(1), net.serverAddress);
    server.SendAt(Seconds(2), net.publicAddress); // the reply finds the mapping by peer
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    ASSERT_EQ(server.received.size(), 1u);
    EXPECT_EQ(server.received[0].GetSource(), net.publicAddress);
    EXPECT_EQ(server.received[0].GetProtocol(), 50);
    ASSERT_EQ(client.received.size(), 1u);
    EXPECT_EQ(client.received[0].GetSource(), net.serverAddress);
    EXPECT_EQ(client.received[0].GetDestination(), net.client1Address);
    ASSERT_EQ(net.nat->GetMappingCount(), 1u);
    const NatMapping m = net.nat->GetMappings()[0];
    EXPECT_EQ(m.protocol, 50);
    EXPECT_EQ(m.remoteAddress, net.serverAddress);
    EXPECT_FALSE(m.HasPorts());
}

TEST_F(NatTest, PingThroughTheNat)
{
    NatNetwork net;
    V4PingHelper ping(net.serverAddress);
    ping.SetAttribute("Interval", TimeValue(Seconds(1)));
    ApplicationContainer app = ping.Install(net.client1);
    uint32_t rtts = 0;
    app.Get(0)->TraceConnectWithoutContext(
        "Rtt", MakeCallback(+[](uint32_t* n, Time) { ++*n; }).Bind(&rtts));
    app.Start(Seconds(1));
    app.Stop(Seconds(3.5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    EXPECT_EQ(rtts, 3u);
    ASSERT_EQ(net.nat->GetMappingCount(), 1u);
    EXPECT_EQ(net.nat->GetMappings()[0].protocol, 1);
}

TEST_F(NatTest, EventsCarryTheDocumentedFields)
{
    // Also written as JSON Lines, to check by hand against docs/events.schema.json.
    ASSERT_TRUE(EventStream::Default()->Open(::testing::TempDir() + "nat-events.jsonl"));
    NatHelper helper;
    helper.SetAttribute("UdpTimeout", TimeValue(Seconds(2)));
    NatNetwork net(helper);
    UdpPeer stranger;
    stranger.Install(net.server, 9);
    stranger.SendAt(Seconds(1.5), net.publicAddress, 40000); // drop
    UdpEcho echo;
    echo.Install(net.server, 7);
    UdpPeer client;
    client.Install(net.client1, 5000);
    client.SendAt(Seconds(1), net.serverAddress, 7);
    Simulator::Stop(Seconds(4)); // the mapping expires at 3 s
    Simulator::Run();

    ASSERT_EQ(m_events.size(), 5u);
    EXPECT_EQ(m_events[3].GetKind(), "drop");
    EXPECT_EQ(m_events[4].GetKind(), "expire");
    const ipseclab::Event& map = m_events[0];
    EXPECT_EQ(map.GetKind(), "map");
    EXPECT_EQ(map.Find("inside_address")->GetString(), "192.168.1.2");
    EXPECT_EQ(map.Find("inside_port")->GetUint(), 5000u);
    EXPECT_EQ(map.Find("public_address")->GetString(), "198.51.100.1");
    const ipseclab::Event& out = m_events[1];
    EXPECT_EQ(out.GetKind(), "translate");
    EXPECT_EQ(out.Find("direction")->GetString(), "outbound");
    EXPECT_EQ(out.Find("src")->GetString(), "192.168.1.2");
    EXPECT_EQ(out.Find("new_src")->GetString(), "198.51.100.1");
    EXPECT_EQ(out.Find("new_src_port")->GetUint(), 49152u);
    const ipseclab::Event& in = m_events[2];
    EXPECT_EQ(in.Find("direction")->GetString(), "inbound");
    EXPECT_EQ(in.Find("new_dst")->GetString(), "192.168.1.2");
    EXPECT_EQ(in.Find("new_dst_port")->GetUint(), 5000u);
    for (const auto& line : m_lines)
    {
        EXPECT_NE(line.find("\"layer\":\"nat\""), std::string::npos) << line;
    }
}

} // namespace
