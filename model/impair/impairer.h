// Applies impairment rules (impair-rule.h) to the frames ImpairableChannels carry, in
// simulated time: every application is one link/impair event and is counted per rule. The
// first rule whose aim, window, occurrence, count and probability all fit decides what
// happens to a frame; the others only count it as matched. Random choices (probability,
// jitter, reorder distances) come from one seeded stream (AssignStreams), so the same seed
// and run give the same impairments.
#ifndef IPSECLAB_IMPAIRER_H
#define IPSECLAB_IMPAIRER_H

#include "impair/impair-rule.h"

#include <ns3/event-id.h>
#include <ns3/net-device.h>
#include <ns3/nstime.h>
#include <ns3/object.h>
#include <ns3/packet.h>
#include <ns3/point-to-point-net-device.h>
#include <ns3/random-variable-stream.h>

#include <deque>
#include <map>
#include <vector>

namespace ns3
{

class ImpairableChannel;

class Impairer : public Object
{
  public:
    static TypeId GetTypeId();
    Impairer();

    void AddRule(const ipseclab::ImpairRule& rule);
    void AddRules(const std::vector<ipseclab::ImpairRule>& rules);
    size_t GetRuleCount() const { return m_rules.size(); }
    /// Frames rule `i` matched (aim and window) and how often it was applied.
    uint64_t GetMatched(size_t i) const { return m_rules.at(i).matched; }
    uint64_t GetApplied(size_t i) const { return m_rules.at(i).applied; }
    int64_t AssignStreams(int64_t stream);

    /// Puts this impairer on the channel of each device given (ImpairableChannels only);
    /// false if one is not.
    bool Attach(Ptr<NetDevice> device);

    /// The channel's hook: `frame` leaves `src` towards `dst` on wire `wire`, its last bit
    /// `txTime` from now. True if a rule took charge of it (it is delivered, or not, here);
    /// false: deliver as usual.
    bool Transmit(Ptr<ImpairableChannel> channel, uint32_t wire, Ptr<const Packet> frame,
                  Ptr<PointToPointNetDevice> src, Ptr<PointToPointNetDevice> dst, Time txTime);

  private:
    struct RuleState
    {
        ipseclab::ImpairRule rule;
        uint64_t matched = 0;
        uint64_t applied = 0;
    };
    struct Held
    {
        uint64_t id;
        Ptr<Packet> frame;
        Ptr<PointToPointNetDevice> dst;
        uint32_t remaining;
        EventId timeout;
    };
    using Direction = std::pair<const ImpairableChannel*, uint32_t>;

    /// Counts a frame passing in `direction`; releases the held frames it was the last for,
    /// arriving right behind it (`arrival` from now).
    void PassHeld(const Direction& direction, Time arrival);
    void ReleaseHeld(Direction direction, uint64_t id);
    uint32_t DrawDistance(const ipseclab::ImpairDistance& d);

    std::vector<RuleState> m_rules;
    Ptr<UniformRandomVariable> m_random;
    std::map<Direction, std::deque<Held>> m_held;
    uint64_t m_nextHeld = 1;
};

} // namespace ns3

#endif
