#include "ipsec/ipsec-stack.h"

#include "events/event-stream.h"
#include "ipsec/ipsec-events.h"

#include <ns3/boolean.h>
#include <ns3/log.h>
#include <ns3/uinteger.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecStack");
NS_OBJECT_ENSURE_REGISTERED(IpsecStack);

using ipseclab::Direction;
using ipseclab::IpsecProtocol;
using ipseclab::SecurityAssociation;

TypeId
IpsecStack::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IpsecStack")
            .SetParent<Object>()
            .SetGroupName("Ipsec")
            .AddConstructor<IpsecStack>()
            .AddAttribute("BypassIke",
                          "Let IKE (UDP 500 and 4500) pass without a policy, as strongSwan's "
                          "socket bypass policies do",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IpsecStack::m_bypassIke),
                          MakeBooleanChecker())
            .AddAttribute("Ttl",
                          "TTL of the IP headers IPsec builds (outer and inner of tunnels "
                          "for locally originated traffic)",
                          UintegerValue(64),
                          MakeUintegerAccessor(&IpsecStack::m_ttl),
                          MakeUintegerChecker<uint8_t>(1))
            .AddTraceSource("Drop",
                            "A packet dropped by IPsec, with the reason and the SPI",
                            MakeTraceSourceAccessor(&IpsecStack::m_dropTrace),
                            "ns3::IpsecStack::DropTracedCallback")
            .AddTraceSource("Protect",
                            "An outbound packet protected by an SA (ESP or AH packet)",
                            MakeTraceSourceAccessor(&IpsecStack::m_protectTrace),
                            "ns3::IpsecStack::SaPacketTracedCallback")
            .AddTraceSource("Unprotect",
                            "An inbound ESP or AH packet that verified",
                            MakeTraceSourceAccessor(&IpsecStack::m_unprotectTrace),
                            "ns3::IpsecStack::SaPacketTracedCallback")
            .AddTraceSource("SaInstalled",
                            "An SA was added to the SAD",
                            MakeTraceSourceAccessor(&IpsecStack::m_saInstalledTrace),
                            "ns3::IpsecStack::SaTracedCallback")
            .AddTraceSource("SaRemoved",
                            "An SA left the SAD (deleted or hard-expired)",
                            MakeTraceSourceAccessor(&IpsecStack::m_saRemovedTrace),
                            "ns3::IpsecStack::SaTracedCallback")
            .AddTraceSource("SoftExpire",
                            "An SA reached its soft lifetime: time to rekey",
                            MakeTraceSourceAccessor(&IpsecStack::m_softExpireTrace),
                            "ns3::IpsecStack::SaTracedCallback")
            .AddTraceSource("Acquire",
                            "A PROTECT policy matched a packet but has no SA",
                            MakeTraceSourceAccessor(&IpsecStack::m_acquireTrace),
                            "ns3::IpsecStack::AcquireTracedCallback");
    return tid;
}

IpsecStack::IpsecStack()
    : m_ivRandom(CreateObject<UniformRandomVariable>())
    , m_shared(m_bypassIke, m_ttl,
               IpsecTraces{m_dropTrace,
                           m_protectTrace,
                           m_unprotectTrace,
                           m_saInstalledTrace,
                           m_saRemovedTrace,
                           m_softExpireTrace,
                           m_acquireTrace})
    , m_lifetimes(m_shared, [this](const SecurityAssociation& sa, const std::string& why)
                  { RemoveSaObject(sa, why); })
    , m_output(m_shared, m_lifetimes, m_ivRandom)
    , m_input(m_shared, m_lifetimes, m_ipv4)
    , m_udpEncap(m_shared, m_input, m_ipv4)
    , m_hooks(m_shared, m_output, m_input, m_ipv4)
{
}

IpsecStack::~IpsecStack() = default;

void
IpsecStack::DoDispose()
{
    m_shared.sad.Clear(); // cancels the SAs' timers
    m_shared.spd.Clear();
    m_udpEncap.Dispose();
    m_hooks.Dispose();
    m_node = nullptr;
    Object::DoDispose();
}

int64_t
IpsecStack::AssignStreams(int64_t stream)
{
    m_ivRandom->SetStream(stream);
    return 1;
}

void
IpsecStack::Install(Ptr<Node> node)
{
    m_node = node;
    m_shared.nodeId = node->GetId();
    m_hooks.Install(node, this);
    m_udpEncap.SetNode(node, m_hooks.GetL3());
}

uint32_t
IpsecStack::AddPolicy(ipseclab::SpdEntry entry)
{
    uint32_t id = m_shared.spd.Add(std::move(entry));
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(PolicyAddEvent(m_shared.nodeId, *m_shared.spd.Find(id)));
    }
    return id;
}

bool
IpsecStack::RemovePolicy(uint32_t id)
{
    return m_shared.spd.Remove(id);
}

SecurityAssociation&
IpsecStack::AddSa(ipseclab::SaConfig config)
{
    SecurityAssociation& sa = m_shared.sad.Add(std::move(config));
    m_lifetimes.Start(sa);
    if (sa.Config().UsesUdpEncapsulation() && sa.Config().direction == Direction::Inbound)
    {
        m_udpEncap.Ensure();
    }
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(SaInstallEvent(m_shared.nodeId, sa));
    }
    // The esp_sa line comes from this event (KeyExport::Observe, a subscriber of the stream).
    m_saInstalledTrace(sa);
    return sa;
}

bool
IpsecStack::RemoveSa(Direction direction, IpsecProtocol protocol, uint32_t spi,
                     const std::string& why)
{
    auto sa = m_shared.sad.Remove(direction, protocol, spi);
    if (!sa)
    {
        return false;
    }
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(SaDeleteEvent(m_shared.nodeId, *sa, why));
    }
    m_saRemovedTrace(*sa);
    return true; // the SA and its timers go here
}

void
IpsecStack::RemoveSaObject(const SecurityAssociation& sa, const std::string& why)
{
    const ipseclab::SaConfig& c = sa.Config();
    RemoveSa(c.direction, c.protocol, c.spi, why);
}

uint64_t
IpsecStack::GetDropCount(ipseclab::DropReason reason) const
{
    return m_shared.drops[static_cast<size_t>(reason)];
}

void
IpsecStack::SetIkeOn4500Receiver(IkeReceiver receiver)
{
    m_udpEncap.SetIkeReceiver(receiver);
    m_udpEncap.Ensure();
}

void
IpsecStack::SendIkeFrom4500(const ipseclab::Bytes& ike, Ipv4Address to, uint16_t port)
{
    m_udpEncap.SendIke(ike, to, port);
}

void
IpsecStack::SendNatKeepalive(Ipv4Address to, uint16_t port)
{
    m_udpEncap.SendKeepalive(to, port);
}

// The hooks' entry points (ipv4-hooks.h).

void
IpsecStack::OutboundFromL4(Ptr<Packet> packet, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                           Ptr<Ipv4Route> route)
{
    m_hooks.OutboundFromL4(packet, src, dst, protocol, route);
}

bool
IpsecStack::RouteForward(Ptr<const Packet> packet, const Ipv4Header& header)
{
    return m_hooks.RouteForward(packet, header);
}

bool
IpsecStack::AllowInbound(Ptr<const Packet> packet, const Ipv4Header& header)
{
    return m_hooks.AllowInbound(packet, header);
}

IpL4Protocol::RxStatus
IpsecStack::ReceiveEsp(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    return m_hooks.ReceiveEsp(packet, header, iface);
}

IpL4Protocol::RxStatus
IpsecStack::ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    return m_hooks.ReceiveAh(packet, header, iface);
}

} // namespace ns3
