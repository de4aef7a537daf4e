#include "ike-peer.h"

#include <utility>

namespace ns3
{

ipseclab::IkeConfig
MirrorIkeConfig(const ipseclab::IkeConfig& config, const std::string& name,
                const std::string& localId)
{
    ipseclab::IkeConfig peer = config;
    peer.name = name;
    std::swap(peer.localAddress, peer.remoteAddress);
    peer.localId = localId;
    for (auto& child : peer.children)
    {
        std::swap(child.localTs, child.remoteTs);
        child.startAction = ipseclab::StartAction::None;
    }
    return peer;
}

} // namespace ns3
