// Proposals as strongSwan writes them (several transforms per type, several proposals,
// `default`) and the responder's RFC 7296 3.3.6 selection from its own preference order.
#include "crypto/crypto-common.h"
#include "ike/ike-proposals.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

IkeSaPayload
Offer(const std::vector<std::string>& texts, IkeProtocolId protocol = IkeProtocolId::Ike)
{
    return IkeSaPayload{ParseProposalTexts(texts, protocol)};
}

std::vector<uint16_t>
Ids(const IkeSaProposal& p, IkeTransformType type)
{
    std::vector<uint16_t> out;
    for (const auto* t : p.TransformsOf(type))
    {
        out.push_back(t->id);
    }
    return out;
}

TEST(IkeProposals, SeveralTransformsOfATypeInOneProposal)
{
    auto list =
        ParseProposalText("aes256gcm16-aes128gcm16-prfsha256-ecp256-x25519", IkeProtocolId::Ike);
    ASSERT_EQ(list.size(), 1u);
    const auto& p = list.front();
    EXPECT_EQ(p.TransformsOf(IkeTransformType::Encryption).size(), 2u);
    EXPECT_EQ(p.TransformsOf(IkeTransformType::Encryption)[0]->KeyLength(), 256);
    EXPECT_EQ(Ids(p, IkeTransformType::DhGroup), (std::vector<uint16_t>{19, 31}));
    EXPECT_TRUE(p.TransformsOf(IkeTransformType::Integrity).empty());
    EXPECT_EQ(DescribeProposal(p), "aes256gcm16/aes128gcm16-prfsha256-ecp256/x25519");
    // The PRF follows each integrity algorithm when none is written (as strongSwan).
    auto cbc = ParseProposalText("aes128-sha256-sha1-modp2048", IkeProtocolId::Ike).front();
    EXPECT_EQ(Ids(cbc, IkeTransformType::Prf), (std::vector<uint16_t>{5, 2}));
    // ESP gets ESN "no" when it is not written.
    auto esp = ParseProposalText("aes128gcm16-aes256gcm16", IkeProtocolId::Esp).front();
    EXPECT_EQ(Ids(esp, IkeTransformType::Esn), (std::vector<uint16_t>{0}));
}

TEST(IkeProposals, DefaultIsStrongSwansInTheLabsAlgorithms)
{
    auto ike = ParseProposalTexts({"default"}, IkeProtocolId::Ike);
    ASSERT_EQ(ike.size(), 2u);
    EXPECT_EQ(ike[0].number, 1);
    EXPECT_EQ(ike[1].number, 2);
    EXPECT_EQ(DescribeProposal(ike[1]),
              "aes128gcm16/aes256gcm16/chacha20poly1305-prfsha256/prfsha384/prfsha512/prfsha1-"
              "x25519/ecp256/ecp384/modp2048");
    auto esp = ParseProposalTexts({"default"}, IkeProtocolId::Esp);
    ASSERT_EQ(esp.size(), 2u);
    EXPECT_EQ(DescribeProposal(esp[0]), "aes128/aes256-sha256/sha384/sha512/sha1-noesn");
    EXPECT_EQ(DescribeProposal(esp[1]), "aes128gcm16/aes256gcm16-noesn");
}

TEST(IkeProposals, BadTextsAreClearErrors)
{
    auto fails = [](const std::string& text, IkeProtocolId protocol, const std::string& needle)
    {
        try
        {
            ParseProposalText(text, protocol);
            ADD_FAILURE() << text << " was accepted";
        }
        catch (const CryptoError& e)
        {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    fails("aes128-aes128gcm16-sha256-x25519", IkeProtocolId::Ike, "classic and AEAD");
    fails("aes128gcm16-x25519", IkeProtocolId::Ike, "needs a prf");
    fails("aes128-sha256", IkeProtocolId::Ike, "Diffie-Hellman");
    fails("aes192-sha256-x25519", IkeProtocolId::Ike, "unknown algorithm 'aes192'");
    fails("aes128--sha256", IkeProtocolId::Esp, "empty algorithm");
    fails("", IkeProtocolId::Esp, "empty");
    fails("aes128-prfsha256-sha256", IkeProtocolId::Esp, "prf has no place");
}

TEST(IkeProposals, ResponderTakesItsOwnPreferenceOfEachType)
{
    // The initiator prefers aes128gcm16 and x25519; the responder aes256gcm16 and ecp256.
    IkeSaPayload offered = Offer({"aes128gcm16-aes256gcm16-prfsha256-x25519-ecp256"});
    auto configured =
        ParseProposalTexts({"aes256gcm16-aes128gcm16-prfsha256-ecp256-x25519"}, IkeProtocolId::Ike);
    SaSelection s = SelectProposal(offered, configured, false);
    ASSERT_TRUE(s.ok) << s.why;
    EXPECT_EQ(DescribeProposal(s.chosen), "aes256gcm16-prfsha256-ecp256");
    EXPECT_EQ(s.chosen.transforms.size(), 3u) << "one transform of each type";
    EXPECT_NE(s.why.find("aes256gcm16 (1st of this side's 2)"), std::string::npos) << s.why;
    // The group of the initiator's KE wins when both accept it (no INVALID_KE round trip).
    SaSelection ke = SelectProposal(offered, configured, false, 31);
    ASSERT_TRUE(ke.ok);
    EXPECT_EQ(DescribeProposal(ke.chosen), "aes256gcm16-prfsha256-x25519");
    EXPECT_NE(ke.why.find("the group of the peer's KE"), std::string::npos);
}

TEST(IkeProposals, SecondProposalAndNumbersAreKept)
{
    IkeSaPayload offered = Offer({"aes128-sha256-x25519", "aes256gcm16-prfsha384-ecp384"});
    auto configured = ParseProposalTexts({"aes256gcm16-prfsha384-ecp384"}, IkeProtocolId::Ike);
    SaSelection s = SelectProposal(offered, configured, false);
    ASSERT_TRUE(s.ok) << s.why;
    EXPECT_EQ(s.chosen.number, 2);
    EXPECT_EQ(s.offered, 1u);
    EXPECT_TRUE(IsAnswerToOffer(s.chosen, offered, false, nullptr));
    // Against strongSwan's default the lab finds the AEAD proposal (#2 of default).
    SaSelection d = SelectProposal(Offer({"default"}), configured, false);
    ASSERT_TRUE(d.ok) << d.why;
    EXPECT_EQ(d.chosen.number, 2);
    EXPECT_EQ(DescribeProposal(d.chosen), "aes256gcm16-prfsha384-ecp384");
}

TEST(IkeProposals, NoCommonTransformSaysWhichType)
{
    SaSelection s = SelectProposal(Offer({"aes128-sha256-x25519"}),
                                   ParseProposalTexts({"aes128-sha256-ecp384"}, IkeProtocolId::Ike),
                                   false);
    EXPECT_FALSE(s.ok);
    EXPECT_NE(s.why.find("no common DH"), std::string::npos) << s.why;
}

TEST(IkeProposals, ChildSaDhIsSkippedInIkeAuthAndComparedWithPfs)
{
    IkeSaPayload pfs = Offer({"aes128gcm16-ecp256-x25519"}, IkeProtocolId::Esp);
    auto configured = ParseProposalTexts({"aes128gcm16-x25519"}, IkeProtocolId::Esp);
    SaSelection withKe = SelectProposal(pfs, configured, false);
    ASSERT_TRUE(withKe.ok) << withKe.why;
    EXPECT_EQ(DescribeProposal(withKe.chosen), "aes128gcm16-x25519-noesn");
    // IKE_AUTH: no KE, the groups are not negotiated and not in the answer.
    SaSelection noKe =
        SelectProposal(IkeSaPayload{{WithoutDh(pfs.proposals[0])}}, configured, true);
    ASSERT_TRUE(noKe.ok) << noKe.why;
    EXPECT_EQ(DescribeProposal(noKe.chosen), "aes128gcm16-noesn");
    // PFS on one side only: no proposal (the peer must offer a group).
    EXPECT_FALSE(SelectProposal(IkeSaPayload{{WithoutDh(pfs.proposals[0])}}, configured, false).ok);
}

TEST(IkeProposals, UnknownOfferedTransformsAreSkippedNotFatal)
{
    // charon's default has AES-192, Camellia, ECP-521, MODP-3072...: IDs the lab lacks.
    IkeSaProposal p = ParseProposalText("aes128-sha256-x25519", IkeProtocolId::Ike).front();
    p.transforms.insert(p.transforms.begin(),
                        IkeTransform::Make(IkeTransformType::Encryption, 12, 192));
    p.transforms.push_back(IkeTransform::Make(IkeTransformType::DhGroup, 21));
    SaSelection s = SelectProposal(
        IkeSaPayload{{p}}, ParseProposalTexts({"aes128-sha256-x25519"}, IkeProtocolId::Ike), false);
    ASSERT_TRUE(s.ok) << s.why;
    EXPECT_EQ(DescribeProposal(s.chosen), "aes128-prfsha256-sha256-x25519");
    EXPECT_EQ(DescribeProposal(p), "ENCR#12_192/aes128-prfsha256-sha256-x25519/DH#21");
}

TEST(IkeProposals, AnswerOutsideTheOfferIsRefused)
{
    IkeSaPayload offered = Offer({"aes128-sha256-x25519"});
    IkeSaProposal answer = ParseProposalText("aes256-sha256-x25519", IkeProtocolId::Ike).front();
    std::string why;
    EXPECT_FALSE(IsAnswerToOffer(answer, offered, false, &why));
    EXPECT_NE(why.find("aes256 was not offered"), std::string::npos) << why;
    IkeSaProposal two = offered.proposals[0]; // two transforms of a type: not an answer
    two.transforms.push_back(IkeTransform::Make(IkeTransformType::DhGroup, 19));
    EXPECT_FALSE(IsAnswerToOffer(two, Offer({"aes128-sha256-x25519-ecp256"}), false, &why));
    EXPECT_NE(why.find("expected one"), std::string::npos) << why;
}

} // namespace
} // namespace ipseclab
