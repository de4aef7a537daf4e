#include "sa/spd-entry.h"

#include <stdexcept>

namespace ipseclab
{

const char*
ToString(SpdAction action)
{
    switch (action)
    {
    case SpdAction::Protect:
        return "protect";
    case SpdAction::Bypass:
        return "bypass";
    case SpdAction::Discard:
        return "discard";
    }
    return "unknown";
}

const char*
ToString(IpsecProtocol protocol)
{
    switch (protocol)
    {
    case IpsecProtocol::Esp:
        return "esp";
    case IpsecProtocol::Ah:
        return "ah";
    case IpsecProtocol::EspAh:
        return "esp+ah";
    }
    return "unknown";
}

const char*
ToString(IpsecMode mode)
{
    return mode == IpsecMode::Tunnel ? "tunnel" : "transport";
}

SpdAction
ParseSpdAction(std::string_view text)
{
    if (text == "protect")
    {
        return SpdAction::Protect;
    }
    if (text == "bypass")
    {
        return SpdAction::Bypass;
    }
    if (text == "discard")
    {
        return SpdAction::Discard;
    }
    throw std::invalid_argument("unknown SPD action '" + std::string(text) +
                                "' (expected protect, bypass or discard)");
}

IpsecProtocol
ParseIpsecProtocol(std::string_view text)
{
    if (text == "esp")
    {
        return IpsecProtocol::Esp;
    }
    if (text == "ah")
    {
        return IpsecProtocol::Ah;
    }
    if (text == "esp+ah" || text == "ah+esp")
    {
        return IpsecProtocol::EspAh;
    }
    throw std::invalid_argument("unknown IPsec protocol '" + std::string(text) +
                                "' (expected esp, ah or esp+ah)");
}

IpsecMode
ParseIpsecMode(std::string_view text)
{
    if (text == "transport")
    {
        return IpsecMode::Transport;
    }
    if (text == "tunnel")
    {
        return IpsecMode::Tunnel;
    }
    throw std::invalid_argument("unknown IPsec mode '" + std::string(text) +
                                "' (expected transport or tunnel)");
}

void
SpdEntry::Validate() const
{
    try
    {
        selector.Validate();
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument("SPD entry " + std::to_string(id) + " '" + name +
                                    "': " + e.what());
    }
    if (action == SpdAction::Protect && protect.mode == IpsecMode::Tunnel &&
        (protect.tunnelLocal == 0 || protect.tunnelRemote == 0))
    {
        throw std::invalid_argument("SPD entry " + std::to_string(id) + " '" + name +
                                    "': tunnel mode needs both tunnel endpoints "
                                    "(local and remote)");
    }
}

std::string
SpdEntry::ToString() const
{
    std::string text = "#" + std::to_string(id) + " " + ipseclab::ToString(direction) + " prio " +
                       std::to_string(priority) + " " + ipseclab::ToString(action);
    if (action == SpdAction::Protect)
    {
        text += std::string(" ") + ipseclab::ToString(protect.protocol) + " " +
                ipseclab::ToString(protect.mode);
        if (protect.mode == IpsecMode::Tunnel)
        {
            text += " " + Ipv4AddressToString(protect.tunnelLocal) + "=" +
                    Ipv4AddressToString(protect.tunnelRemote);
        }
        text += " reqid " + std::to_string(protect.reqid);
    }
    text += " " + selector.ToString();
    if (!name.empty())
    {
        text += " (" + name + ")";
    }
    return text;
}

} // namespace ipseclab
