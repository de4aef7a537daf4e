// What IPsec's and the NAT's routing shims share (issue 22: they were near-copies): an
// Ipv4RoutingProtocol added to the node's Ipv4ListRouting ahead of the real routing. It sees
// every transit packet (Ipv4ListRouting delivers local packets before it asks any protocol)
// and either consumes it (RouteInput returns true) or returns false so the next protocol
// routes it. It never routes locally originated packets and keeps no routes of its own.
//
// Priorities in Ipv4ListRouting (the higher is asked first), explicit and distinct so that
// install order does not decide on a node that runs both:
//   kIpsecShimPriority  IpsecRoutingShim: the SPD sees a transit packet as it arrived, so
//                       policies match the original addresses (RFC 4301 5.1); what it
//                       protects leaves as the gateway's own packet, which the NAT shim
//                       never sees (RouteOutput);
//   kNatShimPriority    NatRoutingShim: translates what IPsec let through in the clear;
//   10                  Ipv4HostRouting (host-routing.h);
//   0                   Ipv4StaticRouting (InternetStackHelper's default).
#ifndef IPSECLAB_ROUTING_TRANSIT_SHIM_H
#define IPSECLAB_ROUTING_TRANSIT_SHIM_H

#include <ns3/ipv4-routing-protocol.h>

#include <cstdint>
#include <limits>

namespace ns3
{

inline constexpr int16_t kIpsecShimPriority = std::numeric_limits<int16_t>::max();
inline constexpr int16_t kNatShimPriority = kIpsecShimPriority - 1;

class TransitShim : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();

    /// Locally originated packets are not the shim's: no route, the next protocol answers.
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    void NotifyInterfaceUp(uint32_t) override {}
    void NotifyInterfaceDown(uint32_t) override {}
    void NotifyAddAddress(uint32_t, Ipv4InterfaceAddress) override {}
    void NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress) override {}
    void SetIpv4(Ptr<Ipv4>) override {}
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    /// One line for PrintRoutingTable: what the shim does with transit packets.
    virtual std::string Describe() const = 0;
};

} // namespace ns3

#endif
