// IKEv1 phase 1 with pre-shared keys (RFC 2409 §5, §5.4): Main Mode's six messages (SA; SA;
// KE+Ni; KE+Nr; then IDii+HASH_I and IDir+HASH_R encrypted) and Aggressive Mode's three
// (SA+KE+Ni+IDii; SA+KE+Nr+IDir+HASH_R; HASH_I), as message builders and processors over wire
// octets. No ns-3: the daemon sends what Start/Process return, and tests run two in memory.
#ifndef IPSECLAB_IKEV1_PHASE1_H
#define IPSECLAB_IKEV1_PHASE1_H

#include "crypto/dh-group.h"
#include "crypto/random-source.h"
#include "ikev1/ikev1-isakmp-sa.h"

#include <functional>
#include <memory>
#include <optional>

namespace ipseclab::ikev1
{

struct Phase1Config
{
    /// Initiator: the transforms it offers, in order. Responder: those it accepts; it picks
    /// the first of the initiator's transforms that matches one (lifetimes not compared).
    std::vector<Phase1Policy> proposals;
    Bytes psk;
    IdPayload localId;
    /// The identity the peer must show (IDii/IDir); nullopt: any.
    std::optional<IdPayload> remoteId;
    bool aggressive = false;
    /// Vendor IDs sent in the first message of each side (DPD, NAT-T, ...).
    std::vector<Bytes> vendorIds;
    size_t nonceSize = 32;
};

class Phase1Exchange
{
  public:
    /// Draws this side's cookie now; nonce and DH key pair when they are needed.
    Phase1Exchange(Role role, Phase1Config config, RandomSource& rng);

    /// The initiator's first message (MM1 or AM1). std::logic_error for a responder.
    Bytes Start();
    /// Processes the peer's next message and returns this side's answer (empty when the
    /// exchange ends with it). Ikev1Error when the message cannot be accepted: the exchange is
    /// then failed. A message this side does not expect next is an Ikev1Error too.
    Bytes Process(ByteSpan wire);

    Role GetRole() const { return m_sa.role; }
    bool Established() const { return m_established; }
    bool Failed() const { return m_failed; }
    /// The number of messages sent and received so far (1..6, or 1..3 in Aggressive Mode).
    int MessageCount() const { return m_count; }
    /// "MM3", "AM2": the name of message n of this exchange.
    std::string MessageName(int n) const;
    uint64_t LocalCookie() const;
    /// The ISAKMP SA (complete once Established()).
    const IsakmpSa& Sa() const { return m_sa; }
    /// Values derived since the last call (SKEYID, SKEYID_d/a/e, the key, HASH_I/R, IVs).
    std::vector<DerivedValue> TakeDerived();
    /// The plaintext of the last encrypted message sent or received (for the event stream).
    const Message& LastPlaintext() const { return m_lastPlain; }

  private:
    Message NewMessage() const;
    Bytes Send(Message message, bool encrypt);
    Message ReceiveClear(ByteSpan wire);
    Message ReceiveEncrypted(ByteSpan wire);
    void Expect(const Message& m, std::initializer_list<PayloadType> types, const char* name);
    Payload OfferSa() const;
    Payload ChooseSa(const Payload& offer);
    void AcceptChosenSa(const Payload& answer);
    void MakeKeyPair();
    void DeriveKeys(ByteSpan peerKe);
    Bytes ComputeHash(bool ofInitiator, ByteSpan idBody) const;
    void CheckPeerId(const Payload& id);
    void CheckHash(const Payload& hash, bool ofInitiator, ByteSpan idBody);
    void Fail();

    Phase1Config m_config;
    RandomSource& m_rng;
    IsakmpSa m_sa;
    std::unique_ptr<DhGroup> m_dh;
    Bytes m_ni;
    Bytes m_nr;
    Bytes m_gxi;
    Bytes m_gxr;
    Bytes m_gxy;
    Bytes m_saiB;       ///< the initiator's SA body, as sent: HASH_I and HASH_R cover it
    Bytes m_iv;         ///< CBC chaining state
    Bytes m_peerIdBody; ///< IDii_b / IDir_b as received
    int m_count = 0;
    bool m_established = false;
    bool m_failed = false;
    Message m_lastPlain;
    std::vector<DerivedValue> m_derived;
};

/// The ID payload for a swanctl-style identity: an IPv4 address ("192.0.2.1") becomes
/// ID_IPV4_ADDR, "user@host" ID_USER_FQDN, anything else ID_FQDN; empty: the address.
IdPayload IdentityPayload(const std::string& identity, uint32_t address);
/// The identity in text ("192.0.2.1", "gw.example"), for logs and events.
std::string IdentityText(const IdPayload& id);

} // namespace ipseclab::ikev1

#endif
