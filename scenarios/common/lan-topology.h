// One shared Ethernet segment (CSMA): two servers with addresses and an eavesdropper station
// without an IP stack, whose network card sees every frame on the segment.
//
//   server1 10.0.0.1 ----+---- server2 10.0.0.2
//                        |
//                       eve (promiscuous)
#ifndef IPSECLAB_LAN_TOPOLOGY_H
#define IPSECLAB_LAN_TOPOLOGY_H

#include <ns3/ipv4-interface-container.h>
#include <ns3/net-device-container.h>
#include <ns3/node.h>
#include <ns3/nstime.h>

#include <string>

namespace ns3
{

struct LanTopology
{
    Ptr<Node> server1;
    Ptr<Node> server2;
    Ptr<Node> eve;
    NetDeviceContainer devices;        ///< server1, server2, eve
    Ipv4InterfaceContainer interfaces; ///< server1, server2
};

/// Builds the segment, installs the Internet stack on the two servers, addresses them and names
/// the nodes "server1", "server2" and "eve".
LanTopology BuildLanTopology(const std::string& rate = "100Mbps", Time delay = MicroSeconds(5));

} // namespace ns3

#endif
