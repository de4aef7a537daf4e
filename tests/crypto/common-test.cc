#include "test-util.h"

namespace ipseclab::test
{
namespace
{

TEST(CryptoCommon, HexRoundTrip)
{
    Bytes b{0x00, 0x01, 0xab, 0xff};
    EXPECT_EQ(ToHex(b), "0001abff");
    EXPECT_EQ(FromHex("0001ABff"), b);
    EXPECT_EQ(FromHex("0x00 01:ab ff"), b);
    EXPECT_TRUE(FromHex("").empty());
}

TEST(CryptoCommon, BadHexThrows)
{
    ExpectCryptoError([] { FromHex("abc"); }, {"odd"});
    ExpectCryptoError([] { FromHex("zz"); }, {"invalid hex character 'z'"});
}

TEST(CryptoCommon, ConstantTimeEqual)
{
    EXPECT_TRUE(ConstantTimeEqual(H("0102"), H("0102")));
    EXPECT_FALSE(ConstantTimeEqual(H("0102"), H("0103")));
    EXPECT_FALSE(ConstantTimeEqual(H("0102"), H("01")));
    EXPECT_TRUE(ConstantTimeEqual({}, {}));
}

TEST(CryptoCommon, ConcatAndCheckSize)
{
    EXPECT_EQ(Concat({H("01"), H(""), H("0203")}), H("010203"));
    ExpectCryptoError([] { CheckSize("thing", 16, 15); }, {"thing", "expected 16", "got 15"});
}

} // namespace
} // namespace ipseclab::test
