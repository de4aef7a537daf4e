// INFORMATIONAL (RFC 7296 1.4): deleting Child SAs and IKE SAs, and the empty message that
// checks the peer is alive (dead peer detection). Also what happens when a peer is declared dead
// and how an IKE SA ends.
#include "ike/ike-sa-proposal.h"
#include "ikev2/ike-daemon.h"

#include <ns3/simulator.h>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::IkeMessage;
using ipseclab::IkePayload;

void
IkeDaemon::SendDelete(IkeSa& sa, bool ike, uint32_t childSpi)
{
    const uint32_t serial = sa.serial;
    if (ike)
    {
        if (sa.state == IkeSa::State::Established)
        {
            SetState(sa, IkeSa::State::Deleting);
        }
        Enqueue(sa,
                IkeTask{"INFORMATIONAL(DELETE IKE)",
                        ipseclab::IkeTaskKind::IkeDelete,
                        0,
                        [this, serial]()
                        {
                            IkeSa& s = *FindBySerial(serial);
                            IkeMessage m =
                                MakeMessage(s, ipseclab::IkeExchangeType::Informational, false, 0);
                            m.payloads.push_back(
                                IkePayload::Delete(ipseclab::IkeDeletePayload::Ike()));
                            return m;
                        },
                        [this, serial](const IkeMessage&)
                        {
                            if (IkeSa* s = FindBySerial(serial))
                            {
                                DestroyIkeSa(*s, "deleted");
                            }
                        }});
        return;
    }
    Enqueue(sa,
            IkeTask{"INFORMATIONAL(DELETE CHILD)",
                    ipseclab::IkeTaskKind::ChildDelete,
                    childSpi,
                    [this, serial, childSpi]()
                    {
                        IkeSa& s = *FindBySerial(serial);
                        IkeMessage m =
                            MakeMessage(s, ipseclab::IkeExchangeType::Informational, false, 0);
                        m.payloads.push_back(
                            IkePayload::Delete(ipseclab::IkeDeletePayload::Esp({childSpi})));
                        return m;
                    },
                    [this, serial, childSpi](const IkeMessage&)
                    {
                        if (IkeSa* s = FindBySerial(serial))
                        {
                            RemoveChild(*s, childSpi, "rekeyed or deleted", true);
                        }
                    }});
}

void
IkeDaemon::HandleInformationalRequest(IkeSa& sa, const IkeMessage& request, IkeMessage& response)
{
    bool any = false;
    for (const auto* payload : request.FindAll(ipseclab::IkePayloadType::Delete))
    {
        any = true;
        const auto* del = payload->As<ipseclab::IkeDeletePayload>();
        if (del->protocol == ipseclab::IkeProtocolId::Ike)
        {
            Emit(IkeEvent("delete")
                     .Add("what", "ike")
                     .Add("reason", "the peer deleted it")
                     .Add("spi_i", SpiText(sa.spiI))
                     .Add("spi_r", SpiText(sa.spiR)));
            // Children that moved to a rekeyed IKE SA are not here any more.
            std::vector<uint32_t> spis;
            for (const auto& c : sa.children)
            {
                spis.push_back(c.inSpi);
            }
            for (uint32_t spi : spis)
            {
                RemoveChild(sa, spi, "IKE SA deleted", false);
            }
            sa.state = IkeSa::State::Dead; // answered, then destroyed by HandleRequest
            return;
        }
        std::vector<uint32_t> mine;
        std::vector<std::string> unknown;
        for (const auto& spiBytes : del->spis)
        {
            auto spi = ipseclab::SpiValue(spiBytes);
            const size_t before = mine.size();
            for (const auto& c : sa.children)
            {
                if (spi && c.outSpi == *spi)
                {
                    mine.push_back(c.inSpi);
                }
            }
            if (mine.size() == before)
            {
                unknown.push_back(ipseclab::ToHex(spiBytes));
            }
        }
        if (!unknown.empty())
        {
            // RFC 7296 1.4.1: SPIs of SAs that do not exist are ignored (and said so here).
            Emit(IkeEvent("delete-ignored")
                     .Add("spis", unknown)
                     .Add("note", "no Child SA of this IKE SA has these SPIs")
                     .Add("spi_i", SpiText(sa.spiI))
                     .Add("spi_r", SpiText(sa.spiR)));
        }
        for (uint32_t inSpi : mine)
        {
            RemoveChild(sa, inSpi, "deleted by the peer", true);
        }
        if (!mine.empty())
        {
            // 1.4.1: answer with the SPIs of this side's halves of the pairs.
            response.payloads.push_back(IkePayload::Delete(ipseclab::IkeDeletePayload::Esp(mine)));
        }
    }
    if (!any)
    {
        Emit(IkeEvent("dpd")
                 .Add("role", "responder")
                 .Add("spi_i", SpiText(sa.spiI))
                 .Add("spi_r", SpiText(sa.spiR)));
    }
}

void
IkeDaemon::ScheduleDpd(IkeSa& sa)
{
    const ipseclab::DpdSchedule dpd = Dpd(sa);
    if (dpd.Enabled())
    {
        sa.dpdTimer =
            Simulator::Schedule(Seconds(dpd.Delay()), &IkeDaemon::OnDpdTimer, this, sa.serial);
    }
}

void
IkeDaemon::OnDpdTimer(uint32_t serial)
{
    IkeSa* sa = FindBySerial(serial);
    if (!sa || sa->state != IkeSa::State::Established)
    {
        return;
    }
    const double idle = Simulator::Now().GetSeconds() - sa->lastHeard;
    if (Dpd(*sa).ShouldProbe(Simulator::Now().GetSeconds(), sa->lastHeard, sa->tasks.Idle()))
    {
        Emit(IkeEvent("dpd")
                 .Add("role", "initiator")
                 .Add("idle_s", idle)
                 .Add("spi_i", SpiText(sa->spiI))
                 .Add("spi_r", SpiText(sa->spiR))
                 .Add("note",
                      "nothing heard from the peer: an empty INFORMATIONAL asks if it "
                      "is alive"));
        Enqueue(*sa,
                IkeTask{"INFORMATIONAL(DPD)",
                        ipseclab::IkeTaskKind::Dpd,
                        0,
                        [this, serial]() {
                            return MakeMessage(*FindBySerial(serial),
                                               ipseclab::IkeExchangeType::Informational,
                                               false,
                                               0);
                        },
                        [](const IkeMessage&) {
                        }});
    }
    if (IkeSa* still = FindBySerial(serial))
    {
        ScheduleDpd(*still);
    }
}

void
IkeDaemon::DeadPeer(IkeSa& sa, const std::string& why)
{
    const auto action = Config(sa).dpdAction;
    const size_t index = sa.configIndex;
    const bool wasInitiator = sa.initiator;
    Emit(IkeEvent("dead-peer")
             .Add("reason", why)
             .Add("action", ipseclab::ToString(action))
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    DestroyIkeSa(sa, why);
    if (action == ipseclab::DpdAction::Restart && wasInitiator)
    {
        Simulator::ScheduleNow(&IkeDaemon::Initiate, this, index);
    }
}

void
IkeDaemon::DestroyIkeSa(IkeSa& sa, const std::string& why)
{
    Simulator::Cancel(sa.retransmitTimer);
    Simulator::Cancel(sa.rekeyTimer);
    Simulator::Cancel(sa.dpdTimer);
    Simulator::Cancel(sa.halfOpenTimer);
    Simulator::Cancel(sa.keepaliveTimer);
    std::vector<uint32_t> spis;
    for (const auto& c : sa.children)
    {
        spis.push_back(c.inSpi);
    }
    for (uint32_t spi : spis)
    {
        RemoveChild(sa, spi, why, false);
    }
    const bool established = sa.state == IkeSa::State::Established ||
                             sa.state == IkeSa::State::Deleting ||
                             sa.state == IkeSa::State::Rekeyed || !sa.peerId.empty();
    if (!sa.initiator && sa.state == IkeSa::State::Connecting && m_halfOpen > 0)
    {
        --m_halfOpen;
    }
    Emit(IkeEvent(established ? "ike-sa-closed" : "ike-sa-failed")
             .Add("connection", Config(sa).name)
             .Add("reason", why)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    if (!established && sa.initiator)
    {
        RecordFailure(sa.configIndex, SIZE_MAX, "ike"); // no IKE_SA_INIT storm from trapped packets
    }
    const auto& pool = Config(sa).pool;
    if (sa.virtualIp && !sa.initiator && !pool.empty() && m_pools.count(pool))
    {
        m_pools.at(pool)->Release(sa.peerId); // the address goes back to the pool
    }
    SetState(sa, IkeSa::State::Dead);
    auto bySpi = m_serialByMySpi.find(sa.MySpi());
    if (bySpi != m_serialByMySpi.end() && bySpi->second == sa.serial)
    {
        m_serialByMySpi.erase(bySpi);
    }
    if (!sa.initiator)
    {
        auto byInitiator = m_responderByInitiator.find({sa.spiI, sa.peerAddress});
        if (byInitiator != m_responderByInitiator.end() && byInitiator->second == sa.serial)
        {
            m_responderByInitiator.erase(byInitiator);
        }
    }
    m_sas.erase(sa.serial);
}

} // namespace ns3
