#include "nat/nat-router.h"

#include "events/event-stream.h"
#include "nat/nat-checksum.h"
#include "nat/nat-inbound-protocol.h"
#include "nat/nat-raw-header.h"
#include "nat/nat-routing-shim.h"

#include <ns3/boolean.h>
#include <ns3/ipv4-list-routing.h>
#include <ns3/log.h>
#include <ns3/simulator.h>
#include <ns3/uinteger.h>

#include <algorithm>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NatRouter");
NS_OBJECT_ENSURE_REGISTERED(NatRouter);

namespace
{
using ipseclab::nat::kIcmp;
using ipseclab::nat::kIcmpEcho;
using ipseclab::nat::kIcmpEchoReply;
using ipseclab::nat::kTcp;
using ipseclab::nat::kUdp;
/// Enough octets to see any L4 header the NAT rewrites (TCP: up to its checksum).
constexpr uint32_t kPeekSize = 20;

std::vector<uint8_t>
Peek(Ptr<const Packet> payload)
{
    std::vector<uint8_t> first(std::min(kPeekSize, payload->GetSize()));
    payload->CopyData(first.data(), static_cast<uint32_t>(first.size()));
    return first;
}

std::string
AddressString(Ipv4Address address)
{
    std::ostringstream os;
    os << address;
    return os.str();
}
} // namespace

TypeId
NatRouter::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NatRouter")
            .SetParent<Object>()
            .SetGroupName("Nat")
            .AddConstructor<NatRouter>()
            .AddAttribute("PreservePorts",
                          "Keep the inside source port as public port when it is free (many "
                          "home NATs do). False shows NAT-T's port change.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&NatRouter::m_preservePorts),
                          MakeBooleanChecker())
            .AddAttribute("PortRangeMin",
                          "First public port (and ICMP identifier) allocated.",
                          UintegerValue(49152),
                          MakeUintegerAccessor(&NatRouter::m_portMin),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PortRangeMax",
                          "Last public port (and ICMP identifier) allocated.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&NatRouter::m_portMax),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("UdpTimeout",
                          "Idle time after which a UDP mapping expires (RFC 4787 REQ-5: at "
                          "least 2 minutes in real NATs; shorter here to show keepalives).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&NatRouter::m_udpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpTimeout",
                          "Idle time after which a TCP mapping expires (RFC 5382 REQ-5).",
                          TimeValue(Seconds(7440)),
                          MakeTimeAccessor(&NatRouter::m_tcpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("IcmpTimeout",
                          "Idle time after which an ICMP echo mapping expires (RFC 5508).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&NatRouter::m_icmpTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("OtherTimeout",
                          "Idle time after which an address-only mapping (ESP, AH, ...) expires.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&NatRouter::m_otherTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("InboundRefresh",
                          "Inbound packets refresh mappings too (RFC 4787 REQ-6 allows it; "
                          "off so that only outbound keepalives keep a mapping alive).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&NatRouter::m_inboundRefresh),
                          MakeBooleanChecker())
            .AddAttribute("DeliverUnmatched",
                          "Packets for the public address without a mapping go to the NAT "
                          "node's own protocols instead of being dropped.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&NatRouter::m_deliverUnmatched),
                          MakeBooleanChecker())
            .AddTraceSource("Translate",
                            "A datagram was translated: direction, before, after.",
                            MakeTraceSourceAccessor(&NatRouter::m_translateTrace),
                            "ns3::NatRouter::TranslateTracedCallback")
            .AddTraceSource("Drop",
                            "A datagram was dropped: the datagram and the reason.",
                            MakeTraceSourceAccessor(&NatRouter::m_dropTrace),
                            "ns3::NatRouter::DropTracedCallback");
    return tid;
}

NatRouter::NatRouter()
    : m_preservePorts(false)
    , m_portMin(49152)
    , m_portMax(65535)
    , m_inboundRefresh(false)
    , m_deliverUnmatched(false)
    , m_outsideInterface(0)
{
}

void
NatRouter::Install(Ptr<Node> node, Ptr<NetDevice> inside, Ptr<NetDevice> outside)
{
    const uint32_t id = node->GetId();
    m_node = node;
    m_l3 = node->GetObject<Ipv4L3Protocol>();
    if (!m_l3)
    {
        NS_FATAL_ERROR("NAT on node " << id << ": install the Internet stack first");
    }
    const int32_t in = m_l3->GetInterfaceForDevice(inside);
    const int32_t out = m_l3->GetInterfaceForDevice(outside);
    if (in < 0 || out < 0 || in == out)
    {
        NS_FATAL_ERROR("NAT on node " << id
                                      << ": inside and outside must be two different "
                                         "devices of the node with IPv4 interfaces");
    }
    if (m_l3->GetNAddresses(out) == 0)
    {
        NS_FATAL_ERROR("NAT on node " << id << ": the outside interface has no address");
    }
    if (m_portMin > m_portMax)
    {
        NS_FATAL_ERROR("NAT on node " << id << ": PortRangeMin " << m_portMin << " > PortRangeMax "
                                      << m_portMax);
    }
    auto list = DynamicCast<Ipv4ListRouting>(m_l3->GetRoutingProtocol());
    if (!list)
    {
        NS_FATAL_ERROR("NAT on node " << id
                                      << ": the routing protocol must be an "
                                         "Ipv4ListRouting (InternetStackHelper's default)");
    }
    m_inside = inside;
    m_outside = outside;
    m_outsideInterface = static_cast<uint32_t>(out);
    m_publicAddress = m_l3->GetAddress(m_outsideInterface, 0).GetLocal();

    // Outbound: ahead of the normal routing for transit packets.
    auto shim = CreateObject<NatRoutingShim>();
    shim->SetNat(this);
    list->AddRoutingProtocol(shim, kNatShimPriority); // just below IPsec (transit-shim.h)

    // Inbound: packets for the public address are local deliveries, which Ipv4ListRouting
    // makes before asking any routing protocol; a per-interface protocol on the outside
    // interface sees them first and chains to whatever was there (IPsec's guard, UDP, ...).
    for (uint8_t number : {kIcmp, kTcp, kUdp, uint8_t(47), uint8_t(50), uint8_t(51)})
    {
        auto hook = CreateObject<NatInboundProtocol>();
        hook->Setup(this, number, m_l3->GetProtocol(number, out));
        m_l3->Insert(hook, m_outsideInterface);
    }
    NS_LOG_INFO("NAT on node " << id << ": public address " << m_publicAddress);
}

Time
NatRouter::TimeoutOf(uint8_t protocol) const
{
    switch (protocol)
    {
    case kUdp:
        return m_udpTimeout;
    case kTcp:
        return m_tcpTimeout;
    case kIcmp:
        return m_icmpTimeout;
    default:
        return m_otherTimeout;
    }
}

bool
NatRouter::RouteOutbound(Ptr<const Packet> payload, const Ipv4Header& header,
                         Ptr<const NetDevice> idev,
                         const Ipv4RoutingProtocol::UnicastForwardCallback& ucb)
{
    const Ipv4Address dst = header.GetDestination();
    if (idev != m_inside || dst.IsMulticast() || dst.IsBroadcast() || header.GetTtl() <= 1)
    {
        return false; // not ours; TTL expiry is left to IP forwarding (Time Exceeded inside)
    }
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route =
        m_l3->GetRoutingProtocol()->RouteOutput(payload->Copy(), header, nullptr, err);
    if (!route || route->GetOutputDevice() != m_outside)
    {
        return false; // stays inside (or unroutable): normal forwarding
    }
    const uint8_t protocol = header.GetProtocol();
    const Ipv4Address inside = header.GetSource();
    Ipv4Header translated = header;
    translated.SetSource(m_publicAddress);
    if (Node::ChecksumEnabled())
    {
        translated.EnableChecksum();
    }

    // Later fragments carry no L4 header: only the address changes (the first fragment's
    // checksum covers the whole datagram and is adjusted there).
    std::vector<uint8_t> first = Peek(payload);
    const L4Layout layout =
        header.GetFragmentOffset() == 0
            ? ipseclab::nat::LayoutOf(protocol, first.data(), first.size(), false)
            : L4Layout{};
    Ptr<Packet> out;
    NatMapping* mapping = nullptr;
    if (layout.size != 0)
    {
        if (first.size() < layout.size)
        {
            Drop(payload, header, "truncated");
            return true;
        }
        bool exhausted = false;
        const uint16_t port = ipseclab::nat::ReadU16(first.data() + layout.srcOffset);
        mapping = FindOrCreate(protocol, inside, port, dst, exhausted);
        if (!mapping)
        {
            Drop(payload, header, "ports-exhausted");
            return true;
        }
        out = Rewrite(payload,
                      layout,
                      first,
                      layout.srcOffset,
                      mapping->publicPort,
                      inside.Get(),
                      m_publicAddress.Get());
    }
    else
    {
        out = payload->Copy();
        if (protocol != kIcmp && protocol != kTcp && protocol != kUdp)
        {
            bool exhausted = false;
            mapping = FindOrCreate(protocol, inside, 0, dst, exhausted);
        }
    }
    if (mapping)
    {
        mapping->lastUsed = Simulator::Now();
        ++mapping->packetsOut;
    }
    ++m_counters.translatedOutbound;
    Translated("outbound", payload, header, out, translated);
    ucb(route, out, translated);
    return true;
}

bool
NatRouter::ReceiveInbound(Ptr<Packet> payload, const Ipv4Header& header)
{
    const uint8_t protocol = header.GetProtocol();
    std::vector<uint8_t> first = Peek(payload);
    const L4Layout layout = ipseclab::nat::LayoutOf(protocol, first.data(), first.size(), true);
    PublicKey key;
    if (layout.size != 0)
    {
        if (first.size() < layout.size)
        {
            Drop(payload, header, "truncated");
            return true;
        }
        key = PublicKey(protocol, ipseclab::nat::ReadU16(first.data() + layout.dstOffset));
    }
    else if (protocol == kIcmp)
    {
        return false; // echo requests and errors are for the NAT node itself
    }
    else
    {
        key = PublicKey(protocol, header.GetSource().Get());
    }
    auto found = m_byPublic.find(key);
    if (found == m_byPublic.end())
    {
        if (m_deliverUnmatched)
        {
            return false;
        }
        Drop(payload, header, "no-mapping");
        return true;
    }
    NatMapping& mapping = m_mappings.at(found->second);
    Ipv4Header translated = header;
    translated.SetDestination(mapping.insideAddress);
    // Local delivery has reassembled the datagram; forwarding fragments it again if needed.
    translated.SetFragmentOffset(0);
    translated.SetLastFragment();
    if (Node::ChecksumEnabled())
    {
        translated.EnableChecksum();
    }
    Ptr<Packet> in = layout.size != 0 ? Rewrite(payload,
                                                layout,
                                                first,
                                                layout.dstOffset,
                                                mapping.insidePort,
                                                m_publicAddress.Get(),
                                                mapping.insideAddress.Get())
                                      : payload->Copy();
    translated.SetPayloadSize(in->GetSize());
    ++mapping.packetsIn;
    if (m_inboundRefresh)
    {
        mapping.lastUsed = Simulator::Now();
    }
    ++m_counters.translatedInbound;
    Translated("inbound", payload, header, in, translated);

    // Back into IP on the interface it came from, now addressed to the inside host: the normal
    // forwarding path routes it, decrements the TTL and sends it (as IPsec does with tunnel-mode
    // inner datagrams).
    Ptr<Packet> datagram = in->Copy();
    datagram->AddHeader(translated);
    m_l3->Receive(m_outside,
                  datagram,
                  Ipv4L3Protocol::PROT_NUMBER,
                  m_outside->GetAddress(),
                  m_outside->GetAddress(),
                  NetDevice::PACKET_HOST);
    return true;
}

Ptr<Packet>
NatRouter::Rewrite(Ptr<const Packet> payload, const L4Layout& layout, std::vector<uint8_t> first,
                   uint32_t offset, uint16_t newPort, uint32_t oldAddress, uint32_t newAddress)
{
    first.resize(layout.size);
    ipseclab::nat::RewritePort(first.data(), layout, offset, newPort, oldAddress, newAddress);
    Ptr<Packet> p = payload->Copy();
    p->RemoveAtStart(layout.size);
    p->AddHeader(NatRawHeader(std::move(first)));
    return p;
}

NatMapping*
NatRouter::FindOrCreate(uint8_t protocol, Ipv4Address inside, uint16_t port, Ipv4Address remote,
                        bool& exhausted)
{
    const InsideKey key(protocol, inside.Get(), port);
    auto it = m_mappings.find(key);
    const bool hasPorts = port != 0 || protocol == kTcp || protocol == kUdp || protocol == kIcmp;
    if (it != m_mappings.end())
    {
        NatMapping& mapping = it->second;
        if (!hasPorts && mapping.remoteAddress != remote)
        {
            // Address-only: inbound packets are found by the peer; follow the newest one.
            auto old = m_byPublic.find(PublicKey(protocol, mapping.remoteAddress.Get()));
            if (old != m_byPublic.end() && old->second == key)
            {
                m_byPublic.erase(old);
            }
            mapping.remoteAddress = remote;
            m_byPublic[PublicKey(protocol, remote.Get())] = key;
        }
        return &mapping;
    }
    NatMapping mapping;
    mapping.protocol = protocol;
    mapping.insideAddress = inside;
    mapping.insidePort = port;
    mapping.publicAddress = m_publicAddress;
    mapping.created = Simulator::Now();
    mapping.lastUsed = mapping.created;
    if (hasPorts)
    {
        if (!AllocatePort(protocol, port, mapping.publicPort))
        {
            exhausted = true;
            return nullptr;
        }
        m_byPublic[PublicKey(protocol, mapping.publicPort)] = key;
    }
    else
    {
        // One mapping per inside host and protocol; a second host talking to the same peer
        // takes the inbound direction over (a real NAT without an ESP helper does no better).
        mapping.remoteAddress = remote;
        m_byPublic[PublicKey(protocol, remote.Get())] = key;
    }
    NatMapping& stored = m_mappings.emplace(key, mapping).first->second;
    ++m_counters.mappingsCreated;
    Emit("map", stored);
    ScheduleExpiry(key, stored);
    return &stored;
}

bool
NatRouter::AllocatePort(uint8_t protocol, uint16_t wanted, uint16_t& port)
{
    auto used = [&](uint16_t p)
    {
        return m_byPublic.count(PublicKey(protocol, p)) != 0;
    };
    if (m_preservePorts && wanted != 0 && !used(wanted))
    {
        port = wanted;
        return true;
    }
    // Sequential from a cursor: deterministic, and a freed port is not reused at once.
    const uint32_t range = uint32_t(m_portMax) - m_portMin + 1;
    auto cursor = m_nextPort.find(protocol);
    uint32_t start = cursor == m_nextPort.end() ? m_portMin : cursor->second;
    if (start < m_portMin || start > m_portMax)
    {
        start = m_portMin;
    }
    for (uint32_t i = 0; i < range; ++i)
    {
        const auto candidate = static_cast<uint16_t>(m_portMin + (start - m_portMin + i) % range);
        if (!used(candidate))
        {
            port = candidate;
            m_nextPort[protocol] =
                static_cast<uint16_t>(candidate == m_portMax ? m_portMin : candidate + 1);
            return true;
        }
    }
    return false;
}

void
NatRouter::ScheduleExpiry(const InsideKey& key, NatMapping& mapping)
{
    const Time due = mapping.lastUsed + TimeoutOf(mapping.protocol);
    mapping.expiry = Simulator::Schedule(
        std::max(due - Simulator::Now(), Seconds(0)), &NatRouter::CheckExpiry, this, key);
}

void
NatRouter::CheckExpiry(InsideKey key)
{
    auto it = m_mappings.find(key);
    if (it == m_mappings.end())
    {
        return;
    }
    NatMapping& mapping = it->second;
    // One timer per mapping, moved on lazily: refreshing costs no rescheduling per packet.
    if (Simulator::Now() < mapping.lastUsed + TimeoutOf(mapping.protocol))
    {
        ScheduleExpiry(key, mapping);
        return;
    }
    ++m_counters.mappingsExpired;
    Emit("expire", mapping);
    Forget(key, mapping);
}

void
NatRouter::Forget(const InsideKey& key, const NatMapping& mapping)
{
    const PublicKey pub = mapping.HasPorts()
                              ? PublicKey(mapping.protocol, mapping.publicPort)
                              : PublicKey(mapping.protocol, mapping.remoteAddress.Get());
    auto found = m_byPublic.find(pub);
    if (found != m_byPublic.end() && found->second == key)
    {
        m_byPublic.erase(found);
    }
    m_mappings.erase(key);
}

std::vector<NatMapping>
NatRouter::GetMappings() const
{
    std::vector<NatMapping> all;
    for (const auto& entry : m_mappings)
    {
        all.push_back(entry.second);
    }
    return all;
}

void
NatRouter::Drop(Ptr<const Packet> payload, const Ipv4Header& header, const std::string& reason)
{
    NS_LOG_INFO("NAT drop (" << reason << "): " << header);
    ++m_counters.dropped;
    if (!m_dropTrace.IsEmpty())
    {
        Ptr<Packet> datagram = payload->Copy();
        datagram->AddHeader(header);
        m_dropTrace(datagram, reason);
    }
    if (EventStream::IsEnabled())
    {
        ipseclab::Event event(m_node->GetId(), ipseclab::Layer::Nat, "drop");
        event.Add("reason", reason)
            .Add("protocol", unsigned(header.GetProtocol()))
            .Add("src", AddressString(header.GetSource()))
            .Add("dst", AddressString(header.GetDestination()));
        std::vector<uint8_t> first = Peek(payload);
        if ((header.GetProtocol() == kTcp || header.GetProtocol() == kUdp) && first.size() >= 4)
        {
            event.Add("src_port", unsigned(ipseclab::nat::ReadU16(first.data())))
                .Add("dst_port", unsigned(ipseclab::nat::ReadU16(first.data() + 2)));
        }
        EventStream::Emit(std::move(event));
    }
}

void
NatRouter::Emit(const char* kind, const NatMapping& mapping) const
{
    if (!EventStream::IsEnabled())
    {
        return;
    }
    ipseclab::Event event(m_node->GetId(), ipseclab::Layer::Nat, kind);
    event.Add("protocol", unsigned(mapping.protocol))
        .Add("inside_address", AddressString(mapping.insideAddress));
    if (mapping.HasPorts())
    {
        event.Add("inside_port", unsigned(mapping.insidePort));
    }
    event.Add("public_address", AddressString(mapping.publicAddress));
    if (mapping.HasPorts())
    {
        event.Add("public_port", unsigned(mapping.publicPort));
    }
    else
    {
        event.Add("remote", AddressString(mapping.remoteAddress));
    }
    if (std::string(kind) == "expire")
    {
        event.Add("packets_out", uint64_t(mapping.packetsOut))
            .Add("packets_in", uint64_t(mapping.packetsIn))
            .Add("idle_s", (Simulator::Now() - mapping.lastUsed).GetSeconds());
    }
    EventStream::Emit(std::move(event));
}

void
NatRouter::Translated(const char* direction, Ptr<const Packet> before, const Ipv4Header& oldHeader,
                      Ptr<const Packet> after, const Ipv4Header& newHeader)
{
    NS_LOG_LOGIC("NAT " << direction << ": " << oldHeader.GetSource() << " > "
                        << oldHeader.GetDestination() << " becomes " << newHeader.GetSource()
                        << " > " << newHeader.GetDestination());
    if (!m_translateTrace.IsEmpty())
    {
        Ptr<Packet> b = before->Copy();
        b->AddHeader(oldHeader);
        Ptr<Packet> a = after->Copy();
        a->AddHeader(newHeader);
        m_translateTrace(direction, b, a);
    }
    if (!EventStream::IsEnabled())
    {
        return;
    }
    const uint8_t protocol = oldHeader.GetProtocol();
    ipseclab::Event event(m_node->GetId(), ipseclab::Layer::Nat, "translate");
    event.Add("direction", direction).Add("protocol", unsigned(protocol));
    auto addEnds = [&](const char* prefix, const Ipv4Header& h, Ptr<const Packet> p)
    {
        const std::string pre(prefix);
        event.Add(pre + "src", AddressString(h.GetSource()))
            .Add(pre + "dst", AddressString(h.GetDestination()));
        if (h.GetFragmentOffset() != 0)
        {
            return;
        }
        std::vector<uint8_t> first = Peek(p);
        if ((protocol == kTcp || protocol == kUdp) && first.size() >= 4)
        {
            event.Add(pre + "src_port", unsigned(ipseclab::nat::ReadU16(first.data())))
                .Add(pre + "dst_port", unsigned(ipseclab::nat::ReadU16(first.data() + 2)));
        }
        else if (protocol == kIcmp && first.size() >= 8 &&
                 (first[0] == kIcmpEcho || first[0] == kIcmpEchoReply))
        {
            event.Add(pre + "icmp_id", unsigned(ipseclab::nat::ReadU16(first.data() + 4)));
        }
    };
    addEnds("", oldHeader, before);
    addEnds("new_", newHeader, after);
    EventStream::Emit(std::move(event));
}

void
NatRouter::DoDispose()
{
    for (auto& entry : m_mappings)
    {
        entry.second.expiry.Cancel();
    }
    m_mappings.clear();
    m_byPublic.clear();
    m_l3 = nullptr;
    m_node = nullptr;
    m_inside = nullptr;
    m_outside = nullptr;
    Object::DoDispose();
}

} // namespace ns3
