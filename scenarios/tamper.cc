// scenario: an attacker changes packets: what ESP's and AH's ICVs catch, and what they cover
//
//   hostA0 -- gwA ====== WAN ====== gwB -- hostB0       ESP and AH tunnels gwA <-> gwB,
//                              ^ attacker                keyed by hand, one SA pair per flow
// hostA0 sends UDP echo requests to hostB0 over eight SA pairs (ESP and AH, selected by port).
// An attacker in front of gwB changes, per SA: nothing (control), one octet of the payload, the
// outer source address (fixing the IP header checksum, as a real attacker would), or the TTL.
// ESP's ICV covers the ESP header and the encrypted payload but not the outer IP header; AH's
// covers the whole datagram except the mutable fields (TTL, checksum, TOS, flags, fragment
// offset). The table at the end shows who noticed what.
#include "attack/field-tamper-model.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/site-topology.h"
#include "common/topology-file.h"
#include "events/json-writer.h"
#include "helper/ipsec-helper.h"

#include <ns3/applications-module.h>
#include <ns3/core-module.h>
#include <ns3/point-to-point-helper.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

struct Case
{
    std::string name;  ///< story.json key
    std::string label; ///< table text
    bool tamper;
    FieldTamperModel::Field field;
    const char* expectEsp;
    const char* expectAh;
};

struct Flow
{
    size_t caseIndex;
    ipseclab::IpsecProtocol protocol;
    uint16_t port;
    uint32_t spi; ///< A -> B (the tampered direction)
    uint32_t replies = 0;
    uint64_t tampered = 0;
    uint64_t icvFailures = 0;
    uint64_t otherDrops = 0;
    uint64_t accepted = 0; ///< packets gwB's inbound SA verified
    std::string verdict;
};

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("tamper");
    std::string espProposal = "aes128gcm16";
    std::string ahProposal = "sha256";
    uint32_t packets = 3;
    uint32_t offset = 80;
    CheckedCommandLine cmd(__FILE__, "tamper");
    options.AddTo(cmd);
    cmd.AddValue("espProposal", "ESP proposal of the ESP SAs", espProposal);
    cmd.AddValue("ahProposal", "AH algorithm of the AH SAs", ahProposal);
    cmd.AddValue("packets", "UDP echo requests per flow", packets);
    cmd.AddValue("offset",
                 "Octet the payload attack changes, from the outer IP header (80: inside the "
                 "protected inner datagram for both ESP and AH)",
                 offset);
    cmd.Range("packets", 0, 1e6);
    cmd.Range("offset", 0, 65535, "octets");
    cmd.Parse(argc, argv);
    if (packets == 0 || offset < 40)
    {
        std::cerr << "tamper: --packets must be > 0 and --offset >= 40 (past the IPsec header)\n";
        return 2;
    }
    options.Apply();
    Narrator narrator(options.GetSteps());
    narrator.SetPacketsPerSa(1);

    SiteTopologyConfig topo;
    topo.hostsPerLan = 1;
    SiteTopology t = BuildSiteTopology(topo);
    options.NameNodes(t);
    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(t.gwA, t.gwB));
    ipsec.AssignStreams(NodeContainer(t.gwA, t.gwB), 100);
    Ns3RandomSource keys(50);

    using F = FieldTamperModel::Field;
    const std::vector<Case> cases = {
        {"none", "nothing (control)", false, F::Payload, "accepted", "accepted"},
        {"payload", "one octet of the payload", true, F::Payload, "icv-failure", "icv-failure"},
        {"source", "outer source address", true, F::Source, "accepted", "icv-failure"},
        {"ttl", "TTL (mutable field)", true, F::Ttl, "accepted", "accepted"},
    };
    std::vector<Flow> flows;
    uint16_t port = 7000;
    for (size_t c = 0; c < cases.size(); ++c)
    {
        for (auto protocol : {ipseclab::IpsecProtocol::Esp, ipseclab::IpsecProtocol::Ah})
        {
            Flow f;
            f.caseIndex = c;
            f.protocol = protocol;
            f.port = port++;
            f.spi =
                uint32_t((protocol == ipseclab::IpsecProtocol::Esp ? 0x1000 : 0x2000) + 0x10 * c);
            flows.push_back(f);
        }
    }

    Ptr<FieldTamperModel> attacker = CreateObject<FieldTamperModel>();
    try
    {
        uint32_t reqid = 1;
        for (const Flow& f : flows)
        {
            ManualSaPairConfig c;
            c.protocol = f.protocol;
            c.mode = ipseclab::IpsecMode::Tunnel;
            c.espProposal = espProposal;
            c.ahProposal = ahProposal;
            c.addressA = t.wanInterfaces.GetAddress(0);
            c.addressB = t.wanInterfaces.GetAddress(1);
            c.trafficA = "10.1.0.0/24";
            c.trafficB = "10.2.0.0/24";
            c.ipProtocol = 17;
            c.portB = f.port;
            c.spiAtoB = f.spi;
            c.spiBtoA = f.spi + 1;
            c.reqid = reqid++;
            InstallManualSaPair(
                IpsecHelper::GetStack(t.gwA), IpsecHelper::GetStack(t.gwB), c, keys);
            const Case& k = cases[f.caseIndex];
            if (k.tamper)
            {
                attacker->AddRule(f.protocol == ipseclab::IpsecProtocol::Esp ? 50 : 51,
                                  f.spi,
                                  k.field,
                                  k.field == F::Source ? 0x63 : 0x01,
                                  offset);
            }
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "tamper: bad configuration: " << e.what() << "\n";
        return 2;
    }
    t.wanDevices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(attacker));
    AddTopologyTap(
        "attacker", "attacker", "changes IPsec packets in front of gwB", t.wanDevices.Get(1));

    narrator.Step("Set-up",
                  "gwA and gwB share eight SA pairs keyed by hand, all tunnel mode: for each "
                  "attack one ESP SA (" +
                      espProposal + ") and one AH SA (" + ahProposal +
                      "), chosen by UDP port. An attacker in front of gwB changes every packet "
                      "of an SA the way its row says; gwB's ICV check decides.");
    double start = 1.0;
    for (size_t i = 0; i < flows.size(); ++i)
    {
        Flow& f = flows[i];
        const Case& k = cases[f.caseIndex];
        const std::string proto = f.protocol == ipseclab::IpsecProtocol::Esp ? "ESP" : "AH";
        UdpEchoServerHelper server(f.port);
        server.Install(t.lanB.Get(0)).Start(Seconds(0.5));
        UdpEchoClientHelper client(t.lanBInterfaces.GetAddress(0), f.port);
        client.SetAttribute("MaxPackets", UintegerValue(packets));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
        client.SetAttribute("PacketSize", UintegerValue(200));
        ApplicationContainer app = client.Install(t.lanA.Get(0));
        app.Start(Seconds(start));
        app.Get(0)->TraceConnectWithoutContext(
            "Rx", Callback<void, Ptr<const Packet>>([&f](Ptr<const Packet>) { ++f.replies; }));
        std::ostringstream spi;
        spi << "0x" << std::hex << f.spi;
        Simulator::Schedule(Seconds(start),
                            [&narrator, proto, k, spi = spi.str()]()
                            {
                                narrator.Step(proto + ": " + k.label,
                                              "hostA0 -> hostB0 over the " + proto + " SA " + spi +
                                                  (k.tamper ? "; the attacker changes " + k.label +
                                                                  " of each packet."
                                                            : "; the attacker leaves it alone."));
                            });
        start += 0.05 * packets + 0.1;
    }

    options.EnablePcaps(t);
    PointToPointHelper wan;
    wan.EnablePcap(options.GetOutputDirectory() + "/wan-b.pcap", t.wanDevices.Get(1), false, true);
    Simulator::Stop(Seconds(start + 0.5));
    Simulator::Run();

    // What gwB's inbound SAs say about each flow.
    Ptr<IpsecStack> stackB = IpsecHelper::GetStack(t.gwB);
    bool ok = true;
    for (Flow& f : flows)
    {
        const uint8_t proto = f.protocol == ipseclab::IpsecProtocol::Esp ? 50 : 51;
        f.tampered = attacker->GetTamperedCount(proto, f.spi);
        for (const ipseclab::SecurityAssociation* sa : stackB->GetSad().All())
        {
            if (sa->Config().spi == f.spi && sa->Config().direction == ipseclab::Direction::Inbound)
            {
                f.accepted = sa->Packets();
                for (size_t r = 0; r < ipseclab::kDropReasonCount; ++r)
                {
                    const uint64_t n = sa->Drops()[r];
                    if (r == static_cast<size_t>(ipseclab::DropReason::IcvFailure))
                    {
                        f.icvFailures += n;
                    }
                    else
                    {
                        f.otherDrops += n;
                    }
                }
            }
        }
        if (f.icvFailures == packets && f.accepted == 0 && f.replies == 0 && f.otherDrops == 0)
        {
            f.verdict = "icv-failure";
        }
        else if (f.icvFailures == 0 && f.otherDrops == 0 && f.accepted == packets &&
                 f.replies == packets)
        {
            f.verdict = "accepted";
        }
        else
        {
            f.verdict = "mixed";
        }
        const Case& k = cases[f.caseIndex];
        const char* expected =
            f.protocol == ipseclab::IpsecProtocol::Esp ? k.expectEsp : k.expectAh;
        ok = ok && f.verdict == expected && (k.tamper ? f.tampered == packets : f.tampered == 0);
    }

    narrator.Step("Outcome",
                  "ESP's ICV covers SPI, sequence number and the encrypted payload: a changed "
                  "payload octet fails it, the outer IP header is outside it. AH's ICV covers "
                  "the outer header too, except the mutable fields routers may change on the "
                  "way, which it zeroes (RFC 4302 3.3.3.1.1.1: DSCP/ECN, flags, fragment "
                  "offset, TTL, header checksum): it catches the forged source address but "
                  "must accept a new TTL.");
    std::cout << "tamper: " << packets << " UDP echoes per SA, ESP " << espProposal << ", AH "
              << ahProposal << ", tunnel mode, attacker in front of gwB\n"
              << "  " << std::left << std::setw(28) << "the attacker changes" << std::setw(28)
              << "ESP"
              << "AH\n";
    for (size_t c = 0; c < cases.size(); ++c)
    {
        std::cout << "  " << std::setw(28) << cases[c].label;
        for (const Flow& f : flows)
        {
            if (f.caseIndex != c)
            {
                continue;
            }
            std::ostringstream cell;
            cell << f.verdict << " (" << f.replies << "/" << packets << " replies)";
            if (f.protocol == ipseclab::IpsecProtocol::Esp)
            {
                std::cout << std::setw(28) << cell.str();
            }
            else
            {
                std::cout << cell.str();
            }
        }
        std::cout << "\n";
    }
    std::cout << std::right << "  tampered packets: " << attacker->GetTamperedCount() << "; story "
              << (ok ? "holds" : "DOES NOT HOLD")
              << "; story.json, wan-b.pcap (what gwB received)\n";

    std::string story =
        "{\"scenario\":\"tamper\",\"packets\":" + std::to_string(packets) + ",\"rows\":[";
    const char* sep = "";
    for (const Flow& f : flows)
    {
        const Case& k = cases[f.caseIndex];
        story += sep;
        story += "{\"change\":";
        ipseclab::AppendJsonString(story, k.name);
        story += ",\"protocol\":";
        story += f.protocol == ipseclab::IpsecProtocol::Esp ? "\"esp\"" : "\"ah\"";
        story += ",\"spi\":" + std::to_string(f.spi) + ",\"port\":" + std::to_string(f.port) +
                 ",\"tampered\":" + std::to_string(f.tampered) +
                 ",\"icv_failures\":" + std::to_string(f.icvFailures) +
                 ",\"other_drops\":" + std::to_string(f.otherDrops) +
                 ",\"accepted\":" + std::to_string(f.accepted) +
                 ",\"replies\":" + std::to_string(f.replies) + ",\"verdict\":";
        ipseclab::AppendJsonString(story, f.verdict);
        story += ",\"expected\":";
        ipseclab::AppendJsonString(
            story, f.protocol == ipseclab::IpsecProtocol::Esp ? k.expectEsp : k.expectAh);
        story += "}";
        sep = ",";
    }
    story += "],\"story_holds\":";
    story += ok ? "true" : "false";
    story += "}\n";
    std::ofstream(options.GetOutputDirectory() + "/story.json") << story;
    options.Finish();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
