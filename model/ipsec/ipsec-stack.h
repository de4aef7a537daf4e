// IPsec on one ns-3 node: the SPD, the SAD and the processing of RFC 4301 section 5, wired into
// ns-3's IPv4 stack through four small hooks (docs/architecture.md, "Hooking into IPv4"):
//   1. locally originated traffic: the down target of UDP, TCP and ICMP goes through
//      OutboundFromL4 before Ipv4L3Protocol::Send;
//   2. forwarded traffic: IpsecRoutingShim, the first protocol of the node's Ipv4ListRouting,
//      hands each transit packet to RouteForward;
//   3. ESP and AH arrive as IP protocols 50 and 51 (IpsecL4Protocol), ESP in UDP on port 4500;
//   4. inbound policy for local delivery: IpsecInboundGuard sits in front of UDP, TCP and ICMP
//      on every interface and asks AllowInbound.
#ifndef IPSECLAB_IPSEC_STACK_H
#define IPSECLAB_IPSEC_STACK_H

#include "datapath/sad.h"
#include "events/event.h"
#include "sa/spd.h"

#include <ns3/ip-l4-protocol.h>
#include <ns3/ipv4-address.h>
#include <ns3/ipv4-header.h>
#include <ns3/ipv4-interface.h>
#include <ns3/ipv4-l3-protocol.h>
#include <ns3/ipv4-route.h>
#include <ns3/node.h>
#include <ns3/object.h>
#include <ns3/random-variable-stream.h>
#include <ns3/socket.h>
#include <ns3/traced-callback.h>

#include <functional>
#include <memory>
#include <unordered_map>

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
    /// Removes an SA; `why` goes into the event ("deleted", "hard-expired", ...).
    bool RemoveSa(ipseclab::Direction direction, ipseclab::IpsecProtocol protocol, uint32_t spi,
                  const std::string& why = "deleted");

    ipseclab::Spd& GetSpd() { return m_spd; }
    ipseclab::Sad& GetSad() { return m_sad; }
    /// Node-wide drop counters (the SA's own are in the SA).
    const ipseclab::DropCounters& GetDrops() const { return m_drops; }
    uint64_t GetDropCount(ipseclab::DropReason reason) const;
    uint64_t GetProtectedCount() const { return m_protected; }
    uint64_t GetUnprotectedCount() const { return m_unprotected; }

    /// Uses fixed random streams from this index on (IVs of CBC transforms). Returns how many.
    int64_t AssignStreams(int64_t stream);

    /// IKE packets on port 4500 (after the non-ESP marker is removed) go here once an IKE
    /// daemon registers; until then they are counted and dropped.
    typedef Callback<void, Ptr<Packet>, Ipv4Address, uint16_t, Ipv4Address, uint16_t> IkeReceiver;
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
    struct Delivery; // what an inbound SA produced, before it goes up or is re-injected

    ipseclab::FlowKey MakeFlow(const Ipv4Header& header, Ptr<const Packet> payload) const;
    /// Applies the policy's SA(s) to one datagram (inner header + L4 octets) and sends it.
    void Protect(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey& flow,
                 Ptr<const Packet> packet, const Ipv4Header& inner, Ptr<Ipv4Route> route);
    bool AllowInboundFlow(Ptr<const Packet> packet, const ipseclab::FlowKey& flow);
    void MarkDecapsulated(uint64_t uid);
    bool TakeDecapsulated(uint64_t uid);
    void SendIpsec(const ipseclab::SecurityAssociation& sa, ipseclab::Bytes payload,
                   uint8_t protocol, uint16_t identification, Ptr<Ipv4Route> route, uint32_t spi,
                   uint64_t seq);
    IpL4Protocol::RxStatus ProcessEsp(ipseclab::Bytes bytes, const Ipv4Header& outer,
                                      Ptr<Ipv4Interface> iface, Ptr<const Packet> original);
    /// outer_ip (and udp) of an inbound ESP/AH event: the headers the packet arrived with.
    void AddReceivedHeaders(ipseclab::Event& e, const Ipv4Header& outer) const;
    IpL4Protocol::RxStatus Deliver(ipseclab::SecurityAssociation& sa, uint8_t nextHeader,
                                   ipseclab::ByteSpan payload, const Ipv4Header& outer,
                                   Ptr<Ipv4Interface> iface, Ptr<const Packet> original,
                                   uint64_t seq);
    /// Replay check before the ICV; true if the packet may go on.
    bool CheckReplay(ipseclab::SecurityAssociation& sa, uint64_t seq, Ptr<const Packet> packet);
    void CommitReplay(ipseclab::SecurityAssociation& sa, uint64_t seq);
    void Account(ipseclab::SecurityAssociation& sa, size_t bytes);
    ipseclab::Event ExpireEvent(const ipseclab::SecurityAssociation& sa, bool hard,
                                const char* limit) const;
    void OnLifetimeTimer(ipseclab::Direction direction, ipseclab::IpsecProtocol protocol,
                         uint32_t spi, bool hard);
    void Drop(Ptr<const Packet> packet, ipseclab::DropReason reason,
              ipseclab::SecurityAssociation* sa, const std::string& detail = "", bool ah = false);
    void ExportKeys(const ipseclab::SecurityAssociation& sa);
    void EnsureUdpEncapSocket();
    void ReceiveUdpEncap(Ptr<Socket> socket);
    uint16_t NextIdentification() { return m_identification++; }

    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_l3;
    ipseclab::Spd m_spd;
    ipseclab::Sad m_sad;
    ipseclab::DropCounters m_drops{};
    uint64_t m_protected = 0;
    uint64_t m_unprotected = 0;
    uint16_t m_identification = 0;
    bool m_bypassIke = true;
    uint8_t m_ttl = 64;
    Ptr<UniformRandomVariable> m_ivRandom;
    Ptr<Socket> m_udpEncapSocket;
    IkeReceiver m_ikeReceiver;
    uint64_t m_ikeOn4500Unclaimed = 0;
    /// UIDs of packets this node just decapsulated, so the inbound policy lets them through.
    /// Consumed within the same event, so a handful of slots (no allocation per packet).
    std::vector<uint64_t> m_decapsulated;
    ipseclab::Bytes m_innerBuffer; ///< Protect's scratch buffers, reused packet after packet
    ipseclab::Bytes m_sealBuffer;
    ipseclab::Bytes m_rxUdpHeader; ///< set while ProcessEsp handles an ESP-in-UDP datagram
    uint8_t m_rxTtl = 0;

    TracedCallback<Ptr<const Packet>, const std::string&, uint32_t> m_dropTrace;
    TracedCallback<Ptr<const Packet>, uint32_t, uint64_t> m_protectTrace;
    TracedCallback<Ptr<const Packet>, uint32_t, uint64_t> m_unprotectTrace;
    TracedCallback<const ipseclab::SecurityAssociation&> m_saInstalledTrace;
    TracedCallback<const ipseclab::SecurityAssociation&> m_saRemovedTrace;
    TracedCallback<const ipseclab::SecurityAssociation&> m_softExpireTrace;
    TracedCallback<const ipseclab::SpdEntry&, const ipseclab::FlowKey&> m_acquireTrace;
};

} // namespace ns3

#endif
