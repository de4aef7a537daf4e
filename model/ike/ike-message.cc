#include "ike/ike-message.h"

#include "ike/ike-payload-codec.h"

namespace ipseclab
{

namespace
{

constexpr uint8_t kSk = static_cast<uint8_t>(IkePayloadType::Encrypted);

void
PatchLength(Bytes& out, size_t n)
{
    out[24] = static_cast<uint8_t>(n >> 24);
    out[25] = static_cast<uint8_t>(n >> 16);
    out[26] = static_cast<uint8_t>(n >> 8);
    out[27] = static_cast<uint8_t>(n);
}

} // namespace

const char*
ToString(IkeSkStatus status)
{
    switch (status)
    {
    case IkeSkStatus::NotEncrypted:
        return "not-encrypted";
    case IkeSkStatus::Ok:
        return "icv-ok";
    case IkeSkStatus::IcvFailed:
        return "icv-failed";
    case IkeSkStatus::NoKeys:
        return "no-keys";
    }
    return "unknown";
}

Bytes
IkeMessage::Encode() const
{
    if (encrypted)
    {
        throw IkeEncodeError("an encrypted message needs an IkeCryptoContext to encode");
    }
    if (!outerPayloads.empty())
    {
        throw IkeEncodeError("outer payloads are only for encrypted messages");
    }
    Bytes out;
    out.reserve(256);
    header.Encode(out);
    out[16] = EncodePayloadChain(payloads, 0, out);
    PatchLength(out, out.size());
    return out;
}

Bytes
IkeMessage::Encode(IkeCryptoContext& crypto, RandomSource& rng, IkeSkTrace* trace) const
{
    if (!encrypted)
    {
        return Encode();
    }
    Bytes inner;
    uint8_t firstInner = EncodePayloadChain(payloads, 0, inner);
    Bytes out;
    out.reserve(kIkeHeaderSize + 64 + crypto.SkBodySize(inner.size()));
    header.Encode(out);
    out[16] = EncodePayloadChain(outerPayloads, kSk, out);
    size_t skAt = out.size();
    PutU8(out, firstInner);
    PutU8(out, 0);
    PutU16(out, 0);
    PatchU16Length(out, skAt + 2, kIkeGenericHeaderSize + crypto.SkBodySize(inner.size()), "SK");
    // The ICV (or AEAD AAD) covers the header, so Length must be final before sealing.
    PatchLength(out, out.size() + crypto.SkBodySize(inner.size()));
    crypto.Protect(header.IsInitiator(), out, inner, rng, trace);
    return out;
}

IkeHeader
IkeMessage::PeekHeader(ByteSpan data)
{
    return IkeHeader::Decode(data);
}

IkeMessage
IkeMessage::Decode(ByteSpan data, IkeCryptoContext* crypto, IkeSkTrace* trace)
{
    IkeMessage m;
    m.header = IkeHeader::Decode(data);
    if (m.header.majorVersion != 2)
    {
        throw IkeParseError("major version " + std::to_string(m.header.majorVersion) +
                                " (this is IKEv2)",
                            17,
                            "IKE header");
    }
    if (m.header.length != data.size())
    {
        throw IkeParseError("Length says " + std::to_string(m.header.length) +
                                " octets, the datagram has " + std::to_string(data.size()),
                            24,
                            "IKE header");
    }
    ByteSpan chain = data.subspan(kIkeHeaderSize);
    IkeChainDecode outer =
        DecodePayloadChain(m.header.nextPayload, chain, kIkeHeaderSize, "message", true);
    if (!outer.sk)
    {
        m.payloads = std::move(outer.payloads);
        return m;
    }
    m.encrypted = true;
    m.outerPayloads = std::move(outer.payloads);
    if (!crypto)
    {
        m.skStatus = IkeSkStatus::NoKeys;
        return m;
    }
    size_t skBodyAt = kIkeHeaderSize + outer.sk->offset + kIkeGenericHeaderSize;
    std::optional<Bytes> inner = crypto->Unprotect(m.header.IsInitiator(), data, skBodyAt, trace);
    if (!inner)
    {
        m.skStatus = IkeSkStatus::IcvFailed;
        return m;
    }
    m.skStatus = IkeSkStatus::Ok;
    // Offsets inside the plaintext are reported from the first octet after the IV.
    IkeChainDecode in = DecodePayloadChain(
        outer.sk->firstInner, *inner, skBodyAt + crypto->IvSize(), "SK (decrypted)", false);
    m.payloads = std::move(in.payloads);
    return m;
}

std::vector<std::string>
IkeMessage::Describe() const
{
    std::vector<std::string> names;
    auto add = [&](const IkePayload& p)
    {
        if (p.type == IkePayloadType::Nonce)
        {
            names.push_back(header.IsResponse() ? "Nr" : "Ni");
        }
        else
        {
            names.push_back(p.Name());
        }
    };
    for (const auto& p : outerPayloads)
    {
        add(p);
    }
    for (const auto& p : payloads)
    {
        add(p);
    }
    return names;
}

std::string
IkeMessage::Summary() const
{
    std::vector<std::string> names = Describe();
    std::string s = header.Summary() + " [";
    size_t outer = outerPayloads.size();
    for (size_t i = 0; i < names.size(); ++i)
    {
        if (encrypted && i == outer)
        {
            s += " SK {";
        }
        s += " " + names[i];
    }
    if (encrypted)
    {
        if (names.size() == outer)
        {
            s += " SK {";
        }
        s += skStatus == IkeSkStatus::IcvFailed || skStatus == IkeSkStatus::NoKeys
                 ? std::string(" ") + ToString(skStatus) + " }"
                 : " }";
    }
    return s + " ]";
}

const IkePayload*
IkeMessage::Find(IkePayloadType type) const
{
    auto all = FindAll(type);
    return all.empty() ? nullptr : all.front();
}

std::vector<const IkePayload*>
IkeMessage::FindAll(IkePayloadType type) const
{
    std::vector<const IkePayload*> out;
    for (const auto* list : {&payloads, &outerPayloads})
    {
        for (const auto& p : *list)
        {
            if (p.type == type)
            {
                out.push_back(&p);
            }
        }
    }
    return out;
}

const IkeNotifyPayload*
IkeMessage::FindNotify(IkeNotifyType type) const
{
    for (const IkePayload* p : FindAll(IkePayloadType::Notify))
    {
        const auto* n = p->As<IkeNotifyPayload>();
        if (n && n->Type() == type)
        {
            return n;
        }
    }
    return nullptr;
}

std::vector<uint8_t>
IkeMessage::UnsupportedCriticalPayloads() const
{
    std::vector<uint8_t> out;
    for (const auto* list : {&outerPayloads, &payloads})
    {
        for (const auto& p : *list)
        {
            if (p.critical && p.As<IkeRawPayload>())
            {
                out.push_back(static_cast<uint8_t>(p.type));
            }
        }
    }
    return out;
}

} // namespace ipseclab
