// What the IKEv1 exchanges share: the error a failed exchange reports (with the notify type a
// peer would send), the roles, and the ISAKMP SA phase 1 leaves behind for phase 2 (its keys,
// the last phase 1 CBC block the Quick Mode IVs start from, the peer's identity). Pure C++.
#ifndef IPSECLAB_IKEV1_ISAKMP_SA_H
#define IPSECLAB_IKEV1_ISAKMP_SA_H

#include "ikev1/ikev1-cipher.h"
#include "ikev1/ikev1-key-schedule.h"
#include "ikev1/ikev1-transforms.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ipseclab::ikev1
{

enum class Role : uint8_t
{
    Initiator,
    Responder,
};

/// An exchange failed: `Notify()` is the RFC 2408 §3.14.1 type that names the reason
/// (NO-PROPOSAL-CHOSEN, AUTHENTICATION-FAILED, INVALID-HASH-INFORMATION, ...).
class Ikev1Error : public std::runtime_error
{
  public:
    Ikev1Error(uint16_t notify, const std::string& what)
        : std::runtime_error(what)
        , m_notify(notify)
    {
    }

    uint16_t Notify() const { return m_notify; }

  private:
    uint16_t m_notify;
};

/// "NO-PROPOSAL-CHOSEN" for the notify types the exchanges report, else the number.
std::string NotifyName(uint16_t type);

/// A derived value for the event stream and tests ("SKEYID_e", octets).
using DerivedValue = std::pair<std::string, Bytes>;

/// The phase 1 result: everything Quick Mode and Informational exchanges need.
struct IsakmpSa
{
    uint64_t initiatorCookie = 0;
    uint64_t responderCookie = 0;
    Role role = Role::Initiator;
    bool aggressive = false;
    Phase1Policy policy;
    Bytes skeyid;
    Skeyids skeyids;
    Bytes encryptionKey;
    /// The last CBC block of phase 1 (Appendix B: the base of every phase 2 IV).
    Bytes lastPhase1Block;
    IdPayload localId;
    IdPayload peerId;

    Ikev1Hash Hash() const { return Ikev1Hash(Phase1HashName(policy)); }
    Ikev1Cbc Cipher() const { return Ikev1Cbc(policy.proposal.encryption->name, encryptionKey); }
    /// The first IV of the phase 2 exchange with that message ID.
    Bytes Phase2IvFor(uint32_t messageId) const;
};

/// The octets a Quick Mode or Informational HASH covers: the payloads after the first (the
/// HASH), as received (wire) or as they will be encoded.
Bytes AfterFirstPayload(const std::vector<Payload>& payloads);

} // namespace ipseclab::ikev1

#endif
