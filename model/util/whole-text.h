// Reading a number or a time from a whole text (an option's value, a JSON string), strictly:
// the whole text is the value, with no space in front, nothing after it, nothing infinite.
// Shared by the scenario command lines (scenarios/common/checked-command-line) and the custom
// scenario loader (scenarios/custom-engine), which must read times the same way without ns-3.
#ifndef IPSECLAB_UTIL_WHOLE_TEXT_H
#define IPSECLAB_UTIL_WHOLE_TEXT_H

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

namespace ipseclab
{

/// The whole text is one finite number ("nan", "inf", "1e999", "5abc", " 5" are not).
inline bool
ParseWholeReal(const std::string& text, double& value)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
    {
        return false;
    }
    value = v;
    return true;
}

/// A time as ns-3 writes them: a number with an optional unit (min, ms, us, ns, s, h, d; no
/// space before it), in seconds; false beyond 9e9 s, where ns-3's Time would overflow.
inline bool
ParseWholeSeconds(const std::string& text, double& seconds)
{
    static const std::pair<const char*, double> kUnits[] = {
        {"min", 60}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}, {"s", 1}, {"h", 3600}, {"d", 86400}};
    double scale = 1;
    std::string number = text;
    for (const auto& [unit, factor] : kUnits)
    {
        const std::string u(unit);
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0)
        {
            number = text.substr(0, text.size() - u.size());
            scale = factor;
            break;
        }
    }
    double v = 0;
    if (!ParseWholeReal(number, v) || std::fabs(v * scale) > 9e9)
    {
        return false;
    }
    seconds = v * scale;
    return true;
}

} // namespace ipseclab

#endif
