// AH as the receiver verifies it (first octet: HMAC-SHA-256/SHA-1/SHA-384/SHA-512, ESN): the
// outer IPv4 header is read from the input too, so mutable-field zeroing sees any header; then
// the AH header (length field against the ICV size), ICV and payload.
#include "../fuzz-keys.h"
#include "../fuzz-target.h"
#include "datapath/ah-codec.h"
#include "datapath/ipv4-wire.h"

IPSECLAB_FUZZ_TARGET(ah_open)
{
    if (size < 1 + 20)
    {
        return 0;
    }
    static std::vector<std::unique_ptr<ipseclab::Integrity>> integrities;
    if (integrities.empty())
    {
        for (size_t i = 0; i < ipseclab::fuzz::kAhAlgorithms.size(); ++i)
        {
            integrities.push_back(ipseclab::fuzz::FuzzAhIntegrity(i));
        }
    }
    ipseclab::Integrity& integrity = *integrities[(data[0] & 0x7f) % integrities.size()];
    const std::optional<uint32_t> seqHigh =
        (data[0] & 0x80) ? std::optional<uint32_t>(0) : std::nullopt;
    std::optional<ipseclab::Ipv4Fields> outer =
        ipseclab::ReadIpv4Header(ipseclab::ByteSpan(data + 1, size - 1));
    if (!outer)
    {
        return 0;
    }
    const size_t ihl = (data[1] & 0x0f) * 4u;
    if (size < 1 + ihl)
    {
        return 0;
    }
    ipseclab::AhPeekHeader(ipseclab::ByteSpan(data + 1 + ihl, size - 1 - ihl));
    ipseclab::AhOpen(
        integrity, *outer, ipseclab::ByteSpan(data + 1 + ihl, size - 1 - ihl), seqHigh);
    return 0;
}
