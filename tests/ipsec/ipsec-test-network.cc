#include "ipsec-test-network.h"

#include <ns3/csma-net-device.h>

namespace ipseclab::test
{

using namespace ns3;

void
WireCounter::Attach(Ptr<NetDevice> device)
{
    // "MacRx" hands over the frame with its link header (PPP 2; Ethernet 14 + FCS 4).
    const bool csma = DynamicCast<CsmaNetDevice>(device) != nullptr;
    const size_t header = csma ? 14 : 2;
    const size_t trailer = csma ? 4 : 0;
    device->TraceConnectWithoutContext("MacRx",
                                       Callback<void, Ptr<const Packet>>(
                                           [this, header, trailer](Ptr<const Packet> p)
                                           {
                                               std::vector<uint8_t> frame(p->GetSize());
                                               p->CopyData(frame.data(), frame.size());
                                               if (frame.size() < header + trailer + 20)
                                               {
                                                   return;
                                               }
                                               std::vector<uint8_t> datagram(frame.begin() + header,
                                                                             frame.end() - trailer);
                                               if ((datagram[0] >> 4) != 4)
                                               {
                                                   return; // ARP and other non-IP frames
                                               }
                                               ++byProtocol[datagram[9]];
                                               datagrams.push_back(std::move(datagram));
                                           }));
}

void
UdpSink::Install(Ptr<Node> node, uint16_t port)
{
    socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    socket->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [this](Ptr<Socket> s)
        {
            while (Ptr<Packet> p = s->Recv())
            {
                std::vector<uint8_t> bytes(p->GetSize());
                p->CopyData(bytes.data(), bytes.size());
                payloads.push_back(std::move(bytes));
            }
        }));
}

void
SendUdp(Ptr<Node> node, Ipv4Address dst, uint16_t port, uint32_t count, uint32_t size, Time start,
        Time interval)
{
    Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind();
    socket->Connect(InetSocketAddress(dst, port));
    for (uint32_t k = 0; k < count; ++k)
    {
        std::vector<uint8_t> payload(size);
        for (uint32_t i = 0; i < size; ++i)
        {
            payload[i] = static_cast<uint8_t>(k + i);
        }
        Simulator::Schedule(start + interval * k,
                            [socket, payload]()
                            { socket->Send(Create<Packet>(payload.data(), payload.size())); });
    }
}

TwoHosts::TwoHosts()
{
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    a = CreateObject<Node>();
    b = CreateObject<Node>();
    InternetStackHelper stack;
    stack.Install(NodeContainer(a, b));
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    devices = link.Install(a, b);
    Ipv4AddressHelper address("10.0.0.0", "255.255.255.252");
    interfaces = address.Assign(devices);
    addressA = interfaces.GetAddress(0);
    addressB = interfaces.GetAddress(1);
    IpsecHelper helper;
    ipsecA = helper.Install(a);
    ipsecB = helper.Install(b);
}

void
Reinject(Ptr<NetDevice> from, const std::vector<uint8_t>& datagram)
{
    Ptr<Packet> p = Create<Packet>(datagram.data(), datagram.size());
    from->Send(p, from->GetBroadcast(), 0x0800);
}

void
RunAndDestroy(Time stop)
{
    Simulator::Stop(stop);
    Simulator::Run();
    Simulator::Destroy();
    Names::Clear();
}

} // namespace ipseclab::test
