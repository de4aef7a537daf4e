// scenario: one simulated node on a real network, where a real IKEv2 implementation is its peer
//
//   Linux (real)                                   ns-3 (realtime simulator)
//   peer 192.0.2.1 ---- TAP "ipseclab0" ---------- lab 192.0.2.2 (FdNetDevice)
//   inner 10.1.0.1 (e.g. on lo)                     inner 10.2.0.1 (/32 on the same interface)
//
// The node runs the lab's IpsecStack and IkeDaemon under ns3::RealtimeSimulatorImpl, attached
// to a Linux TAP the program opens itself (/dev/net/tun, TUNSETIFF). strongSwan's charon (or any
// IKEv2 daemon) on the Linux side negotiates with it as initiator or responder, with a PSK or
// certificates from the lab CA (written as PEM files the peer loads: --pki). The Child SA
// protects lab inner <-> peer inner; UDP echo probes from the lab's inner address (or its
// virtual IP) to the peer's inner address show the data path. Outputs as every scenario:
// events.jsonl, esp_sa and ikev2_decryption_table (Wireshark decrypts the TAP capture with
// them), summary.json, plus tap.pcap and live.json. Realtime: runs are not reproducible.
#include "common/checked-command-line.h"
#include "common/echo-probe.h"
#include "common/scenario-output.h"
#include "common/tap-device.h"
#include "helper/ike-helper.h"
#include "helper/ike-pki-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>
#include <ns3/fd-net-device-helper.h>
#include <ns3/internet-module.h>
#include <ns3/udp-echo-helper.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

void
WriteFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path);
    out << text;
    if (!out)
    {
        throw std::runtime_error("cannot write " + path);
    }
}

/// "192.0.2.2/24" -> address and mask; std::invalid_argument otherwise.
std::pair<Ipv4Address, Ipv4Mask>
ParseInterface(const std::string& text)
{
    const auto slash = text.find('/');
    if (slash == std::string::npos)
    {
        throw std::invalid_argument("--address " + text + ": write ADDRESS/LENGTH");
    }
    const std::string address = text.substr(0, slash);
    const ipseclab::Ipv4Prefix host = ipseclab::Ipv4Prefix::Parse(address + "/32");
    const int length = std::stoi(text.substr(slash + 1));
    if (length < 1 || length > 30)
    {
        throw std::invalid_argument("--address " + text + ": use a prefix length of 1 to 30");
    }
    (void) host;
    return {Ipv4Address(address.c_str()), Ipv4Mask(("/" + std::to_string(length)).c_str())};
}

Ipv4Address
ParseAddress(const std::string& option, const std::string& text)
{
    try
    {
        ipseclab::Ipv4Prefix::Parse(text + "/32");
    }
    catch (const std::exception& e)
    {
        throw std::invalid_argument(option + ": '" + text + "' is not an IPv4 address");
    }
    return Ipv4Address(text.c_str());
}

} // namespace

int
main(int argc, char* argv[])
{
    // Before anything touches the simulator: wall-clock time, packets from a real device.
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    ScenarioOptions options("live-peer");
    std::string tap = "ipseclab0";
    std::string mac = "02:00:00:00:00:02";
    std::string address = "192.0.2.2/24";
    std::string peer = "192.0.2.1";
    std::string inner = "10.2.0.1";
    std::string peerInner = "10.1.0.1";
    std::string role = "responder";
    std::string auth = "psk";
    std::string psk = "lab meets strongswan";
    std::string localId;
    std::string remoteId;
    std::string pki;
    std::string ikeProposals = "aes128-sha256-x25519, aes256gcm16-prfsha256-ecp256";
    std::string espProposals = "aes128gcm16, aes128-sha256";
    std::string localTs;
    std::string remoteTs;
    std::string secondLocalTs;
    std::string secondRemoteTs;
    std::string pool;
    bool requestVip = false;
    bool encap = true;
    double ikeRekey = 0;
    double childRekey = 0;
    double dpd = 0;
    double startAt = 0.5;
    double rekeyChildAt = 0;
    double rekeyIkeAt = 0;
    double deleteChildAt = 0;
    double terminateAt = 0;
    uint32_t probes = 10;
    double interval = 0.5;
    double probeStart = 1.0;
    uint32_t probeSize = 64;
    double duration = 20;
    CheckedCommandLine cmd(__FILE__, "live-peer");
    options.AddTo(cmd);
    cmd.AddValue("tap", "Linux TAP device to attach to (created if missing)", tap);
    cmd.AddValue("mac", "MAC address of the simulated node on the TAP", mac);
    cmd.AddValue("address", "The node's address and prefix on the TAP", address);
    cmd.AddValue("peer", "The real peer's IKE address (on the Linux side of the TAP)", peer);
    cmd.AddValue("inner", "The node's inner address (a /32 beside --address); 'none': none", inner);
    cmd.AddValue("peerInner", "The peer's inner address the probes go to", peerInner);
    cmd.AddValue("role", "initiator (the node starts IKE) or responder", role);
    cmd.AddValue("auth", "psk, ecdsa or rsa (certificates from the lab CA)", auth);
    cmd.AddValue("psk", "Pre-shared key (--auth=psk)", psk);
    cmd.AddValue("localId", "The node's IKE identity (default: @lab.ipseclab.test)", localId);
    cmd.AddValue(
        "remoteId", "The identity demanded of the peer (default: @peer.ipseclab.test)", remoteId);
    cmd.AddValue("pki",
                 "Where the lab CA writes ca.pem, lab.pem/.key, peer.pem/.key "
                 "(default: OUT/pki)",
                 pki);
    cmd.AddValue(
        "ikeProposals", "IKE proposals, comma-separated (swanctl syntax, 'default')", ikeProposals);
    cmd.AddValue("espProposals", "ESP proposals, comma-separated (a DH group = PFS)", espProposals);
    cmd.AddValue("localTs", "The node's traffic selectors (default: --inner/32)", localTs);
    cmd.AddValue("remoteTs", "The peer's traffic selectors (default: --peerInner/32)", remoteTs);
    cmd.AddValue("secondLocalTs",
                 "A second child's local selectors (empty: no second child)",
                 secondLocalTs);
    cmd.AddValue("secondRemoteTs", "The second child's remote selectors", secondRemoteTs);
    cmd.AddValue(
        "pool", "Responder: hand out virtual IPs from this prefix (e.g. 10.3.0.0/24)", pool);
    cmd.AddValue(
        "requestVip", "Ask the peer for a virtual IP (the probes then come from it)", requestVip);
    cmd.AddValue("encap", "UDP-encapsulate ESP (port 4500) even without a NAT", encap);
    cmd.AddValue("ikeRekey", "IKE SA rekey time (s, 0 = never)", ikeRekey);
    cmd.AddValue("childRekey", "Child SA rekey time (s, 0 = never)", childRekey);
    cmd.AddValue("dpd", "Dead peer detection delay (s, 0 = off)", dpd);
    cmd.AddValue("startAt", "Initiator: when IKE starts (s)", startAt);
    cmd.AddValue("rekeyChildAt", "Rekey the Child SA at this time (s, 0 = no)", rekeyChildAt);
    cmd.AddValue("rekeyIkeAt", "Rekey the IKE SA at this time (s, 0 = no)", rekeyIkeAt);
    cmd.AddValue("deleteChildAt", "Delete the Child SA at this time (s, 0 = no)", deleteChildAt);
    cmd.AddValue("terminateAt", "Delete the IKE SA at this time (s, 0 = no)", terminateAt);
    cmd.AddValue("probes", "UDP echo probes to --peerInner port 7", probes);
    cmd.AddValue("interval", "Seconds between probes", interval);
    cmd.AddValue("probeStart", "When the first probe goes (s)", probeStart);
    cmd.AddValue("probeSize", "Octets per probe (at least 4)", probeSize);
    cmd.AddValue("duration", "Wall-clock seconds to run", duration);
    cmd.Range("duration", 0.001, 3600, "wall-clock seconds");
    cmd.Range("interval", 0.001, 3600, "seconds between probes");
    cmd.Range("probeSize", 4, 65000, "octets");
    cmd.Range("probes", 0, 100000, "probes");
    cmd.Parse(argc, argv);

    ipseclab::IkeConfig config;
    Ipv4Address localAddress;
    Ipv4Mask mask;
    Ipv4Address innerAddress = Ipv4Address::GetAny();
    Ipv4Address peerAddress;
    Ipv4Address peerInnerAddress;
    try
    {
        if (role != "initiator" && role != "responder")
        {
            throw std::invalid_argument("--role must be initiator or responder, not '" + role +
                                        "'");
        }
        if (auth != "psk" && auth != "ecdsa" && auth != "rsa")
        {
            throw std::invalid_argument("--auth must be psk, ecdsa or rsa, not '" + auth + "'");
        }
        if (duration <= 0 || duration > 3600 || interval <= 0)
        {
            throw std::invalid_argument("--duration must be in (0, 3600] and --interval > 0");
        }
        std::tie(localAddress, mask) = ParseInterface(address);
        peerAddress = ParseAddress("--peer", peer);
        peerInnerAddress = ParseAddress("--peerInner", peerInner);
        if (inner != "none")
        {
            innerAddress = ParseAddress("--inner", inner);
        }
        config.name = "live-peer";
        config.localAddress = localAddress.Get();
        config.remoteAddress = peerAddress.Get();
        config.ikeProposals = SplitList(ikeProposals);
        config.rekeyTime = ikeRekey;
        config.dpdDelay = dpd;
        config.forceEncap = encap;
        config.requestVirtualIp = requestVip;
        config.pool = pool;
        config.localId = localId.empty() ? "@lab.ipseclab.test" : localId;
        config.remoteId = remoteId.empty() ? "@peer.ipseclab.test" : remoteId;
        auto& child = config.children.front();
        child.name = "live";
        child.espProposals = SplitList(espProposals);
        std::ostringstream innerText;
        innerText << innerAddress;
        std::ostringstream peerInnerText;
        peerInnerText << peerInnerAddress;
        child.localTs = !localTs.empty()                ? localTs
                        : requestVip || inner == "none" ? std::string("dynamic")
                                                        : innerText.str() + "/32";
        child.remoteTs = !remoteTs.empty() ? remoteTs : peerInnerText.str() + "/32";
        child.rekeyTime = childRekey;
        child.startAction =
            role == "initiator" ? ipseclab::StartAction::Start : ipseclab::StartAction::None;
        child.startTime = startAt;
        if (!secondLocalTs.empty() || !secondRemoteTs.empty())
        {
            ipseclab::ChildConfig second = child;
            second.name = "second";
            second.localTs = secondLocalTs.empty() ? "dynamic" : secondLocalTs;
            second.remoteTs = secondRemoteTs.empty() ? "dynamic" : secondRemoteTs;
            config.children.push_back(second);
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "live-peer: " << e.what() << "\n";
        return 2;
    }
    options.Apply();
    const std::string out = options.GetOutputDirectory();
    if (pki.empty())
    {
        pki = out + "/pki";
    }

    // Credentials and the whole configuration are checked before the TAP is touched.
    try
    {
        if (auth != "psk")
        {
            LabPki lab(11,
                       auth == "rsa" ? ipseclab::KeyType::Rsa2048 : ipseclab::KeyType::EcdsaP256);
            const auto keyType =
                auth == "rsa" ? ipseclab::KeyType::Rsa2048 : ipseclab::KeyType::EcdsaP256;
            std::ostringstream localText;
            localText << localAddress;
            LabCredential mine = lab.IssueGateway("lab.ipseclab.test", localText.str(), keyType);
            LabCredential theirs = lab.IssueGateway("peer.ipseclab.test", peer, keyType);
            lab.Configure(config, mine, config.localId);
            std::filesystem::create_directories(pki);
            WriteFile(pki + "/ca.pem", lab.GetCaCertificate().ToPem());
            WriteFile(pki + "/lab.pem", mine.certificate->ToPem());
            WriteFile(pki + "/lab.key", mine.privateKey->ToPem());
            WriteFile(pki + "/peer.pem", theirs.certificate->ToPem());
            WriteFile(pki + "/peer.key", theirs.privateKey->ToPem());
        }
        else
        {
            config.psk = psk;
        }
        config.Validate();
    }
    catch (const std::exception& e)
    {
        std::cerr << "live-peer: bad configuration: " << e.what() << "\n";
        return 2;
    }

    std::string error;
    const int fd = OpenTap(tap, &error);
    if (fd < 0)
    {
        std::cerr << "live-peer: " << error << "\n";
        return 2;
    }

    Ptr<Node> node = CreateObject<Node>();
    Names::Add("lab", node);
    InternetStackHelper internet;
    internet.Install(node);
    Ptr<FdNetDevice> device = AttachTap(node, fd, Mac48Address(mac.c_str()));
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    const int32_t iface = ipv4->AddInterface(device);
    ipv4->AddAddress(iface, Ipv4InterfaceAddress(localAddress, mask));
    if (innerAddress != Ipv4Address::GetAny())
    {
        ipv4->AddAddress(iface, Ipv4InterfaceAddress(innerAddress, Ipv4Mask("/32")));
    }
    ipv4->SetUp(iface);
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(ipv4)->SetDefaultRoute(peerAddress, iface);

    IpsecHelper ipsec;
    ipsec.Install(NodeContainer(node));
    ipsec.AssignStreams(NodeContainer(node), 100);
    Ptr<IkeDaemon> daemon;
    try
    {
        IkeHelper ike;
        daemon = ike.Install(node, config);
        daemon->AssignStreams(200);
    }
    catch (const std::exception& e)
    {
        std::cerr << "live-peer: bad configuration: " << e.what() << "\n";
        return 2;
    }

    UdpEchoServerHelper echo(7); // the peer's probes to the inner address are answered
    echo.Install(node).Start(Seconds(0));
    Ptr<EchoProbe> probe = CreateObject<EchoProbe>();
    probe->SetPeer(peerInnerAddress, 7);
    probe->SetSchedule(probes, Seconds(interval), probeSize);
    probe->SetSource(
        [&options, id = node->GetId(), innerAddress, requestVip]()
        { return requestVip ? VirtualIpOrAny(options.GetTally().Of(id)) : innerAddress; });
    node->AddApplication(probe);
    probe->SetStartTime(Seconds(probeStart));
    if (probes == 0)
    {
        probe->SetStopTime(Seconds(0));
    }

    auto at = [](double t, std::function<void()> f)
    {
        if (t > 0)
        {
            Simulator::Schedule(Seconds(t), f);
        }
    };
    at(rekeyChildAt, [daemon]() { daemon->RekeyChild(); });
    at(rekeyIkeAt, [daemon]() { daemon->RekeyIke(); });
    at(deleteChildAt, [daemon]() { daemon->DeleteChild(); });
    at(terminateAt, [daemon]() { daemon->Terminate(); });

    FdNetDeviceHelper pcap;
    pcap.EnablePcap(out + "/tap.pcap", device, true, true);
    std::cout << "live-peer: node " << localAddress << " on TAP " << tap << " as " << role << " ("
              << auth << "), peer " << peer << ", " << duration << " s of wall-clock time\n";
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    // Like summary.json, from the stream: rekeys are the rekey-done events of this node.
    const RunTally::NodeTally& tally = options.GetTally().Of(node->GetId());
    const uint64_t established = tally.ikeSasEstablished;
    const size_t children = tally.childSas.size();
    std::cout << "live-peer: IKE SAs established " << established << ", Child SAs up " << children
              << ", rekeys " << tally.rekeys << ", probes " << probe->GetSent() << " sent, "
              << probe->GetEchoed() << " echoed\n";
    std::ostringstream json;
    json << "{\"scenario\":\"live-peer\",\"role\":\"" << role << "\",\"auth\":\"" << auth
         << "\",\"established\":" << established << ",\"child_sas\":" << children
         << ",\"rekeys\":" << tally.rekeys << ",\"retransmissions\":" << tally.retransmissions
         << ",\"probes_sent\":" << probe->GetSent() << ",\"probes_echoed\":" << probe->GetEchoed()
         << ",\"probes_skipped\":" << probe->GetSkipped() << "}\n";
    std::ofstream(out + "/live.json") << json.str();
    options.Finish();
    Simulator::Destroy();
    return established > 0 ? 0 : 1;
}
