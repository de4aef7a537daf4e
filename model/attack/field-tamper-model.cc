#include "attack/field-tamper-model.h"

#include "events/event-stream.h"

#include <ns3/log.h>
#include <ns3/packet.h>
#include <ns3/uinteger.h>

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FieldTamperModel");
NS_OBJECT_ENSURE_REGISTERED(FieldTamperModel);

namespace
{

void
FixHeaderChecksum(uint8_t* ip, size_t ihl)
{
    ip[10] = ip[11] = 0;
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < ihl; i += 2)
    {
        sum += (uint32_t(ip[i]) << 8) | ip[i + 1];
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    const uint16_t checksum = static_cast<uint16_t>(~sum);
    ip[10] = checksum >> 8;
    ip[11] = checksum & 0xff;
}

} // namespace

TypeId
FieldTamperModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FieldTamperModel")
                            .SetParent<ErrorModel>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<FieldTamperModel>()
                            .AddAttribute("LinkHeaderSize",
                                          "Octets before the IP header (PPP 2, Ethernet 14)",
                                          UintegerValue(2),
                                          MakeUintegerAccessor(&FieldTamperModel::m_linkHeader),
                                          MakeUintegerChecker<uint32_t>());
    return tid;
}

FieldTamperModel::FieldTamperModel()
    : m_linkHeader(2)
{
}

void
FieldTamperModel::AddRule(uint8_t protocol, uint32_t spi, Field field, uint8_t xorValue,
                          uint32_t offset)
{
    m_rules[{protocol, spi}] = Rule{field, xorValue == 0 ? uint8_t(1) : xorValue, offset};
}

uint64_t
FieldTamperModel::GetTamperedCount(uint8_t protocol, uint32_t spi) const
{
    auto it = m_rules.find({protocol, spi});
    return it == m_rules.end() ? 0 : it->second.count;
}

void
FieldTamperModel::DoReset()
{
    m_tampered = 0;
    for (auto& [key, rule] : m_rules)
    {
        rule.count = 0;
    }
}

bool
FieldTamperModel::DoCorrupt(Ptr<Packet> packet)
{
    const uint32_t size = packet->GetSize();
    if (size < m_linkHeader + 32)
    {
        return false;
    }
    std::vector<uint8_t> bytes(size);
    packet->CopyData(bytes.data(), size);
    uint8_t* ip = bytes.data() + m_linkHeader;
    const size_t ihl = (ip[0] & 0x0f) * 4u;
    const uint8_t protocol = ip[9];
    if ((ip[0] >> 4) != 4 || (protocol != 50 && protocol != 51) || size < m_linkHeader + ihl + 12)
    {
        return false;
    }
    const uint8_t* h = ip + ihl + (protocol == 51 ? 4 : 0);
    const uint32_t spi =
        (uint32_t(h[0]) << 24) | (uint32_t(h[1]) << 16) | (uint32_t(h[2]) << 8) | h[3];
    auto it = m_rules.find({protocol, spi});
    if (it == m_rules.end())
    {
        return false;
    }
    Rule& rule = it->second;
    size_t at = 0;
    switch (rule.field)
    {
    case Field::Payload:
        at = rule.offset;
        break;
    case Field::Source:
        at = 15;
        break;
    case Field::Ttl:
        at = 8;
        break;
    }
    if (m_linkHeader + at >= size)
    {
        return false;
    }
    const uint8_t before = ip[at];
    ip[at] ^= rule.xorValue;
    if (rule.field != Field::Payload)
    {
        FixHeaderChecksum(ip, ihl);
    }
    packet->RemoveAtEnd(size);
    packet->AddAtEnd(Create<Packet>(bytes.data(), size));
    ++rule.count;
    ++m_tampered;
    NS_LOG_INFO("changed octet " << at << " of SPI " << spi);
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(ipseclab::Event(ipseclab::Layer::Attacker, "tamper")
                              .Add("protocol", uint64_t(protocol))
                              .Add("offset", int64_t(at))
                              .Add("before", uint64_t(before))
                              .Add("after", uint64_t(ip[at]))
                              .Add("count", m_tampered));
    }
    return false; // delivered, changed
}

} // namespace ns3
