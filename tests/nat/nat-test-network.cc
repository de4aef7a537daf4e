#include "nat-test-network.h"

#include <ns3/csma-module.h>
#include <ns3/point-to-point-module.h>

#include <cstdio>

using namespace ns3;

namespace ipseclab::test
{

NatNetwork::NatNetwork(const NatHelper& helper)
{
    Ipv4AddressGenerator::Reset(); // each test builds the same addresses again
    client1 = CreateObject<Node>();
    client2 = CreateObject<Node>();
    router = CreateObject<Node>();
    server = CreateObject<Node>();
    InternetStackHelper internet;
    internet.Install(NodeContainer(client1, client2, router, server));

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer lan = csma.Install(NodeContainer(client1, client2, router));
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer wan = p2p.Install(router, server);

    Ipv4AddressHelper addresses;
    addresses.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.2");
    addresses.Assign(NetDeviceContainer(lan.Get(0), lan.Get(1)));
    addresses.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.1");
    addresses.Assign(NetDeviceContainer(lan.Get(2)));
    addresses.SetBase("198.51.100.0", "255.255.255.0");
    addresses.Assign(wan);

    Ipv4StaticRoutingHelper routing;
    for (auto client : {client1, client2})
    {
        routing.GetStaticRouting(client->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address("192.168.1.1"), 1);
    }
    client1Device = lan.Get(0);
    routerInside = lan.Get(2);
    routerOutside = wan.Get(0);
    serverDevice = wan.Get(1);
    nat = helper.Install(router, routerInside, routerOutside);
}

void
NatNetwork::EnablePcap(const std::string& prefix)
{
    // Own file wrappers (not the device helpers' EnablePcap) so ClosePcap() can flush them
    // while the devices still exist.
    PcapHelper helper;
    auto attach = [&](Ptr<NetDevice> device, const std::string& name, PcapHelper::DataLinkType dlt)
    {
        Ptr<PcapFileWrapper> file = helper.CreateFile(name, std::ios::out, dlt);
        device->TraceConnectWithoutContext(
            "PromiscSniffer",
            MakeBoundCallback(
                +[](Ptr<PcapFileWrapper> f, Ptr<const Packet> p) { f->Write(Simulator::Now(), p); },
                file));
        pcapFiles.push_back(file);
    };
    attach(client1Device, prefix + "-inside.pcap", PcapHelper::DLT_EN10MB);
    attach(serverDevice, prefix + "-outside.pcap", PcapHelper::DLT_PPP);
}

void
NatNetwork::ClosePcap()
{
    for (auto& file : pcapFiles)
    {
        file->Close();
    }
}

void
UdpEcho::Install(Ptr<Node> node, uint16_t port)
{
    socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    socket->SetRecvCallback(
        [this](Ptr<Socket> s)
        {
            Address from;
            while (Ptr<Packet> p = s->RecvFrom(from))
            {
                senders.push_back(InetSocketAddress::ConvertFrom(from));
                s->SendTo(p, 0, from);
            }
        });
}

void
UdpPeer::Install(Ptr<Node> node, uint16_t port)
{
    socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    socket->SetRecvCallback(
        [this](Ptr<Socket> s)
        {
            while (s->Recv())
            {
                ++replies;
            }
        });
}

void
UdpPeer::SendAt(Time when, Ipv4Address dst, uint16_t port, uint32_t size)
{
    Ptr<Socket> s = socket;
    Simulator::Schedule(when - Simulator::Now(),
                        [s, dst, port, size]()
                        { s->SendTo(Create<Packet>(size), 0, InetSocketAddress(dst, port)); });
}

int
TsharkCount(const std::string& pcap, const std::string& filter)
{
    const std::string command = "tshark -n -r '" + pcap +
                                "' -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE "
                                "-o tcp.check_checksum:TRUE -Y '" +
                                filter + "' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
    {
        return -1;
    }
    int lines = 0;
    char buffer[4096];
    while (fgets(buffer, sizeof(buffer), pipe))
    {
        ++lines;
    }
    return pclose(pipe) == 0 ? lines : -1;
}

} // namespace ipseclab::test
