// An established IKE SA acts only on authenticated messages (RFC 7296 2.21, 3.14): an attacker
// on the WAN who sees every SPI and message ID in the clear forges a DELETE and an
// AUTHENTICATION_FAILED, and floods the responder with IKE_SA_INIT from spoofed addresses.
// The tunnel survives, every forged message is dropped with its reason, the COOKIE engages.
#include "attack/ike-forger.h"
#include "events/event-stream.h"
#include "ike-sites.h"

#include <ns3/uinteger.h>

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;

namespace
{

constexpr uint16_t kPort = 9000;

/// Counts the events of one kind (and, where given, one reason) while alive.
struct EventCounter
{
    std::map<std::string, uint32_t> byReason;
    uint32_t id = 0;
    explicit EventCounter(const std::string& kind)
    {
        id = EventStream::Default()->Subscribe(
            [this, kind](const ipseclab::Event& e, const std::string& json)
            {
                if (e.GetKind() != kind)
                {
                    return;
                }
                const auto at = json.find("\"reason\":\"");
                const std::string reason =
                    at == std::string::npos
                        ? ""
                        : json.substr(at + 10, json.find('"', at + 10) - (at + 10));
                ++byReason[reason];
            });
    }
    ~EventCounter() { EventStream::Default()->Unsubscribe(id); }
};

/// From 0.05 s, `count` IKE_SA_INIT requests at gwB from as many spoofed addresses, 0.25 ms
/// apart, offering gwB's first proposal.
Ptr<IkeForger>
FloodGwB(Sites& s, uint32_t count)
{
    Ptr<IkeForger> forger = CreateObject<IkeForger>();
    forger->AssignStreams(4000);
    forger->FloodAt(Seconds(0.05),
                    count,
                    MicroSeconds(250),
                    s.t.wanInterfaces.GetAddress(1),
                    Ipv4Address("198.18.0.0"),
                    s.configB.ikeProposals.front(),
                    s.t.wanDevices.Get(0));
    return forger;
}

} // namespace

TEST(IkeSecurity, ForgedCleartextDeleteIsDroppedAndTheTunnelSurvives)
{
    Sites s;
    s.Install();
    Ptr<IkeForger> forger = CreateObject<IkeForger>();
    forger->WatchAt(s.t.wanDevices.Get(1)); // what reaches gwB
    // At 1 s, a DELETE of the IKE SA "from gwA" to gwB, in the clear, with the right SPIs and
    // the next message ID.
    forger->ForgeDeleteAt(Seconds(1), s.t.wanInterfaces.GetAddress(1), s.t.wanDevices.Get(0));
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0),
            s.t.lanBInterfaces.GetAddress(0),
            kPort,
            100,
            100,
            Seconds(0.5),
            MilliSeconds(20));
    EventCounter drops("message-dropped");
    uint32_t childSas = 0;
    Simulator::Schedule(Seconds(2.9), [&]() { childSas = s.b->GetChildSaCount(); });
    RunAndDestroy(Seconds(3));
    EXPECT_EQ(forger->GetForgedCount(), 1u);
    EXPECT_EQ(s.b->GetDroppedMessages("unprotected"), 1u);
    EXPECT_EQ(drops.byReason["unprotected"], 1u) << "the drop is an event with its reason";
    EXPECT_EQ(childSas, 1u) << "gwB kept its Child SA";
    EXPECT_EQ(sink.payloads.size(), 100u) << "no packet lost to the forged DELETE";
}

TEST(IkeSecurity, ForgedCleartextAuthenticationFailedIsDropped)
{
    Config::SetDefault("ns3::IkeDaemon::CryptoTime", BooleanValue(true));
    Sites s;
    s.Install();
    Ptr<IkeForger> forger = CreateObject<IkeForger>();
    forger->WatchAt(s.t.wanDevices.Get(1));
    forger->AnswerIkeAuthWith(s.t.wanDevices.Get(1)); // back to gwA, ahead of gwB's answer
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 50, 100, Seconds(1));
    RunAndDestroy(Seconds(3));
    Config::SetDefault("ns3::IkeDaemon::CryptoTime", BooleanValue(false));
    EXPECT_EQ(forger->GetForgedCount(), 1u);
    EXPECT_EQ(s.a->GetDroppedMessages("unprotected"), 1u);
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u) << "gwA believed gwB's real answer";
    EXPECT_EQ(s.b->GetEstablishedCount(), 1u);
    EXPECT_EQ(sink.payloads.size(), 50u);
}

TEST(IkeSecurity, ProtectedRequestFromAnotherAddressIsDropped)
{
    Sites s;
    s.Install();
    // The IKE_AUTH request is protected and valid; replayed from the attacker's own address it
    // must neither be answered nor move anything on gwB.
    Ptr<IkeForger> forger = CreateObject<IkeForger>();
    forger->WatchAt(s.t.wanDevices.Get(1));
    forger->ReplayLastRequestAt(Seconds(1), Ipv4Address("192.0.2.66"), s.t.wanDevices.Get(0));
    bool established = false;
    Simulator::Schedule(Seconds(1.9), [&]() { established = s.b->IsEstablished(0); });
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(forger->GetForgedCount(), 1u);
    EXPECT_EQ(s.b->GetDroppedMessages("unexpected source"), 1u);
    EXPECT_TRUE(established);
}

TEST(IkeSecurity, CookiesAreOnByDefaultAndTheLegitimatePeerConnectsThroughAFlood)
{
    Sites s;
    s.configA.children.front().startTime = 0.3; // in the middle of the flood
    s.configB.remoteAddress = 0;                // a gateway that accepts anyone
    s.Install();
    // 2,000 IKE_SA_INIT requests from 2,000 spoofed addresses, one per 0.25 ms, at gwB.
    Ptr<IkeForger> forger = FloodGwB(s, 2000);
    UdpSink sink;
    sink.Install(s.t.lanB.Get(0), kPort);
    SendUdp(s.t.lanA.Get(0), s.t.lanBInterfaces.GetAddress(0), kPort, 20, 100, Seconds(1));
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(forger->GetForgedCount(), 2000u);
    EXPECT_EQ(s.b->GetHalfOpenPeak(), 31u)
        << "30 spoofed half-open SAs (the cookie threshold), then only gwA, which returned its "
           "cookie";
    EXPECT_GE(s.b->GetCookiesSent(), 1970u) << "every request beyond the threshold got a COOKIE";
    EXPECT_EQ(s.a->GetEstablishedCount(), 1u) << "gwA returned its cookie and connected";
    EXPECT_EQ(sink.payloads.size(), 20u);
}

TEST(IkeSecurity, HalfOpenLimitDropsNewIkeSasUnanswered)
{
    Sites s;
    s.configB.remoteAddress = 0;
    s.configA.children.front().startTime = 0.3;
    s.Install();
    s.b->SetAttribute("CookieThreshold", UintegerValue(0));
    s.b->SetAttribute("HalfOpenLimit", UintegerValue(10));
    Ptr<IkeForger> forger = FloodGwB(s, 50);
    RunAndDestroy(Seconds(1));
    EXPECT_EQ(s.b->GetHalfOpenPeak(), 10u);
    EXPECT_EQ(s.b->GetDroppedMessages("half-open limit"), 41u) << "40 spoofed and gwA's";
    EXPECT_EQ(s.a->GetEstablishedCount(), 0u) << "without cookies the flood locks gwA out";
}
