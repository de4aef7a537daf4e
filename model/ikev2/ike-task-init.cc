// IKE_SA_INIT (RFC 7296 1.2): proposals, Diffie-Hellman, nonces, NAT detection; the answers
// INVALID_KE_PAYLOAD (retry with the responder's group), COOKIE (anti-DoS) and
// NO_PROPOSAL_CHOSEN; then SKEYSEED and the seven SK_* keys of the new IKE SA.
#include "crypto/crypto-common.h"
#include "events/key-export.h"
#include "ike-core/nat-traversal.h"
#include "ike/ike-helpers.h"
#include "ike/ike-proposals.h"
#include "ike/ike-sa-proposal.h"
#include "ike/ike-wire-io.h"
#include "ikev2/ike-daemon.h"

#include <ns3/log.h>
#include <ns3/simulator.h>

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeExchangeInit");

using ipseclab::Bytes;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;

namespace
{

Bytes
Be32(uint32_t v)
{
    Bytes out;
    ipseclab::PutU32(out, v);
    return out;
}

std::vector<ipseclab::IkeSaProposal>
ConfiguredIkeProposals(const ipseclab::IkeConfig& config)
{
    return ipseclab::ParseProposalTexts(config.ikeProposals, ipseclab::IkeProtocolId::Ike);
}

} // namespace

IkeSa&
IkeDaemon::CreateIkeSa(size_t configIndex, bool initiator, uint32_t peer, uint16_t peerPort)
{
    auto sa = std::make_unique<IkeSa>();
    sa->serial = m_nextSerial++;
    sa->configIndex = configIndex;
    sa->initiator = initiator;
    sa->peerAddress = peer;
    sa->peerPort = peerPort;
    sa->startedAt = Simulator::Now().GetSeconds();
    sa->lastHeard = sa->startedAt;
    uint64_t spi = 0;
    while (spi == 0 || m_serialByMySpi.count(spi) != 0)
    {
        spi = RandomIkeSpi();
    }
    (initiator ? sa->spiI : sa->spiR) = spi;
    IkeSa& ref = *sa;
    m_sas[sa->serial] = std::move(sa);
    m_serialByMySpi[spi] = ref.serial;
    return ref;
}

void
IkeDaemon::StartInit(IkeSa& sa)
{
    SetState(sa, IkeSa::State::Connecting);
    Emit(IkeEvent("connect")
             .Add("connection", Config(sa).name)
             .Add("peer", ipseclab::Ipv4AddressToString(sa.peerAddress))
             .Add("note",
                  "IKE phase 1 starts: IKE_SA_INIT negotiates algorithms and runs "
                  "Diffie-Hellman"));
    const uint32_t serial = sa.serial;
    // First in the queue, also when retried after COOKIE or INVALID_KE_PAYLOAD.
    sa.tasks.QueueFirst(IkeTask{"IKE_SA_INIT",
                                ipseclab::IkeTaskKind::IkeInit,
                                0,
                                [this, serial]()
                                { return BuildInitRequest(*FindBySerial(serial)); },
                                [](const IkeMessage&) {
                                }});
    SendNextRequest(sa);
}

std::vector<IkePayload>
IkeDaemon::NatDetectionPayloads(const IkeSa& sa) const
{
    // The hashes are over the addresses and ports as this node sees them; a NAT on the path
    // changes what the peer sees, so the peer's recomputation differs (RFC 7296 2.23).
    const uint32_t local = LocalAddress(sa);
    std::vector<IkePayload> out;
    out.push_back(
        IkePayload::Notify(IkeNotifyType::NatDetectionSourceIp,
                           ipseclab::NatDetectionHash(sa.spiI, sa.spiR, local, sa.localPort)));
    out.push_back(IkePayload::Notify(
        IkeNotifyType::NatDetectionDestinationIp,
        ipseclab::NatDetectionHash(sa.spiI, sa.spiR, sa.peerAddress, sa.peerPort)));
    return out;
}

void
IkeDaemon::CheckNatDetection(IkeSa& sa, const IkeMessage& message, uint32_t localAddress)
{
    const auto* source = message.FindNotify(IkeNotifyType::NatDetectionSourceIp);
    const auto* destination = message.FindNotify(IkeNotifyType::NatDetectionDestinationIp);
    if (!source || !destination)
    {
        return;
    }
    const uint64_t spiR = message.header.IsResponse() ? message.header.spiR : 0;
    const ipseclab::NatDetection nat =
        ipseclab::DetectNat(source->data,
                            destination->data,
                            ipseclab::NatDetectionHash(sa.spiI, spiR, sa.peerAddress, sa.peerPort),
                            ipseclab::NatDetectionHash(sa.spiI, spiR, localAddress, sa.localPort),
                            Config(sa).forceEncap);
    sa.natDetected = nat.encapsulate;
    sa.selfBehindNat = nat.selfBehindNat;
    Emit(IkeEvent("nat-detection")
             .Add("peer_behind_nat", nat.peerBehindNat)
             .Add("self_behind_nat", nat.selfBehindNat)
             .Add("udp_encapsulation", sa.natDetected)
             .Add("note",
                  sa.natDetected ? "a NAT is on the path: IKE moves to port 4500 and "
                                   "ESP is encapsulated in UDP"
                                 : "no NAT: IKE stays on port 500, ESP is IP protocol 50"));
}

IkeMessage
IkeDaemon::BuildInitRequest(IkeSa& sa)
{
    const auto& config = Config(sa);
    ipseclab::IkeSaPayload offer{ConfiguredIkeProposals(config)};
    // The KE guesses the first group of the first proposal (as strongSwan does).
    const ipseclab::DhGroupInfo& group = ipseclab::FindDhGroupById(
        sa.dhGroupWanted ? sa.dhGroupWanted : ipseclab::DhGroupsOf(offer.proposals).front());
    // A retry after COOKIE repeats every payload unchanged (RFC 7296 2.6): same nonce, same
    // DH value; after INVALID_KE_PAYLOAD only the group changes.
    if (!sa.dh || sa.dh->Info().ianaId != group.ianaId)
    {
        sa.dh = ipseclab::DhGroup::Create(group, *m_bytes);
        ChargeDh(group);
    }
    if (sa.ni.empty())
    {
        sa.ni = m_bytes->Get(32);
    }
    sa.spiR = 0;
    IkeMessage m = MakeMessage(sa, ipseclab::IkeExchangeType::IkeSaInit, false, 0);
    m.payloads.push_back(IkePayload::Sa(offer));
    m.payloads.push_back(IkePayload::Ke(group.ianaId, sa.dh->PublicValue()));
    m.payloads.push_back(IkePayload::Nonce(sa.ni));
    for (auto& p : NatDetectionPayloads(sa))
    {
        m.payloads.push_back(std::move(p));
    }
    for (auto& p : InitCertPayloads(sa))
    {
        m.payloads.push_back(std::move(p));
    }
    if (!sa.cookie.empty())
    {
        ipseclab::PrependCookie(m, sa.cookie);
    }
    return m;
}

void
IkeDaemon::ProcessInitResponse(IkeSa& sa, const IkeMessage& response, const Bytes& bytes)
{
    const auto& config = Config(sa);
    if (const auto* invalidKe = response.FindNotify(IkeNotifyType::InvalidKePayload))
    {
        uint16_t group = invalidKe->data.size() == 2
                             ? static_cast<uint16_t>((invalidKe->data[0] << 8) | invalidKe->data[1])
                             : 0;
        const auto groups = ipseclab::DhGroupsOf(ConfiguredIkeProposals(config));
        const bool offered = std::find(groups.begin(), groups.end(), group) != groups.end();
        Emit(IkeEvent("invalid-ke")
                 .Add("group_sent", uint64_t(sa.dh->Info().ianaId))
                 .Add("group_wanted", uint64_t(group))
                 .Add("retry", offered && sa.dhGroupWanted == 0)
                 .Add("note",
                      offered && sa.dhGroupWanted == 0
                          ? "the responder wants another DH group: IKE_SA_INIT again with it"
                          : "the responder wants a DH group this connection cannot use"));
        if (!offered || sa.dhGroupWanted != 0)
        {
            DestroyIkeSa(sa,
                         "the responder wants DH group " + std::to_string(group) +
                             ", which this connection does not offer");
            return;
        }
        sa.dhGroupWanted = group; // RFC 7296 1.2: retry with the group the responder asked for
        sa.tasks.RestartMessageIds();
        StartInit(sa);
        return;
    }
    if (const auto* cookie = response.FindNotify(IkeNotifyType::Cookie))
    {
        Emit(IkeEvent("cookie")
                 .AddHex("cookie", cookie->data)
                 .Add("note",
                      "the responder is busy: it answers with a cookie and keeps no "
                      "state until the initiator returns it"));
        if (!sa.cookie.empty())
        {
            DestroyIkeSa(sa, "the responder asked for a cookie twice");
            return;
        }
        sa.cookie = cookie->data;
        sa.tasks.RestartMessageIds();
        StartInit(sa);
        return;
    }
    for (const auto& p : response.payloads)
    {
        const auto* notify = p.As<ipseclab::IkeNotifyPayload>();
        if (notify && notify->type < 16384)
        {
            DestroyIkeSa(sa, "the responder refused IKE_SA_INIT with " + p.Name());
            return;
        }
    }
    const auto* saPayload = response.Find(ipseclab::IkePayloadType::Sa);
    const auto* ke = response.Find(ipseclab::IkePayloadType::Ke);
    const auto* nonce = response.Find(ipseclab::IkePayloadType::Nonce);
    if (!saPayload || !ke || !nonce ||
        saPayload->As<ipseclab::IkeSaPayload>()->proposals.size() != 1)
    {
        DestroyIkeSa(sa, "IKE_SA_INIT response without exactly one SA, KE and Nonce");
        return;
    }
    std::string why;
    const auto& answer = saPayload->As<ipseclab::IkeSaPayload>()->proposals.front();
    std::optional<ipseclab::IkeProposal> chosen;
    if (ipseclab::IsAnswerToOffer(
            answer, ipseclab::IkeSaPayload{ConfiguredIkeProposals(config)}, false, &why))
    {
        chosen = ipseclab::ReadIkeSaProposal(answer, &why);
    }
    if (chosen && chosen->dhGroup->ianaId != sa.dh->Info().ianaId)
    {
        why = "its DH group " + std::string(chosen->dhGroup->name) + " is not the KE's " +
              std::string(sa.dh->Info().name);
        chosen.reset();
    }
    if (!chosen)
    {
        DestroyIkeSa(sa, "the responder's answer does not fit the offer: " + why);
        return;
    }
    sa.proposal = *chosen;
    sa.proposalText = chosen->ToString();
    sa.spiR = response.header.spiR;
    sa.nr = nonce->As<ipseclab::IkeNoncePayload>()->nonce;
    sa.initResponse = bytes;
    CheckNatDetection(sa, response, LocalAddress(sa));
    ReadInitCertPayloads(sa, response);
    Bytes shared;
    try
    {
        ChargeDh(sa.dh->Info());
        shared = sa.dh->ComputeSharedSecret(ke->As<ipseclab::IkeKePayload>()->keyExchangeData);
    }
    catch (const std::exception& e)
    {
        DestroyIkeSa(sa, std::string("invalid DH public value: ") + e.what());
        return;
    }
    Emit(IkeEvent("proposal-chosen")
             .Add("proposal", sa.proposalText)
             .Add("proposal_number", uint64_t(answer.number))
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    DeriveIkeKeys(sa, shared);
    if (sa.natDetected)
    {
        ipseclab::FloatToNatT(sa.localPort, sa.peerPort); // RFC 7296 2.23: from IKE_AUTH on
    }
    SetState(sa, IkeSa::State::Authenticating);
    const uint32_t serial = sa.serial;
    Enqueue(sa,
            IkeTask{"IKE_AUTH",
                    ipseclab::IkeTaskKind::IkeAuth,
                    0,
                    [this, serial]() { return BuildAuthRequest(*FindBySerial(serial)); },
                    [this, serial](const IkeMessage& r)
                    {
                        ProcessAuthResponse(*FindBySerial(serial), r);
                    }});
}

void
IkeDaemon::HandleInitRequest(const IkeMessage&, const Bytes& bytes, uint32_t from,
                             uint16_t fromPort, uint16_t toPort)
{
    IkeMessage request;
    try
    {
        request = IkeMessage::Decode(bytes);
    }
    catch (const std::exception& e)
    {
        DropMessage(IkeMessage::PeekHeader(bytes), from, fromPort, "malformed", e.what());
        return;
    }
    const auto& header = request.header;
    auto answered = m_responderByInitiator.find({header.spiI, from});
    if (answered != m_responderByInitiator.end())
    {
        IkeSa* existing = FindBySerial(answered->second);
        if (existing && !existing->initResponse.empty() && existing->initRequest == bytes)
        {
            SendTo(from, fromPort, toPort, existing->initResponse); // a retransmitted request
            return;
        }
    }
    EmitMessage(nullptr, request, bytes, false, from);
    if (!request.UnsupportedCriticalPayloads().empty())
    {
        SendErrorNotify(from,
                        fromPort,
                        toPort,
                        header,
                        IkeNotifyType::UnsupportedCriticalPayload,
                        Bytes{request.UnsupportedCriticalPayloads().front()});
        return;
    }
    const auto* saPayload = request.Find(ipseclab::IkePayloadType::Sa);
    const auto* ke = request.Find(ipseclab::IkePayloadType::Ke);
    const auto* nonce = request.Find(ipseclab::IkePayloadType::Nonce);
    if (!saPayload || !ke || !nonce)
    {
        SendErrorNotify(from, fromPort, toPort, header, IkeNotifyType::InvalidSyntax);
        return;
    }
    // Cookies first (RFC 7296 2.6): under a flood, nothing is looked up or computed for an
    // initiator that has not shown it receives at its address.
    const Bytes& ni = nonce->As<ipseclab::IkeNoncePayload>()->nonce;
    if (m_cookieThreshold > 0 && m_halfOpen >= m_cookieThreshold)
    {
        // RFC 7296 2.6: a stateless cookie proves the initiator can receive at its address.
        Bytes expected = ipseclab::ComputeCookie(0, m_cookieSecret, ni, Be32(from), header.spiI);
        const auto* cookie = request.FindNotify(IkeNotifyType::Cookie);
        if (!cookie || !ipseclab::ConstantTimeEqual(cookie->data, expected))
        {
            ++m_cookiesSent;
            Emit(IkeEvent("cookie")
                     .Add("half_open", uint64_t(m_halfOpen))
                     .Add("threshold", uint64_t(m_cookieThreshold))
                     .Add("returned", cookie != nullptr)
                     .Add("peer", ipseclab::Ipv4AddressToString(from))
                     .AddHex("cookie", expected));
            SendErrorNotify(from, fromPort, toPort, header, IkeNotifyType::Cookie, expected);
            return;
        }
    }
    if (m_halfOpenLimit > 0 && m_halfOpen >= m_halfOpenLimit)
    {
        // strongSwan's init_limit_half_open: beyond it, new IKE SAs are not even answered.
        DropMessage(header,
                    from,
                    fromPort,
                    "half-open limit",
                    std::to_string(m_halfOpen) + " half-open IKE SAs");
        return;
    }

    size_t index = m_configs.size();
    for (size_t i = 0; i < m_configs.size(); ++i)
    {
        if (m_configs[i].remoteAddress == 0 || m_configs[i].remoteAddress == from)
        {
            index = i;
            break;
        }
    }
    if (index == m_configs.size())
    {
        Emit(IkeEvent("no-connection").Add("peer", ipseclab::Ipv4AddressToString(from)));
        SendErrorNotify(from, fromPort, toPort, header, IkeNotifyType::NoProposalChosen);
        return;
    }
    const auto& config = m_configs[index];
    const auto* kePayload = ke->As<ipseclab::IkeKePayload>();
    const auto& offered = *saPayload->As<ipseclab::IkeSaPayload>();
    ipseclab::SaSelection choice = ipseclab::SelectProposal(
        offered, ConfiguredIkeProposals(config), false, kePayload->dhGroup);
    Emit(IkeEvent("proposal-selection")
             .Add("ok", choice.ok)
             .Add("why", choice.why)
             .Add("chosen", choice.ok ? ipseclab::DescribeProposal(choice.chosen) : "")
             .Add("peer", ipseclab::Ipv4AddressToString(from)));
    std::string unusable;
    auto read = choice.ok ? ipseclab::ReadIkeSaProposal(choice.chosen, &unusable) : std::nullopt;
    if (!read)
    {
        SendErrorNotify(from, fromPort, toPort, header, IkeNotifyType::NoProposalChosen);
        return;
    }
    const ipseclab::IkeProposal chosen = *read;
    if (kePayload->dhGroup != chosen.dhGroup->ianaId)
    {
        Emit(IkeEvent("invalid-ke")
                 .Add("group_sent", uint64_t(kePayload->dhGroup))
                 .Add("group_wanted", uint64_t(chosen.dhGroup->ianaId))
                 .Add("note",
                      "the initiator guessed another DH group: it must retry with this one"));
        SendErrorNotify(
            from,
            fromPort,
            toPort,
            header,
            IkeNotifyType::InvalidKePayload,
            Bytes{uint8_t(chosen.dhGroup->ianaId >> 8), uint8_t(chosen.dhGroup->ianaId)});
        return;
    }
    IkeSa& sa = CreateIkeSa(index, false, from, fromPort);
    sa.localPort = toPort;
    sa.spiI = header.spiI;
    m_responderByInitiator[{header.spiI, from}] = sa.serial;
    sa.proposal = chosen;
    sa.proposalText = chosen.ToString();
    sa.ni = ni;
    sa.nr = m_bytes->Get(32);
    sa.dh = ipseclab::DhGroup::Create(*chosen.dhGroup, *m_bytes);
    ChargeDh(*chosen.dhGroup);
    sa.initRequest = bytes;
    sa.tasks.ExpectRequest(1);
    Bytes shared;
    try
    {
        ChargeDh(sa.dh->Info());
        shared = sa.dh->ComputeSharedSecret(kePayload->keyExchangeData);
    }
    catch (const std::exception& e)
    {
        SendErrorNotify(from, fromPort, toPort, header, IkeNotifyType::InvalidSyntax);
        DestroyIkeSa(sa, std::string("invalid DH public value: ") + e.what());
        return;
    }
    CheckNatDetection(sa, request, LocalAddress(sa));
    ReadInitCertPayloads(sa, request);

    IkeMessage response = MakeMessage(sa, ipseclab::IkeExchangeType::IkeSaInit, true, 0);
    response.payloads.push_back(IkePayload::Sa(ipseclab::IkeSaPayload{{choice.chosen}}));
    response.payloads.push_back(IkePayload::Ke(chosen.dhGroup->ianaId, sa.dh->PublicValue()));
    response.payloads.push_back(IkePayload::Nonce(sa.nr));
    for (auto& p : NatDetectionPayloads(sa))
    {
        response.payloads.push_back(std::move(p));
    }
    for (auto& p : InitCertPayloads(sa))
    {
        response.payloads.push_back(std::move(p));
    }
    sa.initResponse = Encode(sa, response);
    SendTo(from, fromPort, toPort, sa.initResponse);
    SetState(sa, IkeSa::State::Connecting);
    DeriveIkeKeys(sa, shared);
    ++m_halfOpen;
    m_halfOpenPeak = std::max(m_halfOpenPeak, m_halfOpen);
    const uint32_t serial = sa.serial;
    sa.halfOpenTimer =
        Simulator::Schedule(Seconds(config.halfOpenTimeout),
                            [this, serial]()
                            {
                                IkeSa* s = FindBySerial(serial);
                                if (s && s->state == IkeSa::State::Connecting)
                                {
                                    DestroyIkeSa(*s, "half-open IKE SA timed out (no IKE_AUTH)");
                                }
                            });
}

void
IkeDaemon::DeriveIkeKeys(IkeSa& sa, const Bytes& shared)
{
    sa.prf = std::make_unique<ipseclab::Prf>(*sa.proposal.prf);
    sa.keys = ipseclab::DeriveIkeSaKeys(*sa.prf,
                                        sa.ni,
                                        sa.nr,
                                        shared,
                                        ipseclab::IkeSpiBytes(sa.spiI),
                                        ipseclab::IkeSpiBytes(sa.spiR),
                                        ipseclab::KeyLengths::For(sa.proposal));
    sa.crypto = std::make_unique<ipseclab::IkeCryptoContext>(sa.proposal, sa.keys);
    Emit(IkeEvent("dh")
             .Add("group", std::string(sa.dh->Info().name))
             .AddHex("public_local", sa.dh->PublicValue())
             .AddHex("shared_secret", shared)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    // Wireshark's ikev2_decryption_table is written from these events (KeyExport::Observe).
    EmitIkeSaKeys(sa, sa.proposal, false);
}

} // namespace ns3
