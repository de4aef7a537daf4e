// Installs IKEv2 daemons on nodes with their connections (swanctl.conf-like IkeConfig).
#ifndef IPSECLAB_IKE_HELPER_H
#define IPSECLAB_IKE_HELPER_H

#include "ikev2/ike-daemon.h"

#include <ns3/node.h>

namespace ns3
{

class IkeHelper
{
  public:
    /// Installs (or finds) the node's daemon (IPsec must be installed already) and adds the
    /// connection. The daemon starts at `start`. Throws std::invalid_argument / CryptoError on a
    /// bad configuration.
    Ptr<IkeDaemon> Install(Ptr<Node> node, const ipseclab::IkeConfig& config,
                           Time start = Seconds(0)) const;
    /// The node's daemon, or nullptr.
    static Ptr<IkeDaemon> GetDaemon(Ptr<Node> node);
};

} // namespace ns3

#endif
