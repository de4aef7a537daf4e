// Header and payload codec: RFC 7296 §3 field offsets, round trips of every payload type,
// unknown and critical payloads, clear errors for malformed fields.
#include "ike-test-util.h"
#include "ike/ike-payload-codec.h"
#include "ike/ike-sa-proposal.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

IkeMessage
InitRequest(std::vector<IkePayload> payloads)
{
    IkeMessage m;
    m.header.spiI = 0x0123456789abcdefULL;
    m.header.exchangeType = IkeExchangeType::IkeSaInit;
    m.header.SetInitiator(true);
    m.payloads = std::move(payloads);
    return m;
}

TEST(IkeHeader, FieldOffsetsFollowRfc7296Figure4)
{
    IkeHeader h;
    h.spiI = 0x0102030405060708ULL;
    h.spiR = 0x1112131415161718ULL;
    h.nextPayload = 33;
    h.exchangeType = IkeExchangeType::CreateChildSa;
    h.SetInitiator(true);
    h.SetResponse(true);
    h.messageId = 0xa1b2c3d4;
    h.length = 0x000001f4;
    Bytes out;
    h.Encode(out);
    EXPECT_EQ(ToHex(out),
              "0102030405060708"
              "1112131415161718"
              "21"
              "20"
              "24"
              "28"
              "a1b2c3d4"
              "000001f4");
    IkeHeader back = IkeHeader::Decode(out);
    EXPECT_EQ(back.spiI, h.spiI);
    EXPECT_EQ(back.spiR, h.spiR);
    EXPECT_EQ(back.majorVersion, 2);
    EXPECT_EQ(back.minorVersion, 0);
    EXPECT_EQ(back.exchangeType, IkeExchangeType::CreateChildSa);
    EXPECT_TRUE(back.IsInitiator());
    EXPECT_TRUE(back.IsResponse());
    EXPECT_EQ(back.messageId, h.messageId);
    EXPECT_EQ(back.length, h.length);
    EXPECT_EQ(back.Summary(), "CREATE_CHILD_SA response 2712847316");
}

TEST(IkeCodec, HandBuiltMessageMatchesRfcFigures)
{
    IkeSaPayload sa;
    sa.proposals.push_back(MakeIkeSaProposal(ParseIkeProposal("aes128-sha256-ecp256")));
    IkeMessage m =
        InitRequest({IkePayload::Sa(sa),
                     IkePayload::Ke(19, Bytes(64, 0xee)),
                     IkePayload::Nonce(Bytes(32, 0x55)),
                     IkePayload::Notify(IkeNotifyType::NatDetectionSourceIp, Bytes(20, 0x99))});
    Bytes w = m.Encode();
    // IKE header: Next Payload SA, version 0x20, IKE_SA_INIT, flags I, Length.
    EXPECT_EQ(w[16], 33);
    EXPECT_EQ(w[17], 0x20);
    EXPECT_EQ(w[18], 34);
    EXPECT_EQ(w[19], 0x08);
    EXPECT_EQ(GetU32(&w[24]), w.size());
    // SA payload at 28 (Figure 6, 7, 8): generic header, then the proposal substructure.
    const size_t sa0 = 28;
    EXPECT_EQ(w[sa0], 34) << "next payload KE";
    EXPECT_EQ(w[sa0 + 1], 0) << "critical bit clear";
    size_t saLen = GetU16(&w[sa0 + 2]);
    // 4 transforms: ENCR with Key Length (12), PRF (8), INTEG (8), DH (8); proposal header 8.
    EXPECT_EQ(saLen, 4u + 8 + 12 + 8 + 8 + 8);
    const size_t prop = sa0 + 4;
    EXPECT_EQ(w[prop], 0) << "last proposal";
    EXPECT_EQ(GetU16(&w[prop + 2]), saLen - 4);
    EXPECT_EQ(w[prop + 4], 1) << "proposal number";
    EXPECT_EQ(w[prop + 5], 1) << "protocol IKE";
    EXPECT_EQ(w[prop + 6], 0) << "SPI size";
    EXPECT_EQ(w[prop + 7], 4) << "transforms";
    const size_t t1 = prop + 8;
    EXPECT_EQ(w[t1], 3) << "more transforms";
    EXPECT_EQ(GetU16(&w[t1 + 2]), 12);
    EXPECT_EQ(w[t1 + 4], 1) << "ENCR";
    EXPECT_EQ(GetU16(&w[t1 + 6]), 12) << "ENCR_AES_CBC";
    EXPECT_EQ(GetU16(&w[t1 + 8]), 0x800e) << "AF=1, Key Length";
    EXPECT_EQ(GetU16(&w[t1 + 10]), 128);
    const size_t t4 = t1 + 12 + 8 + 8;
    EXPECT_EQ(w[t4], 0) << "last transform";
    EXPECT_EQ(w[t4 + 4], 4) << "DH";
    EXPECT_EQ(GetU16(&w[t4 + 6]), 19);
    // KE (Figure 10): group, RESERVED, data.
    const size_t ke = sa0 + saLen;
    EXPECT_EQ(w[ke], 40);
    EXPECT_EQ(GetU16(&w[ke + 2]), 8 + 64);
    EXPECT_EQ(GetU16(&w[ke + 4]), 19);
    EXPECT_EQ(GetU16(&w[ke + 6]), 0);
    EXPECT_EQ(w[ke + 8], 0xee);
    // Nonce (Figure 15) then Notify (Figure 16): protocol, SPI size, type, data.
    const size_t no = ke + 72;
    EXPECT_EQ(w[no], 41);
    EXPECT_EQ(GetU16(&w[no + 2]), 36);
    const size_t n = no + 36;
    EXPECT_EQ(w[n], 0) << "last payload";
    EXPECT_EQ(GetU16(&w[n + 2]), 8 + 20);
    EXPECT_EQ(w[n + 4], 0);
    EXPECT_EQ(w[n + 5], 0);
    EXPECT_EQ(GetU16(&w[n + 6]), 16388);
    EXPECT_EQ(n + 28, w.size());

    IkeMessage back = IkeMessage::Decode(w);
    EXPECT_EQ(back.payloads, m.payloads);
    EXPECT_EQ(back.Describe(),
              (std::vector<std::string>{"SA", "KE", "Ni", "N(NAT_DETECTION_SOURCE_IP)"}));
    EXPECT_EQ(back.Summary(), "IKE_SA_INIT request 0 [ SA KE Ni N(NAT_DETECTION_SOURCE_IP) ]");
}

TEST(IkeCodec, OtherPayloadLayouts)
{
    IkeTsPayload ts{{IkeTrafficSelector::Ipv4(0x0a010000, 0x0a01ffff, 17, 500, 4500)}};
    IkeNotifyPayload rekey = IkeNotifyPayload::Make(IkeNotifyType::RekeySa);
    rekey.protocol = IkeProtocolId::Esp;
    rekey.spi = SpiBytes(0xdeadbeef);
    IkeMessage m =
        InitRequest({IkePayload::TsI(ts),
                     IkePayload::Notify(rekey),
                     IkePayload::Delete(IkeDeletePayload::Esp({0x01020304, 0x05060708})),
                     IkePayload::IdI(IkeIdPayload::Ipv4(0xc0a80001)),
                     IkePayload::Auth(IkeAuthMethod::SharedKeyMic, Bytes(4, 0xab)),
                     IkePayload::Cp(IkeCpPayload{IkeCfgType::Reply, {{1, FromHex("0a000002")}}}),
                     IkePayload::Cert(FromHex("3082"))});
    Bytes w = m.Encode();
    size_t at = 28;
    // TS payload (Figure 19, 20): count, RESERVED, TS type 7, protocol, length 16, ports, addrs.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at, 24)),
              "29000018"
              "01000000"
              "07"
              "11"
              "0010"
              "01f4"
              "1194"
              "0a010000"
              "0a01ffff");
    at += 24;
    // Notify with an ESP SPI: protocol 3, SPI size 4, REKEY_SA, SPI.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at, 12)),
              "2a00000c"
              "03"
              "04"
              "4009"
              "deadbeef");
    at += 12;
    // Delete (Figure 17): protocol, SPI size, number of SPIs, SPIs.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at, 16)),
              "23000010"
              "03"
              "04"
              "0002"
              "0102030405060708");
    at += 16;
    // ID (Figure 11): type, RESERVED, data.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at, 12)),
              "2700000c"
              "01000000"
              "c0a80001");
    at += 12;
    // AUTH (Figure 14): method, RESERVED, data.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at, 12)),
              "2f00000c"
              "02000000"
              "abababab");
    at += 12;
    // CP (Figure 23, 24): CFG type, RESERVED, attribute type, length, value.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at, 16)),
              "25000010"
              "02000000"
              "0001"
              "0004"
              "0a000002");
    at += 16;
    // CERT (Figure 12): encoding 4, data.
    EXPECT_EQ(ToHex(ByteSpan(w).subspan(at)),
              "00000007"
              "04"
              "3082");
    EXPECT_EQ(IkeMessage::Decode(w).payloads, m.payloads);
}

TEST(IkeCodec, EveryPayloadKindRoundTrips)
{
    auto all = test::AllPayloadKinds();
    // Each alone, then all in one chain; decoding and re-encoding gives the same octets.
    for (const auto& p : all)
    {
        IkeMessage m = InitRequest({p});
        Bytes w = m.Encode();
        IkeMessage back = IkeMessage::Decode(w);
        ASSERT_EQ(back.payloads.size(), 1u) << p.Name();
        EXPECT_EQ(back.payloads[0], p) << p.Name();
        EXPECT_EQ(back.Encode(), w) << p.Name();
    }
    IkeMessage m = InitRequest(all);
    Bytes w = m.Encode();
    IkeMessage back = IkeMessage::Decode(w);
    EXPECT_EQ(back.payloads, all);
    EXPECT_EQ(back.Encode(), w);
    EXPECT_TRUE(back.UnsupportedCriticalPayloads().empty());
}

TEST(IkeCodec, RealCaptureInitRequest)
{
    Bytes w = test::CaptureInitRequest();
    IkeMessage m = IkeMessage::Decode(w);
    EXPECT_EQ(m.header.spiI, 0xea684d21597afd36ULL);
    EXPECT_EQ(m.header.spiR, 0u);
    EXPECT_EQ(m.header.exchangeType, IkeExchangeType::IkeSaInit);
    EXPECT_TRUE(m.header.IsInitiator());
    EXPECT_FALSE(m.header.IsResponse());
    EXPECT_EQ(m.header.messageId, 0u);
    EXPECT_EQ(m.Describe(),
              (std::vector<std::string>{"SA",
                                        "KE",
                                        "Ni",
                                        "N(NAT_DETECTION_SOURCE_IP)",
                                        "N(NAT_DETECTION_DESTINATION_IP)",
                                        "N(SIGNATURE_HASH_ALGORITHMS)"}));
    const auto* sa = m.payloads[0].As<IkeSaPayload>();
    ASSERT_NE(sa, nullptr);
    ASSERT_EQ(sa->proposals.size(), 1u);
    const IkeSaProposal& p = sa->proposals[0];
    EXPECT_EQ(p.number, 1);
    EXPECT_EQ(p.protocol, IkeProtocolId::Ike);
    EXPECT_TRUE(p.spi.empty());
    ASSERT_EQ(p.transforms.size(), 3u);
    EXPECT_EQ(p.transforms[0].type, IkeTransformType::Encryption);
    EXPECT_EQ(p.transforms[0].id, 15) << "ENCR_AES_CCM_12";
    EXPECT_EQ(p.transforms[0].KeyLength(), 128);
    EXPECT_EQ(p.transforms[1].type, IkeTransformType::Prf);
    EXPECT_EQ(p.transforms[1].id, 5) << "PRF_HMAC_SHA2_256";
    EXPECT_EQ(p.transforms[2].type, IkeTransformType::DhGroup);
    EXPECT_EQ(p.transforms[2].id, 19);
    const auto* ke = m.payloads[1].As<IkeKePayload>();
    ASSERT_NE(ke, nullptr);
    EXPECT_EQ(ke->dhGroup, 19);
    EXPECT_EQ(ke->keyExchangeData.size(), 64u);
    EXPECT_EQ(m.payloads[2].As<IkeNoncePayload>()->nonce.size(), 32u);
    EXPECT_EQ(m.FindNotify(IkeNotifyType::SignatureHashAlgorithms)->data,
              FromHex("0001000200030004"));
    EXPECT_EQ(m.Encode(), w) << "re-encoding a real capture gives the same octets";
}

TEST(IkeCodec, RealCaptureInitResponse)
{
    Bytes w = test::CaptureInitResponse();
    IkeMessage m = IkeMessage::Decode(w);
    EXPECT_EQ(m.header.spiR, 0xd9fe2ab22dac23acULL);
    EXPECT_TRUE(m.header.IsResponse());
    EXPECT_FALSE(m.header.IsInitiator());
    EXPECT_EQ(m.Describe(),
              (std::vector<std::string>{"SA",
                                        "KE",
                                        "Nr",
                                        "N(NAT_DETECTION_SOURCE_IP)",
                                        "N(NAT_DETECTION_DESTINATION_IP)",
                                        "N(MULTIPLE_AUTH_SUPPORTED)"}));
    EXPECT_EQ(m.Encode(), w);
}

TEST(IkeCodec, UnknownPayloadsAreKeptAndCriticalOnesReported)
{
    IkeMessage m = InitRequest({IkePayload::Nonce(Bytes(16, 1)),
                                IkePayload::Raw(150, FromHex("0102"), false),
                                IkePayload::Raw(151, FromHex("03"), true),
                                IkePayload::Notify(IkeNotifyType::Cookie, Bytes(8, 7))});
    // A known type with the Critical bit: the bit is ignored by the receiver (§3.2).
    m.payloads[0].critical = true;
    Bytes w = m.Encode();
    EXPECT_EQ(w[28 + 1], 0x80);
    IkeMessage back = IkeMessage::Decode(w);
    ASSERT_EQ(back.payloads.size(), 4u);
    EXPECT_EQ(back.payloads, m.payloads);
    EXPECT_EQ(back.UnsupportedCriticalPayloads(), (std::vector<uint8_t>{151}));
    EXPECT_EQ(back.Describe()[1], "UNKNOWN(150)");
    EXPECT_EQ(back.Encode(), w);
}

void
ExpectParseError(const Bytes& w, const std::string& fragment)
{
    try
    {
        IkeMessage::Decode(w);
        ADD_FAILURE() << "no error, expected: " << fragment;
    }
    catch (const IkeParseError& e)
    {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(IkeCodec, MalformedFieldsGiveClearErrors)
{
    Bytes good = test::CaptureInitRequest();
    ExpectParseError(Bytes(good.begin(), good.begin() + 20), "IKE header");
    Bytes w = good;
    w.push_back(0);
    ExpectParseError(w, "Length says 248 octets, the datagram has 249");
    w = good;
    w[17] = 0x10;
    ExpectParseError(w, "major version 1");
    w = good;
    w[28 + 4] = 1; // proposal Last Substruc
    ExpectParseError(w, "Last Substruc is 1");
    w = good;
    w[28 + 3] = 3; // SA payload length below the generic header
    ExpectParseError(w, "at offset 30 (message, payload 1 (SA)): payload length 3");
    w = good;
    w[28 + 4 + 7] = 4; // number of transforms
    ExpectParseError(w, "transform 3 of 4 should have 3");
    w = good;
    w[good.size() - 12 - 4] = 0x05; // last notify's next payload: KE, but the data ends
    ExpectParseError(w, "announced but the data ends");

    // TS count larger than the selectors present.
    IkeMessage m = InitRequest({IkePayload::TsI(IkeTsPayload{{IkeTrafficSelector::Ipv4(1, 2)}})});
    w = m.Encode();
    w[32] = 2;
    ExpectParseError(w, "TS type needs 1 octets, only 0 left");
    // An SK payload that is not the last one.
    m = InitRequest({IkePayload::Raw(99, Bytes(40, 0), false), IkePayload::Nonce(Bytes(16, 0))});
    w = m.Encode();
    w[16] = 46;
    ExpectParseError(w, "must be the last payload");
}

TEST(IkeCodec, EncodeRejectsInconsistentStructs)
{
    IkePayload bad = IkePayload::Nonce(Bytes(16, 1));
    bad.type = IkePayloadType::Ke;
    EXPECT_THROW(InitRequest({bad}).Encode(), IkeEncodeError);
    IkeDeletePayload d = IkeDeletePayload::Esp({1});
    d.spis[0].push_back(0);
    EXPECT_THROW(InitRequest({IkePayload::Delete(d)}).Encode(), IkeEncodeError);
    EXPECT_THROW(InitRequest({IkePayload::Nonce(Bytes(70000, 0))}).Encode(), IkeEncodeError);
    IkeMessage enc = InitRequest({});
    enc.encrypted = true;
    EXPECT_THROW(enc.Encode(), IkeEncodeError);
}

TEST(IkeCodec, DigitalSignatureAuthData)
{
    IkeDigitalSignature sig{FromHex("300d06092a864886f70d01010b0500"), Bytes(8, 9)};
    Bytes data = JoinDigitalSignature(sig);
    EXPECT_EQ(data[0], 15);
    IkeDigitalSignature back = SplitDigitalSignature(data);
    EXPECT_EQ(back.algorithmIdentifier, sig.algorithmIdentifier);
    EXPECT_EQ(back.signature, sig.signature);
    EXPECT_THROW(SplitDigitalSignature(FromHex("0501")), IkeParseError);
}

TEST(IkeCodec, IdPayloadRestOfPayloadAndText)
{
    IkeIdPayload id = IkeIdPayload::Fqdn("sun");
    EXPECT_EQ(ToHex(id.RestOfPayload()),
              "02000000"
              "73756e");
    EXPECT_EQ(id.ToText(), "ID_FQDN sun");
    EXPECT_EQ(IkeIdPayload::Ipv4(0x0a000001).ToText(), "ID_IPV4_ADDR 10.0.0.1");
}

} // namespace
} // namespace ipseclab
