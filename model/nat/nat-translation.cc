#include "nat/nat-translation.h"

#include "nat/nat-checksum.h"

namespace ipseclab::nat
{

L4Layout
LayoutOf(uint8_t protocol, const uint8_t* first, size_t length, bool inbound)
{
    if (protocol == kUdp)
    {
        return L4Layout{8, 0, 2, 6, true, true};
    }
    if (protocol == kTcp)
    {
        return L4Layout{18, 0, 2, 16, true, false};
    }
    if (protocol == kIcmp && length > 0 && first[0] == (inbound ? kIcmpEchoReply : kIcmpEcho))
    {
        // The echo identifier plays the port's role in both directions (RFC 5508 3.1).
        return L4Layout{8, 4, 4, 2, false, false};
    }
    return L4Layout{};
}

void
RewritePort(uint8_t* header, const L4Layout& layout, uint32_t offset, uint16_t newPort,
            uint32_t oldAddress, uint32_t newAddress)
{
    const uint16_t oldPort = ReadU16(header + offset);
    WriteU16(header + offset, newPort);
    uint16_t checksum = ReadU16(header + layout.csumOffset);
    if (layout.zeroMeansNone && checksum == 0)
    {
        return; // RFC 768: UDP checksum 0 = none, stays 0
    }
    checksum = ChecksumAdjust16(checksum, oldPort, newPort);
    if (layout.pseudoHeader)
    {
        checksum = ChecksumAdjust32(checksum, oldAddress, newAddress);
    }
    if (checksum == 0)
    {
        // 0x0000 and 0xffff are both one's-complement zero, and eqn. 3 of RFC 1624 yields 0x0000
        // where the covered octets sum to +0 (an all-zero ICMP echo reply): only 0xffff verifies
        // then, and either verifies otherwise. For UDP 0 would mean "none" (RFC 768).
        checksum = 0xffff;
    }
    WriteU16(header + layout.csumOffset, checksum);
}

} // namespace ipseclab::nat
