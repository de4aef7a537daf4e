// The IKEv2 daemon between two gateways (site-to-site) inside ns-3: establishment for each
// proposal family and DH group, failures answered as the RFC says, retransmissions, DPD,
// rekeying under traffic and a forced collision.
#include "events/event-stream.h"
#include "helper/ike-helper.h"
#include "ike-sites.h"

#include <ns3/error-model.h>
#include <ns3/pointer.h>

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;

namespace
{

constexpr uint16_t kPort = 9000;

struct Proposals
{
    std::string ike;
    std::string esp;
};

class IkeProposalTest : public ::testing::TestWithParam<Proposals>
{
};

} // namespace

TEST_P(IkeProposalTest, EstablishesAndProtectsTraffic)
{
    Sites s;
    s.configA.ikeProposals = {GetParam().ike};
    s.configB.ikeProposals = {GetParam().ike};
    s.configA.children.front().espProposals = {GetParam().esp};
    s.configB.children.front().espProposals = {GetParam().esp};
    s.Install();
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    WireCounter wan;
    wan.Attach(s.t.wanDevices.Get(1));
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 5, 300, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 1u);
    EXPECT_EQ(sink.payloads.size(), 5u);
    EXPECT_EQ(wan.byProtocol[50], 5u);
}

INSTANTIATE_TEST_SUITE_P(
    Families, IkeProposalTest,
    ::testing::Values(Proposals{"aes128-sha256-x25519", "aes128gcm16"},
                      Proposals{"aes256gcm16-prfsha256-ecp256", "aes256-sha256"},
                      Proposals{"aes256-sha384-ecp384", "chacha20poly1305"},
                      Proposals{"aes128-sha256-modp2048", "aes128-sha1"},
                      Proposals{"chacha20poly1305-prfsha512-x25519", "aes256gcm16"}));

TEST(IkeDaemon, WrongPskIsRefusedWithAuthenticationFailed)
{
    Sites s;
    s.configB.psk = "not the same secret";
    s.Install();
    WireCounter wan;
    wan.Attach(s.t.wanDevices.Get(1));
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 3, 100, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(s.a->GetEstablishedCount(), 0u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 0u);
    EXPECT_EQ(s.a->GetChildSaCount() + s.b->GetChildSaCount(), 0u);
    EXPECT_EQ(wan.byProtocol[50], 0u) << "no Child SA, no ESP";
}

TEST(IkeDaemon, ProposalMismatchEstablishesNothing)
{
    Sites s;
    s.configA.ikeProposals = {"aes128-sha256-x25519"};
    s.configB.ikeProposals = {"aes256-sha512-ecp384"};
    s.Install();
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(s.a->GetEstablishedCount(), 0u);
    EXPECT_EQ(s.b->GetEstablishedCount(), 0u);
}

TEST(IkeDaemon, InvalidKePayloadRetriesWithTheRespondersGroup)
{
    Sites s;
    // A guesses x25519 first; B only accepts ecp256.
    s.configA.ikeProposals = {"aes128-sha256-x25519", "aes128-sha256-ecp256"};
    s.configB.ikeProposals = {"aes128-sha256-ecp256"};
    s.Install();
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    ASSERT_EQ(s.a->GetIkeSas().size(), 0u) << "destroyed with the simulation";
}

TEST(IkeDaemon, LossyWanStillEstablishesThroughRetransmissions)
{
    Sites s(0.1); // 10% loss on the WAN, both directions
    s.configA.retransmitTimeout = 0.5;
    s.configB.retransmitTimeout = 0.5;
    s.configA.retransmitTries = 8;
    s.Install();
    // The WAN is down until 0.3 s: the first IKE_SA_INIT is lost for sure.
    auto down = CreateObject<RateErrorModel>();
    down->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
    down->SetRate(1.0);
    s.t.wanDevices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(down));
    Simulator::Schedule(Seconds(0.3),
                        [&s]()
                        {
                            auto lossy = CreateObject<RateErrorModel>();
                            lossy->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                            lossy->SetRate(0.1);
                            s.t.wanDevices.Get(1)->SetAttribute("ReceiveErrorModel",
                                                                PointerValue(lossy));
                        });
    RunAndDestroy(Seconds(60));
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_GE(s.a->GetRetransmissions() + s.b->GetRetransmissions(), 1u);
}

TEST(IkeDaemon, DeadPeerIsDetected)
{
    Sites s;
    s.configA.dpdDelay = 2;
    s.configA.retransmitTimeout = 0.5;
    s.configA.retransmitTries = 2;
    s.Install();
    // At 3 s the WAN starts dropping everything: B is gone as far as A can tell.
    Simulator::Schedule(Seconds(3),
                        [&s]()
                        {
                            auto drop = CreateObject<RateErrorModel>();
                            drop->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                            drop->SetRate(1.0);
                            s.t.wanDevices.Get(1)->SetAttribute("ReceiveErrorModel",
                                                                PointerValue(drop));
                        });
    uint32_t childrenAt2 = 0;
    Simulator::Schedule(Seconds(2), [&]() { childrenAt2 = s.a->GetChildSaCount(); });
    uint32_t childrenAt20 = 99;
    Simulator::Schedule(Seconds(20), [&]() { childrenAt20 = s.a->GetChildSaCount(); });
    RunAndDestroy(Seconds(21));
    EXPECT_EQ(childrenAt2, 1u);
    EXPECT_EQ(childrenAt20, 0u) << "DPD declared the peer dead and cleared its SAs";
}

TEST(IkeDaemon, ChildRekeyUnderTrafficLosesNothingWithDeleteDelay)
{
    Sites s;
    for (auto* c : {&s.configA, &s.configB})
    {
        c->children.front().rekeyTime = 2;
        c->children.front().lifeTime = 3;
        c->children.front().randTime = 0.2;
        c->children.front().deleteDelay = 0.5;
    }
    s.configB.children.front().rekeyTime = 4; // A rekeys first, no collision
    s.configB.children.front().lifeTime = 5;
    s.Install();
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            500,
            200,
            Seconds(0.5),
            MilliSeconds(10));
    RunAndDestroy(Seconds(6.5));
    EXPECT_GE(s.a->GetRekeys(), 2u);
    EXPECT_EQ(sink.payloads.size(), 500u);
}

TEST(IkeDaemon, IkeRekeyMovesChildren)
{
    Sites s;
    s.configA.rekeyTime = 2;
    s.configA.randTime = 0.1;
    s.Install();
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            300,
            200,
            Seconds(0.5),
            MilliSeconds(10));
    uint32_t sasAt4 = 0;
    uint32_t childrenAt4 = 0;
    Simulator::Schedule(Seconds(4),
                        [&]()
                        {
                            sasAt4 = static_cast<uint32_t>(s.a->GetIkeSas().size());
                            childrenAt4 = s.a->GetChildSaCount();
                        });
    RunAndDestroy(Seconds(4.5));
    EXPECT_GE(s.a->GetRekeys(), 1u);
    EXPECT_EQ(sasAt4, 1u) << "the old IKE SA was deleted";
    EXPECT_EQ(childrenAt4, 1u) << "the Child SA moved to the new IKE SA";
    EXPECT_EQ(sink.payloads.size(), 300u);
}

TEST(IkeDaemon, SimultaneousChildRekeyConvergesOnOneSa)
{
    Sites s;
    s.Install();
    uint32_t collisions = 0;
    uint32_t subscription = EventStream::Default()->Subscribe(
        [&collisions](const ipseclab::Event&, const std::string& line)
        { collisions += line.find("\"kind\":\"collision\"") != std::string::npos; });
    Simulator::Schedule(Seconds(1),
                        [&]()
                        {
                            s.a->RekeyChild(0);
                            s.b->RekeyChild(0);
                        });
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            100,
            200,
            Seconds(0.5),
            MilliSeconds(20));
    std::set<uint32_t> aIn;
    std::set<uint32_t> bOut;
    Simulator::Schedule(Seconds(3),
                        [&]()
                        {
                            for (const auto* sa : s.a->GetIkeSas())
                            {
                                for (const auto& c : sa->children)
                                {
                                    aIn.insert(c.inSpi);
                                }
                            }
                            for (const auto* sa : s.b->GetIkeSas())
                            {
                                for (const auto& c : sa->children)
                                {
                                    bOut.insert(c.outSpi);
                                }
                            }
                        });
    RunAndDestroy(Seconds(3.5));
    EventStream::Default()->Unsubscribe(subscription);
    EXPECT_EQ(collisions, 2u) << "each peer saw the collision";
    EXPECT_EQ(aIn.size(), 1u) << "one Child SA survives on A";
    EXPECT_EQ(aIn, bOut) << "both peers kept the same SA";
    EXPECT_EQ(sink.payloads.size(), 100u);
}

TEST(IkeDaemon, ResponderAsksForACookieWhenHalfOpenSasPileUp)
{
    Sites s;
    s.configB.remoteAddress = 0; // the responder accepts anyone
    s.Install();
    s.b->SetAttribute("CookieThreshold", UintegerValue(1));
    // A second initiator on LAN B starts while gwA's IKE SA is still half-open at gwB.
    IpsecHelper().Install(s.t.lanB.Get(0));
    ipseclab::IkeConfig c = s.configA;
    c.name = "hostB0-gwB";
    c.localAddress = s.t.lanBInterfaces.GetAddress(0).Get();
    c.remoteAddress = s.t.lanBInterfaces.GetAddress(2).Get();
    c.children.front().localTs = "dynamic";
    c.children.front().remoteTs = "dynamic";
    c.children.front().startTime = 0.115; // gwA's IKE_SA_INIT reached gwB at 0.11 s
    Ptr<IkeDaemon> host = IkeHelper().Install(s.t.lanB.Get(0), c);
    host->AssignStreams(3000);
    uint32_t cookies = 0;
    uint32_t id =
        EventStream::Default()->Subscribe([&cookies](const ipseclab::Event& e, const std::string&)
                                          { cookies += e.GetKind() == "cookie"; });
    RunAndDestroy(Seconds(2));
    EventStream::Default()->Unsubscribe(id);
    EXPECT_GE(cookies, 2u) << "the responder sent one, the initiator returned it";
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u);
    EXPECT_EQ(host->GetEstablishedCount(), 1u) << "established after returning the cookie";
}

TEST(IkeDaemon, DeleteCrossingARekeyLeavesNoStaleSa)
{
    Sites s;
    s.Install();
    // At the same instant A rekeys the Child SA and B deletes it.
    Simulator::Schedule(Seconds(1),
                        [&s]()
                        {
                            s.a->RekeyChild(0);
                            s.b->Terminate(0);
                        });
    uint32_t aChildren = 99;
    uint32_t bChildren = 99;
    Simulator::Schedule(Seconds(3),
                        [&]()
                        {
                            aChildren = s.a->GetChildSaCount();
                            bChildren = s.b->GetChildSaCount();
                        });
    RunAndDestroy(Seconds(3.5));
    EXPECT_EQ(aChildren, 0u);
    EXPECT_EQ(bChildren, 0u);
}

TEST(IkeDaemon, RefusesAnIkev1Connection)
{
    // The configuration is shared with IKEv1 (ike-core/ike-config.h); until an IKEv1 engine
    // exists, this daemon says so instead of speaking IKEv2 to a peer configured for IKEv1.
    Sites s;
    ipseclab::IkeConfig c = s.configA;
    c.version = 1;
    EXPECT_NO_THROW(c.Validate());
    Ptr<IkeDaemon> d = CreateObject<IkeDaemon>();
    try
    {
        d->AddConnection(c);
        ADD_FAILURE() << "version = 1 accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("needs an IKEv1 engine"), std::string::npos)
            << e.what();
    }
    c.version = 2;
    EXPECT_NO_THROW(d->AddConnection(c));
    d->Dispose();
}
