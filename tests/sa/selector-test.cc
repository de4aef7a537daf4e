// Selectors: prefix and port parsing, matching by direction, ICMP type/code in the port fields.
#include "sa/selector.h"

#include <gtest/gtest.h>
#include <stdexcept>

namespace ipseclab
{
namespace
{

uint32_t
Ip(const char* text)
{
    return ParseIpv4Address(text);
}

TEST(Ipv4PrefixTest, ParseAndPrint)
{
    Ipv4Prefix p = Ipv4Prefix::Parse("10.1.0.0/16");
    EXPECT_EQ(p.address, 0x0a010000u);
    EXPECT_EQ(p.length, 16);
    EXPECT_EQ(p.ToString(), "10.1.0.0/16");
    Ipv4Prefix host = Ipv4Prefix::Parse("10.1.0.5");
    EXPECT_EQ(host.length, 32);
    EXPECT_EQ(host.ToString(), "10.1.0.5");
    EXPECT_EQ(Ipv4Prefix::Parse("any"), Ipv4Prefix::Any());
    EXPECT_EQ(Ipv4Prefix::Parse("0.0.0.0/0"), Ipv4Prefix::Any());
    EXPECT_EQ(Ipv4Prefix::Any().ToString(), "any");
    EXPECT_EQ(Ipv4Prefix::Parse("255.255.255.255/32").address, 0xffffffffu);
}

TEST(Ipv4PrefixTest, Contains)
{
    Ipv4Prefix p = Ipv4Prefix::Parse("10.1.0.0/16");
    EXPECT_TRUE(p.Contains(Ip("10.1.0.0")));
    EXPECT_TRUE(p.Contains(Ip("10.1.255.255")));
    EXPECT_FALSE(p.Contains(Ip("10.2.0.0")));
    EXPECT_FALSE(p.Contains(Ip("10.0.255.255")));
    EXPECT_TRUE(Ipv4Prefix::Any().Contains(Ip("1.2.3.4")));
    EXPECT_TRUE(Ipv4Prefix::Host(Ip("1.2.3.4")).Contains(Ip("1.2.3.4")));
    EXPECT_FALSE(Ipv4Prefix::Host(Ip("1.2.3.4")).Contains(Ip("1.2.3.5")));
    EXPECT_TRUE(Ipv4Prefix::Parse("10.1.2.0/23").Contains(Ip("10.1.3.7")));
}

TEST(Ipv4PrefixTest, ParseErrors)
{
    for (const char* bad : {"",
                            "10.1.0",
                            "10.1.0.0.0",
                            "10.1.0.256",
                            "10.1.0.-1",
                            "10.1.0.0/33",
                            "10.1.0.0/",
                            "10.1.0.0/ 8",
                            "10.1.0.0/16x",
                            "a.b.c.d",
                            " 10.1.0.0",
                            "10..0.0",
                            "10.1.0.5/16",
                            "anything"})
    {
        EXPECT_THROW(Ipv4Prefix::Parse(bad), std::invalid_argument) << bad;
    }
    try
    {
        Ipv4Prefix::Parse("10.1.0.5/16");
        FAIL();
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("10.1.0.0/16"), std::string::npos) << e.what();
    }
    EXPECT_THROW((Ipv4Prefix{0, 33}.Validate()), std::invalid_argument);
}

TEST(PortRangeTest, ParseAndPrint)
{
    EXPECT_TRUE(PortRange::Parse("any").IsAny());
    EXPECT_EQ(PortRange::Parse("80"), PortRange::Single(80));
    EXPECT_EQ(PortRange::Parse("1000-2000"), (PortRange{1000, 2000}));
    EXPECT_EQ(PortRange::Parse("0-65535"), PortRange::Any());
    EXPECT_EQ(PortRange::Any().ToString(), "any");
    EXPECT_EQ(PortRange::Single(443).ToString(), "443");
    EXPECT_EQ((PortRange{1, 2}).ToString(), "1-2");
    for (const char* bad : {"", "-", "65536", "2000-1000", "1-", "-5", "80,81", "x"})
    {
        EXPECT_THROW(PortRange::Parse(bad), std::invalid_argument) << bad;
    }
    EXPECT_THROW((PortRange{5, 4}.Validate()), std::invalid_argument);
}

TEST(ProtocolTest, ParseAndPrint)
{
    EXPECT_EQ(ParseProtocol("any"), 0);
    EXPECT_EQ(ParseProtocol("icmp"), 1);
    EXPECT_EQ(ParseProtocol("tcp"), 6);
    EXPECT_EQ(ParseProtocol("udp"), 17);
    EXPECT_EQ(ParseProtocol("esp"), 50);
    EXPECT_EQ(ParseProtocol("ah"), 51);
    EXPECT_EQ(ParseProtocol("132"), 132);
    EXPECT_THROW(ParseProtocol("256"), std::invalid_argument);
    EXPECT_THROW(ParseProtocol("sctp"), std::invalid_argument);
    EXPECT_EQ(ProtocolToString(17), "udp");
    EXPECT_EQ(ProtocolToString(132), "132");
    EXPECT_EQ(ParseDirection("out"), Direction::Outbound);
    EXPECT_EQ(ParseDirection("inbound"), Direction::Inbound);
    EXPECT_THROW(ParseDirection("fwd"), std::invalid_argument);
}

TrafficSelector
Sel(const char* local, const char* remote, const char* proto, const char* lports,
    const char* rports)
{
    return TrafficSelector{Ipv4Prefix::Parse(local),
                           Ipv4Prefix::Parse(remote),
                           ParseProtocol(proto),
                           PortRange::Parse(lports),
                           PortRange::Parse(rports)};
}

TEST(TrafficSelectorTest, MatchesByDirection)
{
    // On host 10.1.0.5: protect UDP to port 5000 of 10.2.0.0/16.
    TrafficSelector s = Sel("10.1.0.5", "10.2.0.0/16", "udp", "any", "5000");
    FlowKey out{Ip("10.1.0.5"), Ip("10.2.3.4"), 17, 40000, 5000};
    FlowKey in{Ip("10.2.3.4"), Ip("10.1.0.5"), 17, 5000, 40000};
    EXPECT_TRUE(s.Matches(out, Direction::Outbound));
    EXPECT_TRUE(s.Matches(in, Direction::Inbound));
    EXPECT_FALSE(s.Matches(out, Direction::Inbound));
    EXPECT_FALSE(s.Matches(in, Direction::Outbound));
    FlowKey tcp = out;
    tcp.protocol = 6;
    EXPECT_FALSE(s.Matches(tcp, Direction::Outbound));
    FlowKey otherPort = out;
    otherPort.dstPort = 5001;
    EXPECT_FALSE(s.Matches(otherPort, Direction::Outbound));
    FlowKey otherNet = out;
    otherNet.dst = Ip("10.3.0.1");
    EXPECT_FALSE(s.Matches(otherNet, Direction::Outbound));
}

TEST(TrafficSelectorTest, AnyMatchesEverything)
{
    TrafficSelector any = Sel("any", "any", "any", "any", "any");
    EXPECT_TRUE(any.Matches(FlowKey{1, 2, 6, 3, 4}, Direction::Outbound));
    EXPECT_TRUE(any.Matches(FlowKey{1, 2, 0, 0, 0}, Direction::Inbound));
    EXPECT_TRUE(any.Matches(FlowKey::Icmp(1, 2, 8, 0), Direction::Inbound));
    // Protocol any with a port restriction: ports still checked.
    TrafficSelector port = Sel("any", "any", "any", "any", "53");
    EXPECT_TRUE(port.Matches(FlowKey{1, 2, 17, 999, 53}, Direction::Outbound));
    EXPECT_FALSE(port.Matches(FlowKey{1, 2, 17, 999, 54}, Direction::Outbound));
}

TEST(TrafficSelectorTest, IcmpTypeAndCode)
{
    TrafficSelector echo{Ipv4Prefix::Any(),
                         Ipv4Prefix::Any(),
                         ipproto::kIcmp,
                         PortRange::Any(),
                         PortRange::IcmpType(8)};
    EXPECT_TRUE(echo.Matches(FlowKey::Icmp(1, 2, 8, 0), Direction::Outbound));
    EXPECT_TRUE(echo.Matches(FlowKey::Icmp(2, 1, 8, 0), Direction::Inbound));
    EXPECT_FALSE(echo.Matches(FlowKey::Icmp(1, 2, 0, 0), Direction::Outbound));
    TrafficSelector fragNeeded{Ipv4Prefix::Any(),
                               Ipv4Prefix::Any(),
                               ipproto::kIcmp,
                               PortRange::Any(),
                               PortRange::IcmpTypeCode(3, 4)};
    EXPECT_TRUE(fragNeeded.Matches(FlowKey::Icmp(1, 2, 3, 4), Direction::Inbound));
    EXPECT_FALSE(fragNeeded.Matches(FlowKey::Icmp(1, 2, 3, 3), Direction::Inbound));
}

TEST(TrafficSelectorTest, ToStringAndValidate)
{
    TrafficSelector s = Sel("10.1.0.0/16", "10.2.0.5", "tcp", "any", "80-81");
    EXPECT_EQ(s.ToString(), "10.1.0.0/16[any] -> 10.2.0.5[80-81] tcp");
    EXPECT_NO_THROW(s.Validate());
    s.remotePorts = PortRange{81, 80};
    EXPECT_THROW(s.Validate(), std::invalid_argument);
}

} // namespace
} // namespace ipseclab
