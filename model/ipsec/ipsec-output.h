// Outbound IPsec, family-independent (RFC 4301 5.1, Linux's xfrm_output): the SPD decision,
// the SA(s) of a PROTECT policy, ESP and AH encapsulation through the codecs (ESP inside, AH
// outside for a bundle), ESP in UDP, counters, lifetimes and the encap events. The datagram's
// family (ip-family.h) writes the headers and sends the result.
#ifndef IPSECLAB_IPSEC_OUTPUT_H
#define IPSECLAB_IPSEC_OUTPUT_H

#include "ipsec/ip-family.h"
#include "ipsec/ipsec-shared.h"
#include "ipsec/sa-lifetimes.h"

#include <ns3/random-variable-stream.h>

namespace ns3
{

class IpsecOutput
{
  public:
    IpsecOutput(IpsecShared& shared, SaLifetimes& lifetimes, Ptr<UniformRandomVariable> ivRandom);

    /// The outbound SPD decision for a flow. nullptr: send it in the clear (no policy, BYPASS,
    /// or IKE with BypassIke when `mayBypassIke`). A DISCARD policy is returned as it is: the
    /// caller gives it to Discard.
    const ipseclab::SpdEntry* Lookup(const ipseclab::FlowKey& flow, bool mayBypassIke) const;
    /// Drops a packet a DISCARD policy matched.
    void Discard(Ptr<const Packet> packet, const ipseclab::SpdEntry& policy);
    /// Applies the PROTECT policy's SA(s) to the datagram (its L4 octets in `packet`) and sends
    /// it; acquires (no SA), drops and counts as needed.
    void Protect(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey& flow,
                 Ptr<const Packet> packet, OutboundDatagram& datagram);

  private:
    IpsecShared& m_shared;
    SaLifetimes& m_lifetimes;
    Ptr<UniformRandomVariable> m_ivRandom; ///< CBC IVs
    ipseclab::Bytes m_innerBuffer;         ///< scratch buffers, reused packet after packet
    ipseclab::Bytes m_sealBuffer;
};

} // namespace ns3

#endif
