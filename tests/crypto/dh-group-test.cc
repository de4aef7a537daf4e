// Diffie-Hellman: RFC 5903 §8 (ECP-256) and §9 (ECP-384) vectors, RFC 7748 §6.1 (X25519),
// agreement for every group, and rejection of invalid peer values.
#include "crypto/dh-group.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

struct DhVector
{
    const char* group;
    const char* i;
    const char* gi; // IKEv2 encoding
    const char* r;
    const char* gr;
    const char* gir;
};

const DhVector kVectors[] = {
    {"ecp256",
     "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
     "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
    {"ecp384",
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab"
     "194",
     "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f4"
     "1aa"
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a"
     "81c",
     "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a744"
     "8fc",
     "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3"
     "571"
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e63"
     "86c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59"
     "746"},
    {"x25519",
     "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
     "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
     "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
     "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"},
};

TEST(DhGroup, PublishedVectors)
{
    for (const auto& v : kVectors)
    {
        SCOPED_TRACE(v.group);
        auto i = DhGroup::FromPrivateKey(v.group, H(v.i));
        auto r = DhGroup::FromPrivateKey(v.group, H(v.r));
        EXPECT_EQ(ToHex(i->PublicValue()), v.gi);
        EXPECT_EQ(ToHex(r->PublicValue()), v.gr);
        EXPECT_EQ(ToHex(i->ComputeSharedSecret(H(v.gr))), v.gir);
        EXPECT_EQ(ToHex(r->ComputeSharedSecret(H(v.gi))), v.gir);
        EXPECT_EQ(ToHex(i->PrivateKey()), v.i);
    }
}

class DhGroupAll : public ::testing::TestWithParam<const char*>
{
};

INSTANTIATE_TEST_SUITE_P(Groups, DhGroupAll,
                         ::testing::Values("modp2048", "ecp256", "ecp384", "x25519", "curve25519"));

TEST_P(DhGroupAll, TwoPartiesAgreeAndRunsRepeat)
{
    SeededRandomSource rngA(1), rngB(2), rngA2(1);
    auto a = DhGroup::Create(GetParam(), rngA);
    auto b = DhGroup::Create(GetParam(), rngB);
    auto a2 = DhGroup::Create(GetParam(), rngA2);
    const auto& info = a->Info();
    EXPECT_EQ(a->PublicValue().size(), info.publicSize);
    Bytes s1 = a->ComputeSharedSecret(b->PublicValue());
    Bytes s2 = b->ComputeSharedSecret(a->PublicValue());
    EXPECT_EQ(s1, s2);
    EXPECT_EQ(s1.size(), info.sharedSize);
    EXPECT_EQ(a->PublicValue(), a2->PublicValue()); // same seed, same key pair
    EXPECT_NE(a->PublicValue(), b->PublicValue());
    // A key pair rebuilt from the private key is the same.
    auto a3 = DhGroup::FromPrivateKey(info, a->PrivateKey());
    EXPECT_EQ(a3->PublicValue(), a->PublicValue());
}

TEST_P(DhGroupAll, InvalidPeerValuesRejected)
{
    SeededRandomSource rng(3);
    auto a = DhGroup::Create(GetParam(), rng);
    size_t n = a->Info().publicSize;
    ExpectCryptoError([&] { a->ComputeSharedSecret(Bytes(n - 1)); },
                      {"expected " + std::to_string(n)});
    ExpectCryptoError([&] { a->ComputeSharedSecret(Bytes(n + 1)); }, {"peer public value"});
    ExpectCryptoError([&] { a->ComputeSharedSecret(Bytes(n)); }, {"invalid peer public value"});
    if (a->Info().kind == DhKind::Modp)
    {
        Bytes one(n);
        one.back() = 1;
        ExpectCryptoError([&] { a->ComputeSharedSecret(one); }, {"1 < y < p-1"});
        Bytes pMinus1 = Repeat(0xff, n); // p-1 of RFC 3526 group 14 ends in ...fffe
        pMinus1.back() = 0xfe;
        ExpectCryptoError([&] { a->ComputeSharedSecret(pMinus1); }, {"1 < y < p-1"});
        ExpectCryptoError([&] { a->ComputeSharedSecret(Repeat(0xff, n)); }, {"1 < y < p-1"});
    }
    if (a->Info().kind == DhKind::Ecp)
    {
        Bytes bad = a->PublicValue();
        bad.back() ^= 1;
        ExpectCryptoError([&] { a->ComputeSharedSecret(bad); }, {"not on the curve"});
        ExpectCryptoError([&] { a->ComputeSharedSecret(Repeat(0xff, n)); }, {"not below p"});
    }
    if (a->Info().kind == DhKind::X25519)
    {
        // u = 1 is a small-order point: the shared secret would be all zero.
        Bytes one(32);
        one[0] = 1;
        ExpectCryptoError([&] { a->ComputeSharedSecret(one); }, {"invalid peer public value"});
    }
}

TEST(DhGroup, BadPrivateKeysAndNames)
{
    ExpectCryptoError([] { DhGroup::FromPrivateKey("ecp256", Bytes(31, 1)); },
                      {"private key", "expected 32"});
    ExpectCryptoError([] { DhGroup::FromPrivateKey("ecp256", Bytes(32)); }, {"1..n-1"});
    ExpectCryptoError([] { DhGroup::FromPrivateKey("modp2048", H("01")); }, {"1 < x < p-1"});
    ExpectCryptoError([] { DhGroup::FromPrivateKey("x25519", Bytes(16, 1)); }, {"expected 32"});
    FixedRandomSource empty({});
    ExpectCryptoError([&] { DhGroup::Create("x25519", empty); }, {"exhausted"});
    ExpectCryptoError([&] { DhGroup::Create("modp1536", empty); }, {"'modp1536'", "modp2048"});
}

} // namespace
} // namespace ipseclab::test
