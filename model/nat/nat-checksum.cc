#include "nat/nat-checksum.h"

namespace ipseclab::nat
{

uint16_t
ChecksumAdjust16(uint16_t checksum, uint16_t oldWord, uint16_t newWord)
{
    // HC' = ~(~HC + ~m + m'), one's complement sums (RFC 1624 section 3). Unlike eqn. 2 it never
    // produces 0x0000 from a non-zero sum where 0xffff is meant.
    uint32_t sum = static_cast<uint16_t>(~checksum);
    sum += static_cast<uint16_t>(~oldWord);
    sum += newWord;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

uint16_t
ChecksumAdjust32(uint16_t checksum, uint32_t oldValue, uint32_t newValue)
{
    checksum = ChecksumAdjust16(
        checksum, static_cast<uint16_t>(oldValue >> 16), static_cast<uint16_t>(newValue >> 16));
    return ChecksumAdjust16(checksum,
                            static_cast<uint16_t>(oldValue & 0xffff),
                            static_cast<uint16_t>(newValue & 0xffff));
}

uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

void
WriteU16(uint8_t* p, uint16_t value)
{
    p[0] = static_cast<uint8_t>(value >> 8);
    p[1] = static_cast<uint8_t>(value & 0xff);
}

} // namespace ipseclab::nat
