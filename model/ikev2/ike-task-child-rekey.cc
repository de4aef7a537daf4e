// The child_rekey task (RFC 7296 1.3.3, 2.8): CREATE_CHILD_SA with REKEY_SA (and a KE when the
// proposal has a DH group: PFS), INVALID_KE_PAYLOAD retries with the peer's group, and rekey
// collisions (2.8.1): detected where the peer's rekey meets this node's child_rekey task,
// resolved by the four nonces.
#include "ike/ike-proposals.h"
#include "ike/ike-sa-proposal.h"
#include "ikev2/child-payloads.h"
#include "ikev2/ike-daemon.h"

#include <ns3/simulator.h>

#include <algorithm>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::ChildOffer;
using ipseclab::ConfiguredPairs;
using ipseclab::FirstError;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;
using ipseclab::NarrowPairs;
using ipseclab::ToWire;

void
IkeDaemon::StartChildRekey(uint32_t serial, uint32_t inSpi)
{
    IkeSa* sa = FindBySerial(serial);
    ChildSa* child = sa ? FindChild(*sa, inSpi) : nullptr;
    if (!sa || !child || sa->state != IkeSa::State::Established ||
        sa->tasks.Has(ipseclab::IkeTaskKind::ChildRekey, inSpi) || child->replaced)
    {
        return;
    }
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
            ipseclab::IkeTaskKind::ChildRekey,
            inSpi,
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
    // Whichever SA survives, this node's old SA is rekeyed: the same rekey-done as without a
    // collision, so counts and durations read from the stream see every completed rekey.
    Emit(IkeEvent("rekey-done")
             .Add("what", "child")
             .Add("old_spi", uint64_t(oldInSpi))
             .Add("new_spi", uint64_t(survivor))
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR))
             .Add("note", "after a collision: the surviving SA replaces it"));
    // Stop sending on the redundant SA at once: the newest outbound SA would otherwise carry
    // traffic until its delete completes, and the peer may already have removed its inbound half.
    if (ChildSa* r = FindChild(sa, redundant))
    {
        m_installer.StopSending(r->outSpi);
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
IkeDaemon::RekeyedByPeer(IkeSa& sa, uint32_t oldInSpi, uint32_t newSpi, const Bytes& ni,
                         const Bytes& nr)
{
    ChildSa* old = FindChild(sa, oldInSpi);
    if (sa.tasks.Colliding(ipseclab::IkeTaskKind::ChildRekey, oldInSpi))
    {
        // This node's child_rekey task for the same SA is queued or in flight: a collision,
        // resolved when that task has its answer.
        old->peerSuccessor = newSpi;
        old->peerNi = ni;
        old->peerNr = nr;
    }
    else if (old->mySuccessor != 0)
    {
        // This node's rekey of it finished first: resolve now.
        old->peerSuccessor = newSpi;
        old->peerNi = ni;
        old->peerNr = nr;
        ResolveCollision(sa, oldInSpi);
    }
    else
    {
        old->replaced = true; // the peer deletes it once its rekey is done
        Emit(IkeEvent("rekey-done")
                 .Add("what", "child")
                 .Add("old_spi", uint64_t(oldInSpi))
                 .Add("new_spi", uint64_t(newSpi))
                 .Add("spi_i", SpiText(sa.spiI))
                 .Add("spi_r", SpiText(sa.spiR)));
    }
}
} // namespace ns3
