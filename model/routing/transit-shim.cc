#include "routing/transit-shim.h"

#include <ns3/output-stream-wrapper.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TransitShim);

TypeId
TransitShim::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TransitShim").SetParent<Ipv4RoutingProtocol>().SetGroupName("Internet");
    return tid;
}

Ptr<Ipv4Route>
TransitShim::RouteOutput(Ptr<Packet>, const Ipv4Header&, Ptr<NetDevice>,
                         Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

void
TransitShim::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    *stream->GetStream() << Describe() << "\n";
}

} // namespace ns3
