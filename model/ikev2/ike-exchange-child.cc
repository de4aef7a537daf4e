// Child SAs ("phase 2", RFC 7296 1.3 and 2.17): proposing and accepting them (in IKE_AUTH and
// CREATE_CHILD_SA), deriving KEYMAT, installing SAs and policies in the IpsecStack, rekeying
// them (REKEY_SA, optional PFS), resolving rekey collisions (2.8.1), and rekeying the IKE SA
// itself (Child SAs move to the new IKE SA, 2.18).
#include "crypto/ike-key-schedule.h"
#include "datapath/ipv4-wire.h"
#include "events/key-export.h"
#include "ike/ike-proposals.h"
#include "ike/ike-sa-proposal.h"
#include "ikev2/ike-daemon.h"

#include <ns3/log.h>
#include <ns3/simulator.h>

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeExchangeChild");

using ipseclab::Bytes;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;

namespace
{

constexpr uint16_t kNatTPort = 4500;

Bytes
Be64(uint64_t v)
{
    Bytes b(8);
    for (int i = 0; i < 8; ++i)
    {
        b[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
    }
    return b;
}

ipseclab::IkeTrafficSelector
ToWire(const ipseclab::Ipv4Prefix& prefix, uint8_t protocol, const ipseclab::PortRange& ports)
{
    return ipseclab::IkeTrafficSelector::Ipv4(
        prefix.address, prefix.address | ~prefix.Mask(), protocol, ports.low, ports.high);
}

/// A range on the wire as a prefix; ranges that are not one CIDR block are refused
/// (TS_UNACCEPTABLE): the SPD works with prefixes.
std::optional<ipseclab::TsSide>
FromWire(const ipseclab::IkeTrafficSelector& ts)
{
    if (ts.startAddress.size() != 4 || ts.endAddress.size() != 4)
    {
        return std::nullopt;
    }
    const uint32_t start = ipseclab::GetBe32(ts.startAddress.data());
    const uint32_t end = ipseclab::GetBe32(ts.endAddress.data());
    if (end < start)
    {
        return std::nullopt;
    }
    const uint64_t size = uint64_t(end) - start + 1;
    if ((size & (size - 1)) != 0 || (start & (size - 1)) != 0)
    {
        return std::nullopt;
    }
    uint8_t length = 32;
    for (uint64_t s = size; s > 1; s >>= 1)
    {
        --length;
    }
    ipseclab::TsSide side;
    side.prefix.address = start;
    side.prefix.length = length;
    side.protocol = ts.ipProtocol;
    side.ports = ipseclab::PortRange{ts.startPort, ts.endPort};
    return side;
}

ipseclab::TrafficSelector
Combine(const ipseclab::TsSide& local, const ipseclab::TsSide& remote)
{
    ipseclab::TrafficSelector s;
    s.local = local.prefix;
    s.remote = remote.prefix;
    s.protocol = local.protocol ? local.protocol : remote.protocol;
    s.localPorts = local.ports;
    s.remotePorts = remote.ports;
    return s;
}

/// The Child SA proposals of a configuration as offered with SPI `spi`: with their DH groups
/// when a KE goes with them (CREATE_CHILD_SA with PFS), without them otherwise (IKE_AUTH).
ipseclab::IkeSaPayload
ChildOffer(const ipseclab::ChildConfig& child, uint32_t spi, bool withDh)
{
    ipseclab::IkeSaPayload offer{
        ipseclab::ParseProposalTexts(child.espProposals, ipseclab::IkeProtocolId::Esp)};
    for (auto& p : offer.proposals)
    {
        p.spi = ipseclab::SpiBytes(spi);
        if (!withDh)
        {
            p = ipseclab::WithoutDh(p);
        }
    }
    return offer;
}

/// How much traffic a selector pair covers (addresses only): narrowing keeps the widest pair.
uint64_t
Width(const ipseclab::TrafficSelector& ts)
{
    return (uint64_t(1) << (32 - ts.local.length)) + (uint64_t(1) << (32 - ts.remote.length));
}

/// All pairs of TSi x TSr (this node's point of view: `localList` are its selectors), each
/// narrowed by `configured`; the widest result, the first of equals. RFC 7296 2.9: the first
/// selectors may be the packet that triggered the request, the later ones the whole subnets.
std::optional<ipseclab::TrafficSelector> NarrowPairs(
    const std::vector<ipseclab::IkeTrafficSelector>& localList,
    const std::vector<ipseclab::IkeTrafficSelector>& remoteList,
    const std::vector<ipseclab::TrafficSelector>* configured, std::string* proposed,
    size_t* usable);

/// Every configured local x remote pair of a child, this node's point of view. A virtual IP
/// replaces its side: this node's own (a client's, from the gateway's CP) or the peer's (given
/// to it by this gateway).
std::vector<ipseclab::TrafficSelector> ConfiguredPairs(const ipseclab::ChildConfig& child,
                                                       uint32_t localAddress, uint32_t peerAddress,
                                                       uint32_t ownVirtualIp,
                                                       uint32_t peerVirtualIp);

/// The first error notify of a response (types below 16384), or nullptr.
const ipseclab::IkeNotifyPayload*
FirstError(const IkeMessage& m)
{
    for (const auto& p : m.payloads)
    {
        const auto* n = p.As<ipseclab::IkeNotifyPayload>();
        if (n && n->type < 16384)
        {
            return n;
        }
    }
    return nullptr;
}

std::optional<ipseclab::TrafficSelector>
NarrowPairs(const std::vector<ipseclab::IkeTrafficSelector>& localList,
            const std::vector<ipseclab::IkeTrafficSelector>& remoteList,
            const std::vector<ipseclab::TrafficSelector>* configured, std::string* proposed,
            size_t* usable)
{
    std::optional<ipseclab::TrafficSelector> best;
    for (const auto& l : localList)
    {
        for (const auto& r : remoteList)
        {
            auto local = FromWire(l);
            auto remote = FromWire(r);
            if (!local || !remote)
            {
                continue;
            }
            const ipseclab::TrafficSelector pair = Combine(*local, *remote);
            *proposed += (proposed->empty() ? "" : ", ") + pair.ToString();
            ++*usable;
            std::vector<ipseclab::TrafficSelector> results;
            if (configured)
            {
                results = ipseclab::Narrow({pair}, *configured);
            }
            else
            {
                results.push_back(pair);
            }
            for (const auto& result : results)
            {
                if (!best || Width(result) > Width(*best))
                {
                    best = result;
                }
            }
        }
    }
    return best;
}

std::vector<ipseclab::TrafficSelector>
ConfiguredPairs(const ipseclab::ChildConfig& child, uint32_t localAddress, uint32_t peerAddress,
                uint32_t ownVirtualIp, uint32_t peerVirtualIp)
{
    std::vector<ipseclab::TrafficSelector> out;
    auto locals = ipseclab::ParseTsList(child.localTs, localAddress);
    if (ownVirtualIp)
    {
        locals.assign(1, locals.front());
        locals.front().prefix = ipseclab::Ipv4Prefix::Host(ownVirtualIp); // its inner address
    }
    for (const auto& local : locals)
    {
        for (auto remote : ipseclab::ParseTsList(child.remoteTs, peerAddress))
        {
            if (peerVirtualIp)
            {
                remote.prefix = ipseclab::Ipv4Prefix::Host(peerVirtualIp); // its inner address
            }
            out.push_back(Combine(local, remote));
        }
    }
    return out;
}

} // namespace

uint32_t
IkeDaemon::NewChildSpi()
{
    for (;;)
    {
        uint32_t spi = m_random->GetInteger(0x100, 0xffffffffU);
        if (!m_ipsec->GetSad().FindInbound(ipseclab::IpsecProtocol::Esp, spi))
        {
            return spi;
        }
    }
}

ChildSa*
IkeDaemon::FindChild(IkeSa& sa, uint32_t inSpi)
{
    for (auto& child : sa.children)
    {
        if (child.inSpi == inSpi)
        {
            return &child;
        }
    }
    return nullptr;
}

std::vector<IkePayload>
IkeDaemon::ChildRequestPayloads(IkeSa& sa, size_t childIndex, uint32_t inSpi, bool withDh)
{
    const auto& config = Config(sa);
    const auto& child = config.children[childIndex];
    std::vector<ipseclab::TsSide> locals = ipseclab::ParseTsList(child.localTs, LocalAddress(sa));
    if (Config(sa).requestVirtualIp)
    {
        // The inner address is not known yet: propose any, the gateway narrows it (2.19).
        locals.assign(1, locals.front());
        locals.front().prefix =
            sa.virtualIp ? ipseclab::Ipv4Prefix::Host(sa.virtualIp) : ipseclab::Ipv4Prefix::Any();
    }
    ipseclab::IkeTsPayload tsi;
    for (const auto& local : locals)
    {
        tsi.selectors.push_back(ToWire(local.prefix, local.protocol, local.ports));
    }
    ipseclab::IkeTsPayload tsr;
    for (const auto& remote : ipseclab::ParseTsList(child.remoteTs, sa.peerAddress))
    {
        tsr.selectors.push_back(ToWire(remote.prefix, remote.protocol, remote.ports));
    }
    std::vector<IkePayload> out;
    // No KE in IKE_AUTH: PFS applies from the first CREATE_CHILD_SA on.
    out.push_back(IkePayload::Sa(ChildOffer(child, inSpi, withDh)));
    out.push_back(IkePayload::TsI(tsi));
    out.push_back(IkePayload::TsR(tsr));
    if (child.mode == ipseclab::IpsecMode::Transport)
    {
        out.push_back(IkePayload::Notify(IkeNotifyType::UseTransportMode));
    }
    return out;
}

bool
IkeDaemon::AcceptChild(IkeSa& sa, size_t childConfig, const IkeMessage& request, const Bytes& ni,
                       const Bytes& nr, IkeMessage& response, const Bytes& gir, uint32_t replacing)
{
    const auto& config = Config(sa).children[childConfig];
    const auto* saPayload = request.Find(ipseclab::IkePayloadType::Sa);
    const auto* tsi = request.Find(ipseclab::IkePayloadType::TsI);
    const auto* tsr = request.Find(ipseclab::IkePayloadType::TsR);
    if (!saPayload || !tsi || !tsr)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidSyntax));
        return false;
    }
    // With a KE (PFS) the DH group is negotiated too and must be the KE's.
    const bool withDh = !gir.empty();
    const auto* ke = request.Find(ipseclab::IkePayloadType::Ke);
    const uint16_t keGroup = withDh && ke ? ke->As<ipseclab::IkeKePayload>()->dhGroup : 0;
    ipseclab::SaSelection choice =
        ipseclab::SelectProposal(*saPayload->As<ipseclab::IkeSaPayload>(),
                                 ChildOffer(config, 0, withDh).proposals,
                                 !withDh,
                                 keGroup);
    auto chosen = choice.ok ? ipseclab::ReadEspSaProposal(choice.chosen) : std::nullopt;
    Emit(IkeEvent("proposal-selection")
             .Add("what", "child")
             .Add("ok", chosen.has_value())
             .Add("why", choice.why)
             .Add("chosen", choice.ok ? ipseclab::DescribeProposal(choice.chosen) : ""));
    if (!chosen)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::NoProposalChosen));
        return false;
    }
    if (withDh && (!chosen->dhGroup || chosen->dhGroup->ianaId != keGroup))
    {
        const uint16_t wanted = chosen->dhGroup ? chosen->dhGroup->ianaId : 0;
        Emit(IkeEvent("invalid-ke")
                 .Add("group_sent", uint64_t(keGroup))
                 .Add("group_wanted", uint64_t(wanted))
                 .Add("note",
                      "the Child SA's PFS group differs from the KE's: retry with this one"));
        response.payloads.push_back(IkePayload::Notify(
            IkeNotifyType::InvalidKePayload, Bytes{uint8_t(wanted >> 8), uint8_t(wanted)}));
        return false;
    }
    auto outSpi = ipseclab::SpiValue(choice.chosen.spi);
    const auto wanted = ConfiguredPairs(config,
                                        LocalAddress(sa),
                                        sa.peerAddress,
                                        Config(sa).requestVirtualIp ? sa.virtualIp : 0,
                                        Config(sa).requestVirtualIp ? 0 : sa.virtualIp);
    std::string configuredText;
    for (const auto& w : wanted)
    {
        configuredText += (configuredText.empty() ? "" : ", ") + w.ToString();
    }
    std::string proposed;
    size_t usable = 0;
    std::optional<ipseclab::TrafficSelector> narrowed =
        NarrowPairs(tsr->As<ipseclab::IkeTsPayload>()->selectors,
                    tsi->As<ipseclab::IkeTsPayload>()->selectors,
                    &wanted,
                    &proposed,
                    &usable);
    Emit(IkeEvent("ts-narrowing")
             .Add("proposed", usable ? proposed : "unusable")
             .Add("configured", configuredText)
             .Add("result", narrowed ? narrowed->ToString() : "none: TS_UNACCEPTABLE"));
    if (!outSpi || !narrowed)
    {
        response.payloads.push_back(IkePayload::Notify(outSpi ? IkeNotifyType::TsUnacceptable
                                                              : IkeNotifyType::InvalidSyntax));
        return false;
    }
    const bool transport = request.FindNotify(IkeNotifyType::UseTransportMode) &&
                           config.mode == ipseclab::IpsecMode::Transport;
    ChildSa child;
    child.configIndex = childConfig;
    child.inSpi = NewChildSpi();
    child.outSpi = *outSpi;
    child.proposal = *chosen;
    child.ts = *narrowed;
    child.mode = transport ? ipseclab::IpsecMode::Transport : ipseclab::IpsecMode::Tunnel;
    ipseclab::IkeSaProposal answer = choice.chosen;
    answer.spi = ipseclab::SpiBytes(child.inSpi);
    response.payloads.push_back(IkePayload::Sa(ipseclab::IkeSaPayload{{answer}}));
    response.payloads.push_back(IkePayload::TsI(ipseclab::IkeTsPayload{
        {ToWire(narrowed->remote, narrowed->protocol, narrowed->remotePorts)}}));
    response.payloads.push_back(IkePayload::TsR(ipseclab::IkeTsPayload{
        {ToWire(narrowed->local, narrowed->protocol, narrowed->localPorts)}}));
    if (transport)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::UseTransportMode));
    }
    return InstallChild(sa, child, ni, nr, gir, false, replacing);
}

bool
IkeDaemon::CompleteChild(IkeSa& sa, size_t childConfig, uint32_t inSpi, const IkeMessage& response,
                         const Bytes& ni, const Bytes& nr, const Bytes& gir, uint32_t replacing)
{
    if (const auto* error = FirstError(response))
    {
        Emit(IkeEvent("child-failed")
                 .Add("error", ipseclab::IkePayload::Notify(*error).Name())
                 .Add("note", "the responder refused the Child SA"));
        return false;
    }
    const auto* saPayload = response.Find(ipseclab::IkePayloadType::Sa);
    const auto* tsi = response.Find(ipseclab::IkePayloadType::TsI);
    const auto* tsr = response.Find(ipseclab::IkePayloadType::TsR);
    if (!saPayload || !tsi || !tsr ||
        saPayload->As<ipseclab::IkeSaPayload>()->proposals.size() != 1)
    {
        Emit(IkeEvent("child-failed").Add("error", "response without SA, TSi and TSr"));
        return false;
    }
    const auto& proposal = saPayload->As<ipseclab::IkeSaPayload>()->proposals.front();
    std::string why;
    std::optional<ipseclab::EspProposal> read;
    if (ipseclab::IsAnswerToOffer(proposal,
                                  ChildOffer(Config(sa).children[childConfig], inSpi, !gir.empty()),
                                  gir.empty(),
                                  &why))
    {
        read = ipseclab::ReadEspSaProposal(proposal, &why);
    }
    auto outSpi = ipseclab::SpiValue(proposal.spi);
    std::string answered;
    size_t usable = 0;
    // The responder may answer with several selectors; the lab's SPD keeps one pair per
    // Child SA: the widest.
    auto ts = NarrowPairs(tsi->As<ipseclab::IkeTsPayload>()->selectors,
                          tsr->As<ipseclab::IkeTsPayload>()->selectors,
                          nullptr,
                          &answered,
                          &usable);
    if (!read || !outSpi || !ts)
    {
        Emit(
            IkeEvent("child-failed")
                .Add("error", !read ? "unusable SA: " + why : "unusable SPI or traffic selectors"));
        return false;
    }
    if (usable > 1)
    {
        Emit(IkeEvent("ts-narrowing")
                 .Add("proposed", answered)
                 .Add("result", ts->ToString())
                 .Add("note",
                      "the responder answered with several selector pairs; the lab installs "
                      "one policy pair per Child SA, the widest"));
    }
    ChildSa child;
    child.configIndex = childConfig;
    child.inSpi = inSpi;
    child.outSpi = *outSpi;
    child.proposal = *read;
    child.ts = *ts;
    child.mode = response.FindNotify(IkeNotifyType::UseTransportMode)
                     ? ipseclab::IpsecMode::Transport
                     : ipseclab::IpsecMode::Tunnel;
    return InstallChild(sa, child, ni, nr, gir, true, replacing);
}

bool
IkeDaemon::InstallChild(IkeSa& sa, ChildSa child, const Bytes& ni, const Bytes& nr,
                        const Bytes& gir, bool exchangeInitiator, uint32_t replacing)
{
    const auto& config = Config(sa).children[child.configIndex];
    ipseclab::ChildSaKeys keys = ipseclab::DeriveChildSaKeys(
        *sa.prf, sa.keys.skD, ni, nr, ipseclab::KeyLengths::For(child.proposal), gir);
    if (ChildSa* old = replacing ? FindChild(sa, replacing) : nullptr)
    {
        child.reqid = old->reqid;
    }
    else
    {
        child.reqid = m_nextReqid++;
    }
    child.nonceI = ni;
    child.nonceR = nr;

    // 2.17: keys for data from the exchange's initiator to its responder come first.
    const Bytes& encOut = exchangeInitiator ? keys.encryptionInitiator : keys.encryptionResponder;
    const Bytes& intOut = exchangeInitiator ? keys.integrityInitiator : keys.integrityResponder;
    const Bytes& encIn = exchangeInitiator ? keys.encryptionResponder : keys.encryptionInitiator;
    const Bytes& intIn = exchangeInitiator ? keys.integrityResponder : keys.integrityInitiator;

    ipseclab::SaConfig base;
    base.protocol = ipseclab::IpsecProtocol::Esp;
    base.mode = child.mode;
    ipseclab::EspProposal noDh = child.proposal;
    noDh.dhGroup = nullptr;
    noDh.esn.reset();
    base.proposal = noDh.ToString();
    base.esn = config.esn;
    base.reqid = child.reqid;
    base.replayWindow = config.replayWindow;
    base.tfcPadTo = child.mode == ipseclab::IpsecMode::Tunnel ? config.tfcPadTo : 0;
    if (config.rekeyTime > 0)
    {
        // strongSwan: rekey at rekey_time minus a random part of rand_time; the SA itself
        // raises the soft expiry that starts the rekey (IpsecStack "SoftExpire").
        base.soft.seconds = config.rekeyTime - Jitter(config.EffectiveRandTime());
        base.hard.seconds = config.EffectiveLifeTime();
    }
    if (config.rekeyBytes > 0)
    {
        base.soft.bytes = config.rekeyBytes;
        base.hard.bytes = config.rekeyBytes + config.rekeyBytes / 10;
    }
    if (config.rekeyPackets > 0)
    {
        base.soft.packets = config.rekeyPackets;
        base.hard.packets = config.rekeyPackets + config.rekeyPackets / 10;
    }
    ipseclab::SaConfig out = base;
    out.spi = child.outSpi;
    out.direction = ipseclab::Direction::Outbound;
    out.src = LocalAddress(sa);
    out.dst = sa.peerAddress;
    out.selector = child.ts;
    out.encryptionKey = encOut;
    out.integrityKey = intOut;
    ipseclab::SaConfig in = base;
    in.spi = child.inSpi;
    in.direction = ipseclab::Direction::Inbound;
    in.src = sa.peerAddress;
    in.dst = LocalAddress(sa);
    in.selector = child.ts;
    in.encryptionKey = encIn;
    in.integrityKey = intIn;
    if (sa.natDetected)
    {
        out.encapSrcPort = kNatTPort;
        out.encapDstPort = sa.peerPort;
        in.encapSrcPort = sa.peerPort;
        in.encapDstPort = kNatTPort;
    }
    try
    {
        m_ipsec->AddSa(out);
        m_ipsec->AddSa(in);
    }
    catch (const std::exception& e)
    {
        Emit(IkeEvent("child-failed").Add("error", e.what()));
        return false;
    }
    if (m_policies.count(child.reqid) == 0)
    {
        for (auto direction : {ipseclab::Direction::Outbound, ipseclab::Direction::Inbound})
        {
            ipseclab::SpdEntry e;
            e.direction = direction;
            e.selector = child.ts;
            e.action = ipseclab::SpdAction::Protect;
            e.priority = 100;
            e.protect.protocol = ipseclab::IpsecProtocol::Esp;
            e.protect.mode = child.mode;
            if (child.mode == ipseclab::IpsecMode::Tunnel)
            {
                e.protect.tunnelLocal = LocalAddress(sa);
                e.protect.tunnelRemote = sa.peerAddress;
            }
            e.protect.reqid = child.reqid;
            e.name = Config(sa).name + "/" + config.name;
            m_policies[child.reqid].push_back(m_ipsec->AddPolicy(e));
        }
    }
    Emit(IkeEvent("key-derived")
             .Add("name", "KEYMAT")
             .AddHex("value", keys.keymat)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    Emit(IkeEvent("child-sa-installed")
             .Add("spi_in", uint64_t(child.inSpi))
             .Add("spi_out", uint64_t(child.outSpi))
             .Add("protocol", "esp")
             .Add("mode", ipseclab::ToString(child.mode))
             .Add("proposal", base.proposal)
             .Add("ts", child.ts.ToString())
             .Add("pfs", !gir.empty())
             .Add("rekey_of", uint64_t(replacing))
             .Add("udp_encap", sa.natDetected)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR))
             .Add("note",
                  replacing     ? "a rekeyed Child SA replaces the old one (new keys, new SPIs)"
                  : gir.empty() ? "IKE phase 2 complete: the Child SA (IPsec SA) protects "
                                  "traffic with keys from KEYMAT = prf+(SK_d, Ni | Nr)"
                                : "IKE phase 2 complete: the Child SA (IPsec SA) protects "
                                  "traffic with keys from KEYMAT = prf+(SK_d, g^ir | Ni | Nr)"));
    sa.children.push_back(std::move(child));
    return true;
}

void
IkeDaemon::RemoveChild(IkeSa& sa, uint32_t inSpi, const std::string& why, bool delayInbound)
{
    auto it = std::find_if(sa.children.begin(),
                           sa.children.end(),
                           [inSpi](const ChildSa& c) { return c.inSpi == inSpi; });
    if (it == sa.children.end())
    {
        return;
    }
    ChildSa child = *it;
    sa.children.erase(it);
    m_ipsec->RemoveSa(
        ipseclab::Direction::Outbound, ipseclab::IpsecProtocol::Esp, child.outSpi, why);
    const double delay = delayInbound ? Config(sa).children[child.configIndex].deleteDelay : 0;
    if (delay > 0)
    {
        // In-flight packets on the old SA still arrive for a while after a rekey.
        Simulator::Schedule(Seconds(delay),
                            [ipsec = m_ipsec, inSpi, why]() {
                                ipsec->RemoveSa(ipseclab::Direction::Inbound,
                                                ipseclab::IpsecProtocol::Esp,
                                                inSpi,
                                                why);
                            });
    }
    else
    {
        m_ipsec->RemoveSa(ipseclab::Direction::Inbound, ipseclab::IpsecProtocol::Esp, inSpi, why);
    }
    Emit(IkeEvent("delete")
             .Add("what", "child")
             .Add("spi", uint64_t(inSpi))
             .Add("reason", why)
             .Add("inbound_delay_s", delay)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    bool reqidStillUsed = false;
    for (const auto& [serial, other] : m_sas)
    {
        for (const auto& c : other->children)
        {
            reqidStillUsed |= c.reqid == child.reqid;
        }
    }
    if (!reqidStillUsed)
    {
        for (uint32_t id : m_policies[child.reqid])
        {
            m_ipsec->RemovePolicy(id);
        }
        m_policies.erase(child.reqid);
    }
}

void
IkeDaemon::OnSoftExpire(const ipseclab::SecurityAssociation& ipsecSa)
{
    const uint32_t spi = ipsecSa.Config().spi;
    for (auto& [serial, sa] : m_sas)
    {
        for (auto& child : sa->children)
        {
            if (child.inSpi == spi || child.outSpi == spi)
            {
                // Not inside the data path that raised it.
                Simulator::ScheduleNow(&IkeDaemon::StartChildRekey, this, serial, child.inSpi);
                return;
            }
        }
    }
}

void
IkeDaemon::OnAcquire(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey&)
{
    const uint32_t reqid = policy.protect.reqid;
    if (reqid < kTrapReqidBase || reqid - kTrapReqidBase >= m_configs.size() * kMaxChildren)
    {
        return;
    }
    const size_t index = (reqid - kTrapReqidBase) / kMaxChildren;
    const size_t childIndex = (reqid - kTrapReqidBase) % kMaxChildren;
    IkeSa* sa = FindForConnection(index);
    if (!sa)
    {
        if (!BackingOff(index, SIZE_MAX))
        {
            Simulator::ScheduleNow(&IkeDaemon::Initiate, this, index);
        }
        return;
    }
    if (sa->state != IkeSa::State::Established || sa->childrenStarting.count(childIndex) ||
        BackingOff(index, childIndex))
    {
        return; // on its way (IKE_AUTH brings children[0]), or refused a moment ago
    }
    for (const auto& child : sa->children)
    {
        if (child.configIndex == childIndex && !child.replaced)
        {
            return; // installed: the packet raced the policy
        }
    }
    Simulator::ScheduleNow(&IkeDaemon::StartNewChild, this, sa->serial, childIndex);
}

bool
IkeDaemon::BackingOff(size_t configIndex, size_t childIndex) const
{
    auto it = m_backOff.find({configIndex, childIndex});
    return it != m_backOff.end() && Simulator::Now().GetSeconds() < it->second.until;
}

void
IkeDaemon::RecordFailure(size_t configIndex, size_t childIndex, const std::string& what)
{
    BackOff& b = m_backOff[{configIndex, childIndex}];
    b.delay = std::min(60.0, b.delay > 0 ? 2 * b.delay : m_configs[configIndex].retransmitTimeout);
    b.until = Simulator::Now().GetSeconds() + b.delay;
    Emit(IkeEvent("back-off")
             .Add("connection", m_configs[configIndex].name)
             .Add("what", what)
             .Add("delay_s", b.delay)
             .Add("note",
                  "trapped packets do not start a new exchange before the back-off has passed "
                  "(it doubles with each failure, up to 60 s)"));
}

size_t
IkeDaemon::SelectChildConfig(const IkeSa& sa, const IkeMessage& request) const
{
    const auto* tsi = request.Find(ipseclab::IkePayloadType::TsI);
    const auto* tsr = request.Find(ipseclab::IkePayloadType::TsR);
    const auto& children = Config(sa).children;
    if (!tsi || !tsr || children.size() == 1)
    {
        return 0;
    }
    for (size_t i = 0; i < children.size(); ++i)
    {
        const auto wanted = ConfiguredPairs(children[i],
                                            LocalAddress(sa),
                                            sa.peerAddress,
                                            Config(sa).requestVirtualIp ? sa.virtualIp : 0,
                                            Config(sa).requestVirtualIp ? 0 : sa.virtualIp);
        std::string proposed;
        size_t usable = 0;
        if (NarrowPairs(tsr->As<ipseclab::IkeTsPayload>()->selectors,
                        tsi->As<ipseclab::IkeTsPayload>()->selectors,
                        &wanted,
                        &proposed,
                        &usable))
        {
            return i;
        }
    }
    return 0;
}

void
IkeDaemon::StartNewChild(uint32_t serial, size_t childIndex)
{
    IkeSa* sa = FindBySerial(serial);
    if (!sa || sa->state != IkeSa::State::Established || sa->childrenStarting.count(childIndex))
    {
        return;
    }
    sa->childrenStarting.insert(childIndex);
    const auto& child = Config(*sa).children[childIndex];
    const auto groups = ipseclab::DhGroupsOf(
        ipseclab::ParseProposalTexts(child.espProposals, ipseclab::IkeProtocolId::Esp));
    std::shared_ptr<ipseclab::DhGroup> dh;
    if (!groups.empty())
    {
        dh = ipseclab::DhGroup::Create(ipseclab::FindDhGroupById(groups.front()), *m_bytes); // PFS
        ChargeDh(dh->Info());
    }
    const uint32_t newSpi = NewChildSpi();
    auto ni = std::make_shared<Bytes>(m_bytes->Get(32));
    Emit(IkeEvent("child-start")
             .Add("child", child.name)
             .Add("spi", uint64_t(newSpi))
             .Add("spi_i", SpiText(sa->spiI))
             .Add("spi_r", SpiText(sa->spiR))
             .Add("note",
                  "a new Child SA on the IKE SA that is up: CREATE_CHILD_SA without REKEY_SA "
                  "(RFC 7296 1.3.1)"));
    Enqueue(*sa,
            IkeTask{"CREATE_CHILD_SA",
                    [this, serial, childIndex, newSpi, ni, dh]()
                    {
                        IkeSa& s = *FindBySerial(serial);
                        IkeMessage m =
                            MakeMessage(s, ipseclab::IkeExchangeType::CreateChildSa, false, 0);
                        m.payloads = ChildRequestPayloads(s, childIndex, newSpi, dh != nullptr);
                        // SA, Ni, [KEi], TSi, TSr (RFC 7296 1.3.1).
                        std::vector<IkePayload> nonceKe{IkePayload::Nonce(*ni)};
                        if (dh)
                        {
                            nonceKe.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
                        }
                        m.payloads.insert(m.payloads.begin() + 1, nonceKe.begin(), nonceKe.end());
                        return m;
                    },
                    [this, serial, childIndex, newSpi, ni, dh](const IkeMessage& r)
                    {
                        IkeSa* s = FindBySerial(serial);
                        if (!s)
                        {
                            return;
                        }
                        s->childrenStarting.erase(childIndex);
                        const auto* nonce = r.Find(ipseclab::IkePayloadType::Nonce);
                        Bytes gir;
                        const auto* ke = r.Find(ipseclab::IkePayloadType::Ke);
                        if (dh && nonce && ke)
                        {
                            try
                            {
                                ChargeDh(dh->Info());
                                gir = dh->ComputeSharedSecret(
                                    ke->As<ipseclab::IkeKePayload>()->keyExchangeData);
                            }
                            catch (const std::exception&)
                            {
                                gir.clear();
                            }
                        }
                        const bool ok = !FirstError(r) && nonce && (!dh || !gir.empty()) &&
                                        CompleteChild(*s,
                                                      childIndex,
                                                      newSpi,
                                                      r,
                                                      *ni,
                                                      nonce->As<ipseclab::IkeNoncePayload>()->nonce,
                                                      gir,
                                                      0);
                        if (!ok)
                        {
                            if (const auto* error = FirstError(r))
                            {
                                Emit(IkeEvent("child-failed")
                                         .Add("error", ipseclab::IkePayload::Notify(*error).Name())
                                         .Add("note", "the responder refused the new Child SA"));
                            }
                            RecordFailure(s->configIndex, childIndex, "child");
                            return;
                        }
                        m_backOff.erase({s->configIndex, childIndex});
                    }});
}

void
IkeDaemon::StartChildRekey(uint32_t serial, uint32_t inSpi)
{
    IkeSa* sa = FindBySerial(serial);
    ChildSa* child = sa ? FindChild(*sa, inSpi) : nullptr;
    if (!sa || !child || sa->state != IkeSa::State::Established || child->rekeying ||
        child->replaced)
    {
        return;
    }
    child->rekeying = true;
    ++m_rekeys;
    Emit(IkeEvent("rekey-start")
             .Add("what", "child")
             .Add("spi", uint64_t(inSpi))
             .Add("spi_i", SpiText(sa->spiI))
             .Add("spi_r", SpiText(sa->spiR)));
    const size_t configIndex = child->configIndex;
    const uint32_t newSpi = NewChildSpi();
    auto ni = std::make_shared<Bytes>(m_bytes->Get(32));
    std::shared_ptr<ipseclab::DhGroup> dh;
    const auto groups = ipseclab::DhGroupsOf(ipseclab::ParseProposalTexts(
        Config(*sa).children[configIndex].espProposals, ipseclab::IkeProtocolId::Esp));
    if (!groups.empty())
    {
        // PFS: the first group, or the one the peer asked for with INVALID_KE_PAYLOAD.
        const uint16_t group = child->pfsGroup ? child->pfsGroup : groups.front();
        dh = ipseclab::DhGroup::Create(ipseclab::FindDhGroupById(group), *m_bytes);
        ChargeDh(dh->Info());
    }
    const ipseclab::TrafficSelector ts = child->ts;
    const ipseclab::IpsecMode mode = child->mode;
    Enqueue(
        *sa,
        IkeTask{
            "CREATE_CHILD_SA",
            [this, serial, inSpi, newSpi, ni, dh, ts, mode, configIndex]()
            {
                IkeSa& s = *FindBySerial(serial);
                IkeMessage m = MakeMessage(s, ipseclab::IkeExchangeType::CreateChildSa, false, 0);
                ipseclab::IkeNotifyPayload rekey =
                    ipseclab::IkeNotifyPayload::Make(IkeNotifyType::RekeySa);
                rekey.protocol = ipseclab::IkeProtocolId::Esp;
                rekey.spi = ipseclab::SpiBytes(inSpi);
                m.payloads.push_back(IkePayload::Notify(rekey));
                m.payloads.push_back(IkePayload::Sa(
                    ChildOffer(Config(s).children[configIndex], newSpi, dh != nullptr)));
                m.payloads.push_back(IkePayload::Nonce(*ni));
                if (dh)
                {
                    m.payloads.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
                }
                m.payloads.push_back(IkePayload::TsI(
                    ipseclab::IkeTsPayload{{ToWire(ts.local, ts.protocol, ts.localPorts)}}));
                m.payloads.push_back(IkePayload::TsR(
                    ipseclab::IkeTsPayload{{ToWire(ts.remote, ts.protocol, ts.remotePorts)}}));
                if (mode == ipseclab::IpsecMode::Transport)
                {
                    m.payloads.push_back(IkePayload::Notify(IkeNotifyType::UseTransportMode));
                }
                return m;
            },
            [this, serial, inSpi, newSpi, ni, dh, configIndex](const IkeMessage& r)
            {
                IkeSa* s = FindBySerial(serial);
                ChildSa* old = s ? FindChild(*s, inSpi) : nullptr;
                if (!s || !old)
                {
                    return;
                }
                old->rekeying = false;
                const auto* nonce = r.Find(ipseclab::IkePayloadType::Nonce);
                Bytes gir;
                if (dh && nonce)
                {
                    const auto* ke = r.Find(ipseclab::IkePayloadType::Ke);
                    try
                    {
                        ChargeDh(dh->Info());
                        gir = ke ? dh->ComputeSharedSecret(
                                       ke->As<ipseclab::IkeKePayload>()->keyExchangeData)
                                 : Bytes();
                    }
                    catch (const std::exception&)
                    {
                        gir.clear();
                    }
                }
                if (!nonce || (dh && gir.empty()) ||
                    !CompleteChild(*s,
                                   configIndex,
                                   newSpi,
                                   r,
                                   *ni,
                                   nonce->As<ipseclab::IkeNoncePayload>()->nonce,
                                   gir,
                                   inSpi))
                {
                    Emit(IkeEvent("rekey-failed").Add("what", "child").Add("spi", uint64_t(inSpi)));
                    if (RetryWithPfsGroup(*s, inSpi, r, dh.get()))
                    {
                        return;
                    }
                    if (r.FindNotify(IkeNotifyType::TemporaryFailure))
                    {
                        // 2.25: the peer is busy (e.g. rekeying the IKE SA): try again
                        // a little later.
                        Simulator::Schedule(Seconds(0.5 + Jitter(1.0)),
                                            &IkeDaemon::StartChildRekey,
                                            this,
                                            serial,
                                            inSpi);
                    }
                    return;
                }
                old = FindChild(*s, inSpi);
                old->mySuccessor = newSpi;
                old->myNi = *ni;
                old->myNr = nonce->As<ipseclab::IkeNoncePayload>()->nonce;
                if (old->peerSuccessor != 0)
                {
                    ResolveCollision(*s, inSpi);
                    return;
                }
                old->replaced = true;
                Emit(IkeEvent("rekey-done")
                         .Add("what", "child")
                         .Add("old_spi", uint64_t(inSpi))
                         .Add("new_spi", uint64_t(newSpi))
                         .Add("spi_i", SpiText(s->spiI))
                         .Add("spi_r", SpiText(s->spiR)));
                SendDelete(*s, false, inSpi); // the rekey's initiator deletes the old SA
            }});
}

bool
IkeDaemon::RetryWithPfsGroup(IkeSa& sa, uint32_t inSpi, const IkeMessage& response,
                             const ipseclab::DhGroup* sent)
{
    const auto* invalidKe = response.FindNotify(IkeNotifyType::InvalidKePayload);
    ChildSa* child = FindChild(sa, inSpi);
    if (!invalidKe || !sent || !child || invalidKe->data.size() != 2)
    {
        return false;
    }
    const uint16_t wanted = static_cast<uint16_t>((invalidKe->data[0] << 8) | invalidKe->data[1]);
    const auto groups = ipseclab::DhGroupsOf(ipseclab::ParseProposalTexts(
        Config(sa).children[child->configIndex].espProposals, ipseclab::IkeProtocolId::Esp));
    const bool retry = wanted != sent->Info().ianaId &&
                       std::find(groups.begin(), groups.end(), wanted) != groups.end();
    Emit(IkeEvent("invalid-ke")
             .Add("what", "child")
             .Add("group_sent", uint64_t(sent->Info().ianaId))
             .Add("group_wanted", uint64_t(wanted))
             .Add("retry", retry)
             .Add("note", "the peer wants another PFS group for the rekey: retry with it"));
    if (retry)
    {
        child->pfsGroup = wanted;
        Simulator::ScheduleNow(&IkeDaemon::StartChildRekey, this, sa.serial, inSpi);
    }
    return retry;
}

void
IkeDaemon::ResolveCollision(IkeSa& sa, uint32_t oldInSpi)
{
    ChildSa* old = FindChild(sa, oldInSpi);
    if (!old)
    {
        return;
    }
    // RFC 7296 2.8.1: the SA created with the lowest of the four nonces is redundant and is
    // closed by the node that created it (the initiator of that exchange).
    const Bytes* lowest = &old->myNi;
    for (const Bytes* n : {&old->myNr, &old->peerNi, &old->peerNr})
    {
        if (*n < *lowest)
        {
            lowest = n;
        }
    }
    const bool mineIsRedundant = lowest == &old->myNi || lowest == &old->myNr;
    const uint32_t survivor = mineIsRedundant ? old->peerSuccessor : old->mySuccessor;
    const uint32_t redundant = mineIsRedundant ? old->mySuccessor : old->peerSuccessor;
    Emit(IkeEvent("collision")
             .Add("what", "child")
             .Add("old_spi", uint64_t(oldInSpi))
             .Add("survivor_spi", uint64_t(survivor))
             .Add("redundant_spi", uint64_t(redundant))
             .AddHex("lowest_nonce", *lowest)
             .Add("deleted_here", mineIsRedundant)
             .Add("note",
                  "both peers rekeyed the same Child SA at once; the SA made with the "
                  "lowest of the four nonces is closed by the peer that made it"));
    old->replaced = true;
    // Stop sending on the redundant SA at once: the newest outbound SA would otherwise carry
    // traffic until its delete completes, and the peer may already have removed its inbound half.
    if (ChildSa* r = FindChild(sa, redundant))
    {
        if (auto* out = m_ipsec->GetSad().Find(
                ipseclab::Direction::Outbound, ipseclab::IpsecProtocol::Esp, r->outSpi))
        {
            out->MarkExpired();
        }
    }
    if (mineIsRedundant)
    {
        SendDelete(sa, false, redundant); // the peer's SA survives; the peer deletes the old one
        if (ChildSa* r = FindChild(sa, redundant))
        {
            r->replaced = true;
        }
    }
    else
    {
        SendDelete(sa, false, oldInSpi); // this node's SA survives; it deletes the old one
    }
}

void
IkeDaemon::HandleCreateChildRequest(IkeSa& sa, const IkeMessage& request, IkeMessage& response)
{
    if (sa.state != IkeSa::State::Established)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::TemporaryFailure));
        return;
    }
    const auto* saPayload = request.Find(ipseclab::IkePayloadType::Sa);
    const auto* nonce = request.Find(ipseclab::IkePayloadType::Nonce);
    if (!saPayload || !nonce || saPayload->As<ipseclab::IkeSaPayload>()->proposals.empty())
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidSyntax));
        return;
    }
    if (saPayload->As<ipseclab::IkeSaPayload>()->proposals.front().protocol ==
        ipseclab::IkeProtocolId::Ike)
    {
        HandleIkeRekeyRequest(sa, request, response);
        return;
    }
    const Bytes ni = nonce->As<ipseclab::IkeNoncePayload>()->nonce;
    const Bytes nr = m_bytes->Get(32);
    Bytes gir;
    std::unique_ptr<ipseclab::DhGroup> dh;
    if (const auto* ke = request.Find(ipseclab::IkePayloadType::Ke))
    {
        const auto* kePayload = ke->As<ipseclab::IkeKePayload>();
        try
        {
            dh = ipseclab::DhGroup::Create(ipseclab::FindDhGroupById(kePayload->dhGroup), *m_bytes);
        }
        catch (const std::exception&)
        {
            // A group the lab does not implement: name the one this side wants (RFC 7296 1.3).
            const auto groups = ipseclab::DhGroupsOf(ipseclab::ParseProposalTexts(
                Config(sa).children[SelectChildConfig(sa, request)].espProposals,
                ipseclab::IkeProtocolId::Esp));
            const uint16_t wanted = groups.empty() ? 0 : groups.front();
            response.payloads.push_back(IkePayload::Notify(
                IkeNotifyType::InvalidKePayload, Bytes{uint8_t(wanted >> 8), uint8_t(wanted)}));
            return;
        }
        try
        {
            ChargeDh(dh->Info());
            ChargeDh(dh->Info());
            gir = dh->ComputeSharedSecret(kePayload->keyExchangeData);
        }
        catch (const std::exception&)
        {
            response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidSyntax));
            return;
        }
    }
    uint32_t replacing = 0;
    size_t childConfig = SelectChildConfig(sa, request);
    if (const auto* rekey = request.FindNotify(IkeNotifyType::RekeySa))
    {
        auto peerSpi = ipseclab::SpiValue(rekey->spi);
        ChildSa* old = nullptr;
        for (auto& c : sa.children)
        {
            if (peerSpi && c.outSpi == *peerSpi && !c.replaced)
            {
                old = &c;
            }
        }
        if (!old)
        {
            response.payloads.push_back(IkePayload::Notify(IkeNotifyType::ChildSaNotFound));
            return;
        }
        replacing = old->inSpi;
        childConfig = old->configIndex;
    }
    const size_t before = sa.children.size();
    const size_t at = response.payloads.size();
    if (!AcceptChild(sa, childConfig, request, ni, nr, response, gir, replacing))
    {
        return; // the error notify alone: no Nonce, no KE (RFC 7296 1.3)
    }
    std::vector<IkePayload> nonceKe{IkePayload::Nonce(nr)};
    if (dh)
    {
        nonceKe.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
    }
    response.payloads.insert(response.payloads.begin() + at, nonceKe.begin(), nonceKe.end());
    if (replacing && sa.children.size() > before)
    {
        ChildSa* old = FindChild(sa, replacing);
        const uint32_t newSpi = sa.children.back().inSpi;
        if (old->rekeying)
        {
            // This node is rekeying the same SA right now: a collision, resolved when its own
            // exchange completes.
            old->peerSuccessor = newSpi;
            old->peerNi = ni;
            old->peerNr = nr;
        }
        else if (old->mySuccessor != 0)
        {
            old->peerSuccessor = newSpi;
            old->peerNi = ni;
            old->peerNr = nr;
            ResolveCollision(sa, replacing);
        }
        else
        {
            old->replaced = true; // the peer deletes it once its rekey is done
            Emit(IkeEvent("rekey-done")
                     .Add("what", "child")
                     .Add("old_spi", uint64_t(replacing))
                     .Add("new_spi", uint64_t(newSpi))
                     .Add("spi_i", SpiText(sa.spiI))
                     .Add("spi_r", SpiText(sa.spiR)));
        }
    }
}

IkeSa&
IkeDaemon::AdoptRekeyedIkeSa(IkeSa& old, bool initiator, uint64_t spiI, uint64_t spiR,
                             const ipseclab::IkeProposal& proposal, const Bytes& ni,
                             const Bytes& nr, const Bytes& gir)
{
    auto sa = std::make_unique<IkeSa>();
    sa->serial = m_nextSerial++;
    sa->configIndex = old.configIndex;
    sa->initiator = initiator;
    sa->spiI = spiI;
    sa->spiR = spiR;
    sa->peerAddress = old.peerAddress;
    sa->peerPort = old.peerPort;
    sa->localPort = old.localPort;
    sa->natDetected = old.natDetected;
    sa->selfBehindNat = old.selfBehindNat;
    sa->proposal = proposal;
    sa->proposalText = proposal.ToString();
    sa->ni = ni;
    sa->nr = nr;
    sa->peerId = old.peerId;
    sa->startedAt = Simulator::Now().GetSeconds();
    sa->lastHeard = sa->startedAt;
    sa->prf = std::make_unique<ipseclab::Prf>(*proposal.prf);
    // 2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr).
    sa->keys = ipseclab::DeriveRekeyedIkeSaKeys(*old.prf,
                                                old.keys.skD,
                                                *sa->prf,
                                                ni,
                                                nr,
                                                gir,
                                                Be64(spiI),
                                                Be64(spiR),
                                                ipseclab::KeyLengths::For(proposal));
    sa->crypto = std::make_unique<ipseclab::IkeCryptoContext>(proposal, sa->keys);
    sa->children = std::move(old.children); // Child SAs move to the new IKE SA
    old.children.clear();
    // So does the virtual IP (the old SA's end must not hand it back to the pool).
    sa->virtualIp = old.virtualIp;
    old.virtualIp = 0;
    sa->peerCertReq = old.peerCertReq;
    sa->peerSentHashes = old.peerSentHashes;
    sa->peerHashes = old.peerHashes;
    IkeSa& ref = *sa;
    m_sas[sa->serial] = std::move(sa);
    m_serialByMySpi[ref.MySpi()] = ref.serial;
    Emit(IkeEvent("key-derived")
             .Add("name", "SKEYSEED")
             .AddHex("value", ref.keys.skeyseed)
             .Add("rekey", true)
             .Add("spi_i", SpiText(ref.spiI))
             .Add("spi_r", SpiText(ref.spiR)));
    EmitKey(ref, "SK_d", ref.keys.skD);
    ipseclab::Ikev2SaKey key;
    key.spiI = ref.spiI;
    key.spiR = ref.spiR;
    key.skEi = ref.keys.skEi;
    key.skEr = ref.keys.skEr;
    key.encryptionAlgorithm = std::string(proposal.encryption->wiresharkIke);
    key.skAi = ref.keys.skAi;
    key.skAr = ref.keys.skAr;
    key.integrityAlgorithm = proposal.integrity ? std::string(proposal.integrity->wiresharkIke)
                                                : std::string(ipseclab::kWiresharkIkeIntegNone);
    KeyExport::Default()->AddIkev2Sa(key);
    SetState(old, IkeSa::State::Rekeyed);
    Simulator::Cancel(old.rekeyTimer);
    Simulator::Cancel(old.dpdTimer);
    Emit(IkeEvent("rekey-done")
             .Add("what", "ike")
             .Add("old_spi_i", SpiText(old.spiI))
             .Add("old_spi_r", SpiText(old.spiR))
             .Add("spi_i", SpiText(ref.spiI))
             .Add("spi_r", SpiText(ref.spiR))
             .Add("note", "the IKE SA was rekeyed: new SPIs and keys, the Child SAs moved over"));
    ref.rekeyed = true;
    Established(ref);
    --m_established; // a rekey, not a new connection
    return ref;
}

void
IkeDaemon::StartIkeRekey(uint32_t serial)
{
    IkeSa* sa = FindBySerial(serial);
    if (!sa || sa->state != IkeSa::State::Established || sa->rekeyingIke)
    {
        return;
    }
    sa->rekeyingIke = true;
    ++m_rekeys;
    Emit(IkeEvent("rekey-start")
             .Add("what", "ike")
             .Add("spi_i", SpiText(sa->spiI))
             .Add("spi_r", SpiText(sa->spiR)));
    uint64_t newSpi = 0;
    while (newSpi == 0)
    {
        for (uint8_t b : m_bytes->Get(8))
        {
            newSpi = (newSpi << 8) | b;
        }
    }
    auto ni = std::make_shared<Bytes>(m_bytes->Get(32));
    std::shared_ptr<ipseclab::DhGroup> dh =
        ipseclab::DhGroup::Create(*sa->proposal.dhGroup, *m_bytes);
    ChargeDh(dh->Info());
    // All configured proposals (as strongSwan does), the KE of the group in use.
    auto offer = std::make_shared<ipseclab::IkeSaPayload>(ipseclab::IkeSaPayload{
        ipseclab::ParseProposalTexts(Config(*sa).ikeProposals, ipseclab::IkeProtocolId::Ike)});
    for (auto& p : offer->proposals)
    {
        p.spi = Be64(newSpi);
    }
    Enqueue(*sa,
            IkeTask{"IKE_REKEY",
                    [this, serial, ni, dh, offer]()
                    {
                        IkeSa& s = *FindBySerial(serial);
                        IkeMessage m =
                            MakeMessage(s, ipseclab::IkeExchangeType::CreateChildSa, false, 0);
                        m.payloads.push_back(IkePayload::Sa(*offer));
                        m.payloads.push_back(IkePayload::Nonce(*ni));
                        m.payloads.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
                        return m;
                    },
                    [this, serial, newSpi, ni, dh, offer](const IkeMessage& r)
                    {
                        IkeSa* s = FindBySerial(serial);
                        if (!s)
                        {
                            return;
                        }
                        s->rekeyingIke = false;
                        const auto* saPayload = r.Find(ipseclab::IkePayloadType::Sa);
                        const auto* nonce = r.Find(ipseclab::IkePayloadType::Nonce);
                        const auto* ke = r.Find(ipseclab::IkePayloadType::Ke);
                        if (!saPayload || !nonce || !ke ||
                            saPayload->As<ipseclab::IkeSaPayload>()->proposals.size() != 1 ||
                            saPayload->As<ipseclab::IkeSaPayload>()->proposals[0].spi.size() != 8)
                        {
                            Emit(IkeEvent("rekey-failed").Add("what", "ike"));
                            if (r.FindNotify(IkeNotifyType::TemporaryFailure))
                            {
                                // Both peers rekeyed the IKE SA at once and each refused the
                                // other's; random back-off makes one of them go first.
                                Simulator::Schedule(Seconds(0.5 + Jitter(1.0)),
                                                    &IkeDaemon::StartIkeRekey,
                                                    this,
                                                    serial);
                            }
                            return;
                        }
                        const auto& answer = saPayload->As<ipseclab::IkeSaPayload>()->proposals[0];
                        std::string why;
                        std::optional<ipseclab::IkeProposal> proposal;
                        if (ipseclab::IsAnswerToOffer(answer, *offer, false, &why))
                        {
                            proposal = ipseclab::ReadIkeSaProposal(answer, &why);
                        }
                        if (!proposal || proposal->dhGroup->ianaId != dh->Info().ianaId)
                        {
                            Emit(IkeEvent("rekey-failed")
                                     .Add("what", "ike")
                                     .Add("error", "the answer does not fit the offer: " + why));
                            return;
                        }
                        uint64_t peerSpi = 0;
                        for (uint8_t b : answer.spi)
                        {
                            peerSpi = (peerSpi << 8) | b;
                        }
                        Bytes gir;
                        try
                        {
                            ChargeDh(dh->Info());
                            gir = dh->ComputeSharedSecret(
                                ke->As<ipseclab::IkeKePayload>()->keyExchangeData);
                        }
                        catch (const std::exception&)
                        {
                            Emit(IkeEvent("rekey-failed").Add("what", "ike"));
                            return;
                        }
                        AdoptRekeyedIkeSa(*s,
                                          true,
                                          newSpi,
                                          peerSpi,
                                          *proposal,
                                          *ni,
                                          nonce->As<ipseclab::IkeNoncePayload>()->nonce,
                                          gir);
                        SendDelete(*s, true, 0); // the old IKE SA goes; its children moved
                    }});
}

void
IkeDaemon::HandleIkeRekeyRequest(IkeSa& sa, const IkeMessage& request, IkeMessage& response)
{
    const auto& offered = *request.Find(ipseclab::IkePayloadType::Sa)->As<ipseclab::IkeSaPayload>();
    const auto* nonce = request.Find(ipseclab::IkePayloadType::Nonce);
    const auto* ke = request.Find(ipseclab::IkePayloadType::Ke);
    if (!ke)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidSyntax));
        return;
    }
    // Every proposal offered counts, selected like IKE_SA_INIT's (2.18).
    const uint16_t keGroup = ke->As<ipseclab::IkeKePayload>()->dhGroup;
    ipseclab::SaSelection choice = ipseclab::SelectProposal(
        offered,
        ipseclab::ParseProposalTexts(Config(sa).ikeProposals, ipseclab::IkeProtocolId::Ike),
        false,
        keGroup);
    auto proposal = choice.ok ? ipseclab::ReadIkeSaProposal(choice.chosen) : std::nullopt;
    Emit(IkeEvent("proposal-selection")
             .Add("what", "ike-rekey")
             .Add("ok", proposal.has_value() && choice.chosen.spi.size() == 8)
             .Add("why", choice.why)
             .Add("chosen", choice.ok ? ipseclab::DescribeProposal(choice.chosen) : ""));
    if (!proposal || choice.chosen.spi.size() != 8)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::NoProposalChosen));
        return;
    }
    if (proposal->dhGroup->ianaId != keGroup)
    {
        const uint16_t wanted = proposal->dhGroup->ianaId;
        response.payloads.push_back(IkePayload::Notify(
            IkeNotifyType::InvalidKePayload, Bytes{uint8_t(wanted >> 8), uint8_t(wanted)}));
        return;
    }
    if (sa.rekeyingIke)
    {
        // Simultaneous IKE rekeys (2.8.2) are not resolved here: refuse, the peer retries.
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::TemporaryFailure));
        Emit(IkeEvent("collision").Add("what", "ike").Add("note", "answered TEMPORARY_FAILURE"));
        return;
    }
    uint64_t peerSpi = 0;
    for (uint8_t b : choice.chosen.spi)
    {
        peerSpi = (peerSpi << 8) | b;
    }
    uint64_t mySpi = 0;
    while (mySpi == 0)
    {
        for (uint8_t b : m_bytes->Get(8))
        {
            mySpi = (mySpi << 8) | b;
        }
    }
    auto dh = ipseclab::DhGroup::Create(*proposal->dhGroup, *m_bytes);
    ChargeDh(dh->Info());
    ChargeDh(dh->Info());
    Bytes gir;
    try
    {
        gir = dh->ComputeSharedSecret(ke->As<ipseclab::IkeKePayload>()->keyExchangeData);
    }
    catch (const std::exception&)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidSyntax)); // bad value
        return;
    }
    const Bytes nr = m_bytes->Get(32);
    ipseclab::IkeSaProposal answer = choice.chosen;
    answer.spi = Be64(mySpi);
    response.payloads.push_back(IkePayload::Sa(ipseclab::IkeSaPayload{{answer}}));
    response.payloads.push_back(IkePayload::Nonce(nr));
    response.payloads.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
    ++m_rekeys;
    // The peer initiated this rekey: it is the new IKE SA's original initiator.
    AdoptRekeyedIkeSa(sa,
                      false,
                      peerSpi,
                      mySpi,
                      *proposal,
                      nonce->As<ipseclab::IkeNoncePayload>()->nonce,
                      nr,
                      gir);
}

} // namespace ns3
