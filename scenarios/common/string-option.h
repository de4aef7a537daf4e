// A string option whose --PrintHelp shows the whole default: ns-3 3.37's CommandLine::AddValue
// reads the default back with `>>`, which stops at the first space ("classroom secret" showed
// as [classroom]); the callback form keeps the default text as given.
#ifndef IPSECLAB_STRING_OPTION_H
#define IPSECLAB_STRING_OPTION_H

#include <ns3/command-line.h>

#include <string>

namespace ns3
{

/// Like cmd.AddValue(name, help, value) for a std::string, default shown in full.
void AddStringValue(CommandLine& cmd, const std::string& name, const std::string& help,
                    std::string& value);

} // namespace ns3

#endif
