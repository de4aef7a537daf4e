#include "ike-defence-options.h"

#include <ns3/config.h>
#include <ns3/simulator.h>
#include <ns3/uinteger.h>

#include <iostream>
#include <sstream>

namespace ns3
{

namespace
{

const char* const kAttacks[] = {
    "none", "forged-delete", "forged-auth-failed", "init-flood", "malformed"};

} // namespace

void
IkeDefenceOptions::AddTo(CheckedCommandLine& cmd)
{
    cmd.AddValue("cookieThreshold",
                 "Half-open IKE SAs from which on the responder asks for a COOKIE (0: never)",
                 m_cookieThreshold);
    cmd.AddValue("halfOpenLimit",
                 "Half-open IKE SAs from which on new IKE_SA_INIT are dropped (0: no limit)",
                 m_halfOpenLimit);
    cmd.AddValue("attack",
                 "An attacker on the WAN forges IKE: none, forged-delete (a cleartext DELETE of "
                 "the IKE SA, at --attackAt), forged-auth-failed (a cleartext "
                 "AUTHENTICATION_FAILED answer to IKE_AUTH), init-flood (--floodCount "
                 "IKE_SA_INIT from spoofed addresses from 0.05 s), malformed (truncated, "
                 "inconsistent, unsolicited IKE messages at --attackAt + 0.1 s); several with "
                 "commas",
                 m_attack);
    cmd.AddValue("attackAt", "When the forged DELETE is sent (seconds)", m_attackAt);
    cmd.AddValue("floodCount", "IKE_SA_INIT requests in the flood", m_floodCount);
    cmd.Range("floodCount", 1, 100000);
}

void
IkeDefenceOptions::Apply(const std::string& program)
{
    std::istringstream list(m_attack);
    for (std::string item; std::getline(list, item, ',');)
    {
        std::string known;
        bool found = false;
        for (const char* a : kAttacks)
        {
            found |= item == a;
            known += (known.empty() ? "" : ", ") + std::string(a);
        }
        if (!found)
        {
            std::cerr << program << ": --attack=" << m_attack << ": unknown attack '" << item
                      << "' (known: " << known << ")\n";
            std::exit(2);
        }
        if (item != "none")
        {
            m_attacks.insert(item);
        }
    }
    Config::SetDefault("ns3::IkeDaemon::CookieThreshold", UintegerValue(m_cookieThreshold));
    Config::SetDefault("ns3::IkeDaemon::HalfOpenLimit", UintegerValue(m_halfOpenLimit));
}

void
IkeDefenceOptions::Install(Ptr<NetDevice> atInitiator, Ptr<NetDevice> atResponder,
                           Ipv4Address responderAddress, const std::string& proposal)
{
    if (m_attacks.empty())
    {
        return;
    }
    m_forger = CreateObject<IkeForger>();
    m_forger->AssignStreams(7000);
    m_forger->WatchAt(atResponder);
    if (Wants("forged-delete"))
    {
        // To the responder, as if from the initiator: injected on the initiator's side.
        m_forger->ForgeDeleteAt(Seconds(m_attackAt), responderAddress, atInitiator);
    }
    if (Wants("forged-auth-failed"))
    {
        m_forger->AnswerIkeAuthWith(atResponder);
    }
    if (Wants("malformed"))
    {
        m_forger->SendMalformedAt(Seconds(m_attackAt + 0.1),
                                  Ipv4Address("203.0.113.66"), // the attacker's own address
                                  responderAddress,
                                  atInitiator);
    }
    if (Flood())
    {
        m_forger->FloodAt(Seconds(0.05),
                          m_floodCount,
                          MicroSeconds(250),
                          responderAddress,
                          Ipv4Address("198.18.0.0"),
                          proposal,
                          atInitiator);
    }
}

void
PrintIkeDrops(std::ostream& out, const RunTally& tally,
              const std::vector<std::pair<std::string, Ptr<Node>>>& nodes)
{
    std::string drops;
    std::string cookies;
    for (const auto& [name, node] : nodes)
    {
        const RunTally::NodeTally& t = tally.Of(node->GetId());
        for (const auto& [reason, count] : t.ikeMessagesDropped)
        {
            drops += " " + name + " " + reason + " " + std::to_string(count) + ",";
        }
        if (t.cookiesSent != 0)
        {
            cookies += " " + name + " sent " + std::to_string(t.cookiesSent) +
                       " (half-open IKE SAs at most " + std::to_string(t.halfOpenPeak) + "),";
        }
    }
    if (!drops.empty())
    {
        drops.pop_back();
        out << "  IKE messages dropped, not acted on:" << drops << "\n";
    }
    if (!cookies.empty())
    {
        cookies.pop_back();
        out << "  COOKIEs:" << cookies << "\n";
    }
}

} // namespace ns3
