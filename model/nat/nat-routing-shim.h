// Outbound half of the NAT: a transit shim (routing/transit-shim.h, priority kNatShimPriority,
// just below IPsec's) that hands packets from the inside interface to the NatRouter, which
// translates and forwards those that leave through the outside interface; everything else goes
// on to the node's normal routing (returns false). The NAT node's own traffic is not translated.
#ifndef IPSECLAB_NAT_ROUTING_SHIM_H
#define IPSECLAB_NAT_ROUTING_SHIM_H

#include "routing/transit-shim.h"

namespace ns3
{

class NatRouter;

class NatRoutingShim : public TransitShim
{
  public:
    static TypeId GetTypeId();
    void SetNat(Ptr<NatRouter> nat) { m_nat = nat; }

    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;

  protected:
    std::string Describe() const override;
    void DoDispose() override;

  private:
    Ptr<NatRouter> m_nat;
};

} // namespace ns3

#endif
