// Security Policy Database (RFC 4301 section 4.4.1): ordered policies per direction, first match
// wins. Lookups do not scan: policies are indexed by the prefix lengths of their selectors
// ("tuple space": one hash table per pair of local/remote prefix lengths in use, keyed by the
// masked addresses), so a lookup costs one hash probe per distinct pair of lengths, however
// many policies there are, as Linux's xfrm hashes its policies by address. A flow cache on top
// answers repeated flows with one probe.
#ifndef IPSECLAB_SA_SPD_H
#define IPSECLAB_SA_SPD_H

#include "sa/spd-entry.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ipseclab
{

/**
 * Security Policy Database of one node.
 *
 * Entries are kept per direction, ordered by priority (lower first) and, for equal priorities, by
 * insertion. Lookup() returns the first entry that matches, or nullptr when none does: the caller
 * decides what "no policy" means (IPsec Lab's default for a node with IPsec is BYPASS; a node that
 * wants RFC 4301's default-deny adds a last catch-all DISCARD entry).
 *
 * An entry ranks by (priority, insertion sequence); the lookup returns the best-ranked entry
 * whose selector matches, which is the first match of the ordered list. Lookup() results are
 * cached per exact flow (direction + 5-tuple), including "no match". Every change (Add, Remove,
 * Clear) bumps the generation, which empties the cache before the next lookup, so a change
 * takes effect at once. The cache is bounded and emptied when full. Add, Remove and Find cost
 * O(log n) (plus the entries of one hash bucket), not O(n).
 *
 * Pointers returned by Lookup() and Find() stay valid until the next change of the SPD. Not
 * thread-safe (the simulator is single-threaded).
 */
class Spd
{
  public:
    struct Stats
    {
        uint64_t lookups = 0;
        uint64_t cacheHits = 0;
        uint64_t cacheMisses = 0;  ///< lookups that consulted the index
        uint64_t cacheFlushes = 0; ///< cache emptied because it was full
        uint64_t probes = 0;       ///< hash tables probed on cache misses
        uint64_t candidates = 0;   ///< entries whose selector was tested on cache misses
    };

    static constexpr size_t kDefaultCacheCapacity = 4096;

    /// @param cacheCapacity flows cached at most; 0 disables the cache (always scan).
    explicit Spd(size_t cacheCapacity = kDefaultCacheCapacity);

    /**
     * Insert an entry after all entries of lower or equal priority in its direction.
     * @return its id (assigned if entry.id is 0).
     * @throws std::invalid_argument if the entry is invalid or its id is already used.
     */
    uint32_t Add(SpdEntry entry);
    /// @return false if no entry has this id.
    bool Remove(uint32_t id);
    void Clear();

    /// Entries of one direction in lookup order (a copy, made when asked for).
    std::vector<SpdEntry> GetEntries(Direction direction) const;
    const SpdEntry* Find(uint32_t id) const;
    size_t GetSize() const;

    /// First matching entry or nullptr (no policy). One hash probe on a cache hit; on a miss one
    /// per distinct (local, remote) prefix-length pair in use.
    const SpdEntry* Lookup(Direction direction, const FlowKey& flow) const;

    /// Changes with every modification; holders of Lookup() results can compare it.
    uint64_t GetGeneration() const;
    const Stats& GetStats() const;
    void ResetStats();
    size_t GetCacheSize() const;
    /// Distinct (local, remote) prefix-length pairs of a direction: what a miss probes.
    size_t GetTupleCount(Direction direction) const;

  private:
    struct CacheKey
    {
        FlowKey flow;
        Direction direction;

        bool operator==(const CacheKey& o) const
        {
            return flow == o.flow && direction == o.direction;
        }
    };

    struct CacheKeyHash
    {
        size_t operator()(const CacheKey& key) const;
    };

    /// (priority, insertion sequence): the order of the RFC's ordered list.
    using Rank = std::pair<uint32_t, uint64_t>;
    struct Indexed
    {
        Rank rank;
        const SpdEntry* entry;
    };
    /// One table per (local length, remote length): masked (local, remote) -> entries, by rank.
    using Table = std::unordered_map<uint64_t, std::vector<Indexed>>;
    struct Where
    {
        Direction direction;
        Rank rank;
    };

    const SpdEntry* Search(Direction direction, const FlowKey& flow) const;
    void Changed();

    std::map<Rank, SpdEntry> m_entries[2];                    ///< by Direction, in rank order
    std::map<std::pair<uint8_t, uint8_t>, Table> m_tuples[2]; ///< by Direction
    std::unordered_map<uint32_t, Where> m_byId;
    uint64_t m_sequence = 0;
    uint32_t m_nextId;
    uint64_t m_generation;
    size_t m_cacheCapacity;
    // The cache is a memo of Lookup(), so it may change in const lookups.
    mutable std::unordered_map<CacheKey, const SpdEntry*, CacheKeyHash> m_cache;
    mutable uint64_t m_cacheGeneration;
    mutable Stats m_stats;
};

} // namespace ipseclab

#endif // IPSECLAB_SA_SPD_H
