#include "echo-probe.h"

#include "events/event-stream.h"

#include <ns3/inet-socket-address.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>
#include <ns3/udp-socket-factory.h>

#include <sstream>
#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(EchoProbe);

TypeId
EchoProbe::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EchoProbe")
                            .SetParent<Application>()
                            .SetGroupName("IpsecLab")
                            .AddConstructor<EchoProbe>();
    return tid;
}

EchoProbe::EchoProbe() = default;

void
EchoProbe::SetPeer(Ipv4Address address, uint16_t port)
{
    m_peer = address;
    m_port = port;
}

void
EchoProbe::SetSource(std::function<Ipv4Address()> source)
{
    m_source = std::move(source);
}

void
EchoProbe::SetSchedule(uint32_t count, Time interval, uint32_t size)
{
    m_count = count;
    m_interval = interval;
    m_size = std::max<uint32_t>(size, 4);
}

void
EchoProbe::StartApplication()
{
    m_next = Simulator::ScheduleNow(&EchoProbe::SendOne, this);
}

void
EchoProbe::StopApplication()
{
    Simulator::Cancel(m_next);
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
EchoProbe::SendOne()
{
    if (m_sent + m_skipped >= m_count)
    {
        return;
    }
    m_next = Simulator::Schedule(m_interval, &EchoProbe::SendOne, this);
    const Ipv4Address source = m_source ? m_source() : Ipv4Address::GetAny();
    if (source == Ipv4Address::GetAny())
    {
        ++m_skipped;
        return;
    }
    if (!m_socket || source != m_bound)
    {
        if (m_socket)
        {
            m_socket->Close();
        }
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(source, 0));
        m_socket->Connect(InetSocketAddress(m_peer, m_port));
        m_socket->SetRecvCallback(MakeCallback(&EchoProbe::OnReceive, this));
        m_bound = source;
    }
    const uint32_t seq = m_sent + 1;
    std::vector<uint8_t> data(m_size, 0x5a);
    data[0] = uint8_t(seq >> 24);
    data[1] = uint8_t(seq >> 16);
    data[2] = uint8_t(seq >> 8);
    data[3] = uint8_t(seq);
    m_socket->Send(Create<Packet>(data.data(), data.size()));
    ++m_sent;
    std::ostringstream from;
    from << source;
    std::ostringstream to;
    to << m_peer;
    EventStream::Emit(ipseclab::Event(GetNode()->GetId(), ipseclab::Layer::App, "probe-sent")
                          .Add("probe", uint64_t(seq)) // not "seq": the envelope's field
                          .Add("src", from.str())
                          .Add("dst", to.str())
                          .Add("port", uint64_t(m_port)));
}

void
EchoProbe::OnReceive(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() < 4)
        {
            continue;
        }
        uint8_t head[4];
        packet->CopyData(head, 4);
        const uint32_t seq = (uint32_t(head[0]) << 24) | (uint32_t(head[1]) << 16) |
                             (uint32_t(head[2]) << 8) | head[3];
        if (seq == 0 || seq > m_sent)
        {
            continue;
        }
        m_echoed.insert(seq);
        EventStream::Emit(ipseclab::Event(GetNode()->GetId(), ipseclab::Layer::App, "probe-echo")
                              .Add("probe", uint64_t(seq))
                              .Add("size", uint64_t(packet->GetSize())));
    }
}

} // namespace ns3
