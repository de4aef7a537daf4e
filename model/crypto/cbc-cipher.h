// AES-CBC without padding (RFC 3602): ESP and IKE add their own padding.
#ifndef IPSECLAB_CRYPTO_CBC_CIPHER_H
#define IPSECLAB_CRYPTO_CBC_CIPHER_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "crypto/openssl-handles.h"

namespace ipseclab
{

class CbcCipher
{
  public:
    CbcCipher(const EncryptionAlgorithm& algorithm, ByteSpan key);
    CbcCipher(std::string_view name, ByteSpan key);

    /// in.size() must be a multiple of BlockSize(); out may equal in.data().
    void Encrypt(ByteSpan iv, ByteSpan in, uint8_t* out);
    void Decrypt(ByteSpan iv, ByteSpan in, uint8_t* out);

    size_t IvSize() const { return 16; }
    size_t BlockSize() const { return 16; }
    const EncryptionAlgorithm& Algorithm() const { return *m_algorithm; }

  private:
    void Run(EVP_CIPHER_CTX* ctx, int encrypt, ByteSpan iv, ByteSpan in, uint8_t* out);
    const EncryptionAlgorithm* m_algorithm;
    OsslPtr<EVP_CIPHER_CTX> m_encrypt;
    OsslPtr<EVP_CIPHER_CTX> m_decrypt;
};

} // namespace ipseclab

#endif
