// Inbound IPsec, family-independent (RFC 4301 5.2, Linux's xfrm_input): the SA by SPI, the
// replay check before the ICV and the window update after it (RFC 4303 3.4.3), ESP and AH
// decapsulation through the codecs, the SA's selectors on what came out, counters, lifetimes
// and the decap events; and the inbound policy check on cleartext. The datagram's family
// (ip-family.h) hands the result back to IP.
#ifndef IPSECLAB_IPSEC_INPUT_H
#define IPSECLAB_IPSEC_INPUT_H

#include "ipsec/ip-family.h"
#include "ipsec/ipsec-shared.h"
#include "ipsec/sa-lifetimes.h"

#include <vector>

namespace ns3
{

class IpsecInput
{
  public:
    /// `tunnelFamily`: the family of tunnel-mode inner datagrams (IPv4 today; IPv6 will pick by
    /// next header).
    IpsecInput(IpsecShared& shared, SaLifetimes& lifetimes, const IpFamily& tunnelFamily);

    /// An ESP packet (`bytes`, its octets; `original`, the packet as received).
    void ProcessEsp(ipseclab::Bytes bytes, const InboundDatagram& datagram,
                    Ptr<const Packet> original);
    void ProcessAh(ipseclab::Bytes bytes, const InboundDatagram& datagram,
                   Ptr<const Packet> original);

    /// Inbound policy (RFC 4301 5.2 step 4): false if cleartext `flow` must have been protected
    /// (dropped, counted and traced).
    bool AllowCleartext(Ptr<const Packet> packet, const ipseclab::FlowKey& flow);
    /// True once for a packet this node has just decapsulated (its SA's selectors were checked),
    /// so the inbound policy check lets it through.
    bool TakeDecapsulated(uint64_t uid);

  private:
    /// Replay check before the ICV; true if the packet may go on.
    bool CheckReplay(ipseclab::SecurityAssociation& sa, uint64_t seq, Ptr<const Packet> packet);
    /// Moves the window; only for an authentic packet.
    void CommitReplay(ipseclab::SecurityAssociation& sa, uint64_t seq);
    void Deliver(ipseclab::SecurityAssociation& sa, uint8_t nextHeader, ipseclab::ByteSpan payload,
                 const InboundDatagram& datagram, Ptr<const Packet> original, uint64_t seq);
    void MarkDecapsulated(uint64_t uid);

    IpsecShared& m_shared;
    SaLifetimes& m_lifetimes;
    const IpFamily& m_tunnelFamily;
    /// UIDs of packets this node just decapsulated. Consumed within the same event, so a
    /// handful of slots (no allocation per packet). A packet tag was not used: tags travel with
    /// the packet to the next node.
    std::vector<uint64_t> m_decapsulated;
};

} // namespace ns3

#endif
