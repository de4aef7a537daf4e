#include "ipsec/ipsec-stack.h"

#include "datapath/ah-codec.h"
#include "datapath/esp-codec.h"
#include "datapath/udp-encap.h"
#include "events/event-stream.h"
#include "events/key-export.h"
#include "ipsec/ipsec-inbound-guard.h"
#include "ipsec/ipsec-l4-protocol.h"
#include "ipsec/ipsec-routing-shim.h"

#include <ns3/boolean.h>
#include <ns3/inet-socket-address.h>
#include <ns3/ipv4-list-routing.h>
#include <ns3/ipv4-packet-info-tag.h>
#include <ns3/log.h>
#include <ns3/simulator.h>
#include <ns3/socket-factory.h>
#include <ns3/udp-socket-factory.h>
#include <ns3/uinteger.h>

#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecStack");
NS_OBJECT_ENSURE_REGISTERED(IpsecStack);

using ipseclab::Bytes;
using ipseclab::ByteSpan;
using ipseclab::Direction;
using ipseclab::DropReason;
using ipseclab::Event;
using ipseclab::IpsecMode;
using ipseclab::IpsecProtocol;
using ipseclab::Layer;
using ipseclab::SecurityAssociation;

namespace
{

constexpr uint16_t kIkePort = 500;
constexpr uint16_t kNatTPort = 4500;
constexpr uint8_t kProtoEsp = 50;
constexpr uint8_t kProtoAh = 51;
constexpr uint8_t kProtoUdp = 17;

Bytes
CopyBytes(Ptr<const Packet> packet)
{
    Bytes bytes(packet->GetSize());
    if (!bytes.empty())
    {
        packet->CopyData(bytes.data(), bytes.size());
    }
    return bytes;
}

ipseclab::Ipv4Fields
ToFields(const Ipv4Header& h)
{
    ipseclab::Ipv4Fields f;
    f.tos = h.GetTos();
    f.totalLength = static_cast<uint16_t>(ipseclab::kIpv4HeaderSize + h.GetPayloadSize());
    f.identification = h.GetIdentification();
    uint16_t ff = static_cast<uint16_t>((h.GetFragmentOffset() / 8) & 0x1fff);
    if (h.IsDontFragment())
    {
        ff |= 0x4000;
    }
    if (!h.IsLastFragment())
    {
        ff |= 0x2000;
    }
    f.flagsFragment = ff;
    f.ttl = h.GetTtl();
    f.protocol = h.GetProtocol();
    f.src = h.GetSource().Get();
    f.dst = h.GetDestination().Get();
    return f;
}

/// Ports (or ICMP type/code) from the first octets of an L4 segment.
void
FillPorts(ipseclab::FlowKey& flow, const uint8_t* l4, size_t size)
{
    if ((flow.protocol == ipseclab::ipproto::kTcp || flow.protocol == ipseclab::ipproto::kUdp) &&
        size >= 4)
    {
        flow.srcPort = ipseclab::GetBe16(l4);
        flow.dstPort = ipseclab::GetBe16(l4 + 2);
    }
    else if (flow.protocol == ipseclab::ipproto::kIcmp && size >= 2)
    {
        flow = ipseclab::FlowKey::Icmp(flow.src, flow.dst, l4[0], l4[1]);
    }
}

bool
IsIke(const ipseclab::FlowKey& flow)
{
    return flow.protocol == ipseclab::ipproto::kUdp &&
           (flow.srcPort == kIkePort || flow.dstPort == kIkePort || flow.srcPort == kNatTPort ||
            flow.dstPort == kNatTPort);
}

std::string
Hex32(uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

Layer
LayerOf(const SecurityAssociation& sa)
{
    return sa.IsEsp() ? Layer::Esp : Layer::Ah;
}

// Field shapes of docs/events.md.

ipseclab::EventValue
FlowValue(const ipseclab::FlowKey& flow)
{
    ipseclab::EventValue v = ipseclab::EventValue::Object();
    v.Set("src", ipseclab::Ipv4AddressToString(flow.src));
    v.Set("dst", ipseclab::Ipv4AddressToString(flow.dst));
    v.Set("protocol", uint64_t(flow.protocol));
    if (flow.protocol == ipseclab::ipproto::kTcp || flow.protocol == ipseclab::ipproto::kUdp)
    {
        v.Set("src_port", uint64_t(flow.srcPort));
        v.Set("dst_port", uint64_t(flow.dstPort));
    }
    return v;
}

ipseclab::EventValue
WindowValue(const ipseclab::ReplaySnapshot& snapshot)
{
    ipseclab::EventValue v = ipseclab::EventValue::Object();
    v.Set("window_top", snapshot.top);
    v.Set("window_size", uint64_t(snapshot.size));
    v.Set("bitmap", snapshot.bitmap);
    return v;
}

/// The SA's identity as every SA event carries it: label, SPI, outer addresses.
void
AddSaFields(Event& e, const SecurityAssociation& sa)
{
    e.Add("sa", sa.Describe())
        .Add("spi", uint64_t(sa.Config().spi))
        .Add("src", ipseclab::Ipv4AddressToString(sa.Config().src))
        .Add("dst", ipseclab::Ipv4AddressToString(sa.Config().dst));
}

/// sn is the 32-bit wire value; with ESN the high half goes in esn_high.
void
AddSequence(Event& e, const SecurityAssociation& sa, uint64_t seq)
{
    e.Add("sn", uint64_t(seq & 0xffffffffULL));
    if (sa.Config().esn)
    {
        e.Add("esn_high", uint64_t(seq >> 32));
    }
}

/// The outer headers of an ESP/AH packet as on the wire (`outer_ip`; `udp` with NAT-T), so a
/// reader sees what each side sent or received (docs/events.md).
void
AddOuterHeaders(Event& e, const ipseclab::Ipv4Fields& ip, const Bytes& udp)
{
    uint8_t header[ipseclab::kIpv4HeaderSize];
    ipseclab::WriteIpv4Header(ip, header, true);
    e.AddHex("outer_ip", header, sizeof header);
    if (udp.size() >= 8)
    {
        e.AddHex("udp", udp.data(), 8);
    }
}

/// RFC 3948 2.1: ESP in UDP (ports, length, checksum), the ESP packet after the 8 octets.
Bytes
UdpEncapsulate(ByteSpan esp, uint16_t srcPort, uint16_t dstPort, uint32_t src, uint32_t dst)
{
    Bytes udp(8 + esp.size());
    ipseclab::PutBe16(udp.data(), srcPort);
    ipseclab::PutBe16(udp.data() + 2, dstPort);
    ipseclab::PutBe16(udp.data() + 4, static_cast<uint16_t>(udp.size()));
    std::copy(esp.begin(), esp.end(), udp.begin() + 8);
    // RFC 3948 2.1 allows a zero checksum, but ns-3's UDP (with checksums on) rejects one, and a
    // correct checksum is valid everywhere.
    ipseclab::PutBe16(udp.data() + 6, ipseclab::UdpChecksum(src, dst, ByteSpan(udp)));
    return udp;
}

} // namespace

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
{
    m_decapsulated.reserve(8);
}

void
IpsecStack::MarkDecapsulated(uint64_t uid)
{
    if (m_decapsulated.size() >= 8)
    {
        m_decapsulated.erase(m_decapsulated.begin()); // never consumed (e.g. nested tunnels)
    }
    m_decapsulated.push_back(uid);
}

bool
IpsecStack::TakeDecapsulated(uint64_t uid)
{
    for (auto it = m_decapsulated.begin(); it != m_decapsulated.end(); ++it)
    {
        if (*it == uid)
        {
            m_decapsulated.erase(it);
            return true;
        }
    }
    return false;
}

IpsecStack::~IpsecStack() = default;

void
IpsecStack::DoDispose()
{
    m_sad.Clear();
    m_spd.Clear();
    if (m_udpEncapSocket)
    {
        m_udpEncapSocket->Close();
        m_udpEncapSocket = nullptr;
    }
    m_ikeReceiver = IkeReceiver();
    m_l3 = nullptr;
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
    // Hook 2: first in line for transit packets.
    auto shim = CreateObject<IpsecRoutingShim>();
    shim->SetStack(this);
    list->AddRoutingProtocol(shim, std::numeric_limits<int16_t>::max());

    // Hook 3: ESP and AH as IP protocols.
    for (uint8_t number : {kProtoEsp, kProtoAh})
    {
        auto l4 = CreateObject<IpsecL4Protocol>();
        l4->SetStack(this, number);
        m_l3->Insert(l4);
    }

    // Hooks 1 and 4: outbound through us, inbound local delivery past the guard.
    for (uint8_t number : {ipseclab::ipproto::kIcmp, ipseclab::ipproto::kTcp, kProtoUdp})
    {
        Ptr<IpL4Protocol> l4 = m_l3->GetProtocol(number);
        if (!l4)
        {
            continue;
        }
        l4->SetDownTarget(MakeCallback(&IpsecStack::OutboundFromL4, this));
        for (uint32_t i = 0; i < m_l3->GetNInterfaces(); ++i)
        {
            auto guard = CreateObject<IpsecInboundGuard>();
            guard->SetInner(l4, this);
            m_l3->Insert(guard, i);
        }
    }
}

uint32_t
IpsecStack::AddPolicy(ipseclab::SpdEntry entry)
{
    uint32_t id = m_spd.Add(std::move(entry));
    if (EventStream::IsEnabled())
    {
        const ipseclab::SpdEntry* added = m_spd.Find(id);
        Event e(m_node->GetId(), Layer::Spd, "policy-add");
        e.Add("policy", uint64_t(id))
            .Add("direction", ipseclab::ToString(added->direction))
            .Add("action", ipseclab::ToString(added->action))
            .Add("selector", added->selector.ToString())
            .Add("text", added->ToString());
        if (!added->name.empty())
        {
            e.Add("policy_name", added->name);
        }
        EventStream::Emit(std::move(e));
    }
    return id;
}

bool
IpsecStack::RemovePolicy(uint32_t id)
{
    return m_spd.Remove(id);
}

SecurityAssociation&
IpsecStack::AddSa(ipseclab::SaConfig config)
{
    SecurityAssociation& sa = m_sad.Add(std::move(config));
    const ipseclab::SaConfig& c = sa.Config();
    if (c.soft.seconds > 0)
    {
        Simulator::Schedule(Seconds(c.soft.seconds),
                            &IpsecStack::OnLifetimeTimer,
                            this,
                            c.direction,
                            c.protocol,
                            c.spi,
                            false);
    }
    if (c.hard.seconds > 0)
    {
        Simulator::Schedule(Seconds(c.hard.seconds),
                            &IpsecStack::OnLifetimeTimer,
                            this,
                            c.direction,
                            c.protocol,
                            c.spi,
                            true);
    }
    if (c.UsesUdpEncapsulation() && c.direction == Direction::Inbound)
    {
        EnsureUdpEncapSocket();
    }
    if (EventStream::IsEnabled())
    {
        ipseclab::EventValue algorithms = ipseclab::EventValue::Object();
        if (sa.IsEsp())
        {
            algorithms.Set("encryption", std::string(sa.Esp().Encryption().name));
            if (sa.Esp().IntegrityAlg())
            {
                algorithms.Set("integrity", std::string(sa.Esp().IntegrityAlg()->name));
            }
        }
        else
        {
            algorithms.Set("integrity", std::string(sa.Ah().Algorithm().name));
        }
        ipseclab::EventValue lifetimes = ipseclab::EventValue::Object();
        auto addLimits = [&lifetimes](const ipseclab::Lifetime& l, const std::string& which)
        {
            if (l.bytes)
            {
                lifetimes.Set(which + "_bytes", l.bytes);
            }
            if (l.packets)
            {
                lifetimes.Set(which + "_packets", l.packets);
            }
            if (l.seconds > 0)
            {
                lifetimes.Set(which + "_seconds", l.seconds);
            }
        };
        addLimits(c.soft, "soft");
        addLimits(c.hard, "hard");
        Event e(m_node->GetId(), Layer::Sad, "install");
        AddSaFields(e, sa);
        e.Add("direction", ipseclab::ToString(c.direction))
            .Add("protocol", ipseclab::ToString(c.protocol))
            .Add("mode", ipseclab::ToString(c.mode))
            .Add("proposal", c.proposal)
            .Add("algorithms", std::move(algorithms))
            .Add("lifetimes", std::move(lifetimes))
            .Add("esn", c.esn)
            .Add("selector", c.selector.ToString())
            .Add("replay_window", uint64_t(c.replayWindow))
            .Add("udp_encap", c.UsesUdpEncapsulation())
            .Add("reqid", uint64_t(c.reqid))
            // A teaching lab shows its keys: they are what Wireshark needs too.
            .AddHex("encryption_key", c.encryptionKey)
            .AddHex("integrity_key", c.integrityKey);
        EventStream::Emit(std::move(e));
    }
    if (sa.IsEsp())
    {
        ExportKeys(sa);
    }
    m_saInstalledTrace(sa);
    return sa;
}

void
IpsecStack::ExportKeys(const SecurityAssociation& sa)
{
    // Wireshark's esp_sa table: tshark decrypts and checks every ESP packet with these.
    ipseclab::EspSaKey key;
    key.spi = sa.Config().spi;
    ipseclab::EspTransform& t = const_cast<SecurityAssociation&>(sa).Esp();
    key.encryptionAlgorithm = std::string(t.Encryption().wiresharkEsp);
    key.encryptionKey = sa.Config().encryptionKey;
    if (t.IntegrityAlg())
    {
        key.authenticationAlgorithm = std::string(t.IntegrityAlg()->wiresharkEsp);
        key.authenticationKey = sa.Config().integrityKey;
    }
    KeyExport::Default()->AddEspSa(key);
}

bool
IpsecStack::RemoveSa(Direction direction, IpsecProtocol protocol, uint32_t spi,
                     const std::string& why)
{
    auto sa = m_sad.Remove(direction, protocol, spi);
    if (!sa)
    {
        return false;
    }
    if (EventStream::IsEnabled())
    {
        Event e(m_node->GetId(), Layer::Sad, "delete");
        AddSaFields(e, *sa);
        e.Add("direction", ipseclab::ToString(direction))
            .Add("protocol", ipseclab::ToString(protocol))
            .Add("mode", ipseclab::ToString(sa->Config().mode))
            .Add("reason", why)
            .Add("packets", sa->Packets())
            .Add("octets", sa->ByteCount());
        EventStream::Emit(std::move(e));
    }
    m_saRemovedTrace(*sa);
    return true;
}

uint64_t
IpsecStack::GetDropCount(DropReason reason) const
{
    return m_drops[static_cast<size_t>(reason)];
}

ipseclab::FlowKey
IpsecStack::MakeFlow(const Ipv4Header& header, Ptr<const Packet> payload) const
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
IpsecStack::OutboundFromL4(Ptr<Packet> packet, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                           Ptr<Ipv4Route> route)
{
    if (m_spd.GetSize() == 0)
    {
        m_l3->Send(packet, src, dst, protocol, route);
        return;
    }
    Ipv4Header inner;
    inner.SetSource(src);
    inner.SetDestination(dst);
    inner.SetProtocol(protocol);
    inner.SetPayloadSize(packet->GetSize());
    inner.SetTtl(m_ttl);
    inner.SetMayFragment();
    ipseclab::FlowKey flow = MakeFlow(inner, packet);
    if (m_bypassIke && IsIke(flow))
    {
        m_l3->Send(packet, src, dst, protocol, route);
        return;
    }
    const ipseclab::SpdEntry* policy = m_spd.Lookup(Direction::Outbound, flow);
    if (!policy || policy->action == ipseclab::SpdAction::Bypass)
    {
        m_l3->Send(packet, src, dst, protocol, route);
        return;
    }
    if (policy->action == ipseclab::SpdAction::Discard)
    {
        Drop(packet, DropReason::PolicyDiscard, nullptr, "policy " + std::to_string(policy->id));
        return;
    }
    inner.SetIdentification(NextIdentification());
    Protect(*policy, flow, packet, inner, route);
}

bool
IpsecStack::RouteForward(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (TakeDecapsulated(packet->GetUid()))
    {
        return false; // just decapsulated here: its SA's selectors were checked
    }
    if (m_spd.GetSize() == 0)
    {
        return false;
    }
    ipseclab::FlowKey flow = MakeFlow(header, packet);
    if (!AllowInboundFlow(packet, flow))
    {
        return true;
    }
    const ipseclab::SpdEntry* policy = m_spd.Lookup(Direction::Outbound, flow);
    if (!policy || policy->action == ipseclab::SpdAction::Bypass)
    {
        return false;
    }
    if (policy->action == ipseclab::SpdAction::Discard)
    {
        Drop(packet, DropReason::PolicyDiscard, nullptr, "policy " + std::to_string(policy->id));
        return true;
    }
    if (header.GetTtl() <= 1)
    {
        return false; // IP forwarding drops it and sends Time Exceeded
    }
    Ipv4Header inner = header;
    inner.SetTtl(header.GetTtl() - 1); // forwarded, as ip_forward() does before xfrm
    Protect(*policy, flow, packet, inner, nullptr);
    return true;
}

bool
IpsecStack::AllowInbound(Ptr<const Packet> packet, const Ipv4Header& header)
{
    if (TakeDecapsulated(packet->GetUid()) || m_spd.GetSize() == 0)
    {
        return true;
    }
    return AllowInboundFlow(packet, MakeFlow(header, packet));
}

bool
IpsecStack::AllowInboundFlow(Ptr<const Packet> packet, const ipseclab::FlowKey& flow)
{
    if (m_bypassIke && IsIke(flow))
    {
        return true;
    }
    const ipseclab::SpdEntry* policy = m_spd.Lookup(Direction::Inbound, flow);
    if (!policy || policy->action == ipseclab::SpdAction::Bypass)
    {
        return true;
    }
    const bool discard = policy->action == ipseclab::SpdAction::Discard;
    Drop(packet,
         discard ? DropReason::PolicyDiscard : DropReason::PolicyViolation,
         nullptr,
         "cleartext " + flow.ToString() + " matches inbound policy " + std::to_string(policy->id));
    return false;
}

void
IpsecStack::Protect(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey& flow,
                    Ptr<const Packet> packet, const Ipv4Header& inner, Ptr<Ipv4Route> route)
{
    const IpsecProtocol wanted = policy.protect.protocol;
    const bool useEsp = wanted != IpsecProtocol::Ah;
    const bool useAh = wanted != IpsecProtocol::Esp;
    SecurityAssociation* esp =
        useEsp ? m_sad.FindOutbound(policy.protect.reqid, IpsecProtocol::Esp) : nullptr;
    SecurityAssociation* ah =
        useAh ? m_sad.FindOutbound(policy.protect.reqid, IpsecProtocol::Ah) : nullptr;
    if ((useEsp && !esp) || (useAh && !ah))
    {
        if (EventStream::IsEnabled())
        {
            EventStream::Emit(Event(m_node->GetId(), Layer::Spd, "acquire")
                                  .Add("policy", uint64_t(policy.id))
                                  .Add("reqid", uint64_t(policy.protect.reqid))
                                  .Add("flow", FlowValue(flow)));
        }
        m_acquireTrace(policy, flow);
        Drop(packet,
             DropReason::NoSa,
             nullptr,
             "no outbound SA for reqid " + std::to_string(policy.protect.reqid));
        return;
    }
    SecurityAssociation& first = esp ? *esp : *ah;
    const ipseclab::SaConfig& fc = first.Config();
    const bool events = EventStream::IsEnabled();

    // One copy out of the ns-3 packet, into a buffer reused packet after packet; in tunnel mode
    // with room in front for the inner IPv4 header.
    const size_t innerSize = packet->GetSize();
    const bool tunnel = fc.mode == IpsecMode::Tunnel;
    const size_t headerRoom = tunnel ? ipseclab::kIpv4HeaderSize : 0;
    Bytes& payload = m_innerBuffer;
    payload.resize(headerRoom + innerSize);
    packet->CopyData(payload.data() + headerRoom, innerSize);
    uint8_t nextHeader = inner.GetProtocol();
    uint32_t outerSrc = inner.GetSource().Get();
    uint32_t outerDst = inner.GetDestination().Get();
    if (tunnel)
    {
        ipseclab::Ipv4Fields f = ToFields(inner);
        f.totalLength = static_cast<uint16_t>(payload.size());
        ipseclab::WriteIpv4Header(f, payload.data(), true);
        nextHeader = ipseclab::kNextHeaderIpv4;
        outerSrc = fc.src;
        outerDst = fc.dst;
        route = nullptr; // a different destination: route the outer header afresh
    }

    uint8_t protocol = nextHeader;
    uint32_t lastSpi = 0;
    uint64_t lastSeq = 0;
    if (esp)
    {
        auto seq = esp->NextSequence();
        if (!seq)
        {
            if (events)
            {
                EventStream::Emit(Event(m_node->GetId(), Layer::Sad, "sequence-overflow")
                                      .Add("spi", uint64_t(esp->Config().spi))
                                      .Add("sa", esp->Describe()));
            }
            Drop(packet, DropReason::SequenceOverflow, esp);
            return;
        }
        uint8_t ivBytes[16] = {};
        ipseclab::Span<uint8_t> iv(ivBytes, esp->Esp().IvSize());
        if (esp->Esp().IsAead())
        {
            // RFC 4106 3.1: the IV must never repeat under a key; the sequence number never does.
            for (size_t i = 0; i < iv.size(); ++i)
            {
                iv[i] = static_cast<uint8_t>(*seq >> (8 * (iv.size() - 1 - i)));
            }
        }
        else
        {
            for (auto& b : iv)
            {
                b = static_cast<uint8_t>(m_ivRandom->GetInteger(0, 255));
            }
        }
        size_t tfc = 0;
        if (esp->Config().mode == IpsecMode::Tunnel && esp->Config().tfcPadTo > payload.size())
        {
            tfc = esp->Config().tfcPadTo - payload.size();
        }
        ipseclab::EspSealTrace trace;
        Bytes& sealed = m_sealBuffer;
        ipseclab::EspSealInto(sealed,
                              esp->Esp(),
                              esp->Config().spi,
                              *seq,
                              esp->Config().esn,
                              ByteSpan(payload),
                              nextHeader,
                              ByteSpan(iv),
                              tfc,
                              events ? &trace : nullptr);
        Bytes udp;
        if (esp->Config().UsesUdpEncapsulation())
        {
            udp = UdpEncapsulate(ByteSpan(sealed),
                                 esp->Config().encapSrcPort,
                                 esp->Config().encapDstPort,
                                 outerSrc,
                                 outerDst);
        }
        if (events)
        {
            Event e(m_node->GetId(), Layer::Esp, "encap");
            AddSaFields(e, *esp);
            AddSequence(e, *esp, *seq);
            e.Add("mode", ipseclab::ToString(esp->Config().mode))
                .Add("proposal", esp->Config().proposal)
                .Add("flow", FlowValue(flow))
                .Add("next_header", uint64_t(nextHeader))
                .Add("pad_length", uint64_t(trace.padLength))
                .AddHex("plaintext", payload)
                .AddHex("iv", trace.iv)
                .AddHex("ciphertext", trace.ciphertext)
                .AddHex("icv", trace.icv)
                .AddHex("packet", sealed);
            // The outer header it leaves with: the identification NextIdentification gives next.
            ipseclab::Ipv4Fields outer;
            const size_t espSize = udp.empty() ? sealed.size() : udp.size();
            outer.totalLength =
                static_cast<uint16_t>(ipseclab::kIpv4HeaderSize +
                                      (ah ? ipseclab::AhPacketSize(ah->Ah(), espSize) : espSize));
            outer.identification = m_identification;
            outer.ttl = m_ttl;
            outer.protocol = ah ? kProtoAh : (udp.empty() ? kProtoEsp : kProtoUdp);
            outer.src = outerSrc;
            outer.dst = outerDst;
            AddOuterHeaders(e, outer, udp);
            EventStream::Emit(std::move(e));
        }
        Account(*esp, innerSize);
        std::swap(payload, sealed); // the ESP packet is the payload now; buffers swap roles
        protocol = kProtoEsp;
        lastSpi = esp->Config().spi;
        lastSeq = *seq;
        if (!udp.empty())
        {
            payload = std::move(udp);
            protocol = kProtoUdp;
        }
    }
    uint16_t identification = NextIdentification();
    if (ah)
    {
        auto seq = ah->NextSequence();
        if (!seq)
        {
            Drop(packet, DropReason::SequenceOverflow, ah);
            return;
        }
        ipseclab::Ipv4Fields outer;
        outer.totalLength = static_cast<uint16_t>(ipseclab::kIpv4HeaderSize +
                                                  ipseclab::AhPacketSize(ah->Ah(), payload.size()));
        outer.identification = identification;
        outer.ttl = m_ttl;
        outer.protocol = kProtoAh;
        outer.src = outerSrc;
        outer.dst = outerDst;
        ipseclab::AhTrace trace;
        Bytes sealed = ipseclab::AhSeal(ah->Ah(),
                                        outer,
                                        ah->Config().spi,
                                        *seq,
                                        ah->Config().esn,
                                        ByteSpan(payload),
                                        protocol,
                                        events ? &trace : nullptr);
        if (events)
        {
            Event e(m_node->GetId(), Layer::Ah, "encap");
            AddSaFields(e, *ah);
            AddSequence(e, *ah, *seq);
            e.Add("mode", ipseclab::ToString(ah->Config().mode))
                .Add("proposal", ah->Config().proposal)
                .Add("flow", FlowValue(flow))
                .Add("next_header", uint64_t(protocol))
                .AddHex("icv_input", trace.icvInput)
                .AddHex("icv_full", trace.fullMac)
                .AddHex("icv", trace.icv)
                .AddHex("packet", sealed);
            AddOuterHeaders(e, outer, Bytes());
            EventStream::Emit(std::move(e));
        }
        Account(*ah, innerSize);
        payload = std::move(sealed);
        protocol = kProtoAh;
        lastSpi = ah->Config().spi;
        lastSeq = *seq;
    }

    Ptr<Packet> out = Create<Packet>(payload.data(), payload.size());
    Ipv4Header h;
    h.SetSource(Ipv4Address(outerSrc));
    h.SetDestination(Ipv4Address(outerDst));
    h.SetProtocol(protocol);
    h.SetPayloadSize(out->GetSize());
    h.SetTtl(m_ttl);
    h.SetIdentification(identification);
    h.SetMayFragment();
    if (!route || route->GetDestination() != h.GetDestination())
    {
        Socket::SocketErrno error;
        route = m_l3->GetRoutingProtocol()->RouteOutput(out, h, nullptr, error);
    }
    if (!route)
    {
        Drop(packet,
             DropReason::NoRoute,
             &first,
             "no route to " + ipseclab::Ipv4AddressToString(outerDst));
        return;
    }
    ++m_protected;
    m_protectTrace(out, lastSpi, lastSeq);
    m_l3->SendWithHeader(out, h, route);
}

IpL4Protocol::RxStatus
IpsecStack::ReceiveEsp(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    return ProcessEsp(CopyBytes(packet), header, iface, packet);
}

bool
IpsecStack::CheckReplay(SecurityAssociation& sa, uint64_t seq, Ptr<const Packet> packet)
{
    ipseclab::ReplayWindow& window = sa.Replay();
    auto verdict = window.Check(seq);
    if (EventStream::IsEnabled() && window.GetSize() > 0)
    {
        const bool pass = ipseclab::ReplayWindow::IsAccepted(verdict);
        Event e(m_node->GetId(), Layer::Replay, "check");
        e.Add("sa", sa.Describe()).Add("spi", uint64_t(sa.Config().spi));
        AddSequence(e, sa, seq);
        e.Add("verdict",
              pass ? "pass"
                   : (verdict == ipseclab::ReplayWindow::Verdict::Duplicate ? "replayed"
                                                                            : "too-old"))
            .Add("before", WindowValue(window.Snapshot()));
        EventStream::Emit(std::move(e));
    }
    if (ipseclab::ReplayWindow::IsAccepted(verdict))
    {
        return true;
    }
    window.RecordDrop(verdict);
    Drop(packet,
         verdict == ipseclab::ReplayWindow::Verdict::Duplicate ? DropReason::Replayed
                                                               : DropReason::TooOld,
         &sa,
         "seq " + std::to_string(seq));
    return false;
}

void
IpsecStack::CommitReplay(SecurityAssociation& sa, uint64_t seq)
{
    ipseclab::ReplayWindow& window = sa.Replay();
    const bool events = EventStream::IsEnabled() && window.GetSize() > 0;
    ipseclab::ReplaySnapshot before;
    if (events)
    {
        before = window.Snapshot();
    }
    window.Accept(seq);
    if (events)
    {
        Event e(m_node->GetId(), Layer::Replay, "update");
        e.Add("sa", sa.Describe()).Add("spi", uint64_t(sa.Config().spi));
        AddSequence(e, sa, seq);
        e.Add("before", WindowValue(before)).Add("after", WindowValue(window.Snapshot()));
        EventStream::Emit(std::move(e));
    }
}

IpL4Protocol::RxStatus
IpsecStack::ProcessEsp(Bytes bytes, const Ipv4Header& outer, Ptr<Ipv4Interface> iface,
                       Ptr<const Packet> original)
{
    auto header = ipseclab::EspPeekHeader(ByteSpan(bytes));
    if (!header)
    {
        Drop(original, DropReason::Malformed, nullptr, "ESP shorter than its header");
        return IpL4Protocol::RX_OK;
    }
    SecurityAssociation* sa = m_sad.FindInbound(IpsecProtocol::Esp, header->spi);
    if (!sa)
    {
        Drop(original, DropReason::NoSa, nullptr, "unknown ESP SPI " + Hex32(header->spi));
        return IpL4Protocol::RX_OK;
    }
    if (sa->State() == ipseclab::SaState::Expired)
    {
        Drop(original, DropReason::Expired, sa);
        return IpL4Protocol::RX_OK;
    }
    const bool esn = sa->Config().esn;
    const uint64_t seq = esn ? sa->Replay().InferSeqHigh(header->seqLow) : header->seqLow;
    if (!CheckReplay(*sa, seq, original))
    {
        return IpL4Protocol::RX_OK;
    }
    const bool events = EventStream::IsEnabled();
    ipseclab::EspOpenTrace trace;
    std::optional<uint32_t> high;
    if (esn)
    {
        high = static_cast<uint32_t>(seq >> 32);
    }
    // The octets as received, before decryption in place: the receiver's side of the inspector.
    const Bytes received = events ? bytes : Bytes();
    auto result = ipseclab::EspOpenInPlace(sa->Esp(), bytes, high, events ? &trace : nullptr);
    const ByteSpan plaintext(bytes.data() + result.payloadOffset, result.payloadSize);
    if (result.status == ipseclab::EspOpenStatus::Malformed)
    {
        Drop(original, DropReason::Malformed, sa, "ESP length does not fit the transform");
        return IpL4Protocol::RX_OK;
    }
    if (result.status == ipseclab::EspOpenStatus::IcvFailure)
    {
        if (events)
        {
            Event e(m_node->GetId(), Layer::Esp, "decap");
            AddSaFields(e, *sa);
            AddSequence(e, *sa, seq);
            e.Add("icv_ok", false)
                .Add("mode", ipseclab::ToString(sa->Config().mode))
                .AddHex("iv", trace.iv)
                .AddHex("ciphertext", trace.ciphertext)
                .AddHex("icv", trace.icv)
                .AddHex("packet", received);
            AddReceivedHeaders(e, outer);
            EventStream::Emit(std::move(e));
        }
        Drop(original, DropReason::IcvFailure, sa, "seq " + std::to_string(seq));
        return IpL4Protocol::RX_OK;
    }
    CommitReplay(*sa, seq); // only now: the packet is authentic (RFC 4303 3.4.3)
    if (result.status == ipseclab::EspOpenStatus::BadPadding)
    {
        Drop(original, DropReason::BadPadding, sa, "seq " + std::to_string(seq));
        return IpL4Protocol::RX_OK;
    }
    if (events)
    {
        Event e(m_node->GetId(), Layer::Esp, "decap");
        AddSaFields(e, *sa);
        AddSequence(e, *sa, seq);
        e.Add("icv_ok", true)
            .Add("mode", ipseclab::ToString(sa->Config().mode))
            .Add("proposal", sa->Config().proposal)
            .Add("next_header", uint64_t(result.nextHeader))
            .Add("pad_length", uint64_t(result.padLength))
            .AddHex("iv", trace.iv)
            .AddHex("ciphertext", trace.ciphertext)
            .AddHex("icv", trace.icv)
            .AddHex("plaintext", plaintext.data(), plaintext.size())
            .AddHex("packet", received);
        AddReceivedHeaders(e, outer);
        EventStream::Emit(std::move(e));
    }
    Account(*sa, plaintext.size());
    ++m_unprotected;
    m_unprotectTrace(original, header->spi, seq);
    return Deliver(*sa, result.nextHeader, plaintext, outer, iface, original, seq);
}

IpL4Protocol::RxStatus
IpsecStack::ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header, Ptr<Ipv4Interface> iface)
{
    Bytes bytes = CopyBytes(packet);
    auto ahHeader = ipseclab::AhPeekHeader(ByteSpan(bytes));
    if (!ahHeader)
    {
        Drop(packet, DropReason::Malformed, nullptr, "AH shorter than its header", true);
        return IpL4Protocol::RX_OK;
    }
    SecurityAssociation* sa = m_sad.FindInbound(IpsecProtocol::Ah, ahHeader->spi);
    if (!sa)
    {
        Drop(packet, DropReason::NoSa, nullptr, "unknown AH SPI " + Hex32(ahHeader->spi), true);
        return IpL4Protocol::RX_OK;
    }
    if (sa->State() == ipseclab::SaState::Expired)
    {
        Drop(packet, DropReason::Expired, sa);
        return IpL4Protocol::RX_OK;
    }
    const bool esn = sa->Config().esn;
    const uint64_t seq = esn ? sa->Replay().InferSeqHigh(ahHeader->seqLow) : ahHeader->seqLow;
    if (!CheckReplay(*sa, seq, packet))
    {
        return IpL4Protocol::RX_OK;
    }
    ipseclab::Ipv4Fields outer = ToFields(header);
    outer.totalLength = static_cast<uint16_t>(ipseclab::kIpv4HeaderSize + bytes.size());
    std::optional<uint32_t> high;
    if (esn)
    {
        high = static_cast<uint32_t>(seq >> 32);
    }
    const bool events = EventStream::IsEnabled();
    ipseclab::AhTrace trace;
    auto result =
        ipseclab::AhOpen(sa->Ah(), outer, ByteSpan(bytes), high, events ? &trace : nullptr);
    if (events && result.status != ipseclab::AhOpenStatus::Malformed)
    {
        Event e(m_node->GetId(), Layer::Ah, "decap");
        AddSaFields(e, *sa);
        AddSequence(e, *sa, seq);
        e.Add("icv_ok", result.status == ipseclab::AhOpenStatus::Ok)
            .Add("mode", ipseclab::ToString(sa->Config().mode))
            .Add("next_header", uint64_t(result.nextHeader))
            .AddHex("icv_input", trace.icvInput)
            .AddHex("icv_full", trace.fullMac)
            .AddHex("icv", trace.received)
            .AddHex("icv_computed", trace.icv)
            .AddHex("packet", bytes);
        AddReceivedHeaders(e, header);
        EventStream::Emit(std::move(e));
    }
    if (result.status != ipseclab::AhOpenStatus::Ok)
    {
        Drop(packet,
             result.status == ipseclab::AhOpenStatus::IcvFailure ? DropReason::IcvFailure
                                                                 : DropReason::Malformed,
             sa,
             "seq " + std::to_string(seq));
        return IpL4Protocol::RX_OK;
    }
    CommitReplay(*sa, seq);
    Account(*sa, result.payload.size());
    ++m_unprotected;
    m_unprotectTrace(packet, ahHeader->spi, seq);
    if (result.nextHeader == kProtoEsp)
    {
        // An AH+ESP bundle: AH outside, ESP inside, same outer addresses.
        Ipv4Header espHeader = header;
        espHeader.SetProtocol(kProtoEsp);
        espHeader.SetPayloadSize(result.payload.size());
        return ProcessEsp(std::move(result.payload), espHeader, iface, packet);
    }
    return Deliver(*sa, result.nextHeader, ByteSpan(result.payload), header, iface, packet, seq);
}

IpL4Protocol::RxStatus
IpsecStack::Deliver(SecurityAssociation& sa, uint8_t nextHeader, ByteSpan payload,
                    const Ipv4Header& outer, Ptr<Ipv4Interface> iface, Ptr<const Packet> original,
                    uint64_t seq)
{
    if (nextHeader == ipseclab::kNextHeaderNone)
    {
        return IpL4Protocol::RX_OK; // a dummy packet (RFC 4303 2.6): authentic, carries nothing
    }
    const bool tunnel = sa.Config().mode == IpsecMode::Tunnel;
    if (tunnel != (nextHeader == ipseclab::kNextHeaderIpv4))
    {
        Drop(original,
             DropReason::SelectorMismatch,
             &sa,
             std::string(tunnel ? "tunnel" : "transport") + " SA carried next header " +
                 std::to_string(nextHeader));
        return IpL4Protocol::RX_OK;
    }
    ipseclab::FlowKey flow;
    size_t l4Offset = 0;
    if (tunnel)
    {
        auto inner = ipseclab::ReadIpv4Header(ByteSpan(payload));
        if (!inner)
        {
            Drop(original, DropReason::Malformed, &sa, "inner IPv4 header");
            return IpL4Protocol::RX_OK;
        }
        payload = payload.first(inner->totalLength); // drops TFC padding
        flow.src = inner->src;
        flow.dst = inner->dst;
        flow.protocol = inner->protocol;
        l4Offset = ipseclab::kIpv4HeaderSize;
        if ((inner->flagsFragment & 0x1fff) != 0)
        {
            l4Offset = payload.size(); // a non-first fragment has no ports
        }
    }
    else
    {
        flow.src = outer.GetSource().Get();
        flow.dst = outer.GetDestination().Get();
        flow.protocol = nextHeader;
    }
    FillPorts(flow, payload.data() + l4Offset, payload.size() - l4Offset);
    if (!sa.Config().selector.Matches(flow, Direction::Inbound))
    {
        Drop(original,
             DropReason::SelectorMismatch,
             &sa,
             flow.ToString() + " outside " + sa.Config().selector.ToString());
        return IpL4Protocol::RX_OK;
    }
    Ptr<Packet> up = Create<Packet>(payload.data(), payload.size());
    const uint64_t uid = up->GetUid();
    MarkDecapsulated(uid);
    if (tunnel)
    {
        // Re-enter IP as if the inner datagram had arrived on this interface: it is then
        // delivered locally or forwarded by the normal routing.
        Ptr<NetDevice> device = iface->GetDevice();
        m_l3->Receive(device,
                      up,
                      Ipv4L3Protocol::PROT_NUMBER,
                      device->GetAddress(),
                      device->GetAddress(),
                      NetDevice::PACKET_HOST);
        TakeDecapsulated(uid);
        return IpL4Protocol::RX_OK;
    }
    Ipv4Header header = outer;
    header.SetProtocol(nextHeader);
    header.SetPayloadSize(payload.size());
    int32_t index = m_l3->GetInterfaceForDevice(iface->GetDevice());
    Ptr<IpL4Protocol> l4 = m_l3->GetProtocol(nextHeader, index);
    if (l4)
    {
        l4->Receive(up, header, iface);
    }
    else
    {
        NS_LOG_WARN("no upper-layer protocol " << int(nextHeader) << " for SA " << sa.Describe()
                                               << " seq " << seq);
    }
    TakeDecapsulated(uid);
    return IpL4Protocol::RX_OK;
}

Event
IpsecStack::ExpireEvent(const SecurityAssociation& sa, bool hard, const char* limit) const
{
    Event e(m_node->GetId(), Layer::Sad, hard ? "expire-hard" : "expire-soft");
    AddSaFields(e, sa);
    e.Add("direction", ipseclab::ToString(sa.Config().direction))
        .Add("protocol", ipseclab::ToString(sa.Config().protocol))
        .Add("mode", ipseclab::ToString(sa.Config().mode))
        .Add("limit", limit)
        .Add("packets", sa.Packets())
        .Add("octets", sa.ByteCount());
    return e;
}

void
IpsecStack::Account(SecurityAssociation& sa, size_t bytes)
{
    auto crossing = sa.Account(bytes);
    if (crossing == ipseclab::LifetimeCrossing::None)
    {
        return;
    }
    const bool hard = crossing == ipseclab::LifetimeCrossing::Hard;
    if (EventStream::IsEnabled())
    {
        const ipseclab::Lifetime& limit = hard ? sa.Config().hard : sa.Config().soft;
        const bool byPackets = limit.packets != 0 && sa.Packets() >= limit.packets;
        EventStream::Emit(ExpireEvent(sa, hard, byPackets ? "packets" : "bytes"));
    }
    if (hard)
    {
        // Not now: the caller still holds the SA.
        Simulator::ScheduleNow(&IpsecStack::RemoveSa,
                               this,
                               sa.Config().direction,
                               sa.Config().protocol,
                               sa.Config().spi,
                               std::string("hard-expired"));
    }
    else
    {
        m_softExpireTrace(sa);
    }
}

void
IpsecStack::OnLifetimeTimer(Direction direction, IpsecProtocol protocol, uint32_t spi, bool hard)
{
    SecurityAssociation* sa = m_sad.Find(direction, protocol, spi);
    if (!sa)
    {
        return;
    }
    auto crossing = sa->ExpireByTime(hard);
    if (crossing == ipseclab::LifetimeCrossing::None)
    {
        return;
    }
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(ExpireEvent(*sa, hard, "seconds"));
    }
    if (hard)
    {
        RemoveSa(direction, protocol, spi, "hard-expired");
    }
    else
    {
        m_softExpireTrace(*sa);
    }
}

void
IpsecStack::Drop(Ptr<const Packet> packet, DropReason reason, SecurityAssociation* sa,
                 const std::string& detail, bool ah)
{
    ipseclab::CountDrop(m_drops, reason);
    uint32_t spi = 0;
    if (sa)
    {
        sa->CountDrop(reason);
        spi = sa->Config().spi;
    }
    NS_LOG_INFO("node " << m_node->GetId() << " drops: " << ipseclab::ToString(reason) << " "
                        << detail);
    if (EventStream::IsEnabled())
    {
        Layer layer = sa ? LayerOf(*sa) : Layer::Spd;
        if (!sa && (reason == DropReason::Malformed || reason == DropReason::NoSa ||
                    reason == DropReason::Expired))
        {
            layer = ah ? Layer::Ah : Layer::Esp; // inbound, before an SA was found
        }
        Event e(m_node->GetId(), layer, "drop");
        e.Add("reason", ipseclab::ToString(reason));
        if (sa)
        {
            AddSaFields(e, *sa);
        }
        if (!detail.empty())
        {
            e.Add("detail", detail);
        }
        e.AddHex("bytes", CopyBytes(packet));
        EventStream::Emit(std::move(e));
    }
    m_dropTrace(packet, ipseclab::ToString(reason), spi);
}

void
IpsecStack::SetIkeOn4500Receiver(IkeReceiver receiver)
{
    m_ikeReceiver = receiver;
    EnsureUdpEncapSocket();
}

void
IpsecStack::SendIkeFrom4500(const Bytes& ike, Ipv4Address to, uint16_t port)
{
    EnsureUdpEncapSocket();
    Bytes marked(4 + ike.size(), 0);
    std::copy(ike.begin(), ike.end(), marked.begin() + 4);
    m_udpEncapSocket->SendTo(
        Create<Packet>(marked.data(), marked.size()), 0, InetSocketAddress(to, port));
}

void
IpsecStack::SendNatKeepalive(Ipv4Address to, uint16_t port)
{
    EnsureUdpEncapSocket();
    uint8_t keepalive = 0xff;
    m_udpEncapSocket->SendTo(Create<Packet>(&keepalive, 1), 0, InetSocketAddress(to, port));
}

void
IpsecStack::EnsureUdpEncapSocket()
{
    if (m_udpEncapSocket)
    {
        return;
    }
    m_udpEncapSocket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    if (m_udpEncapSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kNatTPort)) != 0)
    {
        NS_FATAL_ERROR("IPsec on node " << m_node->GetId() << ": cannot bind UDP port 4500");
    }
    m_udpEncapSocket->SetRecvPktInfo(true);
    m_udpEncapSocket->SetRecvCallback(MakeCallback(&IpsecStack::ReceiveUdpEncap, this));
}

void
IpsecStack::ReceiveUdpEncap(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
        Ipv4PacketInfoTag info;
        packet->PeekPacketTag(info);
        Bytes bytes = CopyBytes(packet);
        const ipseclab::UdpEncapKind kind = ipseclab::ClassifyUdpEncap(bytes);
        if (kind == ipseclab::UdpEncapKind::Keepalive)
        {
            continue; // NAT keepalive (RFC 3948 2.3)
        }
        if (kind == ipseclab::UdpEncapKind::Ike)
        {
            // Non-ESP marker: IKE (RFC 3948 2.2).
            if (!m_ikeReceiver.IsNull())
            {
                Ptr<Packet> ike = packet->CreateFragment(4, packet->GetSize() - 4);
                m_ikeReceiver(ike, peer.GetIpv4(), peer.GetPort(), info.GetAddress(), kNatTPort);
            }
            else
            {
                ++m_ikeOn4500Unclaimed;
            }
            continue;
        }
        Ipv4Header outer;
        outer.SetSource(peer.GetIpv4());
        outer.SetDestination(info.GetAddress());
        outer.SetProtocol(kProtoEsp);
        outer.SetPayloadSize(bytes.size());
        outer.SetTtl(m_ttl);
        int32_t index = m_l3->GetInterfaceForDevice(m_node->GetDevice(info.GetRecvIf()));
        if (index < 0)
        {
            Drop(packet, DropReason::Malformed, nullptr, "ESP in UDP on an unknown interface");
            continue;
        }
        // The UDP header as received (ns-3's UDP verified its checksum; recomputed here).
        m_rxUdpHeader = UdpEncapsulate(ByteSpan(bytes),
                                       peer.GetPort(),
                                       kNatTPort,
                                       peer.GetIpv4().Get(),
                                       info.GetAddress().Get());
        m_rxUdpHeader.resize(8);
        m_rxTtl = info.GetTtl();
        ProcessEsp(std::move(bytes), outer, m_l3->GetInterface(index), packet);
        m_rxUdpHeader.clear();
    }
}

void
IpsecStack::AddReceivedHeaders(ipseclab::Event& e, const Ipv4Header& outer) const
{
    ipseclab::Ipv4Fields f = ToFields(outer);
    if (!m_rxUdpHeader.empty())
    {
        // ESP in UDP: the socket reports addresses, ports and TTL, not the identification.
        f.protocol = kProtoUdp;
        f.totalLength = static_cast<uint16_t>(f.totalLength + m_rxUdpHeader.size());
        f.ttl = m_rxTtl;
    }
    AddOuterHeaders(e, f, m_rxUdpHeader);
}

} // namespace ns3
