// The ike_rekey task (RFC 7296 1.3.2, 2.18): CREATE_CHILD_SA with an IKE proposal, new SPIs
// and KE; SKEYSEED = prf(SK_d old, g^ir new | Ni | Nr); the Child SAs move to the new IKE SA
// and the rekey's initiator deletes the old one. Simultaneous IKE SA rekeys are refused with
// TEMPORARY_FAILURE (the peer retries).
#include "crypto/ike-key-schedule.h"
#include "ike/ike-proposals.h"
#include "ike/ike-sa-proposal.h"
#include "ike/ike-wire-io.h"
#include "ikev2/ike-daemon.h"

#include <ns3/simulator.h>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;

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
                                                ipseclab::IkeSpiBytes(spiI),
                                                ipseclab::IkeSpiBytes(spiR),
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
    // All eight keys of the new IKE SA (RFC 7296 2.18); the key table comes from them.
    EmitIkeSaKeys(ref, proposal, true);
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
    if (!sa || sa->state != IkeSa::State::Established ||
        sa->tasks.Has(ipseclab::IkeTaskKind::IkeRekey))
    {
        return;
    }
    ++m_rekeys;
    Emit(IkeEvent("rekey-start")
             .Add("what", "ike")
             .Add("spi_i", SpiText(sa->spiI))
             .Add("spi_r", SpiText(sa->spiR)));
    uint64_t newSpi = 0;
    while (newSpi == 0)
    {
        newSpi = RandomIkeSpi();
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
        p.spi = ipseclab::IkeSpiBytes(newSpi);
    }
    Enqueue(*sa,
            IkeTask{"IKE_REKEY",
                    ipseclab::IkeTaskKind::IkeRekey,
                    0,
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
                        const uint64_t peerSpi = ipseclab::GetU64(answer.spi.data());
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
    if (sa.tasks.Colliding(ipseclab::IkeTaskKind::IkeRekey, 0))
    {
        // Simultaneous IKE rekeys (2.8.2) are not resolved here: refuse, the peer retries.
        response.payloads.push_back(IkePayload::Notify(IkeNotifyType::TemporaryFailure));
        Emit(IkeEvent("collision").Add("what", "ike").Add("note", "answered TEMPORARY_FAILURE"));
        return;
    }
    const uint64_t peerSpi = ipseclab::GetU64(choice.chosen.spi.data());
    uint64_t mySpi = 0;
    while (mySpi == 0)
    {
        mySpi = RandomIkeSpi();
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
    answer.spi = ipseclab::IkeSpiBytes(mySpi);
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
