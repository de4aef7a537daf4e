// Puts a hand-made IPv4 datagram on a link: what every attacker of the lab sends with
// (forged IKE, hostile ESP and AH). The device's Send adds the link header, so the datagram
// leaves towards the node on the other end of the link, as if routed there.
#ifndef IPSECLAB_ATTACK_INJECT_H
#define IPSECLAB_ATTACK_INJECT_H

#include <ns3/ipv4-address.h>
#include <ns3/net-device.h>
#include <ns3/packet.h>

#include <cstdint>
#include <vector>

namespace ns3
{

/// Sends IPv4 header (TTL 64, checksum) | payload with `protocol` from `via`; returns the
/// packet's UID (attackers keep it to tell their own packets from the traffic they watch).
uint64_t InjectDatagram(Ptr<NetDevice> via, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
                        Ptr<Packet> payload);
/// A whole datagram as octets (IPv4 header included, as the attacker wrote it).
uint64_t InjectRaw(Ptr<NetDevice> via, const std::vector<uint8_t>& datagram);
/// UDP src:srcPort -> dst:dstPort carrying `payload`, with its checksum.
uint64_t InjectUdp(Ptr<NetDevice> via, Ipv4Address src, uint16_t srcPort, Ipv4Address dst,
                   uint16_t dstPort, const std::vector<uint8_t>& payload);

} // namespace ns3

#endif
