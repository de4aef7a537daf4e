#include "impair/impair-rule.h"

#include "datapath/ipv4-wire.h"
#include "datapath/udp-encap.h"
#include "ike/ike-constants.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ipseclab
{

namespace
{

struct ActionName
{
    ImpairAction action;
    const char* name;
};

const ActionName kActions[] = {
    {ImpairAction::Drop, "drop"},
    {ImpairAction::Duplicate, "duplicate"},
    {ImpairAction::Delay, "delay"},
    {ImpairAction::Reorder, "reorder"},
    {ImpairAction::Replay, "replay"},
    {ImpairAction::Corrupt, "corrupt"},
    {ImpairAction::Block, "block"},
};

std::string
Trim(const std::string& s)
{
    const size_t b = s.find_first_not_of(" \t");
    const size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep))
    {
        out.push_back(Trim(part));
    }
    if (!s.empty() && s.back() == sep)
    {
        out.emplace_back();
    }
    return out;
}

bool
ParseUnsigned(const std::string& s, uint64_t max, uint64_t* out)
{
    if (s.empty() || s.size() > 20)
    {
        return false;
    }
    char* end = nullptr;
    const int base = s.rfind("0x", 0) == 0 ? 16 : 10;
    const unsigned long long v = std::strtoull(s.c_str(), &end, base);
    if (*end != '\0' || s[0] == '-' || v > max)
    {
        return false;
    }
    *out = v;
    return true;
}

bool
ParseDouble(const std::string& s, double* out)
{
    if (s.empty())
    {
        return false;
    }
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (*end != '\0' || !std::isfinite(v))
    {
        return false;
    }
    *out = v;
    return true;
}

bool
ParseDistance(const std::string& s, ImpairDistance* d)
{
    uint64_t lo = 0;
    uint64_t hi = 0;
    const std::vector<std::string> parts = Split(s, ':');
    if (parts.size() == 1 && ParseUnsigned(parts[0], 100000, &lo) && lo >= 1)
    {
        *d = ImpairDistance{ImpairDistance::Kind::Fixed, uint32_t(lo), uint32_t(lo), double(lo)};
        return true;
    }
    if (parts.size() == 3 && parts[0] == "uniform" && ParseUnsigned(parts[1], 100000, &lo) &&
        ParseUnsigned(parts[2], 100000, &hi) && lo >= 1 && hi >= lo)
    {
        *d = ImpairDistance{ImpairDistance::Kind::Uniform, uint32_t(lo), uint32_t(hi), 0};
        return true;
    }
    double mean = 0;
    if (parts.size() == 2 && parts[0] == "geometric" && ParseDouble(parts[1], &mean) && mean >= 1 &&
        mean <= 100000)
    {
        *d = ImpairDistance{ImpairDistance::Kind::Geometric, 1, 100000, mean};
        return true;
    }
    return false;
}

[[noreturn]] void
Fail(const std::string& rule, const std::string& why)
{
    throw ImpairSyntaxError("impairment \"" + rule + "\": " + why);
}

/// A key that takes no value ("response") or a key=value pair, applied to the rule.
void
ApplyOption(ImpairRule& r, const std::string& key, const std::string& value, bool hasValue)
{
    const std::string& text = r.text;
    auto need = [&](bool ok, const char* what)
    {
        if (!hasValue || !ok)
        {
            Fail(text, key + " needs " + what + (hasValue ? ", not \"" + value + "\"" : ""));
        }
    };
    auto time = [&](double* out, double min)
    {
        need(ParseImpairTime(value, out) && *out >= min && *out <= 1e6,
             min > 0 ? "a positive time (2s, 150ms, 20us)" : "a time (2s, 150ms, 20us)");
    };
    uint64_t n = 0;
    if (key == "request" || key == "response")
    {
        if (hasValue)
        {
            Fail(text, key + " takes no value");
        }
        r.response = key == "response";
    }
    else if (key == "ike" || key == "esp")
    {
        if (hasValue)
        {
            Fail(text, key + " takes no value");
        }
        r.traffic = key == "ike" ? ImpairTraffic::Ike : ImpairTraffic::Esp;
    }
    else if (key == "link" || key == "from" || key == "to")
    {
        need(!value.empty(), "a name");
        (key == "link" ? r.link : key == "from" ? r.from : r.to) = value;
    }
    else if (key == "exchange")
    {
        for (auto type : {IkeExchangeType::IkeSaInit,
                          IkeExchangeType::IkeAuth,
                          IkeExchangeType::CreateChildSa,
                          IkeExchangeType::Informational})
        {
            if (value == ToString(type))
            {
                r.exchange = static_cast<uint8_t>(type);
            }
        }
        if (!r.exchange)
        {
            need(ParseUnsigned(value, 255, &n),
                 "IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL or a number 0..255");
            r.exchange = uint8_t(n);
        }
    }
    else if (key == "mid" || key == "msgid")
    {
        need(ParseUnsigned(value, 0xffffffffu, &n), "a message ID 0..4294967295");
        r.messageId = uint32_t(n);
    }
    else if (key == "occurrence" || key == "count" || key == "copies")
    {
        need(ParseUnsigned(value, 1000000, &n) && n >= 1, "a count 1..1000000");
        (key == "occurrence" ? r.occurrence : key == "count" ? r.count : r.copies) = uint32_t(n);
    }
    else if (key == "at" || key == "until")
    {
        time(key == "at" ? &r.at : &r.until, 0);
    }
    else if (key == "by" || key == "jitter" || key == "gap")
    {
        time(key == "by" ? &r.by : key == "jitter" ? &r.jitter : &r.gap, 0);
    }
    else if (key == "after" || key == "hold")
    {
        time(key == "after" ? &r.after : &r.hold, 1e-9);
    }
    else if (key == "p" || key == "probability")
    {
        need(ParseDouble(value, &r.probability) && r.probability >= 0 && r.probability <= 1,
             "a probability 0..1");
    }
    else if (key == "behind" || key == "distance")
    {
        need(ParseDistance(value, &r.behind), "K >= 1, uniform:LO:HI or geometric:MEAN");
    }
    else if (key == "octet")
    {
        need(ParseUnsigned(value, 65535, &n), "an octet index 0..65535");
        r.octet = uint32_t(n);
    }
    else if (key == "xor")
    {
        need(ParseUnsigned(value, 255, &n) && n != 0, "a mask 1..255 (0x01..0xff)");
        r.xorMask = uint8_t(n);
    }
    else
    {
        Fail(text,
             "unknown option \"" + key +
                 "\" (link, from, to, ike, esp, exchange, mid, request, response, occurrence, "
                 "count, at, until, p, by, jitter, gap, copies, after, behind, hold, octet, xor)");
    }
}

} // namespace

const char*
ToString(ImpairAction action)
{
    for (const auto& a : kActions)
    {
        if (a.action == action)
        {
            return a.name;
        }
    }
    return "?";
}

std::string
ImpairDistance::ToString() const
{
    switch (kind)
    {
    case Kind::Fixed:
        return std::to_string(lo);
    case Kind::Uniform:
        return "uniform:" + std::to_string(lo) + ":" + std::to_string(hi);
    case Kind::Geometric:
    {
        std::ostringstream s;
        s << "geometric:" << mean;
        return s.str();
    }
    }
    return "?";
}

bool
ParseImpairTime(const std::string& text, double* seconds)
{
    static const std::pair<const char*, double> kUnits[] = {
        {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}};
    for (const auto& [unit, scale] : kUnits)
    {
        const std::string u = unit;
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0)
        {
            double v = 0;
            if (!ParseDouble(text.substr(0, text.size() - u.size()), &v))
            {
                return false;
            }
            *seconds = v * scale;
            return true;
        }
    }
    return ParseDouble(text, seconds);
}

ImpairRule
ParseImpairRule(const std::string& text)
{
    ImpairRule r;
    r.text = Trim(text);
    const size_t colon = r.text.find(':');
    const std::string kind = Trim(r.text.substr(0, colon));
    bool known = false;
    for (const auto& a : kActions)
    {
        if (kind == a.name)
        {
            r.action = a.action;
            known = true;
        }
    }
    if (!known)
    {
        Fail(r.text,
             "unknown kind \"" + kind +
                 "\" (drop, duplicate, delay, reorder, replay, corrupt, block)");
    }
    if (colon != std::string::npos)
    {
        for (const std::string& option : Split(r.text.substr(colon + 1), ','))
        {
            if (option.empty())
            {
                Fail(r.text, "empty option (two commas, or a comma at the end)");
            }
            const size_t eq = option.find('=');
            ApplyOption(r,
                        Trim(option.substr(0, eq)),
                        eq == std::string::npos ? "" : Trim(option.substr(eq + 1)),
                        eq != std::string::npos);
        }
    }
    if ((r.exchange || r.messageId || r.response) && r.traffic == ImpairTraffic::Esp)
    {
        Fail(r.text, "exchange, mid, request and response aim at IKE, not esp");
    }
    if (r.exchange || r.messageId || r.response)
    {
        r.traffic = ImpairTraffic::Ike;
    }
    if (r.until <= r.at)
    {
        Fail(r.text, "until must be later than at");
    }
    if (r.action == ImpairAction::Block && std::isinf(r.until))
    {
        Fail(r.text, "block needs until=T (the end of the blackout)");
    }
    if (r.action == ImpairAction::Delay && r.by == 0 && r.jitter == 0)
    {
        Fail(r.text, "delay needs by=D or jitter=D");
    }
    return r;
}

std::vector<ImpairRule>
ParseImpairRules(const std::string& text)
{
    std::vector<ImpairRule> rules;
    if (Trim(text).empty())
    {
        return rules;
    }
    for (const std::string& part : Split(text, ';'))
    {
        if (part.empty())
        {
            throw ImpairSyntaxError("impairments \"" + text + "\": an empty rule between ';'");
        }
        rules.push_back(ParseImpairRule(part));
    }
    return rules;
}

namespace
{

void
ReadIke(const uint8_t* ike, size_t size, DatagramView* v)
{
    if (size < 28)
    {
        return;
    }
    v->ike = true;
    v->exchange = ike[18];
    v->response = (ike[19] & 0x20) != 0;
    v->messageId = GetBe32(ike + 20);
}

} // namespace

DatagramView
ViewDatagram(const uint8_t* ip, size_t size)
{
    DatagramView v;
    if (size < 20 || (ip[0] >> 4) != 4)
    {
        return v;
    }
    const size_t ihl = (ip[0] & 0x0f) * 4u;
    if (ihl < 20 || ihl > size)
    {
        return v;
    }
    v.ipv4 = true;
    v.protocol = ip[9];
    v.src = GetBe32(ip + 12);
    v.dst = GetBe32(ip + 16);
    const uint8_t* l4 = ip + ihl;
    const size_t l4size = size - ihl;
    if (v.protocol == 50 && l4size >= 8)
    {
        v.esp = true;
        v.spi = GetBe32(l4);
        v.sn = GetBe32(l4 + 4);
    }
    else if (v.protocol == 17 && l4size >= 8)
    {
        const uint16_t sport = GetBe16(l4);
        const uint16_t dport = GetBe16(l4 + 2);
        const uint8_t* body = l4 + 8;
        const size_t bodySize = l4size - 8;
        if (sport == kIkePort || dport == kIkePort)
        {
            ReadIke(body, bodySize, &v);
        }
        else if (sport == kIkeNatTPort || dport == kIkeNatTPort)
        {
            switch (ClassifyUdpEncap(ByteSpan(body, bodySize)))
            {
            case UdpEncapKind::Ike:
                ReadIke(body + 4, bodySize - 4, &v);
                break;
            case UdpEncapKind::Esp:
                v.esp = true;
                v.spi = GetBe32(body);
                v.sn = GetBe32(body + 4);
                break;
            default:
                break; // a keepalive or too short to be either
            }
        }
    }
    return v;
}

bool
MatchesTraffic(const ImpairRule& r, const DatagramView& v)
{
    if ((r.traffic == ImpairTraffic::Ike && !v.ike) || (r.traffic == ImpairTraffic::Esp && !v.esp))
    {
        return false;
    }
    return (!r.exchange || *r.exchange == v.exchange) &&
           (!r.messageId || *r.messageId == v.messageId) &&
           (!r.response || *r.response == v.response);
}

std::string
ImpairExchangeName(uint8_t exchange)
{
    const std::string name = ToString(static_cast<IkeExchangeType>(exchange));
    return name.rfind("UNKNOWN", 0) == 0 ? std::to_string(exchange) : name;
}

} // namespace ipseclab
