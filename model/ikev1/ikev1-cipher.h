// Encryption of IKEv1 messages (RFC 2409 Appendix B, RFC 2408 §3.1): the payload chain after
// the header is padded and CBC-encrypted; the IV of each message is the last ciphertext block
// of the one before (the caller keeps it per exchange, see ikev1-key-schedule.h for the first).
#ifndef IPSECLAB_IKEV1_CIPHER_H
#define IPSECLAB_IKEV1_CIPHER_H

#include "crypto/cbc-cipher.h"
#include "ikev1/ikev1-message.h"

namespace ipseclab::ikev1
{

/// RFC 2409 Appendix B padding: always present, zeros, the last octet counting the others.
Bytes PadPlaintext(ByteSpan chain, size_t blockSize);

class Ikev1Cbc
{
  public:
    /// encryption: a CBC cipher of the registry ("aes128", "aes256"); key: its key octets.
    Ikev1Cbc(std::string_view encryption, ByteSpan key);

    size_t BlockSize() const { return m_cbc.BlockSize(); }
    /// The wire message with the E flag set; iv (one block) becomes the last ciphertext block.
    Bytes Encrypt(const Message& message, Bytes& iv);
    /// Decrypts and decodes; iv becomes the last ciphertext block of this message.
    /// IkeParseError on a body that is not whole blocks or whose plaintext is malformed.
    Message Decrypt(ByteSpan wire, Bytes& iv);

  private:
    CbcCipher m_cbc;
};

} // namespace ipseclab::ikev1

#endif
