#include "ipsec/ipsec-routing-shim.h"

#include "ipsec/ipsec-stack.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecRoutingShim);

TypeId
IpsecRoutingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecRoutingShim")
                            .SetParent<TransitShim>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecRoutingShim>();
    return tid;
}

bool
IpsecRoutingShim::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice>,
                             UnicastForwardCallback, MulticastForwardCallback, LocalDeliverCallback,
                             ErrorCallback)
{
    if (header.GetDestination().IsMulticast() || header.GetDestination().IsBroadcast())
    {
        return false;
    }
    return m_stack->RouteForward(p, header);
}

std::string
IpsecRoutingShim::Describe() const
{
    return "IPsec routing shim: transit packets are checked against the SPD";
}

void
IpsecRoutingShim::DoDispose()
{
    m_stack = nullptr;
    TransitShim::DoDispose();
}

} // namespace ns3
