// Small pieces the IKE daemon needs around the codec: NAT detection (RFC 7296 §2.23), cookies
// (§2.6), the non-ESP marker of UDP port 4500 (RFC 3948 §2.2) and RealMessage for AUTH (§2.15).
#ifndef IPSECLAB_IKE_HELPERS_H
#define IPSECLAB_IKE_HELPERS_H

#include "ike/ike-message.h"

#include <optional>

namespace ipseclab
{

/// SHA-1(SPIi | SPIr | IP address | port): the data of NAT_DETECTION_SOURCE_IP (the sender's
/// address and port) and NAT_DETECTION_DESTINATION_IP (the receiver's). In IKE_SA_INIT
/// requests SPIr is zero. address: 4 octets (IPv4) or 16 (IPv6).
Bytes NatDetectionHash(uint64_t spiI, uint64_t spiR, ByteSpan address, uint16_t port);
/// IPv4 address as a host-order integer (10.0.0.1 = 0x0a000001).
Bytes NatDetectionHash(uint64_t spiI, uint64_t spiR, uint32_t ipv4, uint16_t port);

/// A stateless cookie (§2.6): Cookie = VersionIDofSecret (4 octets) |
/// SHA-256(Ni | IPi | SPIi | secret), 36 octets.
Bytes ComputeCookie(uint32_t secretVersion, ByteSpan secret, ByteSpan ni, ByteSpan initiatorIp,
                    uint64_t spiI);
/// N(COOKIE) with the cookie as data (1..64 octets, IkeEncodeError otherwise).
IkePayload CookieNotify(ByteSpan cookie);
/// The initiator's retry: N(COOKIE) becomes the first payload (an old one is replaced).
void PrependCookie(IkeMessage& request, ByteSpan cookie);

/// N(UNSUPPORTED_CRITICAL_PAYLOAD), data = the one-octet payload type (§2.5).
IkePayload UnsupportedCriticalNotify(uint8_t payloadType);
/// N(INVALID_KE_PAYLOAD), data = the accepted DH group, 2 octets (§1.3).
IkePayload InvalidKeNotify(uint16_t acceptedGroup);

/// The 4 zero octets before IKE messages on port 4500 (RFC 3948 §2.2).
inline constexpr size_t kNonEspMarkerSize = 4;
Bytes AddNonEspMarker(ByteSpan ikeMessage);
/// The IKE message after the marker; nullopt when the datagram does not start with it
/// (then it is ESP, or a NAT keepalive 0xFF).
std::optional<ByteSpan> StripNonEspMarker(ByteSpan udpPayload);

/// RealMessage1/2 for the AUTH payload: the IKE_SA_INIT message exactly as sent, i.e. the
/// octets Encode returned (without a non-ESP marker). Checks that data holds one whole
/// message and returns exactly Length octets; IkeParseError otherwise.
ByteSpan RealMessageForAuth(ByteSpan data);

} // namespace ipseclab

#endif
