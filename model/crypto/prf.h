// IKEv2 pseudo-random functions (HMAC-SHA-2, RFC 4868) and prf+ (RFC 7296 §2.13).
#ifndef IPSECLAB_CRYPTO_PRF_H
#define IPSECLAB_CRYPTO_PRF_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "crypto/openssl-handles.h"

namespace ipseclab
{

class Prf
{
  public:
    explicit Prf(const PrfAlgorithm& algorithm);
    explicit Prf(std::string_view name);

    /// prf(key, data parts concatenated). Any key length (HMAC hashes long keys).
    Bytes Compute(ByteSpan key, ByteParts data) const;
    size_t OutputSize() const { return m_algorithm->outputSize; }
    size_t PreferredKeySize() const { return m_algorithm->preferredKeySize; }
    const PrfAlgorithm& Algorithm() const { return *m_algorithm; }

  private:
    const PrfAlgorithm* m_algorithm;
    OsslPtr<EVP_MAC> m_mac;
};

/// prf+(K, S) = T1 | T2 | ... with T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n),
/// truncated to length octets; at most 255 blocks (CryptoError beyond).
Bytes PrfPlus(const Prf& prf, ByteSpan key, ByteSpan seed, size_t length);

} // namespace ipseclab

#endif
