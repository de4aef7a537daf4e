// RFC 2409 §5 derivations against values computed independently by ikev1-vectors.py (Python
// hmac/hashlib, same fixed inputs): the committed ikev1-vectors.txt.
#include "ikev1/ikev1-key-schedule.h"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace ipseclab::ikev1
{
namespace
{

Bytes
Pattern(size_t n, unsigned mul, unsigned add)
{
    Bytes b(n);
    for (size_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(i * mul + add);
    }
    return b;
}

Bytes
Range(uint8_t from, uint8_t to)
{
    Bytes b;
    for (unsigned i = from; i < to; ++i)
    {
        b.push_back(static_cast<uint8_t>(i));
    }
    return b;
}

std::map<std::string, std::string>
Expected(const std::string& hash)
{
    std::ifstream in(IPSECLAB_IKEV1_VECTORS);
    EXPECT_TRUE(in) << IPSECLAB_IKEV1_VECTORS;
    std::map<std::string, std::string> values;
    std::string h, name, hex;
    while (in >> h >> name >> hex)
    {
        if (h == hash)
        {
            values[name] = hex;
        }
    }
    return values;
}

class KeySchedule : public ::testing::TestWithParam<std::string>
{
};

TEST_P(KeySchedule, MatchesIndependentPython)
{
    const std::string name = GetParam();
    auto expected = Expected(name);
    ASSERT_EQ(expected.size(), 16u);
    Ikev1Hash h(name);
    const Bytes ni = Range(0, 16), nr = Range(0x10, 0x30);
    const Bytes gxi = Pattern(128, 7, 1), gxr = Pattern(128, 13, 5), gxy = Pattern(128, 29, 3);
    const uint64_t ckyI = 0x0123456789abcdefULL, ckyR = 0xfedcba9876543210ULL;
    const std::string pskText = "secret";
    const Bytes psk(pskText.begin(), pskText.end());
    const Bytes saiB = Range(0, 40);
    const Bytes idiiB = {1, 17, 1, 244, 192, 0, 2, 1}, idirB = {1, 17, 1, 244, 192, 0, 2, 2};
    const Bytes lastBlock(16, 0x55), afterHash = Range(0, 60), spi = {0xc0, 0xff, 0xee, 0x01};
    const Bytes gqmxy(32, 0x77);
    const uint32_t mid = 0x12345678;

    Bytes skeyid = SkeyidPsk(h, psk, ni, nr);
    Skeyids k = DeriveSkeyids(h, skeyid, gxy, ckyI, ckyR);
    EXPECT_EQ(ToHex(skeyid), expected["skeyid_psk"]);
    EXPECT_EQ(ToHex(SkeyidSignature(h, ni, nr, gxy)), expected["skeyid_sig"]);
    EXPECT_EQ(ToHex(k.d), expected["skeyid_d"]);
    EXPECT_EQ(ToHex(k.a), expected["skeyid_a"]);
    EXPECT_EQ(ToHex(k.e), expected["skeyid_e"]);
    EXPECT_EQ(ToHex(EncryptionKey(h, k.e, 16)), expected["enc_key_16"]);
    EXPECT_EQ(ToHex(EncryptionKey(h, k.e, 32)), expected["enc_key_32"]);
    EXPECT_EQ(ToHex(HashI(h, skeyid, gxi, gxr, ckyI, ckyR, saiB, idiiB)), expected["hash_i"]);
    EXPECT_EQ(ToHex(HashR(h, skeyid, gxi, gxr, ckyI, ckyR, saiB, idirB)), expected["hash_r"]);
    EXPECT_EQ(ToHex(Phase1Iv(h, gxi, gxr, 16)), expected["iv_phase1"]);
    EXPECT_EQ(ToHex(Phase2Iv(h, lastBlock, mid, 16)), expected["iv_phase2"]);
    EXPECT_EQ(ToHex(QuickHash1(h, k.a, mid, afterHash)), expected["qm_hash1"]);
    EXPECT_EQ(ToHex(QuickHash2(h, k.a, mid, ni, afterHash)), expected["qm_hash2"]);
    EXPECT_EQ(ToHex(QuickHash3(h, k.a, mid, ni, nr)), expected["qm_hash3"]);
    EXPECT_EQ(ToHex(Keymat(h, k.d, {}, 3, spi, ni, nr, 36)), expected["keymat_36"]);
    EXPECT_EQ(ToHex(Keymat(h, k.d, gqmxy, 3, spi, ni, nr, 36)), expected["keymat_pfs_36"]);
}

INSTANTIATE_TEST_SUITE_P(Hashes, KeySchedule, ::testing::Values("sha1", "sha256"));

TEST(KeyScheduleErrors, UnknownHashAndShortDigest)
{
    EXPECT_THROW(Ikev1Hash("md4"), CryptoError);
    Ikev1Hash h("sha1");
    EXPECT_THROW(Phase1Iv(h, Bytes(4), Bytes(4), 32), CryptoError); // 20-octet SHA-1 < 32
}

TEST(KeyScheduleErrors, KeyLengthsAreExact)
{
    Ikev1Hash h("sha256");
    Bytes e(32, 1);
    EXPECT_EQ(EncryptionKey(h, e, 16).size(), 16u);
    EXPECT_EQ(EncryptionKey(h, e, 80).size(), 80u);
    EXPECT_EQ(Keymat(h, e, {}, 3, Bytes(4), Bytes(8), Bytes(8), 100).size(), 100u);
}

} // namespace
// RFC 3947 §3.2 over 192.0.2.1 port 500 (sha256) and port 4500 (sha1); values from Python's
// hashlib over the same octets.
TEST(KeySchedule, NatDetectionHash)
{
    const uint64_t ckyI = 0x0123456789abcdefULL, ckyR = 0xfedcba9876543210ULL;
    EXPECT_EQ(ToHex(NatDetectionHash(Ikev1Hash("sha256"), ckyI, ckyR, 0xc0000201, 500)),
              "895b033071ed996fae034af3323a9b105eac6c936fe91a726bbab35e88d6c5e3");
    EXPECT_EQ(ToHex(NatDetectionHash(Ikev1Hash("sha1"), ckyI, ckyR, 0xc0000201, 4500)),
              "2f25c864a9aab40dbeffa893157a49c2e232b2f0");
    EXPECT_NE(NatDetectionHash(Ikev1Hash("sha256"), ckyI, ckyR, 0xc0000201, 4500),
              NatDetectionHash(Ikev1Hash("sha256"), ckyI, ckyR, 0xc0000201, 500));
}

} // namespace ipseclab::ikev1
