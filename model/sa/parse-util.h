// Small strict text parsing helpers shared by the SA/SPD parsers (internal).
#ifndef IPSECLAB_SA_PARSE_UTIL_H
#define IPSECLAB_SA_PARSE_UTIL_H

#include <charconv>
#include <cstdint>
#include <string_view>

namespace ipseclab::detail
{

/// Strict decimal: digits only (no sign, spaces or suffix) and at most maxValue.
inline bool
ParseDecimal(std::string_view text, uint32_t maxValue, uint32_t& value)
{
    if (text.empty() || text.size() > 10)
    {
        return false;
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value <= maxValue;
}

} // namespace ipseclab::detail

#endif // IPSECLAB_SA_PARSE_UTIL_H
