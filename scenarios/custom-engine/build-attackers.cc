// Attackers on link devices, each drawn in topology.json as a tap on the link.
#include "common/topology-file.h"
#include "custom-builder.h"

#include <ns3/core-module.h>

#include <algorithm>
#include <set>

using namespace ns3;

namespace ipseclab::custom
{
namespace
{

void
Replay(const AttackerSpec& s, const NetDeviceContainer& devices, Attacker& a)
{
    a.replay = CreateObject<ReplayAttacker>();
    a.replay->CaptureAt(devices.Get(s.at), s.protocol, s.capture);
    a.replay->InjectFrom(devices.Get(s.at == 0 ? 1 : 0));
    AddTopologyTap("replay attacker on " + a.link,
                   "attacker",
                   "records and replays IPsec packets",
                   devices.Get(s.at));
    const Time spacing = s.spacingSeconds ? Seconds(*s.spacingSeconds) : MilliSeconds(1);
    for (const double t : s.bursts)
    {
        a.replay->ScheduleBurst(Seconds(t), spacing);
    }
}

void
Tamper(const AttackerSpec& s, const LinkSpec& link, const NetDeviceContainer& devices, Attacker& a)
{
    const bool csma = link.type == "csma";
    a.tamper = CreateObject<TamperModel>();
    a.tamper->SetAttribute("LinkHeaderSize", UintegerValue(csma ? 14 : 2));
    a.tamper->SetAttribute("LinkTrailerSize", UintegerValue(csma ? 4 : 0));
    a.tamper->SetAttribute("Protocol", UintegerValue(s.protocol));
    a.tamper->SetAttribute("Offset", IntegerValue(s.offset));
    a.tamper->SetAttribute("Xor", UintegerValue(s.xorMask));
    a.tamper->SetAttribute("Every", UintegerValue(s.every));
    a.tamper->SetAttribute("Skip", UintegerValue(s.skip));
    Ptr<NetDevice> dev = devices.Get(s.at);
    dev->SetAttribute("ReceiveErrorModel", PointerValue(a.tamper));
    AddTopologyTap(
        "tamper attacker on " + a.link, "attacker", "changes octets of IPsec packets", dev);
}

void
Eavesdrop(const AttackerSpec& s, const NetDeviceContainer& devices, Attacker& a)
{
    a.eavesdropper = CreateObject<Eavesdropper>();
    a.eavesdropper->Attach(devices.Get(s.at));
    AddTopologyTap("eavesdropper on " + a.link,
                   "eavesdropper",
                   "reads every frame on the link",
                   devices.Get(s.at));
    a.secrets = s.secrets;
}

/// "at" is the attacked responder's side of the link (its received IKE is read); forgeries
/// towards it leave from the other side.
void
Forge(const AttackerSpec& s, size_t index, const LinkSpec& link, const NetDeviceContainer& devices,
      Attacker& a)
{
    Ptr<NetDevice> atResponder = devices.Get(s.at);
    Ptr<NetDevice> atInitiator = devices.Get(s.at == 0 ? 1 : 0);
    const Ipv4Address responder(link.addresses[s.at]);
    a.forger = CreateObject<IkeForger>();
    a.forger->AssignStreams(7000 + index);
    a.forger->WatchAt(atResponder);
    const std::set<std::string> wanted(s.attacks.begin(), s.attacks.end());
    const Time when = Seconds(s.deleteAt);
    if (wanted.count("forged-delete"))
    {
        a.forger->ForgeDeleteAt(when, responder, atInitiator);
    }
    if (wanted.count("replay-request"))
    {
        a.forger->ReplayLastRequestAt(when, Ipv4Address("192.0.2.66"), atInitiator);
    }
    if (wanted.count("forged-auth-failed"))
    {
        a.forger->AnswerIkeAuthWith(atResponder);
    }
    if (wanted.count("init-flood"))
    {
        try
        {
            a.forger->FloodAt(Seconds(0.05),
                              s.floodCount,
                              MicroSeconds(250),
                              responder,
                              Ipv4Address("198.18.0.0"),
                              s.floodProposal,
                              atInitiator);
        }
        catch (const std::exception& e)
        {
            Fail(s.path + ".flood_proposal", e.what());
        }
    }
}

} // namespace

void
BuildAttackers(CustomWorld& w)
{
    for (size_t i = 0; i < w.config.attackers.size(); ++i)
    {
        const AttackerSpec& s = w.config.attackers[i];
        const LinkSpec& link = w.config.links[s.link];
        const NetDeviceContainer& devices = w.devices[s.link];
        Attacker a;
        a.type = s.type;
        a.link = link.name;
        if (s.type == "replay")
        {
            Replay(s, devices, a);
        }
        else if (s.type == "tamper")
        {
            Tamper(s, link, devices, a);
        }
        else if (s.type == "eavesdrop")
        {
            Eavesdrop(s, devices, a);
        }
        else
        {
            Forge(s, i, link, devices, a);
        }
        w.attackers.push_back(a);
    }
}

} // namespace ipseclab::custom
