// The Encrypted payload (RFC 7296 §3.14, RFC 5282): round trips for CBC+HMAC and AEAD
// proposals, the exact layout and ICV input, and tampering anywhere failing the ICV.
#include "ike-test-util.h"
#include "ike/ike-wire-io.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

IkeMessage
AuthRequest(bool fromInitiator)
{
    IkeMessage m;
    m.header.spiI = 0x1111222233334444ULL;
    m.header.spiR = 0x5555666677778888ULL;
    m.header.exchangeType = IkeExchangeType::IkeAuth;
    m.header.SetInitiator(fromInitiator);
    m.header.messageId = 1;
    m.encrypted = true;
    IkeTsPayload ts{{IkeTrafficSelector::Ipv4(0x0a010000, 0x0a01ffff)}};
    m.payloads = {IkePayload::IdI(IkeIdPayload::Fqdn("moon.strongswan.org")),
                  IkePayload::Auth(IkeAuthMethod::SharedKeyMic, Bytes(32, 0x5a)),
                  IkePayload::TsI(ts),
                  IkePayload::TsR(ts)};
    return m;
}

class IkeSkTest : public ::testing::TestWithParam<const char*>
{
};

TEST_P(IkeSkTest, RoundTripBothDirections)
{
    IkeCryptoContext sender = test::MakeContext(GetParam());
    IkeCryptoContext receiver = test::MakeContext(GetParam());
    for (bool fromInitiator : {true, false})
    {
        IkeMessage m = AuthRequest(fromInitiator);
        SeededRandomSource rng(7);
        IkeSkTrace sent;
        Bytes w = m.Encode(sender, rng, &sent);
        IkeSkTrace got;
        IkeMessage back = IkeMessage::Decode(w, &receiver, &got);
        ASSERT_EQ(back.skStatus, IkeSkStatus::Ok);
        EXPECT_TRUE(back.encrypted);
        EXPECT_EQ(back.payloads, m.payloads);
        EXPECT_EQ(got.plaintext, sent.plaintext);
        EXPECT_EQ(got.iv, sent.iv);
        EXPECT_EQ(back.Summary(), std::string("IKE_AUTH request 1 [ SK { IDi AUTH TSi TSr } ]"));
        // Same seed, same octets: Encode(Decode(x)) == x.
        SeededRandomSource again(7);
        EXPECT_EQ(back.Encode(sender, again), w);
        // The other direction's keys do not verify.
        Bytes flipped = w;
        flipped[19] ^= kIkeFlagInitiator;
        EXPECT_EQ(IkeMessage::Decode(flipped, &receiver).skStatus, IkeSkStatus::IcvFailed);
        // Without keys the payloads stay hidden.
        EXPECT_EQ(IkeMessage::Decode(w).skStatus, IkeSkStatus::NoKeys);
    }
}

TEST_P(IkeSkTest, LayoutAndIcvInput)
{
    IkeCryptoContext ctx = test::MakeContext(GetParam());
    IkeMessage m = AuthRequest(true);
    Bytes inner;
    uint8_t first = 0;
    {
        IkeMessage plain = m;
        plain.encrypted = false;
        Bytes clear = plain.Encode();
        inner.assign(clear.begin() + 28, clear.end());
        first = clear[16];
    }
    SeededRandomSource rng(3);
    Bytes iv = SeededRandomSource(3).Get(ctx.IvSize());
    Bytes w = m.Encode(ctx, rng);
    EXPECT_EQ(w[16], 46) << "header Next Payload = SK";
    EXPECT_EQ(w[28], first) << "SK Next Payload = first inner payload (IDi)";
    EXPECT_EQ(GetU16(&w[30]), w.size() - 28);
    EXPECT_EQ(GetU32(&w[24]), w.size());
    EXPECT_EQ(Bytes(w.begin() + 32, w.begin() + 32 + ctx.IvSize()), iv);
    size_t plainSize = w.size() - 32 - ctx.IvSize() - ctx.IcvSize();
    EXPECT_EQ(plainSize % ctx.BlockSize(), 0u);
    EXPECT_EQ(plainSize, inner.size() + ctx.PaddingLength(inner.size()) + 1);
    // Recompute independently with the crypto core.
    KeyLengths lengths = KeyLengths::For(ctx.Proposal());
    IkeCryptoContext again = test::MakeContext(GetParam());
    IkeSkTrace t;
    ASSERT_TRUE(again.Unprotect(true, w, 32, &t).has_value());
    EXPECT_EQ(Bytes(t.plaintext.begin(), t.plaintext.begin() + inner.size()), inner);
    EXPECT_EQ(t.plaintext.back(), t.padLength);
    Bytes ei(lengths.encryption), ai(lengths.integrity);
    for (size_t i = 0; i < ei.size(); ++i)
    {
        ei[i] = static_cast<uint8_t>(31 + 7 + i);
    }
    for (size_t i = 0; i < ai.size(); ++i)
    {
        ai[i] = static_cast<uint8_t>(31 + 14 + i);
    }
    ByteSpan ws(w);
    if (ctx.IsAead())
    {
        // RFC 5282 §5.1: AAD = IKE header | SK generic header (everything before the IV).
        AeadCipher aead(*ctx.Proposal().encryption, ei);
        Bytes out(plainSize);
        EXPECT_TRUE(aead.Open(
            iv, {ws.first(32)}, ws.subspan(32 + 8, plainSize), ws.last(ctx.IcvSize()), out.data()));
        EXPECT_EQ(out, t.plaintext);
    }
    else
    {
        // RFC 7296 §3.14: ICV over the message from the header through the ciphertext.
        Integrity integ(*ctx.Proposal().integrity, ai);
        EXPECT_EQ(integ.Compute({ws.first(w.size() - ctx.IcvSize())}),
                  Bytes(w.end() - ctx.IcvSize(), w.end()));
        CbcCipher cbc(*ctx.Proposal().encryption, ei);
        Bytes out(plainSize);
        cbc.Decrypt(iv, ws.subspan(32 + 16, plainSize), out.data());
        EXPECT_EQ(out, t.plaintext);
    }
}

TEST_P(IkeSkTest, EveryFlippedBitIsRejected)
{
    IkeCryptoContext ctx = test::MakeContext(GetParam());
    IkeMessage m = AuthRequest(true);
    m.payloads.resize(2);
    SeededRandomSource rng(1);
    Bytes w = m.Encode(ctx, rng);
    size_t icvFailures = 0;
    for (size_t bit = 0; bit < w.size() * 8; ++bit)
    {
        Bytes x = w;
        x[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        try
        {
            IkeMessage back = IkeMessage::Decode(x, &ctx);
            EXPECT_NE(back.skStatus, IkeSkStatus::Ok) << "bit " << bit;
            icvFailures += back.skStatus == IkeSkStatus::IcvFailed;
        }
        catch (const IkeParseError&)
        {
            // header or SK length fields: rejected before the ICV
        }
    }
    // Everything after the length fields is covered by the ICV.
    EXPECT_GE(icvFailures, (w.size() - 32) * 8);
}

TEST_P(IkeSkTest, EmptyInformationalAndOuterPayloads)
{
    IkeCryptoContext ctx = test::MakeContext(GetParam());
    IkeMessage m;
    m.header.exchangeType = IkeExchangeType::Informational;
    m.header.spiI = 1;
    m.header.spiR = 2;
    m.header.messageId = 5;
    m.encrypted = true; // liveness check: an empty SK
    SeededRandomSource rng(2);
    Bytes w = m.Encode(ctx, rng);
    EXPECT_EQ(w[28], 0);
    IkeMessage back = IkeMessage::Decode(w, &ctx);
    EXPECT_EQ(back.skStatus, IkeSkStatus::Ok);
    EXPECT_TRUE(back.payloads.empty());
    EXPECT_EQ(back.Summary(), "INFORMATIONAL request 5 [ SK { } ]");

    m.outerPayloads = {IkePayload::VendorId(FromHex("0102"))};
    m.payloads = {IkePayload::Delete(IkeDeletePayload::Ike())};
    Bytes w2 = m.Encode(ctx, rng);
    IkeMessage back2 = IkeMessage::Decode(w2, &ctx);
    EXPECT_EQ(back2.outerPayloads, m.outerPayloads);
    EXPECT_EQ(back2.payloads, m.payloads);
    EXPECT_EQ(back2.Describe(), (std::vector<std::string>{"V", "D"}));
}

INSTANTIATE_TEST_SUITE_P(Proposals, IkeSkTest,
                         ::testing::Values("aes128-sha256-ecp256", "aes256-sha512-modp2048",
                                           "aes256gcm16-prfsha256-ecp256",
                                           "chacha20poly1305-prfsha256-x25519"));

TEST(IkeSk, ContextRejectsUnusableProposals)
{
    EXPECT_THROW(test::MakeContext("null-sha256-ecp256"), std::exception);
    IkeProposal p = ParseIkeProposal("aes128-sha256-ecp256");
    EXPECT_THROW(IkeCryptoContext(p, Bytes(15), Bytes(32), Bytes(16), Bytes(32)), CryptoError);
}

TEST(IkeSk, TooShortSkBodyIsAParseError)
{
    IkeCryptoContext ctx = test::MakeContext("aes256gcm16-prfsha256-ecp256");
    IkeMessage m = AuthRequest(true);
    SeededRandomSource rng(1);
    Bytes w = m.Encode(ctx, rng);
    // Cut the SK body to 20 octets and fix both lengths: IV 8 + ICV 16 do not fit.
    w.resize(32 + 20);
    w[27] = static_cast<uint8_t>(w.size());
    w[26] = 0;
    w[31] = 24;
    w[30] = 0;
    EXPECT_THROW(IkeMessage::Decode(w, &ctx), IkeParseError);
}

} // namespace
} // namespace ipseclab
