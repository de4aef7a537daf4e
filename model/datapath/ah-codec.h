// AH packets (RFC 4302) as octets, after the IPv4 header:
//   Next Header(1) | Payload Len(1) | Reserved(2) | SPI(4) | Sequence(4) | ICV (padded to 4)
// The ICV covers the IPv4 header with its mutable fields (TOS, flags and fragment offset, TTL,
// checksum) zeroed, the AH header with the ICV zeroed, the payload and, with ESN, the high 32
// bits of the sequence number appended (RFC 4302 sections 3.3.3 and 2.5.1).
#ifndef IPSECLAB_DATAPATH_AH_CODEC_H
#define IPSECLAB_DATAPATH_AH_CODEC_H

#include "crypto/integrity.h"
#include "datapath/ipv4-wire.h"

#include <optional>

namespace ipseclab
{

inline constexpr size_t kAhFixedSize = 12;

/// AH header octets for an ICV of icvSize (padded to a multiple of 4 for IPv4).
size_t AhHeaderSize(size_t icvSize);

/// The 20 octets the ICV sees of an IPv4 header: mutable fields zeroed.
Bytes AhImmutableIpv4Header(const Ipv4Fields& outer);

struct AhTrace
{
    Bytes icvInput; ///< the exact octets the HMAC ran over (teaching; large)
    Bytes fullMac;  ///< untruncated HMAC output
    Bytes icv;      ///< truncated ICV as on the wire
    Bytes received; ///< inbound: the ICV that arrived
};

/// Returns AH header | payload. outer is the IPv4 header that will carry it: protocol 51 and
/// totalLength = 20 + the returned size (the caller sets them; see AhPacketSize), with the
/// identification it will really have, because the ICV covers it.
Bytes AhSeal(Integrity& integrity, const Ipv4Fields& outer, uint32_t spi, uint64_t seq, bool esn,
             ByteSpan payload, uint8_t nextHeader, AhTrace* trace = nullptr);

/// Octets AhSeal returns for that payload.
size_t AhPacketSize(const Integrity& integrity, size_t payloadSize);

struct AhHeader
{
    uint8_t nextHeader = 0;
    uint8_t payloadLen = 0; ///< AH length in 32-bit words minus 2
    uint32_t spi = 0;
    uint32_t seqLow = 0;
};

/// nullopt when shorter than the fixed 12 octets.
std::optional<AhHeader> AhPeekHeader(ByteSpan packet);

enum class AhOpenStatus : uint8_t
{
    Ok,
    Malformed, ///< length field inconsistent with the ICV size or the packet
    IcvFailure,
};

const char* ToString(AhOpenStatus status);

struct AhOpenResult
{
    AhOpenStatus status = AhOpenStatus::Malformed;
    Bytes payload;
    uint8_t nextHeader = 0;
};

/// Verifies the ICV of AH header | payload as received under the IPv4 header outer.
AhOpenResult AhOpen(Integrity& integrity, const Ipv4Fields& outer, ByteSpan packet,
                    std::optional<uint32_t> seqHigh, AhTrace* trace = nullptr);

} // namespace ipseclab

#endif
