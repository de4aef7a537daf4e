// Inbound policy check for local delivery (RFC 4301 5.2): registered per interface in front of
// UDP, TCP and ICMP, it asks the IpsecStack whether a packet may go up (cleartext matching a
// PROTECT policy may not) and then hands it to the real protocol. Per-interface registration
// leaves Ipv4L3Protocol::GetProtocol(n) (used e.g. for ICMP errors) pointing at the real one.
#ifndef IPSECLAB_IPSEC_INBOUND_GUARD_H
#define IPSECLAB_IPSEC_INBOUND_GUARD_H

#include <ns3/ip-l4-protocol.h>

namespace ns3
{

class IpsecStack;

class IpsecInboundGuard : public IpL4Protocol
{
  public:
    static TypeId GetTypeId();
    void SetInner(Ptr<IpL4Protocol> inner, Ptr<IpsecStack> stack);

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void ReceiveIcmp(Ipv4Address icmpSource, uint8_t icmpTtl, uint8_t icmpType, uint8_t icmpCode,
                     uint32_t icmpInfo, Ipv4Address payloadSource, Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    // The guard never sends: Ipv4L3Protocol::Insert sets a down target, which it ignores.
    void SetDownTarget(DownTargetCallback) override {}
    void SetDownTarget6(DownTargetCallback6) override {}
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<IpL4Protocol> m_inner;
    Ptr<IpsecStack> m_stack;
};

} // namespace ns3

#endif
