// IkeDaemon: transport, the request/response machinery (window 1, retransmission with back-off,
// the responder's answer cache), lifecycle and helpers. The exchanges are in ike-exchange-*.cc.
#include "ikev2/ike-daemon.h"

#include "events/event-stream.h"
#include "events/key-export.h"
#include "ike/ike-error.h"
#include "ike/ike-helpers.h"

#include <ns3/boolean.h>
#include <ns3/double.h>
#include <ns3/inet-socket-address.h>
#include <ns3/ipv4.h>
#include <ns3/log.h>
#include <ns3/node.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>
#include <ns3/udp-socket-factory.h>
#include <ns3/uinteger.h>

#include <cmath>
#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeDaemon");
NS_OBJECT_ENSURE_REGISTERED(IkeDaemon);

using ipseclab::Bytes;
using ipseclab::Event;
using ipseclab::IkeExchangeType;
using ipseclab::IkeMessage;
using ipseclab::Layer;

namespace
{

constexpr uint16_t kIkePort = 500;
constexpr uint16_t kNatTPort = 4500;

const char*
ExchangeName(IkeExchangeType type)
{
    switch (type)
    {
    case IkeExchangeType::IkeSaInit:
        return "IKE_SA_INIT";
    case IkeExchangeType::IkeAuth:
        return "IKE_AUTH";
    case IkeExchangeType::CreateChildSa:
        return "CREATE_CHILD_SA";
    case IkeExchangeType::Informational:
        return "INFORMATIONAL";
    }
    return "UNKNOWN";
}

} // namespace

std::string
SpiText(uint64_t spi)
{
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(spi));
    return text;
}

std::string
IkeSa::Label() const
{
    return SpiText(spiI) + "_i " + SpiText(spiR) + "_r";
}

const char*
ToString(IkeSa::State state)
{
    switch (state)
    {
    case IkeSa::State::Connecting:
        return "connecting";
    case IkeSa::State::Authenticating:
        return "authenticating";
    case IkeSa::State::Established:
        return "established";
    case IkeSa::State::Rekeyed:
        return "rekeyed";
    case IkeSa::State::Deleting:
        return "deleting";
    case IkeSa::State::Dead:
        return "dead";
    }
    return "unknown";
}

TypeId
IkeDaemon::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IkeDaemon")
            .SetParent<Application>()
            .SetGroupName("Ipsec")
            .AddConstructor<IkeDaemon>()
            .AddAttribute("CryptoTime",
                          "Crypto operations take simulated time (DH, signatures, message "
                          "encryption): messages leave when the daemon's CPU is free again",
                          BooleanValue(false),
                          MakeBooleanAccessor(&IkeDaemon::m_cryptoTime),
                          MakeBooleanChecker())
            .AddAttribute("DhTimeX25519",
                          "One X25519 operation (PERFORMANCE.md: 40 us)",
                          TimeValue(MicroSeconds(40)),
                          MakeTimeAccessor(&IkeDaemon::m_dhX25519),
                          MakeTimeChecker())
            .AddAttribute("DhTimeEcp256",
                          "One ECP-256 operation (63 us)",
                          TimeValue(MicroSeconds(63)),
                          MakeTimeAccessor(&IkeDaemon::m_dhEcp256),
                          MakeTimeChecker())
            .AddAttribute("DhTimeEcp384",
                          "One ECP-384 operation (1100 us)",
                          TimeValue(MicroSeconds(1100)),
                          MakeTimeAccessor(&IkeDaemon::m_dhEcp384),
                          MakeTimeChecker())
            .AddAttribute("DhTimeModp2048",
                          "One MODP-2048 operation (400 us)",
                          TimeValue(MicroSeconds(400)),
                          MakeTimeAccessor(&IkeDaemon::m_dhModp2048),
                          MakeTimeChecker())
            .AddAttribute("RsaSignTime",
                          "RSA-2048 signature (919 us)",
                          TimeValue(MicroSeconds(919)),
                          MakeTimeAccessor(&IkeDaemon::m_rsaSign),
                          MakeTimeChecker())
            .AddAttribute("RsaVerifyTime",
                          "RSA-2048 verification (27 us)",
                          TimeValue(MicroSeconds(27)),
                          MakeTimeAccessor(&IkeDaemon::m_rsaVerify),
                          MakeTimeChecker())
            .AddAttribute("EcdsaSignTime",
                          "ECDSA P-256 signature (32 us)",
                          TimeValue(MicroSeconds(32)),
                          MakeTimeAccessor(&IkeDaemon::m_ecdsaSign),
                          MakeTimeChecker())
            .AddAttribute("EcdsaVerifyTime",
                          "ECDSA P-256 verification (88 us)",
                          TimeValue(MicroSeconds(88)),
                          MakeTimeAccessor(&IkeDaemon::m_ecdsaVerify),
                          MakeTimeChecker())
            .AddAttribute("CryptoNsPerByte",
                          "Encryption + integrity of IKE messages, ns per octet",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&IkeDaemon::m_nsPerByte),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("CookieThreshold",
                          "Half-open IKE SAs from which on the responder answers every new "
                          "IKE_SA_INIT with a COOKIE (RFC 7296 2.6; strongSwan's "
                          "charon.cookie_threshold, 30). 0: never",
                          UintegerValue(30),
                          MakeUintegerAccessor(&IkeDaemon::m_cookieThreshold),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HalfOpenLimit",
                          "Half-open IKE SAs from which on new IKE_SA_INIT requests are dropped "
                          "unanswered (strongSwan's charon.init_limit_half_open). 0: no limit",
                          UintegerValue(0),
                          MakeUintegerAccessor(&IkeDaemon::m_halfOpenLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("StateChange",
                            "An IKE SA changed state (connecting, established, deleted, ...)",
                            MakeTraceSourceAccessor(&IkeDaemon::m_stateTrace),
                            "ns3::IkeDaemon::StateTracedCallback");
    return tid;
}

IkeDaemon::IkeDaemon()
    : m_random(CreateObject<UniformRandomVariable>())
{
    Ptr<UniformRandomVariable> random = m_random;
    m_bytes = std::make_unique<ipseclab::FunctionRandomSource>(
        [random]() { return random->GetInteger(0, 0xffffffffU); });
}

IkeDaemon::~IkeDaemon() = default;

int64_t
IkeDaemon::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
IkeDaemon::AddConnection(ipseclab::IkeConfig config)
{
    config.Validate();
    for (const auto& child : config.children)
    {
        (void) child;
    }
    if (!config.pool.empty() && m_pools.count(config.pool) == 0)
    {
        m_pools[config.pool] = std::make_unique<ipseclab::AddressPool>(config.pool);
    }
    m_configs.push_back(std::move(config));
}

void
IkeDaemon::DoDispose()
{
    m_sas.clear();
    m_serialByMySpi.clear();
    m_responderByInitiator.clear();
    m_socket500 = nullptr;
    m_ipsec = nullptr;
    Application::DoDispose();
}

void
IkeDaemon::StartApplication()
{
    m_ipsec = GetNode()->GetObject<IpsecStack>();
    if (!m_ipsec)
    {
        NS_FATAL_ERROR("IKE on node " << GetNode()->GetId()
                                      << ": install IPsec (IpsecHelper) before the IKE daemon");
    }
    m_cookieSecret = m_bytes->Get(16);
    m_socket500 = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (m_socket500->Bind(InetSocketAddress(Ipv4Address::GetAny(), kIkePort)) != 0)
    {
        NS_FATAL_ERROR("IKE on node " << GetNode()->GetId() << ": UDP port 500 is taken");
    }
    m_socket500->SetRecvCallback(MakeCallback(&IkeDaemon::Receive, this));
    m_ipsec->SetIkeOn4500Receiver(MakeCallback(&IkeDaemon::ReceiveOn4500, this));
    m_ipsec->TraceConnectWithoutContext("SoftExpire", MakeCallback(&IkeDaemon::OnSoftExpire, this));
    m_ipsec->TraceConnectWithoutContext("Acquire", MakeCallback(&IkeDaemon::OnAcquire, this));
    for (size_t i = 0; i < m_configs.size(); ++i)
    {
        if (m_configs[i].children.front().startAction == ipseclab::StartAction::Start)
        {
            Simulator::Schedule(
                Seconds(m_configs[i].children.front().startTime), &IkeDaemon::Initiate, this, i);
        }
        for (size_t c = 0; c < m_configs[i].children.size(); ++c)
        {
            const auto& child = m_configs[i].children[c];
            if (child.startAction == ipseclab::StartAction::None)
            {
                continue;
            }
            // A trap policy: the first matching packet raises an Acquire (and starts IKE, or
            // a CREATE_CHILD_SA on an IKE SA that is up, if it is not on its way), and no
            // packet of this traffic leaves in the clear before the Child SA exists: it is
            // dropped with "no-sa" until then.
            for (const auto& local :
                 ipseclab::ParseTsList(child.localTs, m_configs[i].localAddress))
            {
                for (const auto& remote :
                     ipseclab::ParseTsList(child.remoteTs, m_configs[i].remoteAddress))
                {
                    ipseclab::SpdEntry trap;
                    trap.direction = ipseclab::Direction::Outbound;
                    trap.selector.local = local.prefix;
                    trap.selector.remote = remote.prefix;
                    trap.selector.protocol = local.protocol ? local.protocol : remote.protocol;
                    trap.selector.localPorts = local.ports;
                    trap.selector.remotePorts = remote.ports;
                    trap.action = ipseclab::SpdAction::Protect;
                    trap.priority = 200; // behind the policies of installed Child SAs
                    trap.protect.mode = child.mode;
                    if (child.mode == ipseclab::IpsecMode::Tunnel)
                    {
                        trap.protect.tunnelLocal = m_configs[i].localAddress;
                        trap.protect.tunnelRemote = m_configs[i].remoteAddress;
                    }
                    trap.protect.reqid = TrapReqid(i, c); // never has an SA
                    trap.name = "trap " + m_configs[i].name + (c ? "/" + child.name : "");
                    m_ipsec->AddPolicy(trap);
                }
            }
        }
    }
}

void
IkeDaemon::StopApplication()
{
    if (m_socket500)
    {
        m_socket500->Close();
    }
    for (auto& [serial, sa] : m_sas)
    {
        Simulator::Cancel(sa->retransmitTimer);
        Simulator::Cancel(sa->rekeyTimer);
        Simulator::Cancel(sa->dpdTimer);
        Simulator::Cancel(sa->halfOpenTimer);
        Simulator::Cancel(sa->keepaliveTimer);
    }
}

void
IkeDaemon::Initiate(size_t index)
{
    if (index >= m_configs.size())
    {
        NS_FATAL_ERROR("IKE: no connection " << index);
    }
    if (FindForConnection(index))
    {
        return; // already up or on the way
    }
    const auto& config = m_configs[index];
    IkeSa& sa = CreateIkeSa(index, true, config.remoteAddress, kIkePort);
    StartInit(sa);
}

void
IkeDaemon::RekeyChild(size_t index)
{
    IkeSa* sa = FindForConnection(index);
    if (sa && sa->state == IkeSa::State::Established)
    {
        for (auto& child : sa->children)
        {
            if (!child.replaced)
            {
                StartChildRekey(sa->serial, child.inSpi);
                return;
            }
        }
    }
}

void
IkeDaemon::RekeyIke(size_t index)
{
    IkeSa* sa = FindForConnection(index);
    if (sa && sa->state == IkeSa::State::Established)
    {
        StartIkeRekey(sa->serial);
    }
}

void
IkeDaemon::Terminate(size_t index)
{
    IkeSa* sa = FindForConnection(index);
    if (sa && sa->state == IkeSa::State::Established)
    {
        SendDelete(*sa, true, 0);
    }
}

void
IkeDaemon::DeleteChild(size_t index)
{
    IkeSa* sa = FindForConnection(index);
    if (sa && sa->state == IkeSa::State::Established)
    {
        for (const auto& child : sa->children)
        {
            if (!child.replaced)
            {
                SendDelete(*sa, false, child.inSpi);
                return;
            }
        }
    }
}

uint32_t
IkeDaemon::GetChildSaCount() const
{
    uint32_t n = 0;
    for (const auto& [serial, sa] : m_sas)
    {
        for (const auto& child : sa->children)
        {
            n += child.replaced ? 0 : 1;
        }
    }
    return n;
}

bool
IkeDaemon::IsEstablished(size_t index) const
{
    for (const auto& [serial, sa] : m_sas)
    {
        if (sa->configIndex == index && sa->state == IkeSa::State::Established)
        {
            return true;
        }
    }
    return false;
}

std::vector<const IkeSa*>
IkeDaemon::GetIkeSas() const
{
    std::vector<const IkeSa*> out;
    for (const auto& [serial, sa] : m_sas)
    {
        out.push_back(sa.get());
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Transport

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
    if (!m_cryptoTime)
    {
        return;
    }
    const Time now = Simulator::Now();
    m_busyUntil = std::max(m_busyUntil, now) + cost;
    (void) what;
}

void
IkeDaemon::ChargeDh(const ipseclab::DhGroupInfo& group)
{
    const std::string name(group.name);
    Time cost = name == "x25519"   ? m_dhX25519
                : name == "ecp256" ? m_dhEcp256
                : name == "ecp384" ? m_dhEcp384
                                   : m_dhModp2048;
    Charge(cost, "dh");
}

void
IkeDaemon::ChargeSignature(bool rsa, bool sign)
{
    Charge(rsa ? (sign ? m_rsaSign : m_rsaVerify) : (sign ? m_ecdsaSign : m_ecdsaVerify),
           "signature");
}

void
IkeDaemon::ChargeBytes(size_t bytes)
{
    Charge(NanoSeconds(static_cast<int64_t>(m_nsPerByte * bytes)), "bytes");
}

void
IkeDaemon::SendTo(uint32_t address, uint16_t port, uint16_t fromPort, const Bytes& bytes)
{
    if (m_cryptoTime && m_busyUntil > Simulator::Now())
    {
        // The message leaves once the computations that produced it are done.
        Simulator::Schedule(m_busyUntil - Simulator::Now(),
                            [this, address, port, fromPort, bytes]()
                            {
                                const bool saved = m_cryptoTime;
                                m_cryptoTime = false;
                                SendTo(address, port, fromPort, bytes);
                                m_cryptoTime = saved;
                            });
        return;
    }
    if (fromPort == kNatTPort)
    {
        m_ipsec->SendIkeFrom4500(bytes, Ipv4Address(address), port);
        return;
    }
    m_socket500->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                        0,
                        InetSocketAddress(Ipv4Address(address), port));
}

void
IkeDaemon::SendBytes(IkeSa& sa, const Bytes& bytes)
{
    SendTo(sa.peerAddress, sa.peerPort, sa.localPort, bytes);
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
        .Add("exchange", ExchangeName(header.exchangeType))
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
        !(sa->initiator && sa->outstanding && sa->currentId == 0 &&
          sa->state == IkeSa::State::Connecting))
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
    if (portMoved && !(protectedMessage && toPort == kNatTPort && sa->natDetected))
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
    if (header.IsResponse() && !(sa->outstanding && header.messageId == sa->currentId))
    {
        // Also a late answer to a request that was retransmitted and already answered.
        DropMessage(header,
                    from,
                    fromPort,
                    "unexpected response",
                    sa->outstanding ? "outstanding request is " + std::to_string(sa->currentId)
                                    : "no request outstanding");
        return;
    }
    EmitMessage(sa, message, bytes, false, from);
    sa->lastHeard = Simulator::Now().GetSeconds();
    if (toPort == kNatTPort)
    {
        // RFC 7296 2.23: after NAT detection both sides talk on 4500; the peer's port is
        // whatever its NAT mapped 4500 to, and it may change (answer where it came from).
        sa->localPort = kNatTPort;
        sa->peerPort = fromPort;
    }
    if (header.IsResponse())
    {
        if (header.exchangeType == IkeExchangeType::IkeSaInit)
        {
            Simulator::Cancel(sa->retransmitTimer);
            sa->outstanding = false;
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

// ---------------------------------------------------------------------------------------------
// Requests and responses

IkeMessage
IkeDaemon::MakeMessage(const IkeSa& sa, IkeExchangeType exchange, bool response,
                       uint32_t messageId) const
{
    IkeMessage m;
    m.header.spiI = sa.spiI;
    m.header.spiR = sa.spiR;
    m.header.exchangeType = exchange;
    m.header.SetInitiator(sa.initiator);
    m.header.SetResponse(response);
    m.header.messageId = messageId;
    m.encrypted = exchange != IkeExchangeType::IkeSaInit;
    return m;
}

Bytes
IkeDaemon::Encode(IkeSa& sa, IkeMessage& message)
{
    Bytes bytes = message.encrypted ? message.Encode(*sa.crypto, *m_bytes) : message.Encode();
    if (message.encrypted)
    {
        ChargeBytes(bytes.size());
    }
    EmitMessage(&sa, message, bytes, true, sa.peerAddress);
    return bytes;
}

void
IkeDaemon::Enqueue(IkeSa& sa, IkeTask task)
{
    sa.queue.push_back(std::move(task));
    SendNextRequest(sa);
}

void
IkeDaemon::SendNextRequest(IkeSa& sa)
{
    if (sa.outstanding || sa.queue.empty() || sa.state == IkeSa::State::Dead)
    {
        return;
    }
    sa.current = std::move(sa.queue.front());
    sa.queue.pop_front();
    IkeMessage request = sa.current.build();
    request.header.messageId = sa.nextRequestId;
    sa.currentId = sa.nextRequestId++;
    sa.currentBytes = Encode(sa, request);
    if (request.header.exchangeType == IkeExchangeType::IkeSaInit)
    {
        sa.initRequest = sa.currentBytes;
    }
    sa.outstanding = true;
    sa.attempts = 1;
    SendBytes(sa, sa.currentBytes);
    const auto& config = Config(sa);
    sa.retransmitTimer = Simulator::Schedule(
        Seconds(config.retransmitTimeout), &IkeDaemon::Retransmit, this, sa.serial);
}

void
IkeDaemon::Retransmit(uint32_t serial)
{
    IkeSa* sa = FindBySerial(serial);
    if (!sa || !sa->outstanding)
    {
        return;
    }
    const auto& config = Config(*sa);
    if (sa->attempts > config.retransmitTries)
    {
        DeadPeer(*sa,
                 "no answer to " + sa->current.name + " after " +
                     std::to_string(config.retransmitTries) + " retransmissions");
        return;
    }
    // strongSwan: timeout_n = retransmit_timeout * retransmit_base ^ n
    const double timeout = config.retransmitTimeout * std::pow(config.retransmitBase, sa->attempts);
    ++m_retransmissions;
    Emit(IkeEvent("retransmit")
             .Add("exchange", sa->current.name)
             .Add("message_id", uint64_t(sa->currentId))
             .Add("attempt", uint64_t(sa->attempts))
             .Add("timeout_s", timeout)
             .Add("spi_i", SpiText(sa->spiI))
             .Add("spi_r", SpiText(sa->spiR)));
    ++sa->attempts;
    SendBytes(*sa, sa->currentBytes);
    sa->retransmitTimer =
        Simulator::Schedule(Seconds(timeout), &IkeDaemon::Retransmit, this, serial);
}

void
IkeDaemon::HandleResponse(IkeSa& sa, const IkeMessage& response)
{
    Simulator::Cancel(sa.retransmitTimer);
    sa.outstanding = false;
    IkeTask task = std::move(sa.current);
    const uint32_t serial = sa.serial;
    task.process(response);
    if (IkeSa* still = FindBySerial(serial))
    {
        SendNextRequest(*still);
    }
}

void
IkeDaemon::HandleRequest(IkeSa& sa, const IkeMessage& request, const Bytes&)
{
    const uint32_t id = request.header.messageId;
    if (sa.haveLastResponse && id == sa.lastResponseId)
    {
        // RFC 7296 2.1: a retransmitted request gets the same answer, not a new exchange.
        Emit(IkeEvent("retransmit-answered")
                 .Add("message_id", uint64_t(id))
                 .Add("spi_i", SpiText(sa.spiI))
                 .Add("spi_r", SpiText(sa.spiR)));
        SendBytes(sa, sa.lastResponse);
        return;
    }
    if (id != sa.expectedRequestId)
    {
        DropMessage(request.header,
                    sa.peerAddress,
                    sa.peerPort,
                    "message ID outside window",
                    "expected " + std::to_string(sa.expectedRequestId));
        return;
    }
    IkeMessage response = MakeMessage(sa, request.header.exchangeType, true, id);
    const uint32_t serial = sa.serial;
    switch (request.header.exchangeType)
    {
    case IkeExchangeType::IkeAuth:
        ProcessAuthRequest(sa, request, response);
        break;
    case IkeExchangeType::CreateChildSa:
        HandleCreateChildRequest(sa, request, response);
        break;
    case IkeExchangeType::Informational:
        HandleInformationalRequest(sa, request, response);
        break;
    default:
        response.payloads.push_back(
            ipseclab::IkePayload::Notify(ipseclab::IkeNotifyType::InvalidSyntax));
        break;
    }
    IkeSa* still = FindBySerial(serial);
    if (!still)
    {
        return;
    }
    still->expectedRequestId = id + 1;
    SendResponse(*still, response);
    if (still->state == IkeSa::State::Dead)
    {
        DestroyIkeSa(*still, "closed after the response");
    }
}

void
IkeDaemon::SendResponse(IkeSa& sa, IkeMessage& response)
{
    Bytes bytes = Encode(sa, response);
    sa.lastResponse = bytes;
    sa.lastResponseId = response.header.messageId;
    sa.haveLastResponse = true;
    SendBytes(sa, bytes);
}

void
IkeDaemon::SendErrorNotify(uint32_t to, uint16_t toPort, uint16_t fromPort,
                           const ipseclab::IkeHeader& request, ipseclab::IkeNotifyType type,
                           Bytes data)
{
    IkeMessage m;
    m.header.spiI = request.spiI;
    m.header.spiR = 0;
    m.header.exchangeType = request.exchangeType;
    m.header.SetResponse(true);
    m.header.messageId = request.messageId;
    m.payloads.push_back(ipseclab::IkePayload::Notify(type, std::move(data)));
    Bytes bytes = m.Encode();
    EmitMessage(nullptr, m, bytes, true, to);
    SendTo(to, toPort, fromPort, bytes);
}

// ---------------------------------------------------------------------------------------------
// Helpers

IkeSa*
IkeDaemon::FindBySerial(uint32_t serial)
{
    auto it = m_sas.find(serial);
    return it == m_sas.end() ? nullptr : it->second.get();
}

IkeSa*
IkeDaemon::FindByMySpi(uint64_t spi)
{
    auto it = m_serialByMySpi.find(spi);
    if (it == m_serialByMySpi.end())
    {
        return nullptr;
    }
    IkeSa* sa = FindBySerial(it->second);
    return sa && sa->state != IkeSa::State::Dead ? sa : nullptr;
}

IkeSa*
IkeDaemon::FindForConnection(size_t index)
{
    for (auto& [serial, sa] : m_sas)
    {
        if (sa->configIndex == index && sa->state != IkeSa::State::Dead &&
            sa->state != IkeSa::State::Rekeyed && sa->state != IkeSa::State::Deleting)
        {
            return sa.get();
        }
    }
    return nullptr;
}

void
IkeDaemon::SetState(IkeSa& sa, IkeSa::State state)
{
    sa.state = state;
    m_stateTrace(Config(sa).name, sa.Label(), ToString(state));
}

uint32_t
IkeDaemon::LocalAddress(const IkeSa& sa) const
{
    return Config(sa).localAddress;
}

double
IkeDaemon::Jitter(double range)
{
    return range > 0 ? m_random->GetValue(0, range) : 0;
}

Event
IkeDaemon::IkeEvent(const char* kind) const
{
    return Event(GetNode()->GetId(), Layer::Ike, kind);
}

void
IkeDaemon::Emit(Event&& event) const
{
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(std::move(event));
    }
}

void
IkeDaemon::EmitMessage(const IkeSa* sa, const IkeMessage& message, const Bytes& bytes, bool sent,
                       uint32_t peer)
{
    if (!EventStream::IsEnabled())
    {
        return;
    }
    (void) sa;
    std::vector<std::string> payloads = message.Describe();
    Emit(IkeEvent(sent ? "message-sent" : "message-received")
             .Add("exchange", ExchangeName(message.header.exchangeType))
             .Add("message_id", uint64_t(message.header.messageId))
             .Add("initiator", message.header.IsInitiator())
             .Add("response", message.header.IsResponse())
             .Add("spi_i", SpiText(message.header.spiI))
             .Add("spi_r", SpiText(message.header.spiR))
             .Add("payloads", payloads)
             .Add("summary", message.Summary())
             .Add("length", uint64_t(bytes.size()))
             .AddHex("bytes", bytes)
             .Add("peer", ipseclab::Ipv4AddressToString(peer)));
}

void
IkeDaemon::EmitKey(const IkeSa& sa, const std::string& name, const Bytes& value) const
{
    Emit(IkeEvent("key-derived")
             .Add("name", name)
             .AddHex("value", value)
             .Add("spi_i", SpiText(sa.spiI))
             .Add("spi_r", SpiText(sa.spiR)));
}

} // namespace ns3
