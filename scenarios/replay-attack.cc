// scenario: an attacker replays recorded ESP packets; the anti-replay window drops every copy
//
//   hostA0 -- gwA ====== WAN ====== gwB -- hostB0       ESP tunnel gwA <-> gwB (IKEv2)
//                      ^ attacker
// hostA0 sends payment orders ("order 0001: pay 10 EUR to bob") over UDP to hostB0. An attacker
// on the WAN records the first --capture ESP packets gwB receives and sends exact copies again,
// --bursts times. The copies are perfect (right SPI, sequence number, ICV): only the receiver's
// anti-replay window can tell them apart. With --replayWindow=64 (default) every copy is dropped
// ("replayed" while its number is still in the window, "too-old" once the window has moved past
// it); with --replayWindow=0 every copy is decrypted and delivered: hostB0 executes the same
// order again.
#include "attack/replay-attacker.h"
#include "common/ike-defence-options.h"
#include "common/ike-peer.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/site-gateways.h"
#include "common/site-topology.h"
#include "common/topology-file.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>
#include <ns3/inet-socket-address.h>
#include <ns3/udp-socket-factory.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

using namespace ns3;

namespace
{

/// hostB0's order service: counts orders and how often each one arrived.
struct OrderSink
{
    std::map<std::string, uint32_t> seen;
    uint32_t received = 0;
    uint32_t duplicates = 0;
};

std::string
OrderText(uint32_t k)
{
    char text[64];
    std::snprintf(text, sizeof text, "order %04u: pay 10 EUR to bob", k);
    return text;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("replay-attack");
    uint32_t replayWindow = 64;
    uint32_t orders = 100;
    double interval = 0.02;
    uint32_t capture = 5;
    uint32_t bursts = 2;
    double burstAt = 1.5;
    double burstInterval = 2.0;
    std::string espProposal = "aes128gcm16";
    std::string ikeProposal = "aes256gcm16-prfsha256-ecp256";
    CheckedCommandLine cmd(__FILE__, "replay-attack");
    options.AddTo(cmd);
    IkeDefenceOptions defence;
    defence.AddTo(cmd);
    cmd.AddValue("replayWindow", "Anti-replay window of the Child SAs (0 = off)", replayWindow);
    cmd.AddValue("orders", "Orders hostA0 sends (one UDP datagram each, from t=1 s)", orders);
    cmd.AddValue("interval", "Seconds between two orders", interval);
    cmd.AddValue(
        "capture", "ESP packets the attacker records (the first ones gwB receives)", capture);
    cmd.AddValue("bursts", "How many times the attacker replays everything it recorded", bursts);
    cmd.AddValue("burstAt", "Time of the first burst (s)", burstAt);
    cmd.AddValue("burstInterval", "Seconds between bursts", burstInterval);
    cmd.AddValue("espProposal", "ESP proposal of the Child SA", espProposal);
    cmd.AddValue("ikeProposal", "IKE proposal (strongSwan syntax)", ikeProposal);
    cmd.Range("orders", 0, 1e6);
    cmd.Range("replayWindow", 0, 65536, "RFC 6479 window sizes the lab supports");
    cmd.Parse(argc, argv);
    defence.Apply("replay-attack");
    if (interval <= 0 || burstAt < 1.0)
    {
        std::cerr << "replay-attack: --interval must be > 0 and --burstAt >= 1\n";
        return 2;
    }
    options.Apply();
    Narrator narrator(options.GetSteps());

    SiteTopologyConfig topo;
    topo.hostsPerLan = 1;
    SiteTopology t = BuildSiteTopology(topo);
    options.NameNodes(t);
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(t.gwA, t.gwB));
    ipsec.AssignStreams(NodeContainer(t.gwA, t.gwB), 100);

    ipseclab::IkeConfig a = SiteGatewayConfig(t, "classroom secret", ikeProposal, espProposal);
    a.rekeyTime = 0;
    a.children.front().replayWindow = replayWindow;
    ipseclab::IkeConfig b = MirrorIkeConfig(a, "site-b", "@gw-b.example");
    if (defence.Flood())
    {
        b.remoteAddress = 0; // gwB answers any initiator, so the flood reaches its IKE state
    }
    const SiteDaemons daemons = InstallSiteDaemons(t, a, b, "replay-attack");
    Ptr<IkeDaemon> daemonA = daemons.a;
    Ptr<IkeDaemon> daemonB = daemons.b;
    defence.Install(t.wanDevices.Get(0),
                    t.wanDevices.Get(1),
                    t.wanInterfaces.GetAddress(1),
                    a.ikeProposals.front());

    // The order service on hostB0 and the client on hostA0.
    const uint16_t port = 7000;
    OrderSink sink;
    Ptr<Socket> server = Socket::CreateSocket(t.lanB.Get(0), UdpSocketFactory::GetTypeId());
    server->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    server->SetRecvCallback(Callback<void, Ptr<Socket>>(
        [&sink](Ptr<Socket> s)
        {
            while (Ptr<Packet> p = s->Recv())
            {
                std::string text(p->GetSize(), '\0');
                p->CopyData(reinterpret_cast<uint8_t*>(&text[0]), text.size());
                ++sink.received;
                if (++sink.seen[text] > 1)
                {
                    ++sink.duplicates;
                }
            }
        }));
    Ptr<Socket> client = Socket::CreateSocket(t.lanA.Get(0), UdpSocketFactory::GetTypeId());
    client->Bind();
    client->Connect(InetSocketAddress(t.lanBInterfaces.GetAddress(0), port));
    for (uint32_t k = 1; k <= orders; ++k)
    {
        Simulator::Schedule(Seconds(1.0 + interval * (k - 1)),
                            [client, k]()
                            {
                                const std::string text = OrderText(k);
                                client->Send(Create<Packet>(
                                    reinterpret_cast<const uint8_t*>(text.data()), text.size()));
                            });
    }

    // The attacker: records at gwB's WAN port, replays from gwA's end of the link.
    Ptr<ReplayAttacker> attacker = CreateObject<ReplayAttacker>();
    attacker->CaptureAt(t.wanDevices.Get(1), 50, capture);
    attacker->InjectFrom(t.wanDevices.Get(0));
    AddTopologyTap("attacker",
                   "attacker",
                   "records ESP packets in front of gwB and replays them",
                   t.wanDevices.Get(1));
    for (uint32_t i = 0; i < bursts; ++i)
    {
        const double at = burstAt + burstInterval * i;
        attacker->ScheduleBurst(Seconds(at), MilliSeconds(1));
        Simulator::Schedule(Seconds(at),
                            [&narrator, &attacker, i, at]()
                            {
                                narrator.Step("Replay burst " + std::to_string(i + 1),
                                              "t=" + std::to_string(at).substr(0, 4) +
                                                  " s: the attacker sends its " +
                                                  std::to_string(attacker->GetCapturedCount()) +
                                                  " recorded ESP packets again, unchanged.");
                            });
    }

    narrator.Step("Set-up",
                  "gwA and gwB protect LAN A <-> LAN B with an IKEv2 ESP tunnel whose inbound "
                  "SAs have an anti-replay window of " +
                      std::to_string(replayWindow) + (replayWindow == 0 ? " (off)" : "") +
                      " packets. hostA0 sends " + std::to_string(orders) +
                      " payment orders to hostB0 from t=1 s; an attacker on the WAN records the "
                      "first " +
                      std::to_string(capture) + " ESP packets.");
    options.EnablePcaps(t);
    Simulator::Stop(
        Seconds(std::max(1.0 + interval * orders, burstAt + burstInterval * bursts) + 0.5));
    Simulator::Run();

    Ptr<IpsecStack> stackB = IpsecHelper::GetStack(t.gwB);
    const auto& drops = stackB->GetDrops();
    const uint64_t replayed = drops[static_cast<size_t>(ipseclab::DropReason::Replayed)];
    const uint64_t tooOld = drops[static_cast<size_t>(ipseclab::DropReason::TooOld)];
    const uint32_t replays = attacker->GetReplayedCount();
    uint32_t distinct = static_cast<uint32_t>(sink.seen.size());
    const bool established = options.GetTally().Of(t.gwA->GetId()).ikeSasEstablished == 1;
    const bool allDelivered = distinct == orders;
    bool ok = established && allDelivered && replays > 0;
    if (replayWindow > 0)
    {
        ok = ok && replayed + tooOld == replays && sink.duplicates == 0;
    }
    else
    {
        ok = ok && sink.duplicates == replays && replayed + tooOld == 0;
    }

    // How often the repeated orders were executed ("5 orders paid 3 times"), from what arrived.
    std::map<uint32_t, uint32_t> ordersByTimes;
    for (const auto& [text, times] : sink.seen)
    {
        if (times > 1)
        {
            ++ordersByTimes[times];
        }
    }
    std::string paid;
    for (const auto& [times, n] : ordersByTimes)
    {
        paid += (paid.empty() ? "" : ", ") + std::to_string(n) + (n == 1 ? " order" : " orders") +
                " paid " + std::to_string(times) + " times";
    }
    narrator.Step("Outcome",
                  replayWindow > 0
                      ? "gwB's window dropped all " + std::to_string(replays) + " copies (" +
                            std::to_string(replayed) + " replayed, " + std::to_string(tooOld) +
                            " too old): hostB0 executed every order exactly once."
                      : "without a window gwB decrypted and forwarded all " +
                            std::to_string(replays) + " copies: " + paid + ".");
    std::cout << "replay-attack: anti-replay window " << replayWindow
              << (replayWindow == 0 ? " (off)" : "") << ", " << orders << " orders sent, "
              << distinct << " distinct orders received\n"
              << "  attacker recorded " << attacker->GetCapturedCount() << " ESP packets, replayed "
              << replays << " copies in " << bursts << " bursts\n"
              << "  gwB dropped: replayed " << replayed << ", too-old " << tooOld << "\n"
              << "  hostB0 received " << sink.received << " orders, " << sink.duplicates
              << " of them duplicates" << (sink.duplicates ? " (" + paid + "!)" : "") << "\n"
              << "  story " << (ok ? "holds" : "DOES NOT HOLD") << "; story.json\n";

    std::string story =
        "{\"scenario\":\"replay-attack\",\"replay_window\":" + std::to_string(replayWindow) +
        ",\"orders_sent\":" + std::to_string(orders) +
        ",\"orders_received\":" + std::to_string(sink.received) +
        ",\"distinct_orders\":" + std::to_string(distinct) +
        ",\"duplicates\":" + std::to_string(sink.duplicates) +
        ",\"captured\":" + std::to_string(attacker->GetCapturedCount()) +
        ",\"replays\":" + std::to_string(replays) +
        ",\"dropped_replayed\":" + std::to_string(replayed) +
        ",\"dropped_too_old\":" + std::to_string(tooOld) + ",\"replayed_sns\":[";
    const char* sep = "";
    for (const auto& [spi, sn] : attacker->GetReplays())
    {
        story += sep + std::string("{\"spi\":") + std::to_string(spi) +
                 ",\"sn\":" + std::to_string(sn) + "}";
        sep = ",";
    }
    story += "],\"story_holds\":";
    story += ok ? "true" : "false";
    story += "}\n";
    std::ofstream(options.GetOutputDirectory() + "/story.json") << story;
    PrintIkeDrops(std::cout, options.GetTally(), {{"gwA", t.gwA}, {"gwB", t.gwB}});
    options.Finish();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
