// Why the data plane dropped a packet. Every drop has exactly one reason; each is counted per SA
// and per node and traced (DESIGN.md principle 4).
#ifndef IPSECLAB_DATAPATH_DROP_REASON_H
#define IPSECLAB_DATAPATH_DROP_REASON_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace ipseclab
{

enum class DropReason : uint8_t
{
    NoSa,             ///< no SA for the SPI (inbound) or for the policy (outbound)
    Replayed,         ///< sequence number already seen inside the window
    TooOld,           ///< sequence number left of the window (or 0)
    IcvFailure,       ///< integrity check failed
    BadPadding,       ///< ESP padding not 1, 2, 3, ... or pad length too large
    PolicyViolation,  ///< cleartext that the inbound SPD says must be protected
    SelectorMismatch, ///< decapsulated packet outside its SA's traffic selectors
    Expired,          ///< SA past its hard lifetime
    SequenceOverflow, ///< sender without ESN would reuse a sequence number
    Malformed,        ///< truncated or inconsistent headers
    PolicyDiscard,    ///< an SPD entry with action DISCARD matched
    NoRoute,          ///< no route for the outer (tunnel) destination
};

inline constexpr size_t kDropReasonCount = 12;

/// Kebab-case name used in events, summaries and the docs ("icv-failure").
const char* ToString(DropReason reason);

/// One counter per reason.
using DropCounters = std::array<uint64_t, kDropReasonCount>;

inline void
CountDrop(DropCounters& counters, DropReason reason)
{
    ++counters[static_cast<size_t>(reason)];
}

} // namespace ipseclab

#endif
