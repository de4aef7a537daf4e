#include "nat/nat-inbound-protocol.h"

#include "nat/nat-router.h"

#include <ns3/ipv4-interface.h>
#include <ns3/ipv6-interface.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NatInboundProtocol);

TypeId
NatInboundProtocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NatInboundProtocol")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Nat")
                            .AddConstructor<NatInboundProtocol>();
    return tid;
}

void
NatInboundProtocol::Setup(Ptr<NatRouter> nat, uint8_t protocolNumber, Ptr<IpL4Protocol> next)
{
    m_nat = nat;
    m_protocol = protocolNumber;
    m_next = next;
}

int
NatInboundProtocol::GetProtocolNumber() const
{
    return m_protocol;
}

IpL4Protocol::RxStatus
NatInboundProtocol::Receive(Ptr<Packet> p, const Ipv4Header& header,
                            Ptr<Ipv4Interface> incomingInterface)
{
    if (m_nat->ReceiveInbound(p, header))
    {
        return RX_OK; // translated inside, or dropped (silently, as NATs do: no ICMP error)
    }
    if (!m_next)
    {
        return RX_ENDPOINT_UNREACH;
    }
    return m_next->Receive(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
NatInboundProtocol::Receive(Ptr<Packet> p, const Ipv6Header& header,
                            Ptr<Ipv6Interface> incomingInterface)
{
    return m_next ? m_next->Receive(p, header, incomingInterface) : RX_ENDPOINT_UNREACH;
}

void
NatInboundProtocol::ReceiveIcmp(Ipv4Address icmpSource, uint8_t icmpTtl, uint8_t icmpType,
                                uint8_t icmpCode, uint32_t icmpInfo, Ipv4Address payloadSource,
                                Ipv4Address payloadDestination, const uint8_t payload[8])
{
    if (m_next)
    {
        m_next->ReceiveIcmp(icmpSource,
                            icmpTtl,
                            icmpType,
                            icmpCode,
                            icmpInfo,
                            payloadSource,
                            payloadDestination,
                            payload);
    }
}

IpL4Protocol::DownTargetCallback
NatInboundProtocol::GetDownTarget() const
{
    return m_next ? m_next->GetDownTarget() : DownTargetCallback();
}

IpL4Protocol::DownTargetCallback6
NatInboundProtocol::GetDownTarget6() const
{
    return m_next ? m_next->GetDownTarget6() : DownTargetCallback6();
}

void
NatInboundProtocol::DoDispose()
{
    m_nat = nullptr;
    m_next = nullptr;
    IpL4Protocol::DoDispose();
}

} // namespace ns3
