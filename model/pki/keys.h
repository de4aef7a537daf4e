// Private and public keys for IKE signature authentication and certificates: RSA-2048,
// ECDSA P-256 and P-384. Generation is deterministic from a RandomSource (principle 3:
// the same seed gives the same keys, certificates and AUTH payloads).
#ifndef IPSECLAB_PKI_KEYS_H
#define IPSECLAB_PKI_KEYS_H

#include "crypto/crypto-common.h"
#include "crypto/random-source.h"

#include <memory>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace ipseclab
{

enum class KeyType
{
    Rsa2048,
    EcdsaP256,
    EcdsaP384,
};

/// "rsa2048", "ecdsa-p256", "ecdsa-p384".
std::string ToString(KeyType type);
/// Accepts the names ToString gives; PkiError listing them otherwise.
KeyType KeyTypeFromString(std::string_view name);

/// A public key (immutable, cheap to copy: the OpenSSL object is shared).
class PublicKey
{
  public:
    /// SubjectPublicKeyInfo, DER or PEM ("PUBLIC KEY"). PkiError on anything else, and on
    /// key types other than RSA and ECDSA P-256/P-384.
    static PublicKey FromDer(ByteSpan der);
    static PublicKey FromPem(std::string_view pem);
    /// Takes a reference on an OpenSSL key (for Certificate); PkiError on unsupported types.
    static PublicKey FromEvp(EVP_PKEY* key);

    KeyType GetType() const;
    Bytes ToDer() const;
    std::string ToPem() const;
    EVP_PKEY* Evp() const;
    bool operator==(const PublicKey& other) const;
    bool operator!=(const PublicKey& other) const;

  private:
    PublicKey(std::shared_ptr<EVP_PKEY> key, KeyType type);
    std::shared_ptr<EVP_PKEY> m_key;
    KeyType m_type;
};

/// A private key (immutable; copies share the OpenSSL object).
class PrivateKey
{
  public:
    /// Deterministic: ECDSA takes the scalar from rng (48 or 56 octets reduced to 1..n-1);
    /// RSA searches its two primes from random starting points taken from rng (e = 65537).
    /// OpenSSL's own DRBG is never used for the key, so one seed gives one key.
    static PrivateKey Generate(KeyType type, RandomSource& rng);
    /// PKCS#8 PrivateKeyInfo (and the traditional RSA/EC formats), DER or PEM, unencrypted.
    static PrivateKey FromDer(ByteSpan der);
    static PrivateKey FromPem(std::string_view pem);

    KeyType GetType() const;
    PublicKey GetPublicKey() const;
    /// PKCS#8 PrivateKeyInfo, as `openssl pkey` writes it ("PRIVATE KEY").
    Bytes ToDer() const;
    std::string ToPem() const;
    EVP_PKEY* Evp() const;

  private:
    PrivateKey(std::shared_ptr<EVP_PKEY> key, KeyType type);
    std::shared_ptr<EVP_PKEY> m_key;
    KeyType m_type;
};

namespace detail
{
/// The key type of an OpenSSL key; PkiError for unsupported types or curves.
KeyType ClassifyKey(const EVP_PKEY* key);
std::shared_ptr<EVP_PKEY> OwnKey(EVP_PKEY* key);
EVP_PKEY* GenerateEcdsaKey(KeyType type, RandomSource& rng);
EVP_PKEY* GenerateRsaKey(RandomSource& rng);
} // namespace detail

} // namespace ipseclab

#endif
