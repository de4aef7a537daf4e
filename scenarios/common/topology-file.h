// DIR/topology.json: the scenario's network as ns-3 built it, for the visualizer's topology
// view (docs/visualizer.md): every named node with its own IPv4 addresses and role, every link
// (a point-to-point channel, or a LAN segment drawn as one "lan" node), and the attackers and
// eavesdroppers a scenario put on a link (they are no ns-3 nodes: they sit on a device).
#ifndef IPSECLAB_TOPOLOGY_FILE_H
#define IPSECLAB_TOPOLOGY_FILE_H

#include <ns3/net-device.h>

#include <string>

namespace ns3
{

/// Records that something listens or acts on the link of `device` ("attacker", "eavesdropper").
/// `name` is how it is drawn; `what` a short description ("changes octets in front of gwB").
void AddTopologyTap(const std::string& name, const std::string& role, const std::string& what,
                    Ptr<NetDevice> device);

/// Draws the named node as `role` (e.g. "eavesdropper") instead of the role its stack implies.
void SetTopologyRole(const std::string& nodeName, const std::string& role);

/// Writes `path` from NodeList and the recorded taps (deterministic: node and device order).
/// Returns false if the file cannot be written.
bool WriteTopologyFile(const std::string& path);

} // namespace ns3

#endif
