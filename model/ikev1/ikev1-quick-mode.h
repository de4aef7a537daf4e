// IKEv1 Quick Mode (RFC 2409 §5.5): three messages under the ISAKMP SA that make a pair of
// IPsec SAs: HASH(1)+SA+Ni[+KE][+IDci+IDcr]; HASH(2)+SA+Nr[+KE][+IDci+IDcr]; HASH(3). Each
// exchange has its own message ID and IV chain (Appendix B). Pure C++, like ikev1-phase1.h.
#ifndef IPSECLAB_IKEV1_QUICK_MODE_H
#define IPSECLAB_IKEV1_QUICK_MODE_H

#include "crypto/dh-group.h"
#include "crypto/random-source.h"
#include "ikev1/ikev1-isakmp-sa.h"

#include <functional>
#include <memory>
#include <optional>

namespace ipseclab::ikev1
{

struct QuickConfig
{
    /// Initiator: offered in order (with PFS, all must name the same group). Responder: the
    /// acceptable ones; the first offered transform matching one is chosen.
    std::vector<Phase2Policy> proposals;
    /// Initiator: the client identities (its traffic, the peer's); both or neither.
    std::optional<IdPayload> idci;
    std::optional<IdPayload> idcr;
    /// Responder: does it accept these client IDs (nullptr: absent, the peers' addresses)?
    /// Unset: anything. A refusal fails with INVALID-ID-INFORMATION.
    std::function<bool(const IdPayload* idci, const IdPayload* idcr)> acceptIds;
    size_t nonceSize = 32;
};

/// The negotiated pair of IPsec SAs. Each SA is keyed by KEYMAT over its own SPI, the one its
/// receiver chose (§5.5): the initiator's inbound SA uses initiatorSpi.
struct QuickResult
{
    Phase2Policy policy;
    uint32_t initiatorSpi = 0; ///< inbound at the initiator (responder -> initiator)
    uint32_t responderSpi = 0; ///< inbound at the responder (initiator -> responder)
    Bytes initiatorInKeymat;
    Bytes responderInKeymat;
    Bytes gqmxy; ///< empty without PFS
    std::optional<IdPayload> idci;
    std::optional<IdPayload> idcr;
};

/// KEYMAT octets for an ESP policy: the encryption key (with salt) followed by the integrity key.
size_t KeymatLength(const Phase2Policy& policy);
/// Splits KEYMAT into {encryption key, integrity key}.
std::pair<Bytes, Bytes> SplitKeymat(const Phase2Policy& policy, const Bytes& keymat);

class QuickModeExchange
{
  public:
    /// messageId: the initiator's random non-zero choice, or the one of the QM1 a responder
    /// received. localSpi: this side's inbound SPI.
    QuickModeExchange(Role role, const IsakmpSa& sa, QuickConfig config, RandomSource& rng,
                      uint32_t messageId, uint32_t localSpi);

    /// The initiator's QM1.
    Bytes Start();
    /// QM1 -> QM2 (responder), QM2 -> QM3 (initiator, then done), QM3 -> {} (responder, done).
    /// Ikev1Error when a message cannot be accepted; the exchange has then failed.
    Bytes Process(ByteSpan wire);

    bool Done() const { return m_done; }
    bool Failed() const { return m_failed; }
    uint32_t MessageId() const { return m_messageId; }
    int MessageCount() const { return m_count; }
    static std::string MessageName(int n) { return "QM" + std::to_string(n); }
    const QuickResult& Result() const { return m_result; }
    std::vector<DerivedValue> TakeDerived();
    const Message& LastPlaintext() const { return m_lastPlain; }

  private:
    Message NewMessage() const;
    Bytes Send(Message message);
    Message Receive(ByteSpan wire);
    Payload OfferSa() const;
    Payload ChooseSa(const Payload& offer);
    void AcceptChosenSa(const Payload& answer);
    void ReadIds(const Message& m, bool initiatorReading);
    void MakePfsKey();
    void Finish(ByteSpan peerKe);
    void AppendOptional(Message& m) const;

    Role m_role;
    const IsakmpSa& m_sa;
    QuickConfig m_config;
    RandomSource& m_rng;
    uint32_t m_messageId;
    uint32_t m_localSpi;
    Bytes m_iv;
    Bytes m_ni;
    Bytes m_nr;
    std::unique_ptr<DhGroup> m_dh;
    QuickResult m_result;
    int m_count = 0;
    bool m_done = false;
    bool m_failed = false;
    Message m_lastPlain;
    std::vector<DerivedValue> m_derived;
};

/// An Informational exchange message under the ISAKMP SA (§5.7): HASH(1) over the payloads
/// (N or D), its own message ID and IV.
Bytes BuildInformational(const IsakmpSa& sa, uint32_t messageId, std::vector<Payload> payloads);
/// Decrypts and verifies one; returns the payloads after the HASH. Ikev1Error
/// (INVALID-HASH-INFORMATION, PAYLOAD-MALFORMED) otherwise.
std::vector<Payload> ProcessInformational(const IsakmpSa& sa, ByteSpan wire);

} // namespace ipseclab::ikev1

#endif
