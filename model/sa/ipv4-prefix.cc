#include "sa/ipv4-prefix.h"

#include "sa/parse-util.h"

#include <stdexcept>

namespace ipseclab
{

uint32_t
ParseIpv4Address(std::string_view text)
{
    uint32_t address = 0;
    std::string_view rest = text;
    for (int i = 0; i < 4; ++i)
    {
        size_t dot = rest.find('.');
        std::string_view part = i < 3 ? rest.substr(0, dot) : rest;
        uint32_t octet = 0;
        if ((i < 3 && dot == std::string_view::npos) || !detail::ParseDecimal(part, 255, octet))
        {
            throw std::invalid_argument("bad IPv4 address '" + std::string(text) +
                                        "' (expected a.b.c.d, each 0-255)");
        }
        address = (address << 8) | octet;
        if (i < 3)
        {
            rest = rest.substr(dot + 1);
        }
    }
    return address;
}

std::string
Ipv4AddressToString(uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." +
           std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

uint32_t
Ipv4Prefix::Mask() const
{
    if (length == 0)
    {
        return 0;
    }
    if (length >= 32)
    {
        return 0xffffffffu;
    }
    return ~uint32_t{0} << (32 - length);
}

bool
Ipv4Prefix::Contains(uint32_t hostOrderAddress) const
{
    // Mask both sides so a prefix built by hand with host bits set still behaves.
    return (hostOrderAddress & Mask()) == (address & Mask());
}

std::string
Ipv4Prefix::ToString() const
{
    if (length == 0 && address == 0)
    {
        return "any";
    }
    if (length == 32)
    {
        return Ipv4AddressToString(address);
    }
    return Ipv4AddressToString(address) + "/" + std::to_string(length);
}

void
Ipv4Prefix::Validate() const
{
    if (length > 32)
    {
        throw std::invalid_argument("IPv4 prefix length " + std::to_string(length) +
                                    " is larger than 32");
    }
    if ((address & ~Mask()) != 0)
    {
        throw std::invalid_argument("IPv4 prefix " + Ipv4AddressToString(address) + "/" +
                                    std::to_string(length) + " has host bits set (did you mean " +
                                    Ipv4AddressToString(address & Mask()) + "/" +
                                    std::to_string(length) + "?)");
    }
}

Ipv4Prefix
Ipv4Prefix::Parse(std::string_view text)
{
    if (text == "any")
    {
        return Any();
    }
    size_t slash = text.find('/');
    Ipv4Prefix prefix;
    prefix.address = ParseIpv4Address(text.substr(0, slash));
    prefix.length = 32;
    if (slash != std::string_view::npos)
    {
        uint32_t length = 0;
        std::string_view lengthText = text.substr(slash + 1);
        if (!detail::ParseDecimal(lengthText, 255, length) || length > 32)
        {
            throw std::invalid_argument("bad IPv4 prefix length in '" + std::string(text) +
                                        "' (expected 0-32)");
        }
        prefix.length = static_cast<uint8_t>(length);
    }
    prefix.Validate();
    return prefix;
}

Ipv4Prefix
Ipv4Prefix::Any()
{
    return Ipv4Prefix{0, 0};
}

Ipv4Prefix
Ipv4Prefix::Host(uint32_t hostOrderAddress)
{
    return Ipv4Prefix{hostOrderAddress, 32};
}

} // namespace ipseclab
