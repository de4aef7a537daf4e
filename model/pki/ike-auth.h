// IKEv2 signature authentication (RFC 7296 2.15 and 3.8, RFC 4754, RFC 7427): the AUTH
// payload's Authentication Data for the <SignedOctets> that crypto/ike-key-schedule.h builds.
#ifndef IPSECLAB_PKI_IKE_AUTH_H
#define IPSECLAB_PKI_IKE_AUTH_H

#include "crypto/crypto-common.h"
#include "crypto/random-source.h"
#include "ike/ike-constants.h"
#include "pki/keys.h"

#include <string>
#include <vector>

namespace ipseclab
{

/// The signature Auth Methods handled here (IkeAuthMethod, ike/ike-constants.h): RsaSignature
/// (1: RSASSA-PKCS1-v1_5 with SHA-1, RFC 7296 3.8; kept for completeness and interop),
/// EcdsaSha256P256 (9: r | s, 32 + 32 octets, not DER; RFC 4754 7) and DigitalSignature (14:
/// RFC 7427, 1-octet length | AlgorithmIdentifier DER | signature; sha256WithRSAEncryption for
/// RSA keys, ecdsa-with-SHA256 (DER Ecdsa-Sig-Value) for ECDSA keys). Their names in errors and
/// events: "Digital Signature (14)".
std::string SignatureMethodName(IkeAuthMethod method);

/// The AlgorithmIdentifier DER values of RFC 7427 Appendix A.1.2 and A.4.3.
ByteSpan Sha256WithRsaEncryptionAlgorithmId(); // 30 0d 06 09 2a864886f70d01010b 05 00
ByteSpan EcdsaWithSha256AlgorithmId();         // 30 0a 06 08 2a8648ce3d040302

/// SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 4): type 16431, data = 2-octet hash ids.
constexpr uint16_t kSignatureHashAlgorithmsNotify = 16431;
constexpr uint16_t kSignatureHashSha1 = 1;
constexpr uint16_t kSignatureHashSha256 = 2;
constexpr uint16_t kSignatureHashSha384 = 3;
constexpr uint16_t kSignatureHashSha512 = 4;
/// What this implementation signs and verifies with method 14: {2} (SHA2-256).
std::vector<uint16_t> SupportedSignatureHashes();
Bytes EncodeSignatureHashAlgorithms(const std::vector<uint16_t>& hashes);
/// PkiError when the length is odd (a malformed notify).
std::vector<uint16_t> DecodeSignatureHashAlgorithms(ByteSpan data);

/// Authentication Data for method over signedOctets. ECDSA nonces come from rng (pass the
/// node's ns-3-fed RandomSource); RSA does not draw from it. PkiError when the key does not
/// fit the method (method 1 needs RSA, method 9 P-256).
Bytes SignAuthData(IkeAuthMethod method, const PrivateKey& key, ByteSpan signedOctets,
                   RandomSource& rng);

struct AuthCheck
{
    bool ok = false;
    std::string reason; ///< "ok", or why not: for the AUTHENTICATION_FAILED event
};

/// Checks peer input: never throws for malformed data, wrong key types or bad signatures.
AuthCheck VerifyAuthData(IkeAuthMethod method, const PublicKey& key, ByteSpan signedOctets,
                         ByteSpan authData);

} // namespace ipseclab

#endif
