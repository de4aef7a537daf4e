// The simulated crypto time: operations add up on one CPU, messages wait for it.
#include "ike-core/crypto-time.h"

#include <gtest/gtest.h>

namespace ipseclab
{
namespace
{

using ns3::MicroSeconds;
using ns3::Time;

CryptoTimeModel
Model()
{
    CryptoTimeModel m;
    m.enabled = true;
    m.costs.dhX25519 = MicroSeconds(40);
    m.costs.dhEcp256 = MicroSeconds(63);
    m.costs.dhEcp384 = MicroSeconds(1100);
    m.costs.dhModp2048 = MicroSeconds(400);
    m.costs.rsaSign = MicroSeconds(919);
    m.costs.rsaVerify = MicroSeconds(27);
    m.costs.ecdsaSign = MicroSeconds(32);
    m.costs.ecdsaVerify = MicroSeconds(88);
    m.costs.nsPerByte = 2.0;
    return m;
}

TEST(CryptoTimeModel, CostPerOperation)
{
    const CryptoTimeModel m = Model();
    EXPECT_EQ(m.DhCost("x25519"), MicroSeconds(40));
    EXPECT_EQ(m.DhCost("ecp384"), MicroSeconds(1100));
    EXPECT_EQ(m.DhCost("modp3072"), MicroSeconds(400)) << "other groups cost as MODP-2048";
    EXPECT_EQ(m.SignatureCost(true, true), MicroSeconds(919));
    EXPECT_EQ(m.SignatureCost(false, false), MicroSeconds(88));
    EXPECT_EQ(m.BytesCost(500), ns3::NanoSeconds(1000));
}

TEST(CryptoTimeModel, OperationsQueueOnOneCpu)
{
    CryptoTimeModel m = Model();
    const Time t0 = MicroSeconds(1000);
    EXPECT_EQ(m.Wait(t0), Time(0));
    m.Charge(t0, MicroSeconds(40));
    m.Charge(t0, MicroSeconds(60)); // starts when the first is done
    EXPECT_EQ(m.Wait(t0), MicroSeconds(100));
    EXPECT_EQ(m.Wait(t0 + MicroSeconds(30)), MicroSeconds(70));
    EXPECT_EQ(m.Wait(t0 + MicroSeconds(200)), Time(0));
    m.Charge(t0 + MicroSeconds(200), MicroSeconds(10)); // idle CPU: from now
    EXPECT_EQ(m.Wait(t0 + MicroSeconds(200)), MicroSeconds(10));
}

TEST(CryptoTimeModel, DisabledChargesNothing)
{
    CryptoTimeModel m = Model();
    m.enabled = false;
    m.Charge(Time(0), MicroSeconds(500));
    EXPECT_EQ(m.Wait(Time(0)), Time(0));
}

} // namespace
} // namespace ipseclab
