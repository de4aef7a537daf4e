// The algorithm registry: strongSwan proposal names, IANA IKEv2 transform IDs,
// OpenSSL names, sizes and the names Wireshark's decryption tables expect.
#ifndef IPSECLAB_CRYPTO_ALGORITHMS_H
#define IPSECLAB_CRYPTO_ALGORITHMS_H

#include "util/span.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ipseclab
{

enum class CipherMode
{
    Null,             // RFC 2410
    Cbc,              // RFC 3602
    Gcm,              // RFC 4106 / RFC 5282
    ChaCha20Poly1305, // RFC 7634
};

struct EncryptionAlgorithm
{
    std::string_view name;  // strongSwan proposal keyword, e.g. "aes128gcm16"
    uint16_t ianaId;        // IKEv2 Transform Type 1 ID (ENCR_*)
    uint16_t keyLengthBits; // Key Length attribute value, 0 when the transform has none
    CipherMode mode;
    std::string_view openssl;      // EVP cipher name, empty for NULL
    size_t keySize;                // cipher key octets (without salt)
    size_t saltSize;               // AEAD salt octets appended to the key (RFC 4106 §8.1)
    size_t ivSize;                 // explicit IV octets on the wire
    size_t blockSize;              // padding alignment of payload|padding|padlen|nh
    size_t icvSize;                // AEAD tag octets, 0 otherwise
    std::string_view wiresharkEsp; // esp_sa UAT "Encryption algorithm"
    std::string_view wiresharkIke; // ikev2_decryption_table UAT, empty if Wireshark lacks it

    bool IsAead() const { return mode == CipherMode::Gcm || mode == CipherMode::ChaCha20Poly1305; }
    /// Octets of keying material taken from KEYMAT / prf+: key followed by salt.
    size_t KeymatSize() const { return keySize + saltSize; }
};

struct IntegrityAlgorithm
{
    std::string_view name;   // "sha256"
    uint16_t ianaId;         // Transform Type 3 ID (AUTH_*)
    std::string_view digest; // OpenSSL digest name
    size_t keySize;
    size_t icvSize;                // truncated output
    size_t fullSize;               // untruncated HMAC output
    std::string_view wiresharkEsp; // esp_sa UAT "Authentication algorithm"
    std::string_view wiresharkIke; // ikev2_decryption_table UAT "Integrity algorithm"
};

struct PrfAlgorithm
{
    std::string_view name;   // "prfsha256"
    uint16_t ianaId;         // Transform Type 2 ID (PRF_*)
    std::string_view digest; // OpenSSL digest name
    size_t outputSize;
    size_t preferredKeySize; // RFC 7296 §2.13: SK_d, SK_pi, SK_pr length = output size for HMAC
};

enum class DhKind
{
    Modp,
    Ecp,
    X25519,
};

struct DhGroupInfo
{
    std::string_view name; // "ecp256"
    uint16_t ianaId;       // Transform Type 4 ID (Diffie-Hellman group number)
    DhKind kind;
    size_t publicSize; // KE payload data octets
    size_t sharedSize; // g^ir octets
    int curveNid;      // OpenSSL NID for ECP groups, 0 otherwise
};

/// Wireshark's names for "no separate integrity" (AEAD SAs).
inline constexpr std::string_view kWiresharkEspAuthNull = "NULL";
inline constexpr std::string_view kWiresharkIkeIntegNone = "NONE [RFC4306]";

// Lookups by strongSwan name; CryptoError lists the known names when unknown.
const EncryptionAlgorithm& FindEncryption(std::string_view name);
const IntegrityAlgorithm& FindIntegrity(std::string_view name);
const PrfAlgorithm& FindPrf(std::string_view name);
const DhGroupInfo& FindDhGroup(std::string_view name);
// Lookups by IANA ID (encryption also needs the Key Length attribute in bits, 0 if absent).
const EncryptionAlgorithm& FindEncryptionById(uint16_t ianaId, uint16_t keyLengthBits);
const IntegrityAlgorithm& FindIntegrityById(uint16_t ianaId);
const PrfAlgorithm& FindPrfById(uint16_t ianaId);
const DhGroupInfo& FindDhGroupById(uint16_t ianaId);

ipseclab::Span<const EncryptionAlgorithm> AllEncryption();
ipseclab::Span<const IntegrityAlgorithm> AllIntegrity();
ipseclab::Span<const PrfAlgorithm> AllPrf();
ipseclab::Span<const DhGroupInfo> AllDhGroups();

/// "aes256-sha256", "aes128gcm16", "null-sha1", "aes128-sha256-x25519-esn".
struct EspProposal
{
    const EncryptionAlgorithm* encryption = nullptr;
    const IntegrityAlgorithm* integrity = nullptr; // nullptr for AEAD
    const DhGroupInfo* dhGroup = nullptr;          // PFS group, nullptr if none
    std::optional<bool> esn;                       // "esn"/"noesn" when given
    std::string ToString() const;
};

/// "sha256", "sha1-modp2048".
struct AhProposal
{
    const IntegrityAlgorithm* integrity = nullptr;
    const DhGroupInfo* dhGroup = nullptr;
    std::optional<bool> esn;
    std::string ToString() const;
};

/// "aes256gcm16-prfsha256-ecp256", "aes128-sha256-x25519" (PRF derived from integrity).
struct IkeProposal
{
    const EncryptionAlgorithm* encryption = nullptr;
    const IntegrityAlgorithm* integrity = nullptr; // nullptr for AEAD
    const PrfAlgorithm* prf = nullptr;
    const DhGroupInfo* dhGroup = nullptr;
    std::string ToString() const;
};

EspProposal ParseEspProposal(std::string_view text);
AhProposal ParseAhProposal(std::string_view text);
IkeProposal ParseIkeProposal(std::string_view text);

} // namespace ipseclab

#endif
