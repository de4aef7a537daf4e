#include "ikev1/ikev1-message.h"

namespace ipseclab::ikev1
{

namespace
{

bool
KnownExchange(uint8_t e)
{
    return (e >= 1 && e <= 5) || e == uint8_t(ExchangeType::Quick);
}

} // namespace

void
Header::Encode(Bytes& out) const
{
    PutU64(out, initiatorCookie);
    PutU64(out, responderCookie);
    PutU8(out, uint8_t(nextPayload));
    PutU8(out, version);
    PutU8(out, uint8_t(exchange));
    PutU8(out, flags);
    PutU32(out, messageId);
    PutU32(out, length);
}

Header
Header::Decode(ByteSpan message)
{
    IkeReader r(message, 0, "ISAKMP header");
    Header h;
    h.initiatorCookie = r.U64("initiator cookie");
    h.responderCookie = r.U64("responder cookie");
    h.nextPayload = PayloadType(r.U8("next payload"));
    h.version = r.U8("version");
    if (h.version >> 4 != 1)
    {
        r.Fail("ISAKMP major version " + std::to_string(h.version >> 4) + " is not 1");
    }
    uint8_t exchange = r.U8("exchange type");
    if (!KnownExchange(exchange))
    {
        r.Fail("unknown exchange type " + std::to_string(exchange) + " (INVALID-EXCHANGE-TYPE)");
    }
    h.exchange = ExchangeType(exchange);
    h.flags = r.U8("flags");
    if (h.flags & ~uint8_t(flags::kEncryption | flags::kCommit | flags::kAuthOnly))
    {
        r.Fail("unknown flag bits " + std::to_string(h.flags) + " (INVALID-FLAGS)");
    }
    h.messageId = r.U32("message ID");
    h.length = r.U32("length");
    if (h.initiatorCookie == 0)
    {
        r.Fail("initiator cookie is zero (INVALID-COOKIE)");
    }
    if (h.length != message.size())
    {
        r.Fail("header length " + std::to_string(h.length) + " but the datagram has " +
               std::to_string(message.size()) + " octets");
    }
    return h;
}

Bytes
EncodePayloadChain(const std::vector<Payload>& payloads)
{
    Bytes out;
    for (size_t i = 0; i < payloads.size(); ++i)
    {
        const Payload& p = payloads[i];
        if (p.type == PayloadType::None || p.type == PayloadType::Proposal ||
            p.type == PayloadType::Transform)
        {
            throw IkeEncodeError(std::string("payload ") + PayloadName(p.type) +
                                 " cannot stand in a message chain");
        }
        Bytes body = p.EncodeBody();
        PutU8(out, i + 1 < payloads.size() ? uint8_t(payloads[i + 1].type) : 0);
        PutU8(out, 0);
        size_t at = out.size();
        PutU16(out, 0);
        PatchU16Length(out, at, body.size() + kGenericHeaderSize, PayloadName(p.type));
        PutBytes(out, body);
    }
    return out;
}

std::vector<Payload>
DecodePayloadChain(PayloadType first, ByteSpan data, size_t base, size_t* rest)
{
    std::vector<Payload> payloads;
    IkeReader r(data, base, "payload chain");
    PayloadType type = first;
    while (type != PayloadType::None)
    {
        if (payloads.size() >= 64)
        {
            r.Fail("more than 64 payloads");
        }
        size_t start = r.Offset() - base;
        uint8_t next = r.U8("next payload");
        uint8_t reserved = r.U8("reserved");
        if (reserved != 0)
        {
            r.Fail(std::string(PayloadName(type)) + ": reserved octet not zero");
        }
        uint16_t length = r.U16("payload length");
        if (length < kGenericHeaderSize)
        {
            r.Fail(std::string(PayloadName(type)) + " length " + std::to_string(length) +
                   " below 4");
        }
        IkeReader body = r.Sub(length - kGenericHeaderSize, "payload body", PayloadName(type));
        Payload p;
        p.type = type;
        p.body = DecodeBody(type, body);
        p.wire.assign(data.data() + start, data.data() + start + length);
        payloads.push_back(std::move(p));
        type = PayloadType(next);
    }
    if (rest)
    {
        *rest = r.Remaining();
    }
    else
    {
        r.ExpectEnd("message");
    }
    return payloads;
}

Bytes
Message::Encode() const
{
    Bytes chain = EncodePayloadChain(payloads);
    Header h = header;
    h.flags &= ~flags::kEncryption;
    h.nextPayload = payloads.empty() ? PayloadType::None : payloads.front().type;
    h.length = static_cast<uint32_t>(kHeaderSize + chain.size());
    Bytes out;
    h.Encode(out);
    PutBytes(out, chain);
    return out;
}

Message
Message::Decode(ByteSpan message)
{
    Message m;
    m.header = Header::Decode(message);
    if (m.header.Encrypted())
    {
        throw IkeParseError(
            "message is encrypted (E flag): decrypt it first", kHeaderSize, "ISAKMP message");
    }
    m.payloads =
        DecodePayloadChain(m.header.nextPayload,
                           ByteSpan(message.data() + kHeaderSize, message.size() - kHeaderSize),
                           kHeaderSize);
    return m;
}

const Payload*
Message::Find(PayloadType type) const
{
    for (const Payload& p : payloads)
    {
        if (p.type == type)
        {
            return &p;
        }
    }
    return nullptr;
}

std::string
Message::Summary() const
{
    std::string s = ExchangeName(header.exchange);
    for (const Payload& p : payloads)
    {
        s += ' ';
        s += PayloadName(p.type);
    }
    return s;
}

} // namespace ipseclab::ikev1
