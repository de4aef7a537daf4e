// Shared topology for the gateway scenarios: two LANs joined by two gateways over a WAN.
//
//   LAN A 10.1.0.0/24            WAN 192.0.2.0/30              LAN B 10.2.0.0/24
//   hostA0..hostA(n-1) ---- gwA ====================== gwB ---- hostB0..hostB(n-1)
//     .1 .. .n   (CSMA)   .n+1  .1                  .2  .n+1   (CSMA)   .1 .. .n
#ifndef IPSECLAB_SITE_TOPOLOGY_H
#define IPSECLAB_SITE_TOPOLOGY_H

#include <ns3/data-rate.h>
#include <ns3/ipv4-interface-container.h>
#include <ns3/net-device-container.h>
#include <ns3/node-container.h>
#include <ns3/nstime.h>

#include <string>

namespace ns3
{

/// What a user can change about the site-to-site topology (scenario command-line options).
struct SiteTopologyConfig
{
    uint32_t hostsPerLan = 2;
    std::string wanRate = "100Mbps";
    Time wanDelay = MilliSeconds(10);
    double wanLoss = 0.0; ///< packet error rate on the WAN, both directions
    std::string lanRate = "1Gbps";
    Time lanDelay = MicroSeconds(5);
};

/// The nodes, devices and addresses of a built site-to-site topology.
struct SiteTopology
{
    NodeContainer lanA;
    NodeContainer lanB;
    Ptr<Node> gwA;
    Ptr<Node> gwB;
    NetDeviceContainer lanADevices; ///< hosts first, gateway last
    NetDeviceContainer lanBDevices;
    NetDeviceContainer wanDevices; ///< gwA's, then gwB's
    Ipv4InterfaceContainer lanAInterfaces;
    Ipv4InterfaceContainer lanBInterfaces;
    Ipv4InterfaceContainer wanInterfaces;
};

/// Builds the topology, installs the Internet stack and static routes (hosts default to their
/// gateway, gateways route the far LAN over the WAN). Static routes, not global routing:
/// a gateway must not learn the far LAN any other way than through the tunnel's policy.
SiteTopology BuildSiteTopology(const SiteTopologyConfig& config);

} // namespace ns3

#endif
