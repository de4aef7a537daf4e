#include "home-office-topology.h"

#include "datapath/ipv4-wire.h"
#include "datapath/udp-encap.h"
#include "events/event-stream.h"
#include "ike/ike-constants.h"
#include "nat/nat-helper.h"

#include <ns3/boolean.h>
#include <ns3/csma-helper.h>
#include <ns3/inet-socket-address.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-generator.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/ipv4-static-routing-helper.h>
#include <ns3/names.h>
#include <ns3/point-to-point-helper.h>
#include <ns3/simulator.h>
#include <ns3/string.h>
#include <ns3/udp-socket-factory.h>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace ns3
{

HomeOfficeTopology
BuildHomeOfficeTopology(const HomeOfficeConfig& config)
{
    Ipv4AddressGenerator::Reset();
    HomeOfficeTopology t;
    t.laptops.Create(config.laptopNames.size());
    t.nat = CreateObject<Node>();
    t.gateway = CreateObject<Node>();
    t.server = CreateObject<Node>();
    for (uint32_t i = 0; i < t.laptops.GetN(); ++i)
    {
        Names::Add(config.laptopNames[i], t.laptops.Get(i));
    }
    Names::Add("homeNat", t.nat);
    Names::Add("gateway", t.gateway);
    Names::Add("server", t.server);
    InternetStackHelper internet;
    internet.Install(t.laptops);
    internet.Install(NodeContainer(t.nat, t.gateway, t.server));

    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue(config.lanRate));
    lan.SetChannelAttribute("Delay", TimeValue(config.lanDelay));
    NodeContainer home(t.laptops);
    home.Add(t.nat);
    t.homeDevices = lan.Install(home);
    t.officeDevices = lan.Install(NodeContainer(t.gateway, t.server));
    PointToPointHelper wan;
    wan.SetDeviceAttribute("DataRate", StringValue(config.internetRate));
    wan.SetChannelAttribute("Delay", TimeValue(config.internetDelay));
    t.internetDevices = wan.Install(t.nat, t.gateway);

    Ipv4AddressHelper addresses;
    addresses.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.1");
    t.natInside =
        addresses.Assign(NetDeviceContainer(t.homeDevices.Get(t.laptops.GetN()))).GetAddress(0);
    addresses.SetBase("192.168.1.0", "255.255.255.0", "0.0.0.2");
    for (uint32_t i = 0; i < t.laptops.GetN(); ++i)
    {
        t.laptopAddresses.push_back(
            addresses.Assign(NetDeviceContainer(t.homeDevices.Get(i))).GetAddress(0));
    }
    addresses.SetBase("198.51.100.0", "255.255.255.0");
    Ipv4InterfaceContainer wanIf = addresses.Assign(t.internetDevices);
    t.publicAddress = wanIf.GetAddress(0);
    t.gatewayAddress = wanIf.GetAddress(1);
    addresses.SetBase("10.2.0.0", "255.255.255.0");
    Ipv4InterfaceContainer officeIf = addresses.Assign(t.officeDevices);
    t.gatewayOffice = officeIf.GetAddress(0);
    t.serverAddress = officeIf.GetAddress(1);

    Ipv4StaticRoutingHelper routing;
    for (uint32_t i = 0; i < t.laptops.GetN(); ++i)
    {
        Ptr<Ipv4> ipv4 = t.laptops.Get(i)->GetObject<Ipv4>();
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(
            t.natInside, ipv4->GetInterfaceForDevice(t.homeDevices.Get(i)));
    }
    {
        Ptr<Ipv4> ipv4 = t.gateway->GetObject<Ipv4>();
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(
            t.publicAddress, ipv4->GetInterfaceForDevice(t.internetDevices.Get(1)));
    }
    {
        Ptr<Ipv4> ipv4 = t.server->GetObject<Ipv4>();
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(
            t.gatewayOffice, ipv4->GetInterfaceForDevice(t.officeDevices.Get(1)));
    }

    NatHelper nat;
    nat.SetAttribute("UdpTimeout", TimeValue(config.natUdpTimeout));
    t.natRouter = nat.Install(t.nat, t.homeDevices.Get(t.laptops.GetN()), t.internetDevices.Get(0));
    return t;
}

void
EnableHomeOfficePcaps(const HomeOfficeTopology& t, const std::string& dir)
{
    CsmaHelper lan;
    lan.EnablePcap(dir + "/home.pcap", t.homeDevices.Get(t.laptops.GetN()), true, true);
    lan.EnablePcap(dir + "/office.pcap", t.officeDevices.Get(0), true, true);
    PointToPointHelper wan;
    wan.EnablePcap(dir + "/internet.pcap", t.internetDevices.Get(0), false, true);
}

RemoteAccessConfigs
MakeRemoteAccessConfigs(Ipv4Address laptop, Ipv4Address gateway, const std::string& officeLan,
                        const std::string& pool, const std::string& psk, double keepaliveInterval,
                        double startTime)
{
    RemoteAccessConfigs c;
    ipseclab::IkeConfig& l = c.laptop;
    l.name = "road-warrior";
    l.localAddress = laptop.Get();
    l.remoteAddress = gateway.Get();
    l.localId = "@laptop.example";
    l.psk = psk;
    l.ikeProposals = {"aes256gcm16-prfsha256-ecp256"};
    l.rekeyTime = 0;
    l.requestVirtualIp = true;
    l.natKeepalive = keepaliveInterval > 0;
    l.natKeepaliveInterval = keepaliveInterval;
    auto& child = l.children.front();
    child.name = "office";
    child.espProposals = {"aes128gcm16"};
    child.localTs = "dynamic"; // the virtual IP, once the gateway gave it
    child.remoteTs = officeLan;
    child.rekeyTime = 0;
    child.startAction = ipseclab::StartAction::Start;
    child.startTime = startTime;

    ipseclab::IkeConfig& g = c.gateway;
    g = l;
    g.name = "remote-access";
    g.localAddress = gateway.Get();
    g.remoteAddress = 0; // anyone: road warriors come from wherever their NAT puts them
    g.localId = "@vpn.office.example";
    g.requestVirtualIp = false;
    g.pool = pool;
    g.children.front().localTs = officeLan;
    g.children.front().remoteTs = "0.0.0.0/0"; // narrowed to the virtual IP it hands out
    g.children.front().startAction = ipseclab::StartAction::None;
    return c;
}

// ---------------------------------------------------------------------------------------------

void
InternetTap::Attach(Ptr<NetDevice> natOutside)
{
    natOutside->TraceConnectWithoutContext("PromiscSniffer",
                                           MakeCallback(&InternetTap::OnDatagram, this));
}

uint64_t
InternetTap::Count(const std::string& what) const
{
    auto it = m_counts.find(what);
    return it == m_counts.end() ? 0 : it->second;
}

void
InternetTap::OnDatagram(Ptr<const Packet> packet)
{
    std::vector<uint8_t> b(packet->GetSize());
    packet->CopyData(b.data(), b.size());
    // PPP header (2 octets, 0x0021 = IPv4), then the IP datagram.
    if (b.size() < 2 + 20 || b[0] != 0x00 || b[1] != 0x21)
    {
        ++m_counts["other"];
        return;
    }
    const uint8_t* ip = b.data() + 2;
    const size_t length = b.size() - 2;
    const size_t ihl = (ip[0] & 0x0f) * 4u;
    const uint8_t protocol = ip[9];
    char source[16];
    std::snprintf(source, sizeof source, "%u.%u.%u.%u", ip[12], ip[13], ip[14], ip[15]);
    std::string what = "other";
    if (protocol == 50)
    {
        what = "esp";
    }
    else if (protocol == 51)
    {
        what = "ah";
    }
    else if (protocol == 17 && length >= ihl + 8)
    {
        const uint16_t sport = ipseclab::GetBe16(ip + ihl);
        const uint16_t dport = ipseclab::GetBe16(ip + ihl + 2);
        const ipseclab::ByteSpan payload(ip + ihl + 8, length - ihl - 8);
        if (sport == ipseclab::kIkePort || dport == ipseclab::kIkePort)
        {
            what = "ike-500";
        }
        else if (sport == ipseclab::kIkeNatTPort || dport == ipseclab::kIkeNatTPort)
        {
            switch (ipseclab::ClassifyUdpEncap(payload))
            {
            case ipseclab::UdpEncapKind::Keepalive:
                what = "nat-keepalive";
                break;
            case ipseclab::UdpEncapKind::Ike:
                what = "ike-4500"; // non-ESP marker: IKE
                break;
            default:
                what = "esp-in-udp"; // counted as ESP even when too short to be one
                break;
            }
        }
        else
        {
            what = "udp-other";
        }
    }
    ++m_counts[what];
    ++m_sources[what][source];
}

std::string
InternetTap::Json() const
{
    std::string out = "{";
    const char* sep = "";
    for (const char* name :
         {"ike-500", "ike-4500", "esp-in-udp", "nat-keepalive", "esp", "ah", "udp-other", "other"})
    {
        out += sep;
        out += "\"";
        out += name;
        out += "\":" + std::to_string(Count(name));
        sep = ",";
    }
    return out + "}";
}

// ---------------------------------------------------------------------------------------------

namespace
{

std::string
Field(const ipseclab::Event& e, const char* name)
{
    return ipseclab::ValueText(e.Find(name));
}

std::string
ProtocolName(const std::string& number)
{
    if (number == "17")
    {
        return "UDP";
    }
    if (number == "6")
    {
        return "TCP";
    }
    if (number == "1")
    {
        return "ICMP";
    }
    if (number == "50")
    {
        return "ESP";
    }
    if (number == "51")
    {
        return "AH";
    }
    return "protocol " + number;
}

std::string
Endpoint(const ipseclab::Event& e, const char* address, const char* port)
{
    const std::string p = Field(e, port);
    return Field(e, address) + (p.empty() ? "" : ":" + p);
}

} // namespace

NatNarration::NatNarration(bool steps)
{
    if (!steps)
    {
        return;
    }
    m_subscription = EventStream::Default()->Subscribe(
        [this](const ipseclab::Event& e, const std::string&)
        {
            const std::string layer = ipseclab::LayerToString(e.GetLayer());
            const std::string& kind = e.GetKind();
            std::string text;
            if (layer == "nat" && kind == "map")
            {
                const std::string remote = Field(e, "remote");
                text = "new NAT mapping for " + ProtocolName(Field(e, "protocol")) + ": inside " +
                       Endpoint(e, "inside_address", "inside_port") + " = public " +
                       Endpoint(e, "public_address", "public_port") +
                       (remote.empty()
                            ? ""
                            : " (no ports: replies are matched by the peer " + remote + ")");
            }
            else if (layer == "nat" && kind == "translate")
            {
                const std::string key = Field(e, "direction") + Field(e, "protocol") +
                                        Field(e, "src") + Field(e, "src_port") + Field(e, "dst") +
                                        Field(e, "dst_port");
                if (++m_seen["translate " + key] > 1)
                {
                    return;
                }
                const bool outbound = Field(e, "direction") == "outbound";
                text = std::string("rewrites ") + (outbound ? "outbound " : "inbound ") +
                       ProtocolName(Field(e, "protocol")) + " " + Endpoint(e, "src", "src_port") +
                       " > " + Endpoint(e, "dst", "dst_port") + " into " +
                       Endpoint(e, "new_src", "new_src_port") + " > " +
                       Endpoint(e, "new_dst", "new_dst_port") +
                       (outbound ? " (the source becomes the public address)"
                                 : " (back to the inside host)") +
                       " [first packet of this flow]";
            }
            else if (layer == "nat" && kind == "expire")
            {
                text = "NAT mapping " + ProtocolName(Field(e, "protocol")) + " " +
                       Endpoint(e, "inside_address", "inside_port") + " = " +
                       Endpoint(e, "public_address", "public_port") +
                       " expires: nothing went out on it for its timeout";
            }
            else if (layer == "nat" && kind == "drop")
            {
                text = "NAT drops " + ProtocolName(Field(e, "protocol")) + " " +
                       Endpoint(e, "src", "src_port") + " > " + Endpoint(e, "dst", "dst_port") +
                       ": " + Field(e, "reason");
            }
            else if (layer == "ike" && kind == "virtual-ip")
            {
                text = "virtual IP " + Field(e, "address") + ": " + Field(e, "note");
            }
            else if (layer == "ike" && kind == "nat-keepalive")
            {
                const uint32_t n = ++m_seen["keepalive " + e.GetNodeName()];
                if (n > 2)
                {
                    return;
                }
                text = "sends a NAT keepalive (one octet 0xff, UDP 4500) to " + Field(e, "peer") +
                       ":" + Field(e, "port") + ": it keeps the NAT's mapping from timing out" +
                       (n == 2 ? " [further keepalives only counted]" : "");
            }
            else
            {
                return;
            }
            char head[48];
            std::snprintf(head, sizeof head, "        [t=%.6fs] ", e.GetTime() / 1e9);
            std::cout << head << (e.GetNodeName().empty() ? "" : e.GetNodeName() + ": ") << text
                      << "\n";
        });
}

NatNarration::~NatNarration()
{
    if (m_subscription != 0)
    {
        EventStream::Default()->Unsubscribe(m_subscription);
    }
}

// ---------------------------------------------------------------------------------------------

void
RecordingEchoServer::Install(Ptr<Node> node, uint16_t port)
{
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    m_socket->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [this](Ptr<Socket> s)
        {
            Address from;
            while (Ptr<Packet> p = s->RecvFrom(from))
            {
                std::ostringstream who;
                who << InetSocketAddress::ConvertFrom(from).GetIpv4();
                ++m_senders[who.str()];
                s->SendTo(p, 0, from);
            }
        }));
}

uint32_t
RecordingEchoServer::Requests() const
{
    uint32_t n = 0;
    for (const auto& [who, count] : m_senders)
    {
        n += count;
    }
    return n;
}

void
BoundEchoClient::Setup(Ptr<Node> node, Ipv4Address server, uint16_t port, uint16_t localPort)
{
    m_node = node;
    m_server = server;
    m_port = port;
    m_localPort = localPort;
}

void
BoundEchoClient::Schedule(Time when, uint32_t size)
{
    Simulator::Schedule(when, &BoundEchoClient::Send, this, size);
}

void
BoundEchoClient::Send(uint32_t size)
{
    if (!m_socket)
    {
        m_local = m_source ? m_source() : Ipv4Address::GetAny();
        m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(m_local, m_localPort));
        m_socket->Connect(InetSocketAddress(m_server, m_port));
        m_socket->SetRecvCallback(Callback<void, Ptr<Socket>>(
            [this](Ptr<Socket> s)
            {
                while (s->Recv())
                {
                    ++m_replies;
                }
            }));
    }
    ++m_sent;
    m_socket->Send(Create<Packet>(size));
}

} // namespace ns3
