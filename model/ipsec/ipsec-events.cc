#include "ipsec/ipsec-events.h"

#include "sa/ipv4-prefix.h"

#include <cstdio>

namespace ns3
{

using ipseclab::Event;
using ipseclab::EventValue;
using ipseclab::SecurityAssociation;

std::string
Hex32(uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

ipseclab::Layer
LayerOf(const SecurityAssociation& sa)
{
    return sa.IsEsp() ? ipseclab::Layer::Esp : ipseclab::Layer::Ah;
}

EventValue
FlowValue(const ipseclab::FlowKey& flow)
{
    EventValue v = EventValue::Object();
    v.Set("src", ipseclab::Ipv4AddressToString(flow.src));
    v.Set("dst", ipseclab::Ipv4AddressToString(flow.dst));
    v.Set("protocol", uint64_t(flow.protocol));
    if (flow.protocol == ipseclab::ipproto::kTcp || flow.protocol == ipseclab::ipproto::kUdp)
    {
        v.Set("src_port", uint64_t(flow.srcPort));
        v.Set("dst_port", uint64_t(flow.dstPort));
    }
    return v;
}

EventValue
WindowValue(const ipseclab::ReplaySnapshot& snapshot)
{
    EventValue v = EventValue::Object();
    v.Set("window_top", snapshot.top);
    v.Set("window_size", uint64_t(snapshot.size));
    v.Set("bitmap", snapshot.bitmap);
    return v;
}

void
AddSaFields(Event& e, const SecurityAssociation& sa)
{
    e.Add("sa", sa.Describe())
        .Add("spi", uint64_t(sa.Config().spi))
        .Add("src", ipseclab::Ipv4AddressToString(sa.Config().src))
        .Add("dst", ipseclab::Ipv4AddressToString(sa.Config().dst));
}

void
AddSequence(Event& e, const SecurityAssociation& sa, uint64_t seq)
{
    e.Add("sn", uint64_t(seq & 0xffffffffULL));
    if (sa.Config().esn)
    {
        e.Add("esn_high", uint64_t(seq >> 32));
    }
}

Event
PolicyAddEvent(uint32_t node, const ipseclab::SpdEntry& policy)
{
    Event e(node, ipseclab::Layer::Spd, "policy-add");
    e.Add("policy", uint64_t(policy.id))
        .Add("direction", ipseclab::ToString(policy.direction))
        .Add("action", ipseclab::ToString(policy.action))
        .Add("selector", policy.selector.ToString())
        .Add("text", policy.ToString());
    if (!policy.name.empty())
    {
        e.Add("policy_name", policy.name);
    }
    return e;
}

Event
SaInstallEvent(uint32_t node, const SecurityAssociation& sa)
{
    const ipseclab::SaConfig& c = sa.Config();
    EventValue algorithms = EventValue::Object();
    auto& mutableSa = const_cast<SecurityAssociation&>(sa); // the transforms' getters are not const
    if (sa.IsEsp())
    {
        algorithms.Set("encryption", std::string(mutableSa.Esp().Encryption().name));
        if (mutableSa.Esp().IntegrityAlg())
        {
            algorithms.Set("integrity", std::string(mutableSa.Esp().IntegrityAlg()->name));
        }
    }
    else
    {
        algorithms.Set("integrity", std::string(mutableSa.Ah().Algorithm().name));
    }
    EventValue lifetimes = EventValue::Object();
    auto addLimits = [&lifetimes](const ipseclab::Lifetime& l, const std::string& which)
    {
        if (l.bytes)
        {
            lifetimes.Set(which + "_bytes", l.bytes);
        }
        if (l.packets)
        {
            lifetimes.Set(which + "_packets", l.packets);
        }
        if (l.seconds > 0)
        {
            lifetimes.Set(which + "_seconds", l.seconds);
        }
    };
    addLimits(c.soft, "soft");
    addLimits(c.hard, "hard");
    Event e(node, ipseclab::Layer::Sad, "install");
    AddSaFields(e, sa);
    e.Add("direction", ipseclab::ToString(c.direction))
        .Add("protocol", ipseclab::ToString(c.protocol))
        .Add("mode", ipseclab::ToString(c.mode))
        .Add("proposal", c.proposal)
        .Add("algorithms", std::move(algorithms))
        .Add("lifetimes", std::move(lifetimes))
        .Add("esn", c.esn)
        .Add("selector", c.selector.ToString())
        .Add("replay_window", uint64_t(c.replayWindow))
        .Add("udp_encap", c.UsesUdpEncapsulation())
        .Add("reqid", uint64_t(c.reqid))
        .AddHex("encryption_key", c.encryptionKey)
        .AddHex("integrity_key", c.integrityKey);
    return e;
}

Event
SaDeleteEvent(uint32_t node, const SecurityAssociation& sa, const std::string& why)
{
    Event e(node, ipseclab::Layer::Sad, "delete");
    AddSaFields(e, sa);
    e.Add("direction", ipseclab::ToString(sa.Config().direction))
        .Add("protocol", ipseclab::ToString(sa.Config().protocol))
        .Add("mode", ipseclab::ToString(sa.Config().mode))
        .Add("reason", why)
        .Add("packets", sa.Packets())
        .Add("octets", sa.ByteCount());
    return e;
}

Event
SaExpireEvent(uint32_t node, const SecurityAssociation& sa, bool hard, const char* limit)
{
    Event e(node, ipseclab::Layer::Sad, hard ? "expire-hard" : "expire-soft");
    AddSaFields(e, sa);
    e.Add("direction", ipseclab::ToString(sa.Config().direction))
        .Add("protocol", ipseclab::ToString(sa.Config().protocol))
        .Add("mode", ipseclab::ToString(sa.Config().mode))
        .Add("limit", limit)
        .Add("packets", sa.Packets())
        .Add("octets", sa.ByteCount());
    return e;
}

} // namespace ns3
