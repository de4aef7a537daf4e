// Inbound half of the NAT: registered per interface on the outside interface for ICMP, TCP, UDP,
// GRE, ESP and AH. Packets for the public address are local deliveries, which Ipv4ListRouting
// makes before any routing protocol is asked, so this is where the NAT sees them. Packets the
// NatRouter does not take go on to the protocol that was registered before (the real one, or
// IPsec's inbound guard); GetProtocol(n) without an interface still finds the real protocol.
#ifndef IPSECLAB_NAT_INBOUND_PROTOCOL_H
#define IPSECLAB_NAT_INBOUND_PROTOCOL_H

#include <ns3/ip-l4-protocol.h>

namespace ns3
{

class NatRouter;

class NatInboundProtocol : public IpL4Protocol
{
  public:
    static TypeId GetTypeId();
    /** `next` may be null: nothing on the NAT node handles that protocol. */
    void Setup(Ptr<NatRouter> nat, uint8_t protocolNumber, Ptr<IpL4Protocol> next);

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void ReceiveIcmp(Ipv4Address icmpSource, uint8_t icmpTtl, uint8_t icmpType, uint8_t icmpCode,
                     uint32_t icmpInfo, Ipv4Address payloadSource, Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    // Never sends: Ipv4L3Protocol::Insert may set a down target, which is ignored.
    void SetDownTarget(DownTargetCallback) override {}
    void SetDownTarget6(DownTargetCallback6) override {}
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<NatRouter> m_nat;
    Ptr<IpL4Protocol> m_next;
    uint8_t m_protocol = 0;
};

} // namespace ns3

#endif
