// The IPv4 header reader every inbound path starts with (version, IHL, total length, options),
// and the checksums computed over what it accepted.
#include "../fuzz-target.h"
#include "datapath/ipv4-wire.h"

IPSECLAB_FUZZ_TARGET(ipv4_header)
{
    const ipseclab::ByteSpan input(data, size);
    if (std::optional<ipseclab::Ipv4Fields> f = ipseclab::ReadIpv4Header(input))
    {
        uint8_t out[20];
        ipseclab::WriteIpv4Header(*f, out);
        ipseclab::InternetChecksum(data, size);
        ipseclab::UdpChecksum(f->src, f->dst, input);
    }
    return 0;
}
