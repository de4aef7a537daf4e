#include "ipsec/ipsec-routing-shim.h"

#include "ipsec/ipsec-stack.h"

#include <ns3/output-stream-wrapper.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecRoutingShim);

TypeId
IpsecRoutingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecRoutingShim")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecRoutingShim>();
    return tid;
}

Ptr<Ipv4Route>
IpsecRoutingShim::RouteOutput(Ptr<Packet>, const Ipv4Header&, Ptr<NetDevice>,
                              Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
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

void
IpsecRoutingShim::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << "IPsec routing shim: transit packets are checked against the SPD\n";
}

void
IpsecRoutingShim::DoDispose()
{
    m_stack = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
