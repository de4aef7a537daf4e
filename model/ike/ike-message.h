// A whole IKEv2 message: header and payload chain, optionally inside the Encrypted (SK)
// payload. Encode and Decode are exact inverses.
#ifndef IPSECLAB_IKE_MESSAGE_H
#define IPSECLAB_IKE_MESSAGE_H

#include "ike/ike-crypto-context.h"
#include "ike/ike-error.h"
#include "ike/ike-header.h"
#include "ike/ike-payloads.h"

namespace ipseclab
{

/// What became of the SK payload when decoding.
enum class IkeSkStatus : uint8_t
{
    NotEncrypted, ///< no SK payload
    Ok,           ///< ICV verified, payloads hold the decrypted inner payloads
    IcvFailed,    ///< ICV did not verify: payloads empty, drop the message silently
    NoKeys,       ///< SK payload present but no IkeCryptoContext given
};

const char* ToString(IkeSkStatus status);

struct IkeMessage
{
    IkeHeader header;
    /// The payloads; when encrypted, those inside SK (the usual case after IKE_SA_INIT).
    std::vector<IkePayload> payloads;
    bool encrypted = false;
    /// Cleartext payloads before SK (RFC 7296 allows them; normally empty).
    std::vector<IkePayload> outerPayloads;
    /// Set by Decode.
    IkeSkStatus skStatus = IkeSkStatus::NotEncrypted;

    /// A cleartext message (IKE_SA_INIT, or an unprotected error notify).
    /// Next Payload and Length of the header are computed. IkeEncodeError if encrypted.
    Bytes Encode() const;
    /// An encrypted message: payloads go inside SK, keyed by the I flag of the header
    /// (SK_ei/SK_ai when set). IV octets come from rng.
    Bytes Encode(IkeCryptoContext& crypto, RandomSource& rng, IkeSkTrace* trace = nullptr) const;

    /// Parses one IKE message (without the non-ESP marker). The whole span must be the
    /// message: the header's Length must equal data.size(). An SK payload is verified and
    /// decrypted with crypto if given (keys chosen by the I flag); see skStatus.
    /// IkeParseError on any malformed field, before or after decryption.
    static IkeMessage Decode(ByteSpan data, IkeCryptoContext* crypto = nullptr,
                             IkeSkTrace* trace = nullptr);
    /// Only the header (to find the IKE SA by SPI before decoding); IkeParseError if the data
    /// is shorter than 28 octets.
    static IkeHeader PeekHeader(ByteSpan data);

    /// Payload names as the narration shows them: ["SA","KE","Ni","N(NAT_DETECTION_SOURCE_IP)"]
    /// (outer then inner payloads; Ni in requests, Nr in responses; SK itself not listed).
    std::vector<std::string> Describe() const;
    /// "IKE_AUTH request 1 [ SK { IDi AUTH SA TSi TSr } ]".
    std::string Summary() const;

    /// First payload of a type (inner payloads first, then outer), nullptr if none.
    const IkePayload* Find(IkePayloadType type) const;
    std::vector<const IkePayload*> FindAll(IkePayloadType type) const;
    const IkeNotifyPayload* FindNotify(IkeNotifyType type) const;
    /// Types of unknown payloads with the Critical bit set: the responder must reject the
    /// message with UNSUPPORTED_CRITICAL_PAYLOAD (data = the first such type, §2.5).
    std::vector<uint8_t> UnsupportedCriticalPayloads() const;
};

} // namespace ipseclab

#endif
