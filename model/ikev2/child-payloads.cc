#include "ikev2/child-payloads.h"

#include "datapath/ipv4-wire.h"
#include "ike/ike-proposals.h"
#include "ike/ike-sa-proposal.h"

namespace ipseclab
{

namespace
{

/// How much traffic a selector pair covers (addresses only): narrowing keeps the widest pair.
uint64_t
Width(const TrafficSelector& ts)
{
    return (uint64_t(1) << (32 - ts.local.length)) + (uint64_t(1) << (32 - ts.remote.length));
}

} // namespace

IkeTrafficSelector
ToWire(const Ipv4Prefix& prefix, uint8_t protocol, const PortRange& ports)
{
    return IkeTrafficSelector::Ipv4(
        prefix.address, prefix.address | ~prefix.Mask(), protocol, ports.low, ports.high);
}

std::optional<TsSide>
FromWire(const IkeTrafficSelector& ts)
{
    if (ts.startAddress.size() != 4 || ts.endAddress.size() != 4)
    {
        return std::nullopt;
    }
    const uint32_t start = GetBe32(ts.startAddress.data());
    const uint32_t end = GetBe32(ts.endAddress.data());
    if (end < start)
    {
        return std::nullopt;
    }
    const uint64_t size = uint64_t(end) - start + 1;
    if ((size & (size - 1)) != 0 || (start & (size - 1)) != 0)
    {
        return std::nullopt;
    }
    uint8_t length = 32;
    for (uint64_t s = size; s > 1; s >>= 1)
    {
        --length;
    }
    TsSide side;
    side.prefix.address = start;
    side.prefix.length = length;
    side.protocol = ts.ipProtocol;
    side.ports = PortRange{ts.startPort, ts.endPort};
    return side;
}

TrafficSelector
Combine(const TsSide& local, const TsSide& remote)
{
    TrafficSelector s;
    s.local = local.prefix;
    s.remote = remote.prefix;
    s.protocol = local.protocol ? local.protocol : remote.protocol;
    s.localPorts = local.ports;
    s.remotePorts = remote.ports;
    return s;
}

IkeSaPayload
ChildOffer(const ChildConfig& child, uint32_t spi, bool withDh)
{
    IkeSaPayload offer{ParseProposalTexts(child.espProposals, IkeProtocolId::Esp)};
    for (auto& p : offer.proposals)
    {
        p.spi = SpiBytes(spi);
        if (!withDh)
        {
            p = WithoutDh(p);
        }
    }
    return offer;
}

const IkeNotifyPayload*
FirstError(const IkeMessage& m)
{
    for (const auto& p : m.payloads)
    {
        const auto* n = p.As<IkeNotifyPayload>();
        if (n && n->type < 16384)
        {
            return n;
        }
    }
    return nullptr;
}

std::optional<TrafficSelector>
NarrowPairs(const std::vector<IkeTrafficSelector>& localList,
            const std::vector<IkeTrafficSelector>& remoteList,
            const std::vector<TrafficSelector>* configured, std::string* proposed, size_t* usable)
{
    std::optional<TrafficSelector> best;
    for (const auto& l : localList)
    {
        for (const auto& r : remoteList)
        {
            auto local = FromWire(l);
            auto remote = FromWire(r);
            if (!local || !remote)
            {
                continue;
            }
            const TrafficSelector pair = Combine(*local, *remote);
            *proposed += (proposed->empty() ? "" : ", ") + pair.ToString();
            ++*usable;
            std::vector<TrafficSelector> results;
            if (configured)
            {
                results = Narrow({pair}, *configured);
            }
            else
            {
                results.push_back(pair);
            }
            for (const auto& result : results)
            {
                if (!best || Width(result) > Width(*best))
                {
                    best = result;
                }
            }
        }
    }
    return best;
}

std::vector<TrafficSelector>
ConfiguredPairs(const ChildConfig& child, uint32_t localAddress, uint32_t peerAddress,
                uint32_t ownVirtualIp, uint32_t peerVirtualIp)
{
    std::vector<TrafficSelector> out;
    auto locals = ParseTsList(child.localTs, localAddress);
    if (ownVirtualIp)
    {
        locals.assign(1, locals.front());
        locals.front().prefix = Ipv4Prefix::Host(ownVirtualIp); // its inner address
    }
    for (const auto& local : locals)
    {
        for (auto remote : ParseTsList(child.remoteTs, peerAddress))
        {
            if (peerVirtualIp)
            {
                remote.prefix = Ipv4Prefix::Host(peerVirtualIp); // its inner address
            }
            out.push_back(Combine(local, remote));
        }
    }
    return out;
}

} // namespace ipseclab
