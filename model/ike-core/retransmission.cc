#include "ike-core/retransmission.h"

#include <algorithm>
#include <cmath>

namespace ipseclab
{

RetransmitPolicy::RetransmitPolicy(double timeout, double base, uint32_t tries)
    : m_timeout(timeout)
    , m_base(base)
    , m_tries(tries)
{
}

double
RetransmitPolicy::Timeout(uint32_t attempts) const
{
    // strongSwan: timeout_n = retransmit_timeout * retransmit_base ^ n
    return m_timeout * std::pow(m_base, attempts);
}

double
RetransmitPolicy::GiveUpAfter() const
{
    double total = 0;
    for (uint32_t n = 0; n <= m_tries; ++n)
    {
        total += Timeout(n);
    }
    return total;
}

const FailureBackOff::Entry&
FailureBackOff::Record(size_t connection, size_t child, double now, double firstDelay)
{
    Entry& e = m_entries[{connection, child}];
    e.delay = std::min(kMaxDelay, e.delay > 0 ? 2 * e.delay : firstDelay);
    e.until = now + e.delay;
    return e;
}

bool
FailureBackOff::Active(size_t connection, size_t child, double now) const
{
    auto it = m_entries.find({connection, child});
    return it != m_entries.end() && now < it->second.until;
}

} // namespace ipseclab
