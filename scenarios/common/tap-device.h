// A Linux TAP device as an ns-3 NetDevice: the program opens /dev/net/tun itself (ioctl
// TUNSETIFF, IFF_TAP | IFF_NO_PI) and hands the descriptor to ns-3's FdNetDevice, so one
// simulated node sits on a real Ethernet segment (Debian's tap-creator helper is not needed).
// Needs CAP_NET_ADMIN (or a TAP created for this user) and the realtime simulator.
#ifndef IPSECLAB_TAP_DEVICE_H
#define IPSECLAB_TAP_DEVICE_H

#include <ns3/fd-net-device.h>
#include <ns3/mac48-address.h>
#include <ns3/node.h>

#include <string>

namespace ns3
{

/// Opens (or creates) the TAP `name`; the file descriptor, or -1 and *error saying why.
int OpenTap(const std::string& name, std::string* error);

/// An FdNetDevice on `fd` with MAC `mac`, added to `node` (Ethernet DIX framing).
Ptr<FdNetDevice> AttachTap(Ptr<Node> node, int fd, Mac48Address mac);

} // namespace ns3

#endif
