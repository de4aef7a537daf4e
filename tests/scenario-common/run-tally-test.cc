// RunTally reads figures from the event stream alone; these tests feed it hand-made IKE events
// and check the two figures scenarios decide on: the IKE SAs a node holds and its virtual IP.
#include "common/run-tally.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace
{

using ipseclab::Event;
using ipseclab::Layer;
using ns3::RunTally;

constexpr uint32_t kGateway = 1;
constexpr uint32_t kClient = 2;

Event
Ike(uint32_t node, const char* kind, const char* spiI, const char* spiR)
{
    return Event(node, Layer::Ike, kind).Add("spi_i", spiI).Add("spi_r", spiR);
}

Event
InitMessage(uint32_t node, const char* spiI, const char* spiR, bool response,
            std::vector<std::string> payloads = {"SA", "KE", "Nonce"})
{
    return Ike(node, "message-sent", spiI, spiR)
        .Add("exchange", "IKE_SA_INIT")
        .Add("response", response)
        .Add("payloads", payloads);
}

Event
Established(uint32_t node, const char* spiI, const char* spiR, bool initiator)
{
    return Ike(node, "sa-established", spiI, spiR).Add("initiator", initiator).Add("rekey", false);
}

TEST(RunTallyIkeSasHeld, CountsInitiatingHalfOpenAndEstablished)
{
    RunTally tally;
    EXPECT_EQ(tally.Of(kClient).IkeSasHeld(), 0u);

    tally.Observe(InitMessage(kClient, "a1", "0", false));
    EXPECT_EQ(tally.Of(kClient).IkeSasHeld(), 1u) << "an IKE_SA_INIT sent is state held";

    tally.Observe(InitMessage(kGateway, "a1", "b1", true));
    EXPECT_EQ(tally.Of(kGateway).IkeSasHeld(), 1u) << "an answered IKE_SA_INIT is half-open";
    EXPECT_EQ(tally.Of(kGateway).halfOpenPeak, 1u);

    tally.Observe(Established(kClient, "a1", "b1", true));
    tally.Observe(Established(kGateway, "a1", "b1", false));
    EXPECT_EQ(tally.Of(kClient).IkeSasHeld(), 1u) << "initiating becomes established, not both";
    EXPECT_EQ(tally.Of(kGateway).IkeSasHeld(), 1u) << "half-open becomes established, not both";

    tally.Observe(Ike(kGateway, "ike-sa-closed", "a1", "b1"));
    EXPECT_EQ(tally.Of(kGateway).IkeSasHeld(), 0u);
    EXPECT_EQ(tally.Of(kClient).IkeSasHeld(), 1u) << "the nodes are tallied apart";
}

TEST(RunTallyIkeSasHeld, RefusedInitCreatesNoResponderState)
{
    RunTally tally;
    for (const char* refusal : {"N(COOKIE)", "N(NO_PROPOSAL_CHOSEN)", "N(INVALID_KE_PAYLOAD)"})
    {
        tally.Observe(InitMessage(kGateway, "c1", "0", true, {refusal}));
    }
    EXPECT_EQ(tally.Of(kGateway).IkeSasHeld(), 0u);
    EXPECT_EQ(tally.Of(kGateway).halfOpenPeak, 0u);
}

TEST(RunTallyIkeSasHeld, FailureAndDeadPeerReleaseTheSa)
{
    RunTally tally;
    tally.Observe(InitMessage(kClient, "d1", "0", false));
    tally.Observe(Ike(kClient, "ike-sa-failed", "d1", "0"));
    EXPECT_EQ(tally.Of(kClient).IkeSasHeld(), 0u);

    tally.Observe(InitMessage(kGateway, "d2", "e2", true));
    tally.Observe(Established(kGateway, "d2", "e2", false));
    tally.Observe(Ike(kGateway, "dead-peer", "d2", "e2"));
    EXPECT_EQ(tally.Of(kGateway).IkeSasHeld(), 0u);
}

TEST(RunTallyIkeSasHeld, IkeRekeyReplacesTheOldSa)
{
    RunTally tally;
    tally.Observe(Established(kClient, "f1", "g1", true));
    tally.Observe(Ike(kClient, "rekey-done", "f2", "g2")
                      .Add("what", "ike")
                      .Add("old_spi_i", "f1")
                      .Add("old_spi_r", "g1"));
    tally.Observe(
        Ike(kClient, "sa-established", "f2", "g2").Add("initiator", true).Add("rekey", true));
    EXPECT_EQ(tally.Of(kClient).IkeSasHeld(), 1u);
    EXPECT_EQ(tally.Of(kClient).ikeSasEstablished, 1u) << "a rekeyed IKE SA is not a new tunnel";
    EXPECT_EQ(tally.Of(kClient).rekeys, 1u);
}

TEST(RunTallyVirtualIp, FollowsTheIkeSaThatGaveIt)
{
    RunTally tally;
    EXPECT_EQ(ns3::VirtualIpOrAny(tally.Of(kClient)), ns3::Ipv4Address::GetAny());

    tally.Observe(Established(kClient, "h1", "i1", true));
    tally.Observe(Event(kClient, Layer::Ike, "virtual-ip").Add("address", "10.3.0.7"));
    EXPECT_EQ(tally.Of(kClient).CurrentVirtualIp(), "10.3.0.7");
    EXPECT_EQ(ns3::VirtualIpOrAny(tally.Of(kClient)), ns3::Ipv4Address("10.3.0.7"));

    // The gateway's own pool event (with "pool") is not an address given to the node.
    tally.Observe(Event(kGateway, Layer::Ike, "virtual-ip")
                      .Add("address", "10.3.0.7")
                      .Add("pool", "10.3.0.0/24"));
    EXPECT_EQ(tally.Of(kGateway).CurrentVirtualIp(), "");

    tally.Observe(Ike(kClient, "ike-sa-closed", "h1", "i1"));
    EXPECT_EQ(tally.Of(kClient).CurrentVirtualIp(), "") << "no IKE SA, no virtual IP";
    EXPECT_EQ(ns3::VirtualIpOrAny(tally.Of(kClient)), ns3::Ipv4Address::GetAny());
}

TEST(RunTallyVirtualIp, NoneMeansNoAddress)
{
    RunTally tally;
    tally.Observe(Established(kClient, "j1", "k1", true));
    tally.Observe(Event(kClient, Layer::Ike, "virtual-ip").Add("address", "none"));
    EXPECT_EQ(tally.Of(kClient).CurrentVirtualIp(), "");
    EXPECT_EQ(ns3::VirtualIpOrAny(tally.Of(kClient)), ns3::Ipv4Address::GetAny());
}

} // namespace
