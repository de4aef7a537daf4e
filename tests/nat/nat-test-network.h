// The NAT test topology: two clients on a private CSMA LAN (192.168.1.0/24), the NAT router
// (192.168.1.1 inside, 198.51.100.1 outside) and a server on a point-to-point link
// (198.51.100.2). The clients' default route is the NAT; the server has no route to the
// private LAN, so nothing comes back without translation.
#ifndef IPSECLAB_TESTS_NAT_TEST_NETWORK_H
#define IPSECLAB_TESTS_NAT_TEST_NETWORK_H

#include "nat/nat-helper.h"

#include <ns3/core-module.h>
#include <ns3/internet-module.h>
#include <ns3/network-module.h>
#include <ns3/pcap-file-wrapper.h>

#include <string>
#include <vector>

namespace ipseclab::test
{

struct NatNetwork
{
    ns3::Ptr<ns3::Node> client1;
    ns3::Ptr<ns3::Node> client2;
    ns3::Ptr<ns3::Node> router;
    ns3::Ptr<ns3::Node> server;
    ns3::Ptr<ns3::NetDevice> routerInside;
    ns3::Ptr<ns3::NetDevice> routerOutside;
    ns3::Ptr<ns3::NetDevice> client1Device;
    ns3::Ptr<ns3::NetDevice> serverDevice;
    ns3::Ptr<ns3::NatRouter> nat;
    ns3::Ipv4Address client1Address{"192.168.1.2"};
    ns3::Ipv4Address client2Address{"192.168.1.3"};
    ns3::Ipv4Address publicAddress{"198.51.100.1"};
    ns3::Ipv4Address serverAddress{"198.51.100.2"};

    /** Builds the network and installs the NAT with `helper`'s attributes. */
    explicit NatNetwork(const ns3::NatHelper& helper = ns3::NatHelper());
    /** Pcap of the client's LAN side and of the server's side, prefix under `dir`. */
    void EnablePcap(const std::string& prefix);
    /** Flushes and closes the pcap files (before tshark reads them). */
    void ClosePcap();
    std::vector<ns3::Ptr<ns3::PcapFileWrapper>> pcapFiles;
};

/** A UDP echo server: answers every datagram to where it came from, and remembers the sender. */
struct UdpEcho
{
    ns3::Ptr<ns3::Socket> socket;
    std::vector<ns3::InetSocketAddress> senders;
    void Install(ns3::Ptr<ns3::Node> node, uint16_t port);
};

/** A UDP client bound to a port: sends with SendAt, counts the replies. */
struct UdpPeer
{
    ns3::Ptr<ns3::Socket> socket;
    uint32_t replies = 0;
    void Install(ns3::Ptr<ns3::Node> node, uint16_t port);
    void SendAt(ns3::Time when, ns3::Ipv4Address dst, uint16_t port, uint32_t size = 100);
};

/** Counts lines tshark prints for `filter` on `pcap` (-1 if tshark failed). */
int TsharkCount(const std::string& pcap, const std::string& filter);

} // namespace ipseclab::test

#endif
