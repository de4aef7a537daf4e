#include "attack/replay-attacker.h"

#include "events/event-stream.h"

#include <ns3/csma-net-device.h>
#include <ns3/log.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ReplayAttacker");
NS_OBJECT_ENSURE_REGISTERED(ReplayAttacker);

namespace
{

uint32_t
Read32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace

TypeId
ReplayAttacker::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ReplayAttacker")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<ReplayAttacker>();
    return tid;
}

ReplayAttacker::ReplayAttacker() = default;

void
ReplayAttacker::CaptureAt(Ptr<NetDevice> device, uint8_t protocol, uint32_t max)
{
    const bool csma = DynamicCast<CsmaNetDevice>(device) != nullptr;
    m_header = csma ? 14 : 2; // Ethernet header or PPP protocol field
    m_trailer = csma ? 4 : 0; // Ethernet FCS
    m_protocol = protocol;
    m_max = max;
    device->TraceConnectWithoutContext("MacRx", MakeCallback(&ReplayAttacker::OnMacRx, this));
}

void
ReplayAttacker::InjectFrom(Ptr<NetDevice> device)
{
    m_inject = device;
}

void
ReplayAttacker::OnMacRx(Ptr<const Packet> frame)
{
    if (m_ownUids.count(frame->GetUid()) != 0 || (m_max != 0 && m_captured.size() >= m_max))
    {
        return;
    }
    const size_t size = frame->GetSize();
    if (size < m_header + m_trailer + 28)
    {
        return;
    }
    std::vector<uint8_t> bytes(size);
    frame->CopyData(bytes.data(), size);
    std::vector<uint8_t> datagram(bytes.begin() + m_header, bytes.end() - m_trailer);
    const size_t ihl = (datagram[0] & 0x0f) * 4u;
    if ((datagram[0] >> 4) != 4 || datagram[9] != m_protocol || datagram.size() < ihl + 12)
    {
        return;
    }
    // ESP: SPI, SN right after the IP header; AH: after next header, length and reserved.
    const uint8_t* h = datagram.data() + ihl + (m_protocol == 51 ? 4 : 0);
    Captured c{std::move(datagram), Read32(h), Read32(h + 4)};
    m_captured.push_back(c);
    NS_LOG_INFO("captured SPI " << c.spi << " SN " << c.sn);
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(ipseclab::Event(ipseclab::Layer::Attacker, "capture")
                              .Add("protocol", uint64_t(m_protocol))
                              .Add("spi", uint64_t(c.spi))
                              .Add("sn", uint64_t(c.sn))
                              .Add("length", uint64_t(c.datagram.size()))
                              .Add("count", uint64_t(m_captured.size())));
    }
}

void
ReplayAttacker::ScheduleBurst(Time at, Time spacing)
{
    Simulator::Schedule(at - Simulator::Now(), &ReplayAttacker::Burst, this, spacing);
}

void
ReplayAttacker::ScheduleReplay(Time at, uint32_t index)
{
    Simulator::Schedule(at - Simulator::Now(), &ReplayAttacker::Replay, this, index, 0u);
}

void
ReplayAttacker::Burst(Time spacing)
{
    ++m_bursts;
    const uint32_t n = static_cast<uint32_t>(m_captured.size());
    for (uint32_t i = 0; i < n; ++i)
    {
        Simulator::Schedule(spacing * i, &ReplayAttacker::Replay, this, i, m_bursts);
    }
}

void
ReplayAttacker::Replay(uint32_t index, uint32_t burst)
{
    if (!m_inject || index >= m_captured.size())
    {
        return;
    }
    const Captured& c = m_captured[index];
    Ptr<Packet> copy = Create<Packet>(c.datagram.data(), c.datagram.size());
    m_ownUids.insert(copy->GetUid());
    ++m_replayed;
    m_replays.emplace_back(c.spi, c.sn);
    NS_LOG_INFO("replays SPI " << c.spi << " SN " << c.sn);
    if (EventStream::IsEnabled())
    {
        ipseclab::Event e(ipseclab::Layer::Attacker, "replay");
        e.Add("protocol", uint64_t(m_protocol))
            .Add("spi", uint64_t(c.spi))
            .Add("sn", uint64_t(c.sn))
            .Add("length", uint64_t(c.datagram.size()))
            .Add("count", uint64_t(m_replayed));
        if (burst != 0)
        {
            e.Add("burst", uint64_t(burst));
        }
        EventStream::Emit(std::move(e));
    }
    m_inject->Send(copy, m_inject->GetBroadcast(), 0x0800);
}

} // namespace ns3
