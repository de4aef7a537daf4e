// What a scenario reads back from its own event stream to check its story and report results
// (rekey times, SPIs, retransmissions...): the IKE, SAD and drop events of the current run, kept
// in memory. Like the Narrator, it looks at nothing but the events.
#ifndef IPSECLAB_EVENT_LOG_H
#define IPSECLAB_EVENT_LOG_H

#include "events/event.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class EventLog
{
  public:
    struct Entry
    {
        double t = 0; ///< seconds
        std::string node;
        std::string layer;
        std::string kind;
        ipseclab::Event event;

        std::string Str(const char* field) const;
        uint64_t Uint(const char* field) const;
        double Real(const char* field) const;
        bool Bool(const char* field) const;
        bool Has(const char* field) const;
    };

    /// Subscribes to the default event stream: create it after ScenarioOptions::Apply (which
    /// resets the stream and forgets subscribers).
    EventLog();
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    const std::vector<Entry>& Entries() const { return m_entries; }
    /// Entries of one layer and kind, optionally of one node, in stream order.
    std::vector<const Entry*> Find(const std::string& layer, const std::string& kind,
                                   const std::string& node = "") const;
    size_t Count(const std::string& layer, const std::string& kind,
                 const std::string& node = "") const;

  private:
    uint32_t m_subscription = 0;
    std::vector<Entry> m_entries;
};

/// A 32-bit SPI as 0x%08x.
std::string HexSpi(uint64_t spi);
/// JSON string literal (quoted, escaped).
std::string JsonQuote(const std::string& text);
/// A number with fixed decimals, for JSON and tables.
std::string Fixed(double value, int decimals);

} // namespace ns3

#endif
