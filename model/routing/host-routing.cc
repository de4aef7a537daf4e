#include "host-routing.h"

#include <ns3/ipv4-list-routing.h>
#include <ns3/ipv4-route.h>
#include <ns3/log.h>
#include <ns3/node.h>
#include <ns3/output-stream-wrapper.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4HostRouting");
NS_OBJECT_ENSURE_REGISTERED(Ipv4HostRouting);

TypeId
Ipv4HostRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Ipv4HostRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<Ipv4HostRouting>();
    return tid;
}

Ptr<Ipv4HostRouting>
Ipv4HostRouting::Install(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol());
    if (!list)
    {
        NS_FATAL_ERROR("Ipv4HostRouting: node " << node->GetId()
                                                << " has no Ipv4ListRouting (install the Internet "
                                                   "stack with its default routing first)");
    }
    Ptr<Ipv4HostRouting> routing = CreateObject<Ipv4HostRouting>();
    list->AddRoutingProtocol(routing, 10); // static routing has 0
    return routing;
}

void
Ipv4HostRouting::AddHostRoute(Ipv4Address dst, uint32_t interface)
{
    m_routes[dst.Get()] = interface;
}

void
Ipv4HostRouting::AddLocalAddress(Ipv4Address local, uint32_t interface)
{
    m_local[local.Get()] = interface;
}

bool
Ipv4HostRouting::RemoveHostRoute(Ipv4Address dst)
{
    return m_routes.erase(dst.Get()) != 0;
}

Ptr<Ipv4Route>
Ipv4HostRouting::RouteTo(Ipv4Address dst, uint32_t interface) const
{
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(dst);
    route->SetGateway(Ipv4Address::GetZero()); // on-link
    route->SetSource(m_ipv4->GetAddress(interface, 0).GetLocal());
    route->SetOutputDevice(m_ipv4->GetNetDevice(interface));
    return route;
}

Ptr<Ipv4Route>
Ipv4HostRouting::RouteOutput(Ptr<Packet>, const Ipv4Header& header, Ptr<NetDevice> oif,
                             Socket::SocketErrno& sockerr)
{
    auto it = m_routes.find(header.GetDestination().Get());
    if (it == m_routes.end() ||
        (oif && m_ipv4->GetInterfaceForDevice(oif) != static_cast<int32_t>(it->second)))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST; // the next protocol of the list may know
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return RouteTo(header.GetDestination(), it->second);
}

bool
Ipv4HostRouting::RouteInput(Ptr<const Packet> p, const Ipv4Header& header,
                            Ptr<const NetDevice> idev, UnicastForwardCallback ucb,
                            MulticastForwardCallback, LocalDeliverCallback lcb, ErrorCallback)
{
    // Ipv4ListRouting has delivered packets to the interfaces' addresses before it asks us;
    // what is left to deliver here are the addresses kept in m_local.
    const int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    if (auto local = m_local.find(header.GetDestination().Get());
        local != m_local.end() && static_cast<int32_t>(local->second) == iif)
    {
        lcb(p, header, iif);
        return true;
    }
    auto it = m_routes.find(header.GetDestination().Get());
    if (it == m_routes.end() || !m_ipv4->IsForwarding(iif))
    {
        return false;
    }
    ucb(RouteTo(header.GetDestination(), it->second), p, header);
    return true;
}

void
Ipv4HostRouting::NotifyInterfaceUp(uint32_t)
{
}

void
Ipv4HostRouting::NotifyInterfaceDown(uint32_t interface)
{
    for (auto* table : {&m_routes, &m_local})
    {
        for (auto it = table->begin(); it != table->end();)
        {
            it = it->second == interface ? table->erase(it) : std::next(it);
        }
    }
}

void
Ipv4HostRouting::NotifyAddAddress(uint32_t, Ipv4InterfaceAddress)
{
}

void
Ipv4HostRouting::NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress)
{
}

void
Ipv4HostRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
Ipv4HostRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Ipv4HostRouting: " << m_routes.size() << " host routes, " << m_local.size()
       << " local addresses\n";
    for (const auto& [dst, interface] : m_routes)
    {
        os << "  " << Ipv4Address(dst) << " -> interface " << interface << "\n";
    }
}

} // namespace ns3
