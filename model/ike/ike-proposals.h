// Proposals as strongSwan's `proposals` and `esp_proposals` write them: several algorithms of
// each transform type in one proposal ("aes256gcm16-aes128gcm16-prfsha256-ecp256-x25519"),
// several proposals, or the keyword `default`; and the responder's choice of RFC 7296 3.3.6
// (one proposal, one transform of each type). Works on SA payload proposals, so what the peer
// offers and what this side accepts are compared as they are on the wire.
#ifndef IPSECLAB_IKE_IKE_PROPOSALS_H
#define IPSECLAB_IKE_IKE_PROPOSALS_H

#include "ike/ike-payloads.h"

#include <string>
#include <string_view>
#include <vector>

namespace ipseclab
{

/// One swanctl proposal string as SA payload proposals (transforms in the order written, which
/// is the order of preference). `default` is the part of strongSwan 5.9's default proposals
/// the lab implements: two proposals (classic ciphers, then AEAD) for IKE and for ESP. The
/// number is 1 and the SPI empty; CryptoError names an unknown token or a missing type.
std::vector<IkeSaProposal> ParseProposalText(std::string_view text, IkeProtocolId protocol);

/// A configured list (swanctl `proposals = a, b`): each text parsed, numbered 1..n in order.
std::vector<IkeSaProposal> ParseProposalTexts(const std::vector<std::string>& texts,
                                              IkeProtocolId protocol);

/// strongSwan's notation: "IKE:AES_GCM_16_256/AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256" is what
/// charon logs; the lab writes its own keywords: "aes256gcm16/aes128gcm16-prfsha256-ecp256".
/// Transforms the lab does not implement appear as "ENCR#23", "DH#21", ...
std::string DescribeProposal(const IkeSaProposal& proposal);
/// "[#1 aes128-sha256-x25519, #2 aes256gcm16-prfsha256-ecp256]".
std::string DescribeProposals(const std::vector<IkeSaProposal>& proposals);

/// The proposal without its DH transforms (IKE_AUTH carries no KE: the first Child SA has no
/// PFS, as strongSwan strips the groups there).
IkeSaProposal WithoutDh(IkeSaProposal proposal);

/// The DH groups of the proposals in order of preference, without repeats (the first is the
/// initiator's guess for KE).
std::vector<uint16_t> DhGroupsOf(const std::vector<IkeSaProposal>& proposals);

/// The responder's choice, with the reason a teacher can show.
struct SaSelection
{
    bool ok = false;
    IkeSaProposal chosen;  ///< one transform of each type; the offered number and SPI
    size_t configured = 0; ///< index in the responder's list
    size_t offered = 0;    ///< index in the SA payload offered
    std::string why;
};

/// RFC 7296 3.3.6 as strongSwan does it (prefer_configured_proposals): the responder walks its
/// own proposals in order and, for each, the offered ones in order; the first pair with a
/// common transform of every type wins, and of each type the responder takes its most
/// preferred transform that was offered. INTEG is not negotiated with an AEAD cipher; DH is not
/// negotiated when `skipDh` (IKE_AUTH). A missing optional DH type on one side matches NONE.
/// `keGroup` (the group of the peer's KE payload, 0 = none): when both sides accept it, it is
/// taken even if this side prefers another, which saves the INVALID_KE_PAYLOAD round trip (as
/// strongSwan does).
SaSelection SelectProposal(const IkeSaPayload& offered,
                           const std::vector<IkeSaProposal>& configured, bool skipDh,
                           uint16_t keGroup = 0);

/// The initiator's check of the answer: exactly one proposal with one transform of each type
/// it needs, each of them in the offered proposal with the answer's number. False and *why
/// otherwise.
bool IsAnswerToOffer(const IkeSaProposal& answer, const IkeSaPayload& offered, bool skipDh,
                     std::string* why);

} // namespace ipseclab

#endif
