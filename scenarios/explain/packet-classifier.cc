// Link layers (pcap-reader.h's list), the IPv4 header and the UDP ports that say what a
// datagram is. Ports: IKE on 500, and on 4500 what RFC 3948 section 2 tells apart.
#include "packet-classifier.h"

#include "datapath/udp-encap.h"
#include "ike/ike-constants.h"

namespace ipseclab::explain
{

const char*
ToString(PacketKind kind)
{
    switch (kind)
    {
    case PacketKind::Ike:
        return "ike";
    case PacketKind::Esp:
        return "esp";
    case PacketKind::Ah:
        return "ah";
    case PacketKind::Keepalive:
        return "keepalive";
    case PacketKind::Other:
        return "other";
    case PacketKind::Skipped:
        return "skipped";
    }
    return "?";
}

std::string
Ipv4Text(uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." +
           std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

namespace
{

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;

Bytes
IfIpv4(uint16_t etherType, ByteSpan frame, size_t offset, std::string& why)
{
    if (etherType != kEtherIpv4)
    {
        why = "not IPv4 (protocol 0x" +
              ToHex(ByteSpan(Bytes{uint8_t(etherType >> 8), uint8_t(etherType)})) + ")";
        return {};
    }
    return Bytes(frame.begin() + offset, frame.end());
}

bool
Short(ByteSpan frame, size_t need, const char* what, std::string& why)
{
    if (frame.size() < need)
    {
        why = std::string("truncated ") + what + " header";
        return true;
    }
    return false;
}

} // namespace

Bytes
NetworkLayerOf(uint32_t linkType, ByteSpan frame, std::string& why)
{
    switch (linkType)
    {
    case kLinkEthernet:
    {
        size_t at = 12;
        if (Short(frame, 14, "Ethernet", why))
        {
            return {};
        }
        uint16_t type = GetBe16(frame.data() + at);
        while (type == kEtherVlan || type == kEtherQinQ)
        {
            at += 4;
            if (Short(frame, at + 2, "802.1Q", why))
            {
                return {};
            }
            type = GetBe16(frame.data() + at);
        }
        return IfIpv4(type, frame, at + 2, why);
    }
    case kLinkPpp:
    {
        // ns-3 writes the 2-octet protocol field only; a full HDLC-like frame has ff 03 first.
        size_t at = (frame.size() >= 2 && frame[0] == 0xff && frame[1] == 0x03) ? 2 : 0;
        if (Short(frame, at + 2, "PPP", why))
        {
            return {};
        }
        const uint16_t protocol = GetBe16(frame.data() + at);
        return IfIpv4(protocol == 0x0021 ? kEtherIpv4 : protocol, frame, at + 2, why);
    }
    case kLinkLinuxSll:
        if (Short(frame, 16, "Linux cooked", why))
        {
            return {};
        }
        return IfIpv4(GetBe16(frame.data() + 14), frame, 16, why);
    case kLinkLinuxSll2:
        if (Short(frame, 20, "Linux cooked v2", why))
        {
            return {};
        }
        return IfIpv4(GetBe16(frame.data()), frame, 20, why);
    case kLinkNull:
    {
        if (Short(frame, 4, "loopback", why))
        {
            return {};
        }
        // The family is in the capturing host's byte order: AF_INET is 2 everywhere.
        const bool inet = (frame[0] == 2 && frame[3] == 0) || (frame[3] == 2 && frame[0] == 0);
        return IfIpv4(inet ? kEtherIpv4 : 0, frame, 4, why);
    }
    case kLinkRaw:
    case kLinkIpv4:
        if (Short(frame, 1, "IP", why))
        {
            return {};
        }
        return IfIpv4((frame[0] >> 4) == 4 ? kEtherIpv4 : 0x86dd, frame, 0, why);
    default:
        why = "unknown link type " + std::to_string(linkType);
        return {};
    }
}

ClassifiedPacket
Classify(const CapturedFrame& frame)
{
    ClassifiedPacket p;
    p.frame = frame.number;
    p.timeNs = frame.timeNs;
    if (frame.data.size() < frame.wireLength)
    {
        p.why = "snapped: " + std::to_string(frame.data.size()) + " of " +
                std::to_string(frame.wireLength) + " octets captured";
        return p;
    }
    const Bytes ip = NetworkLayerOf(frame.linkType, ByteSpan(frame.data), p.why);
    if (ip.empty())
    {
        return p;
    }
    const std::optional<Ipv4Fields> fields = ReadIpv4Header(ByteSpan(ip));
    const size_t headerLength = ip.empty() ? 0 : size_t(ip[0] & 0x0f) * 4;
    if (!fields || headerLength < kIpv4HeaderSize || ip.size() < headerLength ||
        fields->totalLength < headerLength || fields->totalLength > ip.size())
    {
        p.why = "malformed IPv4 header";
        return p;
    }
    p.ip = *fields;
    p.ipHeader.assign(ip.begin(), ip.begin() + headerLength);
    if ((p.ip.flagsFragment & 0x3fff) != 0)
    {
        p.why = "IPv4 fragment (not reassembled)";
        return p;
    }
    // Ethernet pads short frames: the datagram ends where its total length says.
    const ByteSpan body = ByteSpan(ip).subspan(headerLength, p.ip.totalLength - headerLength);
    if (p.ip.protocol == 50)
    {
        p.kind = PacketKind::Esp;
        p.payload.assign(body.begin(), body.end());
        return p;
    }
    if (p.ip.protocol == 51)
    {
        p.kind = PacketKind::Ah;
        p.payload.assign(body.begin(), body.end());
        return p;
    }
    p.kind = PacketKind::Other;
    if (p.ip.protocol != 17 || body.size() < 8)
    {
        return p;
    }
    p.udp = true;
    p.srcPort = GetBe16(body.data());
    p.dstPort = GetBe16(body.data() + 2);
    p.udpHeader.assign(body.begin(), body.begin() + 8);
    const ByteSpan udp = body.subspan(8);
    if (p.srcPort == kIkeNatTPort || p.dstPort == kIkeNatTPort)
    {
        const UdpEncapKind kind = ClassifyUdpEncap(udp);
        if (kind == UdpEncapKind::Malformed)
        {
            p.kind = PacketKind::Skipped;
            p.why = "UDP 4500 datagram too short for ESP, IKE or a keepalive";
            return p;
        }
        p.kind = kind == UdpEncapKind::Keepalive ? PacketKind::Keepalive
                 : kind == UdpEncapKind::Ike     ? PacketKind::Ike
                                                 : PacketKind::Esp;
        const ByteSpan rest = udp.subspan(UdpEncapOffset(kind));
        p.payload.assign(rest.begin(), rest.end());
        return p;
    }
    if (p.srcPort == kIkePort || p.dstPort == kIkePort)
    {
        p.kind = PacketKind::Ike;
        p.payload.assign(udp.begin(), udp.end());
    }
    return p;
}

} // namespace ipseclab::explain
