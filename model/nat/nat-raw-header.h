// The rewritten first octets of a transit packet's payload (the UDP, TCP or ICMP header), put back
// in front of the rest with Packet::AddHeader. Rewriting in place this way keeps the packet's uid,
// packet tags and byte tags (FlowMonitor, priority), which building a new Packet would lose.
#ifndef IPSECLAB_NAT_RAW_HEADER_H
#define IPSECLAB_NAT_RAW_HEADER_H

#include <ns3/header.h>

#include <cstdint>
#include <vector>

namespace ns3
{

class NatRawHeader : public Header
{
  public:
    static TypeId GetTypeId();
    NatRawHeader() = default;
    explicit NatRawHeader(std::vector<uint8_t> bytes);

    const std::vector<uint8_t>& GetBytes() const { return m_bytes; }

    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

  private:
    std::vector<uint8_t> m_bytes;
};

} // namespace ns3

#endif
