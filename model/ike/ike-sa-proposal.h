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

/// The first offered proposal (same protocol) that contains every transform of `wanted` and
/// no transform type `wanted` lacks; the answer carries the offered number and SPI and only
/// the wanted transforms. nullopt: answer NO_PROPOSAL_CHOSEN.
std::optional<IkeSaProposal> SelectSaProposal(const IkeSaPayload& offered,
                                              const IkeSaProposal& wanted);

/// 32-bit SPI <-> the 4 octets of a proposal, Notify or Delete.
Bytes SpiBytes(uint32_t spi);
std::optional<uint32_t> SpiValue(ByteSpan spi);

} // namespace ipseclab

#endif
