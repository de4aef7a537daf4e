#include "fuzz-target.h"

namespace ipseclab::fuzz
{

std::vector<Target>&
Registry()
{
    static std::vector<Target> targets;
    return targets;
}

} // namespace ipseclab::fuzz
