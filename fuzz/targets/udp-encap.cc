// What arrives on UDP port 4500 (RFC 3948): keepalive, the non-ESP marker and IKE behind it,
// or ESP; then the header of whatever it was taken for, as the stack and the daemon read it.
#include "datapath/udp-encap.h"

#include "../fuzz-target.h"
#include "datapath/esp-codec.h"
#include "ike/ike-message.h"

IPSECLAB_FUZZ_TARGET(udp_encap)
{
    const ipseclab::ByteSpan input(data, size);
    const ipseclab::UdpEncapKind kind = ipseclab::ClassifyUdpEncap(input);
    ipseclab::ToString(kind);
    const ipseclab::ByteSpan rest = input.subspan(ipseclab::UdpEncapOffset(kind));
    if (kind == ipseclab::UdpEncapKind::Ike)
    {
        ipseclab::IkeMessage::PeekHeader(rest);
        ipseclab::IkeMessage::Decode(rest).Summary();
    }
    else if (kind == ipseclab::UdpEncapKind::Esp && !ipseclab::EspPeekHeader(rest))
    {
        __builtin_trap(); // classified as ESP, it must have an ESP header
    }
    return 0;
}
