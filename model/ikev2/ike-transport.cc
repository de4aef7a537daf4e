// IkeDaemon's transport: UDP 500 and what the IpsecStack hands over from 4500 (after the
// non-ESP marker), sending (when the simulated CPU is free), and the checks a message passes
// before an IKE SA acts on it (docs/ike.md, "What an IKE SA acts on"); dropped messages are
// counted and evented.
#include "events/event-stream.h"
#include "ike-core/nat-traversal.h"
#include "ike/ike-constants.h"
#include "ike/ike-helpers.h"
#include "ikev2/ike-daemon.h"

#include <ns3/inet-socket-address.h>
#include <ns3/log.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>
#include <ns3/udp-socket-factory.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeTransport");

using ipseclab::Bytes;
using ipseclab::Event;
using ipseclab::IkeExchangeType;
using ipseclab::IkeMessage;
using ipseclab::kIkeNatTPort;
using ipseclab::kIkePort;

void
IkeDaemon::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
        Bytes bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        HandleDatagram(bytes, peer.GetIpv4().Get(), peer.GetPort(), kIkePort);
    }
}

void
IkeDaemon::ReceiveOn4500(Ptr<Packet> packet, Ipv4Address from, uint16_t fromPort, Ipv4Address,
                         uint16_t toPort)
{
    Bytes bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    HandleDatagram(bytes, from.Get(), fromPort, toPort);
}

void
IkeDaemon::Charge(Time cost, const char* what)
{
    m_crypto.Charge(Simulator::Now(), cost);
    (void) what;
}

void
IkeDaemon::ChargeDh(const ipseclab::DhGroupInfo& group)
{
    Charge(m_crypto.DhCost(std::string(group.name)), "dh");
}

void
IkeDaemon::ChargeSignature(bool rsa, bool sign)
{
    Charge(m_crypto.SignatureCost(rsa, sign), "signature");
}

void
IkeDaemon::ChargeBytes(size_t bytes)
{
    Charge(m_crypto.BytesCost(bytes), "bytes");
}

void
IkeDaemon::SendTo(uint32_t address, uint16_t port, uint16_t fromPort, const Bytes& bytes,
                  uint32_t from)
{
    const Time wait = m_crypto.Wait(Simulator::Now());
    if (wait.IsStrictlyPositive())
    {
        // The message leaves once the computations that produced it are done.
        Simulator::Schedule(wait,
                            [this, address, port, fromPort, bytes, from]()
                            {
                                const bool saved = m_crypto.enabled;
                                m_crypto.enabled = false;
                                SendTo(address, port, fromPort, bytes, from);
                                m_crypto.enabled = saved;
                            });
        return;
    }
    if (fromPort == kIkeNatTPort)
    {
        m_ipsec->SendIkeFrom4500(bytes, Ipv4Address(address), port);
        return;
    }
    SocketFor(from)->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                            0,
                            InetSocketAddress(Ipv4Address(address), port));
}

Ptr<Socket>
IkeDaemon::SocketFor(uint32_t local)
{
    if (!m_socketPerAddress || local == 0 || !m_socket500)
    {
        return m_socket500;
    }
    auto it = m_socketsByAddress.find(local);
    if (it != m_socketsByAddress.end())
    {
        return it->second;
    }
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (socket->Bind(InetSocketAddress(Ipv4Address(local), kIkePort)) != 0)
    {
        NS_LOG_WARN("cannot bind " << ipseclab::Ipv4AddressToString(local)
                                   << ":500; sending from the any-address socket");
        return m_socket500;
    }
    socket->SetRecvCallback(MakeCallback(&IkeDaemon::Receive, this));
    m_socketsByAddress.emplace(local, socket);
    return socket;
}

void
IkeDaemon::SendBytes(IkeSa& sa, const Bytes& bytes)
{
    SendTo(sa.peerAddress, sa.peerPort, sa.localPort, bytes, LocalAddress(sa));
}

void
IkeDaemon::DropMessage(const ipseclab::IkeHeader& header, uint32_t from, uint16_t fromPort,
                       const std::string& reason, const std::string& detail)
{
    ++m_droppedMessages[reason];
    NS_LOG_INFO("dropped " << header.Summary() << " from " << ipseclab::Ipv4AddressToString(from)
                           << ":" << fromPort << ": " << reason);
    Event e = IkeEvent("message-dropped");
    e.Add("reason", reason)
        .Add("exchange", ExchangeEventName(header.exchangeType))
        .Add("message_id", uint64_t(header.messageId))
        .Add("response", header.IsResponse())
        .Add("spi_i", SpiText(header.spiI))
        .Add("spi_r", SpiText(header.spiR))
        .Add("peer", ipseclab::Ipv4AddressToString(from))
        .Add("peer_port", uint64_t(fromPort));
    if (!detail.empty())
    {
        e.Add("detail", detail);
    }
    Emit(std::move(e));
}

uint64_t
IkeDaemon::GetDroppedMessages(const std::string& reason) const
{
    auto it = m_droppedMessages.find(reason);
    return it == m_droppedMessages.end() ? 0 : it->second;
}

void
IkeDaemon::HandleDatagram(const Bytes& bytes, uint32_t from, uint16_t fromPort, uint16_t toPort)
{
    ipseclab::IkeHeader header;
    try
    {
        header = IkeMessage::PeekHeader(bytes);
    }
    catch (const std::exception& e)
    {
        ++m_droppedMessages["malformed"];
        Emit(IkeEvent("message-dropped")
                 .Add("reason", "malformed")
                 .Add("detail", e.what())
                 .Add("peer", ipseclab::Ipv4AddressToString(from))
                 .Add("peer_port", uint64_t(fromPort)));
        return;
    }
    if (header.exchangeType == IkeExchangeType::IkeSaInit && !header.IsResponse())
    {
        HandleInitRequest(IkeMessage(), bytes, from, fromPort, toPort);
        return;
    }
    const uint64_t mySpi = header.IsInitiator() ? header.spiR : header.spiI;
    IkeSa* sa = FindByMySpi(mySpi);
    if (!sa)
    {
        DropMessage(header, from, fromPort, "unknown IKE SPI");
        return;
    }
    // RFC 7296 2.21, 3.14: once IKE_SA_INIT is done, every message of the IKE SA is protected
    // by SK. A cleartext DELETE, AUTHENTICATION_FAILED or anything else is never acted on: its
    // source, SPIs and message ID are all visible to (and forgeable by) anyone on the path.
    const bool protectedMessage =
        header.nextPayload == uint8_t(ipseclab::IkePayloadType::Encrypted);
    if (header.exchangeType != IkeExchangeType::IkeSaInit && !protectedMessage)
    {
        DropMessage(header, from, fromPort, "unprotected", "no SK payload after IKE_SA_INIT");
        return;
    }
    if (header.exchangeType == IkeExchangeType::IkeSaInit &&
        !(sa->initiator && sa->tasks.Answers(0) && sa->state == IkeSa::State::Connecting))
    {
        DropMessage(header, from, fromPort, "unexpected response", "no IKE_SA_INIT outstanding");
        return;
    }
    // The other side's SPI must be the one this IKE SA knows (it is learnt from the
    // IKE_SA_INIT response, so only that response may carry a new one).
    const uint64_t peerSpi = header.IsInitiator() ? header.spiI : header.spiR;
    const uint64_t knownPeerSpi = sa->initiator ? sa->spiR : sa->spiI;
    if (peerSpi != knownPeerSpi && header.exchangeType != IkeExchangeType::IkeSaInit)
    {
        DropMessage(header, from, fromPort, "SPI mismatch", "peer SPI " + SpiText(peerSpi));
        return;
    }
    if (from != sa->peerAddress)
    {
        DropMessage(header,
                    from,
                    fromPort,
                    "unexpected source",
                    "the IKE SA's peer is " + ipseclab::Ipv4AddressToString(sa->peerAddress));
        return;
    }
    // A port other than the one this SA talks to is only believed on a protected message, and
    // only after NAT detection (RFC 7296 2.23: a NAT may map the peer anew; 2.11).
    const bool portMoved = fromPort != sa->peerPort;
    if (portMoved && !ipseclab::AcceptsNewPeerPort(protectedMessage, toPort, sa->natDetected))
    {
        DropMessage(header,
                    from,
                    fromPort,
                    "unexpected source",
                    "the IKE SA's peer port is " + std::to_string(sa->peerPort));
        return;
    }
    IkeMessage message;
    try
    {
        message = IkeMessage::Decode(bytes, sa->crypto.get());
        if (message.encrypted)
        {
            ChargeBytes(bytes.size());
        }
    }
    catch (const std::exception& e)
    {
        DropMessage(header, from, fromPort, "malformed", e.what());
        return;
    }
    if (message.encrypted && message.skStatus != ipseclab::IkeSkStatus::Ok)
    {
        DropMessage(header,
                    from,
                    fromPort,
                    message.skStatus == ipseclab::IkeSkStatus::NoKeys ? "no keys yet"
                                                                      : "integrity check failed");
        return;
    }
    if (header.IsResponse() && !sa->tasks.Answers(header.messageId))
    {
        // Also a late answer to a request that was retransmitted and already answered.
        DropMessage(header,
                    from,
                    fromPort,
                    "unexpected response",
                    sa->tasks.InFlight()
                        ? "outstanding request is " + std::to_string(sa->tasks.ActiveId())
                        : "no request outstanding");
        return;
    }
    EmitMessage(sa, message, bytes, false, from);
    sa->lastHeard = Simulator::Now().GetSeconds();
    if (toPort == kIkeNatTPort)
    {
        // RFC 7296 2.23: after NAT detection both sides talk on 4500; the peer's port is
        // whatever its NAT mapped 4500 to, and it may change (answer where it came from).
        sa->localPort = kIkeNatTPort;
        sa->peerPort = fromPort;
    }
    if (header.IsResponse())
    {
        if (header.exchangeType == IkeExchangeType::IkeSaInit)
        {
            Simulator::Cancel(sa->retransmitTimer);
            sa->tasks.Settle();
            ProcessInitResponse(*sa, message, bytes);
            return;
        }
        HandleResponse(*sa, message);
    }
    else
    {
        HandleRequest(*sa, message, bytes);
    }
}

} // namespace ns3
