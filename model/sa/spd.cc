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

uint32_t
Spd::Add(SpdEntry entry)
{
    entry.Validate();
    if (entry.id == 0)
    {
        while (Find(m_nextId) != nullptr)
        {
            ++m_nextId;
        }
        entry.id = m_nextId++;
    }
    else if (Find(entry.id) != nullptr)
    {
        throw std::invalid_argument("SPD entry id " + std::to_string(entry.id) +
                                    " is already in use");
    }
    auto& entries = m_entries[Index(entry.direction)];
    // After every entry of lower or equal priority: equal priorities keep insertion order.
    auto position = std::upper_bound(entries.begin(),
                                     entries.end(),
                                     entry.priority,
                                     [](uint32_t priority, const SpdEntry& e)
                                     { return priority < e.priority; });
    uint32_t id = entry.id;
    entries.insert(position, std::move(entry));
    Changed();
    return id;
}

bool
Spd::Remove(uint32_t id)
{
    for (auto& entries : m_entries)
    {
        auto it = std::find_if(
            entries.begin(), entries.end(), [id](const SpdEntry& e) { return e.id == id; });
        if (it != entries.end())
        {
            entries.erase(it);
            Changed();
            return true;
        }
    }
    return false;
}

void
Spd::Clear()
{
    for (auto& entries : m_entries)
    {
        entries.clear();
    }
    Changed();
}

const std::vector<SpdEntry>&
Spd::GetEntries(Direction direction) const
{
    return m_entries[Index(direction)];
}

const SpdEntry*
Spd::Find(uint32_t id) const
{
    for (const auto& entries : m_entries)
    {
        for (const auto& e : entries)
        {
            if (e.id == id)
            {
                return &e;
            }
        }
    }
    return nullptr;
}

size_t
Spd::GetSize() const
{
    return m_entries[0].size() + m_entries[1].size();
}

const SpdEntry*
Spd::Scan(Direction direction, const FlowKey& flow) const
{
    for (const auto& e : m_entries[Index(direction)])
    {
        if (e.selector.Matches(flow, direction))
        {
            return &e;
        }
    }
    return nullptr;
}

const SpdEntry*
Spd::Lookup(Direction direction, const FlowKey& flow) const
{
    ++m_stats.lookups;
    if (m_cacheCapacity == 0)
    {
        ++m_stats.cacheMisses;
        return Scan(direction, flow);
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
    const SpdEntry* entry = Scan(direction, flow);
    if (m_cache.size() >= m_cacheCapacity)
    {
        // Simplest bound: start afresh. Hot flows come back after one scan each.
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
