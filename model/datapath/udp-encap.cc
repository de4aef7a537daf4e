#include "udp-encap.h"

namespace ipseclab
{

const char*
ToString(UdpEncapKind kind)
{
    switch (kind)
    {
    case UdpEncapKind::Keepalive:
        return "keepalive";
    case UdpEncapKind::Ike:
        return "ike";
    case UdpEncapKind::Esp:
        return "esp";
    case UdpEncapKind::Malformed:
        return "malformed";
    }
    return "?";
}

UdpEncapKind
ClassifyUdpEncap(ByteSpan payload)
{
    if (payload.size() == 1 && payload[0] == 0xff)
    {
        return UdpEncapKind::Keepalive;
    }
    if (payload.size() >= 4 && payload[0] == 0 && payload[1] == 0 && payload[2] == 0 &&
        payload[3] == 0)
    {
        return UdpEncapKind::Ike;
    }
    return payload.size() >= 8 ? UdpEncapKind::Esp : UdpEncapKind::Malformed;
}

} // namespace ipseclab
