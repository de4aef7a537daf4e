// prf+ and the IKEv2 key schedule. RFC 7296 has no vectors for these, so the tests check
// the structure (prf+ = T1 | T2 | ... by hand with the PRF, lengths, split order) and
// compare with values computed independently by gen-vectors.py (Python hmac/hashlib).
#include "crypto/ike-key-schedule.h"
#include "test-util.h"

namespace ipseclab::test
{
namespace
{

Bytes
Range(uint8_t first, size_t n)
{
    Bytes b(n);
    for (size_t i = 0; i < n; ++i)
    {
        b[i] = static_cast<uint8_t>(first + i);
    }
    return b;
}

const Bytes kNi = Range(0x10, 32);
const Bytes kNr = Range(0x40, 32);
const Bytes kGir = Repeat(0xa5, 32);
const Bytes kSpiI = H("0011223344556677");
const Bytes kSpiR = H("8899aabbccddeeff");

TEST(PrfPlus, IsChainedPrfBlocks)
{
    Prf prf("prfsha256");
    Bytes key = Repeat(0x0b, 32);
    Bytes seed = ToBytes("seed");
    uint8_t one = 1, two = 2, three = 3;
    Bytes t1 = prf.Compute(key, {seed, ByteSpan(&one, 1)});
    Bytes t2 = prf.Compute(key, {t1, seed, ByteSpan(&two, 1)});
    Bytes t3 = prf.Compute(key, {t2, seed, ByteSpan(&three, 1)});
    Bytes expected = Concat({t1, t2, t3});
    EXPECT_EQ(PrfPlus(prf, key, seed, 96), expected);
    expected.resize(70);
    EXPECT_EQ(PrfPlus(prf, key, seed, 70), expected);
    EXPECT_EQ(PrfPlus(prf, key, seed, 0).size(), 0u);
    EXPECT_EQ(PrfPlus(prf, key, seed, 255 * 32).size(), 255u * 32);
    ExpectCryptoError([&] { PrfPlus(prf, key, seed, 255 * 32 + 1); }, {"255"});
}

TEST(IkeKeySchedule, IkeSaKeysMatchIndependentComputation)
{
    Prf prf("prfsha256");
    auto proposal = ParseIkeProposal("aes128-sha256-x25519");
    KeyLengths lengths = KeyLengths::For(proposal);
    EXPECT_EQ(lengths.encryption, 16u);
    EXPECT_EQ(lengths.integrity, 32u);
    IkeSaKeys k = DeriveIkeSaKeys(prf, kNi, kNr, kGir, kSpiI, kSpiR, lengths);
    EXPECT_EQ(k.skeyseedInput, Concat({kNi, kNr}));
    EXPECT_EQ(ToHex(k.skeyseed),
              "ec1e7d09e575f224df18fd2b8e4be755f7865b7917a24b28202c0f13a918fc8e");
    EXPECT_EQ(k.prfPlusSeed, Concat({kNi, kNr, kSpiI, kSpiR}));
    EXPECT_EQ(ToHex(k.keymat),
              "6c2f94cf3630efc0171b5b2e1a6c9aa56d9c7f8d5af47bd52fc3462cfd565c04b765ad2ed1cca717"
              "7e090c4605b5b6fbb2d349cbd909e4612d4b4fd3fb38d6d396b1af8758d71c6fbe2f8828da3fe0c1"
              "3ce591db9be196165b05292ab79606eaf6b62b23be4bb40864940c6bfbf086af8a40cc2b6571c930"
              "39ee26390d6fd651fb07ea4a56c52c44ba1b7fb5f4508c953c65d7eb8b24da8b57bea88317f81cbc"
              "f07dd8781c37e34da13072b962e96b0c034884ab53551c8d91317898c9632714");
    // {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} in that order.
    EXPECT_EQ(Concat({k.skD, k.skAi, k.skAr, k.skEi, k.skEr, k.skPi, k.skPr}), k.keymat);
    EXPECT_EQ(k.skD.size(), 32u);
    EXPECT_EQ(k.skAi.size(), 32u);
    EXPECT_EQ(k.skEi.size(), 16u);
    EXPECT_EQ(k.skPr.size(), 32u);
}

TEST(IkeKeySchedule, AeadIkeSaHasNoIntegrityKeys)
{
    auto proposal = ParseIkeProposal("aes256gcm16-prfsha384-ecp384");
    Prf prf(*proposal.prf);
    KeyLengths lengths = KeyLengths::For(proposal);
    EXPECT_EQ(lengths.encryption, 36u); // 32-octet key + 4-octet salt (RFC 5282)
    EXPECT_EQ(lengths.integrity, 0u);
    IkeSaKeys k = DeriveIkeSaKeys(prf, kNi, kNr, kGir, kSpiI, kSpiR, lengths);
    EXPECT_TRUE(k.skAi.empty());
    EXPECT_TRUE(k.skAr.empty());
    EXPECT_EQ(k.skEi.size(), 36u);
    EXPECT_EQ(k.skD.size(), 48u);
    EXPECT_EQ(k.keymat.size(), 48u * 3 + 72u);
}

TEST(IkeKeySchedule, ChildSaKeys)
{
    Prf prf("prfsha256");
    IkeSaKeys ike = DeriveIkeSaKeys(prf, kNi, kNr, kGir, kSpiI, kSpiR, KeyLengths{16, 32});
    ChildSaKeys c =
        DeriveChildSaKeys(prf, ike.skD, kNi, kNr, KeyLengths::For(ParseEspProposal("aes128gcm16")));
    EXPECT_EQ(ToHex(c.keymat),
              "447a29c9f169cf3091c4ee4d73734eac8a7440261bd0a3bf11874e396eb474151d5f9932553a908f");
    EXPECT_EQ(c.encryptionInitiator, Bytes(c.keymat.begin(), c.keymat.begin() + 20));
    EXPECT_EQ(c.encryptionResponder, Bytes(c.keymat.begin() + 20, c.keymat.end()));
    EXPECT_TRUE(c.integrityInitiator.empty());

    // With PFS: seed = g^ir (new) | Ni | Nr; order encr_i, integ_i, encr_r, integ_r.
    Bytes gir2 = Repeat(0x5a, 32);
    ChildSaKeys pfs = DeriveChildSaKeys(prf, ike.skD, kNi, kNr, KeyLengths{16, 32}, gir2);
    EXPECT_EQ(pfs.seed, Concat({gir2, kNi, kNr}));
    EXPECT_EQ(ToHex(pfs.keymat),
              "06ac7cd278c2f4576ba6522045def3e32d484a7d8a6611b4f47691f23e0f1d0a7606aed4a0d58fd8"
              "41b7a953dd2f4e829bc5254128eeeb09db96912de22b770899c1b2ff57120a63b7a2d721e69ca8e3"
              "3a72aa8bff7c9d5e6cfbe0e3f8e48d38");
    EXPECT_EQ(Concat({pfs.encryptionInitiator,
                      pfs.integrityInitiator,
                      pfs.encryptionResponder,
                      pfs.integrityResponder}),
              pfs.keymat);
    EXPECT_EQ(pfs.integrityResponder.size(), 32u);
}

TEST(IkeKeySchedule, RekeyedIkeSa)
{
    Prf prf("prfsha256");
    IkeSaKeys old = DeriveIkeSaKeys(prf, kNi, kNr, kGir, kSpiI, kSpiR, KeyLengths{16, 32});
    Bytes gir2 = Repeat(0x5a, 32);
    IkeSaKeys k =
        DeriveRekeyedIkeSaKeys(prf, old.skD, prf, kNi, kNr, gir2, kSpiI, kSpiR, KeyLengths{16, 32});
    EXPECT_EQ(k.skeyseedInput, Concat({gir2, kNi, kNr}));
    EXPECT_EQ(ToHex(k.skeyseed),
              "4d292f4eb965cccc1a237c0ede6d0207f2d5467045fb805b6db563f3cf45427a");
    EXPECT_EQ(k.keymat, PrfPlus(prf, k.skeyseed, k.prfPlusSeed, k.keymat.size()));
}

TEST(IkeKeySchedule, SharedKeyAuth)
{
    Prf prf("prfsha256");
    IkeSaKeys ike = DeriveIkeSaKeys(prf, kNi, kNr, kGir, kSpiI, kSpiR, KeyLengths{16, 32});
    Bytes realMessage = Range(0, 64);
    Bytes restOfId = H("01000000c0000201");
    SharedKeyAuth a =
        ComputeSharedKeyAuth(prf, ToBytes("lab-secret"), realMessage, kNr, ike.skPi, restOfId);
    EXPECT_EQ(ToHex(a.auth), "ee8fd5b6723bac59ba9b2fd01bdf53c99e64507e1525077a7b315663677ad543");
    EXPECT_EQ(a.signedOctets, BuildSignedOctets(prf, realMessage, kNr, ike.skPi, restOfId));
    EXPECT_EQ(a.signedOctets, Concat({realMessage, kNr, a.macedId}));
    EXPECT_EQ(a.keyPadKey, prf.Compute(ToBytes("lab-secret"), {ToBytes("Key Pad for IKEv2")}));
}

TEST(IkeKeySchedule, Errors)
{
    Prf prf("prfsha256");
    ExpectCryptoError([&] { DeriveIkeSaKeys(prf, Bytes(8), kNr, kGir, kSpiI, kSpiR, {}); },
                      {"Ni", "16 to 256", "got 8"});
    ExpectCryptoError([&] { DeriveIkeSaKeys(prf, kNi, kNr, kGir, Bytes(4), kSpiR, {}); },
                      {"SPIi", "expected 8"});
    ExpectCryptoError([] { Prf("prfmd5"); }, {"'prfmd5'", "prfsha256"});
}

} // namespace
} // namespace ipseclab::test
