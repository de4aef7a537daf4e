#include "sa/spd.h"

#include <algorithm>
#include <stdexcept>

namespace ipseclab
{

namespace
{

size_t
Index(Direction direction)
{
    return direction == Direction::Outbound ? 0 : 1;
}

// splitmix64 finaliser: cheap and mixes all input bits into the low bits the table uses.
uint64_t
Mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

} // namespace

size_t
Spd::CacheKeyHash::operator()(const CacheKey& key) const
{
    const FlowKey& f = key.flow;
    uint64_t addresses = (uint64_t{f.src} << 32) | f.dst;
    uint64_t rest = (uint64_t{f.srcPort} << 32) | (uint64_t{f.dstPort} << 16) |
                    (uint64_t{f.protocol} << 1) | Index(key.direction);
    return static_cast<size_t>(Mix(addresses ^ Mix(rest)));
}

Spd::Spd(size_t cacheCapacity)
    : m_nextId(1)
    , m_generation(0)
    , m_cacheCapacity(cacheCapacity)
    , m_cacheGeneration(0)
{
}

namespace
{

/// The hash key of a flow or a selector in the table of (local, remote) prefix lengths.
uint64_t
TupleKey(uint32_t local, uint8_t localLength, uint32_t remote, uint8_t remoteLength)
{
    const uint32_t lm = localLength == 0 ? 0 : ~uint32_t{0} << (32 - localLength);
    const uint32_t rm = remoteLength == 0 ? 0 : ~uint32_t{0} << (32 - remoteLength);
    return (uint64_t{local & lm} << 32) | (remote & rm);
}

} // namespace

uint32_t
Spd::Add(SpdEntry entry)
{
    entry.Validate();
    if (entry.id == 0)
    {
        while (m_byId.count(m_nextId) != 0 || m_nextId == 0)
        {
            ++m_nextId;
        }
        entry.id = m_nextId++;
    }
    else if (m_byId.count(entry.id) != 0)
    {
        throw std::invalid_argument("SPD entry id " + std::to_string(entry.id) +
                                    " is already in use");
    }
    const size_t d = Index(entry.direction);
    // After every entry of lower or equal priority: equal priorities keep insertion order.
    const Rank rank{entry.priority, ++m_sequence};
    const uint32_t id = entry.id;
    const Direction direction = entry.direction;
    auto [it, inserted] = m_entries[d].emplace(rank, std::move(entry));
    const TrafficSelector& sel = it->second.selector;
    std::vector<Indexed>& bucket = m_tuples[d][{sel.local.length, sel.remote.length}][TupleKey(
        sel.local.address, sel.local.length, sel.remote.address, sel.remote.length)];
    bucket.insert(std::upper_bound(bucket.begin(),
                                   bucket.end(),
                                   rank,
                                   [](const Rank& r, const Indexed& e) { return r < e.rank; }),
                  Indexed{rank, &it->second});
    m_byId.emplace(id, Where{direction, rank});
    Changed();
    return id;
}

bool
Spd::Remove(uint32_t id)
{
    auto where = m_byId.find(id);
    if (where == m_byId.end())
    {
        return false;
    }
    const size_t d = Index(where->second.direction);
    auto it = m_entries[d].find(where->second.rank);
    const TrafficSelector& sel = it->second.selector;
    auto tuple = m_tuples[d].find({sel.local.length, sel.remote.length});
    auto bucket = tuple->second.find(
        TupleKey(sel.local.address, sel.local.length, sel.remote.address, sel.remote.length));
    auto& entries = bucket->second;
    entries.erase(std::find_if(entries.begin(),
                               entries.end(),
                               [&it](const Indexed& e) { return e.entry == &it->second; }));
    if (entries.empty())
    {
        tuple->second.erase(bucket);
        if (tuple->second.empty())
        {
            m_tuples[d].erase(tuple); // a miss probes one table fewer
        }
    }
    m_entries[d].erase(it);
    m_byId.erase(where);
    Changed();
    return true;
}

void
Spd::Clear()
{
    for (size_t d = 0; d < 2; ++d)
    {
        m_entries[d].clear();
        m_tuples[d].clear();
    }
    m_byId.clear();
    Changed();
}

std::vector<SpdEntry>
Spd::GetEntries(Direction direction) const
{
    std::vector<SpdEntry> out;
    for (const auto& [rank, entry] : m_entries[Index(direction)])
    {
        out.push_back(entry);
    }
    return out;
}

const SpdEntry*
Spd::Find(uint32_t id) const
{
    auto where = m_byId.find(id);
    if (where == m_byId.end())
    {
        return nullptr;
    }
    return &m_entries[Index(where->second.direction)].at(where->second.rank);
}

size_t
Spd::GetSize() const
{
    return m_entries[0].size() + m_entries[1].size();
}

size_t
Spd::GetTupleCount(Direction direction) const
{
    return m_tuples[Index(direction)].size();
}

const SpdEntry*
Spd::Search(Direction direction, const FlowKey& flow) const
{
    const bool out = direction == Direction::Outbound;
    const uint32_t local = out ? flow.src : flow.dst;
    const uint32_t remote = out ? flow.dst : flow.src;
    const Indexed* best = nullptr;
    for (const auto& [lengths, table] : m_tuples[Index(direction)])
    {
        ++m_stats.probes;
        auto bucket = table.find(TupleKey(local, lengths.first, remote, lengths.second));
        if (bucket == table.end())
        {
            continue;
        }
        // The bucket is in rank order: its first match is its best; stop where it cannot win.
        for (const Indexed& e : bucket->second)
        {
            if (best && !(e.rank < best->rank))
            {
                break;
            }
            ++m_stats.candidates;
            if (e.entry->selector.Matches(flow, direction))
            {
                best = &e;
                break;
            }
        }
    }
    return best ? best->entry : nullptr;
}

const SpdEntry*
Spd::Lookup(Direction direction, const FlowKey& flow) const
{
    ++m_stats.lookups;
    if (m_cacheCapacity == 0)
    {
        ++m_stats.cacheMisses;
        return Search(direction, flow);
    }
    if (m_cacheGeneration != m_generation)
    {
        // Entries changed since the cache was filled: its pointers and answers are stale.
        m_cache.clear();
        m_cacheGeneration = m_generation;
    }
    CacheKey key{flow, direction};
    auto it = m_cache.find(key);
    if (it != m_cache.end())
    {
        ++m_stats.cacheHits;
        return it->second;
    }
    ++m_stats.cacheMisses;
    const SpdEntry* entry = Search(direction, flow);
    if (m_cache.size() >= m_cacheCapacity)
    {
        // Simplest bound: start afresh. Hot flows come back after one search each.
        m_cache.clear();
        ++m_stats.cacheFlushes;
    }
    m_cache.emplace(key, entry);
    return entry;
}

uint64_t
Spd::GetGeneration() const
{
    return m_generation;
}

const Spd::Stats&
Spd::GetStats() const
{
    return m_stats;
}

void
Spd::ResetStats()
{
    m_stats = Stats();
}

size_t
Spd::GetCacheSize() const
{
    return m_cacheGeneration == m_generation ? m_cache.size() : 0;
}

void
Spd::Changed()
{
    ++m_generation;
}

} // namespace ipseclab
