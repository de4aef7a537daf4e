// Shared topology of the NAT scenarios (remote-access, ah-vs-nat): laptops at home behind a
// home router doing NAPT, the internet, and an office behind a VPN gateway.
//
//   laptop(s) ---- home LAN ---- homeNat ==== internet ==== gateway ---- office LAN ---- server
//   192.168.1.2..  (CSMA)    192.168.1.1  198.51.100.1   198.51.100.2  10.2.0.1  (CSMA)  10.2.0.2
//                                inside    outside (public)                      virtual
//                                IPs 10.3.0.0/24
// Static routes: laptops default to 192.168.1.1, the gateway defaults to the NAT's public
// address (replies to the laptops' virtual IPs leave through the tunnel anyway), the server
// defaults to the gateway. The internet needs no route to the home LAN: that is the NAT's job.
//
// Also here: the remote-access IKEv2 configurations both scenarios use, a tap that classifies
// every datagram on the internet link (IKE on 500 / 4500, ESP in UDP, keepalives, bare ESP, AH)
// and a narration of the NAT and NAT-T events the common Narrator does not tell.
#ifndef IPSECLAB_HOME_OFFICE_TOPOLOGY_H
#define IPSECLAB_HOME_OFFICE_TOPOLOGY_H

#include "ike-core/ike-config.h"
#include "nat/nat-router.h"

#include <ns3/ipv4-address.h>
#include <ns3/ipv4-interface-container.h>
#include <ns3/net-device-container.h>
#include <ns3/node-container.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/socket.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

struct HomeOfficeConfig
{
    std::vector<std::string> laptopNames = {"laptop"}; ///< one laptop per name, 192.168.1.2...
    std::string internetRate = "50Mbps";
    Time internetDelay = MilliSeconds(10);
    std::string lanRate = "1Gbps";
    Time lanDelay = MicroSeconds(5);
    Time natUdpTimeout = Seconds(30); ///< the home router's UDP mapping timeout
};

struct HomeOfficeTopology
{
    NodeContainer laptops;
    Ptr<Node> nat;
    Ptr<Node> gateway;
    Ptr<Node> server;
    NetDeviceContainer homeDevices;     ///< laptops first, the NAT's inside device last
    NetDeviceContainer internetDevices; ///< the NAT's outside device, the gateway's
    NetDeviceContainer officeDevices;   ///< the gateway's, the server's
    std::vector<Ipv4Address> laptopAddresses;
    Ipv4Address natInside;      ///< 192.168.1.1
    Ipv4Address publicAddress;  ///< the NAT's outside address, 198.51.100.1
    Ipv4Address gatewayAddress; ///< 198.51.100.2
    Ipv4Address gatewayOffice;  ///< 10.2.0.1
    Ipv4Address serverAddress;  ///< 10.2.0.2
    Ptr<NatRouter> natRouter;
};

/// Builds the topology, the Internet stacks, addresses, static routes and the NAT, and names
/// the nodes (laptop names, "homeNat", "gateway", "server").
HomeOfficeTopology BuildHomeOfficeTopology(const HomeOfficeConfig& config);

/// home.pcap (promiscuous on the home LAN, inside the NAT), internet.pcap (the NAT's outside
/// link) and office.pcap (promiscuous on the office LAN), in `dir`.
void EnableHomeOfficePcaps(const HomeOfficeTopology& t, const std::string& dir);

/// The laptop's and the gateway's swanctl-like connections for a road warrior: PSK, NAT-T,
/// a virtual IP from the gateway's `pool`, a Child SA "virtual IP <-> office LAN".
struct RemoteAccessConfigs
{
    ipseclab::IkeConfig laptop;
    ipseclab::IkeConfig gateway;
};
RemoteAccessConfigs MakeRemoteAccessConfigs(Ipv4Address laptop, Ipv4Address gateway,
                                            const std::string& officeLan, const std::string& pool,
                                            const std::string& psk, double keepaliveInterval,
                                            double startTime);

/// Counts what crosses the internet link (both directions of the NAT's outside device).
class InternetTap
{
  public:
    void Attach(Ptr<NetDevice> natOutside);
    /// "ike-500", "ike-4500", "esp-in-udp", "nat-keepalive", "esp" (bare, IP protocol 50),
    /// "ah" (51), "udp-other", "other".
    const std::map<std::string, uint64_t>& Counts() const { return m_counts; }
    uint64_t Count(const std::string& what) const;
    /// Source addresses seen per category ("ah" -> {"198.51.100.1"}).
    const std::map<std::string, std::map<std::string, uint64_t>>& Sources() const
    {
        return m_sources;
    }
    /// {"ike-500":2,...} in name order.
    std::string Json() const;

  private:
    void OnDatagram(Ptr<const Packet> packet);
    std::map<std::string, uint64_t> m_counts;
    std::map<std::string, std::map<std::string, uint64_t>> m_sources;
};

/// With `steps`, prints the events of the NAT (mappings, the first translations of each flow,
/// expiries, drops) and of NAT-T (virtual IP, the first keepalives), which the Narrator leaves
/// out, as indented lines between its numbered steps. Create after ScenarioOptions::Apply.
class NatNarration
{
  public:
    explicit NatNarration(bool steps);
    ~NatNarration();
    NatNarration(const NatNarration&) = delete;
    NatNarration& operator=(const NatNarration&) = delete;

  private:
    uint32_t m_subscription = 0;
    std::map<std::string, uint32_t> m_seen;
};

/// A UDP echo server that remembers who asked (the source address it saw).
class RecordingEchoServer
{
  public:
    void Install(Ptr<Node> node, uint16_t port);
    /// Requests received per source address.
    const std::map<std::string, uint32_t>& Senders() const { return m_senders; }
    uint32_t Requests() const;

  private:
    Ptr<Socket> m_socket;
    std::map<std::string, uint32_t> m_senders;
};

/// A UDP echo client whose socket is bound to a chosen local address (the virtual IP) at the
/// time of the first request; counts the replies.
class BoundEchoClient
{
  public:
    /// Sends one request of `size` octets at `when` from `local` (0.0.0.0: let routing choose;
    /// a callback may supply it later, see SetLocalAddressSource).
    void Schedule(Time when, uint32_t size);
    void Setup(Ptr<Node> node, Ipv4Address server, uint16_t port, uint16_t localPort);
    /// Called at the first send to learn the local address (e.g. the virtual IP).
    void SetLocalAddressSource(std::function<Ipv4Address()> source) { m_source = source; }
    uint32_t Sent() const { return m_sent; }
    uint32_t Replies() const { return m_replies; }
    Ipv4Address LocalAddress() const { return m_local; }

  private:
    void Send(uint32_t size);
    Ptr<Node> m_node;
    Ipv4Address m_server;
    uint16_t m_port = 7;
    uint16_t m_localPort = 0;
    std::function<Ipv4Address()> m_source;
    Ptr<Socket> m_socket;
    Ipv4Address m_local;
    uint32_t m_sent = 0;
    uint32_t m_replies = 0;
};

} // namespace ns3

#endif
