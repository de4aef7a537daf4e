// The NAT's octet rewriting (model/nat/nat-translation.*): the layout of a UDP, TCP or ICMP echo
// header and the port/identifier rewrite with the incrementally adjusted checksum. The input is
// a header with a valid checksum (made valid here), a new port and the addresses; after the
// rewrite the checksum must still verify, recomputed from scratch over the pseudo-header and
// the whole segment, with an independent one's-complement sum. A checksum the NAT gets wrong
// is a silent drop at the receiver, so it is a finding (a trap), not a rejection.
#include "nat/nat-translation.h"

#include "../fuzz-target.h"

#include <vector>

namespace
{

// One's-complement sum of 16-bit big-endian words (RFC 1071), an odd last octet padded.
uint32_t
Sum(const uint8_t* p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        sum += uint32_t(p[i]) << 8 | p[i + 1];
    }
    if (n % 2 == 1)
    {
        sum += uint32_t(p[n - 1]) << 8;
    }
    return sum;
}

uint16_t
Fold(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return uint16_t(sum);
}

uint32_t
PseudoHeader(uint32_t src, uint32_t dst, uint8_t protocol, size_t length)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + protocol +
           uint32_t(length);
}

// The segment's checksum as a sender computes it (the field taken as zero).
uint16_t
Compute(std::vector<uint8_t> segment, const ipseclab::nat::L4Layout& layout, uint8_t protocol,
        uint32_t src, uint32_t dst)
{
    segment[layout.csumOffset] = segment[layout.csumOffset + 1] = 0;
    uint32_t sum = layout.pseudoHeader ? PseudoHeader(src, dst, protocol, segment.size()) : 0;
    uint16_t c = uint16_t(~Fold(Sum(segment.data(), segment.size(), sum)));
    return (protocol == ipseclab::nat::kUdp && c == 0) ? 0xffff : c;
}

// Does the segment verify as a receiver checks it (the sum over everything is all ones)?
bool
Verifies(const std::vector<uint8_t>& segment, const ipseclab::nat::L4Layout& layout,
         uint8_t protocol, uint32_t src, uint32_t dst)
{
    uint32_t sum = layout.pseudoHeader ? PseudoHeader(src, dst, protocol, segment.size()) : 0;
    return Fold(Sum(segment.data(), segment.size(), sum)) == 0xffff;
}

uint32_t
U32(const uint8_t* p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

} // namespace

IPSECLAB_FUZZ_TARGET(nat_translation)
{
    using namespace ipseclab::nat;
    // [0] protocol choice, [1] flags, [2..3] new port, [4..7] old address, [8..11] new address,
    // [12..15] the other end's address, then the segment.
    if (size < 16 || size > 16 + 2048)
    {
        return 0;
    }
    const uint8_t protocols[] = {kUdp, kTcp, kIcmp, 47};
    const uint8_t protocol = protocols[data[0] % 4];
    const bool inbound = data[1] & 1;
    const bool noUdpChecksum = data[1] & 2;
    const uint16_t newPort = uint16_t(data[2] << 8 | data[3]);
    const uint32_t oldAddress = U32(data + 4);
    const uint32_t newAddress = U32(data + 8);
    const uint32_t other = U32(data + 12);
    std::vector<uint8_t> segment(data + 16, data + size);

    const L4Layout layout = LayoutOf(protocol, segment.data(), segment.size(), inbound);
    if (layout.size == 0 || segment.size() < layout.size)
    {
        return 0; // address-only, or too short: the router drops it as truncated
    }
    // Outbound the source (address and port) changes, inbound the destination.
    auto src = [&](uint32_t changed)
    {
        return inbound ? other : changed;
    };
    auto dst = [&](uint32_t changed)
    {
        return inbound ? changed : other;
    };
    const bool none = protocol == kUdp && noUdpChecksum;
    const uint16_t checksum =
        none ? 0 : Compute(segment, layout, protocol, src(oldAddress), dst(oldAddress));
    segment[layout.csumOffset] = uint8_t(checksum >> 8);
    segment[layout.csumOffset + 1] = uint8_t(checksum);

    const uint32_t offset = inbound ? layout.dstOffset : layout.srcOffset;
    RewritePort(segment.data(), layout, offset, newPort, oldAddress, newAddress);

    if ((uint16_t(segment[offset] << 8 | segment[offset + 1])) != newPort)
    {
        __builtin_trap(); // the port was not written
    }
    const uint16_t after =
        uint16_t(segment[layout.csumOffset] << 8 | segment[layout.csumOffset + 1]);
    if (none ? after != 0
             : !Verifies(segment, layout, protocol, src(newAddress), dst(newAddress)) ||
                   (protocol == kUdp && after == 0))
    {
        __builtin_trap(); // a checksum the receiver would reject (or a "none" UDP checksum)
    }
    return 0;
}
