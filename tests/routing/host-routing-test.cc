// Ipv4HostRouting on a hub with point-to-point spokes: replies find their spoke by hash, a
// forwarded datagram crosses the hub, a destination without a host route falls through to
// static routing, and a removed route stops being used.
#include "../ipsec/ipsec-test-network.h"
#include "routing/host-routing.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;

namespace
{

struct Star
{
    NodeContainer nodes; ///< 0 is the hub
    std::vector<Ipv4Address> spoke;
    Ptr<Ipv4HostRouting> routing;

    explicit Star(uint32_t n)
    {
        nodes.Create(n + 1);
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        Ipv4AddressHelper addresses;
        routing = Ipv4HostRouting::Install(nodes.Get(0));
        Ipv4StaticRoutingHelper statics;
        for (uint32_t i = 1; i <= n; ++i)
        {
            NetDeviceContainer link = p2p.Install(nodes.Get(0), nodes.Get(i));
            addresses.SetBase(Ipv4Address(0x0a000000 + 256 * i), "255.255.255.0");
            Ipv4InterfaceContainer ifs = addresses.Assign(link);
            spoke.push_back(ifs.GetAddress(1));
            Ptr<Ipv4> hub = nodes.Get(0)->GetObject<Ipv4>();
            // Only the host route: the hub's connected /24 routes are removed so that the
            // test sees which protocol answered.
            routing->AddHostRoute(ifs.GetAddress(1), hub->GetInterfaceForDevice(link.Get(0)));
            statics.GetStaticRouting(nodes.Get(i)->GetObject<Ipv4>())
                ->SetDefaultRoute(ifs.GetAddress(0), 1);
        }
    }
};

} // namespace

TEST(HostRouting, ForwardsBetweenSpokesByHostRoute)
{
    Star s(3);
    Ipv4StaticRoutingHelper statics;
    Ptr<Ipv4StaticRouting> hubStatic = statics.GetStaticRouting(s.nodes.Get(0)->GetObject<Ipv4>());
    while (hubStatic->GetNRoutes() > 0)
    {
        hubStatic->RemoveRoute(0); // the host routes alone must carry the traffic
    }
    UdpSink sink;
    sink.Install(s.nodes.Get(3), 9000);
    SendUdp(s.nodes.Get(1), s.spoke[2], 9000, 5, 100, Seconds(1));
    EXPECT_EQ(s.routing->GetRouteCount(), 3u);
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 5u);
}

TEST(HostRouting, UnknownDestinationsFallThroughAndRemovedRoutesStop)
{
    Star s(2);
    ASSERT_TRUE(s.routing->RemoveHostRoute(s.spoke[1]));
    EXPECT_FALSE(s.routing->RemoveHostRoute(s.spoke[1]));
    UdpSink sink;
    sink.Install(s.nodes.Get(2), 9000);
    // The hub's static (connected) route still knows the spoke's /24.
    SendUdp(s.nodes.Get(1), s.spoke[1], 9000, 3, 100, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(sink.payloads.size(), 3u);
}

TEST(HostRouting, LocalAddressesOffTheInterfaceReceiveAndAnswerFromThemselves)
{
    Star s(2);
    const Ipv4Address extra("10.9.9.9"); // on no interface of spoke 1
    Ptr<Ipv4HostRouting> spokeRouting = Ipv4HostRouting::Install(s.nodes.Get(1));
    Ptr<Ipv4> spokeIp = s.nodes.Get(1)->GetObject<Ipv4>();
    spokeRouting->AddLocalAddress(extra, 1);
    s.routing->AddHostRoute(extra, 1); // the hub's interface 1 leads to spoke 1
    EXPECT_EQ(spokeIp->GetNAddresses(1), 1u);

    // Spoke 1 echoes from a socket bound to the extra address; spoke 2 records the source.
    Ptr<Socket> echo = Socket::CreateSocket(s.nodes.Get(1), UdpSocketFactory::GetTypeId());
    ASSERT_EQ(echo->Bind(InetSocketAddress(extra, 9000)), 0);
    uint32_t echoed = 0;
    echo->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [&echoed](Ptr<Socket> sock)
        {
            Address from;
            while (Ptr<Packet> p = sock->RecvFrom(from))
            {
                ++echoed;
                sock->SendTo(p, 0, from);
            }
        }));
    std::vector<Ipv4Address> sources;
    Ptr<Socket> client = Socket::CreateSocket(s.nodes.Get(2), UdpSocketFactory::GetTypeId());
    client->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9001));
    client->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [&sources](Ptr<Socket> sock)
        {
            Address from;
            while (sock->RecvFrom(from))
            {
                sources.push_back(InetSocketAddress::ConvertFrom(from).GetIpv4());
            }
        }));
    for (int k = 0; k < 3; ++k)
    {
        Simulator::Schedule(
            Seconds(1 + 0.1 * k),
            [client, extra]()
            { client->SendTo(Create<Packet>(20), 0, InetSocketAddress(extra, 9000)); });
    }
    RunAndDestroy(Seconds(3));
    EXPECT_EQ(echoed, 3u);
    ASSERT_EQ(sources.size(), 3u);
    for (const auto& a : sources)
    {
        EXPECT_EQ(a, extra);
    }
}
