// Helpers shared by the crypto tests.
#ifndef IPSECLAB_TESTS_CRYPTO_TEST_UTIL_H
#define IPSECLAB_TESTS_CRYPTO_TEST_UTIL_H

#include "crypto/crypto-common.h"

#include <gtest/gtest.h>

namespace ipseclab::test
{

inline Bytes
H(std::string_view hex)
{
    return FromHex(hex);
}

inline Bytes
Repeat(uint8_t value, size_t count)
{
    return Bytes(count, value);
}

/// Runs f and checks it throws CryptoError whose message contains every needle.
template <typename F>
void
ExpectCryptoError(F&& f, std::initializer_list<std::string_view> needles)
{
    try
    {
        f();
        ADD_FAILURE() << "expected CryptoError";
    }
    catch (const CryptoError& e)
    {
        std::string what = e.what();
        for (auto n : needles)
        {
            EXPECT_NE(what.find(n), std::string::npos)
                << "message '" << what << "' lacks '" << n << "'";
        }
    }
}

} // namespace ipseclab::test

#endif
