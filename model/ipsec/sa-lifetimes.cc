#include "ipsec/sa-lifetimes.h"

#include "events/event-stream.h"
#include "ipsec/ipsec-events.h"

#include <ns3/event-id.h>
#include <ns3/simulator.h>

namespace ns3
{

using ipseclab::LifetimeCrossing;
using ipseclab::SecurityAssociation;

namespace
{

/// The SA's pending events. Destroyed with the SA, which cancels them: a timer holds a pointer
/// to its SA, never its SPI, so it cannot reach another SA installed later under that SPI.
struct Ns3SaTimers : ipseclab::SaTimers
{
    ~Ns3SaTimers() override
    {
        soft.Cancel();
        hard.Cancel();
        removal.Cancel();
    }

    EventId soft;
    EventId hard;
    EventId removal; ///< a hard byte/packet limit: removal once the packet is done
};

Ns3SaTimers&
TimersOf(SecurityAssociation& sa)
{
    if (!sa.Timers())
    {
        sa.AttachTimers(std::make_unique<Ns3SaTimers>());
    }
    return static_cast<Ns3SaTimers&>(*sa.Timers());
}

} // namespace

SaLifetimes::SaLifetimes(IpsecShared& shared, Remover remove)
    : m_shared(shared)
    , m_remove(std::move(remove))
{
}

void
SaLifetimes::Start(SecurityAssociation& sa)
{
    Ns3SaTimers& timers = TimersOf(sa);
    const ipseclab::SaConfig& c = sa.Config();
    if (c.soft.seconds > 0)
    {
        timers.soft =
            Simulator::Schedule(Seconds(c.soft.seconds), &SaLifetimes::OnTimer, this, &sa, false);
    }
    if (c.hard.seconds > 0)
    {
        timers.hard =
            Simulator::Schedule(Seconds(c.hard.seconds), &SaLifetimes::OnTimer, this, &sa, true);
    }
}

void
SaLifetimes::Account(SecurityAssociation& sa, size_t bytes)
{
    auto crossing = sa.Account(bytes);
    if (crossing == LifetimeCrossing::None)
    {
        return;
    }
    const bool hard = crossing == LifetimeCrossing::Hard;
    if (EventStream::IsEnabled())
    {
        const ipseclab::Lifetime& limit = hard ? sa.Config().hard : sa.Config().soft;
        const bool byPackets = limit.packets != 0 && sa.Packets() >= limit.packets;
        EventStream::Emit(
            SaExpireEvent(m_shared.nodeId, sa, hard, byPackets ? "packets" : "bytes"));
    }
    if (hard)
    {
        // Not now: the caller still holds the SA.
        TimersOf(sa).removal = Simulator::ScheduleNow(&SaLifetimes::RemoveHardExpired, this, &sa);
    }
    else
    {
        m_shared.traces.softExpire(sa);
    }
}

void
SaLifetimes::OnTimer(SecurityAssociation* sa, bool hard)
{
    auto crossing = sa->ExpireByTime(hard);
    if (crossing == LifetimeCrossing::None)
    {
        return;
    }
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(SaExpireEvent(m_shared.nodeId, *sa, hard, "seconds"));
    }
    if (hard)
    {
        m_remove(*sa, "hard-expired");
    }
    else
    {
        m_shared.traces.softExpire(*sa);
    }
}

void
SaLifetimes::RemoveHardExpired(SecurityAssociation* sa)
{
    m_remove(*sa, "hard-expired");
}

} // namespace ns3
