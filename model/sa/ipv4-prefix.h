// An IPv4 address prefix such as 10.1.0.0/16, the address part of an SPD selector.
#ifndef IPSECLAB_SA_IPV4_PREFIX_H
#define IPSECLAB_SA_IPV4_PREFIX_H

#include <cstdint>
#include <string>
#include <string_view>

namespace ipseclab
{

/// IPv4 prefix, address in host byte order. Length 0 ("any") matches every address.
struct Ipv4Prefix
{
    uint32_t address = 0;
    uint8_t length = 0;

    /// Netmask in host order (0 for length 0).
    uint32_t Mask() const;
    bool Contains(uint32_t hostOrderAddress) const;
    /// "10.1.0.0/16", "10.1.0.5/32" is printed as "10.1.0.5", length 0 as "any".
    std::string ToString() const;
    /// @throws std::invalid_argument if length > 32 or host bits are set.
    void Validate() const;

    /// Parse "10.1.0.0/16", "10.1.0.5" (a /32) or "any" (0.0.0.0/0).
    /// @throws std::invalid_argument with the offending text on any error, including host bits
    ///         set beyond the prefix length ("10.1.0.5/16").
    static Ipv4Prefix Parse(std::string_view text);
    static Ipv4Prefix Any();
    static Ipv4Prefix Host(uint32_t hostOrderAddress);

    bool operator==(const Ipv4Prefix& o) const
    {
        return address == o.address && length == o.length;
    }
};

/// Parse a dotted quad "a.b.c.d" to host order. @throws std::invalid_argument.
uint32_t ParseIpv4Address(std::string_view text);
/// Print a host-order address as a dotted quad.
std::string Ipv4AddressToString(uint32_t hostOrderAddress);

} // namespace ipseclab

#endif // IPSECLAB_SA_IPV4_PREFIX_H
