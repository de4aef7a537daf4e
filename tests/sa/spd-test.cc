// SPD: ordering by priority then insertion, first match wins, directions, flow cache
// invalidation, validation and name parsing.
#include "sa/spd.h"

#include <gtest/gtest.h>
#include <random>
#include <stdexcept>
#include <string>

namespace ipseclab
{
namespace
{

uint32_t
Ip(const char* text)
{
    return ParseIpv4Address(text);
}

SpdEntry
Entry(Direction dir, SpdAction action, uint32_t priority, const char* local, const char* remote,
      const char* name = "")
{
    SpdEntry e;
    e.direction = dir;
    e.action = action;
    e.priority = priority;
    e.selector.local = Ipv4Prefix::Parse(local);
    e.selector.remote = Ipv4Prefix::Parse(remote);
    e.name = name;
    return e;
}

const FlowKey kFlow{Ip("10.1.0.5"), Ip("10.2.0.7"), 17, 40000, 5000};

TEST(SpdTest, EmptyMeansNoPolicy)
{
    Spd spd;
    EXPECT_EQ(spd.Lookup(Direction::Outbound, kFlow), nullptr);
    EXPECT_EQ(spd.GetSize(), 0u);
}

TEST(SpdTest, FirstMatchByPriorityThenInsertion)
{
    Spd spd;
    uint32_t broad = spd.Add(Entry(Direction::Outbound, SpdAction::Bypass, 100, "any", "any"));
    uint32_t net1 =
        spd.Add(Entry(Direction::Outbound, SpdAction::Discard, 50, "any", "10.2.0.0/16", "first"));
    uint32_t net2 =
        spd.Add(Entry(Direction::Outbound, SpdAction::Bypass, 50, "any", "10.2.0.0/16", "second"));
    uint32_t host = spd.Add(Entry(Direction::Outbound, SpdAction::Bypass, 10, "any", "10.9.9.9"));
    const auto& entries = spd.GetEntries(Direction::Outbound);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].id, host);
    EXPECT_EQ(entries[1].id, net1);
    EXPECT_EQ(entries[2].id, net2);
    EXPECT_EQ(entries[3].id, broad);

    const SpdEntry* hit = spd.Lookup(Direction::Outbound, kFlow);
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->id, net1);
    EXPECT_EQ(hit->name, "first");
    FlowKey elsewhere{Ip("10.1.0.5"), Ip("8.8.8.8"), 17, 1, 53};
    EXPECT_EQ(spd.Lookup(Direction::Outbound, elsewhere)->id, broad);
}

TEST(SpdTest, InboundAndOutboundAreSeparate)
{
    Spd spd;
    spd.Add(Entry(Direction::Outbound, SpdAction::Discard, 1, "10.1.0.0/16", "10.2.0.0/16"));
    uint32_t in =
        spd.Add(Entry(Direction::Inbound, SpdAction::Bypass, 1, "10.1.0.0/16", "10.2.0.0/16"));
    FlowKey reply{kFlow.dst, kFlow.src, 17, kFlow.dstPort, kFlow.srcPort};
    EXPECT_EQ(spd.Lookup(Direction::Outbound, kFlow)->action, SpdAction::Discard);
    EXPECT_EQ(spd.Lookup(Direction::Inbound, reply)->id, in);
    // The same 5-tuple looked up inbound does not match the local/remote roles.
    EXPECT_EQ(spd.Lookup(Direction::Inbound, kFlow), nullptr);
    EXPECT_EQ(spd.GetEntries(Direction::Inbound).size(), 1u);
}

TEST(SpdTest, CacheHitsAndInvalidationOnAdd)
{
    Spd spd;
    spd.Add(Entry(Direction::Outbound, SpdAction::Bypass, 100, "any", "any"));
    for (int i = 0; i < 10; ++i)
    {
        EXPECT_EQ(spd.Lookup(Direction::Outbound, kFlow)->action, SpdAction::Bypass);
    }
    EXPECT_EQ(spd.GetStats().lookups, 10u);
    EXPECT_EQ(spd.GetStats().cacheMisses, 1u);
    EXPECT_EQ(spd.GetStats().cacheHits, 9u);
    uint64_t generation = spd.GetGeneration();

    // A new higher-priority entry takes effect at the very next lookup.
    uint32_t block =
        spd.Add(Entry(Direction::Outbound, SpdAction::Discard, 1, "any", "10.2.0.0/16"));
    EXPECT_NE(spd.GetGeneration(), generation);
    EXPECT_EQ(spd.Lookup(Direction::Outbound, kFlow)->id, block);
    EXPECT_EQ(spd.GetStats().cacheMisses, 2u);

    // And its removal too.
    EXPECT_TRUE(spd.Remove(block));
    EXPECT_EQ(spd.Lookup(Direction::Outbound, kFlow)->action, SpdAction::Bypass);
    EXPECT_FALSE(spd.Remove(block));
}

TEST(SpdTest, NegativeResultsAreCachedAndInvalidated)
{
    Spd spd;
    EXPECT_EQ(spd.Lookup(Direction::Inbound, kFlow), nullptr);
    EXPECT_EQ(spd.Lookup(Direction::Inbound, kFlow), nullptr);
    EXPECT_EQ(spd.GetStats().cacheHits, 1u);
    spd.Add(Entry(Direction::Inbound, SpdAction::Discard, 5, "any", "any"));
    ASSERT_NE(spd.Lookup(Direction::Inbound, kFlow), nullptr);
    spd.Clear();
    EXPECT_EQ(spd.Lookup(Direction::Inbound, kFlow), nullptr);
    EXPECT_EQ(spd.GetSize(), 0u);
}

TEST(SpdTest, CacheIsBounded)
{
    Spd spd(100);
    spd.Add(Entry(Direction::Outbound, SpdAction::Bypass, 1, "any", "any"));
    for (uint16_t port = 1; port <= 1000; ++port)
    {
        FlowKey f = kFlow;
        f.srcPort = port;
        ASSERT_NE(spd.Lookup(Direction::Outbound, f), nullptr);
        ASSERT_LE(spd.GetCacheSize(), 100u);
    }
    EXPECT_GE(spd.GetStats().cacheFlushes, 9u);

    Spd noCache(0);
    noCache.Add(Entry(Direction::Outbound, SpdAction::Bypass, 1, "any", "any"));
    noCache.Lookup(Direction::Outbound, kFlow);
    noCache.Lookup(Direction::Outbound, kFlow);
    EXPECT_EQ(noCache.GetStats().cacheHits, 0u);
    EXPECT_EQ(noCache.GetStats().cacheMisses, 2u);
    EXPECT_EQ(noCache.GetCacheSize(), 0u);
}

TEST(SpdTest, CachedAnswerEqualsScanForManyFlows)
{
    Spd spd;
    spd.Add(Entry(Direction::Outbound, SpdAction::Protect, 10, "10.1.0.0/16", "10.2.0.0/16"));
    spd.Add(Entry(Direction::Outbound, SpdAction::Discard, 20, "10.1.0.0/16", "any"));
    spd.Add(Entry(Direction::Outbound, SpdAction::Bypass, 30, "any", "any"));
    Spd uncached(0);
    for (const auto& e : spd.GetEntries(Direction::Outbound))
    {
        uncached.Add(e);
    }
    for (int round = 0; round < 3; ++round)
    {
        for (uint32_t i = 0; i < 300; ++i)
        {
            FlowKey f{Ip("10.1.0.1") + (i % 7) * 0x10000u,
                      Ip("10.2.0.1") + (i % 5) * 0x10000u,
                      17,
                      static_cast<uint16_t>(i),
                      80};
            const SpdEntry* a = spd.Lookup(Direction::Outbound, f);
            const SpdEntry* b = uncached.Lookup(Direction::Outbound, f);
            ASSERT_EQ(a == nullptr, b == nullptr);
            if (a != nullptr)
            {
                ASSERT_EQ(a->id, b->id) << f.ToString();
            }
        }
    }
    EXPECT_GT(spd.GetStats().cacheHits, 0u);
}

TEST(SpdTest, IdsAreAssignedAndUnique)
{
    Spd spd;
    SpdEntry e = Entry(Direction::Outbound, SpdAction::Bypass, 1, "any", "any");
    e.id = 2;
    EXPECT_EQ(spd.Add(e), 2u);
    EXPECT_THROW(spd.Add(e), std::invalid_argument);
    e.id = 0;
    EXPECT_EQ(spd.Add(e), 1u);
    EXPECT_EQ(spd.Add(e), 3u); // skips the id taken explicitly
    ASSERT_NE(spd.Find(2), nullptr);
    EXPECT_EQ(spd.Find(2)->id, 2u);
    EXPECT_EQ(spd.Find(99), nullptr);
}

TEST(SpdTest, ProtectEntryValidation)
{
    Spd spd;
    SpdEntry tunnel = Entry(
        Direction::Outbound, SpdAction::Protect, 1, "10.1.0.0/16", "10.2.0.0/16", "site-to-site");
    tunnel.protect.mode = IpsecMode::Tunnel;
    tunnel.protect.tunnelLocal = Ip("192.0.2.1");
    EXPECT_THROW(spd.Add(tunnel), std::invalid_argument);
    try
    {
        spd.Add(tunnel);
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("tunnel"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("site-to-site"), std::string::npos) << e.what();
    }
    tunnel.protect.tunnelRemote = Ip("198.51.100.1");
    tunnel.protect.reqid = 7;
    uint32_t id = spd.Add(tunnel);
    const SpdEntry* found = spd.Find(id);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->protect.reqid, 7u);
    EXPECT_EQ(found->ToString(),
              "#1 outbound prio 1 protect esp tunnel 192.0.2.1=198.51.100.1 reqid 7 "
              "10.1.0.0/16[any] -> 10.2.0.0/16[any] any (site-to-site)");

    // Bypass and discard ignore the PROTECT fields.
    SpdEntry bypass = Entry(Direction::Inbound, SpdAction::Bypass, 1, "any", "any");
    bypass.protect.mode = IpsecMode::Tunnel;
    EXPECT_NO_THROW(spd.Add(bypass));

    SpdEntry badPorts = Entry(Direction::Inbound, SpdAction::Bypass, 1, "any", "any");
    badPorts.selector.localPorts = PortRange{10, 9};
    EXPECT_THROW(spd.Add(badPorts), std::invalid_argument);
    SpdEntry badPrefix = Entry(Direction::Inbound, SpdAction::Bypass, 1, "any", "any");
    badPrefix.selector.remote.length = 40;
    EXPECT_THROW(spd.Add(badPrefix), std::invalid_argument);
    EXPECT_EQ(spd.GetSize(), 2u);
}

TEST(SpdTest, NamesParseAndPrint)
{
    EXPECT_EQ(ParseSpdAction("protect"), SpdAction::Protect);
    EXPECT_EQ(ParseSpdAction("bypass"), SpdAction::Bypass);
    EXPECT_EQ(ParseSpdAction("discard"), SpdAction::Discard);
    EXPECT_THROW(ParseSpdAction("drop"), std::invalid_argument);
    EXPECT_STREQ(ToString(SpdAction::Discard), "discard");
    EXPECT_EQ(ParseIpsecMode("transport"), IpsecMode::Transport);
    EXPECT_EQ(ParseIpsecMode("tunnel"), IpsecMode::Tunnel);
    EXPECT_THROW(ParseIpsecMode("beet"), std::invalid_argument);
    EXPECT_STREQ(ToString(IpsecMode::Tunnel), "tunnel");
    EXPECT_EQ(ParseIpsecProtocol("esp"), IpsecProtocol::Esp);
    EXPECT_EQ(ParseIpsecProtocol("ah"), IpsecProtocol::Ah);
    EXPECT_EQ(ParseIpsecProtocol("esp+ah"), IpsecProtocol::EspAh);
    EXPECT_EQ(ParseIpsecProtocol("ah+esp"), IpsecProtocol::EspAh);
    EXPECT_THROW(ParseIpsecProtocol("ipcomp"), std::invalid_argument);
    EXPECT_STREQ(ToString(IpsecProtocol::Ah), "ah");
    try
    {
        ParseSpdAction("allow");
        FAIL();
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("'allow'"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace ipseclab

namespace ipseclab
{
namespace
{

/// The RFC's ordered list, read the slow way: what the index must answer.
const SpdEntry*
FirstMatchByScan(const std::vector<SpdEntry>& ordered, Direction direction, const FlowKey& flow,
                 const Spd& spd)
{
    for (const auto& e : ordered)
    {
        if (e.selector.Matches(flow, direction))
        {
            return spd.Find(e.id);
        }
    }
    return nullptr;
}

} // namespace

TEST(SpdTest, IndexAnswersAsTheOrderedListUnderRandomAddsAndRemoves)
{
    // Random policies over a few addresses, of every prefix length class, priorities with many
    // ties, protocols and ports; flows from the same addresses. After every change the index
    // (with and without the cache) must pick the same entry as a scan of the ordered list.
    std::mt19937 rng(7);
    auto pick = [&rng](uint32_t n)
    {
        return static_cast<uint32_t>(rng() % n);
    };
    const uint8_t lengths[] = {0, 8, 16, 24, 28, 32};
    auto address = [&]()
    {
        return (10u << 24) | (pick(2) << 16) | (pick(2) << 8) | pick(20);
    };
    auto prefix = [&]()
    {
        Ipv4Prefix p;
        p.length = lengths[pick(6)];
        p.address = address() & (p.length == 0 ? 0 : ~uint32_t{0} << (32 - p.length));
        return p;
    };
    Spd cached;
    Spd uncached(0);
    std::vector<uint32_t> ids;
    for (int step = 0; step < 600; ++step)
    {
        if (!ids.empty() && pick(4) == 0)
        {
            const size_t k = pick(static_cast<uint32_t>(ids.size()));
            EXPECT_TRUE(cached.Remove(ids[k]));
            EXPECT_TRUE(uncached.Remove(ids[k]));
            ids.erase(ids.begin() + static_cast<long>(k));
        }
        else
        {
            SpdEntry e;
            e.direction = pick(2) ? Direction::Outbound : Direction::Inbound;
            e.action = SpdAction::Bypass;
            e.priority = 10 * pick(4);
            e.selector.local = prefix();
            e.selector.remote = prefix();
            e.selector.protocol = pick(3) == 0 ? 17 : 0;
            if (pick(4) == 0)
            {
                e.selector.remotePorts = {5000, 5000};
            }
            const uint32_t id = cached.Add(e);
            e.id = id;
            uncached.Add(e);
            ids.push_back(id);
        }
        const auto out = cached.GetEntries(Direction::Outbound);
        const auto in = cached.GetEntries(Direction::Inbound);
        for (int f = 0; f < 20; ++f)
        {
            const FlowKey flow{address(),
                               address(),
                               static_cast<uint8_t>(pick(2) ? 17 : 6),
                               static_cast<uint16_t>(40000 + pick(3)),
                               static_cast<uint16_t>(pick(2) ? 5000 : 80)};
            for (Direction d : {Direction::Outbound, Direction::Inbound})
            {
                const SpdEntry* want =
                    FirstMatchByScan(d == Direction::Outbound ? out : in, d, flow, cached);
                ASSERT_EQ(cached.Lookup(d, flow), want)
                    << "step " << step << " " << flow.ToString();
                const SpdEntry* u = uncached.Lookup(d, flow);
                ASSERT_EQ(u ? u->id : 0, want ? want->id : 0) << "uncached, step " << step;
            }
        }
    }
    EXPECT_LE(cached.GetTupleCount(Direction::Outbound), 36u);
}

TEST(SpdTest, LookupCostDoesNotGrowWithThePolicies)
{
    // 100,000 tunnel policies of one shape (/24 to /24) are one table: a miss probes it once
    // and tests one candidate, as with a single policy.
    Spd spd(0);
    for (uint32_t i = 0; i < 100000; ++i)
    {
        SpdEntry e;
        e.direction = Direction::Outbound;
        e.action = SpdAction::Bypass;
        e.priority = 100;
        e.selector.local = Ipv4Prefix{(20u << 24) | (i << 8), 24};
        e.selector.remote = Ipv4Prefix{(30u << 24) | (i << 8), 24};
        spd.Add(e);
    }
    const FlowKey flow{(20u << 24) | (77777u << 8) | 5, (30u << 24) | (77777u << 8) | 9, 17, 1, 2};
    const SpdEntry* hit = spd.Lookup(Direction::Outbound, flow);
    ASSERT_NE(hit, nullptr);
    EXPECT_EQ(hit->selector.local.address, (20u << 24) | (77777u << 8));
    EXPECT_EQ(spd.GetStats().probes, 1u);
    EXPECT_EQ(spd.GetStats().candidates, 1u);
    EXPECT_EQ(spd.GetTupleCount(Direction::Outbound), 1u);
    EXPECT_TRUE(spd.Remove(hit->id));
    EXPECT_EQ(spd.Lookup(Direction::Outbound, flow), nullptr);
}

} // namespace ipseclab
