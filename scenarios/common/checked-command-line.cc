#include "checked-command-line.h"

#include "util/whole-text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>

namespace ns3
{

namespace
{

bool
AllDigits(const std::string& text, size_t from)
{
    if (from >= text.size())
    {
        return false;
    }
    for (size_t i = from; i < text.size(); ++i)
    {
        if (text[i] < '0' || text[i] > '9')
        {
            return false;
        }
    }
    return true;
}

std::string
Number(double v)
{
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

} // namespace

bool
ParseWholeUnsigned(const std::string& text, uint64_t& value)
{
    if (!AllDigits(text, 0) || text.size() > 20)
    {
        return false;
    }
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return false;
    }
    value = v;
    return true;
}

bool
ParseWholeSigned(const std::string& text, int64_t& value)
{
    if (!AllDigits(text, text.empty() || text[0] != '-' ? 0 : 1) || text.size() > 20)
    {
        return false;
    }
    errno = 0;
    const long long v = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return false;
    }
    value = v;
    return true;
}

bool
ParseWholeReal(const std::string& text, double& value)
{
    return ipseclab::ParseWholeReal(text, value); // the one strict reader (util/whole-text.h)
}

bool
ParseWholeBool(const std::string& text, bool& value)
{
    if (text.empty() || text == "true" || text == "1" || text == "t") // "--steps" alone: true
    {
        value = true;
        return true;
    }
    if (text == "false" || text == "0" || text == "f")
    {
        value = false;
        return true;
    }
    return false;
}

bool
ParseWholeTime(const std::string& text, Time& value)
{
    double seconds = 0;
    if (!ipseclab::ParseWholeSeconds(text, seconds))
    {
        return false;
    }
    value = Seconds(seconds);
    return true;
}

std::string
FormatOptionTime(Time value)
{
    const int64_t ns = value.GetNanoSeconds();
    static const std::pair<const char*, int64_t> kUnits[] = {
        {"s", 1000000000}, {"ms", 1000000}, {"us", 1000}};
    for (const auto& [unit, factor] : kUnits)
    {
        if (ns % factor == 0)
        {
            return std::to_string(ns / factor) + unit;
        }
    }
    return std::to_string(ns) + "ns";
}

CheckedCommandLine::CheckedCommandLine(const std::string& file, std::string program)
    : CommandLine(file)
    , m_program(std::move(program))
{
}

void
CheckedCommandLine::Range(const std::string& name, double min, double max, const std::string& what)
{
    m_bounds[name] = Bounds{min, max, what};
}

std::string
CheckedCommandLine::Check(const std::string& name, const std::string&, double value) const
{
    Bounds b;
    auto it = m_bounds.find(name);
    if (it != m_bounds.end())
    {
        b = it->second;
    }
    if (value >= b.min && value <= b.max)
    {
        return "";
    }
    std::string why = "must be from " + Number(b.min) + " to " + Number(b.max);
    if (!b.what.empty())
    {
        why += " (" + b.what + ")";
    }
    return why;
}

void
CheckedCommandLine::InRange(const std::string& name, const std::string& text, double value) const
{
    const std::string why = Check(name, text, value);
    if (!why.empty())
    {
        Fail(name, text, why);
    }
}

void
CheckedCommandLine::Fail(const std::string& name, const std::string& text,
                         const std::string& why) const
{
    std::cerr << m_program << ": --" << name << "=" << text << ": " << why << "\n";
    std::exit(2);
}

} // namespace ns3
