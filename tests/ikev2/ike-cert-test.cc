// IKE_AUTH with certificates (RFC 7296 2.15, 3.6, 3.8; RFC 4754; RFC 7427) between two gateways
// inside ns-3: ECDSA and RSA certificates with AUTH methods 14, 9 and 1 establish and carry
// traffic; untrusted, expired and wrong-identity certificates are refused with
// AUTHENTICATION_FAILED; PSK one way and certificates the other; same seeds, same AUTH octets.
#include "../ipsec/ipsec-test-network.h"
#include "common/site-topology.h"
#include "events/event-stream.h"
#include "helper/ike-helper.h"
#include "helper/ike-pki-helper.h"
#include "pki/ike-auth.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ipseclab::test;

namespace
{

constexpr uint16_t kPort = 9000;
constexpr const char* kMoon = "moon.lab.example"; // gateway A
constexpr const char* kSun = "sun.lab.example";   // gateway B

/// The auth-verdict and auth-computed events of one run, by node.
struct AuthEvents
{
    struct Verdict
    {
        uint32_t node;
        bool ok;
        std::string reason;
        std::string subject;
        std::string peerId;
        std::string method;
    };
    struct Computed
    {
        uint32_t node;
        std::string of;
        std::string method;
        std::string auth;
        uint64_t signedOctetsLength;
    };
    std::vector<Verdict> verdicts;
    std::vector<Computed> computed;
    std::vector<std::string> authSummaries; ///< IKE_AUTH messages as sent
    uint32_t subscription = 0;

    static std::string Text(const ipseclab::Event& e, const char* name)
    {
        const auto* v = e.Find(name);
        return v ? v->GetString() : std::string();
    }

    AuthEvents()
    {
        subscription = EventStream::Default()->Subscribe(
            [this](const ipseclab::Event& e, const std::string&)
            {
                if (e.GetKind() == "auth-verdict")
                {
                    const auto* ok = e.Find("ok");
                    verdicts.push_back({e.GetNode(),
                                        ok && ok->GetBool(),
                                        Text(e, "reason"),
                                        Text(e, "subject"),
                                        Text(e, "peer_id"),
                                        Text(e, "method")});
                }
                else if (e.GetKind() == "message-sent" &&
                         Text(e, "summary").rfind("IKE_AUTH", 0) == 0)
                {
                    authSummaries.push_back(Text(e, "summary"));
                }
                else if (e.GetKind() == "auth-computed")
                {
                    const auto* length = e.Find("signed_octets_length");
                    computed.push_back({e.GetNode(),
                                        Text(e, "of"),
                                        Text(e, "method"),
                                        Text(e, "auth"),
                                        length ? length->GetUint() : 0});
                }
            });
    }

    ~AuthEvents() { EventStream::Default()->Unsubscribe(subscription); }

    const Verdict* VerdictOf(uint32_t node) const
    {
        for (const auto& v : verdicts)
        {
            if (v.node == node)
            {
                return &v;
            }
        }
        return nullptr;
    }
};

/// Two gateways as in ike-daemon-test.cc, authenticated with certificates of one lab CA.
struct CertSites
{
    SiteTopology t;
    Ptr<IkeDaemon> a;
    Ptr<IkeDaemon> b;
    ipseclab::IkeConfig configA;
    ipseclab::IkeConfig configB;
    std::string addressA;
    std::string addressB;

    explicit CertSites(LabPki& pki, ipseclab::KeyType keyType = ipseclab::KeyType::EcdsaP256,
                       uint8_t method = 14)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        t = BuildSiteTopology(SiteTopologyConfig());
        IpsecHelper ipsec;
        ipsec.Install(NodeContainer(t.gwA, t.gwB));
        configA.name = "moon-sun";
        configA.localAddress = t.wanInterfaces.GetAddress(0).Get();
        configA.remoteAddress = t.wanInterfaces.GetAddress(1).Get();
        configA.children.front().localTs = "10.1.0.0/24";
        configA.children.front().remoteTs = "10.2.0.0/24";
        configA.children.front().startAction = ipseclab::StartAction::Start;
        configA.children.front().startTime = 0.1;
        configB = configA;
        configB.name = "sun-moon";
        std::swap(configB.localAddress, configB.remoteAddress);
        std::swap(configB.children.front().localTs, configB.children.front().remoteTs);
        configB.children.front().startAction = ipseclab::StartAction::None;
        addressA = ipseclab::Ipv4AddressToString(configA.localAddress);
        addressB = ipseclab::Ipv4AddressToString(configB.localAddress);

        pki.Configure(
            configA, pki.IssueGateway(kMoon, addressA, keyType), std::string("@") + kMoon, method);
        pki.Configure(
            configB, pki.IssueGateway(kSun, addressB, keyType), std::string("@") + kSun, method);
        configA.remoteId = std::string("@") + kSun;
        configB.remoteId = std::string("@") + kMoon;
    }

    void Install()
    {
        IkeHelper ike;
        a = ike.Install(t.gwA, configA);
        b = ike.Install(t.gwB, configB);
        a->AssignStreams(1000);
        b->AssignStreams(2000);
    }

    uint32_t NodeA() const { return t.gwA->GetId(); }
    uint32_t NodeB() const { return t.gwB->GetId(); }
};

/// Runs the sites with 5 datagrams from LAN A to LAN B; returns how many ESP packets B got.
struct TrafficResult
{
    uint32_t esp = 0;
    size_t delivered = 0;
};

TrafficResult
RunWithTraffic(CertSites& s, double seconds = 2)
{
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    WireCounter wan;
    wan.Attach(s.t.wanDevices.Get(1));
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 5, 300, Seconds(1));
    RunAndDestroy(Seconds(seconds));
    return {wan.byProtocol[50], sink.payloads.size()};
}

struct MethodCase
{
    ipseclab::KeyType keyType;
    uint8_t method;
};

std::string
ExpectedMethod(uint8_t method)
{
    return ipseclab::SignatureMethodName(static_cast<ipseclab::IkeAuthMethod>(method));
}

class IkeCertMethodTest : public ::testing::TestWithParam<MethodCase>
{
};

} // namespace

TEST_P(IkeCertMethodTest, EstablishesAndProtectsTraffic)
{
    LabPki pki(7);
    CertSites s(pki, GetParam().keyType, GetParam().method);
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 1u);
    EXPECT_EQ(r.delivered, 5u);
    EXPECT_EQ(r.esp, 5u);
    ASSERT_EQ(events.verdicts.size(), 2u);
    for (const auto& v : events.verdicts)
    {
        EXPECT_TRUE(v.ok) << v.reason;
        EXPECT_EQ(v.method, ExpectedMethod(GetParam().method));
    }
    const auto* atB = events.VerdictOf(s.NodeB());
    ASSERT_NE(atB, nullptr);
    EXPECT_EQ(atB->subject, std::string("C=CH, O=IPsec Lab, CN=") + kMoon);
    EXPECT_EQ(atB->peerId, std::string("ID_FQDN ") + kMoon);
    ASSERT_EQ(events.authSummaries.size(), 2u);
    EXPECT_NE(events.authSummaries[0].find("SK { IDi CERT CERTREQ AUTH N(INITIAL_CONTACT) SA"),
              std::string::npos)
        << events.authSummaries[0];
    EXPECT_NE(events.authSummaries[1].find("SK { IDr CERT AUTH SA"), std::string::npos)
        << events.authSummaries[1];
    ASSERT_EQ(events.computed.size(), 2u);
    for (const auto& c : events.computed)
    {
        EXPECT_EQ(c.method, ExpectedMethod(GetParam().method));
        EXPECT_GT(c.signedOctetsLength, 0u);
        EXPECT_FALSE(c.auth.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Methods, IkeCertMethodTest,
                         ::testing::Values(MethodCase{ipseclab::KeyType::EcdsaP256, 14},
                                           MethodCase{ipseclab::KeyType::EcdsaP256, 9},
                                           MethodCase{ipseclab::KeyType::Rsa2048, 14},
                                           MethodCase{ipseclab::KeyType::Rsa2048, 1}),
                         [](const ::testing::TestParamInfo<MethodCase>& info)
                         {
                             return std::string(info.param.keyType == ipseclab::KeyType::Rsa2048
                                                    ? "rsa"
                                                    : "ecdsa") +
                                    "_method" + std::to_string(info.param.method);
                         });

TEST(IkeCert, DistinguishedNameIdentitiesEstablish)
{
    LabPki pki(11);
    CertSites s(pki);
    s.configA.localId = ""; // default: the certificate's subject DN
    s.configB.localId = "C=CH, O=IPsec Lab, CN=sun.lab.example";
    s.configA.remoteId = "C=CH, O=IPsec Lab, CN=sun.lab.example";
    s.configB.remoteId = "C=CH, O=IPsec Lab, CN=moon.lab.example";
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 1u);
    EXPECT_EQ(r.delivered, 5u);
    const auto* atB = events.VerdictOf(s.NodeB());
    ASSERT_NE(atB, nullptr);
    EXPECT_EQ(atB->peerId, "ID_DER_ASN1_DN C=CH, O=IPsec Lab, CN=moon.lab.example");
}

TEST(IkeCert, Ipv4IdentityEstablishes)
{
    LabPki pki(12);
    CertSites s(pki);
    s.configA.localId = s.addressA;
    s.configB.remoteId = s.addressA;
    s.Install();
    TrafficResult r = RunWithTraffic(s);
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(r.delivered, 5u);
}

namespace
{

/// The responder (B) refused the initiator's certificate: nothing established anywhere.
void
ExpectRefusedByResponder(CertSites& s, const AuthEvents& events, TrafficResult r,
                         const std::string& reasonPart)
{
    EXPECT_EQ(s.a->GetEstablishedCount(), 0u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 0u);
    EXPECT_EQ(s.a->GetChildSaCount() + s.b->GetChildSaCount(), 0u);
    EXPECT_EQ(r.esp, 0u) << "no Child SA, no ESP";
    const auto* atB = events.VerdictOf(s.NodeB());
    ASSERT_NE(atB, nullptr);
    EXPECT_FALSE(atB->ok);
    EXPECT_NE(atB->reason.find(reasonPart), std::string::npos) << atB->reason;
    const auto* atA = events.VerdictOf(s.NodeA());
    ASSERT_NE(atA, nullptr) << "A reports the AUTHENTICATION_FAILED it received";
    EXPECT_FALSE(atA->ok);
    EXPECT_NE(atA->reason.find("AUTHENTICATION_FAILED"), std::string::npos) << atA->reason;
}

} // namespace

TEST(IkeCert, UntrustedCaIsRejected)
{
    LabPki pki(21);
    LabPki rogue(666, ipseclab::KeyType::EcdsaP256, "C=XX, O=Rogue, CN=Rogue CA");
    CertSites s(pki);
    LabCredential fake = rogue.IssueGateway(kMoon, s.addressA);
    s.configA.certificate = fake.certificate;
    s.configA.privateKey = fake.privateKey;
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    ExpectRefusedByResponder(s, events, r, "unable to get local issuer certificate");
}

TEST(IkeCert, InitiatorRejectsAnUntrustedResponder)
{
    LabPki pki(22);
    LabPki rogue(667, ipseclab::KeyType::EcdsaP256, "C=XX, O=Rogue, CN=Rogue CA");
    CertSites s(pki);
    LabCredential fake = rogue.IssueGateway(kSun, s.addressB);
    s.configB.certificate = fake.certificate;
    s.configB.privateKey = fake.privateKey;
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    EXPECT_EQ(s.a->GetEstablishedCount(), 0u);
    EXPECT_EQ(s.a->GetChildSaCount(), 0u);
    EXPECT_EQ(r.esp, 0u) << "A never sends ESP";
    const auto* atA = events.VerdictOf(s.NodeA());
    ASSERT_NE(atA, nullptr);
    EXPECT_FALSE(atA->ok);
    EXPECT_NE(atA->reason.find("not trusted"), std::string::npos) << atA->reason;
}

TEST(IkeCert, ExpiredCertificateIsRejected)
{
    LabPki pki(31);
    CertSites s(pki);
    // Valid for December 2024: expired at the simulation's time (kPkiEpoch + seconds).
    LabCredential old = pki.IssueGateway(
        kMoon,
        s.addressA,
        ipseclab::KeyType::EcdsaP256,
        ipseclab::Validity{ipseclab::kPkiEpoch - 31 * 86400, ipseclab::kPkiEpoch - 86400});
    s.configA.certificate = old.certificate;
    s.configA.privateKey = old.privateKey;
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    ExpectRefusedByResponder(s, events, r, "certificate has expired");
}

TEST(IkeCert, IdentityNotInTheCertificateIsRejected)
{
    LabPki pki(41);
    CertSites s(pki);
    s.configA.localId = "@mars.lab.example"; // the certificate says moon.lab.example
    s.configB.remoteId = "";
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    ExpectRefusedByResponder(s, events, r, "does not vouch for the ID");
}

TEST(IkeCert, KeyNotBelongingToTheCertificateIsRefusedByValidate)
{
    LabPki pki(42);
    ipseclab::IkeConfig c;
    c.localAddress = 0x0a000001;
    pki.Configure(c, pki.IssueGateway(kMoon, "10.0.0.1"));
    EXPECT_NO_THROW(c.Validate());
    c.privateKey = pki.IssueGateway(kSun, "10.0.0.2").privateKey;
    EXPECT_THROW(c.Validate(), std::invalid_argument);
}

TEST(IkeCert, PskOneWayCertificateTheOther)
{
    LabPki pki(51);
    CertSites s(pki);
    // A proves itself with the shared key, B with its certificate (RFC 7296 2.15).
    s.configA.localAuth = ipseclab::AuthMethod::Psk;
    s.configA.psk = "correct horse battery staple";
    s.configB.remoteAuth = ipseclab::AuthMethod::Psk;
    s.configB.psk = s.configA.psk;
    s.Install();
    AuthEvents events;
    TrafficResult r = RunWithTraffic(s);
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 1u);
    EXPECT_EQ(r.delivered, 5u);
    const auto* atA = events.VerdictOf(s.NodeA());
    const auto* atB = events.VerdictOf(s.NodeB());
    ASSERT_TRUE(atA && atB);
    EXPECT_TRUE(atA->ok) << atA->reason;
    EXPECT_TRUE(atB->ok) << atB->reason;
    EXPECT_EQ(atA->method,
              ipseclab::SignatureMethodName(ipseclab::IkeAuthMethod::DigitalSignature));
    EXPECT_EQ(atB->method, "shared key MIC");
}

TEST(IkeCert, SameSeedsGiveTheSameAuthOctets)
{
    auto run = []()
    {
        LabPki pki(61);
        CertSites s(pki);
        s.Install();
        AuthEvents events;
        RunWithTraffic(s);
        std::vector<std::string> auths;
        for (const auto& c : events.computed)
        {
            auths.push_back(c.of + ":" + c.auth);
        }
        return auths;
    };
    const auto first = run();
    const auto second = run();
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first, second);
    EXPECT_NE(first[0], first[1]);
}

TEST(IkeCert, ValidateNamesWhatIsMissing)
{
    ipseclab::IkeConfig c;
    c.localAddress = 0x0a000001;
    c.localAuth = ipseclab::AuthMethod::Pubkey;
    c.remoteAuth = ipseclab::AuthMethod::Pubkey;
    try
    {
        c.Validate();
        FAIL() << "pubkey without a certificate validated";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
    }
    LabPki pki(71);
    LabCredential cred = pki.IssueGateway(kMoon, "10.0.0.1");
    c.certificate = cred.certificate;
    c.privateKey = cred.privateKey;
    try
    {
        c.Validate();
        FAIL() << "remote pubkey without a trusted CA validated";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("trusted CA"), std::string::npos) << e.what();
    }
    c.trustedCas = {pki.GetCaCertificate()};
    EXPECT_NO_THROW(c.Validate());
    c.signatureMethod = 1; // RSA method with an ECDSA key
    EXPECT_THROW(c.Validate(), std::invalid_argument);
    c.signatureMethod = 2;
    EXPECT_THROW(c.Validate(), std::invalid_argument);
    c.signatureMethod = 9;
    EXPECT_NO_THROW(c.Validate());
    c.localId = "C=CH, =broken";
    EXPECT_THROW(c.Validate(), std::invalid_argument);
}

TEST(IkeCert, LabPkiIsDeterministic)
{
    LabPki one(81);
    LabPki two(81);
    EXPECT_EQ(one.GetCaCertificate().GetDer(), two.GetCaCertificate().GetDer());
    EXPECT_EQ(one.IssueGateway(kMoon, "192.0.2.1").certificate->GetDer(),
              two.IssueGateway(kMoon, "192.0.2.1").certificate->GetDer());
    LabPki three(82);
    EXPECT_NE(one.GetCaCertificate().GetDer(), three.GetCaCertificate().GetDer());
}
