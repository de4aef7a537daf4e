// scenario: two LANs joined by an IKEv2-negotiated ESP tunnel between their gateways
//
//   hostA0, hostA1 -- gwA ====== WAN ====== gwB -- hostB0, hostB1
//        10.1.0.0/24        192.0.2.0/30         10.2.0.0/24
// gwA and gwB authenticate each other with a pre-shared key (IKE_SA_INIT, IKE_AUTH: "IKE phase
// 1"), negotiate a Child SA for LAN A <-> LAN B ("phase 2") and protect the traffic of every
// host pair in ESP tunnel mode. --steps narrates each protocol step.
#include "common/ike-defence-options.h"
#include "common/ike-peer.h"
#include "common/impair-options.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/site-gateways.h"
#include "common/site-topology.h"
#include "helper/ike-helper.h"
#include "helper/ike-pki-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/applications-module.h>
#include <ns3/core-module.h>

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    ScenarioOptions options("site-to-site");
    SiteTopologyConfig topo;
    std::string ikeProposal = "aes256gcm16-prfsha256-ecp256";
    std::string espProposal = "aes128gcm16";
    PskOptions psk(
        "classroom secret", "Pre-shared key of both gateways", {"A", "gwA"}, {"B", "gwB"});
    std::string auth = "psk";
    double duration = 3.0;
    uint32_t packets = 10;
    double childRekey = 0;
    double childRandTime = 0;
    double deleteDelay = 0.5;
    double ikeRekey = 0;
    double ikeRandTime = 0;
    std::string pfs;
    bool collision = false;
    bool cryptoTime = false;
    uint32_t replayWindow = 64;
    CheckedCommandLine cmd(__FILE__, "site-to-site");
    options.AddTo(cmd);
    IkeDefenceOptions defence;
    defence.AddTo(cmd);
    ImpairOptions impair;
    impair.AddTo(cmd);
    cmd.AddValue("ikeProposal", "IKE proposal (strongSwan syntax)", ikeProposal);
    cmd.AddValue("espProposal", "ESP proposal of the Child SA", espProposal);
    psk.AddTo(cmd);
    cmd.AddValue("auth",
                 "How the gateways prove who they are: psk, ecdsa or rsa (certificates issued "
                 "by a lab CA, RFC 7427 signatures)",
                 auth);
    cmd.AddValue("duration", "Simulated seconds", duration);
    cmd.AddValue("packets", "UDP echo requests per host pair", packets);
    cmd.AddValue("childRekey", "Child SA rekey_time in seconds (0: never)", childRekey);
    cmd.AddValue("childRandTime",
                 "Child SA rand_time: rekey jitter (0: life_time - rekey_time)",
                 childRandTime);
    cmd.AddValue("deleteDelay", "Seconds the old inbound SA stays after a rekey", deleteDelay);
    cmd.AddValue("ikeRekey", "IKE SA rekey_time in seconds (0: never)", ikeRekey);
    cmd.AddValue("ikeRandTime", "IKE SA rand_time (0: over_time)", ikeRandTime);
    cmd.AddValue("pfs", "DH group for PFS in Child SA rekeys (e.g. x25519; empty: none)", pfs);
    cmd.AddValue("cryptoTime",
                 "Crypto operations take simulated time (defaults per group: "
                 "ns3::IkeDaemon::DhTime*, *SignTime; docs/ike.md)",
                 cryptoTime);
    cmd.AddValue(
        "collision", "Both gateways rekey the Child SA at the same instant (t=1.5 s)", collision);
    cmd.AddValue("replayWindow", "Anti-replay window of the Child SAs", replayWindow);
    cmd.AddValue("wanDelay", "One-way WAN delay", topo.wanDelay);
    cmd.AddValue("wanLoss", "WAN packet loss rate (0..1)", topo.wanLoss);
    cmd.AddValue("hosts", "Hosts per LAN", topo.hostsPerLan);
    cmd.Range("duration", 0.001, 86400, "simulated seconds");
    cmd.Range("packets", 0, 1e6);
    cmd.Range("replayWindow", 0, 65536, "RFC 6479 window sizes the lab supports");
    cmd.Range("wanLoss", 0, 1, "a probability");
    cmd.Range("hosts", 1, 250, "hosts per /24 LAN");
    cmd.Parse(argc, argv);
    defence.Apply("site-to-site");
    impair.Apply("site-to-site");
    if (cryptoTime)
    {
        Config::SetDefault("ns3::IkeDaemon::CryptoTime", BooleanValue(true));
    }
    options.Apply();
    Narrator narrator(options.GetSteps());

    SiteTopology t = BuildSiteTopology(topo);
    options.NameNodes(t);
    impair.Install({t.wanDevices.Get(0)});
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(t.gwA, t.gwB));
    ipsec.AssignStreams(NodeContainer(t.gwA, t.gwB), 100);

    ipseclab::IkeConfig a = SiteGatewayConfig(
        t, psk.Of(0), ikeProposal, pfs.empty() ? espProposal : espProposal + "-" + pfs);
    a.rekeyTime = ikeRekey;
    a.randTime = ikeRandTime;
    auto& child = a.children.front();
    child.rekeyTime = childRekey;
    child.randTime = childRandTime;
    child.deleteDelay = deleteDelay;
    child.replayWindow = replayWindow;
    ipseclab::IkeConfig b = MirrorIkeConfig(a, "site-b", "@gw-b.example");
    b.psk = psk.Of(1);
    if (defence.Flood())
    {
        b.remoteAddress = 0; // gwB answers any initiator, so the flood reaches its IKE state
    }

    if (auth == "ecdsa" || auth == "rsa")
    {
        // A small CA, as a teacher would make with `pki`: one certificate per gateway, its FQDN
        // and WAN address as subjectAltNames; both trust the CA.
        const auto keyType =
            auth == "rsa" ? ipseclab::KeyType::Rsa2048 : ipseclab::KeyType::EcdsaP256;
        LabPki pki(1, keyType);
        pki.Configure(a,
                      pki.IssueGateway(
                          "gw-a.example", ipseclab::Ipv4AddressToString(a.localAddress), keyType),
                      "@gw-a.example");
        pki.Configure(b,
                      pki.IssueGateway(
                          "gw-b.example", ipseclab::Ipv4AddressToString(b.localAddress), keyType),
                      "@gw-b.example");
    }
    else if (auth != "psk")
    {
        std::cerr << "site-to-site: --auth must be psk, ecdsa or rsa, not '" << auth << "'\n";
        return 2;
    }
    const SiteDaemons daemons = InstallSiteDaemons(t, a, b, "site-to-site");
    Ptr<IkeDaemon> daemonA = daemons.a;
    Ptr<IkeDaemon> daemonB = daemons.b;
    defence.Install(
        t.wanDevices.Get(0), t.wanDevices.Get(1), t.wanInterfaces.GetAddress(1), ikeProposal);

    uint32_t replies = 0;
    for (uint32_t i = 0; i < topo.hostsPerLan; ++i)
    {
        UdpEchoServerHelper server(9);
        server.Install(t.lanB.Get(i)).Start(Seconds(0.1));
        UdpEchoClientHelper client(t.lanBInterfaces.GetAddress(i), 9);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(Seconds((duration - 1.2) / packets)));
        client.SetAttribute("PacketSize", UintegerValue(256));
        ApplicationContainer app = client.Install(t.lanA.Get(i));
        app.Start(Seconds(1.0 + 0.01 * i));
        app.Get(0)->TraceConnectWithoutContext(
            "Rx", Callback<void, Ptr<const Packet>>([&replies](Ptr<const Packet>) { ++replies; }));
    }

    if (collision)
    {
        Simulator::Schedule(Seconds(1.5),
                            [daemonA, daemonB]()
                            {
                                daemonA->RekeyChild(0);
                                daemonB->RekeyChild(0);
                            });
    }
    narrator.Step("Set-up",
                  "gwA and gwB protect LAN A (10.1.0.0/24) <-> LAN B (10.2.0.0/24). "
                  "gwA initiates IKEv2 at t=0.2 s; hosts start talking at t=1 s.");
    options.EnablePcaps(t);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    const uint32_t sent = packets * topo.hostsPerLan;
    const RunTally::NodeTally& tallyA = options.GetTally().Of(t.gwA->GetId());
    const RunTally::NodeTally& tallyB = options.GetTally().Of(t.gwB->GetId());
    std::cout << "site-to-site: IKE SAs established " << tallyA.ikeSasEstablished << ", Child SAs "
              << tallyA.childSas.size() << ", rekeys " << tallyA.rekeys << ", IKE retransmissions "
              << tallyA.retransmissions + tallyB.retransmissions << "\n"
              << "  UDP echoes LAN A -> LAN B through the tunnel: " << replies << "/" << sent
              << " answered\n";
    PrintIkeDrops(std::cout, options.GetTally(), {{"gwA", t.gwA}, {"gwB", t.gwB}});
    options.Finish();
    const bool ok = tallyA.ikeSasEstablished == 1 && (topo.wanLoss > 0 || replies == sent);
    Simulator::Destroy();
    return ok ? 0 : 1;
}
