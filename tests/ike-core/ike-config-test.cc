// The peer configuration both IKE versions read: swanctl's version/aggressive and the
// lifetimes IKEv1 proposes (seconds and kilobytes), with their validation.
#include "ike-core/ike-config.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

namespace ipseclab
{
namespace
{

IkeConfig
PskConfig()
{
    IkeConfig c;
    c.localAddress = 0x0a000001;
    c.remoteAddress = 0x0a000002;
    c.psk = "lab secret";
    return c;
}

std::string
ValidateError(const IkeConfig& c)
{
    try
    {
        c.Validate();
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

TEST(IkeConfig, VersionIsOneOrTwo)
{
    IkeConfig c = PskConfig();
    EXPECT_EQ(c.version, 2);
    EXPECT_NO_THROW(c.Validate());
    c.version = 1;
    EXPECT_NO_THROW(c.Validate());
    c.version = 3;
    EXPECT_NE(ValidateError(c).find("version = 3: must be 1 (IKEv1) or 2 (IKEv2)"),
              std::string::npos);
    c.version = 0;
    EXPECT_NE(ValidateError(c).find("version = 0"), std::string::npos);
}

TEST(IkeConfig, AggressiveNeedsVersionOne)
{
    IkeConfig c = PskConfig();
    c.aggressive = true;
    EXPECT_NE(ValidateError(c).find("needs version = 1"), std::string::npos);
    c.version = 1;
    EXPECT_NO_THROW(c.Validate());
}

TEST(IkeConfig, IkeLifeTimeIsRekeyPlusOverTime)
{
    IkeConfig c = PskConfig();
    EXPECT_DOUBLE_EQ(c.IkeLifeTime(), 14400 + 1440); // swanctl defaults: 4 h + 10 %
    c.overTime = 600;
    EXPECT_DOUBLE_EQ(c.IkeLifeTime(), 15000);
    c.rekeyTime = 0;
    EXPECT_DOUBLE_EQ(c.IkeLifeTime(), 0);
}

TEST(IkeConfig, ChildLifeBytesAndKilobytes)
{
    ChildConfig child;
    EXPECT_EQ(child.EffectiveLifeBytes(), 0u);
    EXPECT_EQ(child.LifeKilobytes(), 0u);
    child.rekeyBytes = 10000;
    EXPECT_EQ(child.EffectiveLifeBytes(), 11000u);
    EXPECT_EQ(child.LifeKilobytes(), 11u); // 10.7 KiB rounded up
    child.lifeBytes = 2048;
    EXPECT_EQ(child.EffectiveLifeBytes(), 2048u);
    EXPECT_EQ(child.LifeKilobytes(), 2u);
}

TEST(IkeConfig, LifeBytesMustExceedRekeyBytes)
{
    IkeConfig c = PskConfig();
    c.children[0].rekeyBytes = 5000;
    c.children[0].lifeBytes = 5000;
    EXPECT_NE(ValidateError(c).find("life_bytes must be larger than rekey_bytes"),
              std::string::npos);
    c.children[0].lifeBytes = 6000;
    EXPECT_NO_THROW(c.Validate());
}

} // namespace
} // namespace ipseclab
