// UDP echoes (a recording echo server per node and port) and constant UDP streams.
#include "custom-builder.h"

#include <ns3/core-module.h>
#include <ns3/inet-socket-address.h>
#include <ns3/udp-socket-factory.h>

using namespace ns3;

namespace ipseclab::custom
{
namespace
{

void
Echo(CustomWorld& w, const FlowSpec& s, size_t index, Flow& f)
{
    Ptr<Node> from = w.nodes[s.from];
    Ptr<Node> to = w.nodes[s.to];
    auto& server = w.echoServers[{to, s.port}];
    if (!server)
    {
        server = std::make_unique<RecordingEchoServer>();
        server->Install(to, s.port);
    }
    f.client = std::make_unique<BoundEchoClient>();
    f.client->Setup(from, Ipv4Address(s.toAddress), s.port, static_cast<uint16_t>(40000 + index));
    if (s.virtualIpFrom >= 0)
    {
        const RunTally* tally = w.tally;
        f.client->SetLocalAddressSource(
            [tally, id = w.ikePairs[s.virtualIpFrom].initiatorDaemon->GetNode()->GetId()]()
            { return VirtualIpOrAny(tally->Of(id)); });
    }
    for (uint32_t k = 0; k < s.count; ++k)
    {
        f.client->Schedule(Seconds(s.start + s.interval * k), s.size);
    }
}

void
Stream(CustomWorld& w, const FlowSpec& s, Flow& f)
{
    f.sink = Socket::CreateSocket(w.nodes[s.to], UdpSocketFactory::GetTypeId());
    if (f.sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), s.port)) != 0)
    {
        Fail(s.path + ".port", "port " + std::to_string(s.port) + " already used on " + f.to);
    }
    f.sender = Socket::CreateSocket(w.nodes[s.from], UdpSocketFactory::GetTypeId());
    f.sender->Bind();
    f.sender->Connect(InetSocketAddress(Ipv4Address(s.toAddress), s.port));
    Flow* fp = &f;
    fp->sink->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [fp](Ptr<Socket> socket)
        {
            while (socket->Recv())
            {
                ++fp->received;
            }
        }));
    const uint32_t size = s.size;
    for (uint32_t k = 0; k < s.count; ++k)
    {
        Simulator::Schedule(Seconds(s.start + s.interval * k),
                            [fp, size]()
                            {
                                ++fp->sent;
                                fp->sender->Send(Create<Packet>(size));
                            });
    }
}

} // namespace

void
BuildTraffic(CustomWorld& w)
{
    for (size_t i = 0; i < w.config.traffic.size(); ++i)
    {
        const FlowSpec& s = w.config.traffic[i];
        // The flow is placed first: a stream's callbacks keep its address.
        Flow& f = w.flows.emplace_back();
        f.name = s.name;
        f.type = s.type;
        f.from = w.config.nodes[s.from];
        f.to = w.config.nodes[s.to];
        if (s.type == "udp-echo")
        {
            Echo(w, s, i, f);
        }
        else
        {
            Stream(w, s, f);
        }
    }
}

} // namespace ipseclab::custom
