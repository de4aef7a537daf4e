// The IKEv1 key schedule of RFC 2409 §5, each derivation its own function so tests can check
// them one by one. prf is HMAC over the negotiated hash (RFC 2409 §4: no PRF is negotiated).
#ifndef IPSECLAB_IKEV1_KEY_SCHEDULE_H
#define IPSECLAB_IKEV1_KEY_SCHEDULE_H

#include "crypto/prf.h"

#include <string_view>

namespace ipseclab::ikev1
{

/// The negotiated phase 1 hash: "md5"-free set of sha1, sha256, sha384, sha512 (strongSwan
/// names). Gives the HMAC prf and the plain digest used for IVs.
class Ikev1Hash
{
  public:
    explicit Ikev1Hash(std::string_view name);
    /// prf(key, parts) = HMAC-hash.
    Bytes Prf(ByteSpan key, ByteParts data) const;
    /// hash(parts), the plain digest (phase 1 and phase 2 IVs).
    Bytes Digest(ByteParts data) const;
    size_t OutputSize() const { return m_prf.OutputSize(); }
    std::string_view Name() const { return m_name; }

  private:
    std::string m_name;
    ipseclab::Prf m_prf;
};

/// The ISAKMP SA's cookies as wire octets (8 each, big-endian).
Bytes CookieBytes(uint64_t cookie);

/// §5: SKEYID = prf(pre-shared-key, Ni_b | Nr_b).
Bytes SkeyidPsk(const Ikev1Hash& h, ByteSpan psk, ByteSpan niB, ByteSpan nrB);
/// §5: SKEYID = prf(Ni_b | Nr_b, g^xy) for signature authentication.
Bytes SkeyidSignature(const Ikev1Hash& h, ByteSpan niB, ByteSpan nrB, ByteSpan gxy);

struct Skeyids
{
    Bytes d; // SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
    Bytes a; // SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
    Bytes e; // SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
};
Skeyids DeriveSkeyids(const Ikev1Hash& h, ByteSpan skeyid, ByteSpan gxy, uint64_t ckyI,
                      uint64_t ckyR);

/// The encryption key from SKEYID_e: its first keyLength octets, or, when SKEYID_e is shorter,
/// Appendix B's Ka = K1 | K2 | ... with K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1).
Bytes EncryptionKey(const Ikev1Hash& h, ByteSpan skeyidE, size_t keyLength);

/// §5.2 HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b).
Bytes HashI(const Ikev1Hash& h, ByteSpan skeyid, ByteSpan gxi, ByteSpan gxr, uint64_t ckyI,
            uint64_t ckyR, ByteSpan saiB, ByteSpan idiiB);
/// §5.2 HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b).
Bytes HashR(const Ikev1Hash& h, ByteSpan skeyid, ByteSpan gxi, ByteSpan gxr, uint64_t ckyI,
            uint64_t ckyR, ByteSpan saiB, ByteSpan idirB);

/// Appendix B: phase 1 IV = hash(g^xi | g^xr), truncated to the cipher block.
Bytes Phase1Iv(const Ikev1Hash& h, ByteSpan gxi, ByteSpan gxr, size_t blockSize);
/// Appendix B: the IV of a Quick Mode or Informational exchange = hash(last phase 1 CBC block |
/// M-ID), truncated to the block.
Bytes Phase2Iv(const Ikev1Hash& h, ByteSpan lastPhase1Block, uint32_t messageId, size_t blockSize);

/// §5.5 HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE] [| IDci | IDcr]): afterHash is the
/// message's payload octets after the HASH payload (generic headers included). The same form
/// authenticates Informational exchanges (§5.7: prf(SKEYID_a, M-ID | N/D)).
Bytes QuickHash1(const Ikev1Hash& h, ByteSpan skeyidA, uint32_t messageId, ByteSpan afterHash);
/// §5.5 HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr]).
Bytes QuickHash2(const Ikev1Hash& h, ByteSpan skeyidA, uint32_t messageId, ByteSpan niB,
                 ByteSpan afterHash);
/// §5.5 HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b).
Bytes QuickHash3(const Ikev1Hash& h, ByteSpan skeyidA, uint32_t messageId, ByteSpan niB,
                 ByteSpan nrB);

/// §5.5 KEYMAT = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b), expanded to length
/// as K1 | K2 | ... with Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b).
/// gqmxy empty: no PFS. spi: the SPI of the SA this KEYMAT keys (the receiver's choice).
Bytes Keymat(const Ikev1Hash& h, ByteSpan skeyidD, ByteSpan gqmxy, uint8_t protocol, ByteSpan spi,
             ByteSpan niB, ByteSpan nrB, size_t length);

/// RFC 3947 §3.2 NAT-D = HASH(CKY-I | CKY-R | IP | Port) with the negotiated hash (the plain
/// digest); address and port in host order, hashed as network octets. Compare the peer's with
/// ike-core/nat-traversal.h's DetectNat.
Bytes NatDetectionHash(const Ikev1Hash& h, uint64_t ckyI, uint64_t ckyR, uint32_t address,
                       uint16_t port);

} // namespace ipseclab::ikev1

#endif
