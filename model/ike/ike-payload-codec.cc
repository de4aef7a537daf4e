// Payload bodies other than SA (RFC 7296 §3.4-§3.15) and the generic payload header chain.
#include "ike/ike-payload-codec.h"

namespace ipseclab
{

namespace
{

constexpr uint8_t kCriticalBit = 0x80;

size_t
TsAddressSize(IkeTsType type)
{
    switch (type)
    {
    case IkeTsType::Ipv4AddrRange:
        return 4;
    case IkeTsType::Ipv6AddrRange:
        return 16;
    }
    return 0;
}

void
Reserved(Bytes& out, size_t n)
{
    out.insert(out.end(), n, 0);
}

[[noreturn]] void
WrongBody(const IkePayload& p)
{
    throw IkeEncodeError("payload " + ToString(p.type) + " has a body of another payload type");
}

template <typename T>
const T&
BodyOf(const IkePayload& p)
{
    const T* body = p.As<T>();
    if (!body)
    {
        WrongBody(p);
    }
    return *body;
}

void
EncodeTs(const IkeTsPayload& ts, Bytes& out)
{
    if (ts.selectors.size() > 255)
    {
        throw IkeEncodeError("more than 255 traffic selectors");
    }
    PutU8(out, static_cast<uint8_t>(ts.selectors.size()));
    Reserved(out, 3);
    for (const auto& s : ts.selectors)
    {
        size_t n = TsAddressSize(s.type);
        if (n == 0 || s.startAddress.size() != n || s.endAddress.size() != n)
        {
            throw IkeEncodeError("traffic selector of type " +
                                 std::to_string(static_cast<unsigned>(s.type)) +
                                 " needs two addresses of " + std::to_string(n) + " octets");
        }
        PutU8(out, static_cast<uint8_t>(s.type));
        PutU8(out, s.ipProtocol);
        PutU16(out, static_cast<uint16_t>(8 + 2 * n));
        PutU16(out, s.startPort);
        PutU16(out, s.endPort);
        PutBytes(out, s.startAddress);
        PutBytes(out, s.endAddress);
    }
}

IkeTsPayload
DecodeTs(IkeReader& r)
{
    IkeTsPayload ts;
    uint8_t count = r.U8("number of TSs");
    r.Skip(3, "TS RESERVED");
    for (unsigned i = 0; i < count; ++i)
    {
        size_t at = r.Offset();
        IkeTrafficSelector s;
        s.type = static_cast<IkeTsType>(r.U8("TS type"));
        s.ipProtocol = r.U8("IP protocol ID");
        uint16_t length = r.U16("selector length");
        size_t n = TsAddressSize(s.type);
        if (n == 0)
        {
            throw IkeParseError("unsupported traffic selector type " +
                                    std::to_string(static_cast<unsigned>(s.type)),
                                at,
                                r.Where());
        }
        if (length != 8 + 2 * n)
        {
            throw IkeParseError("selector length " + std::to_string(length) + ", expected " +
                                    std::to_string(8 + 2 * n),
                                at + 2,
                                r.Where());
        }
        s.startPort = r.U16("start port");
        s.endPort = r.U16("end port");
        s.startAddress = r.TakeBytes(n, "starting address");
        s.endAddress = r.TakeBytes(n, "ending address");
        ts.selectors.push_back(std::move(s));
    }
    if (!r.AtEnd())
    {
        r.Fail(std::to_string(r.Remaining()) + " octets after " + std::to_string(count) +
               " traffic selectors (Number of TSs)");
    }
    return ts;
}

void
EncodeCp(const IkeCpPayload& cp, Bytes& out)
{
    PutU8(out, static_cast<uint8_t>(cp.cfgType));
    Reserved(out, 3);
    for (const auto& a : cp.attributes)
    {
        if (a.type > 0x7fff)
        {
            throw IkeEncodeError("configuration attribute type does not fit in 15 bits");
        }
        PutU16(out, a.type);
        size_t at = out.size();
        PutU16(out, 0);
        PatchU16Length(out, at, a.value.size(), "configuration attribute");
        PutBytes(out, a.value);
    }
}

IkeCpPayload
DecodeCp(IkeReader& r)
{
    IkeCpPayload cp;
    cp.cfgType = static_cast<IkeCfgType>(r.U8("CFG type"));
    r.Skip(3, "CP RESERVED");
    while (!r.AtEnd())
    {
        IkeCpAttribute a;
        a.type = r.U16("attribute type") & 0x7fff; // R bit: reserved
        uint16_t length = r.U16("attribute length");
        a.value = r.TakeBytes(length, "attribute value");
        cp.attributes.push_back(std::move(a));
    }
    return cp;
}

} // namespace

void
EncodePayloadBody(const IkePayload& p, Bytes& out)
{
    switch (p.type)
    {
    case IkePayloadType::Sa:
        EncodeSaBody(BodyOf<IkeSaPayload>(p), out);
        return;
    case IkePayloadType::Ke:
    {
        const auto& ke = BodyOf<IkeKePayload>(p);
        PutU16(out, ke.dhGroup);
        Reserved(out, 2);
        PutBytes(out, ke.keyExchangeData);
        return;
    }
    case IkePayloadType::IdI:
    case IkePayloadType::IdR:
    {
        const auto& id = BodyOf<IkeIdPayload>(p);
        PutU8(out, static_cast<uint8_t>(id.idType));
        Reserved(out, 3);
        PutBytes(out, id.data);
        return;
    }
    case IkePayloadType::Cert:
    case IkePayloadType::CertReq:
    {
        const auto& c = BodyOf<IkeCertPayload>(p);
        PutU8(out, static_cast<uint8_t>(c.encoding));
        PutBytes(out, c.data);
        return;
    }
    case IkePayloadType::Auth:
    {
        const auto& a = BodyOf<IkeAuthPayload>(p);
        PutU8(out, static_cast<uint8_t>(a.method));
        Reserved(out, 3);
        PutBytes(out, a.data);
        return;
    }
    case IkePayloadType::Nonce:
        PutBytes(out, BodyOf<IkeNoncePayload>(p).nonce);
        return;
    case IkePayloadType::Notify:
    {
        const auto& n = BodyOf<IkeNotifyPayload>(p);
        if (n.spi.size() > 255)
        {
            throw IkeEncodeError("notify SPI longer than 255 octets");
        }
        PutU8(out, static_cast<uint8_t>(n.protocol));
        PutU8(out, static_cast<uint8_t>(n.spi.size()));
        PutU16(out, n.type);
        PutBytes(out, n.spi);
        PutBytes(out, n.data);
        return;
    }
    case IkePayloadType::Delete:
    {
        const auto& d = BodyOf<IkeDeletePayload>(p);
        if (d.spis.size() > 0xffff)
        {
            throw IkeEncodeError("more than 65535 SPIs in a Delete payload");
        }
        PutU8(out, static_cast<uint8_t>(d.protocol));
        PutU8(out, d.spiSize);
        PutU16(out, static_cast<uint16_t>(d.spis.size()));
        for (const auto& spi : d.spis)
        {
            if (spi.size() != d.spiSize)
            {
                throw IkeEncodeError("Delete payload SPI of " + std::to_string(spi.size()) +
                                     " octets, SPI size says " + std::to_string(d.spiSize));
            }
            PutBytes(out, spi);
        }
        return;
    }
    case IkePayloadType::VendorId:
        PutBytes(out, BodyOf<IkeVendorIdPayload>(p).vendorId);
        return;
    case IkePayloadType::TsI:
    case IkePayloadType::TsR:
        EncodeTs(BodyOf<IkeTsPayload>(p), out);
        return;
    case IkePayloadType::Cp:
        EncodeCp(BodyOf<IkeCpPayload>(p), out);
        return;
    case IkePayloadType::Encrypted:
        throw IkeEncodeError("SK is not a payload of the list: set IkeMessage::encrypted");
    default:
        PutBytes(out, BodyOf<IkeRawPayload>(p).body);
        return;
    }
}

IkePayloadBody
DecodePayloadBody(IkePayloadType type, IkeReader& r)
{
    switch (type)
    {
    case IkePayloadType::Sa:
        return DecodeSaBody(r);
    case IkePayloadType::Ke:
    {
        IkeKePayload ke;
        ke.dhGroup = r.U16("DH group");
        r.Skip(2, "KE RESERVED");
        ke.keyExchangeData = r.TakeBytes(r.Remaining(), "key exchange data");
        return ke;
    }
    case IkePayloadType::IdI:
    case IkePayloadType::IdR:
    {
        IkeIdPayload id;
        id.idType = static_cast<IkeIdType>(r.U8("ID type"));
        r.Skip(3, "ID RESERVED");
        id.data = r.TakeBytes(r.Remaining(), "identification data");
        if (id.idType == IkeIdType::Ipv4Addr && id.data.size() != 4)
        {
            r.Fail("ID_IPV4_ADDR with " + std::to_string(id.data.size()) + " octets");
        }
        return id;
    }
    case IkePayloadType::Cert:
    case IkePayloadType::CertReq:
    {
        IkeCertPayload c;
        c.encoding = static_cast<IkeCertEncoding>(r.U8("certificate encoding"));
        c.data = r.TakeBytes(r.Remaining(), "certificate data");
        return c;
    }
    case IkePayloadType::Auth:
    {
        IkeAuthPayload a;
        a.method = static_cast<IkeAuthMethod>(r.U8("auth method"));
        r.Skip(3, "AUTH RESERVED");
        a.data = r.TakeBytes(r.Remaining(), "authentication data");
        return a;
    }
    case IkePayloadType::Nonce:
        return IkeNoncePayload{r.TakeBytes(r.Remaining(), "nonce data")};
    case IkePayloadType::Notify:
    {
        IkeNotifyPayload n;
        n.protocol = static_cast<IkeProtocolId>(r.U8("protocol ID"));
        uint8_t spiSize = r.U8("SPI size");
        n.type = r.U16("notify message type");
        n.spi = r.TakeBytes(spiSize, "notify SPI");
        n.data = r.TakeBytes(r.Remaining(), "notification data");
        return n;
    }
    case IkePayloadType::Delete:
    {
        IkeDeletePayload d;
        d.protocol = static_cast<IkeProtocolId>(r.U8("protocol ID"));
        d.spiSize = r.U8("SPI size");
        uint16_t count = r.U16("number of SPIs");
        if (size_t(count) * d.spiSize != r.Remaining())
        {
            r.Fail(std::to_string(count) + " SPIs of " + std::to_string(d.spiSize) +
                   " octets do not match the " + std::to_string(r.Remaining()) + " octets left");
        }
        for (unsigned i = 0; i < count; ++i)
        {
            d.spis.push_back(r.TakeBytes(d.spiSize, "SPI"));
        }
        return d;
    }
    case IkePayloadType::VendorId:
        return IkeVendorIdPayload{r.TakeBytes(r.Remaining(), "vendor ID")};
    case IkePayloadType::TsI:
    case IkePayloadType::TsR:
        return DecodeTs(r);
    case IkePayloadType::Cp:
        return DecodeCp(r);
    default:
        return IkeRawPayload{r.TakeBytes(r.Remaining(), "payload body")};
    }
}

uint8_t
EncodePayloadChain(const std::vector<IkePayload>& payloads, uint8_t lastNext, Bytes& out)
{
    for (size_t i = 0; i < payloads.size(); ++i)
    {
        const IkePayload& p = payloads[i];
        uint8_t next =
            (i + 1 < payloads.size()) ? static_cast<uint8_t>(payloads[i + 1].type) : lastNext;
        size_t start = out.size();
        PutU8(out, next);
        PutU8(out, p.critical ? kCriticalBit : 0);
        PutU16(out, 0);
        EncodePayloadBody(p, out);
        PatchU16Length(out, start + 2, out.size() - start, ToString(p.type).c_str());
    }
    return payloads.empty() ? lastNext : static_cast<uint8_t>(payloads.front().type);
}

IkeChainDecode
DecodePayloadChain(uint8_t first, ByteSpan data, size_t base, const std::string& where,
                   bool allowSk)
{
    IkeChainDecode result;
    IkeReader r(data, base, where);
    uint8_t type = first;
    unsigned index = 0;
    while (type != 0)
    {
        ++index;
        std::string pw = where + ", payload " + std::to_string(index) + " (" +
                         ToString(static_cast<IkePayloadType>(type)) + ")";
        size_t at = r.Offset();
        if (r.AtEnd())
        {
            throw IkeParseError("a " + ToString(static_cast<IkePayloadType>(type)) +
                                    " payload is announced but the data ends",
                                at,
                                pw);
        }
        uint8_t next = r.U8("next payload");
        uint8_t flags = r.U8("critical/reserved");
        uint16_t length = r.U16("payload length");
        if (length < kIkeGenericHeaderSize)
        {
            throw IkeParseError("payload length " + std::to_string(length) +
                                    " is shorter than the 4-octet generic header",
                                at + 2,
                                pw);
        }
        if (length - kIkeGenericHeaderSize > r.Remaining())
        {
            throw IkeParseError("payload length " + std::to_string(length) + " exceeds the " +
                                    std::to_string(r.Remaining() + kIkeGenericHeaderSize) +
                                    " octets left",
                                at + 2,
                                pw);
        }
        IkeReader body = r.Sub(length - kIkeGenericHeaderSize, "payload body", pw);
        bool critical = (flags & kCriticalBit) != 0;
        if (type == static_cast<uint8_t>(IkePayloadType::Encrypted))
        {
            if (!allowSk)
            {
                throw IkeParseError("an Encrypted payload inside an Encrypted payload", at, pw);
            }
            if (!r.AtEnd())
            {
                throw IkeParseError("the Encrypted payload must be the last payload, " +
                                        std::to_string(r.Remaining()) + " octets follow it",
                                    at,
                                    pw);
            }
            result.sk = IkeSkLocation{at - base, next, critical, body.Rest()};
            return result;
        }
        IkePayload p;
        p.type = static_cast<IkePayloadType>(type);
        p.critical = critical;
        if (IsKnownPayloadType(type))
        {
            p.body = DecodePayloadBody(p.type, body);
            body.ExpectEnd("the payload body");
        }
        else
        {
            // Unknown: kept as received; IkeMessage reports it when the Critical bit is set.
            ByteSpan raw = body.Rest();
            p.body = IkeRawPayload{Bytes(raw.begin(), raw.end())};
        }
        result.payloads.push_back(std::move(p));
        type = next;
    }
    if (!r.AtEnd())
    {
        r.Fail(std::to_string(r.Remaining()) + " octets after the last payload");
    }
    return result;
}

} // namespace ipseclab
