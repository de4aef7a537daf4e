// IPsec on nodes, hand-keyed SA pairs and IKE connections (both ends of each).
#include "custom-builder.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>

using namespace ns3;

namespace ipseclab::custom
{
namespace
{

void
InstallManualSas(CustomWorld& w)
{
    Ns3RandomSource keys(50);
    for (const ManualSaSpec& s : w.config.manualSas)
    {
        ManualSaPairConfig c;
        c.protocol = s.protocol;
        c.mode = s.mode;
        c.espProposal = s.espProposal.value_or(c.espProposal);
        c.ahProposal = s.ahProposal.value_or(c.ahProposal);
        c.addressA = Ipv4Address(s.addressA);
        c.addressB = Ipv4Address(s.addressB);
        c.trafficA = s.trafficA;
        c.trafficB = s.trafficB;
        c.ipProtocol = s.ipProtocol.value_or(c.ipProtocol);
        c.portB = s.portB;
        c.spiAtoB = s.spiAtoB;
        c.spiBtoA = s.spiBtoA;
        c.reqid = s.reqid;
        c.replayWindow = s.replayWindow;
        c.esn = s.esn;
        c.udpEncap = s.udpEncap;
        c.tfcPadTo = s.tfcPadTo;
        c.priority = s.priority;
        c.soft.seconds = s.softSeconds;
        c.hard.seconds = s.hardSeconds;
        try
        {
            InstallManualSaPair(
                IpsecHelper::GetStack(w.nodes[s.a]), IpsecHelper::GetStack(w.nodes[s.b]), c, keys);
        }
        catch (const std::exception& e)
        {
            Fail(s.path, e.what());
        }
    }
}

/// The initiator's end of a connection, as swanctl.conf would say it.
IkeConfig
InitiatorConfig(const IkeSpec& s)
{
    IkeConfig a;
    a.name = s.name;
    a.localAddress = s.initiatorAddress;
    a.remoteAddress = s.responderAddress;
    a.localId = s.initiatorId;
    a.remoteId = s.responderId;
    a.psk = s.psk;
    a.ikeProposals = s.proposals.value_or(a.ikeProposals);
    a.rekeyTime = s.ikeRekeyTime;
    a.overTime = s.overTime;
    a.randTime = s.ikeRandTime;
    a.dpdDelay = s.dpdDelay;
    if (s.dpdAction)
    {
        a.dpdAction = OrFail(s.path + ".dpd_action", [&] { return ParseDpdAction(*s.dpdAction); });
    }
    a.retransmitTimeout = s.retransmitTimeout.value_or(a.retransmitTimeout);
    a.retransmitTries = s.retransmitTries.value_or(a.retransmitTries);
    a.forceEncap = s.forceEncap;
    a.requestVirtualIp = s.requestVirtualIp;
    a.natKeepalive = s.keepalive > 0;
    a.natKeepaliveInterval = s.keepalive > 0 ? s.keepalive : 20;
    auto& child = a.children.front();
    child.name = s.childName;
    child.espProposals = s.espProposals;
    child.localTs = s.localTs;
    child.remoteTs = s.remoteTs;
    child.mode = s.mode;
    child.rekeyTime = s.rekeyTime;
    child.lifeTime = s.lifeTime;
    child.randTime = s.randTime;
    child.deleteDelay = s.deleteDelay.value_or(child.deleteDelay);
    child.replayWindow = s.replayWindow;
    child.esn = s.esn;
    child.rekeyPackets = s.rekeyPackets;
    child.rekeyBytes = s.rekeyBytes;
    child.tfcPadTo = s.tfcPadTo;
    child.startAction =
        OrFail(s.path + ".start_action", [&] { return ParseStartAction(s.startAction); });
    child.startTime = s.startTime;
    return a;
}

/// The responder's end: the initiator's mirrored.
IkeConfig
ResponderConfig(const IkeSpec& s, const IkeConfig& a)
{
    IkeConfig b = a;
    std::swap(b.localAddress, b.remoteAddress);
    std::swap(b.localId, b.remoteId);
    b.requestVirtualIp = false;
    b.pool = s.pool;
    if (s.responderAcceptsAny)
    {
        b.remoteAddress = 0;
    }
    auto& child = b.children.front();
    std::swap(child.localTs, child.remoteTs);
    if (a.requestVirtualIp && child.remoteTs == "dynamic")
    {
        // The responder narrows "anyone" to the virtual IP it hands out.
        child.remoteTs = "0.0.0.0/0";
    }
    child.startAction = StartAction::None;
    return b;
}

void
InstallIke(CustomWorld& w)
{
    IkeHelper ike;
    std::map<Ptr<Node>, bool> streamed;
    int64_t ikeStream = 1000;
    for (const IkeSpec& s : w.config.ike)
    {
        IkePair pair;
        pair.name = s.name;
        pair.initiator = w.config.nodes[s.initiator];
        pair.responder = w.config.nodes[s.responder];
        const IkeConfig a = InitiatorConfig(s);
        const IkeConfig b = ResponderConfig(s, a);
        const std::string atInitiator = s.path + " (initiator " + pair.initiator + ")";
        const std::string atResponder = s.path + " (responder " + pair.responder + ")";
        OrFail(atInitiator, [&] { a.Validate(); });
        OrFail(atResponder, [&] { b.Validate(); });
        Ptr<Node> ini = w.nodes[s.initiator];
        Ptr<Node> res = w.nodes[s.responder];
        pair.initiatorDaemon = OrFail(atInitiator, [&] { return ike.Install(ini, a); });
        pair.responderDaemon = OrFail(atResponder, [&] { return ike.Install(res, b); });
        for (auto [node, daemon] :
             {std::make_pair(ini, pair.initiatorDaemon), std::make_pair(res, pair.responderDaemon)})
        {
            if (daemon == pair.responderDaemon)
            {
                daemon->SetAttribute("CookieThreshold", UintegerValue(s.cookieThreshold));
                daemon->SetAttribute("HalfOpenLimit", UintegerValue(s.halfOpenLimit));
            }
            if (!streamed[node])
            {
                daemon->AssignStreams(ikeStream);
                ikeStream += 100;
                streamed[node] = true;
            }
        }
        w.ikePairs.push_back(pair);
    }
}

} // namespace

void
BuildIpsec(CustomWorld& w)
{
    IpsecHelper ipsec;
    int64_t stream = 100;
    for (size_t n = 0; n < w.nodes.size(); ++n)
    {
        if (w.config.ipsec[n])
        {
            ipsec.Install(w.nodes[n]);
            ipsec.AssignStreams(NodeContainer(w.nodes[n]), stream);
            stream += 10;
        }
    }
    InstallManualSas(w);
    InstallIke(w);
}

} // namespace ipseclab::custom
