#include "crypto/algorithms.h"

#include "crypto/crypto-common.h"

#include <array>
#include <openssl/obj_mac.h>
#include <vector>

namespace ipseclab
{

namespace
{

// Wireshark names checked against epan/dissectors/packet-ipsec.c (esp_sa UAT) and
// packet-isakmp.c (ikev2_decryption_table UAT), and against the strings in Debian's
// libwireshark 4.0.17. Wireshark has no ChaCha20-Poly1305 for IKEv2 decryption, and
// only newer releases (not 4.0) know it for ESP.
const std::array<EncryptionAlgorithm, 6> kEncryption{{
    {"null", 11, 0, CipherMode::Null, "", 0, 0, 0, 4, 0, "NULL", "NULL [RFC2410]"},
    {"aes128",
     12,
     128,
     CipherMode::Cbc,
     "AES-128-CBC",
     16,
     0,
     16,
     16,
     0,
     "AES-CBC [RFC3602]",
     "AES-CBC-128 [RFC3602]"},
    {"aes256",
     12,
     256,
     CipherMode::Cbc,
     "AES-256-CBC",
     32,
     0,
     16,
     16,
     0,
     "AES-CBC [RFC3602]",
     "AES-CBC-256 [RFC3602]"},
    {"aes128gcm16",
     20,
     128,
     CipherMode::Gcm,
     "AES-128-GCM",
     16,
     4,
     8,
     4,
     16,
     "AES-GCM with 16 octet ICV [RFC4106]",
     "AES-GCM-128 with 16 octet ICV [RFC5282]"},
    {"aes256gcm16",
     20,
     256,
     CipherMode::Gcm,
     "AES-256-GCM",
     32,
     4,
     8,
     4,
     16,
     "AES-GCM with 16 octet ICV [RFC4106]",
     "AES-GCM-256 with 16 octet ICV [RFC5282]"},
    {"chacha20poly1305",
     28,
     0,
     CipherMode::ChaCha20Poly1305,
     "ChaCha20-Poly1305",
     32,
     4,
     8,
     4,
     16,
     "ChaCha20 with Poly1305 [RFC7634]",
     ""},
}};

const std::array<IntegrityAlgorithm, 4> kIntegrity{{
    {"sha1", 2, "SHA1", 20, 12, 20, "HMAC-SHA-1-96 [RFC2404]", "HMAC_SHA1_96 [RFC2404]"},
    {"sha256",
     12,
     "SHA256",
     32,
     16,
     32,
     "HMAC-SHA-256-128 [RFC4868]",
     "HMAC_SHA2_256_128 [RFC4868]"},
    {"sha384",
     13,
     "SHA384",
     48,
     24,
     48,
     "HMAC-SHA-384-192 [RFC4868]",
     "HMAC_SHA2_384_192 [RFC4868]"},
    {"sha512",
     14,
     "SHA512",
     64,
     32,
     64,
     "HMAC-SHA-512-256 [RFC4868]",
     "HMAC_SHA2_512_256 [RFC4868]"},
}};

const std::array<PrfAlgorithm, 4> kPrf{{
    {"prfsha1", 2, "SHA1", 20, 20},
    {"prfsha256", 5, "SHA256", 32, 32},
    {"prfsha384", 6, "SHA384", 48, 48},
    {"prfsha512", 7, "SHA512", 64, 64},
}};

const std::array<DhGroupInfo, 4> kDh{{
    {"modp2048", 14, DhKind::Modp, 256, 256, 0},
    {"ecp256", 19, DhKind::Ecp, 64, 32, NID_X9_62_prime256v1},
    {"ecp384", 20, DhKind::Ecp, 96, 48, NID_secp384r1},
    {"x25519", 31, DhKind::X25519, 32, 32, 0},
}};

// strongSwan's alternative spellings.
std::string_view
Canonical(std::string_view name)
{
    if (name == "curve25519")
    {
        return "x25519";
    }
    if (name == "sha2_256")
    {
        return "sha256";
    }
    if (name == "sha2_384")
    {
        return "sha384";
    }
    if (name == "sha2_512")
    {
        return "sha512";
    }
    if (name == "aes128gcm128")
    {
        return "aes128gcm16";
    }
    if (name == "aes256gcm128")
    {
        return "aes256gcm16";
    }
    return name;
}

template <typename T, size_t N>
const T*
FindIn(const std::array<T, N>& table, std::string_view name)
{
    name = Canonical(name);
    for (const auto& a : table)
    {
        if (a.name == name)
        {
            return &a;
        }
    }
    return nullptr;
}

template <typename T, size_t N>
std::string
Names(const std::array<T, N>& table)
{
    std::string out;
    for (const auto& a : table)
    {
        out += out.empty() ? "" : ", ";
        out += a.name;
    }
    return out;
}

std::string
AllNames()
{
    return "encryption: " + Names(kEncryption) + "; integrity: " + Names(kIntegrity) +
           "; prf: " + Names(kPrf) + "; dh: " + Names(kDh) + "; esn, noesn";
}

[[noreturn]] void
Unknown(std::string_view kind, std::string_view name, std::string_view known)
{
    throw CryptoError("unknown " + std::string(kind) + " algorithm '" + std::string(name) +
                      "'; known: " + std::string(known));
}

std::vector<std::string_view>
Split(std::string_view text)
{
    std::vector<std::string_view> tokens;
    size_t start = 0;
    while (true)
    {
        size_t dash = text.find('-', start);
        tokens.push_back(text.substr(start, dash == std::string_view::npos ? dash : dash - start));
        if (dash == std::string_view::npos)
        {
            break;
        }
        start = dash + 1;
    }
    return tokens;
}

// One proposal's tokens sorted by transform type.
struct Tokens
{
    const EncryptionAlgorithm* encryption = nullptr;
    const IntegrityAlgorithm* integrity = nullptr;
    const PrfAlgorithm* prf = nullptr;
    const DhGroupInfo* dh = nullptr;
    std::optional<bool> esn;
};

template <typename T>
void
SetOnce(const T*& slot, const T* value, std::string_view kind, std::string_view where)
{
    if (slot != nullptr)
    {
        throw CryptoError("more than one " + std::string(kind) + " algorithm in " +
                          std::string(where) + " (this lab takes one of each)");
    }
    slot = value;
}

Tokens
Classify(std::string_view text, std::string_view protocol)
{
    std::string where = std::string(protocol) + " proposal '" + std::string(text) + "'";
    if (text.empty())
    {
        throw CryptoError("empty " + std::string(protocol) + " proposal");
    }
    Tokens t;
    for (auto token : Split(text))
    {
        if (token.empty())
        {
            throw CryptoError("empty algorithm name in " + where);
        }
        if (auto e = FindIn(kEncryption, token))
        {
            SetOnce(t.encryption, e, "encryption", where);
        }
        else if (auto i = FindIn(kIntegrity, token))
        {
            SetOnce(t.integrity, i, "integrity", where);
        }
        else if (auto p = FindIn(kPrf, token))
        {
            SetOnce(t.prf, p, "prf", where);
        }
        else if (auto d = FindIn(kDh, token))
        {
            SetOnce(t.dh, d, "dh", where);
        }
        else if (token == "esn" || token == "noesn")
        {
            t.esn = token == "esn";
        }
        else
        {
            throw CryptoError("unknown algorithm '" + std::string(token) + "' in " + where +
                              "; known: " + AllNames());
        }
    }
    return t;
}

std::string
Join(std::initializer_list<std::string_view> parts)
{
    std::string out;
    for (auto p : parts)
    {
        if (!p.empty())
        {
            out += out.empty() ? "" : "-";
            out += p;
        }
    }
    return out;
}

std::string_view
EsnName(const std::optional<bool>& esn)
{
    if (!esn)
    {
        return "";
    }
    return *esn ? "esn" : "noesn";
}

} // namespace

const EncryptionAlgorithm&
FindEncryption(std::string_view name)
{
    if (auto a = FindIn(kEncryption, name))
    {
        return *a;
    }
    Unknown("encryption", name, Names(kEncryption));
}

const IntegrityAlgorithm&
FindIntegrity(std::string_view name)
{
    if (auto a = FindIn(kIntegrity, name))
    {
        return *a;
    }
    Unknown("integrity", name, Names(kIntegrity));
}

const PrfAlgorithm&
FindPrf(std::string_view name)
{
    if (auto a = FindIn(kPrf, name))
    {
        return *a;
    }
    Unknown("prf", name, Names(kPrf));
}

const DhGroupInfo&
FindDhGroup(std::string_view name)
{
    if (auto a = FindIn(kDh, name))
    {
        return *a;
    }
    Unknown("dh", name, Names(kDh) + ", curve25519");
}

const EncryptionAlgorithm&
FindEncryptionById(uint16_t ianaId, uint16_t keyLengthBits)
{
    for (const auto& a : kEncryption)
    {
        if (a.ianaId == ianaId && a.keyLengthBits == keyLengthBits)
        {
            return a;
        }
    }
    throw CryptoError("unsupported encryption transform ID " + std::to_string(ianaId) +
                      " with key length " + std::to_string(keyLengthBits) +
                      "; known: " + Names(kEncryption));
}

const IntegrityAlgorithm&
FindIntegrityById(uint16_t ianaId)
{
    for (const auto& a : kIntegrity)
    {
        if (a.ianaId == ianaId)
        {
            return a;
        }
    }
    throw CryptoError("unsupported integrity transform ID " + std::to_string(ianaId) +
                      "; known: " + Names(kIntegrity));
}

const PrfAlgorithm&
FindPrfById(uint16_t ianaId)
{
    for (const auto& a : kPrf)
    {
        if (a.ianaId == ianaId)
        {
            return a;
        }
    }
    throw CryptoError("unsupported PRF transform ID " + std::to_string(ianaId) +
                      "; known: " + Names(kPrf));
}

const DhGroupInfo&
FindDhGroupById(uint16_t ianaId)
{
    for (const auto& a : kDh)
    {
        if (a.ianaId == ianaId)
        {
            return a;
        }
    }
    throw CryptoError("unsupported Diffie-Hellman group " + std::to_string(ianaId) +
                      "; known: " + Names(kDh));
}

ipseclab::Span<const EncryptionAlgorithm>
AllEncryption()
{
    return kEncryption;
}

ipseclab::Span<const IntegrityAlgorithm>
AllIntegrity()
{
    return kIntegrity;
}

ipseclab::Span<const PrfAlgorithm>
AllPrf()
{
    return kPrf;
}

ipseclab::Span<const DhGroupInfo>
AllDhGroups()
{
    return kDh;
}

EspProposal
ParseEspProposal(std::string_view text)
{
    Tokens t = Classify(text, "ESP");
    std::string where = "ESP proposal '" + std::string(text) + "'";
    if (t.prf)
    {
        throw CryptoError("a prf has no place in " + where);
    }
    if (!t.encryption)
    {
        throw CryptoError("no encryption algorithm in " + where + "; known: " + Names(kEncryption));
    }
    if (t.encryption->IsAead() && t.integrity)
    {
        throw CryptoError(where + ": AEAD " + std::string(t.encryption->name) +
                          " protects integrity itself; drop '" + std::string(t.integrity->name) +
                          "'");
    }
    if (!t.encryption->IsAead() && !t.integrity)
    {
        throw CryptoError(where + ": " + std::string(t.encryption->name) +
                          " needs an integrity algorithm; known: " + Names(kIntegrity));
    }
    return EspProposal{t.encryption, t.integrity, t.dh, t.esn};
}

AhProposal
ParseAhProposal(std::string_view text)
{
    Tokens t = Classify(text, "AH");
    std::string where = "AH proposal '" + std::string(text) + "'";
    if (t.encryption || t.prf)
    {
        throw CryptoError(where + ": AH takes only an integrity algorithm (and a DH group)");
    }
    if (!t.integrity)
    {
        throw CryptoError("no integrity algorithm in " + where + "; known: " + Names(kIntegrity));
    }
    return AhProposal{t.integrity, t.dh, t.esn};
}

IkeProposal
ParseIkeProposal(std::string_view text)
{
    Tokens t = Classify(text, "IKE");
    std::string where = "IKE proposal '" + std::string(text) + "'";
    if (t.esn)
    {
        throw CryptoError(where + ": esn/noesn apply to ESP and AH only");
    }
    if (!t.encryption || t.encryption->mode == CipherMode::Null)
    {
        throw CryptoError(
            where + ": IKEv2 needs a real encryption algorithm; known: " + Names(kEncryption));
    }
    if (t.encryption->IsAead() && t.integrity)
    {
        throw CryptoError(where + ": AEAD " + std::string(t.encryption->name) +
                          " protects integrity itself; drop '" + std::string(t.integrity->name) +
                          "'");
    }
    if (!t.encryption->IsAead() && !t.integrity)
    {
        throw CryptoError(where + ": " + std::string(t.encryption->name) +
                          " needs an integrity algorithm; known: " + Names(kIntegrity));
    }
    if (!t.prf)
    {
        if (!t.integrity)
        {
            throw CryptoError(where + ": an AEAD IKE proposal needs a prf; known: " + Names(kPrf));
        }
        // Like strongSwan: the PRF follows the integrity algorithm (sha256 -> prfsha256).
        t.prf = &FindPrf("prf" + std::string(t.integrity->name));
    }
    if (!t.dh)
    {
        throw CryptoError(where + ": IKE needs a Diffie-Hellman group; known: " + Names(kDh));
    }
    return IkeProposal{t.encryption, t.integrity, t.prf, t.dh};
}

std::string
EspProposal::ToString() const
{
    return Join({encryption ? encryption->name : "",
                 integrity ? integrity->name : "",
                 dhGroup ? dhGroup->name : "",
                 EsnName(esn)});
}

std::string
AhProposal::ToString() const
{
    return Join({integrity ? integrity->name : "", dhGroup ? dhGroup->name : "", EsnName(esn)});
}

std::string
IkeProposal::ToString() const
{
    return Join({encryption ? encryption->name : "",
                 integrity ? integrity->name : "",
                 prf ? prf->name : "",
                 dhGroup ? dhGroup->name : ""});
}

} // namespace ipseclab
