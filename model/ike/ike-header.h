// The IKE header (RFC 7296 §3.1), 28 octets:
//   IKE SA Initiator's SPI (8) | Responder's SPI (8) | Next Payload (1) | MjVer|MnVer (1) |
//   Exchange Type (1) | Flags (1) | Message ID (4) | Length (4, whole message)
#ifndef IPSECLAB_IKE_HEADER_H
#define IPSECLAB_IKE_HEADER_H

#include "crypto/crypto-common.h"
#include "ike/ike-constants.h"

namespace ipseclab
{

struct IkeHeader
{
    uint64_t spiI = 0; ///< as on the wire, big-endian
    uint64_t spiR = 0;
    uint8_t nextPayload = 0; ///< filled by IkeMessage::Encode
    uint8_t majorVersion = 2;
    uint8_t minorVersion = 0;
    IkeExchangeType exchangeType = IkeExchangeType::IkeSaInit;
    uint8_t flags = 0;
    uint32_t messageId = 0;
    uint32_t length = 0; ///< filled by IkeMessage::Encode

    /// Sent by the original initiator of the IKE SA (selects SK_ei/SK_ai).
    bool IsInitiator() const { return (flags & kIkeFlagInitiator) != 0; }
    bool IsResponse() const { return (flags & kIkeFlagResponse) != 0; }
    void SetInitiator(bool on);
    void SetResponse(bool on);

    void Encode(Bytes& out) const;
    /// Reads the first 28 octets (no check of length against the datagram: see IkeMessage).
    static IkeHeader Decode(ByteSpan data);
    /// "IKE_SA_INIT request 0" / "IKE_AUTH response 1".
    std::string Summary() const;
};

} // namespace ipseclab

#endif
