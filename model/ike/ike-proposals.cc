#include "ike/ike-proposals.h"

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"

#include <algorithm>

namespace ipseclab
{

namespace
{

constexpr uint16_t kEsnNo = 0;
constexpr uint16_t kEsnYes = 1;

/// The lab's part of strongSwan 5.9's default proposals (proposal_create_default and
/// proposal_create_default_aead, in the order charon 5.9.8 logs as "configured proposals").
constexpr std::string_view kDefaultIkeClassic =
    "aes128-aes256-sha256-sha384-sha512-sha1-prfsha256-prfsha384-prfsha512-prfsha1-"
    "x25519-ecp256-ecp384-modp2048";
constexpr std::string_view kDefaultIkeAead =
    "aes128gcm16-aes256gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-prfsha1-"
    "x25519-ecp256-ecp384-modp2048";
constexpr std::string_view kDefaultEspClassic = "aes128-aes256-sha256-sha384-sha512-sha1-noesn";
constexpr std::string_view kDefaultEspAead = "aes128gcm16-aes256gcm16-noesn";

/// The order transforms have in the lab's proposals (and in its answers).
constexpr IkeTransformType kTypeOrder[] = {IkeTransformType::Encryption,
                                           IkeTransformType::Prf,
                                           IkeTransformType::Integrity,
                                           IkeTransformType::DhGroup,
                                           IkeTransformType::Esn};

template <typename F>
bool
Known(F find)
{
    try
    {
        find();
        return true;
    }
    catch (const CryptoError&)
    {
        return false;
    }
}

void
AddOnce(IkeSaProposal& p, const IkeTransform& t)
{
    if (std::find(p.transforms.begin(), p.transforms.end(), t) == p.transforms.end())
    {
        p.transforms.push_back(t);
    }
}

/// Transforms sorted into kTypeOrder, each type keeping the order written.
IkeSaProposal
Sorted(const IkeSaProposal& p)
{
    IkeSaProposal out = p;
    out.transforms.clear();
    for (IkeTransformType type : kTypeOrder)
    {
        for (const IkeTransform* t : p.TransformsOf(type))
        {
            out.transforms.push_back(*t);
        }
    }
    return out;
}

IkeSaProposal
ParseOne(std::string_view text, IkeProtocolId protocol)
{
    const std::string name = ToString(protocol);
    const std::string where = name + " proposal '" + std::string(text) + "'";
    if (text.empty())
    {
        throw CryptoError("empty " + name + " proposal");
    }
    IkeSaProposal p;
    p.protocol = protocol;
    bool anyAead = false;
    bool anyClassic = false;
    size_t start = 0;
    while (start <= text.size())
    {
        size_t dash = text.find('-', start);
        std::string token(
            text.substr(start, dash == std::string_view::npos ? text.npos : dash - start));
        start = dash == std::string_view::npos ? text.size() + 1 : dash + 1;
        if (token.empty())
        {
            throw CryptoError("empty algorithm name in " + where);
        }
        const EncryptionAlgorithm* e = nullptr;
        const IntegrityAlgorithm* i = nullptr;
        const PrfAlgorithm* f = nullptr;
        const DhGroupInfo* d = nullptr;
        if (Known([&] { e = &FindEncryption(token); }))
        {
            if (protocol == IkeProtocolId::Ah)
            {
                throw CryptoError(where + ": AH takes only integrity algorithms (and DH groups)");
            }
            if (protocol == IkeProtocolId::Ike && e->mode == CipherMode::Null)
            {
                throw CryptoError(where + ": IKEv2 needs a real encryption algorithm");
            }
            (e->IsAead() ? anyAead : anyClassic) = true;
            AddOnce(p,
                    IkeTransform::Make(IkeTransformType::Encryption,
                                       e->ianaId,
                                       e->keyLengthBits ? std::optional<uint16_t>(e->keyLengthBits)
                                                        : std::nullopt));
        }
        else if (Known([&] { i = &FindIntegrity(token); }))
        {
            AddOnce(p, IkeTransform::Make(IkeTransformType::Integrity, i->ianaId));
        }
        else if (Known([&] { f = &FindPrf(token); }))
        {
            if (protocol != IkeProtocolId::Ike)
            {
                throw CryptoError("a prf has no place in " + where);
            }
            AddOnce(p, IkeTransform::Make(IkeTransformType::Prf, f->ianaId));
        }
        else if (Known([&] { d = &FindDhGroup(token); }))
        {
            AddOnce(p, IkeTransform::Make(IkeTransformType::DhGroup, d->ianaId));
        }
        else if (token == "esn" || token == "noesn")
        {
            if (protocol == IkeProtocolId::Ike)
            {
                throw CryptoError(where + ": esn/noesn apply to ESP and AH only");
            }
            AddOnce(p,
                    IkeTransform::Make(IkeTransformType::Esn, token == "esn" ? kEsnYes : kEsnNo));
        }
        else
        {
            // The registry's message lists the names it knows.
            try
            {
                FindEncryption(token);
            }
            catch (const CryptoError& error)
            {
                throw CryptoError("unknown algorithm '" + token + "' in " + where + " (" +
                                  error.what() + ")");
            }
        }
    }
    const bool hasInteg = !p.TransformsOf(IkeTransformType::Integrity).empty();
    if (protocol != IkeProtocolId::Ah)
    {
        if (!anyAead && !anyClassic)
        {
            throw CryptoError("no encryption algorithm in " + where);
        }
        if (anyAead && anyClassic)
        {
            throw CryptoError(where +
                              ": classic and AEAD ciphers cannot share one proposal (strongSwan "
                              "refuses it too); write two proposals");
        }
        if (anyAead && hasInteg)
        {
            throw CryptoError(where + ": AEAD ciphers protect integrity themselves; drop the "
                                      "integrity algorithms");
        }
    }
    if (!anyAead && !hasInteg)
    {
        throw CryptoError(where + ": needs an integrity algorithm");
    }
    if (protocol == IkeProtocolId::Ike)
    {
        if (p.TransformsOf(IkeTransformType::Prf).empty())
        {
            if (!hasInteg)
            {
                throw CryptoError(where + ": an AEAD IKE proposal needs a prf");
            }
            // Like strongSwan: each integrity algorithm brings its PRF (sha256 -> prfsha256).
            for (const IkeTransform* t : p.TransformsOf(IkeTransformType::Integrity))
            {
                const auto& integ = FindIntegrityById(t->id);
                const auto& prf = FindPrf("prf" + std::string(integ.name));
                AddOnce(p, IkeTransform::Make(IkeTransformType::Prf, prf.ianaId));
            }
        }
        if (p.TransformsOf(IkeTransformType::DhGroup).empty())
        {
            throw CryptoError(where + ": IKE needs a Diffie-Hellman group");
        }
    }
    else if (p.TransformsOf(IkeTransformType::Esn).empty())
    {
        AddOnce(p, IkeTransform::Make(IkeTransformType::Esn, kEsnNo)); // as strongSwan
    }
    return Sorted(p);
}

std::string
TransformName(const IkeTransform& t)
{
    std::string name;
    bool known = Known(
        [&]
        {
            switch (t.type)
            {
            case IkeTransformType::Encryption:
                name = FindEncryptionById(t.id, t.KeyLength().value_or(0)).name;
                break;
            case IkeTransformType::Prf:
                name = FindPrfById(t.id).name;
                break;
            case IkeTransformType::Integrity:
                name = t.id == 0 ? "none" : std::string(FindIntegrityById(t.id).name);
                break;
            case IkeTransformType::DhGroup:
                name = t.id == 0 ? "none" : std::string(FindDhGroupById(t.id).name);
                break;
            case IkeTransformType::Esn:
                name = t.id == kEsnYes ? "esn" : t.id == kEsnNo ? "noesn" : "";
                if (name.empty())
                {
                    throw CryptoError("ESN value");
                }
                break;
            default:
                throw CryptoError("type");
            }
        });
    if (known)
    {
        return name;
    }
    std::string out = ToString(t.type) + "#" + std::to_string(t.id);
    if (auto bits = t.KeyLength())
    {
        out += "_" + std::to_string(*bits);
    }
    return out;
}

std::string
Describe(const std::vector<const IkeTransform*>& list)
{
    std::string out;
    for (const IkeTransform* t : list)
    {
        out += (out.empty() ? "" : "/") + TransformName(*t);
    }
    return out;
}

bool
Contains(const std::vector<const IkeTransform*>& list, const IkeTransform& t)
{
    return std::any_of(list.begin(), list.end(), [&](const IkeTransform* x) { return *x == t; });
}

bool
ContainsNone(const std::vector<const IkeTransform*>& list)
{
    return std::any_of(list.begin(), list.end(), [](const IkeTransform* x) { return x->id == 0; });
}

bool
IsAead(const IkeTransform& encr)
{
    bool aead = false;
    Known([&] { aead = FindEncryptionById(encr.id, encr.KeyLength().value_or(0)).IsAead(); });
    // Unknown AEAD IDs of RFC 5282 / 7634 (CCM 14-16, GCM 18-20, ChaCha20 28) count too.
    return aead || (encr.id >= 14 && encr.id <= 16) || (encr.id >= 18 && encr.id <= 20) ||
           encr.id == 28;
}

std::string
Ordinal(size_t i)
{
    static const char* names[] = {"1st", "2nd", "3rd"};
    return i < 3 ? names[i] : std::to_string(i + 1) + "th";
}

/// strongSwan's select_algos for one (configured, offered) pair. The chosen transforms go to
/// *chosen, the explanation of each to *reasons; *failure names the type without a match.
bool
SelectAlgorithms(const IkeSaProposal& mine, const IkeSaProposal& theirs, bool skipDh,
                 uint16_t keGroup, IkeSaProposal* chosen, std::string* reasons,
                 std::string* failure)
{
    bool aead = false;
    for (IkeTransformType type : kTypeOrder)
    {
        if ((type == IkeTransformType::Integrity && aead) ||
            (type == IkeTransformType::DhGroup && skipDh))
        {
            continue;
        }
        auto a = mine.TransformsOf(type);
        auto b = theirs.TransformsOf(type);
        const bool optional =
            type == IkeTransformType::DhGroup && mine.protocol != IkeProtocolId::Ike;
        if (a.empty() && b.empty())
        {
            continue;
        }
        if (a.empty() || b.empty())
        {
            // Only an optional type (DH of a Child SA) may be absent on one side, and then
            // only when the other side proposes NONE as well.
            if (optional && ContainsNone(a.empty() ? b : a))
            {
                continue;
            }
            *failure =
                "no " + ToString(type) + " on " + (a.empty() ? "this" : "the other") + " side";
            return false;
        }
        bool found = false;
        if (type == IkeTransformType::DhGroup && keGroup != 0)
        {
            const IkeTransform ke = IkeTransform::Make(type, keGroup);
            if (Contains(a, ke) && Contains(b, ke))
            {
                found = true;
                chosen->transforms.push_back(ke);
                *reasons += ", " + TransformName(ke) +
                            " (the group of the peer's KE, which "
                            "this side accepts)";
            }
        }
        for (size_t i = 0; i < a.size() && !found; ++i)
        {
            if (!Contains(b, *a[i]))
            {
                continue;
            }
            found = true;
            if (a[i]->id == 0 && type != IkeTransformType::Esn)
            {
                break; // NONE selected: the type is left out of the answer
            }
            chosen->transforms.push_back(*a[i]);
            *reasons += (reasons->empty() ? "" : ", ") + TransformName(*a[i]) + " (" + Ordinal(i) +
                        " of this side's " + std::to_string(a.size()) + ")";
            if (type == IkeTransformType::Encryption)
            {
                aead = IsAead(*a[i]);
            }
        }
        if (!found)
        {
            *failure = "no common " + ToString(type) + " (this side " + Describe(a) + ", offered " +
                       Describe(b) + ")";
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<IkeSaProposal>
ParseProposalText(std::string_view text, IkeProtocolId protocol)
{
    if (text == "default")
    {
        if (protocol == IkeProtocolId::Ike)
        {
            return {ParseOne(kDefaultIkeClassic, protocol), ParseOne(kDefaultIkeAead, protocol)};
        }
        if (protocol == IkeProtocolId::Esp)
        {
            return {ParseOne(kDefaultEspClassic, protocol), ParseOne(kDefaultEspAead, protocol)};
        }
        return {ParseOne("sha256-sha384-sha512-sha1-noesn", protocol)};
    }
    return {ParseOne(text, protocol)};
}

std::vector<IkeSaProposal>
ParseProposalTexts(const std::vector<std::string>& texts, IkeProtocolId protocol)
{
    std::vector<IkeSaProposal> out;
    for (const auto& text : texts)
    {
        for (auto& p : ParseProposalText(text, protocol))
        {
            p.number = static_cast<uint8_t>(out.size() + 1);
            out.push_back(std::move(p));
        }
    }
    return out;
}

std::string
DescribeProposal(const IkeSaProposal& proposal)
{
    std::string out;
    for (IkeTransformType type : kTypeOrder)
    {
        auto list = proposal.TransformsOf(type);
        if (!list.empty())
        {
            out += (out.empty() ? "" : "-") + Describe(list);
        }
    }
    return out;
}

std::string
DescribeProposals(const std::vector<IkeSaProposal>& proposals)
{
    std::string out;
    for (const auto& p : proposals)
    {
        out += (out.empty() ? "" : ", ") + ("#" + std::to_string(p.number) + " ") +
               DescribeProposal(p);
    }
    return "[" + out + "]";
}

IkeSaProposal
WithoutDh(IkeSaProposal proposal)
{
    proposal.transforms.erase(std::remove_if(proposal.transforms.begin(),
                                             proposal.transforms.end(),
                                             [](const IkeTransform& t)
                                             { return t.type == IkeTransformType::DhGroup; }),
                              proposal.transforms.end());
    return proposal;
}

std::vector<uint16_t>
DhGroupsOf(const std::vector<IkeSaProposal>& proposals)
{
    std::vector<uint16_t> out;
    for (const auto& p : proposals)
    {
        for (const IkeTransform* t : p.TransformsOf(IkeTransformType::DhGroup))
        {
            if (t->id != 0 && std::find(out.begin(), out.end(), t->id) == out.end())
            {
                out.push_back(t->id);
            }
        }
    }
    return out;
}

SaSelection
SelectProposal(const IkeSaPayload& offered, const std::vector<IkeSaProposal>& configured,
               bool skipDh, uint16_t keGroup)
{
    SaSelection s;
    std::string failures;
    for (size_t c = 0; c < configured.size(); ++c)
    {
        for (size_t o = 0; o < offered.proposals.size(); ++o)
        {
            const IkeSaProposal& theirs = offered.proposals[o];
            if (theirs.protocol != configured[c].protocol)
            {
                continue;
            }
            IkeSaProposal chosen;
            chosen.number = theirs.number;
            chosen.protocol = theirs.protocol;
            chosen.spi = theirs.spi;
            std::string reasons;
            std::string failure;
            if (SelectAlgorithms(
                    configured[c], theirs, skipDh, keGroup, &chosen, &reasons, &failure))
            {
                s.ok = true;
                s.chosen = std::move(chosen);
                s.configured = c;
                s.offered = o;
                s.why = "chose " + DescribeProposal(s.chosen) + ": this side's proposal #" +
                        std::to_string(c + 1) + " (" + DescribeProposal(configured[c]) +
                        ") matches the peer's proposal #" + std::to_string(theirs.number) +
                        (c == 0 ? "" : "; this side's earlier proposals found no match") +
                        "; of each type this side's most preferred one offered: " + reasons;
                return s;
            }
            if (failures.size() < 2000)
            {
                failures += "; this side's #" + std::to_string(c + 1) + " vs the peer's #" +
                            std::to_string(theirs.number) + ": " + failure;
            }
        }
    }
    std::vector<IkeSaProposal> theirs(offered.proposals.begin(), offered.proposals.end());
    s.why = "no proposal in common: offered " + DescribeProposals(theirs) + ", accepted " +
            DescribeProposals(configured) + failures;
    return s;
}

bool
IsAnswerToOffer(const IkeSaProposal& answer, const IkeSaPayload& offered, bool skipDh,
                std::string* why)
{
    auto fail = [&](const std::string& text)
    {
        if (why)
        {
            *why = text;
        }
        return false;
    };
    const IkeSaProposal* mine = nullptr;
    for (const auto& p : offered.proposals)
    {
        if (p.number == answer.number && p.protocol == answer.protocol)
        {
            mine = &p;
        }
    }
    if (!mine)
    {
        return fail("the answer names proposal #" + std::to_string(answer.number) +
                    ", which was not offered");
    }
    for (IkeTransformType type : kTypeOrder)
    {
        auto got = answer.TransformsOf(type);
        auto sent = mine->TransformsOf(type);
        if (got.size() > 1)
        {
            return fail(std::to_string(got.size()) + " " + ToString(type) +
                        " transforms in the answer, expected one");
        }
        if (!got.empty() && !Contains(sent, *got.front()))
        {
            return fail("the answer's " + TransformName(*got.front()) + " was not offered in #" +
                        std::to_string(answer.number));
        }
        const bool needed = !sent.empty() && !ContainsNone(sent) &&
                            !(type == IkeTransformType::DhGroup && skipDh) &&
                            !(type == IkeTransformType::Integrity &&
                              !answer.TransformsOf(IkeTransformType::Encryption).empty() &&
                              IsAead(*answer.TransformsOf(IkeTransformType::Encryption).front()));
        if (got.empty() && needed)
        {
            return fail("the answer has no " + ToString(type) + " transform");
        }
    }
    return true;
}

} // namespace ipseclab
