// The octet-level half of NAPT: where the port (or ICMP echo identifier) and the checksum of a
// transport header sit, and rewriting them with the checksum adjusted incrementally (RFC 1624,
// RFC 3022 4.2). Pure C++17, no ns-3: NatRouter decides what to translate, this does it to the
// octets, and the nat-translation fuzz target checks it against a full checksum recomputation.
#ifndef IPSECLAB_NAT_TRANSLATION_H
#define IPSECLAB_NAT_TRANSLATION_H

#include <cstddef>
#include <cstdint>

namespace ipseclab::nat
{

constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kIcmpEchoReply = 0;
constexpr uint8_t kIcmpEcho = 8;

/// Where a transport header keeps what NAPT rewrites.
struct L4Layout
{
    uint32_t size = 0;      ///< octets to rewrite (0: address-only)
    uint32_t srcOffset = 0; ///< source port / echo identifier
    uint32_t dstOffset = 0; ///< destination port / echo identifier
    uint32_t csumOffset = 0;
    bool pseudoHeader = false;  ///< checksum covers the addresses (TCP, UDP)
    bool zeroMeansNone = false; ///< UDP: checksum 0 means "not computed" and stays 0
};

/// The layout for `protocol` given the first `length` octets of its header (ICMP: echo requests
/// outbound, echo replies inbound; anything else is address-only). The caller checks that
/// `length` reaches `size` before rewriting.
L4Layout LayoutOf(uint8_t protocol, const uint8_t* first, size_t length, bool inbound);

/// Writes `newPort` at `offset` of `header` (at least layout.size octets) and adjusts the
/// checksum for it and, where a pseudo-header is covered, for the address changing from
/// `oldAddress` to `newAddress`. A UDP checksum of 0 (none) stays 0; a result of 0x0000 is written
/// as 0xffff (the same zero, and the only one that verifies when the octets sum to +0).
void RewritePort(uint8_t* header, const L4Layout& layout, uint32_t offset, uint16_t newPort,
                 uint32_t oldAddress, uint32_t newAddress);

} // namespace ipseclab::nat

#endif
