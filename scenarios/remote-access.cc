// scenario: a laptop behind a home NAT joins the office VPN: IKEv2 NAT-T, virtual IP, ESP in UDP
//
//   laptop ---- home LAN ---- homeNat ==== internet ==== gateway ---- office LAN ---- server
//   192.168.1.2            192.168.1.1  198.51.100.1   198.51.100.2  10.2.0.1         10.2.0.2
// The laptop connects to the office gateway with IKEv2 (PSK). Both sides notice the NAT (the
// NAT_DETECTION hashes of IKE_SA_INIT do not match the addresses they see) and move IKE to
// UDP 4500; the laptop asks for an address (CP) and gets 10.3.0.1 from the gateway's pool; the
// Child SA "10.3.0.1 <-> 10.2.0.0/24" carries ESP inside UDP 4500 (RFC 3948), so the NAT can
// translate it like any UDP flow. The laptop then talks to the office server from its virtual
// IP; keepalives hold the NAT's mapping while it is idle. --steps narrates every step.
#include "common/event-log.h"
#include "common/home-office-topology.h"
#include "common/ike-defence-options.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>

#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

std::string
Text(Ipv4Address a)
{
    std::ostringstream s;
    s << a;
    return s.str();
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("remote-access");
    HomeOfficeConfig topo;
    PskOptions psk("road warrior secret",
                   "Pre-shared key of the laptop and the gateway",
                   {"Laptop", "The laptop"},
                   {"Gateway", "The gateway"});
    std::string pool = "10.3.0.0/24";
    double keepalive = 2.0;
    double natTimeout = 5.0;
    double duration = 10.0;
    uint32_t packets = 5;
    CheckedCommandLine cmd(__FILE__, "remote-access");
    options.AddTo(cmd);
    IkeDefenceOptions defence;
    defence.AddTo(cmd);
    psk.AddTo(cmd);
    cmd.AddValue("pool", "The gateway's pool of virtual IPs", pool);
    cmd.AddValue("keepalive", "NAT-T keepalive interval in seconds (0: none)", keepalive);
    cmd.AddValue("natTimeout", "The home NAT's UDP mapping timeout in seconds", natTimeout);
    cmd.AddValue("packets", "UDP echo requests from the laptop to the server at t=1 s", packets);
    cmd.AddValue(
        "duration", "Simulated seconds (one more echo is sent 1 s before the end)", duration);
    cmd.AddValue("internetDelay", "One-way delay of the internet link", topo.internetDelay);
    cmd.Range("packets", 0, 1e6);
    cmd.Range("duration", 0.001, 86400, "simulated seconds");
    cmd.Parse(argc, argv);
    defence.Apply("remote-access");
    if (duration < 3 || packets == 0 || natTimeout <= 0)
    {
        std::cerr << "remote-access: need --duration >= 3, --packets >= 1, --natTimeout > 0\n";
        return 2;
    }
    options.Apply();
    const std::string out = options.GetOutputDirectory();
    Narrator narrator(options.GetSteps());
    NatNarration natNarration(options.GetSteps());
    EventLog log;

    topo.laptopNames = {"laptop"};
    topo.natUdpTimeout = Seconds(natTimeout);
    HomeOfficeTopology t = BuildHomeOfficeTopology(topo);
    Ptr<Node> laptop = t.laptops.Get(0);
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(laptop, t.gateway));
    ipsec.AssignStreams(NodeContainer(laptop, t.gateway), 100);

    RemoteAccessConfigs configs = MakeRemoteAccessConfigs(
        t.laptopAddresses[0], t.gatewayAddress, "10.2.0.0/24", pool, psk.Both(), keepalive, 0.2);
    configs.laptop.psk = psk.Of(0);
    configs.gateway.psk = psk.Of(1);
    IkeHelper ike;
    Ptr<IkeDaemon> laptopIke;
    Ptr<IkeDaemon> gatewayIke;
    try
    {
        laptopIke = ike.Install(laptop, configs.laptop);
        gatewayIke = ike.Install(t.gateway, configs.gateway);
    }
    catch (const std::exception& e)
    {
        std::cerr << "remote-access: bad configuration: " << e.what() << "\n";
        return 2;
    }
    laptopIke->AssignStreams(200);
    gatewayIke->AssignStreams(300);
    defence.Install(t.internetDevices.Get(0),
                    t.internetDevices.Get(1),
                    t.gatewayAddress,
                    configs.gateway.ikeProposals.front());

    RecordingEchoServer server;
    server.Install(t.server, 7);
    BoundEchoClient client;
    client.Setup(laptop, t.serverAddress, 7, 5000);
    client.SetLocalAddressSource([&options, id = laptop->GetId()]()
                                 { return VirtualIpOrAny(options.GetTally().Of(id)); });
    for (uint32_t i = 0; i < packets; ++i)
    {
        client.Schedule(Seconds(1.0 + 0.1 * i), 200);
    }
    client.Schedule(Seconds(duration - 1), 200);
    InternetTap tap;
    tap.Attach(t.internetDevices.Get(0));

    narrator.Step(
        "Set-up",
        "The laptop (192.168.1.2) is at home, behind a home router that does NAT: on the "
        "internet all home traffic comes from its public address 198.51.100.1. The office "
        "gateway (198.51.100.2) protects the office LAN 10.2.0.0/24 and hands out virtual IPs "
        "from " +
            pool + ". The laptop starts IKEv2 at t=0.2 s and asks for an address.");
    Simulator::Schedule(Seconds(1.0),
                        [&narrator, &client]()
                        {
                            narrator.Step("Traffic",
                                          "The laptop sends UDP echo requests to the office server "
                                          "10.2.0.2:7 from its virtual IP " +
                                              Text(client.LocalAddress()) +
                                              " (its socket is bound to it): the policy sends them "
                                              "through the Child SA, ESP inside UDP 4500.");
                        });
    Simulator::Schedule(
        Seconds(duration - 1),
        [&narrator, natTimeout, keepalive]()
        {
            std::ostringstream text;
            text << "After a long idle period (longer than the NAT's " << natTimeout
                 << " s UDP timeout) the laptop sends one more request. "
                 << (keepalive > 0 ? "The keepalives kept the port-4500 mapping alive, so the "
                                     "server's reply still finds its way back in."
                                   : "Without keepalives (--keepalive=0) the mapping may have "
                                     "expired: watch whether the reply comes back.");
            narrator.Step("Idle, then once more", text.str());
        });
    EnableHomeOfficePcaps(t, out);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    // The story, read back from the event stream and the counters.
    bool natDetected = false;
    for (const auto* e : log.Find("ike", "nat-detection", "laptop"))
    {
        natDetected |= e->Bool("self_behind_nat") && e->Bool("udp_encapsulation");
    }
    bool gatewaySawNat = false;
    for (const auto* e : log.Find("ike", "nat-detection", "gateway"))
    {
        gatewaySawNat |= e->Bool("peer_behind_nat");
    }
    std::string vip;
    for (const auto* e : log.Find("ike", "virtual-ip", "laptop"))
    {
        if (e->Str("address") != "none")
        {
            vip = e->Str("address");
        }
    }
    bool udpEncapSa = false;
    for (const auto* e : log.Find("sad", "install", "laptop"))
    {
        udpEncapSa |= e->Bool("udp_encap");
    }
    const size_t keepalives = log.Count("ike", "nat-keepalive", "laptop");
    const auto& senders = server.Senders();
    const bool fromVip = !vip.empty() && senders.size() == 1 && senders.count(vip) == 1;
    const uint32_t sent = client.Sent();
    const bool allAnswered = server.Requests() == sent && client.Replies() == sent;
    const bool onlyUdp = tap.Count("esp") == 0 && tap.Count("esp-in-udp") >= 2 * sent;
    const bool ok = options.GetTally().Of(laptop->GetId()).ikeSasEstablished == 1 && natDetected &&
                    gatewaySawNat && udpEncapSa && !vip.empty() && fromVip && allAnswered &&
                    onlyUdp &&
                    (keepalive <= 0 || (keepalives > 0 && tap.Count("nat-keepalive") > 0));

    std::string publicPort;
    for (const auto* e : log.Find("nat", "map", "homeNat"))
    {
        if (e->Uint("inside_port") == 4500)
        {
            publicPort = e->Str("public_port");
        }
    }
    narrator.Step("What happened",
                  std::string("NAT detected: ") + (natDetected ? "yes" : "NO") +
                      " (IKE moved from port 500 to 4500; the home NAT maps 192.168.1.2:4500 to "
                      "198.51.100.1:" +
                      (publicPort.empty() ? "?" : publicPort) + "). Virtual IP: " +
                      (vip.empty() ? "none" : vip) + ". The server saw the laptop as " +
                      (senders.empty() ? std::string("nobody") : senders.begin()->first) +
                      ", never as 192.168.1.2 or 198.51.100.1. On the internet: " +
                      std::to_string(tap.Count("esp-in-udp")) + " ESP-in-UDP datagrams, " +
                      std::to_string(tap.Count("esp")) + " bare ESP, " +
                      std::to_string(tap.Count("nat-keepalive")) + " keepalives.");

    std::cout << "remote-access: IKE SA "
              << (options.GetTally().Of(laptop->GetId()).ikeSasEstablished ? "up" : "DOWN")
              << ", NAT detected: " << (natDetected ? "yes" : "no")
              << " (IKE and ESP moved to UDP 4500), virtual IP: " << (vip.empty() ? "none" : vip)
              << "\n"
              << "  UDP echoes laptop -> office server: " << client.Replies() << "/" << sent
              << " answered; the server saw them from";
    for (const auto& [who, n] : senders)
    {
        std::cout << " " << who << " (" << n << ")";
    }
    std::cout << "\n  internet link: " << tap.Json() << "\n"
              << "  NAT keepalives sent by the laptop: " << keepalives << "\n";

    std::ofstream json(out + "/remote-access.json");
    json << "{\"scenario\":\"remote-access\",\"ike_established\":"
         << options.GetTally().Of(laptop->GetId()).ikeSasEstablished
         << ",\"nat_detected\":" << (natDetected ? "true" : "false")
         << ",\"gateway_saw_nat\":" << (gatewaySawNat ? "true" : "false")
         << ",\"udp_encap_sa\":" << (udpEncapSa ? "true" : "false")
         << ",\"virtual_ip\":" << JsonQuote(vip)
         << ",\"nat_public_port_4500\":" << (publicPort.empty() ? "null" : publicPort)
         << ",\"echo_sent\":" << sent << ",\"echo_received_by_server\":" << server.Requests()
         << ",\"echo_replies\":" << client.Replies() << ",\"server_saw_sources\":{";
    const char* sep = "";
    for (const auto& [who, n] : senders)
    {
        json << sep << JsonQuote(who) << ":" << n;
        sep = ",";
    }
    json << "},\"keepalives_sent\":" << keepalives << ",\"internet\":" << tap.Json()
         << ",\"nat_mappings_created\":" << t.natRouter->GetCounters().mappingsCreated
         << ",\"nat_mappings_expired\":" << t.natRouter->GetCounters().mappingsExpired
         << ",\"story_holds\":" << (ok ? "true" : "false") << "}\n";
    json.close();
    std::cout << "  story " << (ok ? "holds" : "DOES NOT HOLD")
              << "; remote-access.json, home.pcap (inside the NAT), internet.pcap, office.pcap\n";
    PrintIkeDrops(std::cout, options.GetTally(), {{"laptop", laptop}, {"gateway", t.gateway}});
    options.Finish();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
