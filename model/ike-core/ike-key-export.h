// The Wireshark key line of an IKE SA (ikev2_decryption_table): what an engine hands to
// KeyExport when it has derived an IKE SA's keys, first or rekeyed.
#ifndef IPSECLAB_IKE_CORE_IKE_KEY_EXPORT_H
#define IPSECLAB_IKE_CORE_IKE_KEY_EXPORT_H

#include "crypto/algorithms.h"
#include "crypto/ike-key-schedule.h"
#include "events/key-file.h"

namespace ipseclab
{

Ikev2SaKey MakeIkev2SaKey(uint64_t spiI, uint64_t spiR, const IkeProposal& proposal,
                          const IkeSaKeys& keys);

} // namespace ipseclab

#endif
