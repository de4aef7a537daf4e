// The keys each object of a custom-scenario configuration may have: the one list the loader
// reads by, and that tests compare with docs/custom-scenario.schema.json ($defs of the same
// names).
#ifndef IPSECLAB_CUSTOM_CONFIG_KEYS_H
#define IPSECLAB_CUSTOM_CONFIG_KEYS_H

#include <set>
#include <string>
#include <vector>

namespace ipseclab::custom
{

struct KeyTable
{
    std::string kind; ///< the schema's $defs name: "link", "traffic_udp_echo", ...
    std::set<std::string> keys;
};

namespace keys
{
extern const KeyTable kRoot;
extern const KeyTable kNode;
extern const KeyTable kLink;
extern const KeyTable kRoute;
extern const KeyTable kManualSa;
extern const KeyTable kIke;
extern const KeyTable kNat;
extern const KeyTable kTrafficUdpEcho;
extern const KeyTable kTrafficUdpStream;
extern const KeyTable kAttackerReplay;
extern const KeyTable kAttackerTamper;
extern const KeyTable kAttackerEavesdrop;
extern const KeyTable kAttackerIkeForger;
/// What every traffic entry and every attacker may have: read before its type is known.
extern const KeyTable kAnyTraffic;
extern const KeyTable kAnyAttacker;
} // namespace keys

/// Every table of a concrete object kind (not the kAny* ones).
std::vector<const KeyTable*> AllKeyTables();

} // namespace ipseclab::custom

#endif
