// The JSON Lines form of events: escaping, numbers, field order, reproducibility.
#include "events/event.h"
#include "events/json-writer.h"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <sstream>
#include <vector>

using namespace ipseclab;

namespace
{

std::string
Quote(const std::string& value)
{
    std::string out;
    AppendJsonString(out, value);
    return out;
}

} // namespace

TEST(JsonString, EscapesQuotesBackslashAndControlCharacters)
{
    EXPECT_EQ(Quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(Quote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
    EXPECT_EQ(Quote(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\\u007f\"");
    EXPECT_EQ(Quote(std::string("a\0b", 3)), "\"a\\u0000b\"");
    EXPECT_EQ(Quote("/"), "\"/\"");
}

TEST(JsonString, PassesValidUtf8AndReplacesInvalidBytes)
{
    EXPECT_EQ(Quote("gw\xc3\xa9"), "\"gw\xc3\xa9\"");              // é
    EXPECT_EQ(Quote("\xe2\x82\xac"), "\"\xe2\x82\xac\"");          // €
    EXPECT_EQ(Quote("\xf0\x9f\x94\x92"), "\"\xf0\x9f\x94\x92\"");  // 🔒
    EXPECT_EQ(Quote("\xff"), "\"\\ufffd\"");                       // never valid
    EXPECT_EQ(Quote("\xc3"), "\"\\ufffd\"");                       // truncated
    EXPECT_EQ(Quote("\xc0\xaf"), "\"\\ufffd\\ufffd\"");            // overlong
    EXPECT_EQ(Quote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\""); // surrogate
}

TEST(JsonNumbers, SecondsHaveNineDecimals)
{
    EXPECT_EQ(FormatSeconds(0), "0.000000000");
    EXPECT_EQ(FormatSeconds(1), "0.000000001");
    EXPECT_EQ(FormatSeconds(1500000000), "1.500000000");
    EXPECT_EQ(FormatSeconds(123456789012), "123.456789012");
    EXPECT_EQ(FormatSeconds(-2500000000), "-2.500000000");
    EXPECT_EQ(FormatSeconds(std::numeric_limits<int64_t>::max()), "9223372036.854775807");
    EXPECT_EQ(FormatSeconds(std::numeric_limits<int64_t>::min()), "-9223372036.854775808");
}

TEST(JsonNumbers, DoublesAreShortestFixedNotation)
{
    EXPECT_EQ(FormatDouble(0.1), "0.1");
    EXPECT_EQ(FormatDouble(1.0), "1.0");
    EXPECT_EQ(FormatDouble(-2.5), "-2.5");
    EXPECT_EQ(FormatDouble(0.0), "0.0");
    EXPECT_EQ(FormatDouble(-0.0), "0.0");
    EXPECT_EQ(FormatDouble(1e-5), "0.00001");
    EXPECT_EQ(FormatDouble(1e21), "1000000000000000000000.0");
    EXPECT_EQ(FormatDouble(1.0 / 3.0), "0.3333333333333333");
    EXPECT_EQ(FormatDouble(std::numeric_limits<double>::quiet_NaN()), "null");
    EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonEvent, EnvelopeThenFieldsInInsertionOrder)
{
    Event event(3, Layer::Esp, "encap");
    event.SetTime(1500000000);
    event.SetSeq(7);
    event.SetNodeName("gwA");
    event.Add("spi", 0x1001u).Add("sn", uint64_t{1}).Add("mode", "tunnel").Add("ok", true);
    const uint8_t icv[] = {0xde, 0xad, 0xBE, 0xef};
    event.AddHex("icv", icv, sizeof(icv)).Add("delta", -5).Add("ratio", 0.25);
    EXPECT_EQ(ToJsonLine(event),
              "{\"v\":1,\"seq\":7,\"t\":1.500000000,\"node\":3,\"node_name\":\"gwA\","
              "\"layer\":\"esp\",\"kind\":\"encap\",\"spi\":4097,\"sn\":1,\"mode\":\"tunnel\","
              "\"ok\":true,\"icv\":\"deadbeef\",\"delta\":-5,\"ratio\":0.25}");
}

TEST(JsonEvent, NoNodeIsNullAndEnvelopeNamesCannotBeShadowed)
{
    Event event(Layer::Scenario, "step");
    event.Add("seq", 5).Add("number", 1).Add("number", 2);
    EXPECT_EQ(ToJsonLine(event),
              "{\"v\":1,\"seq\":0,\"t\":0.000000000,\"node\":null,\"node_name\":\"\","
              "\"layer\":\"scenario\",\"kind\":\"step\",\"_seq\":5,\"number\":2}");
}

TEST(JsonEvent, NestedObjectsAndArrays)
{
    EventValue lifetimes = EventValue::Object();
    lifetimes.Set("soft_s", 270).Set("hard_s", 300);
    EventValue entries = EventValue::Array();
    entries.Push(EventValue::Object().Set("id", 1)).Push(EventValue::Object().Set("id", 2));
    Event event(0, Layer::Sad, "install");
    event.Add("lifetimes", lifetimes)
        .Add("names", std::vector<std::string>{"a", "b"})
        .Add("numbers", std::vector<int64_t>{-1, 2})
        .Add("entries", entries)
        .Add("empty", EventValue::Array())
        .AddHex("key", std::vector<uint8_t>{});
    EXPECT_EQ(ToJsonLine(event),
              "{\"v\":1,\"seq\":0,\"t\":0.000000000,\"node\":0,\"node_name\":\"\","
              "\"layer\":\"sad\",\"kind\":\"install\",\"lifetimes\":{\"soft_s\":270,"
              "\"hard_s\":300},\"names\":[\"a\",\"b\"],\"numbers\":[-1,2],"
              "\"entries\":[{\"id\":1},{\"id\":2}],\"empty\":[],\"key\":\"\"}");
}

TEST(JsonEvent, ExtremeIntegers)
{
    Event event(0, Layer::App, "x");
    event.Add("max", std::numeric_limits<uint64_t>::max())
        .Add("min", std::numeric_limits<int64_t>::min())
        .Add("small", uint8_t{200});
    EXPECT_NE(ToJsonLine(event).find("\"max\":18446744073709551615,"
                                     "\"min\":-9223372036854775808,\"small\":200"),
              std::string::npos);
}

TEST(JsonLines, SameEventsGiveByteIdenticalOutput)
{
    auto write = []()
    {
        std::ostringstream out;
        JsonLinesWriter writer(out);
        for (uint64_t i = 0; i < 100; ++i)
        {
            Event event(static_cast<uint32_t>(i % 3), Layer::Replay, "check");
            event.SetSeq(i);
            event.SetTime(static_cast<int64_t>(i) * 1234567);
            event.Add("sn", i).Add("rate", 0.1 * static_cast<double>(i)).Add("verdict", "pass");
            writer.Write(event);
        }
        return out.str();
    };
    std::string first = write();
    EXPECT_EQ(first, write());
    EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 100);
}

TEST(Layers, NamesRoundTrip)
{
    const char* names[] = {
        "ike", "esp", "ah", "spd", "sad", "replay", "link", "app", "attacker", "nat", "scenario"};
    for (const char* name : names)
    {
        Layer layer;
        ASSERT_TRUE(LayerFromString(name, layer)) << name;
        EXPECT_STREQ(LayerToString(layer), name);
    }
    Layer layer;
    EXPECT_FALSE(LayerFromString("ipsec", layer));
}
