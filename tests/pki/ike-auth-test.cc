// IKEv2 AUTH methods 1, 9 and 14: layout, round trips, tampering, determinism, errors.
#include "crypto/crypto-common.h"
#include "pki-test-util.h"
#include "pki/ike-auth.h"
#include "pki/signature.h"

#include <gtest/gtest.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

namespace ipseclab::test
{
namespace
{

Bytes
SignedOctets()
{
    // Stand-in for RealMessage | Nonce | prf(SK_p, ID'): any octets do.
    return Concat(
        {ToBytes("IKE_SA_INIT message of the initiator"), Bytes(32, 0xab), Bytes(32, 0x5c)});
}

struct Case
{
    IkeAuthMethod method;
    KeyType key;
    const char* name;
};

class AuthMethods : public ::testing::TestWithParam<Case>
{
};

TEST_P(AuthMethods, RoundTrip)
{
    const Case& c = GetParam();
    SeededRandomSource rng(11);
    Bytes data = SignedOctets();
    Bytes auth = SignAuthData(c.method, TestKey(c.key), data, rng);
    AuthCheck check = VerifyAuthData(c.method, TestKey(c.key).GetPublicKey(), data, auth);
    EXPECT_TRUE(check.ok) << check.reason;
    EXPECT_EQ(check.reason, "ok");
}

TEST_P(AuthMethods, EveryFlippedBitFails)
{
    const Case& c = GetParam();
    SeededRandomSource rng(12);
    Bytes data = SignedOctets();
    Bytes auth = SignAuthData(c.method, TestKey(c.key), data, rng);
    PublicKey pub = TestKey(c.key).GetPublicKey();
    // Every bit of the AUTH data (including method 14's length and AlgorithmIdentifier).
    for (size_t bit = 0; bit < auth.size() * 8; ++bit)
    {
        Bytes bad = auth;
        bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        ASSERT_FALSE(VerifyAuthData(c.method, pub, data, bad).ok) << "AUTH bit " << bit;
    }
    for (size_t bit = 0; bit < data.size() * 8; bit += 7)
    {
        Bytes bad = data;
        bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        AuthCheck check = VerifyAuthData(c.method, pub, bad, auth);
        ASSERT_FALSE(check.ok) << "SignedOctets bit " << bit;
        ASSERT_EQ(check.reason, "signature does not verify");
    }
    // Truncated and extended AUTH data.
    EXPECT_FALSE(VerifyAuthData(c.method, pub, data, ByteSpan(auth).first(auth.size() - 1)).ok);
    Bytes longer = auth;
    longer.push_back(0);
    EXPECT_FALSE(VerifyAuthData(c.method, pub, data, longer).ok);
    EXPECT_FALSE(VerifyAuthData(c.method, pub, data, Bytes{}).ok);
}

TEST_P(AuthMethods, SameSeedGivesTheSameAuthData)
{
    const Case& c = GetParam();
    SeededRandomSource a(13);
    SeededRandomSource b(13);
    SeededRandomSource other(14);
    Bytes data = SignedOctets();
    Bytes first = SignAuthData(c.method, TestKey(c.key), data, a);
    EXPECT_EQ(first, SignAuthData(c.method, TestKey(c.key), data, b));
    Bytes third = SignAuthData(c.method, TestKey(c.key), data, other);
    if (c.key == KeyType::Rsa2048)
    {
        EXPECT_EQ(first, third) << "PKCS#1 v1.5 is deterministic";
    }
    else
    {
        EXPECT_NE(first, third) << "the ECDSA nonce comes from the RandomSource";
    }
}

TEST_P(AuthMethods, OtherKeyFails)
{
    const Case& c = GetParam();
    SeededRandomSource rng(15);
    SeededRandomSource keyRng(16);
    PrivateKey other = PrivateKey::Generate(c.key, keyRng);
    Bytes data = SignedOctets();
    Bytes auth = SignAuthData(c.method, TestKey(c.key), data, rng);
    AuthCheck check = VerifyAuthData(c.method, other.GetPublicKey(), data, auth);
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.reason, "signature does not verify");
}

INSTANTIATE_TEST_SUITE_P(
    All, AuthMethods,
    ::testing::Values(Case{IkeAuthMethod::RsaSignature, KeyType::Rsa2048, "m1_rsa"},
                      Case{IkeAuthMethod::EcdsaSha256P256, KeyType::EcdsaP256, "m9_p256"},
                      Case{IkeAuthMethod::DigitalSignature, KeyType::Rsa2048, "m14_rsa"},
                      Case{IkeAuthMethod::DigitalSignature, KeyType::EcdsaP256, "m14_p256"},
                      Case{IkeAuthMethod::DigitalSignature, KeyType::EcdsaP384, "m14_p384"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(IkeAuth, Layouts)
{
    SeededRandomSource rng(17);
    Bytes data = SignedOctets();
    EXPECT_EQ(
        SignAuthData(IkeAuthMethod::RsaSignature, TestKey(KeyType::Rsa2048), data, rng).size(),
        256u);
    EXPECT_EQ(
        SignAuthData(IkeAuthMethod::EcdsaSha256P256, TestKey(KeyType::EcdsaP256), data, rng).size(),
        64u)
        << "r | s, not DER";

    Bytes rsa14 =
        SignAuthData(IkeAuthMethod::DigitalSignature, TestKey(KeyType::Rsa2048), data, rng);
    ASSERT_EQ(rsa14.size(), 1u + 15u + 256u);
    EXPECT_EQ(ToHex(ByteSpan(rsa14).first(16)), "0f300d06092a864886f70d01010b0500");

    Bytes ec14 =
        SignAuthData(IkeAuthMethod::DigitalSignature, TestKey(KeyType::EcdsaP256), data, rng);
    EXPECT_EQ(ToHex(ByteSpan(ec14).first(13)), "0c300a06082a8648ce3d040302");
    EXPECT_EQ(ec14[13], 0x30) << "DER Ecdsa-Sig-Value";
    EXPECT_EQ(static_cast<size_t>(ec14[14]) + 15, ec14.size());
}

// The RFC 7427 Appendix A octets are what OpenSSL itself encodes for these algorithms.
TEST(IkeAuth, AlgorithmIdentifiersMatchOpenSsl)
{
    auto encode = [](int nid, int parameterType)
    {
        X509_ALGOR* alg = X509_ALGOR_new();
        X509_ALGOR_set0(alg, OBJ_nid2obj(nid), parameterType, nullptr);
        unsigned char* der = nullptr;
        int size = i2d_X509_ALGOR(alg, &der);
        Bytes out(der, der + size);
        OPENSSL_free(der);
        X509_ALGOR_free(alg);
        return out;
    };
    Bytes rsa = encode(NID_sha256WithRSAEncryption, V_ASN1_NULL);
    Bytes ec = encode(NID_ecdsa_with_SHA256, V_ASN1_UNDEF);
    ByteSpan ours = Sha256WithRsaEncryptionAlgorithmId();
    EXPECT_EQ(Bytes(ours.begin(), ours.end()), rsa);
    ours = EcdsaWithSha256AlgorithmId();
    EXPECT_EQ(Bytes(ours.begin(), ours.end()), ec);
}

TEST(IkeAuth, Method9ReadsAsPlainEcdsa)
{
    // r | s re-encoded as DER verifies with OpenSSL's own ECDSA over SHA-256.
    SeededRandomSource rng(18);
    Bytes data = SignedOctets();
    Bytes raw =
        SignAuthData(IkeAuthMethod::EcdsaSha256P256, TestKey(KeyType::EcdsaP256), data, rng);
    EXPECT_TRUE(VerifyData(TestKey(KeyType::EcdsaP256).GetPublicKey(),
                           HashAlgorithm::Sha256,
                           data,
                           raw,
                           EcdsaEncoding::Raw));
}

TEST(IkeAuth, RsaDoesNotDrawRandomOctets)
{
    FixedRandomSource empty(Bytes{});
    Bytes data = SignedOctets();
    EXPECT_NO_THROW(
        SignAuthData(IkeAuthMethod::RsaSignature, TestKey(KeyType::Rsa2048), data, empty));
    EXPECT_NO_THROW(
        SignAuthData(IkeAuthMethod::DigitalSignature, TestKey(KeyType::Rsa2048), data, empty));
}

TEST(IkeAuth, KeyMustFitTheMethod)
{
    SeededRandomSource rng(19);
    Bytes data = SignedOctets();
    ExpectPkiError(
        [&] { SignAuthData(IkeAuthMethod::RsaSignature, TestKey(KeyType::EcdsaP256), data, rng); },
        {"needs an RSA key", "ecdsa-p256"});
    ExpectPkiError(
        [&]
        { SignAuthData(IkeAuthMethod::EcdsaSha256P256, TestKey(KeyType::EcdsaP384), data, rng); },
        {"needs an ECDSA P-256 key"});
    Bytes ec = SignAuthData(IkeAuthMethod::EcdsaSha256P256, TestKey(KeyType::EcdsaP256), data, rng);
    EXPECT_EQ(VerifyAuthData(
                  IkeAuthMethod::RsaSignature, TestKey(KeyType::EcdsaP256).GetPublicKey(), data, ec)
                  .reason,
              "RSA Digital Signature (1) with a ecdsa-p256 key");
    // Method 14 carrying an RSA AlgorithmIdentifier with an ECDSA key (and the reverse).
    Bytes rsa14 =
        SignAuthData(IkeAuthMethod::DigitalSignature, TestKey(KeyType::Rsa2048), data, rng);
    EXPECT_EQ(VerifyAuthData(IkeAuthMethod::DigitalSignature,
                             TestKey(KeyType::EcdsaP256).GetPublicKey(),
                             data,
                             rsa14)
                  .reason,
              "sha256WithRSAEncryption with a ecdsa-p256 key");
}

TEST(IkeAuth, MalformedMethod14IsAReasonNotACrash)
{
    PublicKey pub = TestKey(KeyType::EcdsaP256).GetPublicKey();
    Bytes data = SignedOctets();
    auto reason = [&](Bytes auth)
    {
        return VerifyAuthData(IkeAuthMethod::DigitalSignature, pub, data, auth).reason;
    };
    EXPECT_EQ(reason({}), "RFC 7427 AUTH data shorter than its AlgorithmIdentifier length");
    EXPECT_EQ(reason({0x20, 0x30}),
              "RFC 7427 AUTH data shorter than its AlgorithmIdentifier length");
    EXPECT_EQ(reason({0x02, 0x30, 0x00, 0x01}), "unsupported signature AlgorithmIdentifier 3000");
    Bytes algOnly{0x0c};
    ByteSpan alg = EcdsaWithSha256AlgorithmId();
    algOnly.insert(algOnly.end(), alg.begin(), alg.end());
    EXPECT_EQ(reason(algOnly), "signature does not verify");
}

TEST(IkeAuth, SignatureHashAlgorithmsNotify)
{
    EXPECT_EQ(kSignatureHashAlgorithmsNotify, 16431);
    EXPECT_EQ(SupportedSignatureHashes(), std::vector<uint16_t>{kSignatureHashSha256});
    Bytes data = EncodeSignatureHashAlgorithms({kSignatureHashSha256, kSignatureHashSha384});
    EXPECT_EQ(ToHex(data), "00020003");
    EXPECT_EQ(DecodeSignatureHashAlgorithms(data), (std::vector<uint16_t>{2, 3}));
    EXPECT_TRUE(DecodeSignatureHashAlgorithms(Bytes{}).empty());
    ExpectPkiError([] { DecodeSignatureHashAlgorithms(Bytes{0x00, 0x02, 0x00}); }, {"3 octets"});
}

} // namespace
} // namespace ipseclab::test
