// Simulated crypto time: the daemon's CPU is busy for the cost of each operation (DH, signature,
// message protection) and what it sends leaves when the CPU is free again. The costs are the
// daemon's attributes (defaults from PERFORMANCE.md); this class adds them up.
#ifndef IPSECLAB_IKE_CORE_CRYPTO_TIME_H
#define IPSECLAB_IKE_CORE_CRYPTO_TIME_H

#include <ns3/nstime.h>

#include <cstddef>
#include <string>

namespace ipseclab
{

struct CryptoCosts
{
    ns3::Time dhX25519; ///< per DH operation (key generation or shared secret)
    ns3::Time dhEcp256;
    ns3::Time dhEcp384;
    ns3::Time dhModp2048; ///< and every other group
    ns3::Time rsaSign;
    ns3::Time rsaVerify;
    ns3::Time ecdsaSign;
    ns3::Time ecdsaVerify;
    double nsPerByte = 1.0; ///< IKE message encryption / integrity
};

class CryptoTimeModel
{
  public:
    /// Off: nothing is charged and messages leave at once.
    bool enabled = false;
    CryptoCosts costs;

    ns3::Time DhCost(const std::string& group) const;
    ns3::Time SignatureCost(bool rsa, bool sign) const;
    ns3::Time BytesCost(size_t bytes) const;
    /// The CPU works `cost` from `now` or from when it is free, whichever is later.
    void Charge(ns3::Time now, ns3::Time cost);
    /// How long a message produced at `now` waits for the CPU (zero: it leaves now).
    ns3::Time Wait(ns3::Time now) const;

  private:
    ns3::Time m_busyUntil;
};

} // namespace ipseclab

#endif
