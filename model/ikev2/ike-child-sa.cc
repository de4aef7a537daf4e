// Child SAs in the data plane: choosing SPIs, deriving KEYMAT and installing the SA pair and
// its policies (through the IKE core's ChildSaInstaller), removing them, and what the data plane
// asks of IKE: a rekey on soft expiry, a new exchange for a trapped packet (Acquire), with
// back-off after failures.
#include "crypto/ike-key-schedule.h"
#include "ikev2/ike-daemon.h"

#include <ns3/simulator.h>

#include <algorithm>

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::IkeMessage;
using ipseclab::IkeNotifyType;
using ipseclab::IkePayload;

uint32_t
IkeDaemon::NewChildSpi()
{
    for (;;)
    {
        uint32_t spi = m_random->GetInteger(0x100, 0xffffffffU);
        if (!m_installer.InboundSpiInUse(spi))
        {
            return spi;
        }
    }
}

ChildSa*
IkeDaemon::FindChild(IkeSa& sa, uint32_t inSpi)
{
    for (auto& child : sa.children)
    {
        if (child.inSpi == inSpi)
        {
            return &child;
        }
    }
    return nullptr;
}

bool
IkeDaemon::InstallChild(IkeSa& sa, ChildSa child, const Bytes& ni, const Bytes& nr,
                        const Bytes& gir, bool exchangeInitiator, uint32_t replacing)
{
    const auto& config = Config(sa).children[child.configIndex];
    ipseclab::ChildSaKeys keys = ipseclab::DeriveChildSaKeys(
        *sa.prf, sa.keys.skD, ni, nr, ipseclab::KeyLengths::For(child.proposal), gir);
    if (ChildSa* old = replacing ? FindChild(sa, replacing) : nullptr)
    {
        child.reqid = old->reqid;
    }
    else
    {
        child.reqid = m_installer.NewReqid();
    }
    child.nonceI = ni;
    child.nonceR = nr;

    // 2.17: keys for data from the exchange's initiator to its responder come first.
    ChildSaKeysByDirection directed;
    directed.encryptionOut =
        exchangeInitiator ? keys.encryptionInitiator : keys.encryptionResponder;
    directed.integrityOut = exchangeInitiator ? keys.integrityInitiator : keys.integrityResponder;
    directed.encryptionIn = exchangeInitiator ? keys.encryptionResponder : keys.encryptionInitiator;
    directed.integrityIn = exchangeInitiator ? keys.integrityResponder : keys.integrityInitiator;

    ipseclab::SaConfig base;
    base.protocol = ipseclab::IpsecProtocol::Esp;
    base.mode = child.mode;
    ipseclab::EspProposal noDh = child.proposal;
    noDh.dhGroup = nullptr;
    noDh.esn.reset();
    base.proposal = noDh.ToString();
    base.esn = config.esn;
    base.reqid = child.reqid;
    base.replayWindow = config.replayWindow;
    base.tfcPadTo = child.mode == ipseclab::IpsecMode::Tunnel ? config.tfcPadTo : 0;
    if (config.rekeyTime > 0)
    {
        // strongSwan: rekey at rekey_time minus a random part of rand_time; the SA itself
        // raises the soft expiry that starts the rekey (IpsecStack "SoftExpire").
        base.soft.seconds = config.rekeyTime - Jitter(config.EffectiveRandTime());
        base.hard.seconds = config.EffectiveLifeTime();
    }
    if (config.EffectiveLifeBytes() > 0)
    {
        base.soft.bytes = config.rekeyBytes; // 0: only the hard limit (life_bytes)
        base.hard.bytes = config.EffectiveLifeBytes();
    }
    if (config.rekeyPackets > 0)
    {
        base.soft.packets = config.rekeyPackets;
        base.hard.packets = config.rekeyPackets + config.rekeyPackets / 10;
    }
    try
    {
        m_installer.InstallPair(base,
                                child.outSpi,
                                child.inSpi,
                                LocalAddress(sa),
                                sa.peerAddress,
                                child.ts,
                                sa.natDetected ? sa.peerPort : 0,
                                directed);
    }
    catch (const std::exception& e)
    {
        Emit(IkeEvent("child-failed").Add("error", e.what()));
        return false;
    }
    m_installer.EnsurePolicies(child.reqid,
                               child.ts,
                               child.mode,
                               LocalAddress(sa),
                               sa.peerAddress,
                               Config(sa).name + "/" + config.name);
    EmitKey(sa, "KEYMAT", keys.keymat);
    Emit(IkeEvent("child-sa-installed")
             .Add("spi_in", uint64_t(child.inSpi))
             .Add("spi_out", uint64_t(child.outSpi))
             .Add("protocol", "esp")
             .Add("mode", ipseclab::ToString(child.mode))
             .Add("proposal", base.proposal)
             .Add("ts", child.ts.ToString())
             .Add("pfs", !gir.empty())
             .Add("rekey_of", uint64_t(replacing))
             .Add("udp_encap", sa.natDetected)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR))
             .Add("note",
                  replacing     ? "a rekeyed Child SA replaces the old one (new keys, new SPIs)"
                  : gir.empty() ? "IKE phase 2 complete: the Child SA (IPsec SA) protects "
                                  "traffic with keys from KEYMAT = prf+(SK_d, Ni | Nr)"
                                : "IKE phase 2 complete: the Child SA (IPsec SA) protects "
                                  "traffic with keys from KEYMAT = prf+(SK_d, g^ir | Ni | Nr)"));
    sa.children.push_back(std::move(child));
    return true;
}

void
IkeDaemon::RemoveChild(IkeSa& sa, uint32_t inSpi, const std::string& why, bool delayInbound)
{
    auto it = std::find_if(sa.children.begin(),
                           sa.children.end(),
                           [inSpi](const ChildSa& c) { return c.inSpi == inSpi; });
    if (it == sa.children.end())
    {
        return;
    }
    ChildSa child = *it;
    sa.children.erase(it);
    const double delay = delayInbound ? Config(sa).children[child.configIndex].deleteDelay : 0;
    m_installer.RemovePair(child.outSpi, inSpi, why, delay);
    Emit(IkeEvent("delete")
             .Add("what", "child")
             .Add("spi", uint64_t(inSpi))
             .Add("reason", why)
             .Add("inbound_delay_s", delay)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
    bool reqidStillUsed = false;
    for (const auto& [serial, other] : m_sas)
    {
        for (const auto& c : other->children)
        {
            reqidStillUsed |= c.reqid == child.reqid;
        }
    }
    if (!reqidStillUsed)
    {
        m_installer.RemovePolicies(child.reqid);
    }
}

void
IkeDaemon::OnSoftExpire(const ipseclab::SecurityAssociation& ipsecSa)
{
    const uint32_t spi = ipsecSa.Config().spi;
    for (auto& [serial, sa] : m_sas)
    {
        for (auto& child : sa->children)
        {
            if (child.inSpi == spi || child.outSpi == spi)
            {
                // Not inside the data path that raised it.
                Simulator::ScheduleNow(&IkeDaemon::StartChildRekey, this, serial, child.inSpi);
                return;
            }
        }
    }
}

void
IkeDaemon::OnAcquire(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey&)
{
    const uint32_t reqid = policy.protect.reqid;
    if (reqid < kTrapReqidBase || reqid - kTrapReqidBase >= m_configs.size() * kMaxChildren)
    {
        return;
    }
    const size_t index = (reqid - kTrapReqidBase) / kMaxChildren;
    const size_t childIndex = (reqid - kTrapReqidBase) % kMaxChildren;
    IkeSa* sa = FindForConnection(index);
    if (!sa)
    {
        if (!BackingOff(index, SIZE_MAX))
        {
            Simulator::ScheduleNow(&IkeDaemon::Initiate, this, index);
        }
        return;
    }
    if (sa->state != IkeSa::State::Established ||
        sa->tasks.Has(ipseclab::IkeTaskKind::ChildCreate, childIndex) ||
        BackingOff(index, childIndex))
    {
        return; // on its way (IKE_AUTH brings children[0]), or refused a moment ago
    }
    for (const auto& child : sa->children)
    {
        if (child.configIndex == childIndex && !child.replaced)
        {
            return; // installed: the packet raced the policy
        }
    }
    Simulator::ScheduleNow(&IkeDaemon::StartNewChild, this, sa->serial, childIndex);
}

bool
IkeDaemon::BackingOff(size_t configIndex, size_t childIndex) const
{
    return m_backOff.Active(configIndex, childIndex, Simulator::Now().GetSeconds());
}

void
IkeDaemon::RecordFailure(size_t configIndex, size_t childIndex, const std::string& what)
{
    const auto& b = m_backOff.Record(configIndex,
                                     childIndex,
                                     Simulator::Now().GetSeconds(),
                                     m_configs[configIndex].retransmitTimeout);
    Emit(IkeEvent("back-off")
             .Add("connection", m_configs[configIndex].name)
             .Add("what", what)
             .Add("delay_s", b.delay)
             .Add("note",
                  "trapped packets do not start a new exchange before the back-off has passed "
                  "(it doubles with each failure, up to 60 s)"));
}

} // namespace ns3
