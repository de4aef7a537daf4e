// When the engine probes a silent peer (DPD, RFC 7296 2.4: an empty INFORMATIONAL after
// dpd_delay without a word from it) and refreshes a NAT mapping (RFC 3948 2.3: a keepalive
// every interval from behind a NAT). Decisions only: the engine owns timers and messages.
#ifndef IPSECLAB_IKE_CORE_LIVENESS_H
#define IPSECLAB_IKE_CORE_LIVENESS_H

namespace ipseclab
{

class DpdSchedule
{
  public:
    /// `delay` is swanctl's dpd_delay; 0 = no DPD.
    explicit DpdSchedule(double delay)
        : m_delay(delay)
    {
    }
    bool Enabled() const { return m_delay > 0; }
    /// The DPD timer runs every `Delay()` seconds while the IKE SA is up.
    double Delay() const { return m_delay; }
    /// The timer fired at `now`: a probe goes out when the peer was silent for a whole delay
    /// and no exchange is running (any answer proves it alive too).
    bool ShouldProbe(double now, double lastHeard, bool exchangesIdle) const
    {
        return Enabled() && now - lastHeard >= m_delay && exchangesIdle;
    }

  private:
    double m_delay;
};

class NatKeepaliveSchedule
{
  public:
    NatKeepaliveSchedule(bool enabled, double interval)
        : m_enabled(enabled)
        , m_interval(interval)
    {
    }
    /// Keepalives run only when this side is behind a NAT (its mapping would expire).
    bool Needed(bool selfBehindNat) const { return selfBehindNat && m_enabled && m_interval > 0; }
    double Interval() const { return m_interval; }

  private:
    bool m_enabled;
    double m_interval;
};

} // namespace ipseclab

#endif
