#include "helper/ipsec-helper.h"

#include "ike/ike-constants.h"

#include <ns3/names.h>

namespace ns3
{

using ipseclab::Direction;
using ipseclab::IpsecProtocol;

IpsecHelper::IpsecHelper()
{
    m_factory.SetTypeId(IpsecStack::GetTypeId());
}

void
IpsecHelper::SetStackAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<IpsecStack>
IpsecHelper::Install(Ptr<Node> node) const
{
    if (Ptr<IpsecStack> existing = node->GetObject<IpsecStack>())
    {
        return existing;
    }
    Ptr<IpsecStack> stack = m_factory.Create<IpsecStack>();
    node->AggregateObject(stack);
    stack->Install(node);
    return stack;
}

void
IpsecHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

Ptr<IpsecStack>
IpsecHelper::GetStack(Ptr<Node> node)
{
    return node->GetObject<IpsecStack>();
}

int64_t
IpsecHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<IpsecStack> stack = GetStack(*it))
        {
            used += stack->AssignStreams(stream + used);
        }
    }
    return used;
}

Ns3RandomSource::Ns3RandomSource(int64_t stream)
    : m_random(CreateObject<UniformRandomVariable>())
{
    if (stream >= 0)
    {
        m_random->SetStream(stream);
    }
}

void
Ns3RandomSource::Fill(uint8_t* out, size_t length)
{
    for (size_t i = 0; i < length; ++i)
    {
        out[i] = static_cast<uint8_t>(m_random->GetInteger(0, 255));
    }
}

namespace
{

struct Keys
{
    ipseclab::Bytes encryption;
    ipseclab::Bytes integrity;
};

Keys
MakeKeys(IpsecProtocol protocol, const ManualSaPairConfig& c, ipseclab::RandomSource& random)
{
    Keys keys;
    if (protocol == IpsecProtocol::Esp)
    {
        ipseclab::EspProposal p = ipseclab::ParseEspProposal(c.espProposal);
        keys.encryption = random.Get(p.encryption->KeymatSize());
        if (p.integrity)
        {
            keys.integrity = random.Get(p.integrity->keySize);
        }
    }
    else
    {
        ipseclab::AhProposal p = ipseclab::ParseAhProposal(c.ahProposal);
        keys.integrity = random.Get(p.integrity->keySize);
    }
    return keys;
}

ipseclab::TrafficSelector
Selector(const std::string& local, const std::string& remote, uint8_t protocol)
{
    ipseclab::TrafficSelector s;
    s.local = ipseclab::Ipv4Prefix::Parse(local);
    s.remote = ipseclab::Ipv4Prefix::Parse(remote);
    s.protocol = protocol;
    return s;
}

/// Narrows a selector pair to B's service port: A sees it as the remote port, B as local.
void
RestrictToPortB(ipseclab::TrafficSelector& fromA, ipseclab::TrafficSelector& fromB, uint16_t port)
{
    if (port != 0)
    {
        fromA.remotePorts = ipseclab::PortRange::Single(port);
        fromB.localPorts = ipseclab::PortRange::Single(port);
    }
}

std::string
HostPrefix(Ipv4Address address)
{
    return ipseclab::Ipv4AddressToString(address.Get()) + "/32";
}

} // namespace

void
InstallManualSaPair(Ptr<IpsecStack> a, Ptr<IpsecStack> b, const ManualSaPairConfig& c,
                    ipseclab::RandomSource& random)
{
    const std::string netA = c.trafficA.empty() ? HostPrefix(c.addressA) : c.trafficA;
    const std::string netB = c.trafficB.empty() ? HostPrefix(c.addressB) : c.trafficB;
    ipseclab::TrafficSelector fromA = Selector(netA, netB, c.ipProtocol);
    ipseclab::TrafficSelector fromB = Selector(netB, netA, c.ipProtocol);
    RestrictToPortB(fromA, fromB, c.portB);

    std::vector<IpsecProtocol> protocols;
    if (c.protocol != IpsecProtocol::Ah)
    {
        protocols.push_back(IpsecProtocol::Esp);
    }
    if (c.protocol != IpsecProtocol::Esp)
    {
        protocols.push_back(IpsecProtocol::Ah);
    }
    for (IpsecProtocol protocol : protocols)
    {
        const bool bundleAh = protocol == IpsecProtocol::Ah && c.protocol == IpsecProtocol::EspAh;
        const uint32_t offset = bundleAh ? c.ahSpiOffset : 0;
        for (bool aToB : {true, false})
        {
            ipseclab::SaConfig sa;
            sa.spi = (aToB ? c.spiAtoB : c.spiBtoA) + offset;
            sa.protocol = protocol;
            // In a bundle AH covers the ESP packet end to end with the same outer addresses.
            sa.mode = bundleAh ? ipseclab::IpsecMode::Transport : c.mode;
            sa.src = (aToB ? c.addressA : c.addressB).Get();
            sa.dst = (aToB ? c.addressB : c.addressA).Get();
            sa.proposal = protocol == IpsecProtocol::Esp ? c.espProposal : c.ahProposal;
            Keys keys = MakeKeys(protocol, c, random);
            sa.encryptionKey = keys.encryption;
            sa.integrityKey = keys.integrity;
            sa.replayWindow = c.replayWindow;
            sa.esn = c.esn;
            sa.soft = c.soft;
            sa.hard = c.hard;
            if (c.udpEncap && protocol == IpsecProtocol::Esp)
            {
                sa.encapSrcPort = ipseclab::kIkeNatTPort;
                sa.encapDstPort = ipseclab::kIkeNatTPort;
            }
            if (protocol == IpsecProtocol::Esp)
            {
                sa.tfcPadTo = c.tfcPadTo;
            }
            sa.reqid = c.reqid;
            ipseclab::SaConfig out = sa;
            out.direction = Direction::Outbound;
            out.selector = aToB ? fromA : fromB;
            ipseclab::SaConfig in = sa;
            in.direction = Direction::Inbound;
            in.selector = aToB ? fromB : fromA;
            (aToB ? a : b)->AddSa(out);
            (aToB ? b : a)->AddSa(in);
        }
    }
    for (bool onA : {true, false})
    {
        for (Direction direction : {Direction::Outbound, Direction::Inbound})
        {
            ipseclab::SpdEntry e;
            e.direction = direction;
            e.selector = onA ? fromA : fromB;
            e.action = ipseclab::SpdAction::Protect;
            e.priority = c.priority;
            e.protect.protocol = c.protocol;
            e.protect.mode = c.mode;
            if (c.mode == ipseclab::IpsecMode::Tunnel)
            {
                e.protect.tunnelLocal = (onA ? c.addressA : c.addressB).Get();
                e.protect.tunnelRemote = (onA ? c.addressB : c.addressA).Get();
            }
            e.protect.reqid = c.reqid;
            e.name = std::string("manual ") + ipseclab::ToString(c.protocol) + " " +
                     ipseclab::ToString(c.mode) + " reqid " + std::to_string(c.reqid);
            (onA ? a : b)->AddPolicy(e);
        }
    }
}

} // namespace ns3
