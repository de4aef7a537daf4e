#include "nat/nat-routing-shim.h"

#include "nat/nat-router.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NatRoutingShim);

TypeId
NatRoutingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NatRoutingShim")
                            .SetParent<TransitShim>()
                            .SetGroupName("Nat")
                            .AddConstructor<NatRoutingShim>();
    return tid;
}

bool
NatRoutingShim::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                           UnicastForwardCallback ucb, MulticastForwardCallback,
                           LocalDeliverCallback, ErrorCallback)
{
    return m_nat->RouteOutbound(p, header, idev, ucb);
}

std::string
NatRoutingShim::Describe() const
{
    return "NAT routing shim: transit packets from the inside are translated";
}

void
NatRoutingShim::DoDispose()
{
    m_nat = nullptr;
    TransitShim::DoDispose();
}

} // namespace ns3
