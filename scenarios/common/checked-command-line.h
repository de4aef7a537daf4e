// The command line of a scenario program: ns-3's CommandLine with every value checked as it
// is parsed. ns-3 itself reads options with operator>>, which accepts "-1" for an unsigned
// option (it wraps to 4294967295), "5abc" as 5, "1e300" seconds (ns-3's Time overflows) and
// negative delays. Here the whole text must be a value of the option's type, within the
// option's range; a bad value ends the program with one line naming the option, the value and
// what is accepted (exit status 2), before anything runs or is written.
#ifndef IPSECLAB_CHECKED_COMMAND_LINE_H
#define IPSECLAB_CHECKED_COMMAND_LINE_H

#include "util/limits.h"

#include <ns3/command-line.h>
#include <ns3/nstime.h>

#include <cstdint>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>

namespace ns3
{

/// The largest number (or time in seconds) an option accepts unless Range() says otherwise.
inline constexpr double kMaxOptionSeconds = ipseclab::kMaxSeconds;

class CheckedCommandLine : public CommandLine
{
  public:
    /// `program` prefixes error lines ("site-to-site: --wanLoss=2: ...").
    CheckedCommandLine(const std::string& file, std::string program);

    /// Registers an option like CommandLine::AddValue, with strict parsing. Every number (and
    /// time, in seconds) must be finite and from 0 to kMaxOptionSeconds unless Range() says
    /// otherwise: no option of the lab's scenarios takes a negative value.
    template <typename T>
    void AddValue(const std::string& name, const std::string& help, T& value);
    /// The accepted range of an option declared before (inclusive), and what it means, for the
    /// error line (e.g. "a probability").
    void Range(const std::string& name, double min, double max, const std::string& what = "");

    /// The error line for `--name=text` (what Fail prints); public for tests.
    std::string Check(const std::string& name, const std::string& text, double value) const;

  private:
    struct Bounds
    {
        double min = 0;
        double max = kMaxOptionSeconds;
        std::string what;
    };
    [[noreturn]] void Fail(const std::string& name, const std::string& text,
                           const std::string& why) const;
    /// Fails with Check's line when `value` is outside the option's range.
    void InRange(const std::string& name, const std::string& text, double value) const;
    template <typename T>
    bool ParseInto(const std::string& name, const std::string& text, T& value) const;

    std::string m_program;
    std::map<std::string, Bounds> m_bounds;
};

/// Whole-text parsers used by CheckedCommandLine (false when the text is not a value).
bool ParseWholeUnsigned(const std::string& text, uint64_t& value);
bool ParseWholeSigned(const std::string& text, int64_t& value);
bool ParseWholeReal(const std::string& text, double& value);
bool ParseWholeBool(const std::string& text, bool& value);
/// "10ms", "1.5s", "250us", "2min" (no spaces); seconds without a unit.
bool ParseWholeTime(const std::string& text, Time& value);
/// A time as an option default shows it: "10ms", "5us", "1.5s".
std::string FormatOptionTime(Time value);

template <typename T>
bool
CheckedCommandLine::ParseInto(const std::string& name, const std::string& text, T& value) const
{
    if constexpr (std::is_same_v<T, bool>)
    {
        if (!ParseWholeBool(text, value))
        {
            Fail(name, text, "must be true or false (or 1 or 0)");
        }
    }
    else if constexpr (std::is_same_v<T, std::string>)
    {
        value = text;
    }
    else if constexpr (std::is_same_v<T, Time>)
    {
        Time t;
        if (!ParseWholeTime(text, t))
        {
            Fail(name, text, "must be a time such as 10ms, 1.5s or 250us (no spaces)");
        }
        InRange(name, text, t.GetSeconds());
        value = t;
    }
    else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>)
    {
        uint64_t v = 0;
        if (!ParseWholeUnsigned(text, v) || v > std::numeric_limits<T>::max())
        {
            Fail(name,
                 text,
                 "must be a whole number from 0 to " +
                     std::to_string(uint64_t(std::numeric_limits<T>::max())));
        }
        InRange(name, text, double(v));
        value = static_cast<T>(v);
    }
    else if constexpr (std::is_integral_v<T>)
    {
        int64_t v = 0;
        if (!ParseWholeSigned(text, v) || v > std::numeric_limits<T>::max() ||
            v < std::numeric_limits<T>::min())
        {
            Fail(name, text, "must be a whole number");
        }
        InRange(name, text, double(v));
        value = static_cast<T>(v);
    }
    else if constexpr (std::is_floating_point_v<T>)
    {
        double v = 0;
        if (!ParseWholeReal(text, v))
        {
            Fail(name, text, "must be a number");
        }
        InRange(name, text, v);
        value = static_cast<T>(v);
    }
    else
    {
        static_assert(std::is_same_v<T, bool>, "CheckedCommandLine: unsupported option type");
    }
    return true;
}

template <typename T>
void
CheckedCommandLine::AddValue(const std::string& name, const std::string& help, T& value)
{
    std::ostringstream text;
    if constexpr (std::is_same_v<T, bool>)
    {
        text << (value ? "true" : "false");
    }
    else if constexpr (std::is_same_v<T, Time>)
    {
        text << FormatOptionTime(value);
    }
    else
    {
        text << value;
    }
    T* target = &value;
    CommandLine::AddValue(name,
                          help,
                          ns3::Callback<bool, std::string>([this, name, target](std::string t)
                                                           { return ParseInto(name, t, *target); }),
                          text.str());
}

} // namespace ns3

#endif
