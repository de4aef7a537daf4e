#include "ike-core/crypto-time.h"

#include <algorithm>

namespace ipseclab
{

ns3::Time
CryptoTimeModel::DhCost(const std::string& group) const
{
    return group == "x25519"   ? costs.dhX25519
           : group == "ecp256" ? costs.dhEcp256
           : group == "ecp384" ? costs.dhEcp384
                               : costs.dhModp2048;
}

ns3::Time
CryptoTimeModel::SignatureCost(bool rsa, bool sign) const
{
    return rsa ? (sign ? costs.rsaSign : costs.rsaVerify)
               : (sign ? costs.ecdsaSign : costs.ecdsaVerify);
}

ns3::Time
CryptoTimeModel::BytesCost(size_t bytes) const
{
    return ns3::NanoSeconds(static_cast<int64_t>(costs.nsPerByte * bytes));
}

void
CryptoTimeModel::Charge(ns3::Time now, ns3::Time cost)
{
    if (!enabled)
    {
        return;
    }
    m_busyUntil = std::max(m_busyUntil, now) + cost;
}

ns3::Time
CryptoTimeModel::Wait(ns3::Time now) const
{
    return enabled && m_busyUntil > now ? m_busyUntil - now : ns3::Time(0);
}

} // namespace ipseclab
