#include "nat/nat-routing-shim.h"

#include "nat/nat-router.h"

#include <ns3/output-stream-wrapper.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NatRoutingShim);

TypeId
NatRoutingShim::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NatRoutingShim")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Nat")
                            .AddConstructor<NatRoutingShim>();
    return tid;
}

Ptr<Ipv4Route>
NatRoutingShim::RouteOutput(Ptr<Packet>, const Ipv4Header&, Ptr<NetDevice>,
                            Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

bool
NatRoutingShim::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                           UnicastForwardCallback ucb, MulticastForwardCallback,
                           LocalDeliverCallback, ErrorCallback)
{
    return m_nat->RouteOutbound(p, header, idev, ucb);
}

void
NatRoutingShim::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << "NAT routing shim: transit packets from the inside are translated\n";
}

void
NatRoutingShim::DoDispose()
{
    m_nat = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
