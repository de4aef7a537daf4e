// ESP packets (RFC 4303 section 2) as octets:
//   SPI(4) | Sequence(4) | IV | ciphertext of [payload | TFC | padding | pad length | next header]
//   | ICV
// The codec is pure: the caller owns the SA state (sequence numbers, replay window) and picks
// the IV, so a known IV gives a known packet.
#ifndef IPSECLAB_DATAPATH_ESP_CODEC_H
#define IPSECLAB_DATAPATH_ESP_CODEC_H

#include "crypto/esp-transform.h"

#include <optional>

namespace ipseclab
{

inline constexpr size_t kEspHeaderSize = 8;
inline constexpr uint8_t kNextHeaderIpv4 = 4;  ///< tunnel mode: an inner IPv4 datagram
inline constexpr uint8_t kNextHeaderNone = 59; ///< dummy packet (RFC 4303 section 2.6)

/// What a teacher sees of one sealed packet (filled only when asked: it copies).
struct EspSealTrace
{
    Bytes plaintext; ///< payload | TFC | padding | pad length | next header
    Bytes iv;
    Bytes ciphertext;
    Bytes icv;
    size_t padLength = 0;
};

/// Builds the ESP packet. tfcPadding zero octets follow the payload (only meaningful when the
/// receiver can find the payload's end, e.g. an inner IP datagram). iv must be IvSize() long.
Bytes EspSeal(EspTransform& transform, uint32_t spi, uint64_t seq, bool esn, ByteSpan payload,
              uint8_t nextHeader, ByteSpan iv, size_t tfcPadding = 0,
              EspSealTrace* trace = nullptr);
/// The same into `out` (resized; its capacity is reused, so a per-SA buffer avoids an
/// allocation per packet on the data path). `payload` must not alias `out`.
void EspSealInto(Bytes& out, EspTransform& transform, uint32_t spi, uint64_t seq, bool esn,
                 ByteSpan payload, uint8_t nextHeader, ByteSpan iv, size_t tfcPadding = 0,
                 EspSealTrace* trace = nullptr);

struct EspHeader
{
    uint32_t spi = 0;
    uint32_t seqLow = 0;
};

/// The cleartext SPI and sequence number; nullopt when shorter than 8 octets.
std::optional<EspHeader> EspPeekHeader(ByteSpan packet);

enum class EspOpenStatus : uint8_t
{
    Ok,
    Malformed,  ///< too short, or ciphertext not a multiple of the block size
    IcvFailure, ///< the ICV did not verify (nothing is returned)
    BadPadding, ///< padding not 1, 2, 3, ... or pad length beyond the payload
};

const char* ToString(EspOpenStatus status);

struct EspOpenTrace
{
    Bytes iv;
    Bytes ciphertext;
    Bytes icv;
    Bytes plaintext; ///< with the trailer, when the ICV verified
};

struct EspOpenResult
{
    EspOpenStatus status = EspOpenStatus::Malformed;
    Bytes payload; ///< without TFC/padding/trailer (TFC stays: only the inner header knows it)
    uint8_t nextHeader = 0;
    size_t padLength = 0;
    size_t payloadOffset = 0; ///< EspOpenInPlace: where the payload starts in the packet
    size_t payloadSize = 0;   ///< EspOpenInPlace: its length
};

/// Verifies and decrypts. seqHigh: the inferred ESN high half when the SA uses ESN.
EspOpenResult EspOpen(EspTransform& transform, ByteSpan packet, std::optional<uint32_t> seqHigh,
                      EspOpenTrace* trace = nullptr);
/// The same, decrypting inside `packet` (no copy): the payload is
/// packet[payloadOffset, payloadOffset + payloadSize); `payload` stays empty.
EspOpenResult EspOpenInPlace(EspTransform& transform, Bytes& packet,
                             std::optional<uint32_t> seqHigh, EspOpenTrace* trace = nullptr);

} // namespace ipseclab

#endif
