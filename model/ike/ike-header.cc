#include "ike/ike-header.h"

#include "ike/ike-wire-io.h"

namespace ipseclab
{

void
IkeHeader::SetInitiator(bool on)
{
    flags = on ? (flags | kIkeFlagInitiator) : (flags & ~kIkeFlagInitiator);
}

void
IkeHeader::SetResponse(bool on)
{
    flags = on ? (flags | kIkeFlagResponse) : (flags & ~kIkeFlagResponse);
}

void
IkeHeader::Encode(Bytes& out) const
{
    PutU64(out, spiI);
    PutU64(out, spiR);
    PutU8(out, nextPayload);
    PutU8(out, static_cast<uint8_t>((majorVersion << 4) | (minorVersion & 0x0f)));
    PutU8(out, static_cast<uint8_t>(exchangeType));
    PutU8(out, flags);
    PutU32(out, messageId);
    PutU32(out, length);
}

IkeHeader
IkeHeader::Decode(ByteSpan data)
{
    IkeReader r(data, 0, "IKE header");
    IkeHeader h;
    h.spiI = r.U64("initiator SPI");
    h.spiR = r.U64("responder SPI");
    h.nextPayload = r.U8("next payload");
    uint8_t version = r.U8("version");
    h.majorVersion = version >> 4;
    h.minorVersion = version & 0x0f;
    h.exchangeType = static_cast<IkeExchangeType>(r.U8("exchange type"));
    h.flags = r.U8("flags");
    h.messageId = r.U32("message ID");
    h.length = r.U32("length");
    return h;
}

std::string
IkeHeader::Summary() const
{
    return ToString(exchangeType) + (IsResponse() ? " response " : " request ") +
           std::to_string(messageId);
}

} // namespace ipseclab
