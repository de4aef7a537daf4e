// Between the crypto core's proposals (strongSwan strings such as "aes128-sha256-ecp256") and
// SA payload proposals: building what we offer, reading what the peer chose, and a responder's
// selection.
#ifndef IPSECLAB_IKE_SA_PROPOSAL_H
#define IPSECLAB_IKE_SA_PROPOSAL_H

#include "crypto/algorithms.h"
#include "ike/ike-payloads.h"

namespace ipseclab
{

/// ENCR (Key Length attribute when the algorithm has one), PRF, INTEG unless AEAD, DH.
IkeSaProposal MakeIkeSaProposal(const IkeProposal& proposal, uint8_t number = 1, Bytes spi = {});
/// ENCR, INTEG unless AEAD, DH when PFS is configured, ESN (1 only with "esn").
IkeSaProposal MakeEspSaProposal(const EspProposal& proposal, uint32_t spi, uint8_t number = 1);
/// AH: INTEG, DH when PFS, ESN.
IkeSaProposal MakeAhSaProposal(const AhProposal& proposal, uint32_t spi, uint8_t number = 1);

/// The algorithms of a proposal with exactly one transform of each type (a responder's
/// answer). nullopt and *why filled when a transform is missing, repeated or unknown.
std::optional<IkeProposal> ReadIkeSaProposal(const IkeSaProposal& proposal,
                                             std::string* why = nullptr);
std::optional<EspProposal> ReadEspSaProposal(const IkeSaProposal& proposal,
                                             std::string* why = nullptr);

/// The responder's selection among offered proposals: SelectProposal (ike/ike-proposals.h).

/// 32-bit SPI <-> the 4 octets of a proposal, Notify or Delete.
Bytes SpiBytes(uint32_t spi);
/// An IKE SA SPI as its 8 octets (SA proposals of an IKE rekey, key derivation).
Bytes IkeSpiBytes(uint64_t spi);
std::optional<uint32_t> SpiValue(ByteSpan spi);

} // namespace ipseclab

#endif
