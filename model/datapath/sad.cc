#include "datapath/sad.h"

#include <algorithm>
#include <stdexcept>

namespace ipseclab
{

uint64_t
Sad::Key(Direction direction, IpsecProtocol protocol, uint32_t spi)
{
    return (uint64_t(direction) << 40) | (uint64_t(protocol) << 32) | spi;
}

SecurityAssociation&
Sad::Add(SaConfig config)
{
    const uint64_t key = Key(config.direction, config.protocol, config.spi);
    if (m_sas.count(key) != 0)
    {
        throw std::invalid_argument("SAD already holds " + m_sas.at(key)->Describe());
    }
    auto sa = std::make_unique<SecurityAssociation>(std::move(config));
    SecurityAssociation& ref = *sa;
    m_sas.emplace(key, std::move(sa));
    m_order.push_back(&ref);
    if (ref.Config().direction == Direction::Outbound)
    {
        m_outbound[Key(Direction::Outbound, ref.Config().protocol, ref.Config().reqid)].push_back(
            &ref);
    }
    return ref;
}

std::unique_ptr<SecurityAssociation>
Sad::Remove(Direction direction, IpsecProtocol protocol, uint32_t spi)
{
    auto it = m_sas.find(Key(direction, protocol, spi));
    if (it == m_sas.end())
    {
        return nullptr;
    }
    std::unique_ptr<SecurityAssociation> sa = std::move(it->second);
    m_sas.erase(it);
    m_order.erase(std::remove(m_order.begin(), m_order.end(), sa.get()), m_order.end());
    auto list = m_outbound.find(Key(Direction::Outbound, protocol, sa->Config().reqid));
    if (list != m_outbound.end())
    {
        auto& v = list->second;
        v.erase(std::remove(v.begin(), v.end(), sa.get()), v.end());
        if (v.empty())
        {
            m_outbound.erase(list);
        }
    }
    return sa;
}

SecurityAssociation*
Sad::Find(Direction direction, IpsecProtocol protocol, uint32_t spi) const
{
    auto it = m_sas.find(Key(direction, protocol, spi));
    return it == m_sas.end() ? nullptr : it->second.get();
}

SecurityAssociation*
Sad::FindOutbound(uint32_t reqid, IpsecProtocol protocol) const
{
    auto list = m_outbound.find(Key(Direction::Outbound, protocol, reqid));
    if (list == m_outbound.end())
    {
        return nullptr;
    }
    // Only the SAs of one policy (two during a rekey overlap): newest usable one first.
    for (auto it = list->second.rbegin(); it != list->second.rend(); ++it)
    {
        if ((*it)->State() != SaState::Expired)
        {
            return *it;
        }
    }
    return nullptr;
}

std::vector<SecurityAssociation*>
Sad::All() const
{
    return m_order;
}

void
Sad::Clear()
{
    m_sas.clear();
    m_order.clear();
    m_outbound.clear();
}

} // namespace ipseclab
