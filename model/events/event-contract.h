// The event stream's contract in C++: each event checked, as it is emitted, against the kinds
// and fields of docs/events.schema.json (through the generated event-kinds.h). EventStream runs
// the check when its Strict attribute is on, or IPSECLAB_STRICT_EVENTS=1 in the environment
// (`./lab test` sets it): then every test that emits an event also tests the contract.
#ifndef IPSECLAB_EVENT_CONTRACT_H
#define IPSECLAB_EVENT_CONTRACT_H

#include "event.h"

#include <string>

namespace ipseclab
{

/** "" if the event's kind is documented and it has exactly the fields its kind allows and
 *  requires; otherwise what is wrong ("ike/retransmit: undocumented field 'tries'"). Field
 *  types and ranges are checked by the schema tests on the written streams. */
std::string CheckEventContract(const Event& event);

} // namespace ipseclab

#endif
