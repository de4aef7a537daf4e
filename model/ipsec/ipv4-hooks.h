// Where IPsec meets ns-3's IPv4 stack (docs/architecture.md, "Hooking into IPv4"): Install
// adds the four hooks to the node's Ipv4L3Protocol, and the entry points below turn what each
// hook sees (ns-3 headers, routes, interfaces) into flows and datagrams for the
// family-independent IpsecOutput and IpsecInput. IPv6 adds an ipv6-hooks beside this.
#ifndef IPSECLAB_IPSEC_IPV4_HOOKS_H
#define IPSECLAB_IPSEC_IPV4_HOOKS_H

#include "ipsec/ipsec-input.h"
#include "ipsec/ipsec-output.h"
#include "ipsec/ipv4-family.h"

#include <ns3/ip-l4-protocol.h>
#include <ns3/node.h>

namespace ns3
{

class IpsecStack;

class Ipv4Hooks
{
  public:
    Ipv4Hooks(IpsecShared& shared, IpsecOutput& output, IpsecInput& input, Ipv4Family& family);

    /// Adds the hooks; they call back into `stack`. NS_FATAL_ERROR with the reason if the node
    /// has no Internet stack or no Ipv4ListRouting.
    void Install(Ptr<Node> node, Ptr<IpsecStack> stack);
    Ptr<Ipv4L3Protocol> GetL3() const { return m_l3; }
    void Dispose() { m_l3 = nullptr; }

    /// 1. The down target of UDP, TCP and ICMP.
    void OutboundFromL4(Ptr<Packet> packet, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                        Ptr<Ipv4Route> route);
    /// 2. Transit packets (IpsecRoutingShim). true: consumed (protected and sent, or dropped).
    bool RouteForward(Ptr<const Packet> packet, const Ipv4Header& header);
    /// 3. ESP and AH (IpsecL4Protocol).
    IpL4Protocol::RxStatus ReceiveEsp(Ptr<Packet> packet, const Ipv4Header& header,
                                      Ptr<Ipv4Interface> iface);
    IpL4Protocol::RxStatus ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header,
                                     Ptr<Ipv4Interface> iface);
    /// 4. Local delivery (IpsecInboundGuard). false: dropped by policy.
    bool AllowInbound(Ptr<const Packet> packet, const Ipv4Header& header);

  private:
    ipseclab::FlowKey MakeFlow(const Ipv4Header& header, Ptr<const Packet> payload) const;

    IpsecShared& m_shared;
    IpsecOutput& m_output;
    IpsecInput& m_input;
    Ipv4Family& m_family;
    Ptr<Ipv4L3Protocol> m_l3;
};

} // namespace ns3

#endif
