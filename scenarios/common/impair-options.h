// --impair: the impairment language (model/impair, docs/impairments.md) from a scenario's
// command line. Rules are parsed before anything runs (a bad one is one line and exit 2) and
// act on the scenario's ImpairableChannels (the WAN of the site topology is one, "wan").
#ifndef IPSECLAB_IMPAIR_OPTIONS_H
#define IPSECLAB_IMPAIR_OPTIONS_H

#include "checked-command-line.h"
#include "impair/impairer.h"

#include <ns3/net-device.h>

#include <string>
#include <vector>

namespace ns3
{

class ImpairOptions
{
  public:
    /// --impair.
    void AddTo(CheckedCommandLine& cmd);
    /// After cmd.Parse: parses the rules; a bad one ends the program with
    /// "<program>: --impair=...: <why>" and exit status 2.
    void Apply(const std::string& program);
    /// Rules given programmatically (the custom engine's "impairments").
    void Add(const std::vector<ipseclab::ImpairRule>& rules);
    /// Puts the rules on the links of these devices (ImpairableChannels; the others are left
    /// alone). Nothing is created when there is no rule, so outputs without --impair are those
    /// of a plain link.
    void Install(const std::vector<Ptr<NetDevice>>& devices);
    bool Any() const { return !m_rules.empty(); }
    Ptr<Impairer> GetImpairer() const { return m_impairer; }

  private:
    std::string m_text;
    std::vector<ipseclab::ImpairRule> m_rules;
    Ptr<Impairer> m_impairer;
};

} // namespace ns3

#endif
