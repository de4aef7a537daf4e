#include "impair-options.h"

#include <iostream>

namespace ns3
{

void
ImpairOptions::AddTo(CheckedCommandLine& cmd)
{
    cmd.AddValue("impair",
                 "Impairments in simulated time, ';' between rules, e.g. "
                 "\"drop:exchange=CREATE_CHILD_SA,response,occurrence=1\" or "
                 "\"reorder:esp,behind=uniform:1:8,p=0.1\" (docs/impairments.md)",
                 m_text);
}

void
ImpairOptions::Apply(const std::string& program)
{
    try
    {
        Add(ipseclab::ParseImpairRules(m_text));
    }
    catch (const ipseclab::ImpairSyntaxError& e)
    {
        std::cerr << program << ": --impair=" << m_text << ": " << e.what() << "\n";
        std::exit(2);
    }
}

void
ImpairOptions::Add(const std::vector<ipseclab::ImpairRule>& rules)
{
    m_rules.insert(m_rules.end(), rules.begin(), rules.end());
}

void
ImpairOptions::Install(const std::vector<Ptr<NetDevice>>& devices)
{
    if (m_rules.empty())
    {
        return;
    }
    if (!m_impairer)
    {
        m_impairer = CreateObject<Impairer>();
        m_impairer->AddRules(m_rules);
    }
    for (const auto& d : devices)
    {
        m_impairer->Attach(d);
    }
}

} // namespace ns3
