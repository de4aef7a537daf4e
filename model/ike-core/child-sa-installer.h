// What every key exchange does to the data plane once it has negotiated a Child SA (IKEv2) or
// a pair of IPsec SAs (IKEv1 Quick Mode): install the outbound and inbound SAs in the node's
// IpsecStack, add the PROTECT policies of their reqid once, and remove both again. Only
// IpsecStack's public methods are used.
#ifndef IPSECLAB_IKE_CORE_CHILD_SA_INSTALLER_H
#define IPSECLAB_IKE_CORE_CHILD_SA_INSTALLER_H

#include "ipsec/ipsec-stack.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/// The keys of one direction each (RFC 7296 2.17: the exchange initiator's come first).
struct ChildSaKeysByDirection
{
    ipseclab::Bytes encryptionOut;
    ipseclab::Bytes integrityOut;
    ipseclab::Bytes encryptionIn;
    ipseclab::Bytes integrityIn;
};

class ChildSaInstaller
{
  public:
    void SetStack(Ptr<IpsecStack> stack) { m_ipsec = stack; }
    void Dispose() { m_ipsec = nullptr; }

    /// A reqid for a new Child SA (its rekeyed successors keep it).
    uint32_t NewReqid() { return m_nextReqid++; }
    /// Is `spi` taken by an inbound ESP SA of this node?
    bool InboundSpiInUse(uint32_t spi) const;

    /// Installs the outbound SA (local -> peer, `outSpi`) and the inbound one (`inSpi`),
    /// both made from `base` (protocol, mode, proposal, reqid, lifetimes, ...). With
    /// `natPeerPort` non-zero, ESP is carried in UDP between port 4500 and that port (RFC 3948).
    /// Throws what IpsecStack::AddSa throws.
    void InstallPair(const ipseclab::SaConfig& base, uint32_t outSpi, uint32_t inSpi,
                     uint32_t localAddress, uint32_t peerAddress,
                     const ipseclab::TrafficSelector& ts, uint16_t natPeerPort,
                     const ChildSaKeysByDirection& keys);
    /// PROTECT policies (both directions) for `reqid`, once: a rekeyed SA reuses them.
    void EnsurePolicies(uint32_t reqid, const ipseclab::TrafficSelector& ts,
                        ipseclab::IpsecMode mode, uint32_t localAddress, uint32_t peerAddress,
                        const std::string& name);
    /// Removes the SA pair; the inbound half after `inboundDelay` seconds (packets in flight
    /// on an old SA still arrive for a while after a rekey).
    void RemovePair(uint32_t outSpi, uint32_t inSpi, const std::string& why, double inboundDelay);
    /// Removes the policies of `reqid` (when no SA serves it any more).
    void RemovePolicies(uint32_t reqid);
    /// Marks the outbound SA expired: nothing is sent on it any more (a redundant rekey).
    void StopSending(uint32_t outSpi);

  private:
    Ptr<IpsecStack> m_ipsec;
    uint32_t m_nextReqid = 1;
    std::map<uint32_t, std::vector<uint32_t>> m_policies; ///< reqid -> SPD entry ids
};

} // namespace ns3

#endif
