#include "datapath/esp-codec.h"

#include "datapath/ipv4-wire.h"

#include <cstring>

namespace ipseclab
{

namespace
{

std::optional<uint32_t>
HighHalf(uint64_t seq, bool esn)
{
    return esn ? std::optional<uint32_t>(static_cast<uint32_t>(seq >> 32)) : std::nullopt;
}

} // namespace

Bytes
EspSeal(EspTransform& transform, uint32_t spi, uint64_t seq, bool esn, ByteSpan payload,
        uint8_t nextHeader, ByteSpan iv, size_t tfcPadding, EspSealTrace* trace)
{
    Bytes packet;
    EspSealInto(packet, transform, spi, seq, esn, payload, nextHeader, iv, tfcPadding, trace);
    return packet;
}

void
EspSealInto(Bytes& packet, EspTransform& transform, uint32_t spi, uint64_t seq, bool esn,
            ByteSpan payload, uint8_t nextHeader, ByteSpan iv, size_t tfcPadding,
            EspSealTrace* trace)
{
    CheckSize("ESP IV", transform.IvSize(), iv.size());
    const size_t inner = payload.size() + tfcPadding;
    const size_t padLength = transform.PaddingLength(inner);
    const size_t plainSize = inner + padLength + 2;
    const size_t ivSize = transform.IvSize();
    const size_t icvSize = transform.IcvSize();

    packet.resize(kEspHeaderSize + ivSize + plainSize + icvSize);
    uint8_t* p = packet.data();
    PutBe32(p, spi);
    PutBe32(p + 4, static_cast<uint32_t>(seq));
    if (ivSize > 0)
    {
        std::memcpy(p + kEspHeaderSize, iv.data(), ivSize);
    }
    // The plaintext is assembled where the ciphertext goes and encrypted in place.
    uint8_t* body = p + kEspHeaderSize + ivSize;
    if (!payload.empty())
    {
        std::memcpy(body, payload.data(), payload.size());
    }
    std::memset(body + payload.size(), 0, tfcPadding);
    for (size_t i = 0; i < padLength; ++i)
    {
        body[inner + i] = static_cast<uint8_t>(i + 1); // RFC 4303 2.4: 1, 2, 3, ...
    }
    body[inner + padLength] = static_cast<uint8_t>(padLength);
    body[inner + padLength + 1] = nextHeader;
    if (trace)
    {
        trace->plaintext.assign(body, body + plainSize);
        trace->iv.assign(iv.begin(), iv.end());
        trace->padLength = padLength;
    }
    uint8_t* icv = body + plainSize;
    transform.Seal(
        ByteSpan(p, kEspHeaderSize), HighHalf(seq, esn), iv, ByteSpan(body, plainSize), body, icv);
    if (trace)
    {
        trace->ciphertext.assign(body, body + plainSize);
        trace->icv.assign(icv, icv + icvSize);
    }
}

std::optional<EspHeader>
EspPeekHeader(ByteSpan packet)
{
    if (packet.size() < kEspHeaderSize)
    {
        return std::nullopt;
    }
    return EspHeader{GetBe32(packet.data()), GetBe32(packet.data() + 4)};
}

const char*
ToString(EspOpenStatus status)
{
    switch (status)
    {
    case EspOpenStatus::Ok:
        return "ok";
    case EspOpenStatus::Malformed:
        return "malformed";
    case EspOpenStatus::IcvFailure:
        return "icv-failure";
    case EspOpenStatus::BadPadding:
        return "bad-padding";
    }
    return "unknown";
}

EspOpenResult
EspOpen(EspTransform& transform, ByteSpan packet, std::optional<uint32_t> seqHigh,
        EspOpenTrace* trace)
{
    Bytes copy(packet.begin(), packet.end());
    EspOpenResult result = EspOpenInPlace(transform, copy, seqHigh, trace);
    if (result.status == EspOpenStatus::Ok)
    {
        result.payload.assign(copy.begin() + result.payloadOffset,
                              copy.begin() + result.payloadOffset + result.payloadSize);
    }
    return result;
}

EspOpenResult
EspOpenInPlace(EspTransform& transform, Bytes& packet, std::optional<uint32_t> seqHigh,
               EspOpenTrace* trace)
{
    EspOpenResult result;
    const size_t ivSize = transform.IvSize();
    const size_t icvSize = transform.IcvSize();
    const size_t overhead = kEspHeaderSize + ivSize + icvSize;
    if (packet.size() < overhead + 2)
    {
        return result; // Malformed
    }
    const size_t cipherSize = packet.size() - overhead;
    if (cipherSize % transform.BlockSize() != 0)
    {
        return result;
    }
    const size_t bodyOffset = kEspHeaderSize + ivSize;
    ByteSpan all(packet);
    ByteSpan header = all.subspan(0, kEspHeaderSize);
    ByteSpan iv = all.subspan(kEspHeaderSize, ivSize);
    ByteSpan ciphertext = all.subspan(bodyOffset, cipherSize);
    ByteSpan icv = all.subspan(bodyOffset + cipherSize, icvSize);
    if (trace)
    {
        trace->iv.assign(iv.begin(), iv.end());
        trace->ciphertext.assign(ciphertext.begin(), ciphertext.end());
        trace->icv.assign(icv.begin(), icv.end());
    }
    uint8_t* plain = packet.data() + bodyOffset; // decrypted in place
    if (!transform.Open(header, seqHigh, iv, ciphertext, icv, plain))
    {
        result.status = EspOpenStatus::IcvFailure;
        return result;
    }
    if (trace)
    {
        trace->plaintext.assign(plain, plain + cipherSize);
    }
    const size_t padLength = plain[cipherSize - 2];
    if (padLength + 2 > cipherSize)
    {
        result.status = EspOpenStatus::BadPadding;
        return result;
    }
    const size_t payloadSize = cipherSize - 2 - padLength;
    for (size_t i = 0; i < padLength; ++i)
    {
        if (plain[payloadSize + i] != static_cast<uint8_t>(i + 1))
        {
            result.status = EspOpenStatus::BadPadding;
            return result;
        }
    }
    result.nextHeader = plain[cipherSize - 1];
    result.padLength = padLength;
    result.payloadOffset = bodyOffset;
    result.payloadSize = payloadSize;
    result.status = EspOpenStatus::Ok;
    return result;
}

} // namespace ipseclab
