// Types, errors and small helpers shared by every part of the crypto core.
#ifndef IPSECLAB_CRYPTO_COMMON_H
#define IPSECLAB_CRYPTO_COMMON_H

#include "util/span.h"

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ipseclab
{

using Bytes = std::vector<uint8_t>;
using ByteSpan = ipseclab::Span<const uint8_t>;
// Scatter input: callers pass the pieces of a message instead of concatenating them.
using ByteParts = std::initializer_list<ByteSpan>;

/// Every failure of the crypto core: bad names, bad key lengths, malformed input.
class CryptoError : public std::runtime_error
{
  public:
    explicit CryptoError(const std::string& what);
};

/// Lower-case hex, no separators.
std::string ToHex(ByteSpan data);
/// Accepts upper/lower case; ignores spaces, ':' and a leading "0x". Throws CryptoError.
Bytes FromHex(std::string_view hex);
/// Bytes of a string (for test vectors such as "Hi There").
Bytes ToBytes(std::string_view text);
/// Constant-time comparison (CRYPTO_memcmp); false when the lengths differ.
bool ConstantTimeEqual(ByteSpan a, ByteSpan b);
/// a | b | ... as one buffer (for key schedule inputs, never on the packet path).
Bytes Concat(ByteParts parts);

/// Throws CryptoError("<what>: expected N octets, got M") when sizes differ.
void CheckSize(std::string_view what, size_t expected, size_t got);
/// Throws CryptoError with the OpenSSL error queue appended (and clears the queue).
[[noreturn]] void ThrowOpenSslError(std::string_view what);

} // namespace ipseclab

#endif
