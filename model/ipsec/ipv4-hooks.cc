#include "ipsec/ipv4-hooks.h"

#include "ipsec/ipsec-inbound-guard.h"
#include "ipsec/ipsec-l4-protocol.h"
#include "ipsec/ipsec-routing-shim.h"
#include "ipsec/ipsec-stack.h"

#include <ns3/ipv4-list-routing.h>

namespace ns3
{

Ipv4Hooks::Ipv4Hooks(IpsecShared& shared, IpsecOutput& output, IpsecInput& input,
                     Ipv4Family& family)
    : m_shared(shared)
    , m_output(output)
    , m_input(input)
    , m_family(family)
{
}

void
Ipv4Hooks::Install(Ptr<Node> node, Ptr<IpsecStack> stack)
{
    m_l3 = node->GetObject<Ipv4L3Protocol>();
    if (!m_l3)
    {
        NS_FATAL_ERROR("IPsec on node " << node->GetId()
                                        << ": install the Internet stack (InternetStackHelper) "
                                           "before IPsec");
    }
    auto list = DynamicCast<Ipv4ListRouting>(m_l3->GetRoutingProtocol());
    if (!list)
    {
        NS_FATAL_ERROR("IPsec on node " << node->GetId()
                                        << ": the node's routing protocol must be an "
                                           "Ipv4ListRouting (InternetStackHelper's default)");
    }
    // Hook 2: first in line for transit packets (priorities: routing/transit-shim.h).
    auto shim = CreateObject<IpsecRoutingShim>();
    shim->SetStack(stack);
    list->AddRoutingProtocol(shim, kIpsecShimPriority);

    // Hook 3: ESP and AH as IP protocols.
    for (uint8_t number : {ipseclab::ipproto::kEsp, ipseclab::ipproto::kAh})
    {
        auto l4 = CreateObject<IpsecL4Protocol>();
        l4->SetStack(stack, number);
        m_l3->Insert(l4);
    }

    // Hooks 1 and 4: outbound through us, inbound local delivery past the guard.
    for (uint8_t number :
         {ipseclab::ipproto::kIcmp, ipseclab::ipproto::kTcp, ipseclab::ipproto::kUdp})
    {
        Ptr<IpL4Protocol> l4 = m_l3->GetProtocol(number);
        if (!l4)
        {
            continue;
        }
        l4->SetDownTarget(MakeCallback(&IpsecStack::OutboundFromL4, PeekPointer(stack)));
        for (uint32_t i = 0; i < m_l3->GetNInterfaces(); ++i)
        {
            auto guard = CreateObject<IpsecInboundGuard>();
            guard->SetInner(l4, stack);
            m_l3->Insert(guard, i);
        }
    }
}

ipseclab::FlowKey
Ipv4Hooks::MakeFlow(const Ipv4Header& header, Ptr<const Packet> payload) const
{
    ipseclab::FlowKey flow;
    flow.src = header.GetSource().Get();
    flow.dst = header.GetDestination().Get();
    flow.protocol = header.GetProtocol();
    if (header.GetFragmentOffset() == 0)
    {
        uint8_t head[4];
        uint32_t n = payload->CopyData(head, sizeof head);
        FillPorts(flow, head, n);
    }
    return flow;
}

void
Ipv4Hooks::OutboundFromL4(Ptr<Packet> packet, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                          Ptr<Ipv4Route> route)
{
    if (m_shared.spd.GetSize() == 0)
    {
        m_l3->Send(packet, src, dst, protocol, route);
        return;
    }
    Ipv4Header inner;
    inner.SetSource(src);
    inner.SetDestination(dst);
    inner.SetProtocol(protocol);
    inner.SetPayloadSize(packet->GetSize());
    inner.SetTtl(m_shared.ttl);
    inner.SetMayFragment();
    ipseclab::FlowKey flow = MakeFlow(inner, packet);
    const ipseclab::SpdEntry* policy = m_output.Lookup(flow, true);
    if (!policy)
    {
        m_l3->Send(packet, src, dst, protocol, route);
        return;
    }
    if (policy->action == ipseclab::SpdAction::Discard)
    {
        m_output.Discard(packet, *policy);
        return;
    }
    // Tunnel mode puts this header inside, so it takes its identification now.
    inner.SetIdentification(m_family.TakeIdentification());
    Ipv4OutboundDatagram datagram(m_family, m_l3, inner, route);
    m_output.Protect(*policy, flow, packet, datagram);
}

bool
Ipv4Hooks::RouteForward(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (m_input.TakeDecapsulated(packet->GetUid()))
    {
        return false; // just decapsulated here: its SA's selectors were checked
    }
    if (m_shared.spd.GetSize() == 0)
    {
        return false;
    }
    ipseclab::FlowKey flow = MakeFlow(header, packet);
    if (!m_input.AllowCleartext(packet, flow))
    {
        return true;
    }
    const ipseclab::SpdEntry* policy = m_output.Lookup(flow, false);
    if (!policy)
    {
        return false;
    }
    if (policy->action == ipseclab::SpdAction::Discard)
    {
        m_output.Discard(packet, *policy);
        return true;
    }
    if (header.GetTtl() <= 1)
    {
        return false; // IP forwarding drops it and sends Time Exceeded
    }
    Ipv4Header inner = header;
    inner.SetTtl(header.GetTtl() - 1); // forwarded, as ip_forward() does before xfrm
    Ipv4OutboundDatagram datagram(m_family, m_l3, inner, nullptr);
    m_output.Protect(*policy, flow, packet, datagram);
    return true;
}

bool
Ipv4Hooks::AllowInbound(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (m_input.TakeDecapsulated(packet->GetUid()) || m_shared.spd.GetSize() == 0)
    {
        return true;
    }
    return m_input.AllowCleartext(packet, MakeFlow(header, packet));
}

IpL4Protocol::RxStatus
Ipv4Hooks::ReceiveEsp(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    m_input.ProcessEsp(CopyBytes(packet), Ipv4InboundDatagram(m_l3, header, iface), packet);
    return IpL4Protocol::RX_OK;
}

IpL4Protocol::RxStatus
Ipv4Hooks::ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    m_input.ProcessAh(CopyBytes(packet), Ipv4InboundDatagram(m_l3, header, iface), packet);
    return IpL4Protocol::RX_OK;
}

} // namespace ns3
