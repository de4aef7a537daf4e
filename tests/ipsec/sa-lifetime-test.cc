// SA lifetime timers belong to their SA (issue 22): with fixed manual-key SPIs an SA can be
// removed and installed again under the same SPI, and the first SA's timers must not expire the
// second one.
#include "ipsec-test-network.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ipseclab::test;
using ipseclab::IpsecProtocol;
using ipseclab::SaConfig;

namespace
{

constexpr uint16_t kPort = 7000;

ManualSaPairConfig
Pair(const TwoHosts& net)
{
    ManualSaPairConfig c;
    c.protocol = IpsecProtocol::Esp;
    c.espProposal = "aes128gcm16";
    c.addressA = net.addressA;
    c.addressB = net.addressB;
    c.ipProtocol = 17;
    c.portB = kPort;
    return c;
}

/// Removes every SA of the stack and installs it again with the same SPI, without lifetimes.
void
ReinstallWithoutLifetimes(Ptr<IpsecStack> stack)
{
    std::vector<SaConfig> configs;
    for (auto* sa : stack->GetSad().All())
    {
        configs.push_back(sa->Config());
    }
    for (SaConfig c : configs)
    {
        ASSERT_TRUE(stack->RemoveSa(c.direction, c.protocol, c.spi));
        c.soft = ipseclab::Lifetime();
        c.hard = ipseclab::Lifetime();
        stack->AddSa(c);
    }
}

} // namespace

TEST(SaLifetimes, ReinstalledSameSpiIsNotExpiredByTheOldTimers)
{
    TwoHosts net;
    auto c = Pair(net);
    c.soft.seconds = 0.8;
    c.hard.seconds = 1.0;
    ipseclab::SeededRandomSource keys(7);
    InstallManualSaPair(net.ipsecA, net.ipsecB, c, keys);
    const size_t sasA = net.ipsecA->GetSad().Size();
    ASSERT_GT(sasA, 0u);

    uint32_t softExpires = 0;
    uint32_t removals = 0;
    auto countSoft = [&](const ipseclab::SecurityAssociation&)
    {
        ++softExpires;
    };
    auto countRemoved = [&](const ipseclab::SecurityAssociation&)
    {
        ++removals;
    };
    for (Ptr<IpsecStack> stack : {net.ipsecA, net.ipsecB})
    {
        stack->TraceConnectWithoutContext(
            "SoftExpire", Callback<void, const ipseclab::SecurityAssociation&>(countSoft));
        stack->TraceConnectWithoutContext(
            "SaRemoved", Callback<void, const ipseclab::SecurityAssociation&>(countRemoved));
    }
    // Before the old soft (0.8 s) and hard (1.0 s) timers fire.
    Simulator::Schedule(Seconds(0.5),
                        [&]()
                        {
                            ReinstallWithoutLifetimes(net.ipsecA);
                            ReinstallWithoutLifetimes(net.ipsecB);
                        });
    UdpSink sink;
    sink.Install(net.b, kPort);
    SendUdp(net.a, net.addressB, kPort, 3, 40, Seconds(1.2));
    size_t sasAtEndA = 0;
    size_t sasAtEndB = 0;
    Simulator::Schedule(Seconds(1.9),
                        [&]()
                        {
                            sasAtEndA = net.ipsecA->GetSad().Size();
                            sasAtEndB = net.ipsecB->GetSad().Size();
                        });
    const size_t sasB = net.ipsecB->GetSad().Size();
    RunAndDestroy(Seconds(2));

    EXPECT_EQ(softExpires, 0u) << "the old soft timer fired on the new SA";
    EXPECT_EQ(removals, sasA + sasB) << "only the removals the test made";
    EXPECT_EQ(sasAtEndA, sasA);
    EXPECT_EQ(sasAtEndB, sasB);
    EXPECT_EQ(sink.payloads.size(), 3u);
}

TEST(SaLifetimes, TimersStillExpireTheSaTheyWereSetFor)
{
    TwoHosts net;
    auto c = Pair(net);
    c.soft.seconds = 0.8;
    c.hard.seconds = 1.0;
    ipseclab::SeededRandomSource keys(7);
    InstallManualSaPair(net.ipsecA, net.ipsecB, c, keys);
    uint32_t softExpires = 0;
    net.ipsecA->TraceConnectWithoutContext("SoftExpire",
                                           Callback<void, const ipseclab::SecurityAssociation&>(
                                               [&](const ipseclab::SecurityAssociation&)
                                               { ++softExpires; }));
    size_t sasAt09 = 0;
    size_t sasAt15 = 0;
    Simulator::Schedule(Seconds(0.9), [&]() { sasAt09 = net.ipsecA->GetSad().Size(); });
    Simulator::Schedule(Seconds(1.5), [&]() { sasAt15 = net.ipsecA->GetSad().Size(); });
    const size_t sas = net.ipsecA->GetSad().Size();
    RunAndDestroy(Seconds(2));
    EXPECT_EQ(softExpires, sas);
    EXPECT_EQ(sasAt09, sas) << "soft expiry keeps the SAs";
    EXPECT_EQ(sasAt15, 0u) << "hard expiry at 1.0 s removes them";
}
