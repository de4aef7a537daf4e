// SA payload (RFC 7296 §3.3): proposals, each with transforms, each with attributes.
//   Proposal: Last Substruc (0/2) | RESERVED | Proposal Length (2) | Proposal Num |
//             Protocol ID | SPI Size | Num Transforms | SPI | Transforms
//   Transform: Last Substruc (0/3) | RESERVED | Transform Length (2) | Type | RESERVED |
//              Transform ID (2) | Attributes
//   Attribute: AF|Type (2) | Length or Value (2) [| Value]
#include "ike/ike-payload-codec.h"

namespace ipseclab
{

namespace
{

constexpr uint8_t kMoreProposals = 2;
constexpr uint8_t kMoreTransforms = 3;
constexpr uint16_t kAttributeFormatTv = 0x8000;

void
EncodeAttribute(const IkeTransformAttribute& a, Bytes& out)
{
    if (a.type > 0x7fff)
    {
        throw IkeEncodeError("transform attribute type " + std::to_string(a.type) +
                             " does not fit in 15 bits");
    }
    if (a.tv)
    {
        PutU16(out, static_cast<uint16_t>(kAttributeFormatTv | a.type));
        PutU16(out, a.value);
        return;
    }
    PutU16(out, a.type);
    size_t at = out.size();
    PutU16(out, 0);
    PatchU16Length(out, at, a.data.size(), "transform attribute");
    PutBytes(out, a.data);
}

void
EncodeTransform(const IkeTransform& t, bool last, Bytes& out)
{
    size_t start = out.size();
    PutU8(out, last ? 0 : kMoreTransforms);
    PutU8(out, 0);
    PutU16(out, 0);
    PutU8(out, static_cast<uint8_t>(t.type));
    PutU8(out, 0);
    PutU16(out, t.id);
    for (const auto& a : t.attributes)
    {
        EncodeAttribute(a, out);
    }
    PatchU16Length(out, start + 2, out.size() - start, "transform");
}

void
EncodeProposal(const IkeSaProposal& p, bool last, Bytes& out)
{
    if (p.spi.size() > 255 || p.transforms.size() > 255)
    {
        throw IkeEncodeError("proposal " + std::to_string(p.number) +
                             ": SPI or transform count exceeds 255");
    }
    size_t start = out.size();
    PutU8(out, last ? 0 : kMoreProposals);
    PutU8(out, 0);
    PutU16(out, 0);
    PutU8(out, p.number);
    PutU8(out, static_cast<uint8_t>(p.protocol));
    PutU8(out, static_cast<uint8_t>(p.spi.size()));
    PutU8(out, static_cast<uint8_t>(p.transforms.size()));
    PutBytes(out, p.spi);
    for (size_t i = 0; i < p.transforms.size(); ++i)
    {
        EncodeTransform(p.transforms[i], i + 1 == p.transforms.size(), out);
    }
    PatchU16Length(out, start + 2, out.size() - start, "proposal");
}

IkeTransformAttribute
DecodeAttribute(IkeReader& r)
{
    IkeTransformAttribute a;
    uint16_t typeField = r.U16("attribute type");
    a.tv = (typeField & kAttributeFormatTv) != 0;
    a.type = typeField & 0x7fff;
    uint16_t lengthOrValue = r.U16("attribute length/value");
    if (a.tv)
    {
        a.value = lengthOrValue;
    }
    else
    {
        a.data = r.TakeBytes(lengthOrValue, "attribute value");
    }
    return a;
}

IkeTransform
DecodeTransform(IkeReader& r)
{
    IkeTransform t;
    t.type = static_cast<IkeTransformType>(r.U8("transform type"));
    r.Skip(1, "transform RESERVED");
    t.id = r.U16("transform ID");
    while (!r.AtEnd())
    {
        t.attributes.push_back(DecodeAttribute(r));
    }
    return t;
}

IkeSaProposal
DecodeProposal(IkeReader& r, const std::string& where)
{
    IkeSaProposal p;
    p.number = r.U8("proposal number");
    p.protocol = static_cast<IkeProtocolId>(r.U8("protocol ID"));
    uint8_t spiSize = r.U8("SPI size");
    uint8_t count = r.U8("number of transforms");
    p.spi = r.TakeBytes(spiSize, "proposal SPI");
    for (unsigned i = 0; i < count; ++i)
    {
        std::string tw = where + ", transform " + std::to_string(i + 1);
        size_t at = r.Offset();
        uint8_t more = r.U8("transform last substruc");
        bool last = (i + 1 == count);
        if (more != (last ? 0 : kMoreTransforms))
        {
            throw IkeParseError("Last Substruc is " + std::to_string(more) + " but transform " +
                                    std::to_string(i + 1) + " of " + std::to_string(count) +
                                    " should have " + std::to_string(last ? 0 : kMoreTransforms),
                                at,
                                tw);
        }
        r.Skip(1, "transform RESERVED");
        uint16_t length = r.U16("transform length");
        if (length < 8)
        {
            throw IkeParseError("transform length " + std::to_string(length) +
                                    " is shorter than its 8-octet header",
                                at + 2,
                                tw);
        }
        IkeReader body = r.Sub(length - 4, "transform", tw);
        p.transforms.push_back(DecodeTransform(body));
    }
    r.ExpectEnd("the last transform");
    return p;
}

} // namespace

void
EncodeSaBody(const IkeSaPayload& sa, Bytes& out)
{
    for (size_t i = 0; i < sa.proposals.size(); ++i)
    {
        EncodeProposal(sa.proposals[i], i + 1 == sa.proposals.size(), out);
    }
}

IkeSaPayload
DecodeSaBody(IkeReader& r)
{
    IkeSaPayload sa;
    if (r.AtEnd())
    {
        r.Fail("SA payload without proposals");
    }
    bool last = false;
    for (unsigned i = 1; !last; ++i)
    {
        std::string where = "SA payload, proposal " + std::to_string(i);
        size_t at = r.Offset();
        uint8_t more = r.U8("proposal last substruc");
        if (more != 0 && more != kMoreProposals)
        {
            throw IkeParseError(
                "Last Substruc is " + std::to_string(more) + ", expected 0 or 2", at, where);
        }
        last = (more == 0);
        r.Skip(1, "proposal RESERVED");
        uint16_t length = r.U16("proposal length");
        if (length < 8)
        {
            throw IkeParseError("proposal length " + std::to_string(length) +
                                    " is shorter than its 8-octet header",
                                at + 2,
                                where);
        }
        IkeReader body = r.Sub(length - 4, "proposal", where);
        sa.proposals.push_back(DecodeProposal(body, where));
        if (!last && r.AtEnd())
        {
            r.Fail("proposal " + std::to_string(i) + " says more follow, but the SA payload ends");
        }
    }
    r.ExpectEnd("the last proposal");
    return sa;
}

} // namespace ipseclab
