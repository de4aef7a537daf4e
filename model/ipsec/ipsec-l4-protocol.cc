#include "ipsec/ipsec-l4-protocol.h"

#include "ipsec/ipsec-stack.h"

#include <ns3/ipv6-interface.h>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(IpsecL4Protocol);

TypeId
IpsecL4Protocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpsecL4Protocol")
                            .SetParent<IpL4Protocol>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IpsecL4Protocol>();
    return tid;
}

void
IpsecL4Protocol::SetStack(Ptr<IpsecStack> stack, uint8_t number)
{
    m_stack = stack;
    m_number = number;
}

IpL4Protocol::RxStatus
IpsecL4Protocol::Receive(Ptr<Packet> p, const Ipv4Header& header,
                         Ptr<Ipv4Interface> incomingInterface)
{
    return m_number == 51 ? m_stack->ReceiveAh(p, header, incomingInterface)
                          : m_stack->ReceiveEsp(p, header, incomingInterface);
}

IpL4Protocol::RxStatus
IpsecL4Protocol::Receive(Ptr<Packet>, const Ipv6Header&, Ptr<Ipv6Interface>)
{
    return RX_ENDPOINT_UNREACH; // IPv6 is not modelled
}

void
IpsecL4Protocol::DoDispose()
{
    m_stack = nullptr;
    m_downTarget = DownTargetCallback();
    m_downTarget6 = DownTargetCallback6();
    IpL4Protocol::DoDispose();
}

} // namespace ns3
