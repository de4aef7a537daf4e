// Two in-memory IKEv1 peers: Main Mode and Aggressive Mode with PSK, then Quick Mode (with
// and without PFS and client IDs). Both sides must derive the same keys, and wrong PSKs,
// proposal mismatches and tampered messages must fail with the right notify type.
#include "ikev1/ikev1-phase1.h"
#include "ikev1/ikev1-quick-mode.h"

#include <gtest/gtest.h>

using namespace ipseclab;
using namespace ipseclab::ikev1;

namespace
{

Phase1Policy
P1(const char* text)
{
    Phase1Policy p;
    p.proposal = ParseIkeProposal(text);
    p.lifeSeconds = 28800;
    return p;
}

Phase2Policy
P2(const char* text)
{
    Phase2Policy p;
    p.proposal = ParseEspProposal(text);
    p.lifeSeconds = 3600;
    p.lifeKilobytes = 4608000;
    return p;
}

Phase1Config
Config(const char* psk, uint32_t address, std::vector<Phase1Policy> proposals,
       bool aggressive = false)
{
    Phase1Config c;
    c.proposals = std::move(proposals);
    c.psk = ToBytes(psk);
    c.localId = IdentityPayload("", address);
    c.aggressive = aggressive;
    return c;
}

struct Pair
{
    SeededRandomSource rngI{1};
    SeededRandomSource rngR{2};
    Phase1Exchange initiator;
    Phase1Exchange responder;
    std::vector<std::string> trace; // message names in order

    Pair(Phase1Config i, Phase1Config r)
        : initiator(Role::Initiator, std::move(i), rngI)
        , responder(Role::Responder, std::move(r), rngR)
    {
    }

    /// Runs the exchange to its end; rethrows the first Ikev1Error.
    void Run()
    {
        Bytes msg = initiator.Start();
        trace.push_back(initiator.MessageName(1));
        Phase1Exchange* next = &responder;
        while (!msg.empty())
        {
            msg = next->Process(msg);
            if (!msg.empty())
            {
                trace.push_back(next->MessageName(next->MessageCount()));
            }
            next = next == &responder ? &initiator : &responder;
        }
    }
};

uint16_t
NotifyOf(const std::function<void()>& f)
{
    try
    {
        f();
    }
    catch (const Ikev1Error& e)
    {
        return e.Notify();
    }
    return 0;
}

void
ExpectSameIsakmpSa(const Pair& p)
{
    const IsakmpSa& i = p.initiator.Sa();
    const IsakmpSa& r = p.responder.Sa();
    EXPECT_EQ(i.initiatorCookie, r.initiatorCookie);
    EXPECT_EQ(i.responderCookie, r.responderCookie);
    EXPECT_NE(i.responderCookie, 0u);
    EXPECT_EQ(i.skeyid, r.skeyid);
    EXPECT_EQ(i.skeyids.d, r.skeyids.d);
    EXPECT_EQ(i.skeyids.a, r.skeyids.a);
    EXPECT_EQ(i.skeyids.e, r.skeyids.e);
    EXPECT_EQ(i.encryptionKey, r.encryptionKey);
    EXPECT_EQ(i.lastPhase1Block, r.lastPhase1Block);
    EXPECT_EQ(i.policy.proposal.ToString(), r.policy.proposal.ToString());
    EXPECT_EQ(i.peerId, r.localId);
    EXPECT_EQ(r.peerId, i.localId);
}

QuickResult
RunQuick(const Pair& p, QuickConfig ci, QuickConfig cr)
{
    SeededRandomSource rngI(3), rngR(4);
    QuickModeExchange qi(
        Role::Initiator, p.initiator.Sa(), std::move(ci), rngI, 0x11223344, 0xc0000001);
    Bytes qm1 = qi.Start();
    QuickModeExchange qr(
        Role::Responder, p.responder.Sa(), std::move(cr), rngR, 0x11223344, 0xc0000002);
    Bytes qm2 = qr.Process(qm1);
    Bytes qm3 = qi.Process(qm2);
    EXPECT_TRUE(qi.Done());
    EXPECT_TRUE(qr.Process(qm3).empty());
    EXPECT_TRUE(qr.Done());
    const QuickResult& a = qi.Result();
    const QuickResult& b = qr.Result();
    EXPECT_EQ(a.initiatorSpi, 0xc0000001u);
    EXPECT_EQ(a.responderSpi, 0xc0000002u);
    EXPECT_EQ(b.initiatorSpi, a.initiatorSpi);
    EXPECT_EQ(b.responderSpi, a.responderSpi);
    EXPECT_EQ(a.initiatorInKeymat, b.initiatorInKeymat);
    EXPECT_EQ(a.responderInKeymat, b.responderInKeymat);
    EXPECT_NE(a.initiatorInKeymat, a.responderInKeymat); // each SA keyed by its own SPI
    EXPECT_EQ(a.initiatorInKeymat.size(), KeymatLength(a.policy));
    EXPECT_EQ(a.gqmxy, b.gqmxy);
    return a;
}

} // namespace

TEST(Ikev1Exchange, MainModeDerivesTheSameKeysAndVerifiesBothHashes)
{
    Pair p(
        Config("lab-psk", 0xc0000201, {P1("aes128-sha256-modp2048")}),
        Config("lab-psk", 0xc0000202, {P1("aes256-sha1-modp2048"), P1("aes128-sha256-modp2048")}));
    p.Run();
    EXPECT_EQ(p.trace, (std::vector<std::string>{"MM1", "MM2", "MM3", "MM4", "MM5", "MM6"}));
    ASSERT_TRUE(p.initiator.Established());
    ASSERT_TRUE(p.responder.Established());
    ExpectSameIsakmpSa(p);
    EXPECT_EQ(p.initiator.Sa().policy.proposal.ToString(), "aes128-sha256-prfsha256-modp2048");
    EXPECT_EQ(p.initiator.Sa().encryptionKey.size(), 16u);
    // The responder's derived values include what the initiator computed as HASH_I.
    auto derivedI = p.initiator.TakeDerived();
    auto derivedR = p.responder.TakeDerived();
    Bytes hashI, expectedI;
    for (const auto& [name, value] : derivedI)
    {
        if (name == "HASH_I")
        {
            hashI = value;
        }
    }
    for (const auto& [name, value] : derivedR)
    {
        if (name == "HASH_I expected")
        {
            expectedI = value;
        }
    }
    EXPECT_EQ(hashI.size(), 32u);
    EXPECT_EQ(hashI, expectedI);
}

TEST(Ikev1Exchange, ResponderPicksTheFirstOfferedTransformItAccepts)
{
    Pair p(Config("k", 1, {P1("aes256-sha384-ecp256"), P1("aes128-sha1-modp2048")}),
           Config("k", 2, {P1("aes128-sha1-modp2048"), P1("aes256-sha384-ecp256")}));
    p.Run();
    EXPECT_EQ(p.responder.Sa().policy.proposal.ToString(), "aes256-sha384-prfsha384-ecp256");
    ExpectSameIsakmpSa(p);
    EXPECT_EQ(p.initiator.Sa().encryptionKey.size(), 32u);
}

TEST(Ikev1Exchange, WrongPskFailsWithAuthenticationFailed)
{
    Pair p(Config("lab-psk", 1, {P1("aes128-sha256-modp2048")}),
           Config("other-psk", 2, {P1("aes128-sha256-modp2048")}));
    EXPECT_EQ(NotifyOf([&] { p.Run(); }), notify::kAuthenticationFailed);
    EXPECT_TRUE(p.responder.Failed()); // MM5 does not decrypt at the responder
    EXPECT_FALSE(p.initiator.Established());
    EXPECT_EQ(p.trace.back(), "MM5");
}

TEST(Ikev1Exchange, ProposalMismatchFailsWithNoProposalChosen)
{
    Pair p(Config("k", 1, {P1("aes128-sha256-modp2048")}),
           Config("k", 2, {P1("aes256-sha512-ecp384")}));
    EXPECT_EQ(NotifyOf([&] { p.Run(); }), notify::kNoProposalChosen);
    EXPECT_TRUE(p.responder.Failed());
    EXPECT_EQ(p.trace, (std::vector<std::string>{"MM1"}));
}

TEST(Ikev1Exchange, UnexpectedPeerIdentityFails)
{
    Phase1Config i = Config("k", 1, {P1("aes128-sha256-modp2048")});
    i.remoteId = IdentityPayload("gw.example", 0);
    Pair p(i, Config("k", 2, {P1("aes128-sha256-modp2048")}));
    EXPECT_EQ(NotifyOf([&] { p.Run(); }), notify::kInvalidIdInformation);
}

TEST(Ikev1Exchange, TamperedMainModeMessagesAreRejected)
{
    SeededRandomSource rngI(1), rngR(2);
    Phase1Exchange i(Role::Initiator, Config("k", 1, {P1("aes128-sha256-modp2048")}), rngI);
    Phase1Exchange r(Role::Responder, Config("k", 2, {P1("aes128-sha256-modp2048")}), rngR);
    Bytes mm1 = i.Start();
    Bytes mm2 = r.Process(mm1);
    Bytes mm3 = i.Process(mm2);
    Bytes mm4 = r.Process(mm3);
    Bytes mm5 = i.Process(mm4);
    Bytes bad = mm5;
    // The first encrypted block (IDii's header) decrypts to garbage. A change in the last block
    // only would go unnoticed: it is padding, which IKEv1 does not authenticate.
    bad[kHeaderSize + 2] ^= 1;
    Bytes saved = mm5;
    EXPECT_NE(NotifyOf([&] { r.Process(bad); }), 0);
    EXPECT_TRUE(r.Failed());
    EXPECT_NE(NotifyOf([&] { r.Process(saved); }), 0); // a failed exchange stays failed
    // A truncated first message.
    SeededRandomSource rng3(3);
    Phase1Exchange r2(Role::Responder, Config("k", 2, {P1("aes128-sha256-modp2048")}), rng3);
    EXPECT_EQ(NotifyOf([&] { r2.Process(ByteSpan(mm1.data(), 20)); }), notify::kPayloadMalformed);
}

TEST(Ikev1Exchange, AggressiveModeInThreeMessages)
{
    Pair p(Config("lab-psk", 1, {P1("aes128-sha256-modp2048")}, true),
           Config("lab-psk", 2, {P1("aes128-sha256-modp2048")}, true));
    p.Run();
    EXPECT_EQ(p.trace, (std::vector<std::string>{"AM1", "AM2", "AM3"}));
    ASSERT_TRUE(p.initiator.Established());
    ASSERT_TRUE(p.responder.Established());
    ExpectSameIsakmpSa(p);
}

TEST(Ikev1Exchange, AggressiveModeWrongPskFailsAtTheInitiator)
{
    Pair p(Config("lab-psk", 1, {P1("aes128-sha256-modp2048")}, true),
           Config("other", 2, {P1("aes128-sha256-modp2048")}, true));
    EXPECT_EQ(NotifyOf([&] { p.Run(); }), notify::kAuthenticationFailed);
    EXPECT_TRUE(p.initiator.Failed()); // HASH_R of AM2 does not verify
}

TEST(Ikev1Exchange, QuickModeWithoutPfsOrIds)
{
    Pair p(Config("k", 1, {P1("aes128-sha256-modp2048")}),
           Config("k", 2, {P1("aes128-sha256-modp2048")}));
    p.Run();
    QuickConfig ci, cr;
    ci.proposals = {P2("aes128-sha256")};
    cr.proposals = {P2("aes256-sha1"), P2("aes128-sha256")};
    QuickResult r = RunQuick(p, ci, cr);
    EXPECT_EQ(r.policy.proposal.ToString(), "aes128-sha256");
    EXPECT_EQ(r.initiatorInKeymat.size(), 16u + 32u);
    EXPECT_TRUE(r.gqmxy.empty());
    EXPECT_FALSE(r.idci.has_value());
    auto [enc, integ] = SplitKeymat(r.policy, r.initiatorInKeymat);
    EXPECT_EQ(enc.size(), 16u);
    EXPECT_EQ(integ.size(), 32u);
}

TEST(Ikev1Exchange, QuickModeWithPfsAndClientIds)
{
    Pair p(Config("k", 1, {P1("aes256-sha256-modp2048")}),
           Config("k", 2, {P1("aes256-sha256-modp2048")}));
    p.Run();
    IdPayload a{id::kIpv4Subnet, 0, 0, {10, 1, 0, 0, 255, 255, 255, 0}};
    IdPayload b{id::kIpv4Subnet, 0, 0, {10, 2, 0, 0, 255, 255, 255, 0}};
    QuickConfig ci, cr;
    ci.proposals = {P2("aes128gcm16-ecp256")};
    ci.idci = a;
    ci.idcr = b;
    cr.proposals = {P2("aes128gcm16-ecp256")};
    const IdPayload* seen = nullptr;
    cr.acceptIds = [&](const IdPayload* c, const IdPayload*)
    {
        seen = c;
        return c != nullptr;
    };
    QuickResult r = RunQuick(p, ci, cr);
    EXPECT_NE(seen, nullptr);
    EXPECT_EQ(r.gqmxy.size(), 32u);
    EXPECT_EQ(r.initiatorInKeymat.size(), 16u + 4u); // AES-GCM key and salt, no integrity key
    ASSERT_TRUE(r.idci.has_value());
    EXPECT_EQ(*r.idci, a);
    EXPECT_EQ(*r.idcr, b);
}

TEST(Ikev1Exchange, QuickModeFailures)
{
    Pair p(Config("k", 1, {P1("aes128-sha256-modp2048")}),
           Config("k", 2, {P1("aes128-sha256-modp2048")}));
    p.Run();
    SeededRandomSource rng(9);
    QuickConfig ci;
    ci.proposals = {P2("aes128-sha256")};
    ci.idci = IdPayload{id::kIpv4Subnet, 0, 0, {10, 1, 0, 0, 255, 255, 255, 0}};
    ci.idcr = IdPayload{id::kIpv4Subnet, 0, 0, {10, 2, 0, 0, 255, 255, 255, 0}};
    QuickModeExchange qi(Role::Initiator, p.initiator.Sa(), ci, rng, 7, 0x1000);
    Bytes qm1 = qi.Start();

    QuickConfig mismatch;
    mismatch.proposals = {P2("aes256gcm16")};
    QuickModeExchange r1(Role::Responder, p.responder.Sa(), mismatch, rng, 7, 0x2000);
    EXPECT_EQ(NotifyOf([&] { r1.Process(qm1); }), notify::kNoProposalChosen);

    QuickConfig refuse;
    refuse.proposals = {P2("aes128-sha256")};
    refuse.acceptIds = [](const IdPayload*, const IdPayload*)
    {
        return false;
    };
    QuickModeExchange r2(Role::Responder, p.responder.Sa(), refuse, rng, 7, 0x2000);
    EXPECT_EQ(NotifyOf([&] { r2.Process(qm1); }), notify::kInvalidIdInformation);

    // Another exchange's message ID: another IV, so the body does not decrypt.
    QuickModeExchange r3(Role::Responder, p.responder.Sa(), refuse, rng, 8, 0x2000);
    EXPECT_NE(NotifyOf([&] { r3.Process(qm1); }), 0);
}

TEST(Ikev1Exchange, InformationalIsAuthenticatedByHash1)
{
    Pair p(Config("k", 1, {P1("aes128-sha256-modp2048")}),
           Config("k", 2, {P1("aes128-sha256-modp2048")}));
    p.Run();
    NotifyPayload n;
    n.type = notify::kRUThere;
    n.spi = Concat({CookieBytes(p.initiator.Sa().initiatorCookie),
                    CookieBytes(p.initiator.Sa().responderCookie)});
    n.data = {0, 0, 0, 1};
    Bytes wire = BuildInformational(p.initiator.Sa(), 0x55, {MakeNotify(n)});
    std::vector<Payload> got = ProcessInformational(p.responder.Sa(), wire);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].As<NotifyPayload>().type, notify::kRUThere);
    // A changed octet inside the encrypted body breaks the hash or the decoding.
    wire[wire.size() - 20] ^= 0x40;
    EXPECT_NE(NotifyOf([&] { ProcessInformational(p.responder.Sa(), wire); }), 0);
}
