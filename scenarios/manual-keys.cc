// scenario: ESP and AH keyed by hand (no IKE): tunnel and transport mode, every ESP transform
//
//   hostA0 -- gwA ==== WAN ==== gwB -- hostB0    ESP tunnel gwA<->gwB for LAN A <-> LAN B
//   hostA1 ---'                   '--- hostB1    transport mode hostA1<->hostB1: one SA pair per
//                                                ESP transform and per AH algorithm (by port)
// Every flow is a UDP echo; pcaps of the WAN and both LANs, Wireshark's esp_sa and the event
// stream go to --out. --tamper=N changes one octet of every Nth IPsec packet on the WAN.
#include "attack/tamper-model.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/site-topology.h"
#include "common/topology-file.h"
#include "helper/ipsec-helper.h"

#include <ns3/applications-module.h>
#include <ns3/core-module.h>
#include <ns3/csma-helper.h>
#include <ns3/point-to-point-helper.h>

#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

struct Flow
{
    std::string label;
    ipseclab::IpsecProtocol protocol;
    std::string proposal;
    uint16_t port;
    uint32_t spi;
    uint32_t replies = 0;
};

std::vector<std::string>
Split(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("manual-keys");
    std::string tunnelProposal = "aes128gcm16";
    std::string espProposals =
        "aes128gcm16,aes256gcm16,chacha20poly1305,aes128-sha256,aes256-sha384,aes256-sha512,"
        "aes128-sha1,null-sha256";
    std::string ahProposals = "sha256,sha1,sha384,sha512";
    uint32_t packets = 3;
    uint32_t tamperEvery = 0;
    uint32_t replayWindow = 64;
    CheckedCommandLine cmd(__FILE__, "manual-keys");
    options.AddTo(cmd);
    cmd.AddValue("tunnelProposal", "ESP proposal of the gateway tunnel", tunnelProposal);
    cmd.AddValue("espProposals", "ESP proposals for transport mode, comma separated", espProposals);
    cmd.AddValue("ahProposals", "AH algorithms for transport mode, comma separated", ahProposals);
    cmd.AddValue("packets", "UDP echo requests per flow", packets);
    cmd.AddValue(
        "tamper", "Change one octet of every Nth IPsec packet on the WAN (0 = off)", tamperEvery);
    cmd.AddValue("replayWindow", "Anti-replay window of every inbound SA", replayWindow);
    cmd.Range("packets", 0, 1e6);
    cmd.Range("replayWindow", 0, 65536, "RFC 6479 window sizes the lab supports");
    cmd.Parse(argc, argv);
    options.Apply();
    // Narrates the packets only: no scenario/step events, so the stream is the same either way.
    Narrator narrator(options.GetSteps());

    SiteTopologyConfig topo;
    topo.hostsPerLan = 2;
    SiteTopology t = BuildSiteTopology(topo);
    options.NameNodes(t);

    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(t.gwA, t.gwB));
    ipsec.Install(NodeContainer(t.lanA.Get(1), t.lanB.Get(1)));
    ipsec.AssignStreams(NodeContainer(t.gwA, t.gwB, t.lanA.Get(1), t.lanB.Get(1)), 100);
    Ns3RandomSource keys(50);

    std::vector<Flow> flows;
    uint16_t tunnelPort = 9;
    flows.push_back({"tunnel ESP " + tunnelProposal,
                     ipseclab::IpsecProtocol::Esp,
                     tunnelProposal,
                     tunnelPort,
                     0x1000});
    uint16_t port = 5000;
    uint32_t spi = 0x2000;
    for (const auto& p : Split(espProposals))
    {
        flows.push_back({"transport ESP " + p, ipseclab::IpsecProtocol::Esp, p, port++, spi});
        spi += 0x10;
    }
    port = 6000;
    for (const auto& p : Split(ahProposals))
    {
        flows.push_back({"transport AH " + p, ipseclab::IpsecProtocol::Ah, p, port++, spi});
        spi += 0x10;
    }

    try
    {
        uint32_t reqid = 1;
        for (const Flow& f : flows)
        {
            ManualSaPairConfig c;
            c.protocol = f.protocol;
            c.espProposal = f.proposal;
            c.ahProposal = f.proposal;
            c.ipProtocol = 17;
            c.portB = f.port;
            c.spiAtoB = f.spi;
            c.spiBtoA = f.spi + 1;
            c.reqid = reqid++;
            c.replayWindow = replayWindow;
            const bool tunnel = f.port == tunnelPort;
            if (tunnel)
            {
                c.mode = ipseclab::IpsecMode::Tunnel;
                c.addressA = t.wanInterfaces.GetAddress(0);
                c.addressB = t.wanInterfaces.GetAddress(1);
                c.trafficA = "10.1.0.0/24";
                c.trafficB = "10.2.0.0/24";
                InstallManualSaPair(
                    IpsecHelper::GetStack(t.gwA), IpsecHelper::GetStack(t.gwB), c, keys);
            }
            else
            {
                c.addressA = t.lanAInterfaces.GetAddress(1);
                c.addressB = t.lanBInterfaces.GetAddress(1);
                InstallManualSaPair(IpsecHelper::GetStack(t.lanA.Get(1)),
                                    IpsecHelper::GetStack(t.lanB.Get(1)),
                                    c,
                                    keys);
            }
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "manual-keys: bad configuration: " << e.what() << "\n";
        return 2;
    }

    // One echo flow per SA pair, started in turn so the story reads in order.
    double start = 1.0;
    std::vector<ApplicationContainer> clients;
    for (size_t i = 0; i < flows.size(); ++i)
    {
        Flow& f = flows[i];
        const bool tunnel = f.port == tunnelPort;
        Ptr<Node> server = tunnel ? t.lanB.Get(0) : t.lanB.Get(1);
        Ptr<Node> client = tunnel ? t.lanA.Get(0) : t.lanA.Get(1);
        Ipv4Address serverAddress =
            tunnel ? t.lanBInterfaces.GetAddress(0) : t.lanBInterfaces.GetAddress(1);
        UdpEchoServerHelper echoServer(f.port);
        echoServer.Install(server).Start(Seconds(0.5));
        UdpEchoClientHelper echoClient(serverAddress, f.port);
        echoClient.SetAttribute("MaxPackets", UintegerValue(packets));
        echoClient.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
        echoClient.SetAttribute("PacketSize", UintegerValue(200 + 17 * i));
        ApplicationContainer app = echoClient.Install(client);
        app.Start(Seconds(start));
        start += 0.05 * packets + 0.1;
        app.Get(0)->TraceConnectWithoutContext(
            "Rx", Callback<void, Ptr<const Packet>>([&f](Ptr<const Packet>) { ++f.replies; }));
        clients.push_back(app);
    }

    Ptr<TamperModel> tamper;
    if (tamperEvery > 0)
    {
        tamper = CreateObject<TamperModel>();
        tamper->SetAttribute("Protocol", UintegerValue(0));
        tamper->SetAttribute("Every", UintegerValue(tamperEvery));
        t.wanDevices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(tamper));
        AddTopologyTap("attacker",
                       "attacker",
                       "changes one octet of every Nth IPsec packet in front of gwB",
                       t.wanDevices.Get(1));
    }

    options.EnablePcaps(t);
    Simulator::Stop(Seconds(start + 1.0));
    Simulator::Run();

    std::cout << "manual-keys: " << flows.size() << " SA pairs keyed by hand, " << packets
              << " UDP echoes each\n";
    uint32_t failed = 0;
    for (const Flow& f : flows)
    {
        std::cout << "  " << std::left << std::setw(36) << f.label << " SPIs 0x" << std::hex
                  << f.spi << "/0x" << f.spi + 1 << std::dec << "  replies " << f.replies << "/"
                  << packets << "\n";
        failed += f.replies == packets ? 0 : 1;
    }
    if (tamper)
    {
        std::cout << "  tampered IPsec packets on the WAN: " << tamper->GetTamperedCount() << "\n";
    }
    options.Finish();
    Simulator::Destroy();
    // Without an attacker every echo must come back; with one, losses are the point.
    return (tamperEvery == 0 && failed > 0) ? 1 : 0;
}
