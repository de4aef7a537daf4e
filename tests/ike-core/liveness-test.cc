// DPD and NAT keepalive decisions of the IKE core.
#include "ike-core/liveness.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

TEST(DpdSchedule, ZeroDelayMeansNoDpd)
{
    DpdSchedule off(0);
    EXPECT_FALSE(off.Enabled());
    EXPECT_FALSE(off.ShouldProbe(1000, 0, true));
}

TEST(DpdSchedule, ProbesOnlyASilentPeerWhenNoExchangeRuns)
{
    DpdSchedule dpd(30);
    EXPECT_TRUE(dpd.Enabled());
    EXPECT_DOUBLE_EQ(dpd.Delay(), 30);
    EXPECT_FALSE(dpd.ShouldProbe(50, 25, true)) << "heard 25 s ago";
    EXPECT_TRUE(dpd.ShouldProbe(55, 25, true)) << "silent for exactly dpd_delay";
    EXPECT_FALSE(dpd.ShouldProbe(100, 0, false)) << "a running exchange is its own probe";
}

TEST(NatKeepaliveSchedule, OnlyBehindANat)
{
    NatKeepaliveSchedule k(true, 20);
    EXPECT_FALSE(k.Needed(false));
    EXPECT_TRUE(k.Needed(true));
    EXPECT_DOUBLE_EQ(k.Interval(), 20);
    EXPECT_FALSE(NatKeepaliveSchedule(false, 20).Needed(true));
    EXPECT_FALSE(NatKeepaliveSchedule(true, 0).Needed(true));
}

} // namespace
} // namespace ipseclab
