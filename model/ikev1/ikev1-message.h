// An ISAKMP message (RFC 2408 §3.1): the 28-octet header and a payload chain. Encrypted
// messages (E flag) carry the chain CBC-encrypted after the header: see ikev1-cipher.h.
#ifndef IPSECLAB_IKEV1_MESSAGE_H
#define IPSECLAB_IKEV1_MESSAGE_H

#include "ikev1/ikev1-payloads.h"

namespace ipseclab::ikev1
{

struct Header
{
    uint64_t initiatorCookie = 0;
    uint64_t responderCookie = 0;
    PayloadType nextPayload = PayloadType::None;
    uint8_t version = kVersion;
    ExchangeType exchange = ExchangeType::Main;
    uint8_t flags = 0;
    uint32_t messageId = 0;
    uint32_t length = 0; // whole message, header included

    void Encode(Bytes& out) const;
    /// Checks version 1.0, known exchange type and flags, length equal to the datagram.
    static Header Decode(ByteSpan message);
    bool Encrypted() const { return flags & flags::kEncryption; }
};

/// The chain's octets, each generic header's next-payload field naming its successor.
Bytes EncodePayloadChain(const std::vector<Payload>& payloads);
/// Decodes a chain starting with first; stops at next payload 0. Returns the octets after
/// the chain through rest (padding of an encrypted body); base: offset of data in the message.
std::vector<Payload> DecodePayloadChain(PayloadType first, ByteSpan data, size_t base,
                                        size_t* rest = nullptr);

struct Message
{
    Header header;
    std::vector<Payload> payloads;

    /// Plaintext encoding (E flag cleared); header.length is filled in.
    Bytes Encode() const;
    /// A plaintext message; IkeParseError if the E flag is set (decrypt with ikev1-cipher).
    static Message Decode(ByteSpan message);

    /// The first payload of that type, nullptr if none.
    const Payload* Find(PayloadType type) const;
    /// "Main Mode SA VID" style one-liner for logs and narration.
    std::string Summary() const;
};

} // namespace ipseclab::ikev1

#endif
