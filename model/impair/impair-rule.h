// The impairment language (issue 15): rules that drop, duplicate, delay, reorder, replay,
// corrupt or block datagrams on a link, aimed by link, sending and receiving node, traffic
// (IKE or ESP), IKE exchange type, message ID, request/response, occurrence and a window of
// simulated time. Plain C++17: the parser, the aim and the view of a datagram are tested and
// fuzzed without ns-3; model/impair/impairer.h applies the rules in ns-3 (docs/impairments.md).
#ifndef IPSECLAB_IMPAIR_RULE_H
#define IPSECLAB_IMPAIR_RULE_H

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipseclab
{

enum class ImpairAction
{
    Drop,      ///< the datagram is lost
    Duplicate, ///< `copies` more arrive, `gap` apart
    Delay,     ///< arrives `by` (+ uniform [0, jitter]) later
    Reorder,   ///< held until `behind` later datagrams of the same direction have passed
    Replay,    ///< arrives as sent, and `copies` exact copies arrive `after` later
    Corrupt,   ///< octet `octet` (from the IP header) is XORed with `xor`
    Block,     ///< every matching datagram from `at` until `until` is lost
};

/// "drop", "duplicate", ...: the names the text syntax and the events use.
const char* ToString(ImpairAction action);

/// How far a reordered datagram falls behind: a fixed count, uniform in [lo, hi], or geometric
/// with a mean (1 + a geometric number of failures, so never 0).
struct ImpairDistance
{
    enum class Kind
    {
        Fixed,
        Uniform,
        Geometric,
    };
    Kind kind = Kind::Fixed;
    uint32_t lo = 1;
    uint32_t hi = 1;
    double mean = 1.0;
    std::string ToString() const;
};

enum class ImpairTraffic
{
    Any,
    Ike, ///< UDP 500, or 4500 with the non-ESP marker
    Esp, ///< IP protocol 50, or ESP in UDP 4500
};

struct ImpairRule
{
    ImpairAction action = ImpairAction::Drop;
    std::string text; ///< the rule as written, for events and errors

    // Aim. Empty names and unset values match everything.
    std::string link; ///< the link's name ("wan")
    std::string from; ///< the sending node's name
    std::string to;   ///< the receiving node's name
    ImpairTraffic traffic = ImpairTraffic::Any;
    std::optional<uint8_t> exchange;   ///< IKE exchange type (implies IKE)
    std::optional<uint32_t> messageId; ///< IKE message ID (implies IKE)
    std::optional<bool> response;      ///< IKE R flag (implies IKE)
    uint32_t occurrence = 0;           ///< only the Nth matching datagram (1-based; 0: each)
    uint32_t count = 0;                ///< at most this many applications (0: no limit)
    double at = 0;                     ///< active from (simulated seconds)
    double until = std::numeric_limits<double>::infinity(); ///< active before
    double probability = 1.0; ///< of applying to a matching datagram (a seeded stream)

    // Parameters (seconds for times).
    double by = 0;     ///< delay: extra one-way delay
    double jitter = 0; ///< delay: plus uniform [0, jitter]
    double after = 1;  ///< replay: the copies arrive this much later
    double gap = 0;    ///< duplicate: between copies (0: one transmission time)
    uint32_t copies = 1;
    ImpairDistance behind;  ///< reorder
    double hold = 1.0;      ///< reorder: released after this long even if too few passed
    uint32_t octet = 0;     ///< corrupt: index from the start of the IP header
    uint8_t xorMask = 0xff; ///< corrupt
};

/// One line saying what is wrong with a rule (the scenario prints it and exits 2).
class ImpairSyntaxError : public std::invalid_argument
{
  public:
    using std::invalid_argument::invalid_argument;
};

/// "kind:key=value,flag,...;kind:..." (docs/impairments.md). Empty text: no rules.
std::vector<ImpairRule> ParseImpairRules(const std::string& text);
ImpairRule ParseImpairRule(const std::string& text);
/// "2", "2s", "150ms", "20us", "5ns" as seconds; false if it is none of those.
bool ParseImpairTime(const std::string& text, double* seconds);

/// What the aim reads of an IPv4 datagram (octets from the IP header on).
struct DatagramView
{
    bool ipv4 = false;
    uint8_t protocol = 0;
    uint32_t src = 0;
    uint32_t dst = 0;
    bool ike = false;
    bool esp = false;
    uint8_t exchange = 0;
    uint32_t messageId = 0;
    bool response = false;
    uint32_t spi = 0; ///< ESP
    uint32_t sn = 0;  ///< ESP
};

DatagramView ViewDatagram(const uint8_t* ip, size_t size);
/// The aim of `rule` against the octets (not names, time, occurrence or probability).
bool MatchesTraffic(const ImpairRule& rule, const DatagramView& view);
/// "IKE_SA_INIT" .. "INFORMATIONAL" for 34..37, else the number.
std::string ImpairExchangeName(uint8_t exchange);

} // namespace ipseclab

#endif
