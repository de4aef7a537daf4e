// scenario: what an eavesdropper sees of a cleartext login, with and without ESP transport mode
//
//   server1 10.0.0.1 ----+---- server2 10.0.0.2        one Ethernet segment (CSMA)
//                        |
//                       eve (promiscuous sniffer)
// server1 logs into server2 with a telnet-like protocol that sends the user name and password in
// clear ("login: alice", "password: s3cret"). With --ipsec=true (default) the two servers
// negotiate an ESP transport-mode Child SA with IKEv2 first (traffic selectors "dynamic": just
// their own two addresses), and eve sees only ESP; with --ipsec=false she reads the password.
#include "attack/eavesdropper.h"
#include "common/ike-defence-options.h"
#include "common/ike-peer.h"
#include "common/lan-topology.h"
#include "common/login-app.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/topology-file.h"
#include "events/json-writer.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>
#include <ns3/csma-helper.h>

#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

/// The text as a person would read it off the wire: \r\n shown, other control octets as '.'.
std::string
Printable(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '\r')
        {
            out += "\\r";
        }
        else if (c == '\n')
        {
            out += "\\n";
        }
        else
        {
            out += (c >= 0x20 && c < 0x7f) ? c : '.';
        }
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("host-to-host");
    bool ipsec = true;
    std::string user = "alice";
    std::string password = "s3cret";
    std::string ikeProposal = "aes256gcm16-prfsha256-ecp256";
    std::string espProposal = "aes128gcm16";
    PskOptions psk("classroom secret",
                   "Pre-shared key of both servers",
                   {"Server1", "server1"},
                   {"Server2", "server2"});
    double loginAt = 1.0;
    double duration = 3.0;
    CheckedCommandLine cmd(__FILE__, "host-to-host");
    options.AddTo(cmd);
    IkeDefenceOptions defence;
    defence.AddTo(cmd);
    cmd.AddValue("ipsec", "Protect server1 <-> server2 with ESP transport mode (IKEv2)", ipsec);
    cmd.AddValue("user", "User name server1 logs in with", user);
    cmd.AddValue("password", "Password server1 logs in with (what eve is after)", password);
    cmd.AddValue("ikeProposal", "IKE proposal (strongSwan syntax)", ikeProposal);
    cmd.AddValue("espProposal", "ESP proposal of the Child SA", espProposal);
    psk.AddTo(cmd);
    cmd.AddValue("loginAt", "When server1 connects to the login service (s)", loginAt);
    cmd.AddValue("duration", "Simulated seconds", duration);
    cmd.Range("duration", 0.001, 86400, "simulated seconds");
    cmd.Parse(argc, argv);
    defence.Apply("host-to-host");
    if (user.find_first_of("\r\n") != std::string::npos ||
        password.find_first_of("\r\n") != std::string::npos || password.empty())
    {
        std::cerr << "host-to-host: --user and --password must be one non-empty line\n";
        return 2;
    }
    options.Apply();
    Narrator narrator(options.GetSteps());
    const std::string out = options.GetOutputDirectory();

    LanTopology t = BuildLanTopology();
    const Ipv4Address a1 = t.interfaces.GetAddress(0);
    const Ipv4Address a2 = t.interfaces.GetAddress(1);

    Ptr<IkeDaemon> daemon1;
    Ptr<IkeDaemon> daemon2;
    if (ipsec)
    {
        IpsecHelper helper;
        helper.Install(NodeContainer(t.server1, t.server2));
        helper.AssignStreams(NodeContainer(t.server1, t.server2), 100);
        ipseclab::IkeConfig c1;
        c1.name = "server1-server2";
        c1.localAddress = a1.Get();
        c1.remoteAddress = a2.Get();
        c1.localId = "@server1.example";
        c1.psk = psk.Of(0);
        c1.ikeProposals = {ikeProposal};
        c1.rekeyTime = 0;
        auto& child = c1.children.front();
        child.name = "host-to-host";
        child.espProposals = {espProposal};
        child.mode = ipseclab::IpsecMode::Transport;
        child.localTs = "dynamic";
        child.remoteTs = "dynamic";
        child.rekeyTime = 0;
        child.startAction = ipseclab::StartAction::Start;
        child.startTime = 0.2;
        ipseclab::IkeConfig c2 = MirrorIkeConfig(c1, c1.name, "@server2.example");
        c2.psk = psk.Of(1);
        if (defence.Flood())
        {
            c2.remoteAddress = 0; // server2 answers anyone, so the flood reaches its IKE state
        }
        IkeHelper ike;
        try
        {
            daemon1 = ike.Install(t.server1, c1);
            daemon2 = ike.Install(t.server2, c2);
        }
        catch (const std::exception& e)
        {
            std::cerr << "host-to-host: bad configuration: " << e.what() << "\n";
            return 2;
        }
        daemon1->AssignStreams(200);
        daemon2->AssignStreams(300);
        defence.Install(t.devices.Get(0),
                        t.devices.Get(1),
                        t.interfaces.GetAddress(1),
                        c1.ikeProposals.front());
    }

    Ptr<LoginServer> server = CreateObject<LoginServer>();
    server->SetAccount(user, password);
    server->SetHostName("server2");
    t.server2->AddApplication(server);
    server->SetStartTime(Seconds(0.1));
    Ptr<LoginClient> client = CreateObject<LoginClient>();
    client->SetServer(a2, 23);
    client->SetCredentials(user, password);
    t.server1->AddApplication(client);
    client->SetStartTime(Seconds(loginAt));

    Ptr<Eavesdropper> eve = CreateObject<Eavesdropper>();
    eve->Attach(t.devices.Get(2));
    SetTopologyRole("eve", "eavesdropper");

    narrator.Step("Set-up",
                  "server1 (10.0.0.1) and server2 (10.0.0.2) share an Ethernet segment with eve, "
                  "whose network card is promiscuous: she receives every frame. server2 runs a "
                  "telnet-like login service on TCP port 23 that sends everything in clear.");
    if (ipsec)
    {
        narrator.Step(
            "Protection",
            "server1 starts IKEv2 at t=0.2 s. The Child SA is ESP in transport mode "
            "with the traffic selectors \"dynamic\" on both sides: every packet "
            "between 10.0.0.1 and 10.0.0.2 (IKE itself excepted) is encrypted and "
            "authenticated; no header is added: the hosts' IP header carries ESP (protocol 50, "
            "RFC 4303 3.1.1).");
    }
    else
    {
        narrator.Step("No protection", "--ipsec=false: no IKE, no SA, the login goes out as is.");
    }
    Simulator::Schedule(Seconds(loginAt),
                        [&narrator, &user]()
                        {
                            narrator.Step(
                                "Login",
                                "server1 connects to server2:23 and answers its prompts with \"" +
                                    user + "\" and the password.");
                        });
    CsmaHelper csma;
    csma.EnablePcap(out + "/link.pcap", t.devices.Get(2), true, true);
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    const bool seen = eve->Saw(password);
    const uint32_t esp = eve->GetDatagramCount(50);
    const uint32_t tcp = eve->GetDatagramCount(6);
    const auto streams = eve->GetTcpStreams();
    std::string clientToServer;
    std::ostringstream clientPrefix;
    clientPrefix << a1 << ":";
    for (const auto& [name, text] : streams)
    {
        if (name.rfind(clientPrefix.str(), 0) == 0)
        {
            clientToServer += text;
        }
    }
    bool ok = client->IsLoggedIn() && (ipsec ? (!seen && esp > 0 && tcp == 0) : seen);
    if (ipsec)
    {
        ok = ok && options.GetTally().Of(t.server1->GetId()).ikeSasEstablished == 1;
    }
    narrator.Step("What eve saw",
                  ipsec ? "eve captured " + std::to_string(esp) +
                              " ESP datagrams and no TCP at all: no port, no prompt, no "
                              "password, only SPIs, sequence numbers and ciphertext."
                        : "eve reassembled the TCP stream and read: \"" +
                              Printable(clientToServer) + "\". The password is in the clear.");

    std::cout << "host-to-host: " << (ipsec ? "ESP transport mode (IKEv2)" : "no IPsec")
              << ", login of " << user
              << " on server2: " << (client->IsLoggedIn() ? "accepted" : "FAILED") << " (\""
              << Printable(client->GetGreeting()) << "\")\n"
              << "  eve captured " << eve->GetFrameCount() << " frames: " << tcp << " TCP, " << esp
              << " ESP, " << eve->GetDatagramCount(17) << " UDP (IKE)\n";
    for (const auto& [name, text] : streams)
    {
        std::cout << "  eve reads " << name << ": \"" << Printable(text) << "\"\n";
    }
    std::cout << "  password \"" << password << "\" seen by eve: " << (seen ? "YES" : "no")
              << (ipsec ? "" : "  (run again without --ipsec=false)") << "\n";

    eve->WriteJson(out + "/eavesdropper.json", {user, password});
    std::string story = "{\"scenario\":\"host-to-host\",\"ipsec\":";
    story += ipsec ? "true" : "false";
    story += ",\"logged_in\":";
    story += client->IsLoggedIn() ? "true" : "false";
    story += ",\"greeting\":";
    ipseclab::AppendJsonString(story, client->GetGreeting());
    story += ",\"password_seen\":";
    story += seen ? "true" : "false";
    story += ",\"esp_datagrams_seen\":" + std::to_string(esp) +
             ",\"tcp_datagrams_seen\":" + std::to_string(tcp) + ",\"ike_established\":" +
             std::to_string(options.GetTally().Of(t.server1->GetId()).ikeSasEstablished) +
             ",\"story_holds\":";
    story += ok ? "true" : "false";
    story += "}\n";
    std::ofstream(out + "/story.json") << story;
    std::cout << "  story " << (ok ? "holds" : "DOES NOT HOLD")
              << "; eavesdropper.json, story.json,"
              << " link.pcap (eve's capture)\n";
    if (daemon1)
    {
        PrintIkeDrops(
            std::cout, options.GetTally(), {{"server1", t.server1}, {"server2", t.server2}});
    }
    options.Finish();
    Simulator::Destroy();
    return ok ? 0 : 1;
}
