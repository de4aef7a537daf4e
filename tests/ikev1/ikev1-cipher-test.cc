// Encrypted IKEv1 messages: Appendix B padding, CBC with IV chaining across messages, and
// rejection of bodies that are not whole blocks or that decrypt to garbage.
#include "ikev1/ikev1-cipher.h"
#include "ikev1/ikev1-key-schedule.h"

#include <gtest/gtest.h>

namespace ipseclab::ikev1
{
namespace
{

Message
IdHash(uint32_t mid)
{
    Message m;
    m.header.initiatorCookie = 0x1111111111111111ULL;
    m.header.responderCookie = 0x2222222222222222ULL;
    m.header.messageId = mid;
    m.payloads.push_back(MakeId({id::kIpv4Addr, 17, 500, {192, 0, 2, 1}}));
    m.payloads.push_back(MakeData(PayloadType::Hash, Bytes(32, 0x42)));
    return m;
}

TEST(Ikev1Cipher, PaddingAlwaysPresentLastOctetCounts)
{
    for (size_t n = 0; n < 40; ++n)
    {
        Bytes padded = PadPlaintext(Bytes(n, 0xee), 16);
        ASSERT_EQ(padded.size() % 16, 0u) << n;
        ASSERT_GT(padded.size(), n);
        EXPECT_EQ(padded.back(), padded.size() - n - 1) << n;
        for (size_t i = n; i + 1 < padded.size(); ++i)
        {
            EXPECT_EQ(padded[i], 0) << n;
        }
    }
}

TEST(Ikev1Cipher, RoundTripAndIvChaining)
{
    Bytes key(16, 0x0b);
    Ikev1Cbc cbc("aes128", key);
    Bytes ivSend(16, 0x01), ivRecv = ivSend;
    Message first = IdHash(0);
    first.header.exchange = ExchangeType::Main;
    Bytes wire1 = cbc.Encrypt(first, ivSend);
    EXPECT_EQ(wire1[19] & flags::kEncryption, flags::kEncryption);
    EXPECT_EQ((wire1.size() - kHeaderSize) % 16, 0u);
    EXPECT_EQ(ivSend, Bytes(wire1.end() - 16, wire1.end()));
    Bytes wire2 = cbc.Encrypt(first, ivSend);
    EXPECT_NE(wire1, wire2) << "the second message must use the chained IV";

    Message back1 = cbc.Decrypt(wire1, ivRecv);
    Message back2 = cbc.Decrypt(wire2, ivRecv);
    EXPECT_EQ(back1.payloads, first.payloads);
    EXPECT_EQ(back2.payloads, first.payloads);
    EXPECT_EQ(ivRecv, ivSend);
    // Received payloads keep their wire octets for the HASHes.
    EXPECT_EQ(back1.payloads[0].wire.size(), 12u);
}

TEST(Ikev1Cipher, Phase2IvFromLastPhase1Block)
{
    Ikev1Hash h("sha256");
    Bytes lastBlock(16, 0x33);
    Bytes iv1 = Phase2Iv(h, lastBlock, 1, 16);
    Bytes iv2 = Phase2Iv(h, lastBlock, 2, 16);
    EXPECT_EQ(iv1.size(), 16u);
    EXPECT_NE(iv1, iv2); // each exchange (M-ID) has its own IV
}

TEST(Ikev1Cipher, BadBodiesAreRejected)
{
    Ikev1Cbc cbc("aes256", Bytes(32, 7));
    Bytes iv(16, 0);
    Bytes wire = cbc.Encrypt(IdHash(5), iv);
    Bytes notWhole(wire.begin(), wire.end() - 1);
    notWhole[27] = static_cast<uint8_t>(notWhole.size());
    Bytes iv0(16, 0);
    EXPECT_THROW(cbc.Decrypt(notWhole, iv0), IkeParseError);
    Bytes clear = IdHash(5).Encode();
    EXPECT_THROW(cbc.Decrypt(clear, iv0), IkeParseError);
    // The wrong key: the chain is garbage, rejected as a parse error (never a crash).
    Ikev1Cbc wrong("aes256", Bytes(32, 8));
    Bytes iv1(16, 0);
    EXPECT_THROW(wrong.Decrypt(wire, iv1), IkeParseError);
    EXPECT_THROW(Ikev1Cbc("aes128gcm16", Bytes(20, 0)), CryptoError);
}

} // namespace
} // namespace ipseclab::ikev1
