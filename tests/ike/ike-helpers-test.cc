// NAT detection, cookies, the non-ESP marker, RealMessage, proposal building and selection.
#include "ike-test-util.h"
#include "ike/ike-helpers.h"
#include "ike/ike-sa-proposal.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

TEST(IkeHelpers, NatDetectionMatchesTheRealCapture)
{
    // The capture's initiator is 192.168.1.2:500, the responder 192.168.1.14:500, no NAT.
    IkeMessage req = IkeMessage::Decode(test::CaptureInitRequest());
    uint64_t spiI = req.header.spiI;
    EXPECT_EQ(NatDetectionHash(spiI, 0, 0xc0a80102, 500),
              req.FindNotify(IkeNotifyType::NatDetectionSourceIp)->data);
    EXPECT_EQ(NatDetectionHash(spiI, 0, 0xc0a8010e, 500),
              req.FindNotify(IkeNotifyType::NatDetectionDestinationIp)->data);
    IkeMessage resp = IkeMessage::Decode(test::CaptureInitResponse());
    // The responder hashes with both SPIs... or with SPIr zero? Check what this peer did.
    uint64_t spiR = resp.header.spiR;
    Bytes src = resp.FindNotify(IkeNotifyType::NatDetectionSourceIp)->data;
    EXPECT_TRUE(src == NatDetectionHash(spiI, spiR, 0xc0a8010e, 500) ||
                src == NatDetectionHash(spiI, 0, 0xc0a8010e, 500));
    EXPECT_THROW(NatDetectionHash(1, 2, ByteSpan(Bytes(5)), 1), IkeEncodeError);
}

TEST(IkeHelpers, CookieNotifyComesFirst)
{
    Bytes cookie = ComputeCookie(1, ToBytes("secret"), Bytes(32, 1), FromHex("0a000001"), 99);
    EXPECT_EQ(cookie.size(), 36u);
    EXPECT_EQ(ToHex(ByteSpan(cookie).first(4)), "00000001");
    EXPECT_NE(cookie, ComputeCookie(1, ToBytes("secret"), Bytes(32, 1), FromHex("0a000002"), 99));
    IkeMessage m;
    m.payloads = {IkePayload::Sa({}), IkePayload::Nonce(Bytes(16))};
    PrependCookie(m, cookie);
    PrependCookie(m, cookie); // a second retry replaces, not adds
    ASSERT_EQ(m.payloads.size(), 3u);
    EXPECT_EQ(m.Describe()[0], "N(COOKIE)");
    EXPECT_EQ(m.payloads[0].As<IkeNotifyPayload>()->data, cookie);
    EXPECT_THROW(CookieNotify(Bytes(65)), IkeEncodeError);
    EXPECT_THROW(CookieNotify(Bytes()), IkeEncodeError);
}

TEST(IkeHelpers, ErrorNotifies)
{
    IkeMessage m;
    m.header.SetResponse(true);
    m.payloads = {UnsupportedCriticalNotify(151), InvalidKeNotify(19)};
    Bytes w = m.Encode();
    // N(UNSUPPORTED_CRITICAL_PAYLOAD): no SPI, data = the payload type.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(28, 9)), "290000090000000197");
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(37)), "0000000a000000110013");
    EXPECT_EQ(
        IkeMessage::Decode(w).Describe(),
        (std::vector<std::string>{"N(UNSUPPORTED_CRITICAL_PAYLOAD)", "N(INVALID_KE_PAYLOAD)"}));
}

TEST(IkeHelpers, NonEspMarker)
{
    Bytes ike = test::CaptureInitRequest();
    Bytes udp = AddNonEspMarker(ike);
    EXPECT_EQ(udp.size(), ike.size() + 4);
    auto stripped = StripNonEspMarker(udp);
    ASSERT_TRUE(stripped.has_value());
    EXPECT_EQ(Bytes(stripped->begin(), stripped->end()), ike);
    EXPECT_FALSE(StripNonEspMarker(FromHex("0000000100000001")).has_value()) << "ESP SPI 1";
    EXPECT_FALSE(StripNonEspMarker(FromHex("ff")).has_value()) << "NAT keepalive";
}

TEST(IkeHelpers, RealMessageForAuth)
{
    Bytes ike = test::CaptureInitRequest();
    ByteSpan real = RealMessageForAuth(ike);
    EXPECT_EQ(real.size(), ike.size());
    Bytes longer = ike;
    longer.push_back(0);
    EXPECT_EQ(RealMessageForAuth(longer).size(), ike.size());
    EXPECT_THROW(RealMessageForAuth(ByteSpan(ike).first(100)), IkeParseError);
}

TEST(IkeSaProposals, BuildReadAndSelect)
{
    IkeProposal ike = ParseIkeProposal("aes256gcm16-prfsha384-ecp384");
    IkeSaProposal p = MakeIkeSaProposal(ike);
    ASSERT_EQ(p.transforms.size(), 3u) << "AEAD: no INTEG";
    EXPECT_EQ(p.transforms[0].KeyLength(), 256);
    auto read = ReadIkeSaProposal(p);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->ToString(), ike.ToString());

    IkeSaProposal cbc = MakeIkeSaProposal(ParseIkeProposal("aes128-sha256-modp2048"));
    ASSERT_EQ(cbc.transforms.size(), 4u);
    cbc.transforms.erase(cbc.transforms.begin() + 2); // drop INTEG
    std::string why;
    EXPECT_FALSE(ReadIkeSaProposal(cbc, &why).has_value());
    EXPECT_NE(why.find("INTEG"), std::string::npos) << why;

    EspProposal esp = ParseEspProposal("aes128-sha256-esn");
    IkeSaProposal e = MakeEspSaProposal(esp, 0xc1234567, 2);
    EXPECT_EQ(SpiValue(e.spi), 0xc1234567u);
    auto er = ReadEspSaProposal(e);
    ASSERT_TRUE(er.has_value());
    EXPECT_EQ(er->ToString(), esp.ToString());
    // Selecting among offered proposals: SelectProposal, tests/ike/ike-proposals-test.cc.
}

} // namespace
} // namespace ipseclab
