#include "ipsec/ipsec-inbound-guard.h"

#include "ipsec/ipsec-stack.h"

#include <ns3/ipv6-interface.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecInboundGuard);

TypeId
IpsecInboundGuard::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecInboundGuard")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecInboundGuard>();
    return tid;
}

void
IpsecInboundGuard::SetInner(Ptr<IpL4Protocol> inner, Ptr<IpsecStack> stack)
{
    m_inner = inner;
    m_stack = stack;
}

int
IpsecInboundGuard::GetProtocolNumber() const
{
    return m_inner->GetProtocolNumber();
}

IpL4Protocol::RxStatus
IpsecInboundGuard::Receive(Ptr<Packet> p, const Ipv4Header& header,
                           Ptr<Ipv4Interface> incomingInterface)
{
    if (!m_stack->AllowInbound(p, header))
    {
        return RX_OK; // dropped, counted and traced by the stack; no ICMP error for it
    }
    return m_inner->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
IpsecInboundGuard::Receive(Ptr<Packet> p, const Ipv6Header& header,
                           Ptr<Ipv6Interface> incomingInterface)
{
    return m_inner->Receive(p, header, incomingInterface);
}

void
IpsecInboundGuard::ReceiveIcmp(Ipv4Address icmpSource, uint8_t icmpTtl, uint8_t icmpType,
                               uint8_t icmpCode, uint32_t icmpInfo, Ipv4Address payloadSource,
                               Ipv4Address payloadDestination, const uint8_t payload[8])
{
    m_inner->ReceiveIcmp(icmpSource,
                         icmpTtl,
                         icmpType,
                         icmpCode,
                         icmpInfo,
                         payloadSource,
                         payloadDestination,
                         payload);
}

IpL4Protocol::DownTargetCallback
IpsecInboundGuard::GetDownTarget() const
{
    return m_inner->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
IpsecInboundGuard::GetDownTarget6() const
{
    return m_inner->GetDownTarget6();
}

void
IpsecInboundGuard::DoDispose()
{
    m_inner = nullptr;
    m_stack = nullptr;
    IpL4Protocol::DoDispose();
}

} // namespace ns3
