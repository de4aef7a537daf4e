#include "ike/ike-sa-proposal.h"

#include "ike/ike-wire-io.h"

#include <algorithm>

namespace ipseclab
{

namespace
{

constexpr uint16_t kEsnNo = 0;
constexpr uint16_t kEsnYes = 1;

IkeTransform
EncryptionTransform(const EncryptionAlgorithm& e)
{
    return IkeTransform::Make(IkeTransformType::Encryption,
                              e.ianaId,
                              e.keyLengthBits ? std::optional<uint16_t>(e.keyLengthBits)
                                              : std::nullopt);
}

/// The single transform of a type; nullptr (with *why) when missing or repeated.
const IkeTransform*
Single(const IkeSaProposal& p, IkeTransformType type, bool required, std::string* why)
{
    auto all = p.TransformsOf(type);
    if (all.size() > 1)
    {
        if (why)
        {
            *why = std::to_string(all.size()) + " " + ToString(type) + " transforms, expected one";
        }
        return nullptr;
    }
    if (all.empty() && required && why)
    {
        *why = "no " + ToString(type) + " transform";
    }
    return all.empty() ? nullptr : all.front();
}

template <typename F>
bool
Lookup(F f, std::string* why)
{
    try
    {
        f();
        return true;
    }
    catch (const CryptoError& e)
    {
        if (why)
        {
            *why = e.what();
        }
        return false;
    }
}

} // namespace

Bytes
SpiBytes(uint32_t spi)
{
    Bytes out;
    PutU32(out, spi);
    return out;
}

Bytes
IkeSpiBytes(uint64_t spi)
{
    Bytes out;
    PutU64(out, spi);
    return out;
}

std::optional<uint32_t>
SpiValue(ByteSpan spi)
{
    if (spi.size() != 4)
    {
        return std::nullopt;
    }
    return GetU32(spi.data());
}

IkeSaProposal
MakeIkeSaProposal(const IkeProposal& proposal, uint8_t number, Bytes spi)
{
    IkeSaProposal p;
    p.number = number;
    p.protocol = IkeProtocolId::Ike;
    p.spi = std::move(spi);
    p.transforms.push_back(EncryptionTransform(*proposal.encryption));
    p.transforms.push_back(IkeTransform::Make(IkeTransformType::Prf, proposal.prf->ianaId));
    if (proposal.integrity)
    {
        p.transforms.push_back(
            IkeTransform::Make(IkeTransformType::Integrity, proposal.integrity->ianaId));
    }
    p.transforms.push_back(IkeTransform::Make(IkeTransformType::DhGroup, proposal.dhGroup->ianaId));
    return p;
}

IkeSaProposal
MakeEspSaProposal(const EspProposal& proposal, uint32_t spi, uint8_t number)
{
    IkeSaProposal p;
    p.number = number;
    p.protocol = IkeProtocolId::Esp;
    p.spi = SpiBytes(spi);
    p.transforms.push_back(EncryptionTransform(*proposal.encryption));
    if (proposal.integrity)
    {
        p.transforms.push_back(
            IkeTransform::Make(IkeTransformType::Integrity, proposal.integrity->ianaId));
    }
    if (proposal.dhGroup)
    {
        p.transforms.push_back(
            IkeTransform::Make(IkeTransformType::DhGroup, proposal.dhGroup->ianaId));
    }
    p.transforms.push_back(
        IkeTransform::Make(IkeTransformType::Esn, proposal.esn.value_or(false) ? kEsnYes : kEsnNo));
    return p;
}

IkeSaProposal
MakeAhSaProposal(const AhProposal& proposal, uint32_t spi, uint8_t number)
{
    IkeSaProposal p;
    p.number = number;
    p.protocol = IkeProtocolId::Ah;
    p.spi = SpiBytes(spi);
    p.transforms.push_back(
        IkeTransform::Make(IkeTransformType::Integrity, proposal.integrity->ianaId));
    if (proposal.dhGroup)
    {
        p.transforms.push_back(
            IkeTransform::Make(IkeTransformType::DhGroup, proposal.dhGroup->ianaId));
    }
    p.transforms.push_back(
        IkeTransform::Make(IkeTransformType::Esn, proposal.esn.value_or(false) ? kEsnYes : kEsnNo));
    return p;
}

std::optional<IkeProposal>
ReadIkeSaProposal(const IkeSaProposal& p, std::string* why)
{
    const IkeTransform* encr = Single(p, IkeTransformType::Encryption, true, why);
    const IkeTransform* prf = Single(p, IkeTransformType::Prf, true, why);
    const IkeTransform* integ = Single(p, IkeTransformType::Integrity, false, why);
    const IkeTransform* dh = Single(p, IkeTransformType::DhGroup, true, why);
    if (!encr || !prf || !dh || (!integ && !p.TransformsOf(IkeTransformType::Integrity).empty()))
    {
        return std::nullopt;
    }
    IkeProposal out;
    bool ok = Lookup(
        [&]
        {
            out.encryption = &FindEncryptionById(encr->id, encr->KeyLength().value_or(0));
            out.prf = &FindPrfById(prf->id);
            out.dhGroup = &FindDhGroupById(dh->id);
            if (integ)
            {
                out.integrity = &FindIntegrityById(integ->id);
            }
        },
        why);
    if (ok && !out.encryption->IsAead() && !out.integrity)
    {
        if (why)
        {
            *why = "no INTEG transform for a non-AEAD cipher";
        }
        return std::nullopt;
    }
    return ok ? std::optional<IkeProposal>(out) : std::nullopt;
}

std::optional<EspProposal>
ReadEspSaProposal(const IkeSaProposal& p, std::string* why)
{
    const IkeTransform* encr = Single(p, IkeTransformType::Encryption, true, why);
    const IkeTransform* integ = Single(p, IkeTransformType::Integrity, false, why);
    const IkeTransform* dh = Single(p, IkeTransformType::DhGroup, false, why);
    const IkeTransform* esn = Single(p, IkeTransformType::Esn, false, why);
    if (!encr || p.TransformsOf(IkeTransformType::Integrity).size() > 1 ||
        p.TransformsOf(IkeTransformType::DhGroup).size() > 1 ||
        p.TransformsOf(IkeTransformType::Esn).size() > 1)
    {
        return std::nullopt;
    }
    EspProposal out;
    bool ok = Lookup(
        [&]
        {
            out.encryption = &FindEncryptionById(encr->id, encr->KeyLength().value_or(0));
            if (integ && integ->id != 0) // 0 = NONE
            {
                out.integrity = &FindIntegrityById(integ->id);
            }
            if (dh && dh->id != 0)
            {
                out.dhGroup = &FindDhGroupById(dh->id);
            }
        },
        why);
    if (esn)
    {
        out.esn = esn->id == kEsnYes;
    }
    return ok ? std::optional<EspProposal>(out) : std::nullopt;
}

} // namespace ipseclab
