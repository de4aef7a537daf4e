// scenario: AH through a NAT fails (icv-failure), ESP in UDP with IKEv2 NAT-T gets through
//
//   alice 192.168.1.2 --+
//                       +-- homeNat ==== internet ==== gateway ---- office LAN ---- server
//   bob   192.168.1.3 --+  192.168.1.1 | 198.51.100.1  198.51.100.2  10.2.0.1       10.2.0.2
// Both laptops want to reach the office server through the gateway.
// - alice uses AH in tunnel mode with hand-made keys (like `ip xfrm`). AH authenticates the
//   outer IP header, source address included. The NAT replaces that source (192.168.1.2 becomes
//   198.51.100.1): the gateway computes the ICV over a different header and drops every packet
//   (icv-failure). Nothing reaches the server.
// - bob uses ESP negotiated by IKEv2. IKE detects the NAT, both sides move to UDP 4500 and ESP
//   travels inside UDP: the NAT rewrites the outer IP and UDP headers, which ESP's ICV does not
//   cover, and every packet verifies. bob gets a virtual IP and his echoes come back.
// --steps narrates every step, including the ICV inputs on both sides of the NAT.
#include "common/event-log.h"
#include "common/home-office-topology.h"
#include "common/ike-defence-options.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "events/event-stream.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>

#include <cstdio>
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

/// The source address of the IPv4 header at the start of an AH icv_input (hex).
std::string
SourceOfIcvInput(const std::string& hex)
{
    if (hex.size() < 32)
    {
        return "?";
    }
    std::string out;
    for (int i = 0; i < 4; ++i)
    {
        out += (i ? "." : "") + std::to_string(std::stoul(hex.substr(24 + 2 * i, 2), nullptr, 16));
    }
    return out;
}

std::string
Short(const std::string& hex)
{
    return hex.size() > 16 ? hex.substr(0, 16) + "..." : hex;
}

/// The per-packet AH and ESP events EventLog leaves out: counts and the first ICV inputs.
struct PacketEvents
{
    size_t ahSent = 0;      ///< ah/encap at alice
    size_t ahVerified = 0;  ///< ah/decap icv_ok at the gateway
    size_t ahDecaps = 0;    ///< ah/decap at the gateway
    size_t espVerified = 0; ///< esp/decap icv_ok at the gateway
    size_t espFailed = 0;
    std::string aliceIcvInput, aliceIcv, gatewayIcvInput, gatewayIcv;
    uint32_t subscription = 0;

    PacketEvents()
    {
        subscription = EventStream::Default()->Subscribe(
            [this](const ipseclab::Event& e, const std::string&)
            {
                const std::string layer = ipseclab::LayerToString(e.GetLayer());
                const std::string& node = e.GetNodeName();
                auto str = [&e](const char* name)
                {
                    const ipseclab::EventValue* v = e.Find(name);
                    return v ? v->GetString() : std::string();
                };
                auto ok = [&e]()
                {
                    const ipseclab::EventValue* v = e.Find("icv_ok");
                    return v && v->GetBool();
                };
                if (layer == "ah" && e.GetKind() == "encap" && node == "alice")
                {
                    if (ahSent++ == 0)
                    {
                        aliceIcvInput = str("icv_input");
                        aliceIcv = str("icv");
                    }
                }
                else if (layer == "ah" && e.GetKind() == "decap" && node == "gateway")
                {
                    ahVerified += ok();
                    if (ahDecaps++ == 0)
                    {
                        gatewayIcvInput = str("icv_input");
                        gatewayIcv = str("icv_computed");
                    }
                }
                else if (layer == "esp" && e.GetKind() == "decap" && node == "gateway")
                {
                    (ok() ? espVerified : espFailed)++;
                }
            });
    }
    ~PacketEvents() { EventStream::Default()->Unsubscribe(subscription); }
};

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("ah-vs-nat");
    HomeOfficeConfig topo;
    std::string ahProposal = "sha256";
    std::string psk = "road warrior secret";
    double keepalive = 2.0;
    double duration = 4.0;
    uint32_t packets = 5;
    CheckedCommandLine cmd(__FILE__, "ah-vs-nat");
    options.AddTo(cmd);
    IkeDefenceOptions defence;
    defence.AddTo(cmd);
    cmd.AddValue(
        "ahProposal", "alice's AH integrity algorithm (sha256, sha1, sha384, sha512)", ahProposal);
    cmd.AddValue("psk", "Pre-shared key of bob and the gateway", psk);
    cmd.AddValue("keepalive", "NAT-T keepalive interval of bob's IKE SA (0: none)", keepalive);
    cmd.AddValue("packets", "UDP echo requests each laptop sends to the server", packets);
    cmd.AddValue("duration", "Simulated seconds", duration);
    cmd.Range("packets", 0, 1e6);
    cmd.Range("duration", 0.001, 86400, "simulated seconds");
    cmd.Parse(argc, argv);
    defence.Apply("ah-vs-nat");
    if (duration < 2.5 || packets == 0)
    {
        std::cerr << "ah-vs-nat: need --duration >= 2.5 and --packets >= 1\n";
        return 2;
    }
    options.Apply();
    const std::string out = options.GetOutputDirectory();
    Narrator narrator(options.GetSteps());
    NatNarration natNarration(options.GetSteps());
    EventLog log;
    PacketEvents perPacket;

    topo.laptopNames = {"alice", "bob"};
    HomeOfficeTopology t = BuildHomeOfficeTopology(topo);
    Ptr<Node> alice = t.laptops.Get(0);
    Ptr<Node> bob = t.laptops.Get(1);
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(alice, bob, t.gateway));
    ipsec.AssignStreams(NodeContainer(alice, bob, t.gateway), 100);

    // alice: AH tunnel alice <-> gateway for alice -> office LAN, keys by hand.
    ManualSaPairConfig ah;
    ah.protocol = ipseclab::IpsecProtocol::Ah;
    ah.mode = ipseclab::IpsecMode::Tunnel;
    ah.ahProposal = ahProposal;
    ah.addressA = t.laptopAddresses[0];
    ah.addressB = t.gatewayAddress;
    ah.trafficA = Text(t.laptopAddresses[0]) + "/32";
    ah.trafficB = "10.2.0.0/24";
    ah.spiAtoB = 0x1001;
    ah.spiBtoA = 0x2002;
    ah.reqid = 50;
    // bob: the road-warrior IKEv2 connection (NAT-T, virtual IP).
    RemoteAccessConfigs configs = MakeRemoteAccessConfigs(
        t.laptopAddresses[1], t.gatewayAddress, "10.2.0.0/24", "10.3.0.0/24", psk, keepalive, 0.2);
    IkeHelper ike;
    Ptr<IkeDaemon> bobIke;
    Ptr<IkeDaemon> gatewayIke;
    try
    {
        Ns3RandomSource keys(50);
        InstallManualSaPair(
            IpsecHelper::GetStack(alice), IpsecHelper::GetStack(t.gateway), ah, keys);
        bobIke = ike.Install(bob, configs.laptop);
        gatewayIke = ike.Install(t.gateway, configs.gateway);
    }
    catch (const std::exception& e)
    {
        std::cerr << "ah-vs-nat: bad configuration: " << e.what() << "\n";
        return 2;
    }
    bobIke->AssignStreams(200);
    gatewayIke->AssignStreams(300);
    defence.Install(t.internetDevices.Get(0),
                    t.internetDevices.Get(1),
                    t.gatewayAddress,
                    configs.gateway.ikeProposals.front());

    RecordingEchoServer server;
    server.Install(t.server, 7);
    BoundEchoClient aliceClient;
    aliceClient.Setup(alice, t.serverAddress, 7, 5000);
    BoundEchoClient bobClient;
    bobClient.Setup(bob, t.serverAddress, 7, 5000);
    bobClient.SetLocalAddressSource([&options, id = bob->GetId()]()
                                    { return VirtualIpOrAny(options.GetTally().Of(id)); });
    for (uint32_t i = 0; i < packets; ++i)
    {
        aliceClient.Schedule(Seconds(1.0 + 0.1 * i), 200);
        bobClient.Schedule(Seconds(1.05 + 0.1 * i), 200);
    }
    InternetTap tap;
    tap.Attach(t.internetDevices.Get(0));

    narrator.Step(
        "Set-up",
        "alice (192.168.1.2) and bob (192.168.1.3) are at home behind one NAT router: on the "
        "internet both come from its public address 198.51.100.1. Both want to reach the "
        "office server 10.2.0.2 behind the gateway 198.51.100.2.\n"
        "- alice: AH (" +
            ahProposal +
            ") in tunnel mode, keys set by hand: AH authenticates "
            "the outer IP header too, source address included.\n"
            "- bob: ESP negotiated by IKEv2 from t=0.2 s, which checks for a NAT and, if there is "
            "one, wraps ESP in UDP 4500.");
    Simulator::Schedule(
        Seconds(1.0),
        [&narrator]()
        { narrator.Step("Traffic", "alice and bob each send UDP echo requests to 10.2.0.2:7."); });
    EnableHomeOfficePcaps(t, out);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    // alice's story: AH packets sent, all dropped at the gateway with icv-failure.
    const size_t ahSent = perPacket.ahSent;
    size_t ahIcvFailures = 0;
    size_t ahOtherDrops = 0;
    for (const auto* e : log.Find("ah", "drop", "gateway"))
    {
        (e->Str("reason") == "icv-failure" ? ahIcvFailures : ahOtherDrops)++;
    }
    const size_t ahVerified = perPacket.ahVerified;
    const std::string aliceSrc = SourceOfIcvInput(perPacket.aliceIcvInput);
    const std::string gatewaySrc = SourceOfIcvInput(perPacket.gatewayIcvInput);
    const std::string aliceIcv = perPacket.aliceIcv;
    const std::string gatewayIcv = perPacket.gatewayIcv;
    // bob's story: NAT detected, ESP in UDP, every packet verified.
    bool natDetected = false;
    for (const auto* e : log.Find("ike", "nat-detection", "bob"))
    {
        natDetected |= e->Bool("self_behind_nat") && e->Bool("udp_encapsulation");
    }
    std::string vip;
    for (const auto* e : log.Find("ike", "virtual-ip", "bob"))
    {
        if (e->Str("address") != "none")
        {
            vip = e->Str("address");
        }
    }
    const size_t espVerified = perPacket.espVerified;
    const size_t espFailed = perPacket.espFailed;
    const size_t espDrops = log.Count("esp", "drop", "gateway");
    const auto& senders = server.Senders();
    const uint32_t fromAlice =
        senders.count(Text(t.laptopAddresses[0])) + senders.count(Text(t.publicAddress));
    const uint32_t fromBob = vip.empty() || !senders.count(vip) ? 0 : senders.at(vip);

    const bool ahStory = ahSent == aliceClient.Sent() && ahIcvFailures == ahSent &&
                         ahOtherDrops == 0 && ahVerified == 0 && fromAlice == 0 &&
                         aliceClient.Replies() == 0 && tap.Count("ah") == ahSent;
    const bool espStory = options.GetTally().Of(bob->GetId()).ikeSasEstablished == 1 &&
                          natDetected && !vip.empty() && fromBob == bobClient.Sent() &&
                          bobClient.Replies() == bobClient.Sent() &&
                          espVerified >= bobClient.Sent() && espFailed == 0 && espDrops == 0 &&
                          tap.Count("esp") == 0 && tap.Count("esp-in-udp") >= 2 * bobClient.Sent();
    const bool ok = ahStory && espStory;

    narrator.Step(
        "Why AH failed",
        "alice computed her ICV over an IP header with source " + aliceSrc + " (ICV " +
            Short(aliceIcv) + "). The NAT rewrote the source to " + Text(t.publicAddress) +
            " (it must: replies have to come back to it). The gateway found the SA by its SPI, "
            "recomputed the ICV over the header it received, with source " +
            gatewaySrc + ", and got " + Short(gatewayIcv) +
            ": a mismatch, so it dropped the packet as a "
            "forgery (icv-failure). " +
            std::to_string(ahIcvFailures) + " of " + std::to_string(ahSent) +
            " AH packets dropped, none reached the server. Nothing "
            "alice can do fixes this: AH protects exactly what a NAT has to change.");
    narrator.Step(
        "Why ESP in UDP worked",
        "IKE saw the NAT (its NAT_DETECTION hashes did not match) and moved to UDP 4500; the "
        "Child SA wraps ESP in UDP too. The NAT rewrote the outer IP and UDP headers as for "
        "any UDP flow: ESP's ICV covers only SPI, sequence number and the encrypted payload, so "
        "all " +
            std::to_string(espVerified) +
            " ESP packets the gateway received verified, and "
            "the server answered bob's virtual IP " +
            (vip.empty() ? "(none)" : vip) + ".");

    std::cout << "ah-vs-nat: alice (AH, manual keys): " << ahSent << " AH packets sent, "
              << ahIcvFailures << " dropped by the gateway with icv-failure, "
              << aliceClient.Replies() << "/" << aliceClient.Sent() << " echoes answered\n"
              << "  the ICV covered source " << aliceSrc << " at alice, " << gatewaySrc
              << " at the gateway (the NAT's rewrite)\n"
              << "  bob (ESP, IKEv2 NAT-T): NAT detected: " << (natDetected ? "yes" : "no")
              << ", virtual IP " << (vip.empty() ? "none" : vip) << ", " << espVerified
              << " ESP-in-UDP packets verified at the gateway, " << bobClient.Replies() << "/"
              << bobClient.Sent() << " echoes answered\n"
              << "  internet link: " << tap.Json() << "\n";

    std::ofstream json(out + "/ah-vs-nat.json");
    json << "{\"scenario\":\"ah-vs-nat\",\"ah\":{\"node\":\"alice\",\"proposal\":"
         << JsonQuote(ahProposal) << ",\"echo_sent\":" << aliceClient.Sent()
         << ",\"echo_replies\":" << aliceClient.Replies() << ",\"ah_sent\":" << ahSent
         << ",\"icv_failures_at_gateway\":" << ahIcvFailures
         << ",\"other_drops_at_gateway\":" << ahOtherDrops
         << ",\"verified_at_gateway\":" << ahVerified << ",\"reached_server\":" << fromAlice
         << ",\"icv_source_at_sender\":" << JsonQuote(aliceSrc)
         << ",\"icv_source_at_receiver\":" << JsonQuote(gatewaySrc)
         << ",\"story_holds\":" << (ahStory ? "true" : "false") << "},"
         << "\"esp\":{\"node\":\"bob\",\"ike_established\":"
         << options.GetTally().Of(bob->GetId()).ikeSasEstablished
         << ",\"nat_detected\":" << (natDetected ? "true" : "false")
         << ",\"virtual_ip\":" << JsonQuote(vip) << ",\"echo_sent\":" << bobClient.Sent()
         << ",\"echo_replies\":" << bobClient.Replies() << ",\"reached_server\":" << fromBob
         << ",\"verified_at_gateway\":" << espVerified
         << ",\"icv_failures_at_gateway\":" << espFailed << ",\"drops_at_gateway\":" << espDrops
         << ",\"story_holds\":" << (espStory ? "true" : "false") << "},"
         << "\"internet\":" << tap.Json() << ",\"server_saw_sources\":{";
    const char* sep = "";
    for (const auto& [who, n] : senders)
    {
        json << sep << JsonQuote(who) << ":" << n;
        sep = ",";
    }
    json << "},\"story_holds\":" << (ok ? "true" : "false") << "}\n";
    json.close();
    std::cout << "  story " << (ok ? "holds" : "DOES NOT HOLD")
              << "; ah-vs-nat.json, home.pcap (inside the NAT), internet.pcap, office.pcap\n";
    PrintIkeDrops(std::cout, options.GetTally(), {{"bob", bob}, {"gateway", t.gateway}});
    options.Finish();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
