// The event stream of an explained capture: every event is stamped with the capture time, the
// endpoint it happens at (one node per IP address, in order of appearance) and origin
// "capture", so readers know nothing in it was seen inside a node.
#ifndef IPSECLAB_EXPLAIN_CAPTURE_EVENTS_H
#define IPSECLAB_EXPLAIN_CAPTURE_EVENTS_H

#include "events/event.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ipseclab::explain
{

/// What the endpoints did, as the capture shows it.
struct Endpoint
{
    std::string address;
    bool ike = false;   ///< sent or received IKE
    bool ipsec = false; ///< sent or received ESP or AH
};

class CaptureEvents
{
  public:
    /// Capture times are shown relative to this (nanoseconds).
    void SetTimeZero(int64_t ns) { m_zero = ns; }
    int64_t TimeZero() const { return m_zero; }

    /// The node id of an address (assigned on first use).
    uint32_t NodeOf(const std::string& address);
    Endpoint& EndpointOf(const std::string& address);
    const std::vector<Endpoint>& Endpoints() const { return m_endpoints; }

    /// Stamps (seq, time, node, origin) and records the event; `address` empty: no node.
    void Emit(ipseclab::Event event, int64_t timeNs, const std::string& address);
    const std::vector<ipseclab::Event>& Events() const { return m_events; }
    /// Called with each event as it is recorded (the tally, the narration).
    void Subscribe(std::function<void(const ipseclab::Event&)> observer);

    /// Seconds since the time zero, as events carry them.
    double Seconds(int64_t timeNs) const { return double(timeNs - m_zero) / 1e9; }

  private:
    int64_t m_zero = 0;
    std::map<std::string, uint32_t> m_nodes;
    std::vector<Endpoint> m_endpoints;
    std::vector<ipseclab::Event> m_events;
    std::vector<std::function<void(const ipseclab::Event&)>> m_observers;
};

} // namespace ipseclab::explain

#endif
