// The Aggressive Mode PSK lesson on captured wire octets: a small dictionary recovers a weak
// PSK from AM1/AM2 alone; Main Mode's MM1..MM4 carry no HASH, and MM5/MM6 do not decrypt
// with the right PSK but without the DH secret.
#include "ikev1/ikev1-phase1.h"
#include "ikev1/ikev1-psk-crack.h"

#include <gtest/gtest.h>

using namespace ipseclab;
using namespace ipseclab::ikev1;

namespace
{

Phase1Config
Config(const std::string& psk, uint32_t address, bool aggressive)
{
    Phase1Config c;
    Phase1Policy p;
    p.proposal = ParseIkeProposal("aes128-sha256-modp2048");
    c.proposals = {p};
    c.psk = ToBytes(psk);
    c.localId = IdentityPayload("", address);
    c.aggressive = aggressive;
    return c;
}

/// Runs an exchange between two in-memory peers and returns every message, in order.
std::vector<Bytes>
Capture(const std::string& psk, bool aggressive)
{
    SeededRandomSource rngI(11), rngR(12);
    Phase1Exchange i(Role::Initiator, Config(psk, 0xc0000201, aggressive), rngI);
    Phase1Exchange r(Role::Responder, Config(psk, 0xc0000202, aggressive), rngR);
    std::vector<Bytes> wire{i.Start()};
    Phase1Exchange* next = &r;
    while (!wire.back().empty())
    {
        wire.push_back(next->Process(wire.back()));
        next = next == &r ? &i : &r;
    }
    wire.pop_back();
    EXPECT_TRUE(i.Established() && r.Established());
    return wire;
}

const std::vector<std::string> kDictionary = {
    "password", "123456", "letmein", "cisco", "vpn", "secret", "classroom", "ipsec"};

} // namespace

TEST(Ikev1PskCrack, AggressiveModeGivesAWeakPskAway)
{
    std::vector<Bytes> am = Capture("cisco", true);
    ASSERT_EQ(am.size(), 3u);
    CrackResult r = CrackAggressiveModePsk(am[0], am[1], kDictionary);
    ASSERT_TRUE(r.psk.has_value());
    EXPECT_EQ(*r.psk, "cisco");
    EXPECT_EQ(r.tried, 4u);
}

TEST(Ikev1PskCrack, AStrongPskIsNotInTheDictionary)
{
    std::vector<Bytes> am = Capture("vT9#q2!mZr8@Lp4w", true);
    CrackResult r = CrackAggressiveModePsk(am[0], am[1], kDictionary);
    EXPECT_FALSE(r.psk.has_value());
    EXPECT_EQ(r.tried, kDictionary.size());
}

TEST(Ikev1PskCrack, MainModeOffersNoOfflineCheck)
{
    std::vector<Bytes> mm = Capture("cisco", false);
    ASSERT_EQ(mm.size(), 6u);
    // The attack needs a clear Aggressive Mode pair; MM1..MM4 carry neither ID nor HASH.
    EXPECT_THROW(CrackAggressiveModePsk(mm[0], mm[1], kDictionary), std::invalid_argument);
    for (int n = 0; n < 4; ++n)
    {
        Message m = Message::Decode(mm[n]);
        EXPECT_EQ(m.Find(PayloadType::Id), nullptr);
        EXPECT_EQ(m.Find(PayloadType::Hash), nullptr);
    }
    // MM5 and MM6 (identities and hashes) are encrypted: E flag set, not decodable in clear.
    EXPECT_TRUE(Header::Decode(mm[4]).Encrypted());
    EXPECT_TRUE(Header::Decode(mm[5]).Encrypted());
    EXPECT_THROW(Message::Decode(mm[5]), IkeParseError);
    // Even the right PSK gives no key without g^xy: SKEYID_e over a guessed (here: empty)
    // shared secret does not decrypt MM6.
    Message mm3 = Message::Decode(mm[2]);
    Message mm4 = Message::Decode(mm[3]);
    Ikev1Hash h("sha256");
    Bytes skeyid = SkeyidPsk(h,
                             ToBytes("cisco"),
                             mm3.Find(PayloadType::Nonce)->Body(),
                             mm4.Find(PayloadType::Nonce)->Body());
    Skeyids k =
        DeriveSkeyids(h, skeyid, {}, mm4.header.initiatorCookie, mm4.header.responderCookie);
    Ikev1Cbc cbc("aes128", EncryptionKey(h, k.e, 16));
    Bytes iv(mm[4].end() - 16, mm[4].end()); // MM6's IV: MM5's last block, seen on the wire
    EXPECT_THROW(cbc.Decrypt(mm[5], iv), IkeParseError);
}
