// The classic offline attack on Aggressive Mode with pre-shared keys: an eavesdropper who saw
// AM1 and AM2 has everything HASH_R covers (g^xi, g^xr, cookies, SAi_b, IDir_b, Ni, Nr) in the
// clear, and HASH_R needs no DH secret: prf(prf(PSK, Ni | Nr), ...) is checked per guess.
// Main Mode hides IDir and HASH_R under a key derived from g^xy, so no such check exists.
#ifndef IPSECLAB_IKEV1_PSK_CRACK_H
#define IPSECLAB_IKEV1_PSK_CRACK_H

#include "ikev1/ikev1-message.h"

#include <optional>
#include <string>
#include <vector>

namespace ipseclab::ikev1
{

struct CrackResult
{
    std::optional<std::string> psk; ///< the word whose HASH_R matched, if any
    size_t tried = 0;               ///< words tried
};

/// Tries each word of `dictionary` as the PSK against the HASH_R of a captured Aggressive Mode
/// AM1/AM2 pair (wire octets). IkeParseError / std::invalid_argument when the messages are
/// not a clear Aggressive Mode pair with the payloads HASH_R needs.
CrackResult CrackAggressiveModePsk(ByteSpan am1, ByteSpan am2,
                                   const std::vector<std::string>& dictionary);

} // namespace ipseclab::ikev1

#endif
