#include "capture-events.h"

namespace ipseclab::explain
{

uint32_t
CaptureEvents::NodeOf(const std::string& address)
{
    auto it = m_nodes.find(address);
    if (it != m_nodes.end())
    {
        return it->second;
    }
    const uint32_t id = static_cast<uint32_t>(m_endpoints.size());
    m_nodes.emplace(address, id);
    m_endpoints.push_back(Endpoint{address});
    return id;
}

Endpoint&
CaptureEvents::EndpointOf(const std::string& address)
{
    return m_endpoints[NodeOf(address)];
}

void
CaptureEvents::Emit(ipseclab::Event event, int64_t timeNs, const std::string& address)
{
    event.Add("origin", "capture");
    event.SetSeq(m_events.size());
    event.SetTime(timeNs - m_zero);
    if (!address.empty())
    {
        event.SetNode(NodeOf(address));
        event.SetNodeName(address);
    }
    m_events.push_back(std::move(event));
    for (const auto& observer : m_observers)
    {
        observer(m_events.back());
    }
}

void
CaptureEvents::Subscribe(std::function<void(const ipseclab::Event&)> observer)
{
    m_observers.push_back(std::move(observer));
}

} // namespace ipseclab::explain
