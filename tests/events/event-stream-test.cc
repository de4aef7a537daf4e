// EventStream in a tiny ns-3 simulation: time stamping, seq, node names, sinks, Reset.
#include "events/event-stream.h"
#include "events/key-export.h"

#include <ns3/boolean.h>
#include <ns3/names.h>
#include <ns3/node.h>
#include <ns3/simulator.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdlib.h>
#include <unistd.h>

using namespace ns3;
using ipseclab::Event;
using ipseclab::Layer;

namespace
{

class EventStreamTest : public ::testing::Test
{
  protected:
    void SetUp() override { EventStream::Default()->Reset(); }

    void TearDown() override
    {
        EventStream::Default()->Reset();
        EventStream::Default()->SetAttribute("KeepInMemory", BooleanValue(false));
        EventStream::Default()->SetAttribute("Enabled", BooleanValue(true));
    }
};

void
EmitEncap(uint32_t node, uint32_t spi)
{
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(Event(node, Layer::Esp, "encap").Add("spi", spi));
    }
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

TEST_F(EventStreamTest, DisabledWhenNobodyListens)
{
    EXPECT_FALSE(EventStream::IsEnabled());
    EmitEncap(0, 1); // must be harmless
    EXPECT_EQ(EventStream::Default()->GetEventCount(), 0u);
}

TEST_F(EventStreamTest, StampsSimulatedTimeSeqAndNodeNames)
{
    Ptr<Node> gwA = CreateObject<Node>();
    Names::Add("gwA", gwA);
    Ptr<EventStream> stream = EventStream::Default();
    stream->SetAttribute("KeepInMemory", BooleanValue(true));
    stream->SetNodeName(77, "attacker");
    std::vector<std::string> seen;
    uint32_t id = stream->Subscribe(
        [&seen](const Event& event, const std::string& line)
        {
            EXPECT_EQ(line.find("{\"v\":1,\"seq\":" + std::to_string(event.GetSeq())), 0u);
            seen.push_back(line);
        });
    ASSERT_TRUE(EventStream::IsEnabled());

    Simulator::Schedule(Seconds(1.5), &EmitEncap, gwA->GetId(), 0x1001u);
    Simulator::Schedule(NanoSeconds(2000000001), &EmitEncap, 77u, 0x2002u);
    Simulator::Run();
    Simulator::Destroy();

    ASSERT_EQ(seen.size(), 2u);
    std::string nodeId = std::to_string(gwA->GetId());
    EXPECT_EQ(seen[0],
              "{\"v\":1,\"seq\":0,\"t\":1.500000000,\"node\":" + nodeId +
                  ",\"node_name\":\"gwA\",\"layer\":\"esp\",\"kind\":\"encap\","
                  "\"spi\":4097}");
    EXPECT_EQ(seen[1],
              "{\"v\":1,\"seq\":1,\"t\":2.000000001,\"node\":77,"
              "\"node_name\":\"attacker\",\"layer\":\"esp\",\"kind\":\"encap\","
              "\"spi\":8194}");
    EXPECT_EQ(stream->GetKeptLines(), seen);

    stream->Unsubscribe(id);
    stream->SetAttribute("KeepInMemory", BooleanValue(false));
    EXPECT_FALSE(EventStream::IsEnabled());
    Names::Clear();
}

TEST_F(EventStreamTest, WritesFileClosedBySimulatorDestroyAndReproducible)
{
    char dirTemplate[] = "/tmp/ipseclab-events-XXXXXX";
    ASSERT_NE(mkdtemp(dirTemplate), nullptr);
    std::string dir = dirTemplate;
    auto run = [&dir](const std::string& name)
    {
        Ptr<EventStream> stream = EventStream::Default();
        stream->Reset();
        EXPECT_TRUE(stream->Open(dir + "/" + name));
        Simulator::Schedule(Seconds(1), &EmitEncap, 0u, 1u);
        Simulator::Schedule(Seconds(2), &EmitEncap, 1u, 2u);
        Simulator::Run();
        Simulator::Destroy();
        EXPECT_EQ(stream->GetPath(), ""); // closed by Destroy
        return ReadFile(dir + "/" + name);
    };
    std::string first = run("a.jsonl");
    std::string second = run("b.jsonl");
    EXPECT_EQ(first, second);
    EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 2);
    std::remove((dir + "/a.jsonl").c_str());
    std::remove((dir + "/b.jsonl").c_str());
    rmdir(dir.c_str());

    EXPECT_FALSE(EventStream::Default()->Open("/nonexistent-dir/events.jsonl"));
    EXPECT_FALSE(EventStream::IsEnabled());
}

TEST_F(EventStreamTest, EnabledAttributeAndTraceSource)
{
    Ptr<EventStream> stream = EventStream::Default();
    std::vector<std::string> seen;
    stream->Subscribe([&seen](const Event&, const std::string& line) { seen.push_back(line); });
    stream->SetAttribute("Enabled", BooleanValue(false));
    EXPECT_FALSE(EventStream::IsEnabled());
    EmitEncap(0, 1);
    EXPECT_TRUE(seen.empty());
    stream->SetAttribute("Enabled", BooleanValue(true));
    stream->Reset(); // forgets the subscriber

    std::vector<std::string> traced;
    struct Sink
    {
        std::vector<std::string>* lines;

        void Trace(const Event&, const std::string& line) { lines->push_back(line); }
    } object{&traced};
    EXPECT_TRUE(stream->TraceConnectWithoutContext("Event", MakeCallback(&Sink::Trace, &object)));
    EXPECT_TRUE(EventStream::IsEnabled());
    EmitEncap(0, 1);
    EXPECT_EQ(traced.size(), 1u);
    EXPECT_TRUE(seen.empty());
    stream->TraceDisconnectWithoutContext("Event", MakeCallback(&Sink::Trace, &object));
    EXPECT_FALSE(EventStream::IsEnabled());
    Simulator::Destroy();
}

TEST(KeyExportTest, CollectsDeduplicatesAndResets)
{
    Ptr<KeyExport> keys = KeyExport::Default();
    keys->Reset();
    ipseclab::EspSaKey key;
    key.spi = 0x1001;
    keys->AddEspSa(key);
    keys->AddEspSa(key);
    EXPECT_EQ(keys->GetKeyFiles().GetEspSa().GetLines().size(), 1u);
    EXPECT_FALSE(keys->WriteTo("/nonexistent-dir"));
    keys->SetAttribute("Enabled", BooleanValue(false));
    key.spi = 0x1002;
    keys->AddEspSa(key);
    EXPECT_EQ(keys->GetKeyFiles().GetEspSa().GetLines().size(), 1u);
    keys->SetAttribute("Enabled", BooleanValue(true));
    keys->Reset();
    EXPECT_TRUE(keys->GetKeyFiles().GetEspSa().GetLines().empty());
}
