// Protection of the Encrypted (SK) payload, RFC 7296 §3.14 and RFC 5282 (AEAD):
//   SK body = IV | ciphertext of (inner payloads | Padding | Pad Length) | ICV
// CBC + HMAC: the ICV is the truncated HMAC of the message from the IKE header to the end of
// the ciphertext. AEAD: the tag is the ICV, AAD = the message up to the IV (IKE header and SK
// generic header, RFC 5282 §5.1), nonce = salt | IV.
#ifndef IPSECLAB_IKE_CRYPTO_CONTEXT_H
#define IPSECLAB_IKE_CRYPTO_CONTEXT_H

#include "crypto/aead-cipher.h"
#include "crypto/cbc-cipher.h"
#include "crypto/ike-key-schedule.h"
#include "crypto/integrity.h"
#include "crypto/random-source.h"

#include <memory>
#include <optional>

namespace ipseclab
{

/// What the lab shows of one SK payload (filled only when asked: it copies).
struct IkeSkTrace
{
    Bytes iv;
    Bytes plaintext; ///< inner payloads | padding | pad length
    Bytes ciphertext;
    Bytes icv;
    size_t padLength = 0;
    bool icvOk = false;
};

/// The keyed transforms of one IKE SA, both directions, created once per IKE SA.
/// Messages sent by the original initiator (I flag) use SK_ei/SK_ai, the others SK_er/SK_ar.
class IkeCryptoContext
{
  public:
    /// AEAD keys are key | salt and the integrity keys empty. CryptoError on wrong key sizes,
    /// IkeEncodeError on a proposal IKE cannot use (NULL encryption, CBC without integrity).
    IkeCryptoContext(const IkeProposal& proposal, ByteSpan skEi, ByteSpan skAi, ByteSpan skEr,
                     ByteSpan skAr);
    IkeCryptoContext(const IkeProposal& proposal, const IkeSaKeys& keys);

    const IkeProposal& Proposal() const { return m_proposal; }
    bool IsAead() const { return m_proposal.encryption->IsAead(); }
    size_t IvSize() const { return m_proposal.encryption->ivSize; }
    size_t IcvSize() const;
    /// Alignment of inner payloads | padding | pad length: 16 for CBC, 1 for AEAD.
    size_t BlockSize() const;
    /// Padding octets (without the pad length octet) for an inner chain of innerSize octets.
    size_t PaddingLength(size_t innerSize) const;
    /// Octets of the SK payload body (IV | ciphertext | ICV) for innerSize octets of payloads.
    size_t SkBodySize(size_t innerSize) const;

    /// message holds the message up to and including the SK generic header, with the final
    /// lengths already written. Appends IV (from rng) | ciphertext | ICV.
    void Protect(bool fromInitiator, Bytes& message, ByteSpan inner, RandomSource& rng,
                 IkeSkTrace* trace = nullptr);
    /// message is the whole IKE message, the SK body starts at skBodyOffset and runs to the end.
    /// Verifies the ICV (constant time) before decrypting; nullopt when it fails. Returns the
    /// inner payload octets without padding. IkeParseError on impossible sizes or pad length.
    std::optional<Bytes> Unprotect(bool fromInitiator, ByteSpan message, size_t skBodyOffset,
                                   IkeSkTrace* trace = nullptr);

  private:
    struct Direction
    {
        std::unique_ptr<AeadCipher> aead;
        std::unique_ptr<CbcCipher> cbc;
        std::unique_ptr<Integrity> integrity;
    };
    Direction MakeDirection(ByteSpan encryptionKey, ByteSpan integrityKey) const;

    IkeProposal m_proposal;
    Direction m_initiator;
    Direction m_responder;
};

} // namespace ipseclab

#endif
