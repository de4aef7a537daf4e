// Outbound half of the NAT: a routing protocol added to the node's Ipv4ListRouting with the
// highest priority, so it sees every transit packet first. It hands packets from the inside
// interface to the NatRouter, which translates and forwards those that leave through the
// outside interface; everything else goes on to the node's normal routing (returns false).
#ifndef IPSECLAB_NAT_ROUTING_SHIM_H
#define IPSECLAB_NAT_ROUTING_SHIM_H

#include <ns3/ipv4-routing-protocol.h>

namespace ns3
{

class NatRouter;

class NatRoutingShim : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();
    void SetNat(Ptr<NatRouter> nat) { m_nat = nat; }

    /// Never routes locally originated packets: the NAT node's own traffic is not translated.
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t) override {}
    void NotifyInterfaceDown(uint32_t) override {}
    void NotifyAddAddress(uint32_t, Ipv4InterfaceAddress) override {}
    void NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress) override {}
    void SetIpv4(Ptr<Ipv4>) override {}
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<NatRouter> m_nat;
};

} // namespace ns3

#endif
