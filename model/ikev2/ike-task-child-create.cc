// Child SAs ("phase 2", RFC 7296 1.3 and 2.17): proposing and accepting them in IKE_AUTH and
// CREATE_CHILD_SA, the child_create task (a new Child SA on an IKE SA that is up), and the
// responder's side of every CREATE_CHILD_SA request (new Child SA, Child SA rekey, IKE SA rekey).
#include "ike/ike-proposals.h"
#include "ike/ike-sa-proposal.h"
#include "ikev2/child-payloads.h"
#include "ikev2/ike-daemon.h"

#include <ns3/log.h>
#include <ns3/simulator.h>

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeExchangeChild");

using ipseclab::Bytes;
using ipseclab::ChildOffer;
using ipseclab::ConfiguredPairs;
using ipseclab::FirstError;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;
using ipseclab::NarrowPairs;
using ipseclab::ToWire;

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
    if (!sa || sa->state != IkeSa::State::Established ||
        sa->tasks.Has(ipseclab::IkeTaskKind::ChildCreate, childIndex))
    {
        return;
    }
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
                    ipseclab::IkeTaskKind::ChildCreate,
                    childIndex,
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
                        m_backOff.Clear(s->configIndex, childIndex);
                    }});
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
        RekeyedByPeer(sa, replacing, sa.children.back().inSpi, ni, nr);
    }
}

} // namespace ns3
