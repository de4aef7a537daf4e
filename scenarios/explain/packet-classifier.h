// What one captured frame carries: the link layer unwrapped to IPv4, then IKE on 500 or 4500
// (behind the non-ESP marker), ESP, ESP in UDP (RFC 3948), AH, a NAT-T keepalive, or something
// else. Frames that are not IPv4, fragments and short headers are classified with a reason.
#ifndef IPSECLAB_EXPLAIN_PACKET_CLASSIFIER_H
#define IPSECLAB_EXPLAIN_PACKET_CLASSIFIER_H

#include "datapath/ipv4-wire.h"
#include "pcap-reader.h"

#include <string>

namespace ipseclab::explain
{

enum class PacketKind
{
    Ike,       ///< payload: the IKE message (marker stripped)
    Esp,       ///< payload: the ESP packet, SPI to ICV
    Ah,        ///< payload: the AH header and what follows it
    Keepalive, ///< a NAT-T keepalive (0xff on 4500)
    Other,     ///< IPv4, but none of the above (cleartext traffic)
    Skipped,   ///< not explained: see `why` (not IPv4, a fragment, truncated, ...)
};

const char* ToString(PacketKind kind);

struct ClassifiedPacket
{
    uint64_t frame = 0; ///< the capture's frame number
    int64_t timeNs = 0;
    PacketKind kind = PacketKind::Skipped;
    std::string why;  ///< for Skipped: the reason
    Ipv4Fields ip;    ///< the (outer) IPv4 header
    Bytes ipHeader;   ///< its octets, options included
    bool udp = false; ///< carried in UDP (IKE, ESP in UDP, keepalive)
    uint16_t srcPort = 0;
    uint16_t dstPort = 0;
    Bytes udpHeader; ///< the 8 octets, when udp
    Bytes payload;   ///< see PacketKind
};

/// Unwraps a frame of the given link type to its network-layer octets; empty and `why` set
/// when the frame carries no IPv4 (ARP, IPv6, a truncated link header).
Bytes NetworkLayerOf(uint32_t linkType, ByteSpan frame, std::string& why);
/// Classifies one frame.
ClassifiedPacket Classify(const CapturedFrame& frame);
/// "192.0.2.1" from a host-order address.
std::string Ipv4Text(uint32_t address);

} // namespace ipseclab::explain

#endif
