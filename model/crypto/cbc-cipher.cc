#include "crypto/cbc-cipher.h"

#include <climits>

namespace ipseclab
{

namespace
{

OsslPtr<EVP_CIPHER_CTX>
KeyedContext(const EVP_CIPHER* cipher, const uint8_t* key, int encrypt)
{
    OsslPtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key, nullptr, encrypt) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    {
        ThrowOpenSslError("CBC context set-up failed");
    }
    return ctx;
}

} // namespace

CbcCipher::CbcCipher(std::string_view name, ByteSpan key)
    : CbcCipher(FindEncryption(name), key)
{
}

CbcCipher::CbcCipher(const EncryptionAlgorithm& algorithm, ByteSpan key)
    : m_algorithm(&algorithm)
{
    if (algorithm.mode != CipherMode::Cbc)
    {
        throw CryptoError("CbcCipher: " + std::string(algorithm.name) + " is not a CBC cipher");
    }
    CheckSize(std::string(algorithm.name) + " key", algorithm.keySize, key.size());
    OsslPtr<EVP_CIPHER> cipher(
        EVP_CIPHER_fetch(nullptr, std::string(algorithm.openssl).c_str(), nullptr));
    if (!cipher)
    {
        ThrowOpenSslError("OpenSSL has no " + std::string(algorithm.openssl));
    }
    m_encrypt = KeyedContext(cipher.get(), key.data(), 1);
    m_decrypt = KeyedContext(cipher.get(), key.data(), 0);
}

void
CbcCipher::Run(EVP_CIPHER_CTX* ctx, int encrypt, ByteSpan iv, ByteSpan in, uint8_t* out)
{
    if (iv.size() != IvSize())
    {
        CheckSize(std::string(m_algorithm->name) + " IV", IvSize(), iv.size());
    }
    if (in.size() % BlockSize() != 0)
    {
        throw CryptoError(std::string(m_algorithm->name) + ": CBC input of " +
                          std::to_string(in.size()) + " octets is not a multiple of " +
                          std::to_string(BlockSize()));
    }
    if (in.size() > static_cast<size_t>(INT_MAX))
    {
        throw CryptoError("CBC input too long");
    }
    int len = 0;
    if (EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, iv.data(), encrypt) != 1 ||
        (!in.empty() &&
         EVP_CipherUpdate(ctx, out, &len, in.data(), static_cast<int>(in.size())) != 1))
    {
        ThrowOpenSslError("AES-CBC failed");
    }
}

void
CbcCipher::Encrypt(ByteSpan iv, ByteSpan in, uint8_t* out)
{
    Run(m_encrypt.get(), 1, iv, in, out);
}

void
CbcCipher::Decrypt(ByteSpan iv, ByteSpan in, uint8_t* out)
{
    Run(m_decrypt.get(), 0, iv, in, out);
}

} // namespace ipseclab
