#include "inject.h"

#include <ns3/ipv4-header.h>
#include <ns3/udp-header.h>

namespace ns3
{

uint64_t
InjectDatagram(Ptr<NetDevice> via, Ipv4Address src, Ipv4Address dst, uint8_t protocol,
               Ptr<Packet> payload)
{
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(protocol);
    ip.SetTtl(64);
    ip.SetPayloadSize(payload->GetSize());
    ip.EnableChecksum();
    payload->AddHeader(ip);
    const uint64_t uid = payload->GetUid();
    via->Send(payload, via->GetBroadcast(), 0x0800);
    return uid;
}

uint64_t
InjectRaw(Ptr<NetDevice> via, const std::vector<uint8_t>& datagram)
{
    Ptr<Packet> p = Create<Packet>(datagram.data(), datagram.size());
    const uint64_t uid = p->GetUid();
    via->Send(p, via->GetBroadcast(), 0x0800);
    return uid;
}

uint64_t
InjectUdp(Ptr<NetDevice> via, Ipv4Address src, uint16_t srcPort, Ipv4Address dst, uint16_t dstPort,
          const std::vector<uint8_t>& payload)
{
    Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
    UdpHeader udp;
    udp.SetSourcePort(srcPort);
    udp.SetDestinationPort(dstPort);
    udp.EnableChecksums();
    udp.InitializeChecksum(src, dst, 17);
    p->AddHeader(udp);
    return InjectDatagram(via, src, dst, 17, p);
}

} // namespace ns3
