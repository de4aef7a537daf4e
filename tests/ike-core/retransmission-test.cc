// Retransmission back-off (strongSwan's retransmit_timeout/base/tries) and the failure back-off.
#include "ike-core/retransmission.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

TEST(RetransmitPolicy, StrongSwanDefaultsGiveUpAfter165Seconds)
{
    // charon's defaults: 4 s * 1.8^n, 5 tries: 4 + 7.2 + 12.96 + 23.33 + 41.99 + 75.58 s.
    RetransmitPolicy p(4.0, 1.8, 5);
    EXPECT_DOUBLE_EQ(p.FirstTimeout(), 4.0);
    EXPECT_DOUBLE_EQ(p.Timeout(1), 7.2);
    EXPECT_NEAR(p.Timeout(5), 75.58272, 1e-9);
    EXPECT_NEAR(p.GiveUpAfter(), 165.0, 0.1);
}

TEST(RetransmitPolicy, TriesCountRetransmissionsNotSends)
{
    RetransmitPolicy p(1.0, 2.0, 2);
    EXPECT_TRUE(p.MayRetransmit(1));  // sent once: first retransmission
    EXPECT_TRUE(p.MayRetransmit(2));  // second retransmission
    EXPECT_FALSE(p.MayRetransmit(3)); // two retransmissions spent: the peer is dead
    EXPECT_DOUBLE_EQ(p.GiveUpAfter(), 1 + 2 + 4);
}

TEST(FailureBackOff, DoublesUpToSixtySecondsPerConnectionAndChild)
{
    FailureBackOff b;
    EXPECT_FALSE(b.Active(0, 0, 0));
    EXPECT_DOUBLE_EQ(b.Record(0, 0, 10, 4).delay, 4);
    EXPECT_TRUE(b.Active(0, 0, 13.9));
    EXPECT_FALSE(b.Active(0, 0, 14));
    EXPECT_FALSE(b.Active(0, 1, 11)) << "another child has its own back-off";
    EXPECT_DOUBLE_EQ(b.Record(0, 0, 20, 4).delay, 8);
    for (int i = 0; i < 5; ++i)
    {
        b.Record(0, 0, 30, 4);
    }
    EXPECT_DOUBLE_EQ(b.Record(0, 0, 40, 4).delay, FailureBackOff::kMaxDelay);
    EXPECT_DOUBLE_EQ(b.Record(0, 0, 40, 4).until, 100);
    b.Clear(0, 0);
    EXPECT_FALSE(b.Active(0, 0, 41));
    EXPECT_DOUBLE_EQ(b.Record(0, 0, 50, 4).delay, 4) << "after success it starts again";
}

} // namespace
} // namespace ipseclab
