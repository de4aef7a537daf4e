// What a real strongSwan peer does that two lab daemons did not before (issue 11), between two
// gateways inside ns-3: proposals with several transforms per type and `default`, rekeys started
// by the side whose proposals differ, a second traffic selector, a peer deleting the Child SA
// while traffic flows, a second Child SA, a refused CREATE_CHILD_SA (no Nonce in the error),
// certificates sent only when asked (CERTREQ), SIGNATURE_HASH_ALGORITHMS, back-off after a
// failed IKE SA, and lab CA certificates valid on a real clock.
#include "events/event-stream.h"
#include "helper/ike-pki-helper.h"
#include "ike-sites.h"

#include <ns3/names.h>

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;

namespace
{

constexpr uint16_t kPort = 9000;

/// The IKE events of one run.
struct Recorder
{
    struct Entry
    {
        uint32_t node;
        std::string kind;
        std::map<std::string, std::string> text;
        std::map<std::string, bool> flag;
    };
    std::vector<Entry> entries;
    uint32_t subscription = 0;

    Recorder()
    {
        subscription = EventStream::Default()->Subscribe(
            [this](const ipseclab::Event& e, const std::string&)
            {
                Entry entry{e.GetNode(), e.GetKind(), {}, {}};
                for (const char* name : {"summary",
                                         "why",
                                         "chosen",
                                         "note",
                                         "error",
                                         "method",
                                         "method_reason",
                                         "what",
                                         "proposal",
                                         "result"})
                {
                    if (const auto* v = e.Find(name))
                    {
                        entry.text[name] = v->GetString();
                    }
                }
                for (const char* name : {"ok", "response", "certificate_sent"})
                {
                    if (const auto* v = e.Find(name))
                    {
                        entry.flag[name] = v->GetBool();
                    }
                }
                entries.push_back(std::move(entry));
            });
    }

    ~Recorder() { EventStream::Default()->Unsubscribe(subscription); }

    std::vector<const Entry*> Of(const std::string& kind, uint32_t node) const
    {
        std::vector<const Entry*> out;
        for (const auto& e : entries)
        {
            if (e.kind == kind && e.node == node)
            {
                out.push_back(&e);
            }
        }
        return out;
    }

    /// Summaries of the messages `node` sent that start with `exchange`.
    std::vector<std::string> Sent(uint32_t node, const std::string& exchange) const
    {
        std::vector<std::string> out;
        for (const auto* e : Of("message-sent", node))
        {
            const std::string& s = e->text.at("summary");
            if (s.rfind(exchange, 0) == 0)
            {
                out.push_back(s);
            }
        }
        return out;
    }
};

/// Runs to `stop` and leaves the daemons to inspect; the simulation is destroyed when the
/// test ends (declare first, so it outlives everything else).
struct Simulation
{
    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }
    ~Simulation()
    {
        Simulator::Destroy();
        Names::Clear();
    }
};

bool
Has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(IkeRealPeer, MultiTransformProposalsEstablishAndTheResponderRekeysBoth)
{
    Simulation sim;
    Recorder log;
    Sites s;
    // gwA writes its proposals as strongSwan users do; gwB accepts other ones, in its own order.
    s.configA.ikeProposals = {"aes256gcm16-aes128gcm16-prfsha256-ecp256-x25519"};
    s.configA.children.front().espProposals = {"aes256gcm16-aes128gcm16-chacha20poly1305"};
    s.configB.ikeProposals = {"aes128-sha256-x25519", "aes128gcm16-prfsha256-x25519-ecp256"};
    s.configB.children.front().espProposals = {"chacha20poly1305", "aes128gcm16"};
    s.Install();
    // The responder rekeys what the initiator created: its offers are its own proposals.
    Simulator::Schedule(Seconds(1.0), [&s]() { s.b->RekeyChild(); });
    Simulator::Schedule(Seconds(2.0), [&s]() { s.b->RekeyIke(); });
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            30,
            200,
            Seconds(0.5),
            MilliSeconds(100));
    const uint32_t b = s.t.gwB->GetId();
    const uint32_t a = s.t.gwA->GetId();
    sim.Run(Seconds(4));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(s.b->GetRekeys(), 2u);
    EXPECT_EQ(sink.payloads.size(), 30u);
    auto selections = log.Of("proposal-selection", b);
    ASSERT_FALSE(selections.empty());
    // gwB's second proposal matches; gwB prefers x25519, but gwA's KE is ecp256, which both
    // accept: it is taken (no INVALID_KE_PAYLOAD round trip).
    EXPECT_EQ(selections.front()->text.at("chosen"), "aes128gcm16-prfsha256-ecp256");
    EXPECT_TRUE(log.Of("invalid-ke", b).empty());
    EXPECT_TRUE(Has(selections.front()->text.at("why"), "matches the peer's proposal #1"))
        << selections.front()->text.at("why");
    auto childSelections = log.Of("proposal-selection", a);
    ASSERT_EQ(childSelections.size(), 2u) << "gwA answers the child and the IKE rekey";
    // RFC 7296 3.3.6 as strongSwan: the first (own proposal, offered proposal) pair that
    // matches; gwB's first offer, chacha20poly1305, is in gwA's one proposal.
    EXPECT_EQ(childSelections[0]->text.at("chosen"), "chacha20poly1305-noesn");
    EXPECT_EQ(childSelections[1]->text.at("chosen"), "aes128gcm16-prfsha256-ecp256")
        << "the IKE rekey reads every proposal (gwB's second matches) and keeps the KE's group";
    auto installed = log.Of("child-sa-installed", a);
    ASSERT_EQ(installed.size(), 2u);
    for (const auto* e : installed)
    {
        EXPECT_EQ(e->text.at("proposal"), "chacha20poly1305");
    }
}

TEST(IkeRealPeer, DefaultProposalsEstablish)
{
    Simulation sim;
    Recorder log;
    Sites s;
    s.configA.ikeProposals = {"default"};
    s.configA.children.front().espProposals = {"default"};
    s.configB.ikeProposals = {"aes256gcm16-prfsha384-ecp384", "aes256-sha512-modp2048"};
    s.configB.children.front().espProposals = {"aes256-sha384"};
    s.Install();
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 5, 300, Seconds(1));
    const uint32_t b = s.t.gwB->GetId();
    sim.Run(Seconds(2));
    EXPECT_EQ(s.b->GetEstablishedCount(), 1u);
    EXPECT_EQ(sink.payloads.size(), 5u);
    auto selections = log.Of("proposal-selection", b);
    ASSERT_EQ(selections.size(), 3u) << "IKE_SA_INIT twice (INVALID_KE_PAYLOAD), the child";
    // default = [classic ciphers, AEAD]: gwB's first proposal is in the AEAD one; gwA's KE
    // (x25519) is not gwB's group, so INVALID_KE_PAYLOAD first, then ecp384.
    EXPECT_EQ(selections[1]->text.at("chosen"), "aes256gcm16-prfsha384-ecp384");
    EXPECT_EQ(log.Of("invalid-ke", b).size(), 1u);
    EXPECT_EQ(selections[2]->text.at("chosen"), "aes256-sha384-noesn");
    auto child = log.Of("child-sa-installed", b);
    ASSERT_EQ(child.size(), 1u);
    EXPECT_EQ(child.front()->text.at("proposal"), "aes256-sha384");
}

TEST(IkeRealPeer, SecondTrafficSelectorIsConsidered)
{
    Simulation sim;
    Recorder log;
    Sites s;
    // The first TSi entry is no business of gwB's; the second one is its remote LAN.
    s.configA.children.front().localTs = "10.9.0.0/24, 10.1.0.0/24";
    s.Install();
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 5, 300, Seconds(1));
    const uint32_t b = s.t.gwB->GetId();
    sim.Run(Seconds(2));
    EXPECT_EQ(s.a->GetChildSaCount(), 1u);
    EXPECT_EQ(sink.payloads.size(), 5u);
    auto narrowing = log.Of("ts-narrowing", b);
    ASSERT_EQ(narrowing.size(), 1u);
    EXPECT_EQ(narrowing.front()->text.at("result"), "10.2.0.0/24[any] -> 10.1.0.0/24[any] any")
        << narrowing.front()->text.at("result");
}

TEST(IkeRealPeer, PeerDeletingTheChildSaWhileTrafficFlowsGetsANewOne)
{
    Simulation sim;
    Recorder log;
    Sites s;
    s.configA.children.front().startAction = ipseclab::StartAction::Trap;
    s.Install();
    Simulator::Schedule(Seconds(2.0), [&s]() { s.b->DeleteChild(); });
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    // 40 datagrams, one each 100 ms from 0.5 s to 4.4 s.
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            40,
            200,
            Seconds(0.5),
            MilliSeconds(100));
    const uint32_t a = s.t.gwA->GetId();
    sim.Run(Seconds(5));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u) << "the IKE SA stays";
    EXPECT_EQ(s.a->GetChildSaCount(), 1u) << "a new Child SA after the delete";
    ASSERT_EQ(log.Of("child-start", a).size(), 1u);
    auto creates = log.Sent(a, "CREATE_CHILD_SA");
    ASSERT_EQ(creates.size(), 1u);
    EXPECT_FALSE(Has(creates.front(), "REKEY_SA")) << creates.front();
    // The trap holds the first packet of each gap (no-sa), the rest arrive.
    EXPECT_GE(sink.payloads.size(), 37u);
}

TEST(IkeRealPeer, SecondChildSaAndARefusedOneWithoutNonce)
{
    Simulation sim;
    Recorder log;
    Sites s;
    ipseclab::ChildConfig second = s.configA.children.front();
    second.name = "second";
    second.localTs = "10.1.0.0/25";
    second.remoteTs = "10.2.0.0/25";
    ipseclab::ChildConfig refused = second;
    refused.name = "refused";
    refused.localTs = "10.1.7.0/24";
    refused.remoteTs = "10.2.7.0/24";
    s.configA.children.push_back(second);
    s.configA.children.push_back(refused);
    ipseclab::ChildConfig secondB = s.configB.children.front();
    secondB.name = "second";
    secondB.localTs = "10.2.0.0/25";
    secondB.remoteTs = "10.1.0.0/25";
    s.configB.children.push_back(secondB);
    s.Install();
    const uint32_t a = s.t.gwA->GetId();
    const uint32_t b = s.t.gwB->GetId();
    sim.Run(Seconds(2));
    EXPECT_EQ(s.a->GetChildSaCount(), 2u);
    EXPECT_EQ(s.b->GetChildSaCount(), 2u);
    auto answers = log.Sent(b, "CREATE_CHILD_SA");
    ASSERT_EQ(answers.size(), 2u);
    int refusals = 0;
    for (const auto& summary : answers)
    {
        if (Has(summary, "TS_UNACCEPTABLE"))
        {
            ++refusals;
            EXPECT_FALSE(Has(summary, " No ")) << "an error response carries no Nonce: " << summary;
            EXPECT_FALSE(Has(summary, " KE ")) << summary;
        }
    }
    EXPECT_EQ(refusals, 1);
    EXPECT_FALSE(log.Of("back-off", a).empty()) << "the refused child backs off";
}

TEST(IkeRealPeer, CertificatesGoOutWhenAskedAndSignaturesFollowTheHashNotify)
{
    Simulation sim;
    Recorder log;
    Sites s;
    LabPki pki(7);
    pki.Configure(s.configA, pki.IssueGateway("moon.lab.example", "", ipseclab::KeyType::Rsa2048));
    pki.Configure(s.configB, pki.IssueGateway("sun.lab.example", ""));
    // send_cert = ifasked on both (swanctl's default): each sends its certificate only after
    // the other's CERTREQ.
    ASSERT_EQ(s.configA.sendCert, ipseclab::SendCert::IfAsked);
    s.Install();
    const uint32_t a = s.t.gwA->GetId();
    const uint32_t b = s.t.gwB->GetId();
    sim.Run(Seconds(2));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    auto initResponse = log.Sent(b, "IKE_SA_INIT");
    ASSERT_EQ(initResponse.size(), 1u);
    EXPECT_TRUE(Has(initResponse.front(), "CERTREQ")) << initResponse.front();
    EXPECT_TRUE(Has(initResponse.front(), "N(SIGNATURE_HASH_ALGORITHMS)")) << initResponse.front();
    auto initRequest = log.Sent(a, "IKE_SA_INIT");
    ASSERT_EQ(initRequest.size(), 1u);
    EXPECT_TRUE(Has(initRequest.front(), "N(SIGNATURE_HASH_ALGORITHMS)")) << initRequest.front();
    for (uint32_t node : {a, b})
    {
        auto computed = log.Of("auth-computed", node);
        ASSERT_EQ(computed.size(), 1u);
        EXPECT_TRUE(computed.front()->flag.at("certificate_sent"));
        EXPECT_EQ(computed.front()->text.at("method_reason"),
                  "the peer's SIGNATURE_HASH_ALGORITHMS lists SHA2-256");
    }
}

TEST(IkeRealPeer, CertificateIsWithheldWhenNotAskedAndNever)
{
    Simulation sim;
    Sites s;
    LabPki pki(7);
    pki.Configure(s.configA, pki.IssueGateway("moon.lab.example", ""));
    pki.Configure(s.configB, pki.IssueGateway("sun.lab.example", ""));
    s.configA.sendCert = ipseclab::SendCert::Never;
    s.Install();
    sim.Run(Seconds(2));
    EXPECT_EQ(s.a->GetEstablishedCount(), 0u) << "gwB cannot verify gwA without its certificate";
    EXPECT_EQ(s.b->GetEstablishedCount(), 0u);
}

TEST(IkeRealPeer, FailedIkeSaBacksOffInsteadOfAStormOfIkeSaInit)
{
    Simulation sim;
    Recorder log;
    Sites s;
    s.configA.children.front().startAction = ipseclab::StartAction::Trap;
    s.configB.psk = "not the same secret";
    s.Install();
    // 100 trapped datagrams in 10 s, each of which used to start a new IKE_SA_INIT.
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            100,
            100,
            Seconds(0.5),
            MilliSeconds(100));
    const uint32_t a = s.t.gwA->GetId();
    sim.Run(Seconds(11));
    const size_t attempts = log.Sent(a, "IKE_SA_INIT").size();
    // Failures at ~0.5 s, then after 4, 8 and 16 s of back-off: 3 attempts within 11 s.
    EXPECT_GE(attempts, 2u);
    EXPECT_LE(attempts, 3u);
    EXPECT_FALSE(log.Of("back-off", a).empty());
}

TEST(IkeRealPeer, LabCaCertificatesAreValidOnARealClock)
{
    LabPki pki(3);
    auto gw = pki.IssueGateway("moon.lab.example", "192.0.2.1");
    constexpr int64_t k2024 = 1704067200; // 2024-01-01: well before the simulation epoch
    constexpr int64_t k2040 = 2208988800;
    EXPECT_LE(gw.certificate->GetNotBefore(), k2024);
    EXPECT_GE(gw.certificate->GetNotAfter(), k2040);
    EXPECT_LE(pki.GetCaCertificate().GetNotBefore(), k2024);
    EXPECT_GE(pki.GetCaCertificate().GetNotAfter(), k2040);
}

TEST(IkeRealPeer, ChildRefusedInIkeAuthIsRetriedByCreateChildSaAfterTheBackOff)
{
    Simulation sim;
    Recorder log;
    Sites s;
    s.configA.children.front().startAction = ipseclab::StartAction::Trap;
    s.configB.children.front().localTs = "10.2.9.0/24"; // not what gwA asks for
    s.Install();
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            70,
            100,
            Seconds(0.5),
            MilliSeconds(100));
    const uint32_t a = s.t.gwA->GetId();
    sim.Run(Seconds(8));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u) << "a refused Child SA leaves the IKE SA up";
    auto backOffs = log.Of("back-off", a);
    ASSERT_GE(backOffs.size(), 2u) << "IKE_AUTH's refusal, then the CREATE_CHILD_SA's";
    auto creates = log.Sent(a, "CREATE_CHILD_SA");
    ASSERT_EQ(creates.size(), 1u) << "one retry within 8 s: 4 s of back-off, then 8 s";
    EXPECT_TRUE(Has(creates.front(), "TSi")) << creates.front();
    EXPECT_FALSE(Has(creates.front(), "REKEY_SA")) << creates.front();
}

TEST(IkeRealPeer, ChildRekeyRetriesWithThePfsGroupThePeerAsksFor)
{
    Simulation sim;
    Recorder log;
    Sites s;
    // gwA's KE guesses ecp256; gwB takes x25519, which both accept: INVALID_KE_PAYLOAD.
    s.configA.children.front().espProposals = {"aes128gcm16-ecp256-x25519"};
    s.configB.children.front().espProposals = {"aes128gcm16-x25519"};
    s.Install();
    Simulator::Schedule(Seconds(1), [&s]() { s.a->RekeyChild(); });
    const uint32_t a = s.t.gwA->GetId();
    sim.Run(Seconds(2));
    auto invalid = log.Of("invalid-ke", a);
    ASSERT_EQ(invalid.size(), 1u);
    ASSERT_EQ(log.Of("rekey-done", a).size(), 1u) << "the second attempt, with x25519, succeeds";
    auto installed = log.Of("child-sa-installed", a);
    ASSERT_EQ(installed.size(), 2u);
    EXPECT_EQ(log.Sent(a, "CREATE_CHILD_SA").size(), 2u);
}
