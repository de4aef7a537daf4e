#include "nat/nat-raw-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NatRawHeader);

TypeId
NatRawHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NatRawHeader")
                            .SetParent<Header>()
                            .SetGroupName("Nat")
                            .AddConstructor<NatRawHeader>();
    return tid;
}

NatRawHeader::NatRawHeader(std::vector<uint8_t> bytes)
    : m_bytes(std::move(bytes))
{
}

TypeId
NatRawHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
NatRawHeader::GetSerializedSize() const
{
    return static_cast<uint32_t>(m_bytes.size());
}

void
NatRawHeader::Serialize(Buffer::Iterator start) const
{
    start.Write(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
}

uint32_t
NatRawHeader::Deserialize(Buffer::Iterator start)
{
    // Reads as many octets as this header was built with (only used to peek a known size).
    start.Read(m_bytes.data(), static_cast<uint32_t>(m_bytes.size()));
    return static_cast<uint32_t>(m_bytes.size());
}

void
NatRawHeader::Print(std::ostream& os) const
{
    os << "translated L4 header (" << m_bytes.size() << " octets)";
}

} // namespace ns3
