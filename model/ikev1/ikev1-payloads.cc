#include "ikev1/ikev1-payloads.h"

#include <stdexcept>

namespace ipseclab::ikev1
{

Attribute
Attribute::Basic(uint16_t type, uint16_t value)
{
    Attribute a;
    a.type = type;
    a.tv = true;
    a.shortValue = value;
    return a;
}

Attribute
Attribute::Variable(uint16_t type, Bytes value)
{
    Attribute a;
    a.type = type;
    a.tv = false;
    a.value = std::move(value);
    return a;
}

Attribute
Attribute::Number(uint16_t type, uint64_t value)
{
    if (value <= 0xffff)
    {
        return Basic(type, static_cast<uint16_t>(value));
    }
    Bytes octets;
    for (uint64_t v = value; v != 0; v >>= 8)
    {
        octets.insert(octets.begin(), static_cast<uint8_t>(v));
    }
    return Variable(type, std::move(octets));
}

uint64_t
Attribute::AsNumber() const
{
    if (tv)
    {
        return shortValue;
    }
    if (value.size() > 8)
    {
        throw std::invalid_argument("attribute " + std::to_string(type) + " has " +
                                    std::to_string(value.size()) + " octets, not a number");
    }
    uint64_t v = 0;
    for (uint8_t b : value)
    {
        v = (v << 8) | b;
    }
    return v;
}

bool
Attribute::operator==(const Attribute& o) const
{
    return type == o.type && tv == o.tv && (tv ? shortValue == o.shortValue : value == o.value);
}

const Attribute*
Transform::Find(uint16_t t) const
{
    for (const Attribute& a : attributes)
    {
        if (a.type == t)
        {
            return &a;
        }
    }
    return nullptr;
}

bool
Transform::operator==(const Transform& o) const
{
    return number == o.number && id == o.id && attributes == o.attributes;
}

bool
Proposal::operator==(const Proposal& o) const
{
    return number == o.number && protocol == o.protocol && spi == o.spi &&
           transforms == o.transforms;
}

bool
SaPayload::operator==(const SaPayload& o) const
{
    return doi == o.doi && situation == o.situation && proposals == o.proposals;
}

bool
IdPayload::operator==(const IdPayload& o) const
{
    return idType == o.idType && protocol == o.protocol && port == o.port && data == o.data;
}

bool
CertPayload::operator==(const CertPayload& o) const
{
    return encoding == o.encoding && data == o.data;
}

bool
NotifyPayload::operator==(const NotifyPayload& o) const
{
    return doi == o.doi && protocol == o.protocol && type == o.type && spi == o.spi &&
           data == o.data;
}

bool
DeletePayload::operator==(const DeletePayload& o) const
{
    return doi == o.doi && protocol == o.protocol && spiSize == o.spiSize && spis == o.spis;
}

bool
DataPayload::operator==(const DataPayload& o) const
{
    return data == o.data;
}

namespace
{

void
EncodeAttributes(Bytes& out, const std::vector<Attribute>& attributes)
{
    for (const Attribute& a : attributes)
    {
        if (a.type & 0x8000)
        {
            throw IkeEncodeError("attribute type " + std::to_string(a.type) + " uses the AF bit");
        }
        if (a.tv)
        {
            PutU16(out, static_cast<uint16_t>(0x8000 | a.type));
            PutU16(out, a.shortValue);
        }
        else
        {
            PutU16(out, a.type);
            size_t at = out.size();
            PutU16(out, 0);
            PatchU16Length(out, at, a.value.size(), "attribute value");
            PutBytes(out, a.value);
        }
    }
}

std::vector<Attribute>
DecodeAttributes(IkeReader& r)
{
    std::vector<Attribute> attributes;
    while (!r.AtEnd())
    {
        uint16_t af = r.U16("attribute type");
        if (af & 0x8000)
        {
            attributes.push_back(Attribute::Basic(af & 0x7fff, r.U16("attribute value")));
        }
        else
        {
            uint16_t length = r.U16("attribute length");
            attributes.push_back(Attribute::Variable(af, r.TakeBytes(length, "attribute value")));
        }
    }
    return attributes;
}

// Proposal and Transform payloads nest inside the SA body with generic headers of their own:
// next payload is 2 (or 3) for all but the last, 0 for the last.
void
EncodeSa(Bytes& out, const SaPayload& sa)
{
    PutU32(out, sa.doi);
    PutU32(out, sa.situation);
    for (size_t p = 0; p < sa.proposals.size(); ++p)
    {
        const Proposal& proposal = sa.proposals[p];
        size_t start = out.size();
        PutU8(out, p + 1 < sa.proposals.size() ? uint8_t(PayloadType::Proposal) : 0);
        PutU8(out, 0);
        PutU16(out, 0);
        PutU8(out, proposal.number);
        PutU8(out, uint8_t(proposal.protocol));
        if (proposal.spi.size() > 255 || proposal.transforms.size() > 255)
        {
            throw IkeEncodeError("proposal SPI or transform count over 255");
        }
        PutU8(out, static_cast<uint8_t>(proposal.spi.size()));
        PutU8(out, static_cast<uint8_t>(proposal.transforms.size()));
        PutBytes(out, proposal.spi);
        for (size_t t = 0; t < proposal.transforms.size(); ++t)
        {
            const Transform& transform = proposal.transforms[t];
            size_t tstart = out.size();
            PutU8(out, t + 1 < proposal.transforms.size() ? uint8_t(PayloadType::Transform) : 0);
            PutU8(out, 0);
            PutU16(out, 0);
            PutU8(out, transform.number);
            PutU8(out, transform.id);
            PutU16(out, 0);
            EncodeAttributes(out, transform.attributes);
            PatchU16Length(out, tstart + 2, out.size() - tstart, "transform payload");
        }
        PatchU16Length(out, start + 2, out.size() - start, "proposal payload");
    }
}

/// One nested generic header; returns a reader over its body and the next-payload field.
IkeReader
NestedPayload(IkeReader& r, uint8_t& next, const char* what)
{
    next = r.U8("next payload");
    if (r.U8("reserved") != 0)
    {
        r.Fail(std::string(what) + ": reserved octet not zero");
    }
    uint16_t length = r.U16("payload length");
    if (length < kGenericHeaderSize)
    {
        r.Fail(std::string(what) + " length " + std::to_string(length) + " below 4");
    }
    return r.Sub(length - kGenericHeaderSize, "payload body", what);
}

SaPayload
DecodeSa(IkeReader& r)
{
    SaPayload sa;
    sa.doi = r.U32("DOI");
    if (sa.doi != kDoiIpsec)
    {
        r.Fail("SA DOI " + std::to_string(sa.doi) + " is not the IPsec DOI (1)");
    }
    sa.situation = r.U32("situation");
    if (sa.situation != kSitIdentityOnly)
    {
        r.Fail("SA situation " + std::to_string(sa.situation) +
               " unsupported (only SIT_IDENTITY_ONLY)");
    }
    uint8_t next = r.AtEnd() ? 0 : uint8_t(PayloadType::Proposal);
    if (next == 0)
    {
        r.Fail("SA payload without a proposal");
    }
    while (next != 0)
    {
        if (next != uint8_t(PayloadType::Proposal))
        {
            r.Fail("payload type " + std::to_string(next) + " inside an SA (expected proposal)");
        }
        IkeReader p = NestedPayload(r, next, "proposal");
        Proposal proposal;
        proposal.number = p.U8("proposal number");
        proposal.protocol = ProtocolId(p.U8("protocol ID"));
        uint8_t spiSize = p.U8("SPI size");
        uint8_t count = p.U8("number of transforms");
        proposal.spi = p.TakeBytes(spiSize, "SPI");
        uint8_t tnext = count ? uint8_t(PayloadType::Transform) : 0;
        while (tnext != 0)
        {
            if (tnext != uint8_t(PayloadType::Transform))
            {
                p.Fail("payload type " + std::to_string(tnext) +
                       " inside a proposal (expected transform)");
            }
            IkeReader t = NestedPayload(p, tnext, "transform");
            Transform transform;
            transform.number = t.U8("transform number");
            transform.id = t.U8("transform ID");
            t.U16("reserved");
            transform.attributes = DecodeAttributes(t);
            proposal.transforms.push_back(std::move(transform));
        }
        if (proposal.transforms.size() != count)
        {
            p.Fail("proposal says " + std::to_string(count) + " transforms, carries " +
                   std::to_string(proposal.transforms.size()));
        }
        p.ExpectEnd("proposal");
        sa.proposals.push_back(std::move(proposal));
    }
    r.ExpectEnd("SA payload");
    return sa;
}

} // namespace

Bytes
Payload::EncodeBody() const
{
    Bytes out;
    if (const auto* sa = std::get_if<SaPayload>(&body))
    {
        EncodeSa(out, *sa);
    }
    else if (const auto* i = std::get_if<IdPayload>(&body))
    {
        PutU8(out, i->idType);
        PutU8(out, i->protocol);
        PutU16(out, i->port);
        PutBytes(out, i->data);
    }
    else if (const auto* c = std::get_if<CertPayload>(&body))
    {
        PutU8(out, c->encoding);
        PutBytes(out, c->data);
    }
    else if (const auto* n = std::get_if<NotifyPayload>(&body))
    {
        if (n->spi.size() > 255)
        {
            throw IkeEncodeError("notify SPI over 255 octets");
        }
        PutU32(out, n->doi);
        PutU8(out, uint8_t(n->protocol));
        PutU8(out, static_cast<uint8_t>(n->spi.size()));
        PutU16(out, n->type);
        PutBytes(out, n->spi);
        PutBytes(out, n->data);
    }
    else if (const auto* d = std::get_if<DeletePayload>(&body))
    {
        if (d->spis.size() > 0xffff)
        {
            throw IkeEncodeError("delete with more than 65535 SPIs");
        }
        PutU32(out, d->doi);
        PutU8(out, uint8_t(d->protocol));
        PutU8(out, d->spiSize);
        PutU16(out, static_cast<uint16_t>(d->spis.size()));
        for (const Bytes& spi : d->spis)
        {
            if (spi.size() != d->spiSize)
            {
                throw IkeEncodeError("delete SPI of " + std::to_string(spi.size()) +
                                     " octets, SPI size says " + std::to_string(d->spiSize));
            }
            PutBytes(out, spi);
        }
    }
    else
    {
        PutBytes(out, std::get<DataPayload>(body).data);
    }
    return out;
}

Bytes
Payload::Body() const
{
    if (wire.size() >= kGenericHeaderSize)
    {
        return Bytes(wire.begin() + kGenericHeaderSize, wire.end());
    }
    return EncodeBody();
}

PayloadBody
DecodeBody(PayloadType type, IkeReader& r)
{
    switch (type)
    {
    case PayloadType::Sa:
        return DecodeSa(r);
    case PayloadType::Id:
    case PayloadType::NatOa:
    {
        IdPayload i;
        i.idType = r.U8("ID type");
        i.protocol = r.U8("protocol ID");
        i.port = r.U16("port");
        i.data = r.TakeBytes(r.Remaining(), "identification data");
        if (type == PayloadType::NatOa && (i.protocol != 0 || i.port != 0))
        {
            r.Fail("NAT-OA reserved fields not zero");
        }
        return i;
    }
    case PayloadType::Cert:
    case PayloadType::Cr:
    {
        CertPayload c;
        c.encoding = r.U8("certificate encoding");
        c.data = r.TakeBytes(r.Remaining(), "certificate data");
        return c;
    }
    case PayloadType::Notification:
    {
        NotifyPayload n;
        n.doi = r.U32("DOI");
        n.protocol = ProtocolId(r.U8("protocol ID"));
        uint8_t spiSize = r.U8("SPI size");
        n.type = r.U16("notify message type");
        n.spi = r.TakeBytes(spiSize, "SPI");
        n.data = r.TakeBytes(r.Remaining(), "notification data");
        return n;
    }
    case PayloadType::Delete:
    {
        DeletePayload d;
        d.doi = r.U32("DOI");
        d.protocol = ProtocolId(r.U8("protocol ID"));
        d.spiSize = r.U8("SPI size");
        uint16_t count = r.U16("number of SPIs");
        if (d.spiSize == 0 && count != 0)
        {
            r.Fail("delete with SPI size 0 and " + std::to_string(count) + " SPIs");
        }
        for (uint16_t i = 0; i < count; ++i)
        {
            d.spis.push_back(r.TakeBytes(d.spiSize, "SPI"));
        }
        r.ExpectEnd("delete payload");
        return d;
    }
    case PayloadType::Ke:
    case PayloadType::Hash:
    case PayloadType::Sig:
    case PayloadType::Nonce:
    case PayloadType::VendorId:
    case PayloadType::NatD:
        return DataPayload{r.TakeBytes(r.Remaining(), "payload data")};
    default:
        r.Fail("unknown payload type " + std::to_string(unsigned(type)) +
               " (INVALID-PAYLOAD-TYPE)");
    }
}

Payload
MakeSa(SaPayload sa)
{
    return Payload{PayloadType::Sa, std::move(sa), {}};
}

Payload
MakeId(IdPayload id, PayloadType type)
{
    return Payload{type, std::move(id), {}};
}

Payload
MakeCert(CertPayload cert, PayloadType type)
{
    return Payload{type, std::move(cert), {}};
}

Payload
MakeNotify(NotifyPayload notify)
{
    return Payload{PayloadType::Notification, std::move(notify), {}};
}

Payload
MakeDelete(DeletePayload del)
{
    return Payload{PayloadType::Delete, std::move(del), {}};
}

Payload
MakeData(PayloadType type, Bytes data)
{
    return Payload{type, DataPayload{std::move(data)}, {}};
}

const char*
PayloadName(PayloadType type)
{
    switch (type)
    {
    case PayloadType::None:
        return "NONE";
    case PayloadType::Sa:
        return "SA";
    case PayloadType::Proposal:
        return "P";
    case PayloadType::Transform:
        return "T";
    case PayloadType::Ke:
        return "KE";
    case PayloadType::Id:
        return "ID";
    case PayloadType::Cert:
        return "CERT";
    case PayloadType::Cr:
        return "CR";
    case PayloadType::Hash:
        return "HASH";
    case PayloadType::Sig:
        return "SIG";
    case PayloadType::Nonce:
        return "NONCE";
    case PayloadType::Notification:
        return "N";
    case PayloadType::Delete:
        return "D";
    case PayloadType::VendorId:
        return "VID";
    case PayloadType::NatD:
        return "NAT-D";
    case PayloadType::NatOa:
        return "NAT-OA";
    }
    return "?";
}

const char*
ExchangeName(ExchangeType type)
{
    switch (type)
    {
    case ExchangeType::Base:
        return "Base";
    case ExchangeType::Main:
        return "Main Mode";
    case ExchangeType::AuthOnly:
        return "Authentication Only";
    case ExchangeType::Aggressive:
        return "Aggressive Mode";
    case ExchangeType::Informational:
        return "Informational";
    case ExchangeType::Quick:
        return "Quick Mode";
    }
    return "?";
}

} // namespace ipseclab::ikev1
