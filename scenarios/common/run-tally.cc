#include "run-tally.h"

#include <algorithm>

namespace ns3
{

namespace
{

std::string
Text(const ipseclab::Event& e, const char* name)
{
    return ipseclab::ValueText(e.Find(name));
}

bool
Flag(const ipseclab::Event& e, const char* name)
{
    return ipseclab::ValueBool(e.Find(name));
}

/// An IKE_SA_INIT answer that creates no state at the responder (RFC 7296 2.6, 2.7, 1.2).
bool
IsRefusal(const ipseclab::Event& e)
{
    const ipseclab::EventValue* payloads = e.Find("payloads");
    if (!payloads)
    {
        return false;
    }
    for (const ipseclab::EventValue& p : payloads->GetItems())
    {
        const std::string& name = p.GetString();
        if (name == "N(COOKIE)" || name == "N(NO_PROPOSAL_CHOSEN)" ||
            name == "N(INVALID_KE_PAYLOAD)")
        {
            return true;
        }
    }
    return false;
}

} // namespace

size_t
RunTally::NodeTally::IkeSasHeld() const
{
    return ikeSas.size() + m_halfOpen.size() + m_initiating.size();
}

std::string
RunTally::NodeTally::CurrentVirtualIp() const
{
    return ikeSas.empty() || virtualIp == "none" ? "" : virtualIp;
}

Ipv4Address
VirtualIpOrAny(const RunTally::NodeTally& node)
{
    const std::string address = node.CurrentVirtualIp();
    return address.empty() ? Ipv4Address::GetAny() : Ipv4Address(address.c_str());
}

const RunTally::NodeTally&
RunTally::Of(uint32_t node) const
{
    static const NodeTally kNone;
    auto it = m_nodes.find(node);
    return it == m_nodes.end() ? kNone : it->second;
}

void
RunTally::Observe(const ipseclab::Event& e)
{
    NodeTally& t = m_nodes[e.GetNode()];
    if (e.GetLayer() == ipseclab::Layer::Ike)
    {
        ObserveIke(t, e, e.GetTime() / 1e9);
    }
    else
    {
        ObserveDataPlane(t, e);
    }
}

void
RunTally::ObserveDataPlane(NodeTally& t, const ipseclab::Event& e)
{
    const ipseclab::Layer layer = e.GetLayer();
    const std::string& kind = e.GetKind();
    const bool packetLayer = layer == ipseclab::Layer::Esp || layer == ipseclab::Layer::Ah;
    auto sa = t.m_saByName.end();
    if (const ipseclab::EventValue* name = e.Find("sa"))
    {
        sa = t.m_saByName.find(ipseclab::ValueText(name));
    }
    const bool known = sa != t.m_saByName.end();
    if (packetLayer && (kind == "encap" || (kind == "decap" && Flag(e, "icv_ok"))))
    {
        ++(kind == "encap" ? t.protectedPackets : t.unprotectedPackets);
        if (known)
        {
            ++sa->second->packets;
            sa->second->octets += ipseclab::ValueUint(e.Find("octets"));
        }
    }
    else if ((packetLayer || layer == ipseclab::Layer::Spd) && kind == "drop")
    {
        const std::string reason = Text(e, "reason");
        ++t.drops[reason];
        if (known)
        {
            ++sa->second->drops[reason];
        }
    }
    else if (layer == ipseclab::Layer::Sad)
    {
        if (kind == "install")
        {
            ++t.sasInstalled;
            SaTally installed;
            installed.sa = Text(e, "sa");
            installed.spi = ipseclab::ValueUint(e.Find("spi"));
            installed.direction = Text(e, "direction");
            installed.protocol = Text(e, "protocol");
            installed.mode = Text(e, "mode");
            installed.proposal = Text(e, "proposal");
            t.sas.push_back(std::move(installed));
            t.m_saByName[t.sas.back().sa] = std::prev(t.sas.end());
        }
        else if (kind == "delete")
        {
            ++t.sasDeleted;
            if (known)
            {
                t.sas.erase(sa->second);
                t.m_saByName.erase(sa);
            }
        }
        else if (known && kind == "expire-soft")
        {
            sa->second->state = "soft-expired";
        }
        else if (known && (kind == "expire-hard" || kind == "sequence-overflow"))
        {
            sa->second->state = "expired";
        }
    }
}

void
RunTally::ObserveIke(NodeTally& t, const ipseclab::Event& e, double now)
{
    const std::string& kind = e.GetKind();
    const IkeSaKey sa{Text(e, "spi_i"), Text(e, "spi_r")};
    auto endIkeSa = [&t](const IkeSaKey& gone)
    {
        for (auto it = t.childSas.begin(); it != t.childSas.end();)
        {
            it = it->second.ikeSa == gone ? t.childSas.erase(it) : std::next(it);
        }
        t.m_halfOpen.erase(gone);
        t.m_initiating.erase(gone.first);
        t.ikeSas.erase(gone);
    };
    if (kind == "message-sent")
    {
        ++t.ikeMessagesSent;
        if (Text(e, "exchange") == "IKE_SA_INIT" && Flag(e, "response") && !IsRefusal(e))
        {
            t.m_halfOpen.insert(sa);
            t.halfOpenPeak = std::max<uint64_t>(t.halfOpenPeak, t.m_halfOpen.size());
        }
        else if (Text(e, "exchange") == "IKE_SA_INIT" && !Flag(e, "response"))
        {
            t.m_initiating.insert(sa.first);
        }
    }
    else if (kind == "message-received")
    {
        ++t.ikeMessagesReceived;
    }
    else if (kind == "message-dropped")
    {
        ++t.ikeMessagesDropped[Text(e, "reason")];
    }
    else if (kind == "retransmit")
    {
        ++t.retransmissions;
    }
    else if (kind == "cookie" && e.Find("threshold"))
    {
        ++t.cookiesSent;
    }
    else if (kind == "virtual-ip" && !e.Find("pool"))
    {
        t.virtualIp = Text(e, "address");
    }
    else if (kind == "sa-established")
    {
        if (!Flag(e, "rekey"))
        {
            ++t.ikeSasEstablished;
        }
        if (!Flag(e, "initiator"))
        {
            t.m_halfOpen.erase(sa);
        }
        t.m_initiating.erase(sa.first);
        t.ikeSas.insert(sa);
        if (t.setupTime < 0)
        {
            t.setupTime = ipseclab::ValueReal(e.Find("setup_time_s"));
        }
    }
    else if (kind == "child-sa-installed")
    {
        t.childSas[ipseclab::ValueUint(e.Find("spi_in"))] = {ipseclab::ValueUint(e.Find("spi_out")),
                                                             sa};
    }
    else if (kind == "delete")
    {
        if (Text(e, "what") == "child")
        {
            t.childSas.erase(ipseclab::ValueUint(e.Find("spi")));
        }
        else
        {
            endIkeSa(sa);
        }
    }
    else if (kind == "ike-sa-closed" || kind == "ike-sa-failed" || kind == "dead-peer")
    {
        endIkeSa(sa);
    }
    else if (kind == "rekey-start")
    {
        t.m_rekeyStarted[Text(e, "what") + "/" + Text(e, "spi")] = now;
    }
    else if (kind == "rekey-done")
    {
        ++t.rekeys;
        const bool ike = Text(e, "what") == "ike";
        if (ike)
        {
            const IkeSaKey old{Text(e, "old_spi_i"), Text(e, "old_spi_r")};
            t.ikeSas.erase(old);
            for (auto& [spi, child] : t.childSas)
            {
                if (child.ikeSa == old)
                {
                    child.ikeSa = sa; // the Child SAs move to the new IKE SA (RFC 7296 2.18)
                }
            }
        }
        auto it = t.m_rekeyStarted.find(ike ? "ike/" : "child/" + Text(e, "old_spi"));
        if (it != t.m_rekeyStarted.end())
        {
            t.rekeyDurations.push_back(now - it->second);
            t.m_rekeyStarted.erase(it);
        }
    }
}

} // namespace ns3
