// Forwarded traffic meets IPsec here (gateways, RFC 4301 5.1 and 5.2): the first routing
// protocol of the node's Ipv4ListRouting sees every transit packet. It lets the IpsecStack
// protect it (tunnel mode), drop it (policy), or passes it on to the node's normal routing.
// Ipv4ListRouting delivers local packets before asking protocols, so only transit reaches it.
#ifndef IPSECLAB_IPSEC_ROUTING_SHIM_H
#define IPSECLAB_IPSEC_ROUTING_SHIM_H

#include <ns3/ipv4-routing-protocol.h>

namespace ns3
{

class IpsecStack;

class IpsecRoutingShim : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();
    void SetStack(Ptr<IpsecStack> stack) { m_stack = stack; }

    /// Never routes locally originated packets (the L4 down-target hook handles those).
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
    Ptr<IpsecStack> m_stack;
};

} // namespace ns3

#endif
