// ESP (50) and AH (51) as IP protocols of ns-3's Ipv4L3Protocol: inbound IPsec packets reach
// the node's IpsecStack through here.
#ifndef IPSECLAB_IPSEC_L4_PROTOCOL_H
#define IPSECLAB_IPSEC_L4_PROTOCOL_H

#include <ns3/ip-l4-protocol.h>

namespace ns3
{

class IpsecStack;

class IpsecL4Protocol : public IpL4Protocol
{
  public:
    static TypeId GetTypeId();
    /// number: 50 (ESP) or 51 (AH).
    void SetStack(Ptr<IpsecStack> stack, uint8_t number);

    int GetProtocolNumber() const override { return m_number; }
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header,
                     Ptr<Ipv4Interface> incomingInterface) override;
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header,
                     Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(DownTargetCallback cb) override { m_downTarget = cb; }
    void SetDownTarget6(DownTargetCallback6 cb) override { m_downTarget6 = cb; }
    DownTargetCallback GetDownTarget() const override { return m_downTarget; }
    DownTargetCallback6 GetDownTarget6() const override { return m_downTarget6; }

  protected:
    void DoDispose() override;

  private:
    Ptr<IpsecStack> m_stack;
    uint8_t m_number = 50;
    DownTargetCallback m_downTarget;
    DownTargetCallback6 m_downTarget6;
};

} // namespace ns3

#endif
