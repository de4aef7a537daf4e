// Truncated HMAC for ESP, AH (RFC 2404, RFC 4868) and IKE's integrity checksum.
#ifndef IPSECLAB_CRYPTO_INTEGRITY_H
#define IPSECLAB_CRYPTO_INTEGRITY_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "crypto/openssl-handles.h"

namespace ipseclab
{

/// Keyed once at construction; every call only resets the HMAC state.
class Integrity
{
  public:
    Integrity(const IntegrityAlgorithm& algorithm, ByteSpan key);
    Integrity(std::string_view name, ByteSpan key);

    /// Writes IcvSize() octets: the HMAC of the parts in order, truncated.
    void Compute(ByteParts parts, uint8_t* icv);
    Bytes Compute(ByteParts parts);
    /// Constant-time check of a received ICV (false also when its length is wrong).
    bool Verify(ByteParts parts, ByteSpan icv);
    /// The untruncated HMAC (to show students what truncation keeps).
    Bytes ComputeFull(ByteParts parts);

    size_t IcvSize() const { return m_algorithm->icvSize; }
    size_t KeySize() const { return m_algorithm->keySize; }
    const IntegrityAlgorithm& Algorithm() const { return *m_algorithm; }

  private:
    size_t Hmac(ByteParts parts, uint8_t* full);
    const IntegrityAlgorithm* m_algorithm;
    OsslPtr<EVP_MAC_CTX> m_ctx;
};

/// AH uses the integrity transform as it is; the AH layer builds the ICV input parts.
using AhTransform = Integrity;

} // namespace ipseclab

#endif
