// What the family-independent IPsec jobs (ipsec-output, ipsec-input) need from an IP family,
// as Linux's xfrm asks its afinfo and esp4/esp6, ah4/ah6 for them: header octets, the UDP
// pseudo-header checksum, AH (its ICV covers the IP header), and the datagrams' way in and out
// of the node's IP stack. IPv4 implements this in ipv4-family.*; IPv6 will add its own next to
// it without touching the processing. Addresses are 32-bit today because the selectors, flows
// and SAs are (sa/, datapath/); they widen together when IPv6 comes.
#ifndef IPSECLAB_IPSEC_IP_FAMILY_H
#define IPSECLAB_IPSEC_IP_FAMILY_H

#include "crypto/integrity.h"
#include "datapath/ah-codec.h"
#include "events/event.h"
#include "sa/selector.h"

#include <ns3/packet.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace ns3
{

/// The outer header IPsec puts in front of an ESP or AH packet, before its family writes it.
struct OuterHeader
{
    uint32_t src = 0; ///< the SA's endpoints in tunnel mode, the datagram's own in transport
    uint32_t dst = 0;
    uint8_t protocol = 0;        ///< what follows: ESP, AH or UDP (ESP in UDP)
    size_t payloadSize = 0;      ///< octets after the header
    uint8_t ttl = 64;            ///< TTL or hop limit
    uint16_t identification = 0; ///< IPv4's identification (an IPv6 family ignores it)
};

/// The inner datagram of a tunnel as the inbound selector check reads it.
struct InnerDatagram
{
    ipseclab::FlowKey flow; ///< addresses and protocol; ports are filled in by the caller
    size_t totalLength = 0; ///< the datagram's own length (TFC padding follows it)
    size_t l4Offset = 0;    ///< where the ports are; the length for a non-first fragment
};

/// One IP family's header and checksum octets (no ns-3 stack state except IPv4's
/// identification counter, which outer and inner headers share).
class IpFamily
{
  public:
    virtual ~IpFamily() = default;

    /// Octets of the header IPsec builds (tunnel-mode inner header, outer header).
    virtual size_t HeaderSize() const = 0;
    /// Next-header value of a tunnel's inner datagram of this family (4 for IPv4).
    virtual uint8_t TunnelNextHeader() const = 0;
    /// Parses a decapsulated tunnel's inner header; nullopt if malformed.
    virtual std::optional<InnerDatagram> ReadInner(ipseclab::ByteSpan datagram) const = 0;

    /// The identification the next header will carry, and taking it.
    virtual uint16_t PeekIdentification() const = 0;
    virtual uint16_t TakeIdentification() = 0;

    /// RFC 3948 2.1: the ESP packet in UDP (ports, length, checksum over the pseudo-header).
    virtual ipseclab::Bytes UdpEncapsulate(ipseclab::ByteSpan esp, uint16_t srcPort,
                                           uint16_t dstPort, uint32_t src, uint32_t dst) const = 0;
    /// AH outbound (RFC 4302 3.3.3): the ICV covers this family's header, mutable fields zeroed.
    virtual ipseclab::Bytes AhSeal(ipseclab::Integrity& integrity, const OuterHeader& outer,
                                   uint32_t spi, uint64_t seq, bool esn, ipseclab::ByteSpan payload,
                                   uint8_t nextHeader, ipseclab::AhTrace* trace) const = 0;
    /// `outer_ip` (and `udp`) of an outbound ESP/AH event: the headers as they go on the wire.
    virtual void AddOuterHeaders(ipseclab::Event& e, const OuterHeader& outer,
                                 const ipseclab::Bytes& udp) const = 0;
};

/// A datagram on its way out (locally originated or forwarded), as its family's hook saw it.
class OutboundDatagram
{
  public:
    virtual ~OutboundDatagram() = default;
    virtual uint8_t Protocol() const = 0;
    virtual uint32_t Source() const = 0;
    virtual uint32_t Destination() const = 0;
    /// Its family (of the inner header in tunnel mode).
    virtual IpFamily& Family() const = 0;
    /// Tunnel mode: writes its header for `totalLength` octets of datagram (HeaderSize octets).
    virtual void WriteHeader(uint8_t* out, size_t totalLength) const = 0;
    /// Finds the route for the IPsec packet with `outer`: transport mode reuses the route the
    /// upper layer chose when it leads to the same destination. false: no route.
    virtual bool RouteOuter(Ptr<Packet> out, const OuterHeader& outer, bool tunnel) = 0;
    /// Sends it on the route RouteOuter found.
    virtual void SendOuter(Ptr<Packet> out) = 0;
};

/// An ESP or AH datagram as it arrived, as its family's hook saw it.
class InboundDatagram
{
  public:
    virtual ~InboundDatagram() = default;
    virtual uint32_t Source() const = 0;
    virtual uint32_t Destination() const = 0;
    /// `outer_ip` (and `udp` for ESP in UDP) of an inbound event: the headers it arrived with.
    virtual void AddReceivedHeaders(ipseclab::Event& e) const = 0;
    /// AH inbound: verifies the ICV over this datagram's header and the AH packet.
    virtual ipseclab::AhOpenResult AhOpen(ipseclab::Integrity& integrity, ipseclab::ByteSpan ah,
                                          std::optional<uint32_t> seqHigh,
                                          ipseclab::AhTrace* trace) const = 0;
    /// An AH+ESP bundle: the ESP packet inside, under the same outer header.
    virtual std::unique_ptr<InboundDatagram> InnerEsp(size_t espSize) const = 0;
    /// Transport mode: hands the payload to the upper protocol on the interface it came in on.
    /// false if the node has no such protocol.
    virtual bool DeliverUp(Ptr<Packet> payload, uint8_t protocol) const = 0;
    /// Tunnel mode: the inner datagram re-enters IP as if it had arrived on that interface, to be
    /// delivered or forwarded by the normal IP logic.
    virtual void Reinject(Ptr<Packet> inner) const = 0;
};

} // namespace ns3

#endif
