// Child SAs ("phase 2", RFC 7296 1.3 and 2.17): proposing and accepting them (in IKE_AUTH and
// CREATE_CHILD_SA), deriving KEYMAT, installing SAs and policies in the IpsecStack, rekeying
// them (REKEY_SA, optional PFS), resolving rekey collisions (2.8.1), and rekeying the IKE SA
// itself (Child SAs move to the new IKE SA, 2.18).
#include "crypto/ike-key-schedule.h"
#include "datapath/ipv4-wire.h"
#include "events/key-export.h"
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
IkeDaemon::ChildRequestPayloads(IkeSa& sa, size_t childIndex, uint32_t inSpi)
{
    const auto& config = Config(sa);
    const auto& child = config.children[childIndex];
    ipseclab::IkeSaPayload offer;
    for (size_t i = 0; i < child.espProposals.size(); ++i)
    {
        ipseclab::EspProposal p = ipseclab::ParseEspProposal(child.espProposals[i]);
        if (sa.state != IkeSa::State::Established)
        {
            p.dhGroup = nullptr; // no KE in IKE_AUTH: PFS applies from the first rekey on
        }
        offer.proposals.push_back(
            ipseclab::MakeEspSaProposal(p, inSpi, static_cast<uint8_t>(i + 1)));
    }
    ipseclab::TsSide local = ipseclab::ParseTsSide(child.localTs, LocalAddress(sa));
    if (Config(sa).requestVirtualIp)
    {
        // The inner address is not known yet: propose any, the gateway narrows it (2.19).
        local.prefix =
            sa.virtualIp ? ipseclab::Ipv4Prefix::Host(sa.virtualIp) : ipseclab::Ipv4Prefix::Any();
    }
    ipseclab::TsSide remote = ipseclab::ParseTsSide(child.remoteTs, sa.peerAddress);
    std::vector<IkePayload> out;
    out.push_back(IkePayload::Sa(offer));
    out.push_back(IkePayload::TsI(
        ipseclab::IkeTsPayload{{ToWire(local.prefix, local.protocol, local.ports)}}));
    out.push_back(IkePayload::TsR(
        ipseclab::IkeTsPayload{{ToWire(remote.prefix, remote.protocol, remote.ports)}}));
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
    std::vector<ipseclab::EspProposal> offered;
    std::vector<const ipseclab::IkeSaProposal*> raw;
    for (const auto& p : saPayload->As<ipseclab::IkeSaPayload>()->proposals)
    {
        if (p.protocol != ipseclab::IkeProtocolId::Esp)
        {
            continue;
        }
        if (auto read = ipseclab::ReadEspSaProposal(p))
        {
            offered.push_back(*read);
            raw.push_back(&p);
        }
    }
    std::vector<ipseclab::EspProposal> configured;
    for (const auto& text : config.espProposals)
    {
        configured.push_back(ipseclab::ParseEspProposal(text));
        if (gir.empty())
        {
            configured.back().dhGroup = nullptr;
        }
    }
    const bool withDh = !gir.empty();
    ipseclab::ProposalChoice choice = ipseclab::SelectEspProposal(offered, configured, withDh);
    Emit(IkeEvent("proposal-selection")
             .Add("what", "child")
             .Add("ok", choice.ok)
             .Add("why", choice.why));
    if (!choice.ok)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::NoProposalChosen));
        return false;
    }
    auto outSpi = ipseclab::SpiValue(raw[choice.offered]->spi);
    auto local = FromWire(tsr->As<ipseclab::IkeTsPayload>()->selectors.front());
    auto remote = FromWire(tsi->As<ipseclab::IkeTsPayload>()->selectors.front());
    const ipseclab::TsSide wantLocal = ipseclab::ParseTsSide(config.localTs, LocalAddress(sa));
    ipseclab::TsSide wantRemote = ipseclab::ParseTsSide(config.remoteTs, sa.peerAddress);
    if (sa.virtualIp)
    {
        wantRemote.prefix = ipseclab::Ipv4Prefix::Host(sa.virtualIp); // the client's inner address
    }
    std::optional<ipseclab::TrafficSelector> narrowed;
    if (local && remote)
    {
        narrowed = ipseclab::Intersect(Combine(*local, *remote), Combine(wantLocal, wantRemote));
    }
    Emit(IkeEvent("ts-narrowing")
             .Add("proposed", local && remote ? Combine(*local, *remote).ToString() : "unusable")
             .Add("configured", Combine(wantLocal, wantRemote).ToString())
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
    child.proposal = offered[choice.offered];
    child.ts = *narrowed;
    child.mode = transport ? ipseclab::IpsecMode::Transport : ipseclab::IpsecMode::Tunnel;
    response.payloads.push_back(IkePayload::Sa(ipseclab::IkeSaPayload{
        {ipseclab::MakeEspSaProposal(child.proposal, child.inSpi, raw[choice.offered]->number)}}));
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
    auto read = ipseclab::ReadEspSaProposal(proposal);
    auto outSpi = ipseclab::SpiValue(proposal.spi);
    auto local = FromWire(tsi->As<ipseclab::IkeTsPayload>()->selectors.front());
    auto remote = FromWire(tsr->As<ipseclab::IkeTsPayload>()->selectors.front());
    if (!read || !outSpi || !local || !remote)
    {
        Emit(IkeEvent("child-failed").Add("error", "unusable SA or traffic selectors"));
        return false;
    }
    ChildSa child;
    child.configIndex = childConfig;
    child.inSpi = inSpi;
    child.outSpi = *outSpi;
    child.proposal = *read;
    child.ts = Combine(*local, *remote);
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
    if (policy.protect.reqid >= 0x8000 && policy.protect.reqid - 0x8000 < m_configs.size())
    {
        Simulator::ScheduleNow(&IkeDaemon::Initiate, this, size_t(policy.protect.reqid - 0x8000));
    }
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
    ipseclab::EspProposal first =
        ipseclab::ParseEspProposal(Config(*sa).children[configIndex].espProposals.front());
    if (first.dhGroup)
    {
        dh = ipseclab::DhGroup::Create(*first.dhGroup, *m_bytes); // PFS
        ChargeDh(*first.dhGroup);
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
                ipseclab::IkeSaPayload offer;
                const auto& proposals = Config(s).children[configIndex].espProposals;
                for (size_t i = 0; i < proposals.size(); ++i)
                {
                    offer.proposals.push_back(
                        ipseclab::MakeEspSaProposal(ipseclab::ParseEspProposal(proposals[i]),
                                                    newSpi,
                                                    static_cast<uint8_t>(i + 1)));
                }
                m.payloads.push_back(IkePayload::Sa(offer));
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
            ChargeDh(dh->Info());
            ChargeDh(dh->Info());
            gir = dh->ComputeSharedSecret(kePayload->keyExchangeData);
        }
        catch (const std::exception&)
        {
            response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidKePayload));
            return;
        }
    }
    uint32_t replacing = 0;
    size_t childConfig = 0;
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
    response.payloads.push_back(IkePayload::Nonce(nr));
    if (dh)
    {
        response.payloads.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
    }
    const size_t before = sa.children.size();
    if (!AcceptChild(sa, childConfig, request, ni, nr, response, gir, replacing))
    {
        return;
    }
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
    auto be64 = [](uint64_t v)
    {
        Bytes b(8);
        for (int i = 0; i < 8; ++i)
        {
            b[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
        }
        return b;
    };
    // 2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr).
    sa->keys = ipseclab::DeriveRekeyedIkeSaKeys(*old.prf,
                                                old.keys.skD,
                                                *sa->prf,
                                                ni,
                                                nr,
                                                gir,
                                                be64(spiI),
                                                be64(spiR),
                                                ipseclab::KeyLengths::For(proposal));
    sa->crypto = std::make_unique<ipseclab::IkeCryptoContext>(proposal, sa->keys);
    sa->children = std::move(old.children); // Child SAs move to the new IKE SA
    old.children.clear();
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
    const ipseclab::IkeProposal proposal = sa->proposal;
    Enqueue(*sa,
            IkeTask{"IKE_REKEY",
                    [this, serial, newSpi, ni, dh, proposal]()
                    {
                        IkeSa& s = *FindBySerial(serial);
                        IkeMessage m =
                            MakeMessage(s, ipseclab::IkeExchangeType::CreateChildSa, false, 0);
                        Bytes spi(8);
                        for (int i = 0; i < 8; ++i)
                        {
                            spi[i] = static_cast<uint8_t>(newSpi >> (56 - 8 * i));
                        }
                        m.payloads.push_back(IkePayload::Sa(ipseclab::IkeSaPayload{
                            {ipseclab::MakeIkeSaProposal(proposal, 1, spi)}}));
                        m.payloads.push_back(IkePayload::Nonce(*ni));
                        m.payloads.push_back(IkePayload::Ke(dh->Info().ianaId, dh->PublicValue()));
                        return m;
                    },
                    [this, serial, newSpi, ni, dh, proposal](const IkeMessage& r)
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
                        uint64_t peerSpi = 0;
                        for (uint8_t b : saPayload->As<ipseclab::IkeSaPayload>()->proposals[0].spi)
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
                                          proposal,
                                          *ni,
                                          nonce->As<ipseclab::IkeNoncePayload>()->nonce,
                                          gir);
                        SendDelete(*s, true, 0); // the old IKE SA goes; its children moved
                    }});
}

void
IkeDaemon::HandleIkeRekeyRequest(IkeSa& sa, const IkeMessage& request, IkeMessage& response)
{
    const auto& offered =
        request.Find(ipseclab::IkePayloadType::Sa)->As<ipseclab::IkeSaPayload>()->proposals.front();
    const auto* nonce = request.Find(ipseclab::IkePayloadType::Nonce);
    const auto* ke = request.Find(ipseclab::IkePayloadType::Ke);
    auto proposal = ipseclab::ReadIkeSaProposal(offered);
    if (!ke || offered.spi.size() != 8 || !proposal ||
        !ipseclab::SameAlgorithms(*proposal, sa.proposal))
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::NoProposalChosen));
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
    for (uint8_t b : offered.spi)
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
    auto dh = ipseclab::DhGroup::Create(*sa.proposal.dhGroup, *m_bytes);
    ChargeDh(dh->Info());
    ChargeDh(dh->Info());
    Bytes gir;
    try
    {
        gir = dh->ComputeSharedSecret(ke->As<ipseclab::IkeKePayload>()->keyExchangeData);
    }
    catch (const std::exception&)
    {
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::InvalidKePayload));
        return;
    }
    const Bytes nr = m_bytes->Get(32);
    Bytes spi(8);
    for (int i = 0; i < 8; ++i)
    {
        spi[i] = static_cast<uint8_t>(mySpi >> (56 - 8 * i));
    }
    response.payloads.push_back(IkePayload::Sa(
        ipseclab::IkeSaPayload{{ipseclab::MakeIkeSaProposal(*proposal, offered.number, spi)}}));
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
