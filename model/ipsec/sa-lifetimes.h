// SA lifetimes (RFC 4301 4.4.2.1): time limits are ns-3 timers set at install and owned by the
// SA (cancelled when it leaves the SAD, issue 22); byte and packet limits are counted per
// packet by Account. Soft expiry fires the SoftExpire trace (IKE rekeys on it); hard expiry
// removes the SA.
#ifndef IPSECLAB_IPSEC_SA_LIFETIMES_H
#define IPSECLAB_IPSEC_SA_LIFETIMES_H

#include "ipsec/ipsec-shared.h"

#include <functional>
#include <string>

namespace ns3
{

class SaLifetimes
{
  public:
    /// Takes a hard-expired SA out of the SAD (IpsecStack::RemoveSa, with its event and trace).
    using Remover =
        std::function<void(const ipseclab::SecurityAssociation& sa, const std::string& why)>;
    SaLifetimes(IpsecShared& shared, Remover remove);

    /// Schedules the SA's time limits; the timers are attached to the SA.
    void Start(ipseclab::SecurityAssociation& sa);
    /// Counts one packet of `bytes` on the SA and acts on a byte or packet limit it crosses.
    void Account(ipseclab::SecurityAssociation& sa, size_t bytes);

  private:
    void OnTimer(ipseclab::SecurityAssociation* sa, bool hard);
    void RemoveHardExpired(ipseclab::SecurityAssociation* sa);

    IpsecShared& m_shared;
    Remover m_remove;
};

} // namespace ns3

#endif
