#include "crypto/algorithms.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

TEST(Algorithms, EncryptionDescriptors)
{
    const auto& gcm = FindEncryption("aes256gcm16");
    EXPECT_EQ(gcm.ianaId, 20);
    EXPECT_EQ(gcm.keyLengthBits, 256);
    EXPECT_EQ(gcm.KeymatSize(), 36u);
    EXPECT_EQ(gcm.ivSize, 8u);
    EXPECT_EQ(gcm.icvSize, 16u);
    EXPECT_TRUE(gcm.IsAead());
    EXPECT_EQ(gcm.wiresharkEsp, "AES-GCM with 16 octet ICV [RFC4106]");
    EXPECT_EQ(gcm.wiresharkIke, "AES-GCM-256 with 16 octet ICV [RFC5282]");

    const auto& cbc = FindEncryption("aes128");
    EXPECT_EQ(cbc.ianaId, 12);
    EXPECT_EQ(cbc.KeymatSize(), 16u);
    EXPECT_EQ(cbc.blockSize, 16u);
    EXPECT_EQ(cbc.wiresharkEsp, "AES-CBC [RFC3602]");
    EXPECT_EQ(cbc.wiresharkIke, "AES-CBC-128 [RFC3602]");

    const auto& chacha = FindEncryption("chacha20poly1305");
    EXPECT_EQ(chacha.ianaId, 28);
    EXPECT_EQ(chacha.KeymatSize(), 36u);
    EXPECT_EQ(FindEncryption("null").ianaId, 11);
    EXPECT_EQ(FindEncryption("null").wiresharkEsp, "NULL");
    EXPECT_EQ(&FindEncryptionById(12, 256), &FindEncryption("aes256"));
}

TEST(Algorithms, IntegrityPrfDh)
{
    const auto& sha1 = FindIntegrity("sha1");
    EXPECT_EQ(sha1.ianaId, 2);
    EXPECT_EQ(sha1.keySize, 20u);
    EXPECT_EQ(sha1.icvSize, 12u);
    EXPECT_EQ(sha1.wiresharkEsp, "HMAC-SHA-1-96 [RFC2404]");
    EXPECT_EQ(FindIntegrity("sha256").ianaId, 12);
    EXPECT_EQ(FindIntegrity("sha384").icvSize, 24u);
    EXPECT_EQ(FindIntegrity("sha512").icvSize, 32u);
    EXPECT_EQ(FindIntegrity("sha256").wiresharkIke, "HMAC_SHA2_256_128 [RFC4868]");
    EXPECT_EQ(FindPrf("prfsha256").ianaId, 5);
    EXPECT_EQ(FindPrf("prfsha384").ianaId, 6);
    EXPECT_EQ(FindPrf("prfsha512").ianaId, 7);
    EXPECT_EQ(FindDhGroup("modp2048").ianaId, 14);
    EXPECT_EQ(FindDhGroup("ecp256").publicSize, 64u);
    EXPECT_EQ(FindDhGroup("ecp384").publicSize, 96u);
    EXPECT_EQ(&FindDhGroup("curve25519"), &FindDhGroup("x25519"));
    EXPECT_EQ(FindDhGroupById(31).name, "x25519");
}

TEST(Algorithms, UnknownNamesListKnownOnes)
{
    ExpectCryptoError([] { FindEncryption("des"); },
                      {"unknown encryption", "'des'", "aes128gcm16"});
    ExpectCryptoError([] { FindIntegrity("md5"); }, {"'md5'", "sha256"});
    ExpectCryptoError([] { FindDhGroup("modp1024"); }, {"modp2048", "x25519"});
    ExpectCryptoError([] { FindEncryptionById(12, 192); }, {"key length 192"});
}

TEST(Algorithms, EspProposals)
{
    auto p = ParseEspProposal("aes128gcm16");
    EXPECT_EQ(p.encryption->name, "aes128gcm16");
    EXPECT_EQ(p.integrity, nullptr);
    EXPECT_EQ(p.dhGroup, nullptr);

    p = ParseEspProposal("aes256-sha256");
    EXPECT_EQ(p.encryption->name, "aes256");
    EXPECT_EQ(p.integrity->name, "sha256");

    p = ParseEspProposal("null-sha1");
    EXPECT_EQ(p.encryption->name, "null");

    p = ParseEspProposal("aes128-sha256-x25519-esn");
    EXPECT_EQ(p.dhGroup->name, "x25519");
    EXPECT_EQ(p.esn, true);
    EXPECT_EQ(p.ToString(), "aes128-sha256-x25519-esn");
    EXPECT_EQ(ParseEspProposal("chacha20poly1305").ToString(), "chacha20poly1305");

    ExpectCryptoError([] { ParseEspProposal("aes128"); }, {"needs an integrity"});
    ExpectCryptoError([] { ParseEspProposal("aes128gcm16-sha256"); }, {"AEAD", "sha256"});
    ExpectCryptoError([] { ParseEspProposal("aes128-foo"); }, {"'foo'", "known"});
    ExpectCryptoError([] { ParseEspProposal("aes128-sha1-sha256"); }, {"more than one integrity"});
    ExpectCryptoError([] { ParseEspProposal(""); }, {"empty"});
    ExpectCryptoError([] { ParseEspProposal("aes128--sha1"); }, {"empty algorithm"});
}

TEST(Algorithms, AhProposals)
{
    auto p = ParseAhProposal("sha256");
    EXPECT_EQ(p.integrity->name, "sha256");
    EXPECT_EQ(ParseAhProposal("sha1-modp2048").dhGroup->ianaId, 14);
    ExpectCryptoError([] { ParseAhProposal("aes128-sha256"); }, {"only an integrity"});
    ExpectCryptoError([] { ParseAhProposal("ecp256"); }, {"no integrity"});
}

TEST(Algorithms, IkeProposals)
{
    auto p = ParseIkeProposal("aes256gcm16-prfsha256-ecp256");
    EXPECT_EQ(p.encryption->name, "aes256gcm16");
    EXPECT_EQ(p.integrity, nullptr);
    EXPECT_EQ(p.prf->name, "prfsha256");
    EXPECT_EQ(p.dhGroup->name, "ecp256");

    // strongSwan derives the PRF from the integrity algorithm when none is given.
    p = ParseIkeProposal("aes128-sha256-x25519");
    EXPECT_EQ(p.prf->name, "prfsha256");
    EXPECT_EQ(ParseIkeProposal("aes256-sha384-ecp384").prf->name, "prfsha384");
    EXPECT_EQ(ParseIkeProposal("aes128-sha1-modp2048").prf->name, "prfsha1");
    EXPECT_EQ(ParseIkeProposal("aes128-sha256-prfsha512-curve25519").ToString(),
              "aes128-sha256-prfsha512-x25519");

    ExpectCryptoError([] { ParseIkeProposal("aes128gcm16-ecp256"); }, {"needs a prf"});
    ExpectCryptoError([] { ParseIkeProposal("aes128-sha256"); }, {"Diffie-Hellman"});
    ExpectCryptoError([] { ParseIkeProposal("null-sha256-ecp256"); }, {"real encryption"});
}

} // namespace
} // namespace ipseclab::test
