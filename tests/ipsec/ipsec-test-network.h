// Small ns-3 networks for the IPsec integration tests: two hosts on a point-to-point link, or
// the site-to-site topology, with UDP senders and receivers and a count of what crossed the wire.
#ifndef IPSECLAB_TESTS_IPSEC_TEST_NETWORK_H
#define IPSECLAB_TESTS_IPSEC_TEST_NETWORK_H

#include "helper/ipsec-helper.h"

#include <ns3/core-module.h>
#include <ns3/internet-module.h>
#include <ns3/network-module.h>
#include <ns3/point-to-point-module.h>

#include <map>
#include <string>
#include <vector>

namespace ipseclab::test
{

/// Counts IP datagrams by protocol as they leave a device ("MacRx" of the receiving end).
struct WireCounter
{
    std::map<uint8_t, uint32_t> byProtocol;
    std::vector<std::vector<uint8_t>> datagrams; ///< every datagram seen, as octets
    void Attach(ns3::Ptr<ns3::NetDevice> device);
};

/// A UDP receiver that keeps every payload it got.
struct UdpSink
{
    ns3::Ptr<ns3::Socket> socket;
    std::vector<std::vector<uint8_t>> payloads;
    void Install(ns3::Ptr<ns3::Node> node, uint16_t port);
};

/// Sends `count` datagrams of `size` octets (payload octet i of packet k is (k + i) & 0xff)
/// from `node` to dst:port, one every `interval` from `start`.
void SendUdp(ns3::Ptr<ns3::Node> node, ns3::Ipv4Address dst, uint16_t port, uint32_t count,
             uint32_t size, ns3::Time start, ns3::Time interval = ns3::MilliSeconds(10));

/// Two hosts, 10.0.0.1 and 10.0.0.2, on a 100 Mbps / 1 ms point-to-point link, IPsec installed.
struct TwoHosts
{
    ns3::Ptr<ns3::Node> a;
    ns3::Ptr<ns3::Node> b;
    ns3::NetDeviceContainer devices;
    ns3::Ipv4InterfaceContainer interfaces;
    ns3::Ptr<ns3::IpsecStack> ipsecA;
    ns3::Ptr<ns3::IpsecStack> ipsecB;
    ns3::Ipv4Address addressA;
    ns3::Ipv4Address addressB;

    TwoHosts();
};

/// Puts one packet on the wire again, from the device that sent it originally (a replay).
void Reinject(ns3::Ptr<ns3::NetDevice> from, const std::vector<uint8_t>& datagram);

/// Runs the simulation to `stop`, then destroys it (each test starts from nothing).
void RunAndDestroy(ns3::Time stop);

} // namespace ipseclab::test

#endif
