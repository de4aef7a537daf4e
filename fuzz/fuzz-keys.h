// The fixed keys the fuzz targets open packets with, shared with the seed writer so that
// seeds pass the ICV and the fuzzer reaches the code behind it (padding, next header, payload
// chains inside SK).
#ifndef IPSECLAB_FUZZ_KEYS_H
#define IPSECLAB_FUZZ_KEYS_H

#include "crypto/algorithms.h"
#include "crypto/crypto-common.h"
#include "crypto/esp-transform.h"
#include "crypto/ike-key-schedule.h"
#include "crypto/integrity.h"
#include "ike/ike-crypto-context.h"

#include <memory>
#include <string>
#include <vector>

namespace ipseclab::fuzz
{

/// The ikev1-message target's AES-128 key and IV for its encrypted path (odd first octet).
inline const Bytes kIkev1Key(16, 0x5c);
inline const Bytes kIkev1Iv(16, 0x00);

/// ESP transforms the esp-open target chooses from with its first input octet.
inline const std::vector<std::string> kEspProposals = {"aes128gcm16",
                                                       "aes256gcm16",
                                                       "chacha20poly1305",
                                                       "aes128-sha256",
                                                       "aes256-sha512",
                                                       "aes128-sha1",
                                                       "null-sha256"};
/// IKE proposals of the ike-sk target (first octet).
inline const std::vector<std::string> kIkeProposals = {
    "aes128gcm16-prfsha256-x25519", "aes128-sha256-x25519", "chacha20poly1305-prfsha256-x25519"};
/// AH integrity algorithms of the ah-open target (first octet).
inline const std::vector<std::string> kAhAlgorithms = {"sha256", "sha1", "sha384", "sha512"};

/// n octets 0x01, 0x02, ... (a key that is obviously a test key).
inline Bytes
FuzzKey(size_t n, uint8_t start = 1)
{
    Bytes k(n);
    for (size_t i = 0; i < n; ++i)
    {
        k[i] = static_cast<uint8_t>(start + i);
    }
    return k;
}

/// The ESP transform of proposal `index` (mod the list) with the fixed keys.
inline std::unique_ptr<EspTransform>
FuzzEspTransform(size_t index)
{
    const EspProposal p = ParseEspProposal(kEspProposals[index % kEspProposals.size()]);
    const KeyLengths k = KeyLengths::For(p);
    return std::make_unique<EspTransform>(p, FuzzKey(k.encryption), FuzzKey(k.integrity, 0x40));
}

/// The IKE SA keys of proposal `index` (SK_ei/SK_ai/SK_er/SK_ar fixed).
inline std::unique_ptr<IkeCryptoContext>
FuzzIkeContext(size_t index)
{
    const IkeProposal p = ParseIkeProposal(kIkeProposals[index % kIkeProposals.size()]);
    const KeyLengths k = KeyLengths::For(p);
    return std::make_unique<IkeCryptoContext>(p,
                                              FuzzKey(k.encryption, 0x10),
                                              FuzzKey(k.integrity, 0x20),
                                              FuzzKey(k.encryption, 0x30),
                                              FuzzKey(k.integrity, 0x50));
}

/// The AH integrity of algorithm `index`.
inline std::unique_ptr<Integrity>
FuzzAhIntegrity(size_t index)
{
    const IntegrityAlgorithm& a = FindIntegrity(kAhAlgorithms[index % kAhAlgorithms.size()]);
    return std::make_unique<Integrity>(a, FuzzKey(a.keySize, 0x60));
}

} // namespace ipseclab::fuzz

#endif
