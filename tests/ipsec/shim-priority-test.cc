// The IPsec and NAT routing shims have explicit, distinct priorities (routing/transit-shim.h):
// on a node that runs both, IPsec's shim is asked first whichever was installed first.
#include "ipsec-test-network.h"
#include "ipsec/ipsec-routing-shim.h"
#include "nat/nat-helper.h"
#include "nat/nat-routing-shim.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// The protocols of the node's Ipv4ListRouting, in the order it asks them.
std::vector<std::pair<std::string, int16_t>>
RoutingOrder(Ptr<Node> node)
{
    auto list = DynamicCast<Ipv4ListRouting>(node->GetObject<Ipv4>()->GetRoutingProtocol());
    std::vector<std::pair<std::string, int16_t>> order;
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t priority = 0;
        Ptr<Ipv4RoutingProtocol> p = list->GetRoutingProtocol(i, priority);
        order.emplace_back(p->GetInstanceTypeId().GetName(), priority);
    }
    return order;
}

std::vector<std::pair<std::string, int16_t>>
OrderAfterInstalling(bool natFirst)
{
    NodeContainer nodes;
    nodes.Create(3);
    InternetStackHelper internet;
    internet.Install(nodes);
    PointToPointHelper p2p;
    NetDeviceContainer inside = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer outside = p2p.Install(nodes.Get(1), nodes.Get(2));
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0");
    addresses.Assign(inside);
    addresses.SetBase("192.0.2.0", "255.255.255.0");
    addresses.Assign(outside);
    Ptr<Node> router = nodes.Get(1);
    NatHelper nat;
    IpsecHelper ipsec;
    if (natFirst)
    {
        nat.Install(router, inside.Get(1), outside.Get(0));
        ipsec.Install(router);
    }
    else
    {
        ipsec.Install(router);
        nat.Install(router, inside.Get(1), outside.Get(0));
    }
    auto order = RoutingOrder(router);
    Simulator::Destroy();
    return order;
}

} // namespace

TEST(TransitShims, IpsecIsAskedBeforeNatWhateverTheInstallOrder)
{
    for (bool natFirst : {false, true})
    {
        auto order = OrderAfterInstalling(natFirst);
        ASSERT_GE(order.size(), 3u);
        EXPECT_EQ(order[0],
                  std::make_pair(std::string("ns3::IpsecRoutingShim"), kIpsecShimPriority))
            << "NAT installed first: " << natFirst;
        EXPECT_EQ(order[1], std::make_pair(std::string("ns3::NatRoutingShim"), kNatShimPriority));
        EXPECT_EQ(order[2].first, "ns3::Ipv4StaticRouting");
    }
    EXPECT_GT(kIpsecShimPriority, kNatShimPriority);
}
