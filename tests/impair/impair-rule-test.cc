// The impairment language without ns-3: the parser, its one-line errors, the datagram view.
#include "impair/impair-rule.h"

#include <gtest/gtest.h>

using namespace ipseclab;

TEST(ImpairRule, ParsesAimAndParameters)
{
    const auto rules = ParseImpairRules(
        "drop:exchange=CREATE_CHILD_SA,response,occurrence=1; delay:esp,from=gwB,by=30ms,"
        "jitter=5ms;reorder:esp,behind=uniform:1:8,p=0.1;block:at=2s,until=3s");
    ASSERT_EQ(rules.size(), 4u);
    EXPECT_EQ(rules[0].action, ImpairAction::Drop);
    EXPECT_EQ(rules[0].traffic, ImpairTraffic::Ike);
    EXPECT_EQ(*rules[0].exchange, 36);
    EXPECT_TRUE(*rules[0].response);
    EXPECT_EQ(rules[0].occurrence, 1u);
    EXPECT_EQ(rules[1].from, "gwB");
    EXPECT_DOUBLE_EQ(rules[1].by, 0.030);
    EXPECT_DOUBLE_EQ(rules[1].jitter, 0.005);
    EXPECT_EQ(rules[2].behind.ToString(), "uniform:1:8");
    EXPECT_DOUBLE_EQ(rules[2].probability, 0.1);
    EXPECT_DOUBLE_EQ(rules[3].until, 3.0);
}

TEST(ImpairRule, BadRulesSayWhatIsWrong)
{
    const char* bad[] = {"explode",
                         "drop:exchange=FOO",
                         "drop:occurrence=0",
                         "drop:p=2",
                         "drop:,response",
                         "drop:response=1",
                         "drop:esp,response",
                         "delay:esp",
                         "block:at=1s",
                         "drop:at=2s,until=1s",
                         "reorder:behind=0",
                         "corrupt:xor=0",
                         "drop:colour=red",
                         "drop;;delay:by=1ms"};
    for (const char* text : bad)
    {
        try
        {
            ParseImpairRules(text);
            ADD_FAILURE() << text << " was accepted";
        }
        catch (const ImpairSyntaxError& e)
        {
            const std::string what = e.what();
            EXPECT_EQ(what.find('\n'), std::string::npos) << what;
            EXPECT_NE(what.find("impairment"), std::string::npos) << what;
        }
    }
}

TEST(ImpairRule, ViewsIkeOnBothPortsAndEsp)
{
    // IPv4 | UDP 500 -> 500 | IKE header: CREATE_CHILD_SA, response, message ID 7.
    std::vector<uint8_t> d(20 + 8 + 28, 0);
    d[0] = 0x45;
    d[9] = 17;
    d[20] = 0x01;
    d[21] = 0xf4;
    d[22] = 0x01;
    d[23] = 0xf4;
    d[28 + 18] = 36;
    d[28 + 19] = 0x20;
    d[28 + 23] = 7;
    DatagramView v = ViewDatagram(d.data(), d.size());
    EXPECT_TRUE(v.ike);
    EXPECT_EQ(v.exchange, 36);
    EXPECT_TRUE(v.response);
    EXPECT_EQ(v.messageId, 7u);
    EXPECT_TRUE(MatchesTraffic(ParseImpairRule("drop:exchange=CREATE_CHILD_SA,mid=7"), v));
    EXPECT_FALSE(MatchesTraffic(ParseImpairRule("drop:request"), v));
    EXPECT_FALSE(MatchesTraffic(ParseImpairRule("drop:esp"), v));

    // ESP: protocol 50, SPI 0x01020304, SN 9.
    std::vector<uint8_t> e(20 + 16, 0);
    e[0] = 0x45;
    e[9] = 50;
    e[20] = 1;
    e[21] = 2;
    e[22] = 3;
    e[23] = 4;
    e[27] = 9;
    v = ViewDatagram(e.data(), e.size());
    EXPECT_TRUE(v.esp);
    EXPECT_EQ(v.spi, 0x01020304u);
    EXPECT_EQ(v.sn, 9u);
    EXPECT_TRUE(MatchesTraffic(ParseImpairRule("drop:esp"), v));
    EXPECT_FALSE(MatchesTraffic(ParseImpairRule("drop:ike"), v));
    // Truncated and non-IPv4 octets are viewed as nothing, never read past the end.
    EXPECT_FALSE(ViewDatagram(e.data(), 10).ipv4);
    e[0] = 0x65;
    EXPECT_FALSE(ViewDatagram(e.data(), e.size()).ipv4);
}
