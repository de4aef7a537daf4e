#include "attack/tamper-model.h"

#include "events/event-stream.h"

#include <ns3/integer.h>
#include <ns3/log.h>
#include <ns3/packet.h>
#include <ns3/uinteger.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TamperModel");
NS_OBJECT_ENSURE_REGISTERED(TamperModel);

TypeId
TamperModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TamperModel")
            .SetParent<ErrorModel>()
            .SetGroupName("Ipsec")
            .AddConstructor<TamperModel>()
            .AddAttribute("LinkHeaderSize",
                          "Octets before the IP header (PPP 2, Ethernet 14)",
                          UintegerValue(2),
                          MakeUintegerAccessor(&TamperModel::m_linkHeader),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LinkTrailerSize",
                          "Octets after the IP datagram (Ethernet FCS 4)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TamperModel::m_linkTrailer),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Protocol",
                          "Only datagrams of this IP protocol (0 = any)",
                          UintegerValue(50),
                          MakeUintegerAccessor(&TamperModel::m_protocol),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("Offset",
                          "Octet to change: from the start of the IP header if >= 0, from the "
                          "end of the datagram if < 0 (-1 is the last octet)",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&TamperModel::m_offset),
                          MakeIntegerChecker<int32_t>())
            .AddAttribute("Xor",
                          "Value XORed into the octet",
                          UintegerValue(0x01),
                          MakeUintegerAccessor(&TamperModel::m_xor),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("Every",
                          "Change every Nth matching datagram (0 = none)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TamperModel::m_every),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Skip",
                          "Leave the first N matching datagrams alone",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TamperModel::m_skip),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

TamperModel::TamperModel()
    : m_seen(0)
    , m_tampered(0)
{
}

void
TamperModel::DoReset()
{
    m_seen = 0;
    m_tampered = 0;
}

bool
TamperModel::DoCorrupt(Ptr<Packet> packet)
{
    const uint32_t size = packet->GetSize();
    if (size < m_linkHeader + m_linkTrailer + 20)
    {
        return false;
    }
    std::vector<uint8_t> bytes(size);
    packet->CopyData(bytes.data(), size);
    const uint8_t* ip = bytes.data() + m_linkHeader;
    if ((ip[0] >> 4) != 4 || (m_protocol != 0 && ip[9] != m_protocol))
    {
        return false;
    }
    ++m_seen;
    if (m_every == 0 || m_seen <= m_skip || (m_seen - m_skip - 1) % m_every != 0)
    {
        return false;
    }
    const int64_t ipLength = int64_t(size) - m_linkHeader - m_linkTrailer;
    const int64_t at = m_offset >= 0 ? m_offset : ipLength + m_offset;
    if (at < 0 || at >= ipLength)
    {
        return false;
    }
    const size_t index = m_linkHeader + static_cast<size_t>(at);
    const uint8_t before = bytes[index];
    bytes[index] ^= m_xor;
    // Packets have no in-place octet access: swap the whole content for the changed copy.
    packet->RemoveAtEnd(size);
    packet->AddAtEnd(Create<Packet>(bytes.data(), size));
    ++m_tampered;
    NS_LOG_INFO("tampered octet " << at << " of a protocol " << int(ip[9]) << " datagram");
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(ipseclab::Event(ipseclab::Layer::Attacker, "tamper")
                              .Add("protocol", uint64_t(bytes[m_linkHeader + 9]))
                              .Add("offset", int64_t(at))
                              .Add("before", uint64_t(before))
                              .Add("after", uint64_t(bytes[index]))
                              .Add("count", m_tampered));
    }
    return false; // delivered, changed
}

} // namespace ns3
