// A remote-access client behind a NAT: IKEv2 detects the NAT (RFC 7296 2.23), both sides move
// to port 4500, ESP travels in UDP (RFC 3948) and keepalives hold the NAT's mapping.
#include "../ipsec/ipsec-test-network.h"
#include "../nat/nat-test-network.h"
#include "events/event-stream.h"
#include "helper/ike-helper.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;

namespace
{

constexpr uint16_t kPort = 7000;

struct NatSetup
{
    NatNetwork net;
    Ptr<IkeDaemon> client;
    Ptr<IkeDaemon> server;

    explicit NatSetup(bool preservePorts, bool virtualIp = false)
        : net(MakeHelper(preservePorts))
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        // The server answers the client's inner address through the tunnel: it needs a route
        // (any), the policy then sends it to the NAT's public address in UDP.
        Ipv4StaticRoutingHelper routing;
        Ptr<Ipv4> ipv4 = net.server->GetObject<Ipv4>();
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(
            net.publicAddress, ipv4->GetInterfaceForDevice(net.serverDevice));
        IpsecHelper ipsec;
        ipsec.Install(NodeContainer(net.client1, net.server));
        ipseclab::IkeConfig c;
        c.name = "road-warrior";
        c.localAddress = net.client1Address.Get();
        c.remoteAddress = net.serverAddress.Get();
        c.psk = "nat traversal";
        c.natKeepaliveInterval = 2;
        c.children.front().remoteTs = "198.51.100.2/32";
        c.children.front().startAction = ipseclab::StartAction::Start;
        c.children.front().startTime = 0.1;
        c.requestVirtualIp = virtualIp;
        ipseclab::IkeConfig s = c;
        s.requestVirtualIp = false;
        if (virtualIp)
        {
            s.pool = "10.3.0.0/24";
        }
        s.name = "gateway";
        s.localAddress = net.serverAddress.Get();
        s.remoteAddress = 0; // anyone, from wherever the NAT makes it come from
        s.children.front().localTs = "dynamic";
        s.children.front().remoteTs = "0.0.0.0/0";
        s.children.front().startAction = ipseclab::StartAction::None;
        IkeHelper ike;
        client = ike.Install(net.client1, c);
        server = ike.Install(net.server, s);
        client->AssignStreams(10);
        server->AssignStreams(20);
    }

    static NatHelper MakeHelper(bool preservePorts)
    {
        NatHelper helper;
        helper.SetAttribute("PreservePorts", BooleanValue(preservePorts));
        helper.SetAttribute("UdpTimeout", TimeValue(Seconds(5)));
        return helper;
    }
};

} // namespace

TEST(IkeNatTraversal, DetectsTheNatAndCarriesEspInUdp)
{
    NatSetup s(false);
    std::vector<std::string> lines;
    uint32_t id = EventStream::Default()->Subscribe(
        [&lines](const ipseclab::Event& e, const std::string& line)
        {
            if (e.GetKind() == "nat-detection" || e.GetKind() == "child-sa-installed" ||
                e.GetKind() == "nat-keepalive")
            {
                lines.push_back(line);
            }
        });
    UdpSink sink;
    sink.Install(s.net.server, kPort);
    UdpSink back;
    back.Install(s.net.client1, kPort);
    WireCounter outside;
    outside.Attach(s.net.serverDevice);
    SendUdp(s.net.client1, s.net.serverAddress, kPort, 5, 200, Seconds(1));
    SendUdp(s.net.server, s.net.client1Address, kPort, 3, 200, Seconds(1.5));
    RunAndDestroy(Seconds(12));
    EventStream::Default()->Unsubscribe(id);
    EXPECT_EQ(s.client->GetEstablishedCount(), 1u);
    EXPECT_EQ(s.server->GetEstablishedCount(), 1u);
    EXPECT_EQ(sink.payloads.size(), 5u);
    EXPECT_EQ(back.payloads.size(), 3u) << "the server reaches the client through the NAT";
    EXPECT_EQ(outside.byProtocol[50], 0u) << "no bare ESP: it would not cross a NAPT";
    size_t encapsulated = 0;
    for (const auto& d : outside.datagrams)
    {
        if (d[9] == 17 && ((d[22] << 8) | d[23]) == 4500 && d.size() > 28 + 8 &&
            !(d[28] == 0 && d[29] == 0 && d[30] == 0 && d[31] == 0) && d.size() > 29)
        {
            ++encapsulated; // UDP to 4500 without the non-ESP marker: ESP in UDP
        }
    }
    EXPECT_EQ(encapsulated, 5u);
    bool natSeen = false;
    bool udpChild = false;
    size_t keepalives = 0;
    for (const auto& line : lines)
    {
        natSeen |= line.find("\"udp_encapsulation\":true") != std::string::npos;
        udpChild |= line.find("\"udp_encap\":true") != std::string::npos;
        keepalives += line.find("nat-keepalive") != std::string::npos;
    }
    EXPECT_TRUE(natSeen);
    EXPECT_TRUE(udpChild);
    EXPECT_GE(keepalives, 4u) << "keepalives every 2 s hold the 5 s NAT mapping";
}

TEST(IkeNatTraversal, WithoutNatNothingIsEncapsulated)
{
    // The same two hosts without the NAT in the middle are covered by the site-to-site tests;
    // here: the NAT keeps port 500, NAT detection still sees the address change.
    NatSetup s(true);
    UdpSink sink;
    sink.Install(s.net.server, kPort);
    SendUdp(s.net.client1, s.net.serverAddress, kPort, 3, 100, Seconds(1));
    RunAndDestroy(Seconds(3));
    EXPECT_EQ(s.client->GetEstablishedCount(), 1u);
    EXPECT_EQ(sink.payloads.size(), 3u);
}

TEST(IkeVirtualIp, ClientGetsAnAddressFromThePoolAndUsesIt)
{
    NatSetup s(false, /*virtualIp*/ true);
    UdpSink sink;
    sink.Install(s.net.server, kPort);
    UdpSink back;
    back.Install(s.net.client1, kPort);
    WireCounter outside;
    outside.Attach(s.net.serverDevice);
    uint32_t vip = 0;
    std::vector<Ipv4Address> senders;
    sink.socket->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [&](Ptr<Socket> socket)
        {
            Address from;
            while (Ptr<Packet> p = socket->RecvFrom(from))
            {
                senders.push_back(InetSocketAddress::ConvertFrom(from).GetIpv4());
            }
        }));
    Simulator::Schedule(Seconds(1),
                        [&]()
                        {
                            vip = s.client->GetIkeSas().front()->virtualIp;
                            // An application on the client that uses its inner (virtual) address.
                            Ptr<Socket> socket =
                                Socket::CreateSocket(s.net.client1, UdpSocketFactory::GetTypeId());
                            socket->Bind(InetSocketAddress(Ipv4Address(vip), kPort + 1));
                            socket->Connect(InetSocketAddress(s.net.serverAddress, kPort));
                            for (int i = 0; i < 3; ++i)
                            {
                                socket->Send(Create<Packet>(100));
                            }
                        });
    SendUdp(s.net.server, Ipv4Address("10.3.0.1"), kPort, 2, 100, Seconds(1.5));
    RunAndDestroy(Seconds(3));
    EXPECT_EQ(vip, Ipv4Address("10.3.0.1").Get()) << "the first address of the pool";
    ASSERT_EQ(senders.size(), 3u);
    EXPECT_EQ(senders.front(), Ipv4Address("10.3.0.1")) << "the server sees the inner address";
    EXPECT_EQ(back.payloads.size(), 2u) << "the server reaches the client's virtual address";
    EXPECT_EQ(outside.byProtocol[17] > 0, true);
}

TEST(IkeVirtualIp, AddressSurvivesAnIkeRekeyOnBothEnds)
{
    // Found against strongSwan: the rekeyed IKE SA lost the virtual IP, and the old SA's end
    // handed it back to the gateway's pool while the client still used it.
    NatSetup s(false, /*virtualIp*/ true);
    Simulator::Schedule(Seconds(1), [&s]() { s.client->RekeyIke(); });
    uint32_t before = 0;
    uint32_t after = 0;
    Simulator::Schedule(Seconds(0.9), [&]() { before = s.client->GetIkeSas().front()->virtualIp; });
    Simulator::Schedule(Seconds(2),
                        [&]()
                        {
                            for (const IkeSa* sa : s.client->GetIkeSas())
                            {
                                after =
                                    sa->state == IkeSa::State::Established ? sa->virtualIp : after;
                            }
                        });
    RunAndDestroy(Seconds(3));
    EXPECT_EQ(before, Ipv4Address("10.3.0.1").Get());
    EXPECT_EQ(after, before) << "the rekeyed IKE SA keeps the client's address";
}

TEST(IkeVirtualIp, ClientAcceptsTheGatewaysChildRekey)
{
    // Found against strongSwan: a client narrowed the gateway's rekey against its own
    // configured (dynamic) address instead of its virtual IP: TS_UNACCEPTABLE.
    NatSetup s(false, /*virtualIp*/ true);
    std::vector<std::string> rekeys;
    const uint32_t id = EventStream::Default()->Subscribe(
        [&rekeys](const ipseclab::Event& e, const std::string&)
        {
            if (e.GetKind() == "rekey-done" || e.GetKind() == "ts-narrowing")
            {
                const auto* what = e.Find("what");
                const auto* result = e.Find("result");
                rekeys.push_back(e.GetKind() + " " + (what ? what->GetString() : "") +
                                 (result ? result->GetString() : ""));
            }
        });
    Simulator::Schedule(Seconds(1), [&s]() { s.server->RekeyChild(); });
    RunAndDestroy(Seconds(3));
    EventStream::Default()->Unsubscribe(id);
    EXPECT_NE(std::find(rekeys.begin(), rekeys.end(), "rekey-done child"), rekeys.end())
        << ::testing::PrintToString(rekeys);
    for (const auto& r : rekeys)
    {
        EXPECT_EQ(r.find("TS_UNACCEPTABLE"), std::string::npos) << r;
    }
}
