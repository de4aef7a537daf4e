#include "nat/nat-helper.h"

#include <ns3/log.h>

namespace ns3
{

NatHelper::NatHelper()
{
    m_factory.SetTypeId(NatRouter::GetTypeId());
}

void
NatHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<NatRouter>
NatHelper::Install(Ptr<Node> node, Ptr<NetDevice> inside, Ptr<NetDevice> outside) const
{
    if (node->GetObject<NatRouter>())
    {
        NS_FATAL_ERROR("NAT on node " << node->GetId() << ": already installed (one per node)");
    }
    Ptr<NatRouter> nat = m_factory.Create<NatRouter>();
    nat->Install(node, inside, outside);
    node->AggregateObject(nat);
    return nat;
}

} // namespace ns3
