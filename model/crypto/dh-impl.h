// Factories of the DhGroup implementations (internal header).
#ifndef IPSECLAB_CRYPTO_DH_IMPL_H
#define IPSECLAB_CRYPTO_DH_IMPL_H

#include "crypto/dh-group.h"

namespace ipseclab
{

// Empty privateKey: draw one from rng.
std::unique_ptr<DhGroup> MakeModpDh(const DhGroupInfo& info, ByteSpan privateKey,
                                    RandomSource* rng);
std::unique_ptr<DhGroup> MakeEcpDh(const DhGroupInfo& info, ByteSpan privateKey, RandomSource* rng);
std::unique_ptr<DhGroup> MakeX25519Dh(const DhGroupInfo& info, ByteSpan privateKey,
                                      RandomSource* rng);

} // namespace ipseclab

#endif
