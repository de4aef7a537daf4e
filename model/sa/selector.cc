#include "sa/selector.h"

#include "sa/parse-util.h"

#include <stdexcept>

namespace ipseclab
{

const char*
ToString(Direction direction)
{
    return direction == Direction::Outbound ? "outbound" : "inbound";
}

Direction
ParseDirection(std::string_view text)
{
    if (text == "outbound" || text == "out")
    {
        return Direction::Outbound;
    }
    if (text == "inbound" || text == "in")
    {
        return Direction::Inbound;
    }
    throw std::invalid_argument("unknown direction '" + std::string(text) +
                                "' (expected outbound or inbound)");
}

uint8_t
ParseProtocol(std::string_view text)
{
    if (text == "any")
    {
        return ipproto::kAny;
    }
    if (text == "icmp")
    {
        return ipproto::kIcmp;
    }
    if (text == "tcp")
    {
        return ipproto::kTcp;
    }
    if (text == "udp")
    {
        return ipproto::kUdp;
    }
    if (text == "esp")
    {
        return ipproto::kEsp;
    }
    if (text == "ah")
    {
        return ipproto::kAh;
    }
    uint32_t value = 0;
    if (!detail::ParseDecimal(text, 255, value))
    {
        throw std::invalid_argument("unknown protocol '" + std::string(text) +
                                    "' (expected any, icmp, tcp, udp, esp, ah or 0-255)");
    }
    return static_cast<uint8_t>(value);
}

std::string
ProtocolToString(uint8_t protocol)
{
    switch (protocol)
    {
    case ipproto::kAny:
        return "any";
    case ipproto::kIcmp:
        return "icmp";
    case ipproto::kTcp:
        return "tcp";
    case ipproto::kUdp:
        return "udp";
    case ipproto::kEsp:
        return "esp";
    case ipproto::kAh:
        return "ah";
    default:
        return std::to_string(protocol);
    }
}

bool
PortRange::Contains(uint16_t port) const
{
    return low <= port && port <= high;
}

bool
PortRange::IsAny() const
{
    return low == 0 && high == 65535;
}

std::string
PortRange::ToString() const
{
    if (IsAny())
    {
        return "any";
    }
    if (low == high)
    {
        return std::to_string(low);
    }
    return std::to_string(low) + "-" + std::to_string(high);
}

void
PortRange::Validate() const
{
    if (low > high)
    {
        throw std::invalid_argument("bad port range " + std::to_string(low) + "-" +
                                    std::to_string(high) + ": low is greater than high");
    }
}

PortRange
PortRange::Parse(std::string_view text)
{
    if (text == "any")
    {
        return Any();
    }
    size_t dash = text.find('-');
    uint32_t low = 0;
    uint32_t high = 0;
    bool ok = detail::ParseDecimal(text.substr(0, dash), 65535, low);
    if (ok && dash == std::string_view::npos)
    {
        high = low;
    }
    else if (ok)
    {
        ok = detail::ParseDecimal(text.substr(dash + 1), 65535, high);
    }
    if (!ok)
    {
        throw std::invalid_argument("bad port range '" + std::string(text) +
                                    "' (expected any, a port 0-65535 or low-high)");
    }
    PortRange range{static_cast<uint16_t>(low), static_cast<uint16_t>(high)};
    range.Validate();
    return range;
}

PortRange
PortRange::Any()
{
    return PortRange{0, 65535};
}

PortRange
PortRange::Single(uint16_t port)
{
    return PortRange{port, port};
}

PortRange
PortRange::IcmpType(uint8_t type)
{
    return PortRange{static_cast<uint16_t>(type << 8), static_cast<uint16_t>((type << 8) | 0xff)};
}

PortRange
PortRange::IcmpTypeCode(uint8_t type, uint8_t code)
{
    return Single(static_cast<uint16_t>((type << 8) | code));
}

FlowKey
FlowKey::Icmp(uint32_t src, uint32_t dst, uint8_t type, uint8_t code)
{
    uint16_t typeCode = static_cast<uint16_t>((type << 8) | code);
    return FlowKey{src, dst, ipproto::kIcmp, typeCode, typeCode};
}

std::string
FlowKey::ToString() const
{
    return Ipv4AddressToString(src) + ":" + std::to_string(srcPort) + " -> " +
           Ipv4AddressToString(dst) + ":" + std::to_string(dstPort) + " " +
           ProtocolToString(protocol);
}

bool
TrafficSelector::Matches(const FlowKey& flow, Direction direction) const
{
    const bool out = direction == Direction::Outbound;
    const uint32_t localAddress = out ? flow.src : flow.dst;
    const uint32_t remoteAddress = out ? flow.dst : flow.src;
    const uint16_t localPort = out ? flow.srcPort : flow.dstPort;
    const uint16_t remotePort = out ? flow.dstPort : flow.srcPort;
    return (protocol == ipproto::kAny || protocol == flow.protocol) &&
           local.Contains(localAddress) && remote.Contains(remoteAddress) &&
           localPorts.Contains(localPort) && remotePorts.Contains(remotePort);
}

std::string
TrafficSelector::ToString() const
{
    return local.ToString() + "[" + localPorts.ToString() + "] -> " + remote.ToString() + "[" +
           remotePorts.ToString() + "] " + ProtocolToString(protocol);
}

void
TrafficSelector::Validate() const
{
    local.Validate();
    remote.Validate();
    localPorts.Validate();
    remotePorts.Validate();
}

} // namespace ipseclab
