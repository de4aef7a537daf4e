#include "ikev2/negotiation.h"

#include <algorithm>
#include <stdexcept>

namespace ipseclab
{

namespace
{

std::optional<Ipv4Prefix>
IntersectPrefix(const Ipv4Prefix& a, const Ipv4Prefix& b)
{
    // Two prefixes either nest or are disjoint: the intersection is the longer one.
    const Ipv4Prefix& longer = a.length >= b.length ? a : b;
    const Ipv4Prefix& shorter = a.length >= b.length ? b : a;
    if (shorter.Contains(longer.address))
    {
        return longer;
    }
    return std::nullopt;
}

std::optional<PortRange>
IntersectPorts(const PortRange& a, const PortRange& b)
{
    PortRange r{std::max(a.low, b.low), std::min(a.high, b.high)};
    if (r.low > r.high)
    {
        return std::nullopt;
    }
    return r;
}

} // namespace

std::optional<TrafficSelector>
Intersect(const TrafficSelector& a, const TrafficSelector& b)
{
    TrafficSelector r;
    if (a.protocol != 0 && b.protocol != 0 && a.protocol != b.protocol)
    {
        return std::nullopt;
    }
    r.protocol = a.protocol != 0 ? a.protocol : b.protocol;
    auto local = IntersectPrefix(a.local, b.local);
    auto remote = IntersectPrefix(a.remote, b.remote);
    auto localPorts = IntersectPorts(a.localPorts, b.localPorts);
    auto remotePorts = IntersectPorts(a.remotePorts, b.remotePorts);
    if (!local || !remote || !localPorts || !remotePorts)
    {
        return std::nullopt;
    }
    r.local = *local;
    r.remote = *remote;
    r.localPorts = *localPorts;
    r.remotePorts = *remotePorts;
    return r;
}

std::vector<TrafficSelector>
Narrow(const std::vector<TrafficSelector>& proposed, const std::vector<TrafficSelector>& configured)
{
    std::vector<TrafficSelector> result;
    for (const auto& p : proposed)
    {
        for (const auto& c : configured)
        {
            if (auto r = Intersect(p, c))
            {
                if (std::find(result.begin(), result.end(), *r) == result.end())
                {
                    result.push_back(*r);
                }
            }
        }
    }
    return result;
}

AddressPool::AddressPool(const std::string& prefix)
{
    Ipv4Prefix p = Ipv4Prefix::Parse(prefix);
    if (p.length > 30)
    {
        throw std::invalid_argument("pool " + prefix + " is too small: use /30 or larger");
    }
    m_first = p.address + 1;
    m_last = (p.address | ~p.Mask()) - 1;
}

std::optional<uint32_t>
AddressPool::Acquire(const std::string& identity)
{
    auto it = m_byIdentity.find(identity);
    if (it != m_byIdentity.end())
    {
        return it->second;
    }
    for (uint32_t a = m_first; a <= m_last; ++a)
    {
        if (m_used.count(a) == 0)
        {
            m_used.insert(a);
            m_byIdentity[identity] = a;
            return a;
        }
    }
    return std::nullopt;
}

void
AddressPool::Release(const std::string& identity)
{
    auto it = m_byIdentity.find(identity);
    if (it != m_byIdentity.end())
    {
        m_used.erase(it->second);
        m_byIdentity.erase(it);
    }
}

} // namespace ipseclab
