/*
 * The event stream of a simulation (DESIGN.md, principle 5): model components emit events,
 * the stream stamps simulated time, sequence number and node name, and hands each event to a
 * JSON Lines file, in-process subscribers, the "Event" trace source and an optional in-memory
 * log. When nobody listens, IsEnabled() is false and per-packet events cost one check.
 */
#ifndef IPSECLAB_EVENT_STREAM_H
#define IPSECLAB_EVENT_STREAM_H

#include "event.h"

#include <ns3/object.h>
#include <ns3/ptr.h>
#include <ns3/traced-callback.h>

#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * Usage in a model component:
 * \code
 *   if (EventStream::IsEnabled())
 *   {
 *       EventStream::Emit(ipseclab::Event(node->GetId(), ipseclab::Layer::Esp, "encap")
 *                             .Add("spi", spi).AddHex("icv", icv));
 *   }
 * \endcode
 */
class EventStream : public Object
{
  public:
    /** In-process reader: the stamped event and its JSON line (no newline). */
    typedef std::function<void(const ipseclab::Event& event, const std::string& line)> Subscriber;
    /** Signature of the "Event" trace source. */
    typedef void (*EventTracedCallback)(const ipseclab::Event& event, const std::string& line);

    static TypeId GetTypeId();

    EventStream();
    ~EventStream() override;

    /** The process-wide stream every component emits into. */
    static Ptr<EventStream> Default();
    /** True if the default stream has a listener; check it before building an event. */
    static bool IsEnabled();
    /** Emits into the default stream (does nothing if it is not enabled). */
    static void Emit(ipseclab::Event&& event);

    /** True if this stream is enabled and something listens. */
    inline bool IsActive() const;
    /** Stamps time (Simulator::Now), seq and node name, then delivers the event. */
    void Record(ipseclab::Event&& event);

    /** Writes events to a JSON Lines file (truncated). False, with a logged reason, on error.
     *  The file is flushed and closed by Close(), Reset() and Simulator::Destroy(). */
    bool Open(const std::string& path);
    void Close();
    void Flush();
    /** The path given to Open, empty if no file is open. */
    std::string GetPath() const;

    /** Adds an in-process reader; returns an id for Unsubscribe. */
    uint32_t Subscribe(Subscriber subscriber);
    void Unsubscribe(uint32_t id);

    /** Overrides the name written as node_name for a node (default: ns-3 Names of the node). */
    void SetNodeName(uint32_t node, const std::string& name);
    /** The name written for a node: the override, else Names::FindName, else "". */
    std::string GetNodeName(uint32_t node) const;

    /** The JSON lines kept in memory (attribute KeepInMemory), oldest first. */
    std::vector<std::string> GetKeptLines() const;
    /** Lines dropped from memory because MaxKeptEvents was reached. */
    uint64_t GetDroppedKeptLines() const;
    /** Events recorded since the last Reset (the next seq). */
    uint64_t GetEventCount() const;

    /** Back to a fresh stream for the next simulation: closes the file, restarts seq at 0,
     *  forgets subscribers, node names and kept lines. Attributes are kept. */
    void Reset();

  protected:
    void DoDispose() override;

  private:
    void SetEnabled(bool enabled);
    bool GetEnabled() const;
    void SetKeepInMemory(bool keep);
    bool GetKeepInMemory() const;
    /** Recomputes m_active (and the static flag of the default stream). */
    void UpdateActive();

    /** Runs at Simulator::Destroy: the file is complete when the simulation ends. */
    void CloseOnDestroy();

    bool m_strict; ///< check each event against the schema (event-contract.h)
    bool m_enabled;
    bool m_keepInMemory;
    uint32_t m_maxKept;
    bool m_active;
    bool m_destroyScheduled;
    uint64_t m_seq;
    std::string m_path;
    std::ofstream m_file;
    std::map<uint32_t, Subscriber> m_subscribers;
    uint32_t m_nextSubscriberId;
    std::map<uint32_t, std::string> m_nodeNames;
    std::deque<std::string> m_kept;
    uint64_t m_droppedKept;
    TracedCallback<const ipseclab::Event&, const std::string&> m_eventTrace;

    static Ptr<EventStream> s_default;
};

bool
EventStream::IsActive() const
{
    return m_enabled && (m_active || !m_eventTrace.IsEmpty());
}

inline bool
EventStream::IsEnabled()
{
    return s_default && s_default->IsActive();
}

} // namespace ns3

#endif /* IPSECLAB_EVENT_STREAM_H */
