// NAT traversal as both IKE versions do it (RFC 7296 2.23, RFC 3947/3948): compare the peer's
// NAT detection hashes with the ones this node computes, float to UDP 4500, and accept a
// peer whose NAT mapped it to a new port. The hashes themselves are per version (IKEv2's are
// in ike/ike-helpers.h).
#ifndef IPSECLAB_IKE_CORE_NAT_TRAVERSAL_H
#define IPSECLAB_IKE_CORE_NAT_TRAVERSAL_H

#include "crypto/crypto-common.h"

#include <cstdint>

namespace ipseclab
{

struct NatDetection
{
    bool peerBehindNat = false; ///< the peer's source address/port was translated
    bool selfBehindNat = false; ///< this node's was: it sends the NAT keepalives
    bool encapsulate = false;   ///< ESP in UDP and IKE on 4500 (a NAT, or forced)
};

/// `sourceHash`/`destinationHash` as received; `peerHash`/`localHash` what this node computes
/// over the peer's and its own address and port.
NatDetection DetectNat(const Bytes& sourceHash, const Bytes& destinationHash, const Bytes& peerHash,
                       const Bytes& localHash, bool forceEncap);

/// After NAT detection both sides move to port 4500 (from the exchange after the first).
void FloatToNatT(uint16_t& localPort, uint16_t& peerPort);

/// A message from another port than the one the IKE SA talks to is believed only when it is
/// protected, arrived on 4500, and a NAT was detected (the NAT mapped the peer anew).
bool AcceptsNewPeerPort(bool protectedMessage, uint16_t toPort, bool natDetected);

} // namespace ipseclab

#endif
