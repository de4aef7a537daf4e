// What the jobs of one node's IPsec share: the SPD and SAD, the node-wide counters, the
// stack's settings (its Attributes) and its trace sources. IpsecStack owns it; each job holds a
// reference. Drop lives here because every job drops (DESIGN.md principle 4: counted, traced).
#ifndef IPSECLAB_IPSEC_SHARED_H
#define IPSECLAB_IPSEC_SHARED_H

#include "datapath/sad.h"
#include "sa/spd.h"

#include <ns3/packet.h>
#include <ns3/traced-callback.h>

#include <string>

namespace ns3
{

/// References to IpsecStack's trace sources (ns-3 registers them by member pointer, so they
/// stay members of the stack).
struct IpsecTraces
{
    using SaPacketTrace = TracedCallback<Ptr<const Packet>, uint32_t, uint64_t>;
    using SaTrace = TracedCallback<const ipseclab::SecurityAssociation&>;

    TracedCallback<Ptr<const Packet>, const std::string&, uint32_t>& drop;
    SaPacketTrace& protect;
    SaPacketTrace& unprotect;
    SaTrace& saInstalled;
    SaTrace& saRemoved;
    SaTrace& softExpire;
    TracedCallback<const ipseclab::SpdEntry&, const ipseclab::FlowKey&>& acquire;
};

struct IpsecShared
{
    IpsecShared(const bool& bypassIkeAttribute, const uint8_t& ttlAttribute, IpsecTraces t)
        : bypassIke(bypassIkeAttribute)
        , ttl(ttlAttribute)
        , traces(t)
    {
    }

    /// Counts (node and SA), logs, emits the drop event and fires the Drop trace. `ah`: an
    /// inbound drop before an SA was found belongs to the AH layer rather than ESP.
    void Drop(Ptr<const Packet> packet, ipseclab::DropReason reason,
              ipseclab::SecurityAssociation* sa, const std::string& detail = "", bool ah = false);

    uint32_t nodeId = 0;
    ipseclab::Spd spd;
    ipseclab::Sad sad;
    ipseclab::DropCounters drops{};
    uint64_t protectedCount = 0;
    uint64_t unprotectedCount = 0;
    const bool& bypassIke; ///< Attribute BypassIke
    const uint8_t& ttl;    ///< Attribute Ttl
    IpsecTraces traces;
};

/// The octets of an ns-3 packet.
ipseclab::Bytes CopyBytes(Ptr<const Packet> packet);
/// Ports (or ICMP type/code) from the first octets of an L4 segment.
void FillPorts(ipseclab::FlowKey& flow, const uint8_t* l4, size_t size);
/// IKE on UDP 500 or 4500, which BypassIke lets through.
bool IsIke(const ipseclab::FlowKey& flow);

} // namespace ns3

#endif
