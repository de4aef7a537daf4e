// IPsec on one ns-3 node: the SPD, the SAD and the processing of RFC 4301 section 5. This
// Object is the front (TypeId, Attributes, TraceSources, the API IKE and helpers use); the work
// is done by one class per job, as Linux splits xfrm (docs/architecture.md, "Hooking into IPv4"):
//   ipv4-hooks      the four hooks into ns-3's IPv4 stack (the entry points below forward there)
//   ipsec-output    SPD decision, SA selection, ESP/AH encapsulation (family-independent)
//   ipsec-input     SA lookup, replay, decapsulation, inbound policy (family-independent)
//   ipv4-family     IPv4 header octets, pseudo-header checksum, AH over IPv4 (ip-family.h)
//   sa-lifetimes    time limits as timers owned by the SA; byte and packet limits
//   udp-encap-socket  port 4500: ESP in UDP, IKE with the non-ESP marker, keepalives
//   ipsec-events    the SA, policy and per-packet event fields
//   ipsec-shared    SPD, SAD, counters and traces every job uses; Drop
#ifndef IPSECLAB_IPSEC_STACK_H
#define IPSECLAB_IPSEC_STACK_H

#include "ipsec/ipsec-input.h"
#include "ipsec/ipsec-output.h"
#include "ipsec/ipsec-shared.h"
#include "ipsec/ipv4-family.h"
#include "ipsec/ipv4-hooks.h"
#include "ipsec/sa-lifetimes.h"
#include "ipsec/udp-encap-socket.h"

#include <ns3/ip-l4-protocol.h>
#include <ns3/ipv4-address.h>
#include <ns3/ipv4-header.h>
#include <ns3/ipv4-interface.h>
#include <ns3/ipv4-l3-protocol.h>
#include <ns3/ipv4-route.h>
#include <ns3/node.h>
#include <ns3/object.h>
#include <ns3/random-variable-stream.h>
#include <ns3/traced-callback.h>

namespace ns3
{

class IpsecStack : public Object
{
  public:
    static TypeId GetTypeId();
    IpsecStack();
    ~IpsecStack() override;

    /// Hooks this stack into the node's IPv4 (needs the Internet stack installed and an
    /// Ipv4ListRouting, InternetStackHelper's default). NS_FATAL_ERROR with the reason otherwise.
    void Install(Ptr<Node> node);
    Ptr<Node> GetNode() const { return m_node; }

    /// Adds a policy (validated; std::invalid_argument on bad input). Returns its id.
    uint32_t AddPolicy(ipseclab::SpdEntry entry);
    bool RemovePolicy(uint32_t id);
    /// Installs an SA (validated; std::invalid_argument / CryptoError on bad input) and
    /// schedules its lifetimes.
    ipseclab::SecurityAssociation& AddSa(ipseclab::SaConfig config);
    /// Removes an SA and cancels its lifetime timers; `why` goes into the event ("deleted",
    /// "hard-expired", ...).
    bool RemoveSa(ipseclab::Direction direction, ipseclab::IpsecProtocol protocol, uint32_t spi,
                  const std::string& why = "deleted");

    ipseclab::Spd& GetSpd() { return m_shared.spd; }
    ipseclab::Sad& GetSad() { return m_shared.sad; }
    /// Node-wide drop counters (the SA's own are in the SA).
    const ipseclab::DropCounters& GetDrops() const { return m_shared.drops; }
    uint64_t GetDropCount(ipseclab::DropReason reason) const;
    uint64_t GetProtectedCount() const { return m_shared.protectedCount; }
    uint64_t GetUnprotectedCount() const { return m_shared.unprotectedCount; }

    /// Uses fixed random streams from this index on (IVs of CBC transforms). Returns how many.
    int64_t AssignStreams(int64_t stream);

    /// IKE packets on port 4500 (after the non-ESP marker is removed) go here once an IKE
    /// daemon registers; until then they are counted and dropped.
    typedef UdpEncapSocket::IkeReceiver IkeReceiver;
    void SetIkeOn4500Receiver(IkeReceiver receiver);
    /// Sends an IKE message from port 4500 with the non-ESP marker (RFC 3948 2.2): after NAT
    /// detection IKE and ESP share that port, and this stack owns its socket.
    void SendIkeFrom4500(const ipseclab::Bytes& ike, Ipv4Address to, uint16_t port);
    /// A NAT keepalive (one 0xff octet, RFC 3948 2.3) from port 4500.
    void SendNatKeepalive(Ipv4Address to, uint16_t port);

    // Hook entry points (called by the hook objects, not by users).
    void OutboundFromL4(Ptr<Packet> packet, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                        Ptr<Ipv4Route> route);
    /// true: the packet was consumed (protected and sent, or dropped).
    bool RouteForward(Ptr<const Packet> packet, const Ipv4Header& header);
    /// false: dropped by policy (counted and traced).
    bool AllowInbound(Ptr<const Packet> packet, const Ipv4Header& header);
    IpL4Protocol::RxStatus ReceiveEsp(Ptr<Packet> packet, const Ipv4Header& header,
                                      Ptr<Ipv4Interface> iface);
    IpL4Protocol::RxStatus ReceiveAh(Ptr<Packet> packet, const Ipv4Header& header,
                                     Ptr<Ipv4Interface> iface);

    /// Signature of the "Drop" trace: the packet as it was when dropped, the reason
    /// ("icv-failure", see docs/events.md) and the SPI (0 when no SA was involved).
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const std::string& reason,
                                       uint32_t spi);
    /// Signature of "Protect"/"Unprotect": the IPsec packet and the SA's SPI and sequence number.
    typedef void (*SaPacketTracedCallback)(Ptr<const Packet> packet, uint32_t spi, uint64_t seq);
    /// Signature of "SaInstalled" / "SaRemoved" / "SoftExpire".
    typedef void (*SaTracedCallback)(const ipseclab::SecurityAssociation& sa);
    /// Signature of "Acquire": a PROTECT policy matched but it has no SA (IKE starts here).
    typedef void (*AcquireTracedCallback)(const ipseclab::SpdEntry& policy,
                                          const ipseclab::FlowKey& flow);

  protected:
    void DoDispose() override;

  private:
    void RemoveSaObject(const ipseclab::SecurityAssociation& sa, const std::string& why);

    // Attributes and trace sources first: m_shared refers to them.
    bool m_bypassIke = true;
    uint8_t m_ttl = 64;
    TracedCallback<Ptr<const Packet>, const std::string&, uint32_t> m_dropTrace;
    TracedCallback<Ptr<const Packet>, uint32_t, uint64_t> m_protectTrace;
    TracedCallback<Ptr<const Packet>, uint32_t, uint64_t> m_unprotectTrace;
    TracedCallback<const ipseclab::SecurityAssociation&> m_saInstalledTrace;
    TracedCallback<const ipseclab::SecurityAssociation&> m_saRemovedTrace;
    TracedCallback<const ipseclab::SecurityAssociation&> m_softExpireTrace;
    TracedCallback<const ipseclab::SpdEntry&, const ipseclab::FlowKey&> m_acquireTrace;

    Ptr<Node> m_node;
    Ptr<UniformRandomVariable> m_ivRandom; ///< CBC IVs
    IpsecShared m_shared;
    Ipv4Family m_ipv4;
    SaLifetimes m_lifetimes;
    IpsecOutput m_output;
    IpsecInput m_input;
    UdpEncapSocket m_udpEncap;
    Ipv4Hooks m_hooks;
};

} // namespace ns3

#endif
