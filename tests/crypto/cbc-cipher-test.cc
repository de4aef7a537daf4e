// RFC 3602 §4 test cases 1, 2 and 4 (AES-128-CBC) and the ESP packet cases 5-8, whose
// ciphertext is checked here (padding 1, 2, 3, ... as RFC 4303 §2.4 prescribes).
#include "crypto/cbc-cipher.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

TEST(CbcCipher, Rfc3602Cases)
{
    struct
    {
        int number;
        const char* key;
        const char* iv;
        Bytes plain;
        const char* cipher;
    } cases[] = {
        {1,
         "06a9214036b8a15b512e03d534120006",
         "3dafba429d9eb430b422da802c9fac41",
         ToBytes("Single block msg"),
         "e353779c1079aeb82708942dbe77181a"},
        {2,
         "c286696d887c9aa0611bbb3e2025a45a",
         "562e17996d093d28ddb3ba695a2e6f58",
         H("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
         "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"},
        {4,
         "56e47a38c5598974bc46903dba290349",
         "8ce82eefbea0da3c44699ed7db51b7d9",
         H("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
           "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"),
         "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
         "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55"},
    };
    for (const auto& c : cases)
    {
        SCOPED_TRACE("RFC 3602 case " + std::to_string(c.number));
        CbcCipher cbc("aes128", H(c.key));
        Bytes out(c.plain.size());
        cbc.Encrypt(H(c.iv), c.plain, out.data());
        EXPECT_EQ(ToHex(out), c.cipher);
        Bytes back(out.size());
        cbc.Decrypt(H(c.iv), out, back.data());
        EXPECT_EQ(back, c.plain);
        // In place.
        cbc.Encrypt(H(c.iv), back, back.data());
        EXPECT_EQ(ToHex(back), c.cipher);
    }
}

/// payload | 1, 2, ..., n | n | nextHeader, aligned to 16.
Bytes
EspPlaintext(const Bytes& payload, uint8_t nextHeader)
{
    Bytes p = payload;
    size_t pad = (16 - (payload.size() + 2) % 16) % 16;
    for (size_t i = 1; i <= pad; ++i)
    {
        p.push_back(static_cast<uint8_t>(i));
    }
    p.push_back(static_cast<uint8_t>(pad));
    p.push_back(nextHeader);
    return p;
}

TEST(CbcCipher, Rfc3602EspPacketCases)
{
    struct
    {
        int number;
        const char* key;
        const char* payload;
        uint8_t nextHeader;
        const char* packet; // SPI | Seq | IV | ciphertext
    } cases[] = {
        {5,
         "90d382b410eeba7ad938c46cec1a82bf",
         "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
         "202122232425262728292a2b2c2d2e2f3031323334353637",
         1,
         "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849"
         "a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c"
         "538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6"},
        {6,
         "90d382b410eeba7ad938c46cec1a82bf",
         "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
         1,
         "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109"
         "689bb379d2d750c0d915dca346a89f75"},
        {7,
         "0123456789abcdef0123456789abcdef",
         "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b"
         "0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233"
         "34353637",
         4,
         "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c"
         "237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b"
         "8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d"},
        {8,
         "0123456789abcdef0123456789abcdef",
         "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffff"
         "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
         4,
         "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048f"
         "e45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de"
         "435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892"},
    };
    for (const auto& c : cases)
    {
        SCOPED_TRACE("RFC 3602 case " + std::to_string(c.number));
        Bytes packet = H(c.packet);
        ByteSpan iv = ByteSpan(packet).subspan(8, 16);
        ByteSpan expected = ByteSpan(packet).subspan(24);
        Bytes plain = EspPlaintext(H(c.payload), c.nextHeader);
        CbcCipher cbc("aes128", H(c.key));
        Bytes out(plain.size());
        cbc.Encrypt(iv, plain, out.data());
        EXPECT_EQ(ToHex(out), ToHex(expected));
    }
}

TEST(CbcCipher, Errors)
{
    ExpectCryptoError([] { CbcCipher("aes256", Bytes(16)); },
                      {"aes256 key", "expected 32", "got 16"});
    ExpectCryptoError([] { CbcCipher("aes128gcm16", Bytes(20)); }, {"not a CBC"});
    CbcCipher cbc("aes128", Bytes(16));
    Bytes out(32);
    ExpectCryptoError([&] { cbc.Encrypt(Bytes(16), Bytes(17), out.data()); },
                      {"17 octets", "multiple of 16"});
    ExpectCryptoError([&] { cbc.Decrypt(Bytes(8), Bytes(16), out.data()); },
                      {"IV", "expected 16", "got 8"});
}

} // namespace
} // namespace ipseclab::test
