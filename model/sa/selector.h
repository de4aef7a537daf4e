// SPD selectors (RFC 4301 section 4.4.1.1, IPv4 only): port ranges, the flow key of a packet and
// the traffic selector of a policy.
#ifndef IPSECLAB_SA_SELECTOR_H
#define IPSECLAB_SA_SELECTOR_H

#include "sa/ipv4-prefix.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ipseclab
{

/// Direction of traffic as seen by the node that owns the SPD.
enum class Direction : uint8_t
{
    Outbound,
    Inbound,
};

/// "outbound" / "inbound".
const char* ToString(Direction direction);
/// Accepts "outbound"/"out" and "inbound"/"in". @throws std::invalid_argument.
Direction ParseDirection(std::string_view text);

/// Protocol numbers used by name.
namespace ipproto
{
constexpr uint8_t kAny = 0;
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kEsp = 50;
constexpr uint8_t kAh = 51;
} // namespace ipproto

/// "any", "icmp", "tcp", "udp", "esp", "ah" or a number 0-255. @throws std::invalid_argument.
uint8_t ParseProtocol(std::string_view text);
/// Name for the protocols above, the number otherwise ("any" for 0).
std::string ProtocolToString(uint8_t protocol);

/**
 * Inclusive port range. "any" is 0-65535.
 *
 * ICMP has no ports: as RFC 7296 section 3.13.1 does for traffic selectors, the ICMP type and code
 * are carried as one 16-bit value (type << 8) | code. A FlowKey for ICMP holds that value in both
 * port fields, so a selector restricts ICMP with its remotePorts (e.g. IcmpType(8) = echo request)
 * and leaves localPorts "any".
 */
struct PortRange
{
    uint16_t low = 0;
    uint16_t high = 65535;

    bool Contains(uint16_t port) const;
    bool IsAny() const;
    /// "any", "80" or "1000-2000".
    std::string ToString() const;
    /// @throws std::invalid_argument if low > high.
    void Validate() const;

    /// Parse "any", "80" or "1000-2000". @throws std::invalid_argument.
    static PortRange Parse(std::string_view text);
    static PortRange Any();
    static PortRange Single(uint16_t port);
    /// All codes of one ICMP type.
    static PortRange IcmpType(uint8_t type);
    /// One ICMP type and code.
    static PortRange IcmpTypeCode(uint8_t type, uint8_t code);

    bool operator==(const PortRange& o) const { return low == o.low && high == o.high; }
};

/**
 * The exact flow of one packet, as the IP header says (source/destination, host byte order). For
 * protocols without ports, the ports are 0; for ICMP both hold (type << 8) | code.
 */
struct FlowKey
{
    uint32_t src = 0;
    uint32_t dst = 0;
    uint8_t protocol = 0;
    uint16_t srcPort = 0;
    uint16_t dstPort = 0;

    static FlowKey Icmp(uint32_t src, uint32_t dst, uint8_t type, uint8_t code);
    std::string ToString() const;

    bool operator==(const FlowKey& o) const
    {
        return src == o.src && dst == o.dst && protocol == o.protocol && srcPort == o.srcPort &&
               dstPort == o.dstPort;
    }
};

/**
 * Selector of an SPD entry from the point of view of the node that owns the SPD: "local" is this
 * side, "remote" the peer side. An outbound packet matches with local = source, an inbound one with
 * local = destination, so one selector describes both directions of a flow.
 */
struct TrafficSelector
{
    Ipv4Prefix local;
    Ipv4Prefix remote;
    uint8_t protocol = ipproto::kAny; ///< 0 = any
    PortRange localPorts;
    PortRange remotePorts;

    bool Matches(const FlowKey& flow, Direction direction) const;
    /// e.g. "10.1.0.0/16[any] -> 10.2.0.0/16[80] udp".
    std::string ToString() const;
    /// @throws std::invalid_argument on a bad prefix or port range.
    void Validate() const;

    bool operator==(const TrafficSelector& o) const
    {
        return local == o.local && remote == o.remote && protocol == o.protocol &&
               localPorts == o.localPorts && remotePorts == o.remotePorts;
    }
};

} // namespace ipseclab

#endif // IPSECLAB_SA_SELECTOR_H
