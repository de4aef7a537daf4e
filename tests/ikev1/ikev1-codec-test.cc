// The ISAKMP codec: every payload round-trips, strongSwan proposals map to IKEv1 transforms
// and back, and malformed input is rejected with an IkeParseError naming the problem.
#include "ikev1/ikev1-message.h"
#include "ikev1/ikev1-transforms.h"

#include <gtest/gtest.h>

namespace ipseclab::ikev1
{
namespace
{

Message
AllPayloads()
{
    Message m;
    m.header.initiatorCookie = 0x0123456789abcdefULL;
    m.header.responderCookie = 0xfedcba9876543210ULL;
    m.header.exchange = ExchangeType::Quick;
    m.header.messageId = 0x11223344;
    SaPayload sa;
    Phase1Policy p1;
    p1.proposal = ParseIkeProposal("aes128-sha256-modp2048");
    p1.lifeSeconds = 28800;
    Proposal prop;
    prop.transforms.push_back(Phase1Transform(p1, 1));
    p1.proposal = ParseIkeProposal("aes256-sha1-ecp256");
    prop.transforms.push_back(Phase1Transform(p1, 2));
    sa.proposals.push_back(prop);
    Proposal esp;
    esp.number = 2;
    esp.protocol = ProtocolId::Esp;
    esp.spi = {0xc0, 0xff, 0xee, 0x01};
    Phase2Policy p2;
    p2.proposal = ParseEspProposal("aes128-sha256-modp2048");
    p2.lifeSeconds = 3600;
    p2.lifeKilobytes = 4608000; // over 16 bits: TLV
    p2.encapsulation = p2::kEncapUdpTunnel;
    esp.transforms.push_back(Phase2Transform(p2));
    sa.proposals.push_back(esp);
    m.payloads.push_back(MakeData(PayloadType::Hash, Bytes(32, 0xaa)));
    m.payloads.push_back(MakeSa(sa));
    m.payloads.push_back(MakeData(PayloadType::Nonce, Bytes(32, 0x01)));
    m.payloads.push_back(MakeData(PayloadType::Ke, Bytes(256, 0x02)));
    m.payloads.push_back(MakeId({id::kIpv4Subnet, 17, 500, {10, 1, 0, 0, 255, 255, 255, 0}}));
    m.payloads.push_back(MakeId({id::kIpv4Addr, 0, 0, {192, 0, 2, 1}}, PayloadType::NatOa));
    m.payloads.push_back(MakeCert({4, Bytes(100, 0x30)}));
    m.payloads.push_back(MakeCert({4, Bytes(20, 0x31)}, PayloadType::Cr));
    m.payloads.push_back(MakeData(PayloadType::Sig, Bytes(256, 0x03)));
    m.payloads.push_back(MakeNotify(
        {kDoiIpsec, ProtocolId::Isakmp, notify::kRUThere, Bytes(16, 0x04), {0, 0, 0, 7}}));
    m.payloads.push_back(MakeDelete({kDoiIpsec, ProtocolId::Esp, 4, {{1, 2, 3, 4}, {5, 6, 7, 8}}}));
    m.payloads.push_back(MakeData(PayloadType::VendorId, {0xaf, 0xca, 0xd7, 0x13}));
    m.payloads.push_back(MakeData(PayloadType::NatD, Bytes(32, 0x05)));
    return m;
}

TEST(Ikev1Codec, EveryPayloadRoundTrips)
{
    Message m = AllPayloads();
    Bytes wire = m.Encode();
    Message back = Message::Decode(wire);
    EXPECT_EQ(back.header.initiatorCookie, m.header.initiatorCookie);
    EXPECT_EQ(back.header.messageId, 0x11223344u);
    EXPECT_EQ(back.header.length, wire.size());
    ASSERT_EQ(back.payloads.size(), m.payloads.size());
    for (size_t i = 0; i < m.payloads.size(); ++i)
    {
        EXPECT_EQ(back.payloads[i], m.payloads[i]) << PayloadName(m.payloads[i].type);
        EXPECT_EQ(back.payloads[i].Body(), m.payloads[i].EncodeBody());
    }
    EXPECT_EQ(back.Encode(), wire);
    EXPECT_EQ(back.Summary(), "Quick Mode HASH SA NONCE KE ID NAT-OA CERT CR SIG N D VID NAT-D");
}

TEST(Ikev1Codec, HeaderLayout)
{
    Message m;
    m.header.initiatorCookie = 0x0102030405060708ULL;
    m.header.exchange = ExchangeType::Aggressive;
    m.header.flags = flags::kCommit;
    m.payloads.push_back(MakeData(PayloadType::VendorId, {1, 2}));
    Bytes wire = m.Encode();
    ASSERT_EQ(wire.size(), 34u);
    EXPECT_EQ(wire[16], 13);   // next payload: VID
    EXPECT_EQ(wire[17], 0x10); // version 1.0
    EXPECT_EQ(wire[18], 4);    // Aggressive
    EXPECT_EQ(wire[19], 2);    // C flag
    EXPECT_EQ(wire[27], 34);   // length
    EXPECT_EQ(wire[28], 0);    // last payload
    EXPECT_EQ(wire[31], 6);    // payload length
}

TEST(Ikev1Codec, AttributesTvAndTlv)
{
    EXPECT_TRUE(Attribute::Number(2, 0xffff).tv);
    Attribute big = Attribute::Number(2, 0x10000);
    EXPECT_FALSE(big.tv);
    EXPECT_EQ(big.value, (Bytes{1, 0, 0}));
    EXPECT_EQ(big.AsNumber(), 0x10000u);
    EXPECT_THROW(Attribute::Variable(2, Bytes(9, 1)).AsNumber(), std::invalid_argument);
}

TEST(Ikev1Codec, ProposalsMapBothWays)
{
    Phase1Policy p1;
    p1.proposal = ParseIkeProposal("aes256-sha384-ecp384");
    p1.authMethod = p1::kAuthRsaSig;
    p1.lifeSeconds = 100000; // TLV
    Phase1Policy back1 = ParsePhase1Transform(Phase1Transform(p1));
    EXPECT_EQ(back1.proposal.ToString(), p1.proposal.ToString());
    EXPECT_EQ(back1.authMethod, p1::kAuthRsaSig);
    EXPECT_EQ(back1.lifeSeconds, 100000u);
    EXPECT_EQ(Phase1HashName(back1), "sha384");

    Phase2Policy p2;
    p2.proposal = ParseEspProposal("aes128gcm16-modp2048");
    p2.encapsulation = p2::kEncapUdpTransport;
    p2.lifeKilobytes = 1000;
    Transform t = Phase2Transform(p2);
    EXPECT_EQ(t.id, p2::kEspAesGcm16);
    Phase2Policy back2 = ParsePhase2Transform(t);
    EXPECT_EQ(back2.proposal.ToString(), p2.proposal.ToString());
    EXPECT_EQ(back2.encapsulation, p2::kEncapUdpTransport);
    EXPECT_EQ(back2.lifeKilobytes, 1000u);
    EXPECT_EQ(back2.lifeSeconds, 0u);

    EXPECT_THROW(Phase1Transform({ParseIkeProposal("aes128gcm16-prfsha256-modp2048")}),
                 std::invalid_argument);
    Transform missing = Phase1Transform(p1);
    missing.attributes.erase(missing.attributes.begin() + 2); // hash
    EXPECT_THROW(ParsePhase1Transform(missing), std::invalid_argument);
}

void
ExpectParseError(const Bytes& wire, const std::string& needle)
{
    try
    {
        Message::Decode(wire);
        ADD_FAILURE() << "accepted; expected: " << needle;
    }
    catch (const IkeParseError& e)
    {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

Bytes
WithLength(Bytes wire)
{
    wire[24] = uint8_t(wire.size() >> 24);
    wire[25] = uint8_t(wire.size() >> 16);
    wire[26] = uint8_t(wire.size() >> 8);
    wire[27] = uint8_t(wire.size());
    return wire;
}

TEST(Ikev1Codec, MalformedInputIsRejected)
{
    const Bytes good = AllPayloads().Encode();
    ExpectParseError(Bytes(good.begin(), good.begin() + 20), "");
    Bytes b = good;
    b[17] = 0x20;
    ExpectParseError(b, "major version 2");
    b = good;
    b[18] = 99;
    ExpectParseError(b, "INVALID-EXCHANGE-TYPE");
    b = good;
    b[19] = 0x80;
    ExpectParseError(b, "INVALID-FLAGS");
    b = good;
    b[19] = flags::kEncryption;
    ExpectParseError(b, "encrypted");
    b = good;
    b[27] ^= 1;
    ExpectParseError(b, "header length");
    b = good;
    std::fill(b.begin(), b.begin() + 8, 0);
    ExpectParseError(b, "INVALID-COOKIE");
    b = good;
    b[16] = 99;
    ExpectParseError(b, "INVALID-PAYLOAD-TYPE");
    // First payload (HASH, 36 octets): length past the end, then below 4, then reserved set.
    b = good;
    b[30] = 0xff;
    ExpectParseError(b, "");
    b = good;
    b[30] = 0;
    b[31] = 3;
    ExpectParseError(b, "below 4");
    b = good;
    b[29] = 1;
    ExpectParseError(b, "reserved");
    // Truncated anywhere: always a clear error, never a crash.
    for (size_t n = 28; n < good.size(); n += 7)
    {
        Bytes t = WithLength(Bytes(good.begin(), good.begin() + n));
        EXPECT_THROW(Message::Decode(t), IkeParseError) << n;
    }
    // Trailing octets after the chain.
    b = good;
    b.push_back(0);
    ExpectParseError(WithLength(b), "");
}

TEST(Ikev1Codec, MalformedSaIsRejected)
{
    Message m;
    m.header.initiatorCookie = 1;
    SaPayload sa;
    Proposal p;
    Phase1Policy policy;
    policy.proposal = ParseIkeProposal("aes128-sha256-modp2048");
    p.transforms.push_back(Phase1Transform(policy));
    sa.proposals.push_back(p);
    m.payloads.push_back(MakeSa(sa));
    const Bytes good = m.Encode();
    // SA body at 32: DOI(4) situation(4), proposal at 40: next, res, len(2), #, proto, spi, n.
    Bytes b = good;
    b[35] = 2;
    ExpectParseError(b, "IPsec DOI");
    b = good;
    b[39] = 2;
    ExpectParseError(b, "SIT_IDENTITY_ONLY");
    b = good;
    b[47] = 2;
    ExpectParseError(b, "says 2 transforms");
    b = good;
    b[40] = 5;
    ExpectParseError(b, "inside an SA");
    // A TLV attribute whose length overruns the transform.
    b = good;
    size_t attr = 48 + 8; // transform header (8), then the first attribute
    b[attr] &= 0x7f;
    b[attr + 2] = 0x00;
    b[attr + 3] = 0xff;
    ExpectParseError(b, "");
    // SA without proposals.
    m.payloads[0] = MakeSa(SaPayload{});
    ExpectParseError(m.Encode(), "without a proposal");
}

TEST(Ikev1Codec, EncodeErrorsAreClear)
{
    Message m;
    m.header.initiatorCookie = 1;
    m.payloads.push_back(MakeDelete({kDoiIpsec, ProtocolId::Esp, 4, {{1, 2, 3}}}));
    EXPECT_THROW(m.Encode(), IkeEncodeError);
    m.payloads[0] = MakeData(PayloadType::Ke, Bytes(70000, 1));
    EXPECT_THROW(m.Encode(), IkeEncodeError);
}

} // namespace
} // namespace ipseclab::ikev1
