#include "helper/ike-helper.h"

#include <ns3/log.h>

namespace ns3
{

Ptr<IkeDaemon>
IkeHelper::GetDaemon(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (Ptr<IkeDaemon> daemon = DynamicCast<IkeDaemon>(node->GetApplication(i)))
        {
            return daemon;
        }
    }
    return nullptr;
}

Ptr<IkeDaemon>
IkeHelper::Install(Ptr<Node> node, const ipseclab::IkeConfig& config, Time start) const
{
    Ptr<IkeDaemon> daemon = GetDaemon(node);
    if (!daemon)
    {
        daemon = CreateObject<IkeDaemon>();
        node->AddApplication(daemon);
        daemon->SetStartTime(start);
    }
    daemon->AddConnection(config);
    return daemon;
}

} // namespace ns3
