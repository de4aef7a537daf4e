#include "tap-device.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace ns3
{

int
OpenTap(const std::string& name, std::string* error)
{
    if (name.empty() || name.size() >= IFNAMSIZ)
    {
        *error = "TAP name '" + name + "' must have 1 to " + std::to_string(IFNAMSIZ - 1) +
                 " characters";
        return -1;
    }
    const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        *error = std::string("cannot open /dev/net/tun: ") + std::strerror(errno);
        return -1;
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI; // Ethernet frames, no packet information header
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        *error = "TUNSETIFF " + name + ": " + std::strerror(errno) +
                 (errno == EPERM ? " (needs CAP_NET_ADMIN, or a TAP made with `ip tuntap add "
                                   "dev " +
                                       name + " mode tap user $USER`)"
                                 : "");
        close(fd);
        return -1;
    }
    return fd;
}

Ptr<FdNetDevice>
AttachTap(Ptr<Node> node, int fd, Mac48Address mac)
{
    Ptr<FdNetDevice> device = CreateObject<FdNetDevice>();
    device->SetAddress(mac);
    device->SetEncapsulationMode(FdNetDevice::DIX);
    device->SetFileDescriptor(fd);
    node->AddDevice(device);
    return device;
}

} // namespace ns3
