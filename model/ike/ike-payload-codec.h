// Encoding and decoding of payload bodies and of payload chains (generic headers, Next
// Payload linking). Used by IkeMessage; exposed for tests and tools.
#ifndef IPSECLAB_IKE_PAYLOAD_CODEC_H
#define IPSECLAB_IKE_PAYLOAD_CODEC_H

#include "ike/ike-payloads.h"
#include "ike/ike-wire-io.h"

namespace ipseclab
{

/// Appends the body (no generic header). IkeEncodeError when the body does not fit its type.
void EncodePayloadBody(const IkePayload& payload, Bytes& out);
/// Decodes exactly the reader's octets as a body of the given (known) type.
IkePayloadBody DecodePayloadBody(IkePayloadType type, IkeReader& body);

// The SA payload has its own file (proposals, transforms, attributes).
void EncodeSaBody(const IkeSaPayload& sa, Bytes& out);
IkeSaPayload DecodeSaBody(IkeReader& body);

/// Appends generic header + body for each payload; the last one's Next Payload is lastNext
/// (46 when an SK payload follows). Returns the type of the first payload, or lastNext.
uint8_t EncodePayloadChain(const std::vector<IkePayload>& payloads, uint8_t lastNext, Bytes& out);

/// Where a chain met the SK payload (offsets relative to the chain's data).
struct IkeSkLocation
{
    size_t offset = 0;      ///< of the SK generic header
    uint8_t firstInner = 0; ///< its Next Payload: the first inner payload's type
    bool critical = false;
    ByteSpan body; ///< IV | ciphertext | ICV
};

struct IkeChainDecode
{
    std::vector<IkePayload> payloads;
    std::optional<IkeSkLocation> sk;
};

/// Walks a chain starting with type `first` over `data` (which sits at `base` in the message).
/// The chain must end exactly at the end of data. allowSk: an SK payload may come, and must
/// be the last one; otherwise SK is an error (nested SK).
IkeChainDecode DecodePayloadChain(uint8_t first, ByteSpan data, size_t base,
                                  const std::string& where, bool allowSk);

} // namespace ipseclab

#endif
