// IKEv2 key derivation (RFC 7296 §2.14, §2.17, §2.18) and shared-key AUTH (§2.15).
// Every result carries its intermediate values: the lab shows them to students.
#ifndef IPSECLAB_CRYPTO_IKE_KEY_SCHEDULE_H
#define IPSECLAB_CRYPTO_IKE_KEY_SCHEDULE_H

#include "crypto/algorithms.h"
#include "crypto/prf.h"

namespace ipseclab
{

/// Per-direction key lengths for SK_e / SK_a (IKE) or the Child SA keys.
/// AEAD: integrity 0 and encryption including the salt (RFC 5282 §7.1, RFC 4106 §8.1).
struct KeyLengths
{
    size_t encryption = 0;
    size_t integrity = 0;

    static KeyLengths For(const EncryptionAlgorithm& encryption,
                          const IntegrityAlgorithm* integrity);
    static KeyLengths For(const IkeProposal& proposal);
    static KeyLengths For(const EspProposal& proposal);
    static KeyLengths For(const AhProposal& proposal);
};

struct IkeSaKeys
{
    Bytes skeyseedInput; // Ni | Nr as the prf key (new SA) or g^ir | Ni | Nr (rekey)
    Bytes skeyseed;
    Bytes prfPlusSeed; // Ni | Nr | SPIi | SPIr
    Bytes keymat;      // the whole prf+ output, split below in this order
    Bytes skD, skAi, skAr, skEi, skEr, skPi, skPr;
};

/// SKEYSEED = prf(Ni | Nr, g^ir); {SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr}
/// = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). SK_d and SK_p are PreferredKeySize() long.
IkeSaKeys DeriveIkeSaKeys(const Prf& prf, ByteSpan ni, ByteSpan nr, ByteSpan gir, ByteSpan spiI,
                          ByteSpan spiR, KeyLengths lengths);

/// Rekeyed IKE SA (§2.18): SKEYSEED = prf_old(SK_d old, g^ir new | Ni | Nr), then prf+ of
/// the new SA's PRF with the new nonces and SPIs.
IkeSaKeys DeriveRekeyedIkeSaKeys(const Prf& oldPrf, ByteSpan oldSkD, const Prf& newPrf, ByteSpan ni,
                                 ByteSpan nr, ByteSpan gir, ByteSpan spiI, ByteSpan spiR,
                                 KeyLengths lengths);

struct ChildSaKeys
{
    Bytes seed;   // [g^ir (new) |] Ni | Nr
    Bytes keymat; // prf+(SK_d, seed)
    // RFC 7296 §2.17 order: initiator-to-responder first, encryption before integrity.
    Bytes encryptionInitiator, integrityInitiator, encryptionResponder, integrityResponder;
};

/// KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); pass an empty gir without PFS.
ChildSaKeys DeriveChildSaKeys(const Prf& prf, ByteSpan skD, ByteSpan ni, ByteSpan nr,
                              KeyLengths lengths, ByteSpan gir = {});

struct SharedKeyAuth
{
    Bytes keyPadKey;    // prf(Shared Secret, "Key Pad for IKEv2")
    Bytes macedId;      // prf(SK_px, RestOfIDPayload)
    Bytes signedOctets; // RealMessage | Nonce(peer) | MACedID
    Bytes auth;         // prf(keyPadKey, signedOctets)
};

/// SignedOctets = RealMessage | peer's Nonce Data | prf(SK_px, RestOfIDPayload), where
/// RestOfIDPayload is the ID payload body after the generic header (ID Type | RESERVED | data).
Bytes BuildSignedOctets(const Prf& prf, ByteSpan realMessage, ByteSpan peerNonce, ByteSpan skP,
                        ByteSpan restOfIdPayload);

/// AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets) (§2.15).
SharedKeyAuth ComputeSharedKeyAuth(const Prf& prf, ByteSpan sharedSecret, ByteSpan realMessage,
                                   ByteSpan peerNonce, ByteSpan skP, ByteSpan restOfIdPayload);

} // namespace ipseclab

#endif
