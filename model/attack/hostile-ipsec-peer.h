// A peer that holds the keys of its own SA with a node (it negotiated or was given them) and
// sends that node ESP and AH packets a careful receiver must drop: SPI 0 (reserved, RFC 4303
// 2.1), sequence number 0 with a valid ICV (never sent, 3.3.3), a packet too short for its
// header, a pad length beyond the payload and padding that is not 1, 2, 3, ... (2.4), a next
// header the SA does not carry (RFC 4301 5.2), a wrong ICV; for AH also a payload length
// inconsistent with the ICV size (RFC 4302 2.2). The receiver's drops, with their reasons, are the
// lesson; each packet is an attacker/hostile event.
#ifndef IPSECLAB_HOSTILE_IPSEC_PEER_H
#define IPSECLAB_HOSTILE_IPSEC_PEER_H

#include "datapath/security-association.h"

#include <ns3/ipv4-address.h>
#include <ns3/net-device.h>
#include <ns3/nstime.h>
#include <ns3/object.h>

#include <string>
#include <vector>

namespace ns3
{

class HostileIpsecPeer : public Object
{
  public:
    static TypeId GetTypeId();

    /// The peer's outbound SA to the victim (ESP or AH, transport mode, as installed).
    void UseSa(const ipseclab::SaConfig& outbound);
    /// At `at`, every hostile packet once, `spacing` apart, from src to dst through `via`.
    void SendAt(Time at, Time spacing, Ipv4Address src, Ipv4Address dst, Ptr<NetDevice> via);

    /// What was sent, in order ("SPI 0", "sequence number 0", ...).
    const std::vector<std::string>& GetSent() const { return m_sent; }
    /// The drop reason a receiver following RFC 4303/4302 gives each (same order).
    const std::vector<std::string>& GetExpectedDrops() const { return m_expected; }

  private:
    struct Hostile
    {
        std::string what;
        std::string expected; ///< drop reason
        std::vector<uint8_t> datagram;
    };
    std::vector<Hostile> BuildEsp(uint32_t src, uint32_t dst) const;
    std::vector<Hostile> BuildAh(uint32_t src, uint32_t dst) const;
    void Send(const Hostile& h, Ptr<NetDevice> via);

    ipseclab::SaConfig m_sa;
    std::vector<std::string> m_sent;
    std::vector<std::string> m_expected;
};

} // namespace ns3

#endif
