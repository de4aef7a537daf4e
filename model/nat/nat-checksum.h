// Incremental Internet checksum update (RFC 1624, eqn. 3): a NAT changes a few 16-bit words of a
// header the checksum covers, so it adjusts the checksum instead of recomputing it over the whole
// datagram. This also works on the first fragment of a datagram, whose checksum covers octets the
// NAT never sees. Pure C++17, no ns-3.
#ifndef IPSECLAB_NAT_CHECKSUM_H
#define IPSECLAB_NAT_CHECKSUM_H

#include <cstdint>

namespace ipseclab::nat
{

/// The checksum after one 16-bit word it covers changed from `oldWord` to `newWord`.
uint16_t ChecksumAdjust16(uint16_t checksum, uint16_t oldWord, uint16_t newWord);

/// The checksum after a 32-bit value it covers (an IPv4 address) changed.
uint16_t ChecksumAdjust32(uint16_t checksum, uint32_t oldValue, uint32_t newValue);

/// Reads and writes a big-endian 16-bit word.
uint16_t ReadU16(const uint8_t* p);
void WriteU16(uint8_t* p, uint16_t value);

} // namespace ipseclab::nat

#endif
