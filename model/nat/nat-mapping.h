// One entry of the NAT's translation table. TCP, UDP and ICMP echo map (inside address, port or
// identifier) to a public port: endpoint-independent mapping (RFC 4787 REQ-1), the same public
// port whatever the remote. Protocols without ports (ESP, AH, ...) map by address only: one
// mapping per inside host and protocol, found inbound by the remote peer's address.
#ifndef IPSECLAB_NAT_MAPPING_H
#define IPSECLAB_NAT_MAPPING_H

#include <ns3/event-id.h>
#include <ns3/ipv4-address.h>
#include <ns3/nstime.h>

#include <cstdint>

namespace ns3
{

struct NatMapping
{
    uint8_t protocol = 0; ///< IP protocol (6, 17, 1 for ICMP echo, 50, 51, ...)
    Ipv4Address insideAddress;
    uint16_t insidePort = 0; ///< port or ICMP echo identifier; 0 for address-only protocols
    Ipv4Address publicAddress;
    uint16_t publicPort = 0;   ///< 0 for address-only protocols
    Ipv4Address remoteAddress; ///< address-only protocols: the peer inbound packets come from
    Time created;
    Time lastUsed; ///< last outbound packet (inbound refreshes only if InboundRefresh)
    uint64_t packetsOut = 0;
    uint64_t packetsIn = 0;
    EventId expiry;

    /// True for TCP, UDP and ICMP echo: the mapping has a public port.
    bool HasPorts() const { return publicPort != 0; }
};

} // namespace ns3

#endif
