#include "datapath/security-association.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace ipseclab
{

bool
Lifetime::IsUnlimited() const
{
    return bytes == 0 && packets == 0 && seconds == 0;
}

std::string
Lifetime::ToString() const
{
    if (IsUnlimited())
    {
        return "unlimited";
    }
    std::ostringstream out;
    const char* sep = "";
    if (seconds > 0)
    {
        out << seconds << "s";
        sep = ", ";
    }
    if (bytes > 0)
    {
        out << sep << bytes << " bytes";
        sep = ", ";
    }
    if (packets > 0)
    {
        out << sep << packets << " packets";
    }
    return out.str();
}

void
SaConfig::Validate() const
{
    auto fail = [this](const std::string& what)
    {
        char spiText[16];
        std::snprintf(spiText, sizeof spiText, "0x%08x", spi);
        throw std::invalid_argument("SA " + std::string(spiText) + ": " + what);
    };
    if (spi < 256)
    {
        fail("SPI values 0-255 are reserved (RFC 4301 4.1); use 256 or more");
    }
    if (protocol == IpsecProtocol::EspAh)
    {
        fail("an SA is either ESP or AH; a bundle is two SAs");
    }
    if (mode == IpsecMode::Tunnel && (src == 0 || dst == 0))
    {
        fail("tunnel mode needs both outer addresses (src and dst)");
    }
    if (replayWindow > ReplayWindow::kMaxSize)
    {
        fail("replay window " + std::to_string(replayWindow) + " is larger than the maximum " +
             std::to_string(ReplayWindow::kMaxSize));
    }
    if ((encapSrcPort == 0) != (encapDstPort == 0))
    {
        fail("ESP in UDP needs both ports (usually 4500 and 4500)");
    }
    if (protocol == IpsecProtocol::Ah && (encapSrcPort != 0 || tfcPadTo != 0))
    {
        fail("UDP encapsulation and TFC padding are ESP features");
    }
    auto checkLifetime = [&](const Lifetime& l, const char* which)
    {
        if (l.seconds < 0)
        {
            fail(std::string(which) + " lifetime in seconds is negative");
        }
    };
    checkLifetime(soft, "soft");
    checkLifetime(hard, "hard");
    selector.Validate();
}

const char*
ToString(SaState state)
{
    switch (state)
    {
    case SaState::Active:
        return "active";
    case SaState::SoftExpired:
        return "soft-expired";
    case SaState::Expired:
        return "expired";
    }
    return "unknown";
}

SecurityAssociation::SecurityAssociation(SaConfig config)
    : m_config(std::move(config))
    , m_replay(m_config.direction == Direction::Inbound ? m_config.replayWindow : 0)
{
    m_config.Validate();
    if (m_config.protocol == IpsecProtocol::Esp)
    {
        m_esp = std::make_unique<EspTransform>(
            m_config.proposal, m_config.encryptionKey, m_config.integrityKey);
    }
    else
    {
        AhProposal ah = ParseAhProposal(m_config.proposal);
        m_ah = std::make_unique<Integrity>(*ah.integrity, m_config.integrityKey);
    }
}

std::optional<uint64_t>
SecurityAssociation::NextSequence()
{
    const uint64_t last = m_config.esn ? UINT64_MAX : UINT32_MAX;
    if (m_state == SaState::Expired || m_lastSeq >= last)
    {
        m_state = SaState::Expired;
        return std::nullopt;
    }
    return ++m_lastSeq;
}

LifetimeCrossing
SecurityAssociation::Account(size_t bytes)
{
    ++m_packets;
    m_bytes += bytes;
    auto reached = [this](const Lifetime& l)
    {
        return (l.packets != 0 && m_packets >= l.packets) || (l.bytes != 0 && m_bytes >= l.bytes);
    };
    if (m_state != SaState::Expired && reached(m_config.hard))
    {
        m_state = SaState::Expired;
        return LifetimeCrossing::Hard;
    }
    if (m_state == SaState::Active && reached(m_config.soft))
    {
        m_state = SaState::SoftExpired;
        return LifetimeCrossing::Soft;
    }
    return LifetimeCrossing::None;
}

LifetimeCrossing
SecurityAssociation::ExpireByTime(bool hard)
{
    if (hard)
    {
        if (m_state == SaState::Expired)
        {
            return LifetimeCrossing::None;
        }
        m_state = SaState::Expired;
        return LifetimeCrossing::Hard;
    }
    if (m_state != SaState::Active)
    {
        return LifetimeCrossing::None;
    }
    m_state = SaState::SoftExpired;
    return LifetimeCrossing::Soft;
}

std::string
SecurityAssociation::Describe() const
{
    char text[64];
    std::snprintf(text,
                  sizeof text,
                  "%s/%s/0x%08x/%s",
                  ToString(m_config.protocol),
                  ToString(m_config.mode),
                  m_config.spi,
                  m_config.direction == Direction::Inbound ? "in" : "out");
    return text;
}

} // namespace ipseclab
