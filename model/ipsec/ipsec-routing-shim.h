// Forwarded traffic meets IPsec here (gateways, RFC 4301 5.1 and 5.2): a transit shim
// (routing/transit-shim.h, priority kIpsecShimPriority) that hands each transit packet to the
// IpsecStack, which protects it (tunnel mode), drops it (policy), or lets the node's normal
// routing have it.
#ifndef IPSECLAB_IPSEC_ROUTING_SHIM_H
#define IPSECLAB_IPSEC_ROUTING_SHIM_H

#include "routing/transit-shim.h"

namespace ns3
{

class IpsecStack;

class IpsecRoutingShim : public TransitShim
{
  public:
    static TypeId GetTypeId();
    void SetStack(Ptr<IpsecStack> stack) { m_stack = stack; }

    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;

  protected:
    std::string Describe() const override;
    void DoDispose() override;

  private:
    Ptr<IpsecStack> m_stack;
};

} // namespace ns3

#endif
