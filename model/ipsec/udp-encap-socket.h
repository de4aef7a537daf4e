// UDP port 4500 (RFC 3948): after NAT detection ESP and IKE share it, and this socket, opened
// when the first inbound SA with UDP encapsulation is installed or IKE asks for it, separates
// NAT keepalives, IKE (non-ESP marker, handed to the IKE daemon) and ESP (to IpsecInput).
// IPv4 (an InetSocketAddress socket); IPv6 will add its own.
#ifndef IPSECLAB_IPSEC_UDP_ENCAP_SOCKET_H
#define IPSECLAB_IPSEC_UDP_ENCAP_SOCKET_H

#include "crypto/crypto-common.h"
#include "ipsec/ipsec-input.h"
#include "ipsec/ipv4-family.h"

#include <ns3/callback.h>
#include <ns3/ipv4-address.h>
#include <ns3/ipv4-l3-protocol.h>
#include <ns3/node.h>
#include <ns3/socket.h>

namespace ns3
{

class UdpEncapSocket
{
  public:
    /// IKE after the non-ESP marker: packet, peer address and port, local address and port.
    typedef Callback<void, Ptr<Packet>, Ipv4Address, uint16_t, Ipv4Address, uint16_t> IkeReceiver;

    UdpEncapSocket(IpsecShared& shared, IpsecInput& input, const Ipv4Family& family);

    void SetNode(Ptr<Node> node, Ptr<Ipv4L3Protocol> l3);
    /// Opens and binds the socket unless it is open (NS_FATAL_ERROR if 4500 is taken).
    void Ensure();
    void SetIkeReceiver(IkeReceiver receiver) { m_ikeReceiver = receiver; }
    void SendIke(const ipseclab::Bytes& ike, Ipv4Address to, uint16_t port);
    void SendKeepalive(Ipv4Address to, uint16_t port);
    /// IKE messages that arrived before an IKE daemon registered.
    uint64_t GetIkeUnclaimed() const { return m_ikeUnclaimed; }
    void Dispose();

  private:
    void Receive(Ptr<Socket> socket);

    IpsecShared& m_shared;
    IpsecInput& m_input;
    const Ipv4Family& m_family;
    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_l3;
    Ptr<Socket> m_socket;
    IkeReceiver m_ikeReceiver;
    uint64_t m_ikeUnclaimed = 0;
};

} // namespace ns3

#endif
