// Host routes (/32) in a hash table: an ns-3 routing protocol for hubs with thousands of
// spokes. ns-3's Ipv4StaticRouting scans its routes per packet (one per spoke in a star), so a
// hub's cost grows with the number of spokes; here a route costs one hash lookup. It answers
// only for destinations it has a host route for and leaves everything else to the protocols
// behind it in Ipv4ListRouting (static routing, for instance).
//
// It can also deliver locally for addresses the node answers for without carrying them on an
// interface (AddLocalAddress). ns-3 keeps an interface's addresses in a std::list read by index,
// so a node with K addresses on one interface costs K^2 per packet in IsDestinationAddress and
// K^3 in the UDP demux (every socket bound to another address walks the list); a node that
// stands for K hosts (ike-bench --perNode=K) keeps one address on the interface and the rest here.
#ifndef IPSECLAB_ROUTING_HOST_ROUTING_H
#define IPSECLAB_ROUTING_HOST_ROUTING_H

#include <ns3/ipv4-routing-protocol.h>
#include <ns3/ipv4.h>

#include <unordered_map>

namespace ns3
{

class Ipv4HostRouting : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();

    /// A route to dst (a host) out of `interface`, on-link. Replaces an earlier one.
    void AddHostRoute(Ipv4Address dst, uint32_t interface);
    bool RemoveHostRoute(Ipv4Address dst);
    size_t GetRouteCount() const { return m_routes.size(); }

    /// Packets to `local` that arrive on `interface` are delivered to this node's transport
    /// protocols, as if the address were on that interface (sockets may bind to it).
    void AddLocalAddress(Ipv4Address local, uint32_t interface);
    size_t GetLocalAddressCount() const { return m_local.size(); }

    /// Installs one on the node's Ipv4ListRouting, consulted before static routing (priority
    /// 10; IPsec's and the NAT's shims stay in front). Returns it.
    static Ptr<Ipv4HostRouting> Install(Ptr<Node> node);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  private:
    Ptr<Ipv4Route> RouteTo(Ipv4Address dst, uint32_t interface) const;

    Ptr<Ipv4> m_ipv4;
    std::unordered_map<uint32_t, uint32_t> m_routes; ///< destination -> interface
    std::unordered_map<uint32_t, uint32_t> m_local;  ///< local address -> its interface
};

} // namespace ns3

#endif
