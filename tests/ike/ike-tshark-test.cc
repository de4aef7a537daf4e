// Wireshark as the judge (DESIGN principle 1): tshark 4.0 must dissect what we encode without
// malformed-packet errors and, given an ikev2_decryption_table line, decrypt SK payloads and
// find their checksums correct. Skipped when tshark is not installed.
#include "events/key-file.h"
#include "ike-test-util.h"
#include "ike/ike-helpers.h"
#include "ike/ike-sa-proposal.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace ipseclab
{
namespace
{

void
Le32(std::ofstream& f, uint32_t v)
{
    f.write(reinterpret_cast<const char*>(&v), 4); // pcap in host order (x86: little-endian)
}

/// A pcap of raw IPv4 packets (LINKTYPE_RAW), UDP 500 -> 500 between 192.0.2.1 and .2.
void
WritePcap(const std::string& path, const std::vector<std::pair<Bytes, bool>>& messages)
{
    std::ofstream f(path, std::ios::binary);
    uint32_t header[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101};
    f.write(reinterpret_cast<const char*>(header), sizeof(header));
    uint32_t t = 1;
    for (const auto& [ike, fromInitiator] : messages)
    {
        Bytes p;
        uint16_t total = static_cast<uint16_t>(20 + 8 + ike.size());
        p = {0x45,
             0,
             uint8_t(total >> 8),
             uint8_t(total),
             0,
             1,
             0,
             0,
             64,
             17,
             0,
             0,
             192,
             0,
             2,
             uint8_t(fromInitiator ? 1 : 2),
             192,
             0,
             2,
             uint8_t(fromInitiator ? 2 : 1)};
        uint32_t sum = 0;
        for (size_t i = 0; i < 20; i += 2)
        {
            sum += (p[i] << 8) | p[i + 1];
        }
        sum = (sum & 0xffff) + (sum >> 16);
        sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
        p[10] = uint8_t(sum >> 8);
        p[11] = uint8_t(sum);
        uint16_t udpLen = static_cast<uint16_t>(8 + ike.size());
        Bytes udp = {0x01, 0xf4, 0x01, 0xf4, uint8_t(udpLen >> 8), uint8_t(udpLen), 0, 0};
        p.insert(p.end(), udp.begin(), udp.end());
        p.insert(p.end(), ike.begin(), ike.end());
        Le32(f, t++);
        Le32(f, 0);
        Le32(f, static_cast<uint32_t>(p.size()));
        Le32(f, static_cast<uint32_t>(p.size()));
        f.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
    }
}

std::string
RunCommand(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
    {
        return out;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    {
        out.append(buffer, n);
    }
    pclose(pipe);
    return out;
}

size_t
Count(const std::string& text, const std::string& what)
{
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    {
        ++n;
    }
    return n;
}

class IkeTshark : public ::testing::TestWithParam<const char*>
{
  protected:
    void SetUp() override
    {
        if (std::system("command -v tshark >/dev/null 2>&1") != 0)
        {
            GTEST_SKIP() << "tshark is not installed";
        }
        char pattern[] = "/tmp/ike-tshark-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        m_dir = pattern;
    }
    void TearDown() override
    {
        if (!m_dir.empty())
        {
            std::system(("rm -rf '" + m_dir + "'").c_str());
        }
    }
    std::string m_dir;
};

TEST_P(IkeTshark, DissectsAndDecrypts)
{
    const std::string proposalText = GetParam();
    IkeProposal proposal = ParseIkeProposal(proposalText);
    KeyLengths lengths = KeyLengths::For(proposal);
    SeededRandomSource keys(77);
    Bytes ei = keys.Get(lengths.encryption), ai = keys.Get(lengths.integrity);
    Bytes er = keys.Get(lengths.encryption), ar = keys.Get(lengths.integrity);
    IkeCryptoContext ctx(proposal, ei, ai, er, ar);
    SeededRandomSource rng(5);

    const uint64_t spiI = 0x0123456789abcdefULL, spiR = 0xfedcba9876543210ULL;
    IkeMessage init;
    init.header.spiI = spiI;
    init.header.SetInitiator(true);
    IkeSaPayload sa{{MakeIkeSaProposal(proposal)}};
    init.payloads = {
        IkePayload::Sa(sa),
        IkePayload::Ke(proposal.dhGroup->ianaId, rng.Get(proposal.dhGroup->publicSize)),
        IkePayload::Nonce(rng.Get(32)),
        IkePayload::Notify(IkeNotifyType::NatDetectionSourceIp,
                           NatDetectionHash(spiI, 0, 0xc0000201, 500)),
        IkePayload::Notify(IkeNotifyType::NatDetectionDestinationIp,
                           NatDetectionHash(spiI, 0, 0xc0000202, 500))};
    IkeMessage auth;
    auth.header.spiI = spiI;
    auth.header.spiR = spiR;
    auth.header.exchangeType = IkeExchangeType::IkeAuth;
    auth.header.SetInitiator(true);
    auth.header.messageId = 1;
    auth.encrypted = true;
    IkeTsPayload ts{{IkeTrafficSelector::Ipv4(0x0a010000, 0x0a01ffff)}};
    auth.payloads = {
        IkePayload::IdI(IkeIdPayload::Fqdn("moon.strongswan.org")),
        IkePayload::Auth(IkeAuthMethod::SharedKeyMic, rng.Get(32)),
        IkePayload::Notify(IkeNotifyType::InitialContact),
        IkePayload::Cp(IkeCpPayload{IkeCfgType::Request, {{1, {}}, {3, {}}}}),
        IkePayload::Sa({{MakeEspSaProposal(ParseEspProposal("aes128gcm16"), 0xc0011001)}}),
        IkePayload::TsI(ts),
        IkePayload::TsR(ts)};
    IkeMessage reply = auth;
    reply.header.SetInitiator(false);
    reply.header.SetResponse(true);
    reply.payloads = {IkePayload::IdR(IkeIdPayload::Ipv4(0xc0000202)),
                      IkePayload::Auth(IkeAuthMethod::SharedKeyMic, rng.Get(32)),
                      IkePayload::Delete(IkeDeletePayload::Esp({0x11223344})),
                      IkePayload::TsI(ts),
                      IkePayload::TsR(ts)};

    WritePcap(
        m_dir + "/ike.pcap",
        {{init.Encode(), true}, {auth.Encode(ctx, rng), true}, {reply.Encode(ctx, rng), false}});
    Ikev2SaKey key;
    key.spiI = spiI;
    key.spiR = spiR;
    key.skEi = ei;
    key.skEr = er;
    key.skAi = ai;
    key.skAr = ar;
    key.encryptionAlgorithm = std::string(proposal.encryption->wiresharkIke);
    key.integrityAlgorithm = proposal.integrity ? std::string(proposal.integrity->wiresharkIke)
                                                : std::string(kWiresharkIkeIntegNone);
    std::ofstream(m_dir + "/ikev2_decryption_table") << FormatIkev2Line(key) << "\n";

    std::string out = RunCommand("WIRESHARK_CONFIG_DIR='" + m_dir + "' tshark -r '" + m_dir +
                                 "/ike.pcap' -V 2>&1");
    EXPECT_EQ(Count(out, "Internet Security Association and Key Management Protocol"), 3u) << out;
    EXPECT_EQ(Count(out, "Malformed"), 0u) << out;
    EXPECT_EQ(Count(out, "Expert Info (Error"), 0u) << out;
    EXPECT_EQ(Count(out, "Expert Info (Warning"), 0u) << out;
    // Decrypted inner payloads are shown, and the checksum verified.
    EXPECT_NE(out.find("Identification - Initiator"), std::string::npos) << out;
    EXPECT_NE(out.find("Identification - Responder"), std::string::npos) << out;
    EXPECT_NE(out.find("Configuration"), std::string::npos) << out;
    EXPECT_NE(out.find("moon.strongswan.org"), std::string::npos) << out;
    EXPECT_GE(Count(out, "Traffic Selector - Initiator"), 2u) << out;
    // Both SK payloads: HMAC or AEAD tag checked by Wireshark itself.
    EXPECT_EQ(Count(out, "Integrity Checksum Data"), 2u) << out;
    EXPECT_EQ(Count(out, "[correct]"), 2u) << out;
    EXPECT_EQ(Count(out, "Decrypted Data"), 2u) << out;
    EXPECT_EQ(Count(out, "Notify Message Type: NAT_DETECTION_SOURCE_IP"), 1u) << out;
}

INSTANTIATE_TEST_SUITE_P(Proposals, IkeTshark,
                         ::testing::Values("aes128-sha256-ecp256", "aes256-sha384-modp2048",
                                           "aes256gcm16-prfsha256-ecp256",
                                           "aes128gcm16-prfsha256-x25519"));

} // namespace
} // namespace ipseclab
