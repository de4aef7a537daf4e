// The other end of a two-gateway (or two-host) IKE connection, derived from this end's.
#ifndef IPSECLAB_IKE_PEER_H
#define IPSECLAB_IKE_PEER_H

#include "ike-core/ike-config.h"

#include <string>

namespace ns3
{

/// `config` seen from the peer: addresses and traffic selectors swapped, its own name and ID,
/// and it waits for the initiator (start_action none). Everything else (PSK, proposals,
/// lifetimes) is the same, as both ends of a tunnel must agree on them.
ipseclab::IkeConfig MirrorIkeConfig(const ipseclab::IkeConfig& config, const std::string& name,
                                    const std::string& localId);

} // namespace ns3

#endif
