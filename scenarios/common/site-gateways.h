// The IKE set-up the two-gateway scenarios share (site-to-site, rekey, replay-attack,
// ike-failures, hostile-peer): gwA's connection on a SiteTopology and the installation of both
// daemons. Each scenario then changes what its story needs.
#ifndef IPSECLAB_SITE_GATEWAYS_H
#define IPSECLAB_SITE_GATEWAYS_H

#include "ike-core/ike-config.h"
#include "ikev2/ike-daemon.h"
#include "site-topology.h"

#include <string>

namespace ns3
{

/// gwA's connection "site-a": its WAN address to gwB's, ID @gw-a.example, `psk`, one IKE
/// proposal; one Child SA "lan-a-lan-b" for 10.1.0.0/24 <-> 10.2.0.0/24 with one ESP proposal,
/// started at t = 0.2 s and not rekeyed. MirrorIkeConfig(a, "site-b", "@gw-b.example") is gwB's.
ipseclab::IkeConfig SiteGatewayConfig(const SiteTopology& t, const std::string& psk,
                                      const std::string& ikeProposal,
                                      const std::string& espProposal);

struct SiteDaemons
{
    Ptr<IkeDaemon> a; ///< gwA's
    Ptr<IkeDaemon> b; ///< gwB's
};

/// Installs gwA's and gwB's daemons (random streams from 200 and 300). A configuration the
/// daemon refuses ends the program: "<program>: bad configuration: <why>" and exit code 2.
SiteDaemons InstallSiteDaemons(const SiteTopology& t, const ipseclab::IkeConfig& a,
                               const ipseclab::IkeConfig& b, const std::string& program);

} // namespace ns3

#endif
