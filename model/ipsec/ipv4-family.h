// IPv4's side of the data plane (ip-family.h): its header octets (RFC 791, no options), the
// UDP pseudo-header, AH over the IPv4 header (ah4), and the datagrams as ns-3's Ipv4L3Protocol
// hands them over and takes them back. The hooks that produce these are in ipv4-hooks.*.
#ifndef IPSECLAB_IPSEC_IPV4_FAMILY_H
#define IPSECLAB_IPSEC_IPV4_FAMILY_H

#include "datapath/ipv4-wire.h"
#include "ipsec/ip-family.h"

#include <ns3/ipv4-header.h>
#include <ns3/ipv4-interface.h>
#include <ns3/ipv4-l3-protocol.h>
#include <ns3/ipv4-route.h>

namespace ns3
{

/// The wire fields of an ns-3 IPv4 header.
ipseclab::Ipv4Fields ToFields(const Ipv4Header& header);

class Ipv4Family : public IpFamily
{
  public:
    size_t HeaderSize() const override { return ipseclab::kIpv4HeaderSize; }
    uint8_t TunnelNextHeader() const override { return 4; }
    std::optional<InnerDatagram> ReadInner(ipseclab::ByteSpan datagram) const override;
    uint16_t PeekIdentification() const override { return m_identification; }
    uint16_t TakeIdentification() override { return m_identification++; }
    ipseclab::Bytes UdpEncapsulate(ipseclab::ByteSpan esp, uint16_t srcPort, uint16_t dstPort,
                                   uint32_t src, uint32_t dst) const override;
    ipseclab::Bytes AhSeal(ipseclab::Integrity& integrity, const OuterHeader& outer, uint32_t spi,
                           uint64_t seq, bool esn, ipseclab::ByteSpan payload, uint8_t nextHeader,
                           ipseclab::AhTrace* trace) const override;
    void AddOuterHeaders(ipseclab::Event& e, const OuterHeader& outer,
                         const ipseclab::Bytes& udp) const override;

  private:
    uint16_t m_identification = 0; ///< shared by the inner and outer headers IPsec builds
};

/// A datagram from UDP, TCP or ICMP (locally originated) or from the forwarding path.
class Ipv4OutboundDatagram : public OutboundDatagram
{
  public:
    /// `route`: what the upper layer chose (null when forwarded).
    Ipv4OutboundDatagram(Ipv4Family& family, Ptr<Ipv4L3Protocol> l3, const Ipv4Header& header,
                         Ptr<Ipv4Route> route);
    uint8_t Protocol() const override { return m_header.GetProtocol(); }
    uint32_t Source() const override { return m_header.GetSource().Get(); }
    uint32_t Destination() const override { return m_header.GetDestination().Get(); }
    IpFamily& Family() const override { return m_family; }
    void WriteHeader(uint8_t* out, size_t totalLength) const override;
    bool RouteOuter(Ptr<Packet> out, const OuterHeader& outer, bool tunnel) override;
    void SendOuter(Ptr<Packet> out) override;

  private:
    Ipv4Family& m_family;
    Ptr<Ipv4L3Protocol> m_l3;
    Ipv4Header m_header;
    Ptr<Ipv4Route> m_route;
    Ipv4Header m_outer; ///< set by RouteOuter
};

/// An ESP or AH datagram from Ipv4L3Protocol (protocols 50, 51) or from the port-4500 socket.
class Ipv4InboundDatagram : public InboundDatagram
{
  public:
    /// `udp`, `udpTtl`: ESP in UDP, the UDP header and TTL it arrived with (the socket gives no
    /// IP header); empty otherwise.
    Ipv4InboundDatagram(Ptr<Ipv4L3Protocol> l3, const Ipv4Header& header, Ptr<Ipv4Interface> iface,
                        ipseclab::Bytes udp = {}, uint8_t udpTtl = 0);
    uint32_t Source() const override { return m_header.GetSource().Get(); }
    uint32_t Destination() const override { return m_header.GetDestination().Get(); }
    void AddReceivedHeaders(ipseclab::Event& e) const override;
    ipseclab::AhOpenResult AhOpen(ipseclab::Integrity& integrity, ipseclab::ByteSpan ah,
                                  std::optional<uint32_t> seqHigh,
                                  ipseclab::AhTrace* trace) const override;
    std::unique_ptr<InboundDatagram> InnerEsp(size_t espSize) const override;
    bool DeliverUp(Ptr<Packet> payload, uint8_t protocol) const override;
    void Reinject(Ptr<Packet> inner) const override;

  private:
    Ptr<Ipv4L3Protocol> m_l3;
    Ipv4Header m_header;
    Ptr<Ipv4Interface> m_iface;
    ipseclab::Bytes m_udp;
    uint8_t m_udpTtl;
};

} // namespace ns3

#endif
