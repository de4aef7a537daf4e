// Scalars mod a group order from a RandomSource (internal): the ECDSA private key and the
// per-signature nonce k both come from here, so both are reproducible.
#ifndef IPSECLAB_PKI_EC_SCALAR_H
#define IPSECLAB_PKI_EC_SCALAR_H

#include "crypto/openssl-handles.h"
#include "crypto/random-source.h"

namespace ipseclab::detail
{

/// 1 + (x mod (n - 1)) for x of |n| + 8 octets from rng: always in 1..n-1, bias below 2^-64,
/// and always the same number of octets drawn (no rejection loop), so what follows in the
/// stream does not depend on the value.
OsslPtr<BIGNUM> RandomScalar(const BIGNUM* order, RandomSource& rng, BN_CTX* ctx);

} // namespace ipseclab::detail

#endif
