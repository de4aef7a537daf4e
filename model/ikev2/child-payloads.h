// What IKEv2 Child SA payloads mean to the lab (RFC 7296 2.9, 3.13): traffic selectors on the
// wire and as SPD selectors, the Child SA offer, the narrowing of TSi x TSr against what is
// configured, and the error notify of a response. Pure: no ns-3.
#ifndef IPSECLAB_IKEV2_CHILD_PAYLOADS_H
#define IPSECLAB_IKEV2_CHILD_PAYLOADS_H

#include "ike-core/ike-config.h"
#include "ike/ike-message.h"
#include "ikev2/negotiation.h"

#include <optional>
#include <string>
#include <vector>

namespace ipseclab
{

IkeTrafficSelector ToWire(const Ipv4Prefix& prefix, uint8_t protocol, const PortRange& ports);
/// A range on the wire as a prefix; ranges that are not one CIDR block are refused
/// (TS_UNACCEPTABLE): the SPD works with prefixes.
std::optional<TsSide> FromWire(const IkeTrafficSelector& ts);
TrafficSelector Combine(const TsSide& local, const TsSide& remote);

/// The Child SA proposals of a configuration as offered with SPI `spi`: with their DH groups
/// when a KE goes with them (CREATE_CHILD_SA with PFS), without them otherwise (IKE_AUTH).
IkeSaPayload ChildOffer(const ChildConfig& child, uint32_t spi, bool withDh);

/// All pairs of TSi x TSr (this node's point of view: `localList` are its selectors), each
/// narrowed by `configured`; the widest result, the first of equals. RFC 7296 2.9: the first
/// selectors may be the packet that triggered the request, the later ones the whole subnets.
std::optional<TrafficSelector> NarrowPairs(const std::vector<IkeTrafficSelector>& localList,
                                           const std::vector<IkeTrafficSelector>& remoteList,
                                           const std::vector<TrafficSelector>* configured,
                                           std::string* proposed, size_t* usable);

/// Every configured local x remote pair of a child, this node's point of view. A virtual IP
/// replaces its side: this node's own (a client's, from the gateway's CP) or the peer's (given
/// to it by this gateway).
std::vector<TrafficSelector> ConfiguredPairs(const ChildConfig& child, uint32_t localAddress,
                                             uint32_t peerAddress, uint32_t ownVirtualIp,
                                             uint32_t peerVirtualIp);

/// The first error notify of a response (types below 16384), or nullptr.
const IkeNotifyPayload* FirstError(const IkeMessage& m);

} // namespace ipseclab

#endif
