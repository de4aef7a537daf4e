// IkeDaemon: attributes, lifecycle (sockets, trap policies), what scenarios call and read,
// and the helpers every file of the engine uses (finding IKE SAs, state, events). Transport is
// in ike-transport.cc, requests and responses in ike-requests.cc, the exchanges in ike-task-*.cc.
#include "ikev2/ike-daemon.h"

#include "events/event-stream.h"
#include "ike/ike-error.h"
#include "ike/ike-helpers.h"
#include "ike/ike-wire-io.h"

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
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeDaemon");
NS_OBJECT_ENSURE_REGISTERED(IkeDaemon);

using ipseclab::Bytes;
using ipseclab::Event;
using ipseclab::IkeExchangeType;
using ipseclab::IkeMessage;
using ipseclab::Layer;

using ipseclab::kIkePort;

std::string
SpiText(uint64_t spi)
{
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(spi));
    return text;
}

std::string
ExchangeEventName(IkeExchangeType type)
{
    std::string name = ipseclab::ToString(type);
    return name.compare(0, 7, "UNKNOWN") == 0 ? "UNKNOWN" : name;
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
            .AddAttribute("SocketPerAddress",
                          "One UDP 500 socket per connection's local address, for nodes with "
                          "many addresses (otherwise the node picks the source address)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&IkeDaemon::m_socketPerAddress),
                          MakeBooleanChecker())
            .AddAttribute("CryptoTime",
                          "Crypto operations take simulated time (DH, signatures, message "
                          "encryption): messages leave when the daemon's CPU is free again",
                          BooleanValue(false),
                          MakeBooleanAccessor(&IkeDaemon::SetCryptoTime, &IkeDaemon::GetCryptoTime),
                          MakeBooleanChecker())
            .AddAttribute(
                "DhTimeX25519",
                "One X25519 operation (PERFORMANCE.md: 40 us)",
                TimeValue(MicroSeconds(40)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::dhX25519>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::dhX25519>),
                MakeTimeChecker())
            .AddAttribute(
                "DhTimeEcp256",
                "One ECP-256 operation (63 us)",
                TimeValue(MicroSeconds(63)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::dhEcp256>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::dhEcp256>),
                MakeTimeChecker())
            .AddAttribute(
                "DhTimeEcp384",
                "One ECP-384 operation (1100 us)",
                TimeValue(MicroSeconds(1100)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::dhEcp384>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::dhEcp384>),
                MakeTimeChecker())
            .AddAttribute(
                "DhTimeModp2048",
                "One MODP-2048 operation (400 us)",
                TimeValue(MicroSeconds(400)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::dhModp2048>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::dhModp2048>),
                MakeTimeChecker())
            .AddAttribute(
                "RsaSignTime",
                "RSA-2048 signature (919 us)",
                TimeValue(MicroSeconds(919)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::rsaSign>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::rsaSign>),
                MakeTimeChecker())
            .AddAttribute(
                "RsaVerifyTime",
                "RSA-2048 verification (27 us)",
                TimeValue(MicroSeconds(27)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::rsaVerify>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::rsaVerify>),
                MakeTimeChecker())
            .AddAttribute(
                "EcdsaSignTime",
                "ECDSA P-256 signature (32 us)",
                TimeValue(MicroSeconds(32)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::ecdsaSign>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::ecdsaSign>),
                MakeTimeChecker())
            .AddAttribute(
                "EcdsaVerifyTime",
                "ECDSA P-256 verification (88 us)",
                TimeValue(MicroSeconds(88)),
                MakeTimeAccessor(&IkeDaemon::SetCryptoCost<&ipseclab::CryptoCosts::ecdsaVerify>,
                                 &IkeDaemon::GetCryptoCost<&ipseclab::CryptoCosts::ecdsaVerify>),
                MakeTimeChecker())
            .AddAttribute("CryptoNsPerByte",
                          "Encryption + integrity of IKE messages, ns per octet",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&IkeDaemon::SetNsPerByte, &IkeDaemon::GetNsPerByte),
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
    if (config.version != 2)
    {
        throw std::invalid_argument(
            "connection '" + config.name + "': version = " + std::to_string(config.version) +
            " needs an IKEv1 engine; the IKEv2 daemon runs version = 2 only");
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
    m_socketsByAddress.clear();
    m_installer.Dispose();
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
    for (const auto& config : m_configs)
    {
        SocketFor(config.localAddress); // bound before the first message arrives
    }
    m_installer.SetStack(m_ipsec);
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
    for (auto& [address, socket] : m_socketsByAddress)
    {
        socket->Close();
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

ipseclab::RetransmitPolicy
IkeDaemon::Retransmission(const IkeSa& sa) const
{
    const auto& c = Config(sa);
    return ipseclab::RetransmitPolicy(c.retransmitTimeout, c.retransmitBase, c.retransmitTries);
}

ipseclab::DpdSchedule
IkeDaemon::Dpd(const IkeSa& sa) const
{
    return ipseclab::DpdSchedule(Config(sa).dpdDelay);
}

ipseclab::NatKeepaliveSchedule
IkeDaemon::NatKeepalive(const IkeSa& sa) const
{
    const auto& c = Config(sa);
    return ipseclab::NatKeepaliveSchedule(c.natKeepalive, c.natKeepaliveInterval);
}

uint64_t
IkeDaemon::RandomIkeSpi()
{
    const Bytes octets = m_bytes->Get(8);
    return ipseclab::GetU64(octets.data());
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
             .Add("exchange", ExchangeEventName(message.header.exchangeType))
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

void
IkeDaemon::EmitIkeSaKeys(const IkeSa& sa, const ipseclab::IkeProposal& proposal, bool rekey) const
{
    auto key = [&](const char* name, const Bytes& value, const std::string& algorithm)
    {
        ipseclab::Event e = IkeEvent("key-derived").Add("name", name).AddHex("value", value);
        if (!algorithm.empty())
        {
            e.Add("algorithm", algorithm); // what the key is for: Wireshark's table needs it
        }
        if (rekey && std::string(name) == "SKEYSEED")
        {
            e.Add("rekey", true);
        }
        Emit(std::move(e.Add("spi_i", SpiText(sa.spiI)).Add("spi_r", SpiText(sa.spiR))));
    };
    const std::string encryption(proposal.encryption->name);
    const std::string integrity(proposal.integrity ? proposal.integrity->name : "");
    key("SKEYSEED", sa.keys.skeyseed, "");
    key("SK_d", sa.keys.skD, "");
    key("SK_ai", sa.keys.skAi, integrity);
    key("SK_ar", sa.keys.skAr, integrity);
    key("SK_ei", sa.keys.skEi, encryption);
    key("SK_er", sa.keys.skEr, encryption);
    key("SK_pi", sa.keys.skPi, "");
    key("SK_pr", sa.keys.skPr, "");
}

} // namespace ns3
