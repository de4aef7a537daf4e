#include "datapath/ipv4-wire.h"

namespace ipseclab
{

uint16_t
InternetChecksum(const uint8_t* data, size_t length)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < length; i += 2)
    {
        sum += GetBe16(data + i);
    }
    if (length % 2 != 0)
    {
        sum += uint32_t(data[length - 1]) << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum);
}

uint16_t
UdpChecksum(uint32_t src, uint32_t dst, ByteSpan udp)
{
    Bytes buffer(12 + udp.size());
    PutBe32(buffer.data(), src);
    PutBe32(buffer.data() + 4, dst);
    buffer[8] = 0;
    buffer[9] = 17;
    PutBe16(buffer.data() + 10, static_cast<uint16_t>(udp.size()));
    std::copy(udp.begin(), udp.end(), buffer.begin() + 12);
    uint16_t sum = InternetChecksum(buffer.data(), buffer.size());
    return sum == 0 ? 0xffff : sum;
}

void
WriteIpv4Header(const Ipv4Fields& f, uint8_t* out, bool computeChecksum)
{
    out[0] = 0x45;
    out[1] = f.tos;
    PutBe16(out + 2, f.totalLength);
    PutBe16(out + 4, f.identification);
    PutBe16(out + 6, f.flagsFragment);
    out[8] = f.ttl;
    out[9] = f.protocol;
    PutBe16(out + 10, computeChecksum ? 0 : f.checksum);
    PutBe32(out + 12, f.src);
    PutBe32(out + 16, f.dst);
    if (computeChecksum)
    {
        PutBe16(out + 10, InternetChecksum(out, kIpv4HeaderSize));
    }
}

std::optional<Ipv4Fields>
ReadIpv4Header(ByteSpan data)
{
    if (data.size() < kIpv4HeaderSize || data[0] != 0x45)
    {
        return std::nullopt;
    }
    Ipv4Fields f;
    f.tos = data[1];
    f.totalLength = GetBe16(&data[2]);
    f.identification = GetBe16(&data[4]);
    f.flagsFragment = GetBe16(&data[6]);
    f.ttl = data[8];
    f.protocol = data[9];
    f.checksum = GetBe16(&data[10]);
    f.src = GetBe32(&data[12]);
    f.dst = GetBe32(&data[16]);
    if (f.totalLength < kIpv4HeaderSize || f.totalLength > data.size())
    {
        return std::nullopt;
    }
    return f;
}

} // namespace ipseclab
