// The IPv4 header as octets (RFC 791, no options): what ESP tunnel mode wraps and what AH's ICV
// covers. ns-3's Ipv4Header is not used here so that the codecs stay free of ns-3.
#ifndef IPSECLAB_DATAPATH_IPV4_WIRE_H
#define IPSECLAB_DATAPATH_IPV4_WIRE_H

#include "crypto/crypto-common.h"

#include <cstdint>
#include <optional>

namespace ipseclab
{

inline constexpr size_t kIpv4HeaderSize = 20;

struct Ipv4Fields
{
    uint8_t tos = 0;
    uint16_t totalLength = 0;
    uint16_t identification = 0;
    uint16_t flagsFragment = 0; ///< 3 flag bits and the 13-bit fragment offset, as on the wire
    uint8_t ttl = 64;
    uint8_t protocol = 0;
    uint16_t checksum = 0;
    uint32_t src = 0; ///< host byte order
    uint32_t dst = 0;
};

/// Writes 20 octets; computes the header checksum when asked (else writes fields.checksum).
void WriteIpv4Header(const Ipv4Fields& fields, uint8_t* out, bool computeChecksum = true);
/// nullopt for anything but a well-formed option-less IPv4 header (version 4, IHL 5,
/// total length >= 20 and <= data.size()).
std::optional<Ipv4Fields> ReadIpv4Header(ByteSpan data);
/// RFC 1071 Internet checksum.
uint16_t InternetChecksum(const uint8_t* data, size_t length);
/// UDP checksum over the IPv4 pseudo-header and `udp` (header with a zero checksum field, then
/// data); 0 is sent as 0xffff (RFC 768).
uint16_t UdpChecksum(uint32_t src, uint32_t dst, ByteSpan udp);

inline void
PutBe16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}

inline void
PutBe32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

inline uint16_t
GetBe16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

inline uint32_t
GetBe32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace ipseclab

#endif
