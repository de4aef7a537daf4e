// What IKEv2 negotiates without touching the wire: how traffic selectors narrow (2.9) and
// virtual addresses from a pool (2.19). Proposal selection (2.7, 3.3.6) works on SA payload
// proposals: model/ike/ike-proposals.h. The daemon uses these; students can call them directly.
#ifndef IPSECLAB_IKEV2_NEGOTIATION_H
#define IPSECLAB_IKEV2_NEGOTIATION_H

#include "crypto/algorithms.h"
#include "sa/selector.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ipseclab
{

/// The traffic both selectors allow (same point of view), or nullopt if none.
std::optional<TrafficSelector> Intersect(const TrafficSelector& a, const TrafficSelector& b);

/// Narrowing (2.9): the pairs of proposed x configured selectors that intersect, in the
/// initiator's order. Empty means TS_UNACCEPTABLE.
std::vector<TrafficSelector> Narrow(const std::vector<TrafficSelector>& proposed,
                                    const std::vector<TrafficSelector>& configured);

/// Virtual IPv4 addresses for remote-access clients (a responder's "pools").
class AddressPool
{
  public:
    /// prefix such as "10.3.0.0/24": hands out .1 upward (not the network/broadcast address).
    explicit AddressPool(const std::string& prefix);
    /// The same identity gets the same address back; nullopt when the pool is exhausted.
    std::optional<uint32_t> Acquire(const std::string& identity);
    void Release(const std::string& identity);
    size_t InUse() const { return m_byIdentity.size(); }

  private:
    uint32_t m_first = 0;
    uint32_t m_last = 0;
    std::map<std::string, uint32_t> m_byIdentity;
    std::set<uint32_t> m_used;
};

} // namespace ipseclab

#endif
