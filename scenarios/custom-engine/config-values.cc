#include "config-values.h"

#include "custom-config.h"
#include "json-object.h"
#include "util/limits.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <sstream>

namespace ipseclab::custom
{
namespace
{

/// The whole text is one finite number (no leading space, nothing after it).
bool
WholeReal(const std::string& text, double& value)
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

/// As the scenario command lines read times (CheckedCommandLine's ParseWholeTime), without
/// ns-3: seconds, or false.
bool
WholeTime(const std::string& text, double& seconds)
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
    if (!WholeReal(number, v) || std::fabs(v * scale) > 9e9)
    {
        return false;
    }
    seconds = v * scale;
    return true;
}

} // namespace

double
ParseSeconds(const QJsonValue& v, const std::string& path)
{
    if (v.isDouble())
    {
        const double d = v.toDouble();
        if (!std::isfinite(d) || d < 0 || d > ipseclab::kMaxSeconds)
        {
            std::ostringstream s;
            s << "a time must be a number of seconds from 0 to " << ipseclab::kMaxSeconds;
            Fail(path, s.str());
        }
        return d;
    }
    const std::string text = AsString(v, path);
    double seconds = 0;
    // Negative: below -0.5 ns, what ns-3's Time rounds to less than zero.
    if (!WholeTime(text, seconds) || seconds * 1e9 <= -0.5)
    {
        Fail(path,
             "not a time: \"" + text + "\" (use e.g. \"10ms\", \"1.5s\" or seconds, no spaces)");
    }
    if (seconds > ipseclab::kMaxSeconds)
    {
        std::ostringstream s;
        s << "\"" << text << "\" is longer than " << ipseclab::kMaxSeconds << " s";
        Fail(path, s.str());
    }
    return seconds;
}

std::string
ParseRate(const std::string& text, const std::string& path)
{
    static const std::regex re(
        R"(^([0-9]+(\.[0-9]+)?)(bps|kbps|Kbps|Mbps|Gbps|Bps|KBps|MBps|GBps)$)");
    std::smatch m;
    if (!std::regex_match(text, m, re))
    {
        Fail(path, "not a data rate: \"" + text + "\" (use e.g. \"100Mbps\", \"1Gbps\")");
    }
    // As ns-3's DataRate computes it: the number times the unit, truncated.
    const std::string unit = m[3];
    const double factor = unit == "bps"                      ? 1
                          : unit == "Bps"                    ? 8
                          : unit == "kbps" || unit == "Kbps" ? 1e3
                          : unit == "KBps"                   ? 8e3
                          : unit == "Mbps"                   ? 1e6
                          : unit == "MBps"                   ? 8e6
                          : unit == "Gbps"                   ? 1e9
                                                             : 8e9;
    const double bps = std::strtod(m[1].str().c_str(), nullptr) * factor;
    if (!(bps >= 1000 && bps < 1e12 + 1))
    {
        Fail(path, "data rate \"" + text + "\" must be from 1kbps to 1000Gbps");
    }
    return text;
}

uint32_t
ParseAddress(const std::string& text, const std::string& path)
{
    try
    {
        return ipseclab::ParseIpv4Address(text);
    }
    catch (const std::exception& e)
    {
        Fail(path, std::string("bad IPv4 address: ") + e.what());
    }
}

Ipv4Prefix
ParsePrefix(const std::string& text, const std::string& path)
{
    try
    {
        return Ipv4Prefix::Parse(text);
    }
    catch (const std::exception& e)
    {
        Fail(path, std::string("bad prefix: ") + e.what());
    }
}

bool
IsName(const std::string& name)
{
    static const std::regex kNameRe(R"(^[A-Za-z_][A-Za-z0-9_.-]{0,63}$)");
    return std::regex_match(name, kNameRe);
}

} // namespace ipseclab::custom
