// A NAPT (RFC 3022) on an ns-3 router node: packets leaving through the outside interface get the
// public address and an allocated public port; replies to a mapping are translated back.
// Endpoint-independent mapping and filtering (RFC 4787), idle timeouts refreshed by outbound
// traffic (what NAT-T keepalives, RFC 3948, are for). docs/nat.md explains the hooks.
#ifndef IPSECLAB_NAT_ROUTER_H
#define IPSECLAB_NAT_ROUTER_H

#include "nat/nat-mapping.h"
#include "nat/nat-translation.h"

#include <ns3/ipv4-header.h>
#include <ns3/ipv4-l3-protocol.h>
#include <ns3/ipv4-routing-protocol.h>
#include <ns3/net-device.h>
#include <ns3/node.h>
#include <ns3/object.h>
#include <ns3/traced-callback.h>

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

/** What a NatRouter has done since it was installed. */
struct NatCounters
{
    uint64_t translatedOutbound = 0;
    uint64_t translatedInbound = 0;
    uint64_t dropped = 0;
    uint64_t mappingsCreated = 0;
    uint64_t mappingsExpired = 0;
};

class NatRouter : public Object
{
  public:
    /** Signature of "Translate": "outbound" or "inbound", whole datagrams before and after. */
    typedef void (*TranslateTracedCallback)(const std::string& direction, Ptr<const Packet> before,
                                            Ptr<const Packet> after);
    /** Signature of "Drop": the whole datagram and the reason ("no-mapping", ...). */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const std::string& reason);

    static TypeId GetTypeId();
    NatRouter();

    /** Hooks the NAT into the node's IPv4 stack. The public address is the outside interface's
     *  first address. Fatal error (with the reason) if the configuration cannot work. */
    void Install(Ptr<Node> node, Ptr<NetDevice> inside, Ptr<NetDevice> outside);

    /** Routing shim: translates a transit packet from the inside leaving through the outside
     *  interface and forwards it; true if it took the packet (sent or dropped). */
    bool RouteOutbound(Ptr<const Packet> payload, const Ipv4Header& header,
                       Ptr<const NetDevice> idev,
                       const Ipv4RoutingProtocol::UnicastForwardCallback& ucb);
    /** Outside-interface protocol hook: a packet for the public address. True if it took it
     *  (translated and forwarded inside, or dropped); false to deliver it to the NAT node. */
    bool ReceiveInbound(Ptr<Packet> payload, const Ipv4Header& header);

    Ipv4Address GetPublicAddress() const { return m_publicAddress; }
    uint32_t GetOutsideInterface() const { return m_outsideInterface; }
    const NatCounters& GetCounters() const { return m_counters; }
    /** The current mappings, in table order (protocol, inside address, inside port). */
    std::vector<NatMapping> GetMappings() const;
    std::size_t GetMappingCount() const { return m_mappings.size(); }

  protected:
    void DoDispose() override;

  private:
    /** (protocol, inside address, inside port or identifier) */
    typedef std::tuple<uint8_t, uint32_t, uint16_t> InsideKey;
    /** (protocol, public port) or, for address-only protocols, (protocol, remote address) */
    typedef std::pair<uint8_t, uint32_t> PublicKey;

    /** Where the port (or ICMP identifier) and checksum of a protocol are; size 0: none. */
    using L4Layout = ipseclab::nat::L4Layout;

    NatMapping* FindOrCreate(uint8_t protocol, Ipv4Address inside, uint16_t port,
                             Ipv4Address remote, bool& exhausted);
    bool AllocatePort(uint8_t protocol, uint16_t wanted, uint16_t& port);
    Time TimeoutOf(uint8_t protocol) const;
    void ScheduleExpiry(const InsideKey& key, NatMapping& mapping);
    void CheckExpiry(InsideKey key);
    void Forget(const InsideKey& key, const NatMapping& mapping);

    /** Rewrites the first octets of the payload: port/identifier at `offset`, checksum adjusted
     *  for the port and (pseudo-header) the address change. */
    static Ptr<Packet> Rewrite(Ptr<const Packet> payload, const L4Layout& layout,
                               std::vector<uint8_t> first, uint32_t offset, uint16_t newPort,
                               uint32_t oldAddress, uint32_t newAddress);

    void Drop(Ptr<const Packet> payload, const Ipv4Header& header, const std::string& reason);
    void Emit(const char* kind, const NatMapping& mapping) const;
    void Translated(const char* direction, Ptr<const Packet> before, const Ipv4Header& oldHeader,
                    Ptr<const Packet> after, const Ipv4Header& newHeader);

    // Attributes
    bool m_preservePorts;
    uint16_t m_portMin;
    uint16_t m_portMax;
    Time m_udpTimeout;
    Time m_tcpTimeout;
    Time m_icmpTimeout;
    Time m_otherTimeout;
    bool m_inboundRefresh;
    bool m_deliverUnmatched;

    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_l3;
    Ptr<NetDevice> m_inside;
    Ptr<NetDevice> m_outside;
    uint32_t m_outsideInterface;
    Ipv4Address m_publicAddress;

    std::map<InsideKey, NatMapping> m_mappings;
    std::map<PublicKey, InsideKey> m_byPublic;
    std::map<uint8_t, uint16_t> m_nextPort; ///< allocation cursor per protocol
    NatCounters m_counters;

    TracedCallback<const std::string&, Ptr<const Packet>, Ptr<const Packet>> m_translateTrace;
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace;
};

} // namespace ns3

#endif
