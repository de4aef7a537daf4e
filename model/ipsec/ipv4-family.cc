#include "ipsec/ipv4-family.h"

#include <ns3/ip-l4-protocol.h>
#include <ns3/net-device.h>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::ByteSpan;

namespace
{

ipseclab::Ipv4Fields
FieldsOf(const OuterHeader& outer)
{
    ipseclab::Ipv4Fields f;
    f.totalLength = static_cast<uint16_t>(ipseclab::kIpv4HeaderSize + outer.payloadSize);
    f.identification = outer.identification;
    f.ttl = outer.ttl;
    f.protocol = outer.protocol;
    f.src = outer.src;
    f.dst = outer.dst;
    return f;
}

/// outer_ip (and udp with NAT-T) as on the wire, so a reader sees what each side sent or
/// received (docs/events.md).
void
AddIpv4Headers(ipseclab::Event& e, const ipseclab::Ipv4Fields& ip, const Bytes& udp)
{
    uint8_t header[ipseclab::kIpv4HeaderSize];
    ipseclab::WriteIpv4Header(ip, header, true);
    e.AddHex("outer_ip", header, sizeof header);
    if (udp.size() >= 8)
    {
        e.AddHex("udp", udp.data(), 8);
    }
}

} // namespace

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

std::optional<InnerDatagram>
Ipv4Family::ReadInner(ByteSpan datagram) const
{
    auto inner = ipseclab::ReadIpv4Header(datagram);
    if (!inner)
    {
        return std::nullopt;
    }
    InnerDatagram d;
    d.flow.src = inner->src;
    d.flow.dst = inner->dst;
    d.flow.protocol = inner->protocol;
    d.totalLength = inner->totalLength;
    // A non-first fragment has no ports.
    d.l4Offset = (inner->flagsFragment & 0x1fff) != 0 ? d.totalLength : ipseclab::kIpv4HeaderSize;
    return d;
}

Bytes
Ipv4Family::UdpEncapsulate(ByteSpan esp, uint16_t srcPort, uint16_t dstPort, uint32_t src,
                           uint32_t dst) const
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

Bytes
Ipv4Family::AhSeal(ipseclab::Integrity& integrity, const OuterHeader& outer, uint32_t spi,
                   uint64_t seq, bool esn, ByteSpan payload, uint8_t nextHeader,
                   ipseclab::AhTrace* trace) const
{
    return ipseclab::AhSeal(integrity, FieldsOf(outer), spi, seq, esn, payload, nextHeader, trace);
}

void
Ipv4Family::AddOuterHeaders(ipseclab::Event& e, const OuterHeader& outer, const Bytes& udp) const
{
    AddIpv4Headers(e, FieldsOf(outer), udp);
}

Ipv4OutboundDatagram::Ipv4OutboundDatagram(Ipv4Family& family, Ptr<Ipv4L3Protocol> l3,
                                           const Ipv4Header& header, Ptr<Ipv4Route> route)
    : m_family(family)
    , m_l3(l3)
    , m_header(header)
    , m_route(route)
{
}

void
Ipv4OutboundDatagram::WriteHeader(uint8_t* out, size_t totalLength) const
{
    ipseclab::Ipv4Fields f = ToFields(m_header);
    f.totalLength = static_cast<uint16_t>(totalLength);
    ipseclab::WriteIpv4Header(f, out, true);
}

bool
Ipv4OutboundDatagram::RouteOuter(Ptr<Packet> out, const OuterHeader& outer, bool tunnel)
{
    if (tunnel)
    {
        m_route = nullptr; // a different destination: route the outer header afresh
    }
    m_outer = Ipv4Header();
    m_outer.SetSource(Ipv4Address(outer.src));
    m_outer.SetDestination(Ipv4Address(outer.dst));
    m_outer.SetProtocol(outer.protocol);
    m_outer.SetPayloadSize(outer.payloadSize);
    m_outer.SetTtl(outer.ttl);
    m_outer.SetIdentification(outer.identification);
    m_outer.SetMayFragment();
    if (!m_route || m_route->GetDestination() != m_outer.GetDestination())
    {
        Socket::SocketErrno error;
        m_route = m_l3->GetRoutingProtocol()->RouteOutput(out, m_outer, nullptr, error);
    }
    return m_route != nullptr;
}

void
Ipv4OutboundDatagram::SendOuter(Ptr<Packet> out)
{
    m_l3->SendWithHeader(out, m_outer, m_route);
}

Ipv4InboundDatagram::Ipv4InboundDatagram(Ptr<Ipv4L3Protocol> l3, const Ipv4Header& header,
                                         Ptr<Ipv4Interface> iface, Bytes udp, uint8_t udpTtl)
    : m_l3(l3)
    , m_header(header)
    , m_iface(iface)
    , m_udp(std::move(udp))
    , m_udpTtl(udpTtl)
{
}

void
Ipv4InboundDatagram::AddReceivedHeaders(ipseclab::Event& e) const
{
    ipseclab::Ipv4Fields f = ToFields(m_header);
    if (!m_udp.empty())
    {
        // ESP in UDP: the socket reports addresses, ports and TTL, not the identification.
        f.protocol = ipseclab::ipproto::kUdp;
        f.totalLength = static_cast<uint16_t>(f.totalLength + m_udp.size());
        f.ttl = m_udpTtl;
    }
    AddIpv4Headers(e, f, m_udp);
}

ipseclab::AhOpenResult
Ipv4InboundDatagram::AhOpen(ipseclab::Integrity& integrity, ByteSpan ah,
                            std::optional<uint32_t> seqHigh, ipseclab::AhTrace* trace) const
{
    ipseclab::Ipv4Fields outer = ToFields(m_header);
    outer.totalLength = static_cast<uint16_t>(ipseclab::kIpv4HeaderSize + ah.size());
    return ipseclab::AhOpen(integrity, outer, ah, seqHigh, trace);
}

std::unique_ptr<InboundDatagram>
Ipv4InboundDatagram::InnerEsp(size_t espSize) const
{
    Ipv4Header esp = m_header;
    esp.SetProtocol(ipseclab::ipproto::kEsp);
    esp.SetPayloadSize(espSize);
    return std::make_unique<Ipv4InboundDatagram>(m_l3, esp, m_iface);
}

bool
Ipv4InboundDatagram::DeliverUp(Ptr<Packet> payload, uint8_t protocol) const
{
    Ipv4Header header = m_header;
    header.SetProtocol(protocol);
    header.SetPayloadSize(payload->GetSize());
    int32_t index = m_l3->GetInterfaceForDevice(m_iface->GetDevice());
    Ptr<IpL4Protocol> l4 = m_l3->GetProtocol(protocol, index);
    if (!l4)
    {
        return false;
    }
    l4->Receive(payload, header, m_iface);
    return true;
}

void
Ipv4InboundDatagram::Reinject(Ptr<Packet> inner) const
{
    Ptr<NetDevice> device = m_iface->GetDevice();
    m_l3->Receive(device,
                  inner,
                  Ipv4L3Protocol::PROT_NUMBER,
                  device->GetAddress(),
                  device->GetAddress(),
                  NetDevice::PACKET_HOST);
}

} // namespace ns3
