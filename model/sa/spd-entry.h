// One SPD entry (RFC 4301 section 4.4.1.2, simplified): selector, action and what PROTECT needs.
#ifndef IPSECLAB_SA_SPD_ENTRY_H
#define IPSECLAB_SA_SPD_ENTRY_H

#include "sa/selector.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ipseclab
{

/// What the SPD says to do with a matching packet.
enum class SpdAction : uint8_t
{
    Protect, ///< apply IPsec (outbound) / require IPsec (inbound)
    Bypass,  ///< pass in the clear
    Discard, ///< drop
};

/// IPsec protocol(s) a PROTECT entry applies. EspAh = ESP inside, AH outside.
enum class IpsecProtocol : uint8_t
{
    Esp,
    Ah,
    EspAh,
};

enum class IpsecMode : uint8_t
{
    Transport,
    Tunnel,
};

/// "protect", "bypass", "discard".
const char* ToString(SpdAction action);
/// "esp", "ah", "esp+ah".
const char* ToString(IpsecProtocol protocol);
/// "transport", "tunnel".
const char* ToString(IpsecMode mode);

/// Inverse of ToString. @throws std::invalid_argument naming the bad text and the valid names.
SpdAction ParseSpdAction(std::string_view text);
/// Also accepts "ah+esp" for EspAh.
IpsecProtocol ParseIpsecProtocol(std::string_view text);
IpsecMode ParseIpsecMode(std::string_view text);

/// What a PROTECT entry needs to find or negotiate its SAs; ignored for BYPASS and DISCARD.
struct ProtectSpec
{
    IpsecProtocol protocol = IpsecProtocol::Esp;
    IpsecMode mode = IpsecMode::Transport;
    uint32_t tunnelLocal = 0;  ///< tunnel mode: this gateway's outer address (host order)
    uint32_t tunnelRemote = 0; ///< tunnel mode: the peer gateway's outer address (host order)
    uint32_t reqid = 0;        ///< links the policy to its SAs (as in Linux XFRM / strongSwan)

    bool operator==(const ProtectSpec& o) const
    {
        return protocol == o.protocol && mode == o.mode && tunnelLocal == o.tunnelLocal &&
               tunnelRemote == o.tunnelRemote && reqid == o.reqid;
    }
};

struct SpdEntry
{
    uint32_t id = 0; ///< unique in its Spd; 0 in Spd::Add means "assign one"
    Direction direction = Direction::Outbound;
    TrafficSelector selector;
    SpdAction action = SpdAction::Bypass;
    uint32_t priority = 0; ///< lower is consulted first; ties keep insertion order
    ProtectSpec protect;
    std::string name; ///< free text for events and the visualizer

    /// @throws std::invalid_argument on a bad selector, or tunnel mode without both endpoints.
    void Validate() const;
    /// One line for logs: "#3 out prio 10 protect esp tunnel 10.1.0.0/16[any] -> ... (name)".
    std::string ToString() const;
};

} // namespace ipseclab

#endif // IPSECLAB_SA_SPD_ENTRY_H
