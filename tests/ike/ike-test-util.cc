#include "ike-test-util.h"

#include "ike/ike-sa-proposal.h"

namespace ipseclab
{
namespace test
{

std::vector<IkePayload>
AllPayloadKinds()
{
    std::vector<IkePayload> p;
    IkeSaPayload sa;
    sa.proposals.push_back(MakeIkeSaProposal(ParseIkeProposal("aes128-sha256-ecp256"), 1));
    sa.proposals.push_back(MakeIkeSaProposal(
        ParseIkeProposal("aes256gcm16-prfsha384-x25519"), 2, FromHex("0102030405060708")));
    sa.proposals.push_back(
        MakeEspSaProposal(ParseEspProposal("aes128gcm16-modp2048-esn"), 0xc0ffee01, 3));
    // A TLV attribute (none is defined for IKEv2, but the layout must survive).
    sa.proposals.back().transforms[0].attributes.push_back({0x1234, false, 0, FromHex("abcdef")});
    p.push_back(IkePayload::Sa(sa));
    p.push_back(IkePayload::Ke(19, Bytes(64, 0x42)));
    p.push_back(IkePayload::Nonce(Bytes(32, 0x17)));
    p.push_back(IkePayload::IdI(IkeIdPayload::Fqdn("moon.strongswan.org")));
    p.push_back(IkePayload::IdR(IkeIdPayload::Ipv4(0x0a000001)));
    p.push_back(IkePayload::IdI(IkeIdPayload::Rfc822("carol@strongswan.org")));
    p.push_back(IkePayload::IdR(IkeIdPayload::KeyId(FromHex("00112233"))));
    p.push_back(
        IkePayload::IdI(IkeIdPayload::DerDn(FromHex("3011310f300d06035504030c066d6f6f6e"))));
    p.push_back(IkePayload::Cert(FromHex("308201020304")));
    p.push_back(IkePayload::CertReq(Bytes(20, 0xaa)));
    p.push_back(IkePayload::Auth(IkeAuthMethod::RsaSignature, Bytes(256, 1)));
    p.push_back(IkePayload::Auth(IkeAuthMethod::SharedKeyMic, Bytes(32, 2)));
    p.push_back(IkePayload::Auth(IkeAuthMethod::EcdsaSha256P256, Bytes(64, 3)));
    p.push_back(IkePayload::Auth(
        IkeAuthMethod::DigitalSignature,
        JoinDigitalSignature({FromHex("300d06092a864886f70d01010b0500"), Bytes(256, 4)})));
    IkeNotifyPayload rekey = IkeNotifyPayload::Make(IkeNotifyType::RekeySa);
    rekey.protocol = IkeProtocolId::Esp;
    rekey.spi = SpiBytes(0xc0ffee01);
    p.push_back(IkePayload::Notify(rekey));
    p.push_back(IkePayload::Notify(IkeNotifyType::SignatureHashAlgorithms, FromHex("00020003")));
    p.push_back(IkePayload::Delete(IkeDeletePayload::Esp({0x11111111, 0x22222222})));
    p.push_back(IkePayload::Delete(IkeDeletePayload::Ike()));
    p.push_back(IkePayload::VendorId(FromHex("882fe56d6fd20dbc2251613b2ebe5beb")));
    IkeTsPayload ts;
    ts.selectors.push_back(IkeTrafficSelector::Ipv4(0x0a010000, 0x0a01ffff));
    ts.selectors.push_back(IkeTrafficSelector::Ipv4(0xc0a80105, 0xc0a80105, 6, 80, 80));
    p.push_back(IkePayload::TsI(ts));
    IkeTrafficSelector v6;
    v6.type = IkeTsType::Ipv6AddrRange;
    v6.startAddress = Bytes(16, 0);
    v6.endAddress = Bytes(16, 0xff);
    p.push_back(IkePayload::TsR(IkeTsPayload{{v6}}));
    IkeCpPayload cp;
    cp.cfgType = IkeCfgType::Reply;
    cp.attributes.push_back({1, FromHex("0a030001")});
    cp.attributes.push_back({2, FromHex("ffffff00")});
    cp.attributes.push_back({3, FromHex("08080808")});
    p.push_back(IkePayload::Cp(cp));
    p.push_back(IkePayload::Cp(IkeCpPayload{IkeCfgType::Request, {{1, {}}, {3, {}}}}));
    p.push_back(IkePayload::Raw(200, FromHex("deadbeef"), false));
    return p;
}

IkeCryptoContext
MakeContext(const std::string& text, uint8_t seed)
{
    IkeProposal proposal = ParseIkeProposal(text);
    KeyLengths lengths = KeyLengths::For(proposal);
    auto key = [&](size_t n, uint8_t tag)
    {
        Bytes k(n);
        for (size_t i = 0; i < n; ++i)
        {
            k[i] = static_cast<uint8_t>(seed * 31 + tag * 7 + i);
        }
        return k;
    };
    return IkeCryptoContext(proposal,
                            key(lengths.encryption, 1),
                            key(lengths.integrity, 2),
                            key(lengths.encryption, 3),
                            key(lengths.integrity, 4));
}

Bytes
CaptureInitRequest()
{
    return FromHex("ea684d21597afd3600000000000000002120220800000000000000f822000028"
                   "00000024010100030300000c0100000f800e0080030000080200000500000008"
                   "04000013280000480013000032c6dffe5c43b0d5811f7eaaa84c9f78bf99b906"
                   "9c2b072e0b82f46bf6f66dd45f97ef89ee285fd5df527a44776b529fc9d8a909"
                   "d842a6fb59b96a095395617229000024b655462d6f4b66f872ccd7f0f4b48577"
                   "32921339cbaa5237edba244f262b68232900001c00004004949c9db5739d75a9"
                   "74a49c184618369b34b7f9422900001c000040053e721b46be07d53111425d7f"
                   "80d2c6e220c6072e000000100000402f0001000200030004");
}

Bytes
CaptureInitResponse()
{
    return FromHex("ea684d21597afd36d9fe2ab22dac23ac2120222000000000000000f022000028"
                   "00000024010100030300000c0100000f800e0080030000080200000500000008"
                   "0400001328000048001300002c66beadb6ce8535d6218cb401aa5a1eb4035b97"
                   "caddaf36374a979c0446b8800506bf9d6f950952326bf3011913da93bb8e40f8"
                   "15376be1a06801c0a63e3b54290000249e5d267379e681e7d38d81c710d38340"
                   "1de7e3607b926d90a9958adcb52831aa2900001c000040047a0785273d592038"
                   "29a697550f31cbb94eb72b432900001c00004005c3e58a8cc9933ce0b78f2a50"
                   "e8de80134e12ce310000000800004014");
}

} // namespace test
} // namespace ipseclab
