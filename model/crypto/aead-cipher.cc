#include "crypto/aead-cipher.h"

#include <climits>
#include <cstring>

namespace ipseclab
{

namespace
{

int
IntLength(size_t n)
{
    if (n > static_cast<size_t>(INT_MAX))
    {
        throw CryptoError("input too long for one operation");
    }
    return static_cast<int>(n);
}

OsslPtr<EVP_CIPHER_CTX>
KeyedContext(const EVP_CIPHER* cipher, const uint8_t* key, int encrypt)
{
    OsslPtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, encrypt) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr) != 1 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key, nullptr, encrypt) != 1)
    {
        ThrowOpenSslError("AEAD context set-up failed");
    }
    return ctx;
}

} // namespace

AeadCipher::AeadCipher(std::string_view name, ByteSpan keyWithSalt)
    : AeadCipher(FindEncryption(name), keyWithSalt)
{
}

AeadCipher::AeadCipher(const EncryptionAlgorithm& algorithm, ByteSpan keyWithSalt)
    : m_algorithm(&algorithm)
{
    if (!algorithm.IsAead())
    {
        throw CryptoError("AeadCipher: " + std::string(algorithm.name) + " is not an AEAD");
    }
    CheckSize(std::string(algorithm.name) + " key (key | salt)",
              algorithm.KeymatSize(),
              keyWithSalt.size());
    std::memcpy(m_nonce, keyWithSalt.data() + algorithm.keySize, algorithm.saltSize);
    OsslPtr<EVP_CIPHER> cipher(
        EVP_CIPHER_fetch(nullptr, std::string(algorithm.openssl).c_str(), nullptr));
    if (!cipher)
    {
        ThrowOpenSslError("OpenSSL has no " + std::string(algorithm.openssl));
    }
    m_encrypt = KeyedContext(cipher.get(), keyWithSalt.data(), 1);
    m_decrypt = KeyedContext(cipher.get(), keyWithSalt.data(), 0);
}

void
AeadCipher::SetNonce(EVP_CIPHER_CTX* ctx, ByteSpan iv, int encrypt)
{
    if (iv.size() != m_algorithm->ivSize)
    {
        CheckSize(std::string(m_algorithm->name) + " IV", m_algorithm->ivSize, iv.size());
    }
    std::memcpy(m_nonce + m_algorithm->saltSize, iv.data(), iv.size());
    if (EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, m_nonce, encrypt) != 1)
    {
        ThrowOpenSslError("AEAD nonce set-up failed");
    }
}

void
AeadCipher::Seal(ByteSpan iv, ByteParts aad, ByteSpan plaintext, uint8_t* out, uint8_t* tag)
{
    EVP_CIPHER_CTX* ctx = m_encrypt.get();
    SetNonce(ctx, iv, 1);
    int len = 0;
    for (auto part : aad)
    {
        if (!part.empty() &&
            EVP_EncryptUpdate(ctx, nullptr, &len, part.data(), IntLength(part.size())) != 1)
        {
            ThrowOpenSslError("AEAD AAD failed");
        }
    }
    if (!plaintext.empty() &&
        EVP_EncryptUpdate(ctx, out, &len, plaintext.data(), IntLength(plaintext.size())) != 1)
    {
        ThrowOpenSslError("AEAD encryption failed");
    }
    if (EVP_EncryptFinal_ex(ctx, out + plaintext.size(), &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(TagSize()), tag) != 1)
    {
        ThrowOpenSslError("AEAD tag computation failed");
    }
}

bool
AeadCipher::Open(ByteSpan iv, ByteParts aad, ByteSpan ciphertext, ByteSpan tag, uint8_t* out)
{
    if (tag.size() != TagSize())
    {
        CheckSize(std::string(m_algorithm->name) + " ICV", TagSize(), tag.size());
    }
    EVP_CIPHER_CTX* ctx = m_decrypt.get();
    SetNonce(ctx, iv, 0);
    int len = 0;
    for (auto part : aad)
    {
        if (!part.empty() &&
            EVP_DecryptUpdate(ctx, nullptr, &len, part.data(), IntLength(part.size())) != 1)
        {
            ThrowOpenSslError("AEAD AAD failed");
        }
    }
    if (!ciphertext.empty() &&
        EVP_DecryptUpdate(ctx, out, &len, ciphertext.data(), IntLength(ciphertext.size())) != 1)
    {
        ThrowOpenSslError("AEAD decryption failed");
    }
    // OpenSSL compares the tag in constant time inside Final.
    if (EVP_CIPHER_CTX_ctrl(ctx,
                            EVP_CTRL_AEAD_SET_TAG,
                            static_cast<int>(tag.size()),
                            const_cast<uint8_t*>(tag.data())) != 1)
    {
        ThrowOpenSslError("AEAD tag set-up failed");
    }
    return EVP_DecryptFinal_ex(ctx, out + ciphertext.size(), &len) == 1;
}

} // namespace ipseclab
