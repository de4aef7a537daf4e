// AES-GCM (RFC 4106/5282) and ChaCha20-Poly1305 (RFC 7634) with a salt and an 8-octet
// explicit IV: nonce = salt | IV. Used by ESP and by IKE's Encrypted payload.
#ifndef IPSECLAB_CRYPTO_AEAD_CIPHER_H
#define IPSECLAB_CRYPTO_AEAD_CIPHER_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "crypto/openssl-handles.h"

namespace ipseclab
{

/// One keyed context per direction, created once; each packet only sets the nonce.
class AeadCipher
{
  public:
    /// keyWithSalt = key | 4-octet salt (the KEYMAT order of RFC 4106 §8.1 / RFC 7634 §4).
    AeadCipher(const EncryptionAlgorithm& algorithm, ByteSpan keyWithSalt);
    AeadCipher(std::string_view name, ByteSpan keyWithSalt);

    /// out and tag receive plaintext.size() and TagSize() octets; out may equal plaintext.
    void Seal(ByteSpan iv, ByteParts aad, ByteSpan plaintext, uint8_t* out, uint8_t* tag);
    /// false when the tag does not verify (out then holds no usable data).
    bool Open(ByteSpan iv, ByteParts aad, ByteSpan ciphertext, ByteSpan tag, uint8_t* out);

    size_t IvSize() const { return m_algorithm->ivSize; }
    size_t TagSize() const { return m_algorithm->icvSize; }
    const EncryptionAlgorithm& Algorithm() const { return *m_algorithm; }

  private:
    void SetNonce(EVP_CIPHER_CTX* ctx, ByteSpan iv, int encrypt);
    const EncryptionAlgorithm* m_algorithm;
    uint8_t m_nonce[12] = {};
    OsslPtr<EVP_CIPHER_CTX> m_encrypt;
    OsslPtr<EVP_CIPHER_CTX> m_decrypt;
};

} // namespace ipseclab

#endif
