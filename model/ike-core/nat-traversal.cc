#include "ike-core/nat-traversal.h"

#include "ike/ike-constants.h"

namespace ipseclab
{

NatDetection
DetectNat(const Bytes& sourceHash, const Bytes& destinationHash, const Bytes& peerHash,
          const Bytes& localHash, bool forceEncap)
{
    NatDetection out;
    out.peerBehindNat = sourceHash != peerHash;
    out.selfBehindNat = destinationHash != localHash;
    out.encapsulate = out.peerBehindNat || out.selfBehindNat || forceEncap;
    return out;
}

void
FloatToNatT(uint16_t& localPort, uint16_t& peerPort)
{
    localPort = kIkeNatTPort;
    peerPort = kIkeNatTPort;
}

bool
AcceptsNewPeerPort(bool protectedMessage, uint16_t toPort, bool natDetected)
{
    return protectedMessage && toPort == kIkeNatTPort && natDetected;
}

} // namespace ipseclab
