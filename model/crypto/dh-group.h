// Diffie-Hellman groups 14, 19, 20 and 31 with the public-value encodings of IKEv2's KE
// payload: MODP left-padded to the prime's length, ECP x | y without the 0x04 prefix
// (RFC 5903 §7), X25519 as 32 octets (RFC 8031). Shared secrets: MODP padded to 256
// octets, ECP the x coordinate, X25519 32 octets (all-zero rejected).
#ifndef IPSECLAB_CRYPTO_DH_GROUP_H
#define IPSECLAB_CRYPTO_DH_GROUP_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "crypto/random-source.h"

#include <memory>

namespace ipseclab
{

class DhGroup
{
  public:
    virtual ~DhGroup() = default;

    /// A fresh key pair whose private key comes from rng (reproducible runs).
    static std::unique_ptr<DhGroup> Create(const DhGroupInfo& group, RandomSource& rng);
    static std::unique_ptr<DhGroup> Create(std::string_view name, RandomSource& rng);
    /// A key pair from a given private key (big-endian scalar/exponent; X25519: the 32
    /// octets of RFC 7748). For published test vectors.
    static std::unique_ptr<DhGroup> FromPrivateKey(const DhGroupInfo& group, ByteSpan privateKey);
    static std::unique_ptr<DhGroup> FromPrivateKey(std::string_view name, ByteSpan privateKey);

    const DhGroupInfo& Info() const { return *m_info; }
    /// The KE payload's Key Exchange Data.
    const Bytes& PublicValue() const { return m_public; }
    const Bytes& PrivateKey() const { return m_private; }
    /// g^ir from the peer's KE data; CryptoError for invalid peer values.
    virtual Bytes ComputeSharedSecret(ByteSpan peerPublic) const = 0;

  protected:
    explicit DhGroup(const DhGroupInfo& info);
    const DhGroupInfo* m_info;
    Bytes m_private;
    Bytes m_public;
};

} // namespace ipseclab

#endif
