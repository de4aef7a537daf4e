// The data plane's events (docs/events.md): the field shapes every ESP, AH, SPD, SAD and replay
// event shares, and the SA and policy events. Family-independent: the headers' octets come from
// the IP family (ip-family.h).
#ifndef IPSECLAB_IPSEC_EVENTS_H
#define IPSECLAB_IPSEC_EVENTS_H

#include "datapath/security-association.h"
#include "events/event.h"
#include "sa/replay-window.h"
#include "sa/spd-entry.h"

#include <string>

namespace ns3
{

std::string Hex32(uint32_t value);
ipseclab::Layer LayerOf(const ipseclab::SecurityAssociation& sa);
ipseclab::EventValue FlowValue(const ipseclab::FlowKey& flow);
ipseclab::EventValue WindowValue(const ipseclab::ReplaySnapshot& snapshot);
/// The SA's identity as every SA event carries it: label, SPI, outer addresses.
void AddSaFields(ipseclab::Event& e, const ipseclab::SecurityAssociation& sa);
/// sn is the 32-bit wire value; with ESN the high half goes in esn_high.
void AddSequence(ipseclab::Event& e, const ipseclab::SecurityAssociation& sa, uint64_t seq);

ipseclab::Event PolicyAddEvent(uint32_t node, const ipseclab::SpdEntry& policy);
/// sad/install, with the keys: a teaching lab shows them, and Wireshark needs them too.
ipseclab::Event SaInstallEvent(uint32_t node, const ipseclab::SecurityAssociation& sa);
ipseclab::Event SaDeleteEvent(uint32_t node, const ipseclab::SecurityAssociation& sa,
                              const std::string& why);
/// sad/expire-soft or expire-hard; `limit` is "seconds", "bytes" or "packets".
ipseclab::Event SaExpireEvent(uint32_t node, const ipseclab::SecurityAssociation& sa, bool hard,
                              const char* limit);

} // namespace ns3

#endif
