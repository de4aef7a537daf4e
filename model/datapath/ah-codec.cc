#include "datapath/ah-codec.h"

#include <cstring>

namespace ipseclab
{

size_t
AhHeaderSize(size_t icvSize)
{
    return kAhFixedSize + ((icvSize + 3) / 4) * 4;
}

size_t
AhPacketSize(const Integrity& integrity, size_t payloadSize)
{
    return AhHeaderSize(integrity.IcvSize()) + payloadSize;
}

Bytes
AhImmutableIpv4Header(const Ipv4Fields& outer)
{
    Ipv4Fields zeroed = outer;
    zeroed.tos = 0;
    zeroed.flagsFragment = 0;
    zeroed.ttl = 0;
    zeroed.checksum = 0;
    Bytes header(kIpv4HeaderSize);
    WriteIpv4Header(zeroed, header.data(), false);
    return header;
}

namespace
{

/// Runs the HMAC over the ICV input; the AH header's ICV field must be zero already.
void
ComputeAhIcv(Integrity& integrity, const Ipv4Fields& outer, ByteSpan ahHeader, ByteSpan payload,
             std::optional<uint32_t> seqHigh, uint8_t* icvOut, AhTrace* trace)
{
    Bytes ip = AhImmutableIpv4Header(outer);
    uint8_t high[4] = {0, 0, 0, 0};
    size_t highSize = 0;
    if (seqHigh)
    {
        PutBe32(high, *seqHigh);
        highSize = 4;
    }
    ByteSpan highSpan(high, highSize);
    integrity.Compute({ByteSpan(ip), ahHeader, payload, highSpan}, icvOut);
    if (trace)
    {
        trace->icvInput = Concat({ByteSpan(ip), ahHeader, payload, highSpan});
        trace->fullMac = integrity.ComputeFull({ByteSpan(ip), ahHeader, payload, highSpan});
        trace->icv.assign(icvOut, icvOut + integrity.IcvSize());
    }
}

} // namespace

Bytes
AhSeal(Integrity& integrity, const Ipv4Fields& outer, uint32_t spi, uint64_t seq, bool esn,
       ByteSpan payload, uint8_t nextHeader, AhTrace* trace)
{
    const size_t headerSize = AhHeaderSize(integrity.IcvSize());
    Bytes packet(headerSize + payload.size(), 0);
    uint8_t* p = packet.data();
    p[0] = nextHeader;
    p[1] = static_cast<uint8_t>(headerSize / 4 - 2);
    PutBe32(p + 4, spi);
    PutBe32(p + 8, static_cast<uint32_t>(seq));
    if (!payload.empty())
    {
        std::memcpy(p + headerSize, payload.data(), payload.size());
    }
    std::optional<uint32_t> high;
    if (esn)
    {
        high = static_cast<uint32_t>(seq >> 32);
    }
    Bytes icv(integrity.IcvSize());
    ComputeAhIcv(integrity, outer, ByteSpan(p, headerSize), payload, high, icv.data(), trace);
    std::memcpy(p + kAhFixedSize, icv.data(), icv.size());
    return packet;
}

std::optional<AhHeader>
AhPeekHeader(ByteSpan packet)
{
    if (packet.size() < kAhFixedSize)
    {
        return std::nullopt;
    }
    const uint8_t* p = packet.data();
    return AhHeader{p[0], p[1], GetBe32(p + 4), GetBe32(p + 8)};
}

const char*
ToString(AhOpenStatus status)
{
    switch (status)
    {
    case AhOpenStatus::Ok:
        return "ok";
    case AhOpenStatus::Malformed:
        return "malformed";
    case AhOpenStatus::IcvFailure:
        return "icv-failure";
    }
    return "unknown";
}

AhOpenResult
AhOpen(Integrity& integrity, const Ipv4Fields& outer, ByteSpan packet,
       std::optional<uint32_t> seqHigh, AhTrace* trace)
{
    AhOpenResult result;
    auto header = AhPeekHeader(packet);
    const size_t headerSize = AhHeaderSize(integrity.IcvSize());
    if (!header || (size_t(header->payloadLen) + 2) * 4 != headerSize || packet.size() < headerSize)
    {
        return result; // Malformed
    }
    Bytes zeroed(packet.begin(), packet.begin() + headerSize);
    std::memset(zeroed.data() + kAhFixedSize, 0, headerSize - kAhFixedSize);
    ByteSpan payload = packet.subspan(headerSize);
    Bytes icv(integrity.IcvSize());
    ComputeAhIcv(integrity, outer, ByteSpan(zeroed), payload, seqHigh, icv.data(), trace);
    ByteSpan received = packet.subspan(kAhFixedSize, integrity.IcvSize());
    if (trace)
    {
        trace->received.assign(received.begin(), received.end());
    }
    if (!ConstantTimeEqual(ByteSpan(icv), received))
    {
        result.status = AhOpenStatus::IcvFailure;
        return result;
    }
    result.status = AhOpenStatus::Ok;
    result.nextHeader = header->nextHeader;
    result.payload.assign(payload.begin(), payload.end());
    return result;
}

} // namespace ipseclab
