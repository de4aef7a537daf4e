#include "ike/ike-helpers.h"

#include "ike/ike-wire-io.h"

#include <algorithm>
#include <openssl/evp.h>

namespace ipseclab
{

namespace
{

Bytes
Digest(const char* name, ByteSpan data, size_t size)
{
    Bytes out(size);
    unsigned len = 0;
    const EVP_MD* md = std::string(name) == "SHA1" ? EVP_sha1() : EVP_sha256();
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != size)
    {
        ThrowOpenSslError(name);
    }
    return out;
}

} // namespace

Bytes
NatDetectionHash(uint64_t spiI, uint64_t spiR, ByteSpan address, uint16_t port)
{
    if (address.size() != 4 && address.size() != 16)
    {
        throw IkeEncodeError("NAT detection needs a 4- or 16-octet address, got " +
                             std::to_string(address.size()));
    }
    Bytes input;
    PutU64(input, spiI);
    PutU64(input, spiR);
    PutBytes(input, address);
    PutU16(input, port);
    return Digest("SHA1", input, 20);
}

Bytes
NatDetectionHash(uint64_t spiI, uint64_t spiR, uint32_t ipv4, uint16_t port)
{
    Bytes address;
    PutU32(address, ipv4);
    return NatDetectionHash(spiI, spiR, ByteSpan(address), port);
}

Bytes
ComputeCookie(uint32_t secretVersion, ByteSpan secret, ByteSpan ni, ByteSpan initiatorIp,
              uint64_t spiI)
{
    Bytes input;
    PutBytes(input, ni);
    PutBytes(input, initiatorIp);
    PutU64(input, spiI);
    PutBytes(input, secret);
    Bytes cookie;
    PutU32(cookie, secretVersion);
    PutBytes(cookie, Digest("SHA256", input, 32));
    return cookie;
}

IkePayload
CookieNotify(ByteSpan cookie)
{
    if (cookie.empty() || cookie.size() > 64)
    {
        throw IkeEncodeError("a cookie has 1 to 64 octets, got " + std::to_string(cookie.size()));
    }
    return IkePayload::Notify(IkeNotifyType::Cookie, Bytes(cookie.begin(), cookie.end()));
}

void
PrependCookie(IkeMessage& request, ByteSpan cookie)
{
    auto& list = request.payloads;
    list.erase(std::remove_if(list.begin(),
                              list.end(),
                              [](const IkePayload& p)
                              {
                                  const auto* n = p.As<IkeNotifyPayload>();
                                  return n && n->Type() == IkeNotifyType::Cookie;
                              }),
               list.end());
    list.insert(list.begin(), CookieNotify(cookie));
}

IkePayload
UnsupportedCriticalNotify(uint8_t payloadType)
{
    return IkePayload::Notify(IkeNotifyType::UnsupportedCriticalPayload, Bytes{payloadType});
}

IkePayload
InvalidKeNotify(uint16_t acceptedGroup)
{
    Bytes data;
    PutU16(data, acceptedGroup);
    return IkePayload::Notify(IkeNotifyType::InvalidKePayload, data);
}

Bytes
AddNonEspMarker(ByteSpan ikeMessage)
{
    Bytes out(kNonEspMarkerSize, 0);
    PutBytes(out, ikeMessage);
    return out;
}

std::optional<ByteSpan>
StripNonEspMarker(ByteSpan udpPayload)
{
    if (udpPayload.size() < kNonEspMarkerSize)
    {
        return std::nullopt;
    }
    for (size_t i = 0; i < kNonEspMarkerSize; ++i)
    {
        if (udpPayload[i] != 0)
        {
            return std::nullopt;
        }
    }
    return udpPayload.subspan(kNonEspMarkerSize);
}

ByteSpan
RealMessageForAuth(ByteSpan data)
{
    IkeHeader h = IkeHeader::Decode(data);
    if (h.length < kIkeHeaderSize || h.length > data.size())
    {
        throw IkeParseError("Length " + std::to_string(h.length) + " does not fit the " +
                                std::to_string(data.size()) + " octets given",
                            24,
                            "IKE header");
    }
    return data.first(h.length);
}

} // namespace ipseclab
