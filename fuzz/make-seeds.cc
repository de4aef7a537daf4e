// Writes the structured seeds of the fuzz targets into DIR/<target>/: messages and packets
// sealed with the targets' fixed keys (fuzz-keys.h), so that the fuzzer starts behind the ICV
// checks, and certificates and keys from a small CA. Deterministic (fixed random octets).
// The scenario-derived seeds (IKE messages, event streams) come from make-corpus.py.
#include "crypto/random-source.h"
#include "datapath/ah-codec.h"
#include "datapath/esp-codec.h"
#include "datapath/ipv4-wire.h"
#include "fuzz-keys.h"
#include "ike/ike-message.h"
#include "ike/ike-sa-proposal.h"
#include "ikev1/ikev1-cipher.h"
#include "ikev1/ikev1-transforms.h"
#include "pki/certificate-authority.h"
#include "pki/keys.h"

#include <filesystem>
#include <fstream>
#include <iostream>

using namespace ipseclab;
using namespace ipseclab::fuzz;

namespace
{

std::filesystem::path g_dir;
int g_count = 0;

void
Write(const std::string& target, const std::string& name, const Bytes& octets, int prefix = -1)
{
    const auto dir = g_dir / target;
    std::filesystem::create_directories(dir);
    std::ofstream out(dir / name, std::ios::binary);
    if (prefix >= 0)
    {
        out.put(static_cast<char>(prefix));
    }
    out.write(reinterpret_cast<const char*>(octets.data()),
              static_cast<std::streamsize>(octets.size()));
    ++g_count;
}

/// Deterministic "random" octets (a counter), enough for IVs, SPIs and keys of seeds.
class CountingRandom : public RandomSource
{
  public:
    void Fill(uint8_t* out, size_t length) override
    {
        for (size_t i = 0; i < length; ++i)
        {
            out[i] = static_cast<uint8_t>(m_next++ * 131 + 7);
        }
    }

  private:
    uint32_t m_next = 0;
};

IkeMessage
InitRequest()
{
    IkeMessage m;
    m.header.spiI = 0x0102030405060708ULL;
    m.header.exchangeType = IkeExchangeType::IkeSaInit;
    m.header.SetInitiator(true);
    IkeSaPayload sa;
    sa.proposals.push_back(MakeIkeSaProposal(ParseIkeProposal("aes128-sha256-x25519"), 1));
    sa.proposals.push_back(MakeIkeSaProposal(ParseIkeProposal("aes256gcm16-prfsha256-ecp256"), 2));
    m.payloads.push_back(IkePayload::Sa(sa));
    m.payloads.push_back(IkePayload::Ke(31, FuzzKey(32)));
    m.payloads.push_back(IkePayload::Nonce(FuzzKey(32, 0x80)));
    m.payloads.push_back(IkePayload::Notify(IkeNotifyType::NatDetectionSourceIp, FuzzKey(20)));
    m.payloads.push_back(IkePayload::Notify(IkeNotifyType::Cookie, FuzzKey(32)));
    m.payloads.push_back(IkePayload::VendorId(FuzzKey(16)));
    m.payloads.push_back(IkePayload::Raw(99, FuzzKey(5), true)); // unknown, critical
    return m;
}

IkeMessage
AuthRequest()
{
    IkeMessage m;
    m.header.spiI = 0x0102030405060708ULL;
    m.header.spiR = 0x1112131415161718ULL;
    m.header.exchangeType = IkeExchangeType::IkeAuth;
    m.header.SetInitiator(true);
    m.header.messageId = 1;
    m.encrypted = true;
    IkeIdPayload id;
    id.idType = IkeIdType::Fqdn;
    id.data = {'g', 'w', '-', 'a'};
    m.payloads.push_back(IkePayload::IdI(id));
    m.payloads.push_back(IkePayload::Auth(IkeAuthMethod::SharedKeyMic, FuzzKey(32)));
    IkeSaPayload sa;
    sa.proposals.push_back(MakeEspSaProposal(ParseEspProposal("aes128gcm16"), 0x01020304, 1));
    m.payloads.push_back(IkePayload::Sa(sa));
    IkeTsPayload ts;
    ts.selectors.push_back(IkeTrafficSelector::Ipv4(0x0a010000, 0x0a0100ff, 17, 500, 500));
    m.payloads.push_back(IkePayload::TsI(ts));
    m.payloads.push_back(IkePayload::TsR(ts));
    m.payloads.push_back(IkePayload::Delete(IkeDeletePayload::Esp({0x01020304})));
    IkeCpPayload cp;
    m.payloads.push_back(IkePayload::Cp(cp));
    return m;
}

/// IKEv1: a Main Mode MM1 (SA with two phase 1 transforms) in the clear and a Quick Mode
/// message carrying every payload type, encrypted with the target's fixed key.
void
WriteIkev1Seeds()
{
    using namespace ipseclab::ikev1;
    Message mm1;
    mm1.header.initiatorCookie = 0x0123456789abcdefULL;
    Phase1Policy p1;
    p1.proposal = ParseIkeProposal("aes128-sha256-modp2048");
    p1.lifeSeconds = 100000;
    Proposal isakmp{1, ProtocolId::Isakmp, {}, {Phase1Transform(p1, 1)}};
    p1.proposal = ParseIkeProposal("aes256-sha1-ecp256");
    isakmp.transforms.push_back(Phase1Transform(p1, 2));
    mm1.payloads = {MakeSa(SaPayload{kDoiIpsec, kSitIdentityOnly, {isakmp}}),
                    MakeData(PayloadType::VendorId, Bytes(16, 0x4a))};
    Write("ikev1_message", "main-mode-1", mm1.Encode(), 0);

    Message qm = mm1;
    qm.header.responderCookie = 0xfedcba9876543210ULL;
    qm.header.exchange = ExchangeType::Quick;
    qm.header.messageId = 7;
    Phase2Policy p2;
    p2.proposal = ParseEspProposal("aes128-sha256-modp2048");
    p2.encapsulation = p2::kEncapUdpTunnel;
    p2.lifeSeconds = 3600;
    p2.lifeKilobytes = 4608000;
    Proposal esp{1, ProtocolId::Esp, {1, 2, 3, 4}, {Phase2Transform(p2)}};
    qm.payloads = {
        MakeData(PayloadType::Hash, Bytes(32, 1)),
        MakeSa(SaPayload{kDoiIpsec, kSitIdentityOnly, {esp}}),
        MakeData(PayloadType::Nonce, Bytes(16, 2)),
        MakeData(PayloadType::Ke, Bytes(32, 3)),
        MakeId({id::kIpv4Subnet, 0, 0, {10, 1, 0, 0, 255, 255, 255, 0}}),
        MakeId({id::kIpv4Addr, 0, 0, {192, 0, 2, 1}}, PayloadType::NatOa),
        MakeCert({4, Bytes(8, 4)}),
        MakeCert({4, Bytes(8, 5)}, PayloadType::Cr),
        MakeData(PayloadType::Sig, Bytes(8, 6)),
        MakeNotify({kDoiIpsec, ProtocolId::Isakmp, notify::kRUThere, Bytes(16, 7), {0, 0, 0, 1}}),
        MakeDelete({kDoiIpsec, ProtocolId::Esp, 4, {{1, 2, 3, 4}}}),
        MakeData(PayloadType::NatD, Bytes(32, 8))};
    Write("ikev1_message", "quick-mode-clear", qm.Encode(), 0);
    Ikev1Cbc cbc("aes128", kIkev1Key);
    Bytes iv = kIkev1Iv;
    Write("ikev1_message", "quick-mode-encrypted", cbc.Encrypt(qm, iv), 1);
}

} // namespace

int
main(int argc, char* argv[])
{
    if (argc != 2)
    {
        std::cerr << "usage: make-seeds DIR\n";
        return 2;
    }
    g_dir = argv[1];
    CountingRandom rng;

    Write("ike_message", "init-request", InitRequest().Encode());
    WriteIkev1Seeds();
    for (size_t i = 0; i < kIkeProposals.size(); ++i)
    {
        auto crypto = FuzzIkeContext(i);
        Write("ike_sk",
              "auth-request-" + std::to_string(i),
              AuthRequest().Encode(*crypto, rng),
              static_cast<int>(i));
        Write(
            "ike_message", "auth-request-" + std::to_string(i), AuthRequest().Encode(*crypto, rng));
    }
    const Bytes inner = FuzzKey(60, 0x45); // stands for an inner datagram
    for (size_t i = 0; i < kEspProposals.size(); ++i)
    {
        auto t = FuzzEspTransform(i);
        for (bool esn : {false, true})
        {
            Bytes packet = EspSeal(*t, 0x1001, 7, esn, inner, 4, rng.Get(t->IvSize()), esn ? 3 : 0);
            Write("esp_open",
                  "esp-" + std::to_string(i) + (esn ? "-esn" : ""),
                  packet,
                  static_cast<int>(i | (esn ? 0x80 : 0)));
        }
    }
    for (size_t i = 0; i < kAhAlgorithms.size(); ++i)
    {
        auto integrity = FuzzAhIntegrity(i);
        Ipv4Fields outer;
        outer.protocol = 51;
        outer.src = 0xc0000201;
        outer.dst = 0xc0000202;
        outer.identification = 9;
        outer.totalLength = static_cast<uint16_t>(20 + AhPacketSize(*integrity, inner.size()));
        for (bool esn : {false, true})
        {
            Bytes datagram(20);
            WriteIpv4Header(outer, datagram.data());
            Bytes ah = AhSeal(*integrity, outer, 0x2002, 5, esn, inner, 4);
            datagram.insert(datagram.end(), ah.begin(), ah.end());
            Write("ah_open",
                  "ah-" + std::to_string(i) + (esn ? "-esn" : ""),
                  datagram,
                  static_cast<int>(i | (esn ? 0x80 : 0)));
            if (!esn)
            {
                Write("ipv4_header", "ah-" + std::to_string(i), datagram);
            }
        }
    }
    for (KeyType type : {KeyType::EcdsaP256, KeyType::Rsa2048})
    {
        const std::string n = type == KeyType::Rsa2048 ? "rsa" : "ecdsa";
        CertificateAuthority ca =
            CertificateAuthority::Create("C=CH, O=Lab, CN=Fuzz CA", type, rng);
        const Certificate& c = ca.GetCertificate();
        Write("pki", n + "-cert-der", c.GetDer(), 0);
        const std::string pem = c.ToPem();
        Write("pki", n + "-cert-pem", Bytes(pem.begin(), pem.end()), 1);
        Write("pki", n + "-key-der", ca.GetPrivateKey().ToDer(), 2);
        const std::string keyPem = ca.GetPrivateKey().ToPem();
        Write("pki", n + "-key-pem", Bytes(keyPem.begin(), keyPem.end()), 3);
        Write("pki", n + "-pub-der", c.GetPublicKey().ToDer(), 4);
    }
    std::cout << "make-seeds: " << g_count << " seeds in " << g_dir.string() << "\n";
    return 0;
}
