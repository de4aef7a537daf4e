// Bounds every configuration value of the lab stays within, in one place.
#ifndef IPSECLAB_UTIL_LIMITS_H
#define IPSECLAB_UTIL_LIMITS_H

namespace ipseclab
{

/// The longest time any option or configuration field accepts: about 115 days, beyond any
/// run, and far below where ns-3's Time (signed 64-bit nanoseconds) overflows at 9.2e9 s.
inline constexpr double kMaxSeconds = 1e7;
/// The shortest rekey, DPD or keepalive interval (0 usually means "never"): below this a run
/// does nothing but rekey.
inline constexpr double kMinIntervalSeconds = 0.01;

} // namespace ipseclab

#endif
