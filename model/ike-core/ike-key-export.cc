#include "ike-core/ike-key-export.h"

namespace ipseclab
{

Ikev2SaKey
MakeIkev2SaKey(uint64_t spiI, uint64_t spiR, const IkeProposal& proposal, const IkeSaKeys& keys)
{
    Ikev2SaKey key;
    key.spiI = spiI;
    key.spiR = spiR;
    key.skEi = keys.skEi;
    key.skEr = keys.skEr;
    key.encryptionAlgorithm = std::string(proposal.encryption->wiresharkIke);
    key.skAi = keys.skAi;
    key.skAr = keys.skAr;
    key.integrityAlgorithm = proposal.integrity ? std::string(proposal.integrity->wiresharkIke)
                                                : std::string(kWiresharkIkeIntegNone);
    return key;
}

} // namespace ipseclab
