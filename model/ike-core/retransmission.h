// When an unanswered request is sent again and when the peer counts as dead (strongSwan's
// charon.retransmit_timeout/base/tries), and how long a failed connection waits before trapped
// packets may start it again. Plain arithmetic: the engine owns the timers.
#ifndef IPSECLAB_IKE_CORE_RETRANSMISSION_H
#define IPSECLAB_IKE_CORE_RETRANSMISSION_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

namespace ipseclab
{

class RetransmitPolicy
{
  public:
    RetransmitPolicy(double timeout, double base, uint32_t tries);

    /// The wait after the first transmission.
    double FirstTimeout() const { return m_timeout; }
    /// The request went out `attempts` times without an answer: may it go out again? False:
    /// `tries` retransmissions are spent and the peer is dead.
    bool MayRetransmit(uint32_t attempts) const { return attempts <= m_tries; }
    /// The wait after the retransmission that follows `attempts` sends:
    /// timeout * base ^ attempts.
    double Timeout(uint32_t attempts) const;
    /// From the first transmission until the peer is declared dead (the sum of every wait).
    double GiveUpAfter() const;
    uint32_t Tries() const { return m_tries; }

  private:
    double m_timeout;
    double m_base;
    uint32_t m_tries;
};

/// Back-off after a failed IKE SA or a refused Child SA, per (connection, child): doubling from
/// the first delay up to kMaxDelay, so trapped packets do not start exchanges endlessly.
class FailureBackOff
{
  public:
    static constexpr double kMaxDelay = 60;
    struct Entry
    {
        double until = 0; ///< simulation seconds
        double delay = 0; ///< the last back-off
    };
    /// A failure at `now`; `firstDelay` is the connection's retransmit_timeout. The new entry.
    const Entry& Record(size_t connection, size_t child, double now, double firstDelay);
    bool Active(size_t connection, size_t child, double now) const;
    /// Success: the next failure starts from the first delay again.
    void Clear(size_t connection, size_t child) { m_entries.erase({connection, child}); }

  private:
    std::map<std::pair<size_t, size_t>, Entry> m_entries;
};

} // namespace ipseclab

#endif
