#include "ikev1/ikev1-cipher.h"

namespace ipseclab::ikev1
{

Bytes
PadPlaintext(ByteSpan chain, size_t blockSize)
{
    Bytes out(chain.begin(), chain.end());
    size_t pad = blockSize - (chain.size() + 1) % blockSize;
    if (pad == blockSize)
    {
        pad = 0;
    }
    out.insert(out.end(), pad, 0);
    out.push_back(static_cast<uint8_t>(pad));
    return out;
}

Ikev1Cbc::Ikev1Cbc(std::string_view encryption, ByteSpan key)
    : m_cbc(encryption, key)
{
}

Bytes
Ikev1Cbc::Encrypt(const Message& message, Bytes& iv)
{
    Bytes body = PadPlaintext(EncodePayloadChain(message.payloads), BlockSize());
    m_cbc.Encrypt(iv, body, body.data());
    Header h = message.header;
    h.flags |= flags::kEncryption;
    h.nextPayload = message.payloads.empty() ? PayloadType::None : message.payloads.front().type;
    h.length = static_cast<uint32_t>(kHeaderSize + body.size());
    Bytes out;
    h.Encode(out);
    PutBytes(out, body);
    iv.assign(out.end() - BlockSize(), out.end());
    return out;
}

Message
Ikev1Cbc::Decrypt(ByteSpan wire, Bytes& iv)
{
    Message m;
    m.header = Header::Decode(wire);
    size_t size = wire.size() - kHeaderSize;
    if (!m.header.Encrypted())
    {
        throw IkeParseError(
            "E flag not set on a message that must be encrypted", 19, "ISAKMP header");
    }
    if (size == 0 || size % BlockSize() != 0)
    {
        throw IkeParseError("encrypted body of " + std::to_string(size) + " octets is not whole " +
                                std::to_string(BlockSize()) + "-octet blocks",
                            kHeaderSize,
                            "ISAKMP message");
    }
    Bytes plain(size);
    ByteSpan body(wire.data() + kHeaderSize, size);
    m_cbc.Decrypt(iv, body, plain.data());
    iv.assign(body.end() - BlockSize(), body.end());
    size_t padding = 0;
    m.payloads = DecodePayloadChain(m.header.nextPayload, plain, kHeaderSize, &padding);
    if (padding > 255)
    {
        throw IkeParseError(std::to_string(padding) + " octets after the last payload",
                            wire.size() - padding,
                            "encrypted body");
    }
    return m;
}

} // namespace ipseclab::ikev1
