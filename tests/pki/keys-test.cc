// Keys: deterministic generation, known answer, PEM/DER round trips, errors.
#include "crypto/crypto-common.h"
#include "crypto/openssl-handles.h"
#include "pki-test-util.h"
#include "pki/keys.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <openssl/evp.h>

namespace ipseclab::test
{
namespace
{

class KeyTypes : public ::testing::TestWithParam<KeyType>
{
};

TEST_P(KeyTypes, SameSeedGivesTheSameKey)
{
    SeededRandomSource a(7);
    SeededRandomSource b(7);
    SeededRandomSource c(8);
    PrivateKey ka = PrivateKey::Generate(GetParam(), a);
    PrivateKey kb = PrivateKey::Generate(GetParam(), b);
    PrivateKey kc = PrivateKey::Generate(GetParam(), c);
    EXPECT_EQ(ka.GetType(), GetParam());
    EXPECT_EQ(ka.ToDer(), kb.ToDer());
    EXPECT_NE(ka.ToDer(), kc.ToDer());
    EXPECT_EQ(ka.GetPublicKey(), kb.GetPublicKey());
    EXPECT_NE(ka.GetPublicKey(), kc.GetPublicKey());
}

TEST_P(KeyTypes, KeyIsConsistent)
{
    const PrivateKey& key = TestKey(GetParam());
    OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.Evp(), nullptr));
    ASSERT_TRUE(ctx);
    EXPECT_EQ(EVP_PKEY_check(ctx.get()), 1) << "OpenSSL's full key check";
    int bits = GetParam() == KeyType::Rsa2048 ? 2048 : GetParam() == KeyType::EcdsaP256 ? 256 : 384;
    EXPECT_EQ(EVP_PKEY_get_bits(key.Evp()), bits);
}

TEST_P(KeyTypes, PemAndDerRoundTrip)
{
    const PrivateKey& key = TestKey(GetParam());
    std::string pem = key.ToPem();
    EXPECT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
    PrivateKey fromPem = PrivateKey::FromPem(pem);
    EXPECT_EQ(fromPem.ToDer(), key.ToDer());
    EXPECT_EQ(fromPem.GetType(), GetParam());
    EXPECT_EQ(PrivateKey::FromDer(key.ToDer()).ToPem(), pem);

    PublicKey pub = key.GetPublicKey();
    std::string pubPem = pub.ToPem();
    EXPECT_NE(pubPem.find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
    EXPECT_EQ(PublicKey::FromPem(pubPem), pub);
    EXPECT_EQ(PublicKey::FromDer(pub.ToDer()).ToDer(), pub.ToDer());
    EXPECT_EQ(PublicKey::FromDer(pub.ToDer()).GetType(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(All, KeyTypes,
                         ::testing::Values(KeyType::Rsa2048, KeyType::EcdsaP256,
                                           KeyType::EcdsaP384),
                         [](const auto& info)
                         {
                             std::string name = ToString(info.param);
                             name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                             return name;
                         });

// 40 zero octets: d = 1 + (0 mod (n - 1)) = 1, so the public key is the generator G.
TEST(Keys, EcdsaScalarKnownAnswer)
{
    FixedRandomSource rng(Bytes(40, 0));
    PrivateKey key = PrivateKey::Generate(KeyType::EcdsaP256, rng);
    EXPECT_EQ(rng.Remaining(), 0u) << "|n| + 8 octets drawn";
    std::string spki = ToHex(key.GetPublicKey().ToDer());
    // SEC 2 / FIPS 186-4 P-256 generator, uncompressed.
    EXPECT_NE(spki.find("04"
                        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
              std::string::npos);
}

TEST(Keys, TypeNames)
{
    EXPECT_EQ(KeyTypeFromString("ecdsa-p256"), KeyType::EcdsaP256);
    EXPECT_EQ(KeyTypeFromString("rsa2048"), KeyType::Rsa2048);
    EXPECT_EQ(ToString(KeyType::EcdsaP384), "ecdsa-p384");
    ExpectPkiError([] { KeyTypeFromString("dsa"); }, {"unknown key type 'dsa'", "ecdsa-p256"});
}

TEST(Keys, BadInputIsAClearError)
{
    ExpectPkiError([] { PrivateKey::FromPem("not a key"); }, {"private key"});
    ExpectPkiError([] { PrivateKey::FromDer(Bytes{0x30, 0x03, 0x02, 0x01}); }, {"private key"});
    ExpectPkiError([] { PublicKey::FromDer(Bytes{}); }, {"public key"});
    Bytes der = TestKey(KeyType::EcdsaP256).GetPublicKey().ToDer();
    der.push_back(0);
    ExpectPkiError([&] { PublicKey::FromDer(der); }, {"trailing octets"});
    // An Ed25519 key parses but is not supported.
    OsslPtr<EVP_PKEY> ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    ASSERT_TRUE(ed);
    ExpectPkiError([&] { PublicKey::FromEvp(ed.get()); }, {"unsupported key type"});
}

TEST(Keys, RsaPublicKeyHoldsNoPrivateParts)
{
    PublicKey pub = TestKey(KeyType::Rsa2048).GetPublicKey();
    ExpectPkiError([&] { PrivateKey::FromDer(pub.ToDer()); }, {"private key"});
}

} // namespace
} // namespace ipseclab::test
