#include "impair/impairer.h"

#include "datapath/ipv4-wire.h"
#include "events/event-stream.h"
#include "impair/impairable-channel.h"

#include <ns3/integer.h>
#include <ns3/log.h>
#include <ns3/names.h>
#include <ns3/packet.h>
#include <ns3/point-to-point-net-device.h>
#include <ns3/simulator.h>

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Impairer");
NS_OBJECT_ENSURE_REGISTERED(Impairer);

using ipseclab::ImpairAction;

namespace
{

constexpr size_t kPppHeader = 2; // the PPP protocol field before the IP datagram
constexpr int64_t kStream = 4242;

/// Writes valid IPv4 header and UDP checksums again after an octet changed, so that the change
/// reaches the receiver's IKE or ESP code instead of its IP or UDP checksum check.
void
FixChecksums(uint8_t* ip, size_t size)
{
    const size_t ihl = (ip[0] & 0x0f) * 4u;
    if (ihl < 20 || ihl > size)
    {
        return;
    }
    ipseclab::PutBe16(ip + 10, 0);
    ipseclab::PutBe16(ip + 10, ipseclab::InternetChecksum(ip, ihl));
    if (ip[9] == 17 && size >= ihl + 8)
    {
        uint8_t* udp = ip + ihl;
        ipseclab::PutBe16(udp + 6, 0);
        ipseclab::PutBe16(udp + 6,
                          ipseclab::UdpChecksum(ipseclab::GetBe32(ip + 12),
                                                ipseclab::GetBe32(ip + 16),
                                                ipseclab::ByteSpan(udp, size - ihl)));
    }
}

} // namespace

TypeId
Impairer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Impairer")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<Impairer>();
    return tid;
}

// A stream number of its own from the start: an automatically numbered stream would shift
// the numbers of every stream created after it, and with them other components' draws.
Impairer::Impairer()
    : m_random(CreateObjectWithAttributes<UniformRandomVariable>("Stream", IntegerValue(kStream)))
{
}

void
Impairer::AddRule(const ipseclab::ImpairRule& rule)
{
    m_rules.push_back(RuleState{rule});
}

void
Impairer::AddRules(const std::vector<ipseclab::ImpairRule>& rules)
{
    for (const auto& r : rules)
    {
        AddRule(r);
    }
}

int64_t
Impairer::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

bool
Impairer::Attach(Ptr<NetDevice> device)
{
    Ptr<ImpairableChannel> channel = GetImpairableChannel(device);
    if (!channel)
    {
        return false;
    }
    channel->SetImpairer(this);
    return true;
}

uint32_t
Impairer::DrawDistance(const ipseclab::ImpairDistance& d)
{
    switch (d.kind)
    {
    case ipseclab::ImpairDistance::Kind::Fixed:
        return d.lo;
    case ipseclab::ImpairDistance::Kind::Uniform:
        return m_random->GetInteger(d.lo, d.hi);
    case ipseclab::ImpairDistance::Kind::Geometric:
    {
        // 1 + failures before a success with p = 1 / mean: the mean is `mean`.
        const double p = 1.0 / d.mean;
        const double u = std::max(m_random->GetValue(), 1e-12);
        const double k = p >= 1 ? 0 : std::floor(std::log(u) / std::log(1 - p));
        return 1 + uint32_t(std::min(k, 99999.0));
    }
    }
    return 1;
}

void
Impairer::PassHeld(const Direction& direction, Time arrival)
{
    auto it = m_held.find(direction);
    if (it == m_held.end())
    {
        return;
    }
    auto& queue = it->second;
    for (auto h = queue.begin(); h != queue.end();)
    {
        if (--h->remaining == 0)
        {
            Simulator::Cancel(h->timeout);
            ImpairableChannel::Deliver(h->dst, h->frame, arrival); // right behind this frame
            h = queue.erase(h);
        }
        else
        {
            ++h;
        }
    }
}

void
Impairer::ReleaseHeld(Direction direction, uint64_t id)
{
    auto& queue = m_held[direction];
    for (auto h = queue.begin(); h != queue.end(); ++h)
    {
        if (h->id == id)
        {
            ImpairableChannel::Deliver(h->dst, h->frame, direction.first->GetPropagationDelay());
            queue.erase(h);
            return;
        }
    }
}

bool
Impairer::Transmit(Ptr<ImpairableChannel> channel, uint32_t wire, Ptr<const Packet> frame,
                   Ptr<PointToPointNetDevice> src, Ptr<PointToPointNetDevice> dst, Time txTime)
{
    const Time arrival = txTime + channel->GetPropagationDelay();
    const Direction direction{PeekPointer(channel), wire};
    const uint32_t size = frame->GetSize();
    std::vector<uint8_t> bytes(size);
    frame->CopyData(bytes.data(), size);
    ipseclab::DatagramView view;
    if (size > kPppHeader && bytes[0] == 0x00 && bytes[1] == 0x21)
    {
        view = ipseclab::ViewDatagram(bytes.data() + kPppHeader, size - kPppHeader);
    }
    const std::string from = Names::FindName(src->GetNode());
    const std::string to = Names::FindName(dst->GetNode());
    const double now = Simulator::Now().GetSeconds();

    RuleState* chosen = nullptr;
    size_t chosenIndex = 0;
    for (size_t i = 0; i < m_rules.size(); ++i)
    {
        RuleState& r = m_rules[i];
        const ipseclab::ImpairRule& rule = r.rule;
        if ((!rule.link.empty() && rule.link != channel->GetLinkName()) ||
            (!rule.from.empty() && rule.from != from) || (!rule.to.empty() && rule.to != to) ||
            now < rule.at || now >= rule.until || !ipseclab::MatchesTraffic(rule, view))
        {
            continue;
        }
        ++r.matched;
        if (chosen || (rule.occurrence != 0 && r.matched != rule.occurrence) ||
            (rule.count != 0 && r.applied >= rule.count) ||
            (rule.action == ImpairAction::Corrupt && kPppHeader + rule.octet >= size))
        {
            continue;
        }
        if (rule.probability < 1.0 && m_random->GetValue() >= rule.probability)
        {
            continue;
        }
        chosen = &r;
        chosenIndex = i;
    }
    if (!chosen)
    {
        if (m_held.count(direction) == 0 || m_held[direction].empty())
        {
            return false; // as PointToPointChannel would
        }
        ImpairableChannel::Deliver(dst, frame->Copy(), arrival);
        PassHeld(direction, arrival);
        return true;
    }

    const ipseclab::ImpairRule& rule = chosen->rule;
    ++chosen->applied;
    ipseclab::Event e(src->GetNode()->GetId(), ipseclab::Layer::Link, "impair");
    e.Add("action", ipseclab::ToString(rule.action))
        .Add("rule", uint64_t(chosenIndex + 1))
        .Add("rule_text", rule.text)
        .Add("link", channel->GetLinkName())
        .Add("from", from)
        .Add("to", to)
        .Add("protocol", uint64_t(view.protocol))
        .Add("match", chosen->matched)
        .Add("applied", chosen->applied);
    if (view.ike)
    {
        e.Add("exchange", ipseclab::ImpairExchangeName(view.exchange))
            .Add("message_id", uint64_t(view.messageId))
            .Add("response", view.response);
    }
    else if (view.esp)
    {
        e.Add("spi", uint64_t(view.spi)).Add("sn", uint64_t(view.sn));
    }

    Ptr<Packet> deliver = frame->Copy();
    switch (rule.action)
    {
    case ImpairAction::Drop:
    case ImpairAction::Block:
        deliver = nullptr;
        if (rule.action == ImpairAction::Block)
        {
            e.Add("until", rule.until);
        }
        break;
    case ImpairAction::Delay:
    {
        const double extra = rule.by + (rule.jitter > 0 ? m_random->GetValue(0, rule.jitter) : 0);
        e.Add("delay_s", extra);
        ImpairableChannel::Deliver(dst, deliver, arrival + Seconds(extra));
        deliver = nullptr;
        PassHeld(direction, arrival);
        break;
    }
    case ImpairAction::Duplicate:
    case ImpairAction::Replay:
    {
        const bool replay = rule.action == ImpairAction::Replay;
        const Time spacing = rule.gap > 0 && !replay ? Seconds(rule.gap) : txTime;
        const Time first = replay ? arrival + Seconds(rule.after) : arrival + spacing;
        e.Add("copies", uint64_t(rule.copies)).Add("delay_s", (first - arrival).GetSeconds());
        ImpairableChannel::Deliver(dst, deliver, arrival);
        for (uint32_t k = 0; k < rule.copies; ++k)
        {
            ImpairableChannel::Deliver(dst, frame->Copy(), first + spacing * k);
        }
        deliver = nullptr;
        PassHeld(direction, arrival);
        break;
    }
    case ImpairAction::Corrupt:
    {
        uint8_t* ip = bytes.data() + kPppHeader;
        const uint8_t before = ip[rule.octet];
        ip[rule.octet] ^= rule.xorMask;
        // The IP and UDP checksums are made valid again: the change must reach IKE or ESP,
        // which check (and report) it, not vanish in a checksum check nothing traces.
        FixChecksums(ip, size - kPppHeader);
        e.Add("octet", uint64_t(rule.octet))
            .Add("before", uint64_t(before))
            .Add("after", uint64_t(ip[rule.octet]));
        deliver = Create<Packet>(bytes.data(), size);
        ImpairableChannel::Deliver(dst, deliver, arrival);
        deliver = nullptr;
        PassHeld(direction, arrival);
        break;
    }
    case ImpairAction::Reorder:
    {
        PassHeld(direction, arrival); // it is not delivered: it does not pass the held ones
        const uint32_t k = DrawDistance(rule.behind);
        const uint64_t id = m_nextHeld++;
        e.Add("behind", uint64_t(k)).Add("hold_s", rule.hold);
        Held h{id, deliver, dst, k, EventId()};
        h.timeout =
            Simulator::Schedule(Seconds(rule.hold), &Impairer::ReleaseHeld, this, direction, id);
        m_held[direction].push_back(h);
        deliver = nullptr;
        break;
    }
    }
    NS_LOG_INFO(ipseclab::ToString(rule.action)
                << " by rule " << chosenIndex + 1 << " (" << rule.text << ")");
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(std::move(e));
    }
    return true;
}

} // namespace ns3
