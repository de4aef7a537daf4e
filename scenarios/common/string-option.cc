#include "string-option.h"

#include <ns3/callback.h>

namespace ns3
{

void
AddStringValue(CommandLine& cmd, const std::string& name, const std::string& help,
               std::string& value)
{
    cmd.AddValue(name,
                 help,
                 Callback<bool, std::string>(
                     [&value](std::string text)
                     {
                         value = text;
                         return true;
                     }),
                 value);
}

} // namespace ns3
