#include "ikev1/ikev1-transforms.h"

#include <stdexcept>

namespace ipseclab::ikev1
{

namespace
{

// (strongSwan integrity name, phase 1 hash value, phase 2 auth algorithm value)
struct HashRow
{
    std::string_view name;
    uint16_t phase1;
    uint16_t phase2;
};

constexpr HashRow kHashes[] = {
    {"sha1", p1::kHashSha1, p2::kAuthHmacSha1},
    {"sha256", p1::kHashSha256, p2::kAuthHmacSha256},
    {"sha384", p1::kHashSha384, p2::kAuthHmacSha384},
    {"sha512", p1::kHashSha512, p2::kAuthHmacSha512},
};

const HashRow&
HashByName(std::string_view name)
{
    for (const HashRow& row : kHashes)
    {
        if (row.name == name)
        {
            return row;
        }
    }
    throw std::invalid_argument("IKEv1 has no hash for '" + std::string(name) + "'");
}

const HashRow&
HashByValue(uint16_t value, bool phase1)
{
    for (const HashRow& row : kHashes)
    {
        if ((phase1 ? row.phase1 : row.phase2) == value)
        {
            return row;
        }
    }
    throw std::invalid_argument(std::string(phase1 ? "phase 1 hash " : "phase 2 auth algorithm ") +
                                std::to_string(value) + " unsupported");
}

const Attribute&
Required(const Transform& t, uint16_t type, const char* what)
{
    const Attribute* a = t.Find(type);
    if (!a)
    {
        throw std::invalid_argument(std::string("transform lacks the ") + what + " attribute");
    }
    return *a;
}

uint16_t
Small(const Attribute& a, const char* what)
{
    uint64_t v = a.AsNumber();
    if (v > 0xffff)
    {
        throw std::invalid_argument(std::string(what) + " value " + std::to_string(v) +
                                    " out of range");
    }
    return static_cast<uint16_t>(v);
}

void
AddLife(Transform& t, uint16_t typeAttr, uint16_t durationAttr, uint16_t kind, uint64_t value)
{
    if (value != 0)
    {
        t.attributes.push_back(Attribute::Basic(typeAttr, kind));
        t.attributes.push_back(Attribute::Number(durationAttr, value));
    }
}

/// Life type/duration pairs (RFC 2407 §4.5: a duration follows its type).
void
ReadLives(const Transform& t, uint16_t typeAttr, uint16_t durationAttr, uint64_t& seconds,
          uint64_t* kilobytes)
{
    uint16_t kind = 0;
    for (const Attribute& a : t.attributes)
    {
        if (a.type == typeAttr)
        {
            kind = Small(a, "life type");
        }
        else if (a.type == durationAttr)
        {
            if (kind == kLifeSeconds)
            {
                seconds = a.AsNumber();
            }
            else if (kind == kLifeKilobytes && kilobytes)
            {
                *kilobytes = a.AsNumber();
            }
            else
            {
                throw std::invalid_argument("life duration without a known life type");
            }
        }
    }
}

} // namespace

Transform
Phase1Transform(const Phase1Policy& policy, uint8_t number)
{
    const IkeProposal& p = policy.proposal;
    if (!p.encryption || p.encryption->mode != CipherMode::Cbc || !p.integrity || !p.dhGroup)
    {
        throw std::invalid_argument("IKEv1 phase 1 needs a CBC cipher, a hash and a DH group");
    }
    Transform t;
    t.number = number;
    t.id = kTransformKeyIke;
    t.attributes.push_back(Attribute::Basic(p1::kEncryption, p1::kEncrAes));
    t.attributes.push_back(Attribute::Basic(p1::kKeyLength, p.encryption->keyLengthBits));
    t.attributes.push_back(Attribute::Basic(p1::kHash, HashByName(p.integrity->name).phase1));
    t.attributes.push_back(Attribute::Basic(p1::kAuthMethod, policy.authMethod));
    t.attributes.push_back(Attribute::Basic(p1::kGroup, p.dhGroup->ianaId));
    AddLife(t, p1::kLifeType, p1::kLifeDuration, kLifeSeconds, policy.lifeSeconds);
    return t;
}

Phase1Policy
ParsePhase1Transform(const Transform& t)
{
    if (t.id != kTransformKeyIke)
    {
        throw std::invalid_argument("phase 1 transform ID " + std::to_string(t.id) +
                                    " is not KEY_IKE");
    }
    Phase1Policy policy;
    if (Small(Required(t, p1::kEncryption, "encryption"), "encryption") != p1::kEncrAes)
    {
        throw std::invalid_argument("phase 1 encryption other than AES-CBC unsupported");
    }
    uint16_t bits = Small(Required(t, p1::kKeyLength, "key length"), "key length");
    policy.proposal.encryption = &FindEncryptionById(12, bits); // ENCR_AES_CBC
    const HashRow& hash = HashByValue(Small(Required(t, p1::kHash, "hash"), "hash"), true);
    policy.proposal.integrity = &FindIntegrity(hash.name);
    policy.proposal.prf = &FindPrf("prf" + std::string(hash.name));
    policy.proposal.dhGroup = &FindDhGroupById(Small(Required(t, p1::kGroup, "group"), "group"));
    policy.authMethod = Small(Required(t, p1::kAuthMethod, "auth method"), "auth method");
    ReadLives(t, p1::kLifeType, p1::kLifeDuration, policy.lifeSeconds, nullptr);
    return policy;
}

std::string
Phase1HashName(const Phase1Policy& policy)
{
    return std::string(policy.proposal.integrity->name);
}

Transform
Phase2Transform(const Phase2Policy& policy, uint8_t number)
{
    const EspProposal& p = policy.proposal;
    if (!p.encryption)
    {
        throw std::invalid_argument("ESP proposal without encryption");
    }
    Transform t;
    t.number = number;
    switch (p.encryption->mode)
    {
    case CipherMode::Cbc:
        t.id = p2::kEspAes;
        break;
    case CipherMode::Gcm:
        t.id = p2::kEspAesGcm16;
        break;
    default:
        throw std::invalid_argument("ESP cipher " + std::string(p.encryption->name) +
                                    " has no IKEv1 transform ID here");
    }
    AddLife(t, p2::kLifeType, p2::kLifeDuration, kLifeSeconds, policy.lifeSeconds);
    AddLife(t, p2::kLifeType, p2::kLifeDuration, kLifeKilobytes, policy.lifeKilobytes);
    if (p.dhGroup)
    {
        t.attributes.push_back(Attribute::Basic(p2::kGroup, p.dhGroup->ianaId));
    }
    t.attributes.push_back(Attribute::Basic(p2::kEncapsulation, policy.encapsulation));
    if (p.integrity)
    {
        t.attributes.push_back(
            Attribute::Basic(p2::kAuthAlgorithm, HashByName(p.integrity->name).phase2));
    }
    t.attributes.push_back(Attribute::Basic(p2::kKeyLength, p.encryption->keyLengthBits));
    return t;
}

Phase2Policy
ParsePhase2Transform(const Transform& t)
{
    Phase2Policy policy;
    uint16_t bits = Small(Required(t, p2::kKeyLength, "key length"), "key length");
    if (t.id == p2::kEspAes)
    {
        policy.proposal.encryption = &FindEncryptionById(12, bits);
    }
    else if (t.id == p2::kEspAesGcm16)
    {
        policy.proposal.encryption = &FindEncryptionById(20, bits);
    }
    else
    {
        throw std::invalid_argument("ESP transform ID " + std::to_string(t.id) + " unsupported");
    }
    if (const Attribute* a = t.Find(p2::kAuthAlgorithm))
    {
        policy.proposal.integrity =
            &FindIntegrity(HashByValue(Small(*a, "auth algorithm"), false).name);
    }
    else if (!policy.proposal.encryption->IsAead())
    {
        throw std::invalid_argument("ESP AES-CBC transform lacks an auth algorithm");
    }
    if (const Attribute* a = t.Find(p2::kGroup))
    {
        policy.proposal.dhGroup = &FindDhGroupById(Small(*a, "group"));
    }
    policy.encapsulation =
        Small(Required(t, p2::kEncapsulation, "encapsulation mode"), "encapsulation mode");
    if (policy.encapsulation < p2::kEncapTunnel || policy.encapsulation > p2::kEncapUdpTransport)
    {
        throw std::invalid_argument("encapsulation mode " + std::to_string(policy.encapsulation) +
                                    " unknown");
    }
    ReadLives(t, p2::kLifeType, p2::kLifeDuration, policy.lifeSeconds, &policy.lifeKilobytes);
    return policy;
}

} // namespace ipseclab::ikev1
