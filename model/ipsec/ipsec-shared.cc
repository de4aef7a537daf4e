#include "ipsec/ipsec-shared.h"

#include "datapath/ipv4-wire.h"
#include "events/event-stream.h"
#include "ipsec/ipsec-events.h"

#include <ns3/log.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecShared");

using ipseclab::DropReason;
using ipseclab::Layer;

namespace
{
constexpr uint16_t kIkePort = 500;
constexpr uint16_t kNatTPort = 4500;
} // namespace

void
IpsecShared::Drop(Ptr<const Packet> packet, DropReason reason, ipseclab::SecurityAssociation* sa,
                  const std::string& detail, bool ah)
{
    ipseclab::CountDrop(drops, reason);
    uint32_t spi = 0;
    if (sa)
    {
        sa->CountDrop(reason);
        spi = sa->Config().spi;
    }
    NS_LOG_INFO("node " << nodeId << " drops: " << ipseclab::ToString(reason) << " " << detail);
    if (EventStream::IsEnabled())
    {
        Layer layer = sa ? LayerOf(*sa) : Layer::Spd;
        if (!sa && (reason == DropReason::Malformed || reason == DropReason::NoSa ||
                    reason == DropReason::Expired))
        {
            layer = ah ? Layer::Ah : Layer::Esp; // inbound, before an SA was found
        }
        ipseclab::Event e(nodeId, layer, "drop");
        e.Add("reason", ipseclab::ToString(reason));
        if (sa)
        {
            AddSaFields(e, *sa);
        }
        if (!detail.empty())
        {
            e.Add("detail", detail);
        }
        e.AddHex("bytes", CopyBytes(packet));
        EventStream::Emit(std::move(e));
    }
    traces.drop(packet, ipseclab::ToString(reason), spi);
}

ipseclab::Bytes
CopyBytes(Ptr<const Packet> packet)
{
    ipseclab::Bytes bytes(packet->GetSize());
    if (!bytes.empty())
    {
        packet->CopyData(bytes.data(), bytes.size());
    }
    return bytes;
}

void
FillPorts(ipseclab::FlowKey& flow, const uint8_t* l4, size_t size)
{
    if ((flow.protocol == ipseclab::ipproto::kTcp || flow.protocol == ipseclab::ipproto::kUdp) &&
        size >= 4)
    {
        flow.srcPort = ipseclab::GetBe16(l4);
        flow.dstPort = ipseclab::GetBe16(l4 + 2);
    }
    else if (flow.protocol == ipseclab::ipproto::kIcmp && size >= 2)
    {
        flow = ipseclab::FlowKey::Icmp(flow.src, flow.dst, l4[0], l4[1]);
    }
}

bool
IsIke(const ipseclab::FlowKey& flow)
{
    return flow.protocol == ipseclab::ipproto::kUdp &&
           (flow.srcPort == kIkePort || flow.dstPort == kIkePort || flow.srcPort == kNatTPort ||
            flow.dstPort == kNatTPort);
}

} // namespace ns3
