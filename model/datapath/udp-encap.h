// What a datagram on UDP port 4500 carries (RFC 3948): the one place that tells a NAT
// keepalive, IKE behind the non-ESP marker and UDP-encapsulated ESP apart. Used by the IPsec
// stack's port-4500 socket, the attackers that read the wire, and a fuzz target.
#ifndef IPSECLAB_DATAPATH_UDP_ENCAP_H
#define IPSECLAB_DATAPATH_UDP_ENCAP_H

#include "crypto/crypto-common.h"

namespace ipseclab
{

enum class UdpEncapKind
{
    Keepalive, ///< the single octet 0xFF (RFC 3948 2.3)
    Ike,       ///< four zero octets, then the IKE message (2.2)
    Esp,       ///< an ESP packet: its SPI is never zero (2.1)
    Malformed, ///< none of these: too short for an ESP header (SPI and sequence number)
};

const char* ToString(UdpEncapKind kind);
UdpEncapKind ClassifyUdpEncap(ByteSpan payload);
/// Octets before the carried message: 4 for IKE (the marker), 0 otherwise.
inline size_t
UdpEncapOffset(UdpEncapKind kind)
{
    return kind == UdpEncapKind::Ike ? 4 : 0;
}

} // namespace ipseclab

#endif
