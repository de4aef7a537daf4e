// scenario: Child and IKE SAs rekeyed again and again under traffic: overlap, jitter, delete delay,
// collisions
//
//   hostA0 -- gwA ====== WAN ====== gwB -- hostB0
//   10.1.0.0/24      192.0.2.0/30      10.2.0.0/24
// gwA and gwB set up an IKEv2 tunnel (as site-to-site) with short lifetimes: the Child SA is
// rekeyed every --childRekey seconds (minus a random part of --childRandTime, RFC 7296 2.8 /
// strongSwan rand_time), the IKE SA every --ikeRekey seconds, while hostA0 and hostB0 send each
// other a steady UDP stream. Each rekey is a CREATE_CHILD_SA exchange; the new SA takes over at
// once and the old one lives on for --deleteDelay seconds for packets still in flight (then an
// INFORMATIONAL deletes it). --collision makes both gateways rekey the same Child SA at the same
// instant (RFC 7296 2.8.1). Results per rekey: DIR/rekey.json and the table printed at the end.
#include "common/event-log.h"
#include "common/ike-defence-options.h"
#include "common/ike-peer.h"
#include "common/impair-options.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/site-gateways.h"
#include "common/site-topology.h"
#include "events/event-stream.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/applications-module.h>
#include <ns3/core-module.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace ns3;

namespace
{

struct Rekey
{
    std::string what; ///< "child" or "ike"
    std::string by;   ///< the node that started it
    double start = 0;
    double done = -1;    ///< -1: never completed
    std::string outcome; ///< "rekeyed", "collision-won", "collision-lost", "failed", "pending"
    // Child: this node's inbound/outbound SPIs of the old and the new SA pair.
    uint64_t oldIn = 0, oldOut = 0, newIn = 0, newOut = 0;
    double oldGone = -1; ///< when the last SA of the old pair left a SAD
    // IKE: old and new SPIs (hex text).
    std::string oldIke, newIke;
};

struct Direction
{
    std::string name;
    uint64_t sent = 0;
    uint64_t received = 0;
};

/// Child SA pair installed on a node with this inbound SPI (spi_out, time), from the events.
const EventLog::Entry*
Installed(const EventLog& log, const std::string& node, uint64_t spiIn)
{
    for (const auto* e : log.Find("ike", "child-sa-installed", node))
    {
        if (e->Uint("spi_in") == spiIn)
        {
            return e;
        }
    }
    return nullptr;
}

std::vector<Rekey>
CollectRekeys(const EventLog& log)
{
    std::vector<Rekey> out;
    for (const auto* s : log.Find("ike", "rekey-start"))
    {
        Rekey r;
        r.what = s->Str("what");
        r.by = s->node;
        r.start = s->t;
        r.outcome = "pending";
        if (r.what == "child")
        {
            r.oldIn = s->Uint("spi");
            if (const auto* i = Installed(log, r.by, r.oldIn))
            {
                r.oldOut = i->Uint("spi_out");
            }
            for (const auto& e : log.Entries())
            {
                if (e.t < r.start || e.node != r.by || e.layer != "ike")
                {
                    continue;
                }
                if (e.kind == "rekey-done" && e.Str("what") == "child" &&
                    e.Uint("old_spi") == r.oldIn)
                {
                    r.done = e.t;
                    r.newIn = e.Uint("new_spi");
                    r.outcome = "rekeyed";
                    break;
                }
                if (e.kind == "collision" && e.Str("what") == "child" &&
                    e.Uint("old_spi") == r.oldIn)
                {
                    r.done = e.t;
                    r.newIn = e.Uint("survivor_spi");
                    r.outcome = e.Bool("deleted_here") ? "collision-lost" : "collision-won";
                    break;
                }
                if (e.kind == "rekey-failed" && e.Str("what") == "child" &&
                    e.Uint("spi") == r.oldIn)
                {
                    r.done = e.t;
                    r.outcome = "failed";
                    break;
                }
            }
            if (r.newIn != 0)
            {
                if (const auto* i = Installed(log, r.by, r.newIn))
                {
                    r.newOut = i->Uint("spi_out");
                }
            }
            for (const auto* d : log.Find("sad", "delete"))
            {
                if (d->t >= r.start && (d->Uint("spi") == r.oldIn || d->Uint("spi") == r.oldOut))
                {
                    r.oldGone = std::max(r.oldGone, d->t);
                }
            }
        }
        else
        {
            r.oldIke = s->Str("spi_i") + "/" + s->Str("spi_r");
            for (const auto& e : log.Entries())
            {
                if (e.t < r.start || e.node != r.by || e.layer != "ike")
                {
                    continue;
                }
                if (e.kind == "rekey-done" && e.Str("what") == "ike" &&
                    e.Str("old_spi_i") == s->Str("spi_i"))
                {
                    r.done = e.t;
                    r.newIke = e.Str("spi_i") + "/" + e.Str("spi_r");
                    r.outcome = "rekeyed";
                    break;
                }
                if (e.kind == "rekey-failed" && e.Str("what") == "ike")
                {
                    r.done = e.t;
                    r.outcome = "failed";
                    break;
                }
            }
        }
        out.push_back(r);
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("rekey");
    SiteTopologyConfig topo;
    topo.hostsPerLan = 1;
    std::string ikeProposal = "aes256gcm16-prfsha256-ecp256";
    std::string espProposal = "aes128gcm16";
    std::string psk = "classroom secret";
    double duration = 12.0;
    double childRekey = 2.0;
    double childLife = 0;
    double childRandTime = 0.2;
    double ikeRekey = 5.0;
    double ikeRandTime = 0.5;
    double deleteDelay = 0.5;
    bool collision = false;
    double collisionAt = 1.5;
    uint32_t rate = 100;
    uint32_t packetSize = 200;
    CheckedCommandLine cmd(__FILE__, "rekey");
    options.AddTo(cmd);
    IkeDefenceOptions defence;
    defence.AddTo(cmd);
    ImpairOptions impair;
    impair.AddTo(cmd);
    cmd.AddValue("duration", "Simulated seconds", duration);
    cmd.AddValue("childRekey", "Child SA rekey_time in seconds", childRekey);
    cmd.AddValue("childLife",
                 "Child SA life_time (hard) in seconds (0: childRekey + 1 s, so "
                 "an old SA outlives its delete delay)",
                 childLife);
    cmd.AddValue("childRandTime",
                 "Child SA rand_time: up to this much is subtracted from "
                 "childRekey at random, so the two peers do not collide",
                 childRandTime);
    cmd.AddValue("ikeRekey", "IKE SA rekey_time in seconds (0: never)", ikeRekey);
    cmd.AddValue("ikeRandTime", "IKE SA rand_time in seconds", ikeRandTime);
    cmd.AddValue("deleteDelay",
                 "Seconds an old inbound SA is kept after a rekey (0: removed "
                 "at once)",
                 deleteDelay);
    cmd.AddValue("collision", "Both gateways rekey the Child SA at the same instant", collision);
    cmd.AddValue("collisionAt", "When the forced collision happens (seconds)", collisionAt);
    cmd.AddValue("rate", "UDP packets per second in each direction", rate);
    cmd.AddValue("packetSize", "UDP payload octets", packetSize);
    cmd.AddValue("ikeProposal", "IKE proposal (strongSwan syntax)", ikeProposal);
    cmd.AddValue("espProposal",
                 "ESP proposal of the Child SA (add a DH group for PFS, e.g. "
                 "aes128gcm16-x25519)",
                 espProposal);
    cmd.AddValue("wanDelay", "One-way WAN delay", topo.wanDelay);
    cmd.AddValue("wanLoss", "WAN packet loss rate (0..1)", topo.wanLoss);
    cmd.Range("duration", 0.001, 86400, "simulated seconds");
    cmd.Range("rate", 1, 100000, "packets per second");
    cmd.Range("packetSize", 0, 65000, "octets");
    cmd.Range("wanLoss", 0, 1, "a probability");
    cmd.Parse(argc, argv);
    defence.Apply("rekey");
    impair.Apply("rekey");
    if (childRekey <= 0 || rate == 0 || duration < 3 || deleteDelay < 0)
    {
        std::cerr << "rekey: needs --childRekey > 0, --rate > 0, --duration >= 3, "
                     "--deleteDelay >= 0\n";
        return 2;
    }
    if (childLife <= 0)
    {
        childLife = childRekey + 1.0;
    }
    options.Apply();
    Narrator narrator(options.GetSteps());
    narrator.SetPacketsPerSa(1);
    EventLog log;

    SiteTopology t = BuildSiteTopology(topo);
    options.NameNodes(t);
    impair.Install({t.wanDevices.Get(0)});
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(t.gwA, t.gwB));
    ipsec.AssignStreams(NodeContainer(t.gwA, t.gwB), 100);

    ipseclab::IkeConfig a = SiteGatewayConfig(t, psk, ikeProposal, espProposal);
    a.rekeyTime = ikeRekey;
    a.randTime = ikeRandTime;
    auto& child = a.children.front();
    child.rekeyTime = childRekey;
    child.lifeTime = childLife;
    child.randTime = childRandTime;
    child.deleteDelay = deleteDelay;
    ipseclab::IkeConfig b = MirrorIkeConfig(a, "site-b", "@gw-b.example");
    if (defence.Flood())
    {
        b.remoteAddress = 0; // gwB answers any initiator, so the flood reaches its IKE state
    }

    const SiteDaemons daemons = InstallSiteDaemons(t, a, b, "rekey");
    Ptr<IkeDaemon> daemonA = daemons.a;
    Ptr<IkeDaemon> daemonB = daemons.b;
    defence.Install(t.wanDevices.Get(0),
                    t.wanDevices.Get(1),
                    t.wanInterfaces.GetAddress(1),
                    a.ikeProposals.front());

    // A steady UDP stream each way; the servers count what arrives.
    const Time interval = Seconds(1.0 / rate);
    const double trafficStart = 1.0;
    const double trafficEnd = duration - std::max(1.0, deleteDelay + 0.5);
    const uint32_t perDirection = static_cast<uint32_t>((trafficEnd - trafficStart) * rate);
    std::vector<Direction> directions = {{"hostA0 -> hostB0"}, {"hostB0 -> hostA0"}};
    std::vector<Ptr<UdpServer>> servers;
    std::vector<Ptr<UdpClient>> clients;
    for (int d = 0; d < 2; ++d)
    {
        Ptr<Node> from = d == 0 ? t.lanA.Get(0) : t.lanB.Get(0);
        Ptr<Node> to = d == 0 ? t.lanB.Get(0) : t.lanA.Get(0);
        Ipv4Address toAddress =
            d == 0 ? t.lanBInterfaces.GetAddress(0) : t.lanAInterfaces.GetAddress(0);
        const uint16_t port = 5000 + d;
        UdpServerHelper server(port);
        ApplicationContainer s = server.Install(to);
        s.Start(Seconds(0.5));
        servers.push_back(DynamicCast<UdpServer>(s.Get(0)));
        UdpClientHelper client(toAddress, port);
        client.SetAttribute("MaxPackets", UintegerValue(perDirection));
        client.SetAttribute("Interval", TimeValue(interval));
        client.SetAttribute("PacketSize", UintegerValue(packetSize));
        ApplicationContainer c = client.Install(from);
        c.Start(Seconds(trafficStart + 0.001 * d));
        clients.push_back(DynamicCast<UdpClient>(c.Get(0)));
    }

    // A step of the story the first time each kind of rekey starts (emitted from inside the
    // event stream, so it lands right after the rekey-start it explains).
    bool toldChild = false;
    bool toldIke = false;
    bool toldCollision = false;
    const uint32_t storySubscription = EventStream::Default()->Subscribe(
        [&](const ipseclab::Event& e, const std::string&)
        {
            if (e.GetLayer() != ipseclab::Layer::Ike)
            {
                return;
            }
            const ipseclab::EventValue* what = e.Find("what");
            const std::string w = what ? what->GetString() : "";
            if (e.GetKind() == "rekey-start" && w == "child" && !toldChild)
            {
                toldChild = true;
                narrator.Step(
                    "A Child SA reaches its rekey time",
                    e.GetNodeName() + "'s Child SA is " + Fixed(childRekey, 1) +
                        " s old minus a random jitter of up to " + Fixed(childRandTime, 2) +
                        " s (rand_time, so both peers do not rekey at once). RFC 7296 2.8: it "
                        "sends CREATE_CHILD_SA with N(REKEY_SA) naming the old SA, a new SPI, "
                        "a nonce (and a KE with PFS). Both sides install the new pair and send "
                        "on it at once. Then the rekey's initiator deletes the old SA with an "
                        "INFORMATIONAL (Delete payload, RFC 7296 1.4.1); each side removes its "
                        "old outbound SA at once and keeps the old inbound SA " +
                        Fixed(deleteDelay, 2) + " s longer for packets still in flight.");
            }
            else if (e.GetKind() == "rekey-start" && w == "ike" && !toldIke)
            {
                toldIke = true;
                narrator.Step("The IKE SA reaches its rekey time",
                              e.GetNodeName() +
                                  " rekeys the IKE SA itself (RFC 7296 2.18): CREATE_CHILD_SA "
                                  "with an IKE proposal, new IKE SPIs, nonces and a fresh DH "
                                  "exchange; SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr). "
                                  "The Child SAs move to the new IKE SA unchanged, then the old "
                                  "IKE SA is deleted.");
            }
            else if (e.GetKind() == "collision" && w == "child" && !toldCollision)
            {
                toldCollision = true;
                narrator.Step("A rekey collision",
                              "Both peers started a rekey of the same Child SA before either "
                              "heard the other: two new SA pairs now exist. RFC 7296 2.8.1: the "
                              "pair created with the lowest of the four nonces is redundant; "
                              "the peer that created it deletes it, the other deletes the old "
                              "SA. Both peers end with the same single SA.");
            }
        });

    narrator.Step("Set-up",
                  "gwA and gwB protect LAN A (10.1.0.0/24) <-> LAN B (10.2.0.0/24). gwA "
                  "initiates IKEv2 at t=0.2 s. Child SA: rekey_time " +
                      Fixed(childRekey, 2) + " s, rand_time " + Fixed(childRandTime, 2) +
                      " s, delete delay " + Fixed(deleteDelay, 2) + " s; IKE SA: rekey_time " +
                      (ikeRekey > 0 ? Fixed(ikeRekey, 2) + " s" : std::string("never")) +
                      ". From t=1 s hostA0 and hostB0 send each other " + std::to_string(rate) +
                      " UDP packets/s.");
    if (collision)
    {
        Simulator::Schedule(
            Seconds(collisionAt),
            [&]()
            {
                narrator.Step("Forced collision",
                              "gwA and gwB are both told to rekey the Child SA now (as if both "
                              "timers fired in the same instant). Each sends CREATE_CHILD_SA "
                              "before it receives the other's.");
                daemonA->RekeyChild(0);
                daemonB->RekeyChild(0);
            });
    }
    options.EnablePcaps(t);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    EventStream::Default()->Unsubscribe(storySubscription);

    for (int d = 0; d < 2; ++d)
    {
        directions[d].sent = clients[d]->GetTotalTx() / packetSize;
        directions[d].received = servers[d]->GetReceived();
    }
    // The Child SAs each gateway holds at the end, as the event stream tells it (RunTally).
    const RunTally::NodeTally& tallyA = options.GetTally().Of(t.gwA->GetId());
    const RunTally::NodeTally& tallyB = options.GetTally().Of(t.gwB->GetId());
    std::set<uint32_t> aIn, aOut, bIn, bOut;
    for (const auto& [in, child] : tallyA.childSas)
    {
        aIn.insert(static_cast<uint32_t>(in));
        aOut.insert(static_cast<uint32_t>(child.outSpi));
    }
    for (const auto& [in, child] : tallyB.childSas)
    {
        bIn.insert(static_cast<uint32_t>(in));
        bOut.insert(static_cast<uint32_t>(child.outSpi));
    }
    const bool agree = aIn.size() == 1 && bIn.size() == 1 && aIn == bOut && aOut == bIn;

    const std::vector<Rekey> rekeys = CollectRekeys(log);
    uint32_t childRekeys = 0, ikeRekeys = 0, failed = 0;
    for (const auto& r : rekeys)
    {
        // A collision replaces the SA once: count it at the peer whose SA survived.
        childRekeys +=
            r.what == "child" && (r.outcome == "rekeyed" || r.outcome == "collision-won");
        ikeRekeys += r.what == "ike" && r.outcome == "rekeyed";
        failed += r.outcome == "failed" || r.outcome == "pending";
    }
    const size_t collisionsA = log.Find("ike", "collision", "gwA").size();
    const size_t collisionsB = log.Find("ike", "collision", "gwB").size();
    std::map<std::string, uint64_t> drops;
    for (const auto* d : log.Find("esp", "drop"))
    {
        ++drops[d->node + " " + d->Str("reason")];
    }
    for (const auto* d : log.Find("spd", "drop"))
    {
        ++drops[d->node + " " + d->Str("reason")];
    }
    uint64_t lost = 0;
    for (const auto& d : directions)
    {
        lost += d.sent - d.received;
    }

    // The table.
    std::cout << "rekey: " << childRekeys << " Child SA rekeys, " << ikeRekeys << " IKE SA rekeys, "
              << collisionsA + collisionsB << " collision events in " << Fixed(duration, 1)
              << " s (delete delay " << Fixed(deleteDelay, 2) << " s, WAN delay "
              << Fixed(topo.wanDelay.GetSeconds() * 1000, 0) << " ms)\n";
    std::cout << "   # what  by   start(s)  done(s)  took(ms)  outcome         old SPI in/out"
                 "          new SPI in/out          old SA gone(s)\n";
    int n = 0;
    for (const auto& r : rekeys)
    {
        char line[320];
        if (r.what == "child")
        {
            std::snprintf(line,
                          sizeof line,
                          "  %2d %-5s %-4s %8.3f  %8s  %7s   %-15s %s/%s  %s/%s  %s\n",
                          ++n,
                          r.what.c_str(),
                          r.by.c_str(),
                          r.start,
                          r.done >= 0 ? Fixed(r.done, 3).c_str() : "-",
                          r.done >= 0 ? Fixed((r.done - r.start) * 1000, 1).c_str() : "-",
                          r.outcome.c_str(),
                          HexSpi(r.oldIn).c_str(),
                          HexSpi(r.oldOut).c_str(),
                          HexSpi(r.newIn).c_str(),
                          HexSpi(r.newOut).c_str(),
                          r.oldGone >= 0 ? Fixed(r.oldGone, 3).c_str() : "-");
        }
        else
        {
            std::snprintf(line,
                          sizeof line,
                          "  %2d %-5s %-4s %8.3f  %8s  %7s   %-15s %s -> %s\n",
                          ++n,
                          r.what.c_str(),
                          r.by.c_str(),
                          r.start,
                          r.done >= 0 ? Fixed(r.done, 3).c_str() : "-",
                          r.done >= 0 ? Fixed((r.done - r.start) * 1000, 1).c_str() : "-",
                          r.outcome.c_str(),
                          r.oldIke.c_str(),
                          r.newIke.empty() ? "-" : r.newIke.c_str());
        }
        std::cout << line;
    }
    for (const auto& d : directions)
    {
        std::cout << "  UDP " << d.name << ": " << d.sent << " sent, " << d.received
                  << " received, " << d.sent - d.received << " lost\n";
    }
    std::cout << "  IPsec drops on the gateways:";
    if (drops.empty())
    {
        std::cout << " none";
    }
    for (const auto& [what, count] : drops)
    {
        std::cout << " " << what << "=" << count;
    }
    std::cout << "\n  Child SA at the end: gwA in "
              << (aIn.size() == 1 ? HexSpi(*aIn.begin()) : "?") << " out "
              << (aOut.size() == 1 ? HexSpi(*aOut.begin()) : "?") << ", gwB in "
              << (bIn.size() == 1 ? HexSpi(*bIn.begin()) : "?") << " out "
              << (bOut.size() == 1 ? HexSpi(*bOut.begin()) : "?")
              << (agree ? " (one SA pair, the same on both)" : " (THE PEERS DISAGREE)") << "\n";

    // The story and whether it held.
    std::vector<std::string> broken;
    if (tallyA.ikeSasEstablished != 1)
    {
        broken.push_back("the IKE SA was not established exactly once");
    }
    if (childRekeys < 2 && duration >= 3 * childRekey)
    {
        broken.push_back("fewer than 2 Child SA rekeys");
    }
    if (ikeRekey > 0 && duration >= 2 * ikeRekey && ikeRekeys < 1)
    {
        broken.push_back("no IKE SA rekey");
    }
    if (!agree)
    {
        broken.push_back("the gateways do not end with one and the same Child SA");
    }
    if (collision && (collisionsA == 0 || collisionsB == 0))
    {
        broken.push_back("the forced collision was not seen on both gateways");
    }
    if (deleteDelay > 0 && topo.wanLoss == 0 && lost != 0)
    {
        broken.push_back("packets were lost although old SAs are kept for the delete delay");
    }
    // Where the losses happened: right after a collision (the peer whose SA lost keeps sending
    // on it until its delete is answered) or elsewhere.
    uint64_t afterCollision = 0;
    uint64_t noSa = 0;
    for (const auto* d : log.Find("esp", "drop"))
    {
        if (d->Str("reason") != "no-sa")
        {
            continue;
        }
        ++noSa;
        for (const auto* c : log.Find("ike", "collision"))
        {
            if (d->t >= c->t && d->t <= c->t + 4 * topo.wanDelay.GetSeconds() + 0.01)
            {
                ++afterCollision;
                break;
            }
        }
    }
    if (lost != 0 && deleteDelay == 0)
    {
        std::cout << "  without a delete delay " << lost << " packets were lost (" << noSa
                  << " dropped for want of an inbound SA, " << afterCollision
                  << " of them just after a rekey collision: the peer whose new SA was "
                     "redundant kept sending on it while the other side removed it at once)\n";
    }
    else if (lost == 0 && deleteDelay == 0)
    {
        std::cout << "  no packet lost even without a delete delay: on this single FIFO WAN path "
                     "the INFORMATIONAL delete travels behind the last packet sent on the old "
                     "SA (see docs/scenarios/rekey.md)\n";
    }

    // rekey.json: the table, machine-readable.
    {
        std::ofstream json(options.GetOutputDirectory() + "/rekey.json");
        json << "{\"scenario\":\"rekey\",\"settings\":{\"duration\":" << Fixed(duration, 3)
             << ",\"child_rekey\":" << Fixed(childRekey, 3)
             << ",\"child_rand_time\":" << Fixed(childRandTime, 3)
             << ",\"ike_rekey\":" << Fixed(ikeRekey, 3)
             << ",\"delete_delay\":" << Fixed(deleteDelay, 3)
             << ",\"wan_delay_s\":" << Fixed(topo.wanDelay.GetSeconds(), 6)
             << ",\"wan_loss\":" << Fixed(topo.wanLoss, 6)
             << ",\"collision\":" << (collision ? "true" : "false") << ",\"rate\":" << rate
             << "},\"rekeys\":[";
        const char* sep = "";
        for (const auto& r : rekeys)
        {
            json << sep << "{\"what\":" << JsonQuote(r.what) << ",\"by\":" << JsonQuote(r.by)
                 << ",\"start\":" << Fixed(r.start, 9)
                 << ",\"done\":" << (r.done >= 0 ? Fixed(r.done, 9) : "null") << ",\"duration_ms\":"
                 << (r.done >= 0 ? Fixed((r.done - r.start) * 1000, 6) : "null")
                 << ",\"outcome\":" << JsonQuote(r.outcome);
            if (r.what == "child")
            {
                json << ",\"old_spi_in\":" << r.oldIn << ",\"old_spi_out\":" << r.oldOut
                     << ",\"new_spi_in\":" << r.newIn << ",\"new_spi_out\":" << r.newOut
                     << ",\"old_sa_gone\":" << (r.oldGone >= 0 ? Fixed(r.oldGone, 9) : "null")
                     << ",\"overlap_ms\":"
                     << (r.oldGone >= 0 && r.done >= 0 ? Fixed((r.oldGone - r.done) * 1000, 6)
                                                       : "null");
            }
            else
            {
                json << ",\"old_spis\":" << JsonQuote(r.oldIke)
                     << ",\"new_spis\":" << JsonQuote(r.newIke);
            }
            json << "}";
            sep = ",";
        }
        json << "],\"child_rekeys\":" << childRekeys << ",\"ike_rekeys\":" << ikeRekeys
             << ",\"failed_rekeys\":" << failed << ",\"collisions\":{\"gwA\":" << collisionsA
             << ",\"gwB\":" << collisionsB << "},\"traffic\":[";
        sep = "";
        for (const auto& d : directions)
        {
            json << sep << "{\"flow\":" << JsonQuote(d.name) << ",\"sent\":" << d.sent
                 << ",\"received\":" << d.received << "}";
            sep = ",";
        }
        json << "],\"lost\":" << lost << ",\"no_sa_drops\":" << noSa
             << ",\"no_sa_drops_after_collision\":" << afterCollision << ",\"drops\":{";
        sep = "";
        for (const auto& [what, count] : drops)
        {
            json << sep << JsonQuote(what) << ":" << count;
            sep = ",";
        }
        json << "},\"final_child_sa\":{\"gwA_in\":" << (aIn.size() == 1 ? *aIn.begin() : 0)
             << ",\"gwA_out\":" << (aOut.size() == 1 ? *aOut.begin() : 0)
             << ",\"gwB_in\":" << (bIn.size() == 1 ? *bIn.begin() : 0)
             << ",\"gwB_out\":" << (bOut.size() == 1 ? *bOut.begin() : 0)
             << ",\"agree\":" << (agree ? "true" : "false")
             << "},\"story_holds\":" << (broken.empty() ? "true" : "false") << ",\"broken\":[";
        sep = "";
        for (const auto& b : broken)
        {
            json << sep << JsonQuote(b);
            sep = ",";
        }
        json << "]}\n";
    }
    for (const auto& b : broken)
    {
        std::cout << "  STORY BROKEN: " << b << "\n";
    }
    PrintIkeDrops(std::cout, options.GetTally(), {{"gwA", t.gwA}, {"gwB", t.gwB}});
    options.Finish();
    std::cout << "  per-rekey results in " << options.GetOutputDirectory() << "/rekey.json\n";
    Simulator::Destroy();
    return broken.empty() ? 0 : 1;
}
