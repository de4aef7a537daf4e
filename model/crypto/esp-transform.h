// The cryptographic half of ESP (RFC 4303) for one SA direction. The packet is
//   [SPI(4) | Seq(4)] [IV] [ciphertext of payload | padding | pad length | next header] [ICV]
// and this class turns the middle part into ciphertext and ICV and back; the ESP layer
// builds the header, the padding and picks the IV.
#ifndef IPSECLAB_CRYPTO_ESP_TRANSFORM_H
#define IPSECLAB_CRYPTO_ESP_TRANSFORM_H

#include "crypto/aead-cipher.h"
#include "crypto/algorithms.h"
#include "crypto/cbc-cipher.h"
#include "crypto/integrity.h"

#include <memory>
#include <optional>
#include <string>

namespace ipseclab
{

class EspTransform
{
  public:
    /// encryptionKey: the cipher key, for AEAD followed by the 4-octet salt (RFC 4106 §8.1);
    /// empty for "null". integrityKey: empty for AEAD.
    EspTransform(const EspProposal& proposal, ByteSpan encryptionKey, ByteSpan integrityKey);
    /// proposal is a strongSwan ESP proposal string such as "aes128-sha256"; a DH group or
    /// esn/noesn in it are accepted and ignored here.
    EspTransform(std::string_view proposal, ByteSpan encryptionKey, ByteSpan integrityKey);
    /// integrity may be nullptr only for a CBC cipher (confidentiality-only ESP, as in the
    /// RFC 3602 examples); NULL encryption needs integrity.
    EspTransform(const EncryptionAlgorithm& encryption, const IntegrityAlgorithm* integrity,
                 ByteSpan encryptionKey, ByteSpan integrityKey);

    /// header = SPI | Seq (8 octets as on the wire); seqHigh = the high 32 bits of the
    /// ESN when ESN is on. AEAD: AAD = SPI | [SeqHigh |] Seq. Otherwise the ICV is the
    /// truncated HMAC over SPI | Seq | IV | ciphertext [| SeqHigh].
    /// plaintext (payload, padding, pad length, next header) must be a multiple of 16 for
    /// CBC. out receives plaintext.size() octets and may alias plaintext; icv IcvSize().
    void Seal(ByteSpan header, std::optional<uint32_t> seqHigh, ByteSpan iv, ByteSpan plaintext,
              uint8_t* out, uint8_t* icv);
    /// false: the ICV did not verify (for non-AEAD nothing has been decrypted then).
    /// CryptoError: structurally invalid input (sizes), see Seal.
    bool Open(ByteSpan header, std::optional<uint32_t> seqHigh, ByteSpan iv, ByteSpan ciphertext,
              ByteSpan icv, uint8_t* out);

    size_t IvSize() const { return m_encryption->ivSize; }
    /// Alignment of payload | padding | pad length | next header: 16 for CBC, 4 otherwise.
    size_t BlockSize() const { return m_encryption->blockSize; }
    size_t IcvSize() const;
    bool IsAead() const { return m_encryption->IsAead(); }
    /// Padding octets RFC 4303 needs after a payload of that length (not counting the
    /// pad length and next header octets).
    size_t PaddingLength(size_t payloadLength) const;
    const EncryptionAlgorithm& Encryption() const { return *m_encryption; }
    const IntegrityAlgorithm* IntegrityAlg() const { return m_integrityAlg; }
    /// "aes128-sha256", "aes128gcm16".
    std::string Name() const;

  private:
    void CheckCommon(ByteSpan header, ByteSpan iv, size_t length) const;
    const EncryptionAlgorithm* m_encryption;
    const IntegrityAlgorithm* m_integrityAlg;
    std::unique_ptr<AeadCipher> m_aead;
    std::unique_ptr<CbcCipher> m_cbc;
    std::unique_ptr<Integrity> m_integrity;
};

} // namespace ipseclab

#endif
