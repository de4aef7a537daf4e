// scenario: a hostile peer and an attacker throw bad ESP, AH and IKE at a gateway; it drops each
// with its reason and the tunnel keeps working
//
//   hostA0 -- gwA ====== WAN 192.0.2.0/30 ====== gwB -- hostB0
//                                                 ||  198.51.100.0/30
//                                               mallory
// gwA and gwB run the site-to-site tunnel (IKEv2, ESP) with UDP echoes through it. mallory
// holds the keys of its own ESP and AH SAs with gwB (manual keys: a peer, not an outsider) and
// sends packets a careful receiver must drop (RFC 4303 2.1, 2.4, 3.3.3, 3.4; RFC 4302 2.2),
// and IKE that is malformed, unsolicited or a flood from spoofed sources. An attacker on the
// WAN forges a cleartext DELETE and AUTHENTICATION_FAILED (RFC 7296 2.21). The story holds
// when every hostile packet was dropped with the expected reason, counted, and every echo of
// the legitimate tunnel was answered.
#include "attack/hostile-ipsec-peer.h"
#include "common/ike-defence-options.h"
#include "common/ike-peer.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/site-gateways.h"
#include "common/site-topology.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/applications-module.h>
#include <ns3/core-module.h>
#include <ns3/internet-module.h>
#include <ns3/point-to-point-module.h>

#include <iomanip>
#include <iostream>
#include <map>

using namespace ns3;

namespace
{

/// IKE messages of one drop reason, as the node's ike/message-dropped events counted them.
uint64_t
Dropped(const RunTally::NodeTally& tally, const std::string& reason)
{
    auto it = tally.ikeMessagesDropped.find(reason);
    return it == tally.ikeMessagesDropped.end() ? 0 : it->second;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("hostile-peer");
    uint32_t packets = 20;
    uint32_t floodCount = 2000;
    CheckedCommandLine cmd(__FILE__, "hostile-peer");
    options.AddTo(cmd);
    cmd.AddValue("packets", "UDP echo requests through the legitimate tunnel", packets);
    cmd.AddValue("floodCount", "IKE_SA_INIT requests in mallory's flood", floodCount);
    cmd.Range("packets", 1, 1e5);
    cmd.Range("floodCount", 1, 100000);
    cmd.Parse(argc, argv);
    options.Apply();
    Narrator narrator(options.GetSteps());

    SiteTopologyConfig topo;
    topo.hostsPerLan = 1;
    SiteTopology t = BuildSiteTopology(topo);
    options.NameNodes(t);
    // mallory hangs off gwB on a link of its own.
    Ptr<Node> mallory = CreateObject<Node>();
    Names::Add("mallory", mallory);
    InternetStackHelper().Install(mallory);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
    NetDeviceContainer side = p2p.Install(t.gwB, mallory);
    Ipv4AddressHelper addresses("198.51.100.0", "255.255.255.252");
    Ipv4InterfaceContainer sideIf = addresses.Assign(side);
    const Ipv4Address gwBSide = sideIf.GetAddress(0);
    const Ipv4Address malloryAddress = sideIf.GetAddress(1);

    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(t.gwA, t.gwB, mallory));
    ipsec.AssignStreams(NodeContainer(t.gwA, t.gwB, mallory), 100);

    // The legitimate tunnel, as in site-to-site; gwB answers any initiator (so that the flood
    // reaches its IKE state, as it would a remote-access gateway's).
    ipseclab::IkeConfig a =
        SiteGatewayConfig(t, "classroom secret", "aes256gcm16-prfsha256-ecp256", "aes128gcm16");
    ipseclab::IkeConfig b = MirrorIkeConfig(a, "site-b", "@gw-b.example");
    b.remoteAddress = 0;
    const SiteDaemons daemons = InstallSiteDaemons(t, a, b, "hostile-peer");
    Ptr<IkeDaemon> daemonA = daemons.a;
    Ptr<IkeDaemon> daemonB = daemons.b;

    // mallory's own SAs with gwB: ESP for UDP to port 9, AH for UDP to port 10.
    Ns3RandomSource keys(50);
    ManualSaPairConfig esp;
    esp.addressA = malloryAddress;
    esp.addressB = gwBSide;
    esp.ipProtocol = 17;
    esp.portB = 9;
    esp.spiAtoB = 0x3001;
    esp.spiBtoA = 0x3002;
    esp.reqid = 30;
    ManualSaPairConfig ah = esp;
    ah.protocol = ipseclab::IpsecProtocol::Ah;
    ah.portB = 10;
    ah.spiAtoB = 0x4001;
    ah.spiBtoA = 0x4002;
    ah.reqid = 40;
    InstallManualSaPair(IpsecHelper::GetStack(mallory), IpsecHelper::GetStack(t.gwB), esp, keys);
    InstallManualSaPair(IpsecHelper::GetStack(mallory), IpsecHelper::GetStack(t.gwB), ah, keys);
    Ptr<IpsecStack> malloryStack = IpsecHelper::GetStack(mallory);
    std::vector<Ptr<HostileIpsecPeer>> hostile;
    for (uint32_t spi : {0x3001u, 0x4001u})
    {
        for (const ipseclab::SecurityAssociation* sa : malloryStack->GetSad().All())
        {
            if (sa->Config().spi == spi)
            {
                Ptr<HostileIpsecPeer> h = CreateObject<HostileIpsecPeer>();
                h->UseSa(sa->Config());
                h->SendAt(Seconds(1.5 + hostile.size()),
                          MilliSeconds(50),
                          malloryAddress,
                          gwBSide,
                          side.Get(1));
                hostile.push_back(h);
            }
        }
    }

    // IKE: mallory floods and sends malformed messages; an attacker on the WAN forges.
    Ptr<IkeForger> fromMallory = CreateObject<IkeForger>();
    fromMallory->AssignStreams(7000);
    fromMallory->WatchAt(t.wanDevices.Get(1));
    fromMallory->FloodAt(Seconds(0.05),
                         floodCount,
                         MicroSeconds(250),
                         gwBSide,
                         Ipv4Address("198.18.0.0"),
                         b.ikeProposals.front(),
                         side.Get(1));
    fromMallory->SendMalformedAt(Seconds(3.5), malloryAddress, gwBSide, side.Get(1));
    Ptr<IkeForger> onWan = CreateObject<IkeForger>();
    onWan->AssignStreams(7100);
    onWan->WatchAt(t.wanDevices.Get(1));
    onWan->AnswerIkeAuthWith(t.wanDevices.Get(1));
    onWan->ForgeDeleteAt(Seconds(4), t.wanInterfaces.GetAddress(1), t.wanDevices.Get(0));
    // A compromised gwA (its IKE keys in the attacker's hands): protected, but hostile.
    Ptr<IkeForger> compromised = CreateObject<IkeForger>();
    compromised->AssignStreams(7200);
    compromised->WatchAt(t.wanDevices.Get(1));
    compromised->StealKeysOf(t.gwA->GetId(), a.ikeProposals.front());
    compromised->SendProtectedAt(Seconds(4.5), t.wanInterfaces.GetAddress(1), t.wanDevices.Get(0));

    uint32_t replies = 0;
    UdpEchoServerHelper server(7);
    server.Install(t.lanB.Get(0)).Start(Seconds(0.1));
    UdpEchoClientHelper client(t.lanBInterfaces.GetAddress(0), 7);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(Seconds(4.0 / packets)));
    client.SetAttribute("PacketSize", UintegerValue(256));
    ApplicationContainer app = client.Install(t.lanA.Get(0));
    app.Start(Seconds(1.0));
    app.Get(0)->TraceConnectWithoutContext(
        "Rx", Callback<void, Ptr<const Packet>>([&replies](Ptr<const Packet>) { ++replies; }));

    narrator.Step("Set-up",
                  "gwA and gwB build their tunnel while mallory floods gwB with IKE_SA_INIT from "
                  "spoofed addresses; from t=1.5 s mallory sends ESP, then AH packets a careful "
                  "receiver must drop; at 3.5 s malformed IKE; at 4 s an attacker on the WAN "
                  "forges a cleartext DELETE (it already forged an AUTHENTICATION_FAILED); at "
                  "4.5 s someone with gwA's IKE keys sends protected but hostile messages.");
    options.EnablePcaps(t);
    p2p.EnablePcap(options.GetOutputDirectory() + "/mallory.pcap", side.Get(0), false, true);
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    // gwB's drops by reason against what each hostile packet should have cost.
    const ipseclab::DropCounters& drops = IpsecHelper::GetStack(t.gwB)->GetDrops();
    std::map<std::string, uint64_t> expected;
    std::cout << "hostile-peer: what mallory sent gwB, and the drop RFC 4303/4302 prescribe\n";
    for (const auto& h : hostile)
    {
        for (size_t i = 0; i < h->GetSent().size(); ++i)
        {
            ++expected[h->GetExpectedDrops()[i]];
            std::cout << "  " << std::left << std::setw(44) << h->GetSent()[i]
                      << h->GetExpectedDrops()[i] << "\n";
        }
    }
    bool ok = true;
    std::cout << "  gwB's drops:";
    for (size_t r = 0; r < ipseclab::kDropReasonCount; ++r)
    {
        const std::string reason = ipseclab::ToString(static_cast<ipseclab::DropReason>(r));
        const uint64_t want = expected.count(reason) ? expected[reason] : 0;
        if (drops[r] != 0 || want != 0)
        {
            std::cout << " " << reason << "=" << drops[r]
                      << (drops[r] == want ? "" : " (EXPECTED " + std::to_string(want) + ")");
        }
        ok &= drops[r] == want;
    }
    const RunTally::NodeTally& tallyA = options.GetTally().Of(t.gwA->GetId());
    const RunTally::NodeTally& tallyB = options.GetTally().Of(t.gwB->GetId());
    std::cout << "\n  IKE: gwB half-open IKE SAs at most " << tallyB.halfOpenPeak << ", "
              << tallyB.cookiesSent << " COOKIEs sent\n";
    PrintIkeDrops(std::cout, options.GetTally(), {{"gwA", t.gwA}, {"gwB", t.gwB}});
    std::cout << "  legitimate tunnel: IKE SAs established " << tallyA.ikeSasEstablished
              << ", UDP echoes " << replies << "/" << packets << " answered\n";
    ok &= replies == packets && tallyA.ikeSasEstablished == 1 &&
          Dropped(tallyB, "unprotected") == 1 &&
          Dropped(tallyB, "message ID outside window") == 1 &&
          Dropped(tallyA, "unprotected") == 1 && tallyB.halfOpenPeak <= 31;
    std::cout << "  story " << (ok ? "holds" : "DOES NOT HOLD") << "\n";
    options.Finish();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
