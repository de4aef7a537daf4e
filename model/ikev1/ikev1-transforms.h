// strongSwan proposal strings as IKEv1 transforms: "aes128-sha256-modp2048" becomes a phase 1
// KEY_IKE transform (RFC 2409 Appendix A) and an ESP proposal ("aes128-sha256[-modp2048]")
// an IPsec DOI transform (RFC 2407 §4.5) with encapsulation mode and lifetimes.
#ifndef IPSECLAB_IKEV1_TRANSFORMS_H
#define IPSECLAB_IKEV1_TRANSFORMS_H

#include "crypto/algorithms.h"
#include "ikev1/ikev1-payloads.h"

namespace ipseclab::ikev1
{

struct Phase1Policy
{
    IkeProposal proposal;               // ParseIkeProposal("aes128-sha256-modp2048")
    uint16_t authMethod = p1::kAuthPsk; // or p1::kAuthRsaSig
    uint64_t lifeSeconds = 0;           // 0: no lifetime attributes
};

struct Phase2Policy
{
    EspProposal proposal; // ParseEspProposal("aes128-sha256-modp2048"), group = PFS
    uint16_t encapsulation = p2::kEncapTunnel;
    uint64_t lifeSeconds = 0;   // 0: attribute omitted
    uint64_t lifeKilobytes = 0; // 0: attribute omitted
};

Transform Phase1Transform(const Phase1Policy& policy, uint8_t number = 1);
/// Reads a phase 1 transform back; std::invalid_argument naming an unknown or missing value.
Phase1Policy ParsePhase1Transform(const Transform& transform);
/// The phase 1 hash's strongSwan name ("sha256") of a policy, for Ikev1Hash.
std::string Phase1HashName(const Phase1Policy& policy);

Transform Phase2Transform(const Phase2Policy& policy, uint8_t number = 1);
Phase2Policy ParsePhase2Transform(const Transform& transform);

} // namespace ipseclab::ikev1

#endif
