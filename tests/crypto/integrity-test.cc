// HMAC vectors: RFC 4231 §4.2-4.8 (HMAC-SHA-256/384/512) and RFC 2202 §3 (HMAC-SHA-1).
// Integrity is keyed with the algorithm's key size, so these go through ComputeFull of an
// Integrity when the key fits and through Prf (any key length) otherwise.
#include "crypto/integrity.h"
#include "crypto/prf.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

struct HmacCase
{
    int number;
    Bytes key;
    Bytes data;
    const char* sha256;
    const char* sha384;
    const char* sha512;
};

std::vector<HmacCase>
Rfc4231()
{
    Bytes key4;
    for (int i = 1; i <= 25; ++i)
    {
        key4.push_back(static_cast<uint8_t>(i));
    }
    return {
        {1,
         Repeat(0x0b, 20),
         ToBytes("Hi There"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
         "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b"
         "2fa9cb6",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274ea"
         "ea3f4e4be9d914eeb61f1702e696c203a126854"},
        {2,
         ToBytes("Jefe"),
         ToBytes("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
         "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecf"
         "ab21649",
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f"
         "8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
        {3,
         Repeat(0xaa, 20),
         Repeat(0xdd, 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
         "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e10"
         "1a34f27",
         "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47"
         "e67c807b946a337bee8942674278859e13292fb"},
        {4,
         key4,
         Repeat(0xcd, 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
         "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c"
         "674cffb",
         "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc"
         "5788063a5f19741120c4f2de2adebeb10a298dd"},
        // Test case 5: RFC 4231 gives only the first 128 bits.
        {5,
         Repeat(0x0c, 20),
         ToBytes("Test With Truncation"),
         "a3b6167473100ee06e0c796c2955552b",
         "3abf34c3503b2a23a46efc619baef897",
         "415fad6271580a531d4179bc891d87a6"},
        {6,
         Repeat(0xaa, 131),
         ToBytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
         "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df16"
         "3f44952",
         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215"
         "d6a1e5295e64f73f63f0aec8b915a985d786598"},
        {7,
         Repeat(0xaa, 131),
         ToBytes("This is a test using a larger than block-size key and a larger than block-size "
                 "data. The key needs to be hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
         "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110"
         "c46523e",
         "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c"
         "3e4de15134676fb6de0446065c97440fa8c6a58"},
    };
}

Bytes
Truncate(Bytes b, size_t n)
{
    b.resize(std::min(n, b.size()));
    return b;
}

TEST(Integrity, Rfc4231ThroughPrf)
{
    Prf p256("prfsha256"), p384("prfsha384"), p512("prfsha512");
    for (const auto& c : Rfc4231())
    {
        SCOPED_TRACE("RFC 4231 test case " + std::to_string(c.number));
        for (auto [prf, expected] :
             {std::pair{&p256, c.sha256}, std::pair{&p384, c.sha384}, std::pair{&p512, c.sha512}})
        {
            Bytes want = H(expected);
            EXPECT_EQ(ToHex(Truncate(prf->Compute(c.key, {c.data}), want.size())), ToHex(want));
        }
    }
}

TEST(Integrity, Rfc4231TruncatedIcvWhenKeySizeFits)
{
    // RFC 4868 §2.7.1 uses RFC 4231's data with keys of the integrity key size; here: a
    // 32/48/64-octet key of 0x0b and "Hi There" against the RFC 4868 truncated values.
    struct
    {
        const char* name;
        size_t keySize;
        const char* icv;
    } cases[] = {
        {"sha256", 32, "198a607eb44bfbc69903a0f1cf2bbdc5"},
        {"sha384", 48, "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"},
        {"sha512", 64, "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"},
    };
    for (const auto& c : cases)
    {
        Integrity integ(c.name, Repeat(0x0b, c.keySize));
        Bytes data = ToBytes("Hi There");
        EXPECT_EQ(ToHex(integ.Compute({data})), c.icv) << c.name;
        // Scatter input gives the same ICV as one buffer.
        EXPECT_EQ(ToHex(integ.Compute({ByteSpan(data).first(3), ByteSpan(data).subspan(3)})),
                  c.icv);
        EXPECT_TRUE(integ.Verify({data}, H(c.icv)));
        EXPECT_EQ(ToHex(Truncate(integ.ComputeFull({data}), integ.IcvSize())), c.icv);
    }
}

TEST(Integrity, Rfc2202Sha1)
{
    struct
    {
        int number;
        Bytes key;
        Bytes data;
        const char* digest;
    } cases[] = {
        {1, Repeat(0x0b, 20), ToBytes("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
        {2,
         ToBytes("Jefe"),
         ToBytes("what do ya want for nothing?"),
         "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {3, Repeat(0xaa, 20), Repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
        {4,
         H("0102030405060708090a0b0c0d0e0f10111213141516171819"),
         Repeat(0xcd, 50),
         "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
        {6,
         Repeat(0xaa, 80),
         ToBytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
        {7,
         Repeat(0xaa, 80),
         ToBytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
    };
    Prf prf("prfsha1");
    for (const auto& c : cases)
    {
        EXPECT_EQ(ToHex(prf.Compute(c.key, {c.data})), c.digest) << "case " << c.number;
        if (c.key.size() == 20)
        {
            // HMAC-SHA1-96 keeps the first 12 octets (RFC 2404).
            Integrity integ("sha1", c.key);
            EXPECT_EQ(ToHex(integ.Compute({c.data})), std::string(c.digest).substr(0, 24));
        }
    }
}

TEST(Integrity, VerifyRejectsChangesAndWrongLength)
{
    Integrity integ("sha256", Repeat(0x11, 32));
    Bytes data = ToBytes("payload");
    Bytes icv = integ.Compute({data});
    EXPECT_TRUE(integ.Verify({data}, icv));
    for (size_t i = 0; i < icv.size() * 8; ++i)
    {
        Bytes bad = icv;
        bad[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
        EXPECT_FALSE(integ.Verify({data}, bad));
    }
    EXPECT_FALSE(integ.Verify({data}, ByteSpan(icv).first(15)));
    Bytes other = data;
    other[0] ^= 1;
    EXPECT_FALSE(integ.Verify({other}, icv));
}

TEST(Integrity, WrongKeyLengthAndUnknownName)
{
    ExpectCryptoError([] { Integrity("sha256", Repeat(1, 20)); },
                      {"sha256 integrity key", "expected 32", "got 20"});
    ExpectCryptoError([] { Integrity("md5", Repeat(1, 16)); }, {"'md5'", "sha1, sha256"});
}

} // namespace
} // namespace ipseclab::test
