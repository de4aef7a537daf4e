// The custom-scenario loader (scenarios/custom-engine, no simulation): JSON, every object's
// keys and types, ranges, times, rates, names, node and link references, addresses and
// subnets, routes, IKE, NAT, traffic and attacker entries.
#include "custom-config.h"

#include "../fuzz-target.h"

#include <string>

IPSECLAB_FUZZ_TARGET(custom_config)
{
    ipseclab::custom::ParseCustomConfig(std::string(reinterpret_cast<const char*>(data), size),
                                        "fuzz.json");
    return 0;
}
