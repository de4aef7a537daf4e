#include "ipsec/udp-encap-socket.h"

#include "datapath/udp-encap.h"

#include <ns3/inet-socket-address.h>
#include <ns3/ipv4-packet-info-tag.h>
#include <ns3/log.h>
#include <ns3/udp-socket-factory.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UdpEncapSocket");

using ipseclab::Bytes;
using ipseclab::ByteSpan;

namespace
{
constexpr uint16_t kNatTPort = 4500; // RFC 3948
} // namespace

UdpEncapSocket::UdpEncapSocket(IpsecShared& shared, IpsecInput& input, const Ipv4Family& family)
    : m_shared(shared)
    , m_input(input)
    , m_family(family)
{
}

void
UdpEncapSocket::SetNode(Ptr<Node> node, Ptr<Ipv4L3Protocol> l3)
{
    m_node = node;
    m_l3 = l3;
}

void
UdpEncapSocket::Dispose()
{
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
    m_ikeReceiver = IkeReceiver();
    m_l3 = nullptr;
    m_node = nullptr;
}

void
UdpEncapSocket::Ensure()
{
    if (m_socket)
    {
        return;
    }
    m_socket = Socket::CreateSocket(m_node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kNatTPort)) != 0)
    {
        NS_FATAL_ERROR("IPsec on node " << m_node->GetId() << ": cannot bind UDP port 4500");
    }
    m_socket->SetRecvPktInfo(true);
    m_socket->SetRecvCallback(MakeCallback(&UdpEncapSocket::Receive, this));
}

void
UdpEncapSocket::SendIke(const Bytes& ike, Ipv4Address to, uint16_t port)
{
    Ensure();
    Bytes marked(4 + ike.size(), 0); // the non-ESP marker (RFC 3948 2.2)
    std::copy(ike.begin(), ike.end(), marked.begin() + 4);
    m_socket->SendTo(Create<Packet>(marked.data(), marked.size()), 0, InetSocketAddress(to, port));
}

void
UdpEncapSocket::SendKeepalive(Ipv4Address to, uint16_t port)
{
    Ensure();
    uint8_t keepalive = 0xff; // RFC 3948 2.3
    m_socket->SendTo(Create<Packet>(&keepalive, 1), 0, InetSocketAddress(to, port));
}

void
UdpEncapSocket::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
        Ipv4PacketInfoTag info;
        packet->PeekPacketTag(info);
        Bytes bytes = CopyBytes(packet);
        const ipseclab::UdpEncapKind kind = ipseclab::ClassifyUdpEncap(bytes);
        if (kind == ipseclab::UdpEncapKind::Keepalive)
        {
            continue; // NAT keepalive (RFC 3948 2.3)
        }
        if (kind == ipseclab::UdpEncapKind::Ike)
        {
            // Non-ESP marker: IKE (RFC 3948 2.2).
            if (!m_ikeReceiver.IsNull())
            {
                Ptr<Packet> ike = packet->CreateFragment(4, packet->GetSize() - 4);
                m_ikeReceiver(ike, peer.GetIpv4(), peer.GetPort(), info.GetAddress(), kNatTPort);
            }
            else
            {
                ++m_ikeUnclaimed;
            }
            continue;
        }
        Ipv4Header outer;
        outer.SetSource(peer.GetIpv4());
        outer.SetDestination(info.GetAddress());
        outer.SetProtocol(ipseclab::ipproto::kEsp);
        outer.SetPayloadSize(bytes.size());
        outer.SetTtl(m_shared.ttl);
        int32_t index = m_l3->GetInterfaceForDevice(m_node->GetDevice(info.GetRecvIf()));
        if (index < 0)
        {
            m_shared.Drop(packet,
                          ipseclab::DropReason::Malformed,
                          nullptr,
                          "ESP in UDP on an unknown interface");
            continue;
        }
        // The UDP header as received (ns-3's UDP verified its checksum; recomputed here).
        Bytes udp = m_family.UdpEncapsulate(ByteSpan(bytes),
                                            peer.GetPort(),
                                            kNatTPort,
                                            peer.GetIpv4().Get(),
                                            info.GetAddress().Get());
        udp.resize(8);
        Ipv4InboundDatagram datagram(
            m_l3, outer, m_l3->GetInterface(index), std::move(udp), info.GetTtl());
        m_input.ProcessEsp(std::move(bytes), datagram, packet);
    }
}

} // namespace ns3
