// Signatures over octets with a PrivateKey/PublicKey: RSASSA-PKCS1-v1_5 and ECDSA. The IKE
// AUTH methods (ike-auth.h) and the certificate authority both sign through here.
#ifndef IPSECLAB_PKI_SIGNATURE_H
#define IPSECLAB_PKI_SIGNATURE_H

#include "crypto/crypto-common.h"
#include "crypto/random-source.h"
#include "pki/keys.h"

namespace ipseclab
{

enum class HashAlgorithm
{
    Sha1,
    Sha256,
    Sha384,
};

enum class EcdsaEncoding
{
    Der, ///< Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480, RFC 7427)
    Raw, ///< r | s, each left-padded to the order's size (RFC 4754: 32 + 32 for P-256)
};

/// RSA: PKCS#1 v1.5, deterministic; rng is not touched. ECDSA: the nonce k comes from rng
/// (|n| + 8 octets per attempt), so a seeded rng gives byte-identical signatures. OpenSSL 3.0
/// cannot sign with a caller's k except through the deprecated EC_KEY API, so s = k^-1 (e +
/// r d) mod n is computed here with BIGNUM arithmetic; verification is OpenSSL's own.
Bytes SignData(const PrivateKey& key, HashAlgorithm hash, ByteSpan data, RandomSource& rng,
               EcdsaEncoding encoding = EcdsaEncoding::Der);

/// False (never an exception) when the signature does not verify or is malformed, so peer
/// input cannot throw; PkiError only for local failures.
bool VerifyData(const PublicKey& key, HashAlgorithm hash, ByteSpan data, ByteSpan signature,
                EcdsaEncoding encoding = EcdsaEncoding::Der);

/// Octets of r (and of s) for an ECDSA key: 32 (P-256), 48 (P-384); 0 for RSA.
size_t EcdsaScalarSize(KeyType type);

} // namespace ipseclab

#endif
