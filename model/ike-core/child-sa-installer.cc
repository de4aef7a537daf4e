#include "ike-core/child-sa-installer.h"

#include "ike/ike-constants.h"

#include <ns3/simulator.h>

namespace ns3
{

bool
ChildSaInstaller::InboundSpiInUse(uint32_t spi) const
{
    return m_ipsec->GetSad().FindInbound(ipseclab::IpsecProtocol::Esp, spi) != nullptr;
}

void
ChildSaInstaller::InstallPair(const ipseclab::SaConfig& base, uint32_t outSpi, uint32_t inSpi,
                              uint32_t localAddress, uint32_t peerAddress,
                              const ipseclab::TrafficSelector& ts, uint16_t natPeerPort,
                              const ChildSaKeysByDirection& keys)
{
    ipseclab::SaConfig out = base;
    out.spi = outSpi;
    out.direction = ipseclab::Direction::Outbound;
    out.src = localAddress;
    out.dst = peerAddress;
    out.selector = ts;
    out.encryptionKey = keys.encryptionOut;
    out.integrityKey = keys.integrityOut;
    ipseclab::SaConfig in = base;
    in.spi = inSpi;
    in.direction = ipseclab::Direction::Inbound;
    in.src = peerAddress;
    in.dst = localAddress;
    in.selector = ts;
    in.encryptionKey = keys.encryptionIn;
    in.integrityKey = keys.integrityIn;
    if (natPeerPort != 0)
    {
        out.encapSrcPort = ipseclab::kIkeNatTPort;
        out.encapDstPort = natPeerPort;
        in.encapSrcPort = natPeerPort;
        in.encapDstPort = ipseclab::kIkeNatTPort;
    }
    m_ipsec->AddSa(out);
    m_ipsec->AddSa(in);
}

void
ChildSaInstaller::EnsurePolicies(uint32_t reqid, const ipseclab::TrafficSelector& ts,
                                 ipseclab::IpsecMode mode, uint32_t localAddress,
                                 uint32_t peerAddress, const std::string& name)
{
    if (m_policies.count(reqid) != 0)
    {
        return;
    }
    for (auto direction : {ipseclab::Direction::Outbound, ipseclab::Direction::Inbound})
    {
        ipseclab::SpdEntry e;
        e.direction = direction;
        e.selector = ts;
        e.action = ipseclab::SpdAction::Protect;
        e.priority = 100;
        e.protect.protocol = ipseclab::IpsecProtocol::Esp;
        e.protect.mode = mode;
        if (mode == ipseclab::IpsecMode::Tunnel)
        {
            e.protect.tunnelLocal = localAddress;
            e.protect.tunnelRemote = peerAddress;
        }
        e.protect.reqid = reqid;
        e.name = name;
        m_policies[reqid].push_back(m_ipsec->AddPolicy(e));
    }
}

void
ChildSaInstaller::RemovePair(uint32_t outSpi, uint32_t inSpi, const std::string& why,
                             double inboundDelay)
{
    m_ipsec->RemoveSa(ipseclab::Direction::Outbound, ipseclab::IpsecProtocol::Esp, outSpi, why);
    if (inboundDelay > 0)
    {
        Simulator::Schedule(Seconds(inboundDelay),
                            [ipsec = m_ipsec, inSpi, why]() {
                                ipsec->RemoveSa(ipseclab::Direction::Inbound,
                                                ipseclab::IpsecProtocol::Esp,
                                                inSpi,
                                                why);
                            });
    }
    else
    {
        m_ipsec->RemoveSa(ipseclab::Direction::Inbound, ipseclab::IpsecProtocol::Esp, inSpi, why);
    }
}

void
ChildSaInstaller::RemovePolicies(uint32_t reqid)
{
    for (uint32_t id : m_policies[reqid])
    {
        m_ipsec->RemovePolicy(id);
    }
    m_policies.erase(reqid);
}

void
ChildSaInstaller::StopSending(uint32_t outSpi)
{
    if (auto* out = m_ipsec->GetSad().Find(
            ipseclab::Direction::Outbound, ipseclab::IpsecProtocol::Esp, outSpi))
    {
        out->MarkExpired();
    }
}

} // namespace ns3
