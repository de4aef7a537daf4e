#include "ike-forger.h"

#include "crypto/algorithms.h"
#include "crypto/dh-group.h"
#include "crypto/random-source.h"
#include "datapath/ipv4-wire.h"
#include "datapath/udp-encap.h"
#include "events/event-stream.h"
#include "ike/ike-constants.h"
#include "ike/ike-crypto-context.h"
#include "ike/ike-helpers.h"
#include "ike/ike-message.h"
#include "ike/ike-sa-proposal.h"
#include "ike/ike-wire-io.h"
#include "inject.h"
#include "sa/ipv4-prefix.h"

#include <ns3/csma-net-device.h>
#include <ns3/log.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IkeForger");
NS_OBJECT_ENSURE_REGISTERED(IkeForger);

using ipseclab::IkeExchangeType;
using ipseclab::IkeMessage;
using ipseclab::IkePayload;
using ipseclab::kIkePort;

namespace
{

/// Flood requests are not evented one by one (thousands); FloodAt and the last one are.
const char* const kFlood = "IKE_SA_INIT flood";

void
EmitFlood(const char* kind, uint32_t count, uint32_t target)
{
    if (EventStream::IsEnabled())
    {
        EventStream::Emit(ipseclab::Event(ipseclab::Layer::Attacker, kind)
                              .Add("what", kFlood)
                              .Add("dst", ipseclab::Ipv4AddressToString(target))
                              .Add("count", uint64_t(count)));
    }
}

} // namespace

TypeId
IkeForger::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IkeForger")
                            .SetParent<Object>()
                            .SetGroupName("Ipsec")
                            .AddConstructor<IkeForger>();
    return tid;
}

IkeForger::IkeForger()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

IkeForger::~IkeForger()
{
    if (m_subscription != 0)
    {
        EventStream::Default()->Unsubscribe(m_subscription);
    }
}

int64_t
IkeForger::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
IkeForger::WatchAt(Ptr<NetDevice> device)
{
    device->TraceConnectWithoutContext(
        "MacRx",
        Callback<void, Ptr<const Packet>>([this, device](Ptr<const Packet> frame)
                                          { OnMacRx(device, frame); }));
}

void
IkeForger::OnMacRx(Ptr<NetDevice> device, Ptr<const Packet> frame)
{
    if (m_ownUids.count(frame->GetUid()) != 0)
    {
        return;
    }
    const bool csma = DynamicCast<CsmaNetDevice>(device) != nullptr;
    const size_t header = csma ? 14 : 2; // Ethernet header or PPP protocol field
    const size_t trailer = csma ? 4 : 0;
    std::vector<uint8_t> bytes(frame->GetSize());
    frame->CopyData(bytes.data(), bytes.size());
    if (bytes.size() < header + trailer + 20 + 8 + ipseclab::kIkeHeaderSize)
    {
        return;
    }
    const uint8_t* ip = bytes.data() + header;
    const size_t ipLength = bytes.size() - header - trailer;
    const size_t ihl = (ip[0] & 0x0f) * 4u;
    if ((ip[0] >> 4) != 4 || ip[9] != 17 || ipLength < ihl + 8)
    {
        return;
    }
    const uint8_t* udp = ip + ihl;
    const uint16_t srcPort = ipseclab::GetBe16(udp);
    const uint16_t dstPort = ipseclab::GetBe16(udp + 2);
    size_t offset = ihl + 8;
    if (dstPort == ipseclab::kIkeNatTPort)
    {
        const auto kind =
            ipseclab::ClassifyUdpEncap(ipseclab::ByteSpan(ip + offset, ipLength - offset));
        if (kind != ipseclab::UdpEncapKind::Ike)
        {
            return; // ESP in UDP, a keepalive, or too short
        }
        offset += ipseclab::UdpEncapOffset(kind);
    }
    else if (dstPort != ipseclab::kIkePort)
    {
        return;
    }
    ipseclab::IkeHeader ike;
    try
    {
        ike = IkeMessage::PeekHeader(ipseclab::ByteSpan(ip + offset, ipLength - offset));
    }
    catch (const std::exception&)
    {
        return;
    }
    const uint32_t src = ipseclab::GetBe32(ip + 12);
    const uint32_t dst = ipseclab::GetBe32(ip + 16);
    auto it = std::find_if(
        m_seen.begin(), m_seen.end(), [&ike](const Seen& s) { return s.spiI == ike.spiI; });
    if (it == m_seen.end())
    {
        if (ike.exchangeType != IkeExchangeType::IkeSaInit || ike.IsResponse())
        {
            return;
        }
        Seen s;
        s.spiI = ike.spiI;
        s.initiator = src;
        s.responder = dst;
        m_seen.push_back(s);
        it = m_seen.end() - 1;
    }
    Seen& s = *it;
    if (ike.spiR != 0)
    {
        s.spiR = ike.spiR;
    }
    const bool fromInitiator = src == s.initiator;
    (fromInitiator ? s.initiatorPort : s.responderPort) = srcPort;
    (fromInitiator ? s.responderPort : s.initiatorPort) = dstPort;
    const bool protectedMessage = ike.nextPayload == uint8_t(ipseclab::IkePayloadType::Encrypted);
    if (!ike.IsResponse() && (protectedMessage || ike.exchangeType == IkeExchangeType::IkeSaInit))
    {
        // Only these move the receiver's window (a cleartext forgery of someone else does not).
        s.lastRequestId[fromInitiator ? 0 : 1] = ike.messageId;
        if (protectedMessage)
        {
            s.lastProtectedRequest.assign(ip + offset, ip + ipLength);
            s.lastProtectedRequestTo = dst;
        }
    }
    if (ike.exchangeType == IkeExchangeType::IkeAuth && !ike.IsResponse())
    {
        for (const auto& via : m_answerAuthVia)
        {
            // The forged answer leaves now, ahead of the responder's real one.
            IkeMessage m;
            m.header.spiI = ike.spiI;
            m.header.spiR = ike.spiR;
            m.header.exchangeType = IkeExchangeType::IkeAuth;
            m.header.SetResponse(true);
            m.header.messageId = ike.messageId;
            m.payloads.push_back(IkePayload::Notify(ipseclab::IkeNotifyType::AuthenticationFailed));
            SendForged(
                "IKE_AUTH AUTHENTICATION_FAILED", m.Encode(), dst, dstPort, src, srcPort, via);
        }
    }
}

void
IkeForger::ForgeDeleteAt(Time at, Ipv4Address target, Ptr<NetDevice> via)
{
    Simulator::Schedule(at - Simulator::Now(), &IkeForger::ForgeDelete, this, target.Get(), via);
}

void
IkeForger::ForgeDelete(uint32_t target, Ptr<NetDevice> via)
{
    auto it =
        std::find_if(m_seen.rbegin(),
                     m_seen.rend(),
                     [target](const Seen& s)
                     { return s.spiR != 0 && (s.initiator == target || s.responder == target); });
    if (it == m_seen.rend())
    {
        NS_LOG_INFO("no IKE SA seen with " << Ipv4Address(target) << ": nothing to forge");
        return;
    }
    const Seen& s = *it;
    const bool toInitiator = s.initiator == target;
    IkeMessage m;
    m.header.spiI = s.spiI;
    m.header.spiR = s.spiR;
    m.header.exchangeType = IkeExchangeType::Informational;
    m.header.SetInitiator(!toInitiator); // as sent by the other end
    // The next request ID the other end would use: every header shows it.
    m.header.messageId = s.lastRequestId[toInitiator ? 1 : 0] + 1;
    m.payloads.push_back(IkePayload::Delete(ipseclab::IkeDeletePayload::Ike()));
    const uint32_t from = toInitiator ? s.responder : s.initiator;
    const uint16_t fromPort = toInitiator ? s.responderPort : s.initiatorPort;
    const uint16_t toPort = toInitiator ? s.initiatorPort : s.responderPort;
    SendForged("INFORMATIONAL DELETE", m.Encode(), from, fromPort, target, toPort, via);
}

void
IkeForger::ReplayLastRequestAt(Time at, Ipv4Address from, Ptr<NetDevice> via)
{
    Simulator::Schedule(
        at - Simulator::Now(), &IkeForger::ReplayLastRequest, this, from.Get(), via);
}

void
IkeForger::ReplayLastRequest(uint32_t from, Ptr<NetDevice> via)
{
    for (auto it = m_seen.rbegin(); it != m_seen.rend(); ++it)
    {
        if (!it->lastProtectedRequest.empty())
        {
            const bool toInitiator = it->lastProtectedRequestTo == it->initiator;
            SendForged("replayed protected request",
                       it->lastProtectedRequest,
                       from,
                       toInitiator ? it->responderPort : it->initiatorPort,
                       it->lastProtectedRequestTo,
                       toInitiator ? it->initiatorPort : it->responderPort,
                       via);
            return;
        }
    }
}

void
IkeForger::SendMalformedAt(Time at, Ipv4Address from, Ipv4Address target, Ptr<NetDevice> via)
{
    Simulator::Schedule(
        at - Simulator::Now(), &IkeForger::SendMalformed, this, from.Get(), target.Get(), via);
}

void
IkeForger::SendMalformed(uint32_t from, uint32_t target, Ptr<NetDevice> via)
{
    Ptr<UniformRandomVariable> random = m_random;
    ipseclab::FunctionRandomSource rng([random]() { return random->GetInteger(0, 0xffffffffU); });
    auto spi = [&rng]()
    {
        return ipseclab::GetU64(rng.Get(8).data());
    };
    IkeMessage init;
    init.header.spiI = spi();
    init.header.exchangeType = IkeExchangeType::IkeSaInit;
    init.header.SetInitiator(true);
    ipseclab::IkeSaPayload sa;
    sa.proposals.push_back(
        ipseclab::MakeIkeSaProposal(ipseclab::ParseIkeProposal("aes128-sha256-x25519")));
    init.payloads.push_back(IkePayload::Sa(sa));
    init.payloads.push_back(IkePayload::Ke(31, rng.Get(32)));
    init.payloads.push_back(IkePayload::Nonce(rng.Get(32)));
    const std::vector<uint8_t> valid = init.Encode();

    // A header cut short, and a length field claiming more than the datagram holds.
    SendForged("truncated IKE header",
               {valid.begin(), valid.begin() + 20},
               from,
               kIkePort,
               target,
               kIkePort,
               via);
    std::vector<uint8_t> longer = valid;
    ipseclab::PutBe32(longer.data() + 24, uint32_t(valid.size()) + 100); // the Length field
    SendForged("IKE length beyond the datagram", longer, from, kIkePort, target, kIkePort, via);

    IkeMessage critical = init;
    critical.header.spiI = spi();
    critical.payloads.push_back(IkePayload::Raw(99, rng.Get(8), true));
    SendForged(
        "unknown critical payload", critical.Encode(), from, kIkePort, target, kIkePort, via);

    IkeMessage many = init;
    many.header.spiI = spi();
    for (int i = 0; i < 2000; ++i)
    {
        many.payloads.push_back(IkePayload::VendorId(rng.Get(4)));
    }
    SendForged("2000 payloads", many.Encode(), from, kIkePort, target, kIkePort, via);

    IkeMessage nobody;
    nobody.header.spiI = spi();
    nobody.header.spiR = spi();
    nobody.header.exchangeType = IkeExchangeType::Informational;
    nobody.header.SetInitiator(true);
    nobody.header.messageId = 1;
    SendForged("unknown IKE SPI", nobody.Encode(), from, kIkePort, target, kIkePort, via);

    IkeMessage unsolicited = init;
    unsolicited.header.spiR = spi();
    unsolicited.header.SetResponse(true);
    unsolicited.header.SetInitiator(false);
    SendForged("IKE_SA_INIT response never asked for",
               unsolicited.Encode(),
               from,
               kIkePort,
               target,
               kIkePort,
               via);

    // With the live IKE SA's SPIs: a CREATE_CHILD_SA "response" to a request never sent, its
    // SK payload garbage (an attacker has no keys).
    for (auto it = m_seen.rbegin(); it != m_seen.rend(); ++it)
    {
        if (it->spiR != 0 && (it->initiator == target || it->responder == target))
        {
            const bool toInitiator = it->initiator == target;
            ipseclab::IkeHeader h;
            h.spiI = it->spiI;
            h.spiR = it->spiR;
            h.nextPayload = uint8_t(ipseclab::IkePayloadType::Encrypted);
            h.exchangeType = IkeExchangeType::CreateChildSa;
            h.SetResponse(true);
            h.SetInitiator(!toInitiator); // as the other end sets it
            h.messageId = 7;
            const std::vector<uint8_t> body = rng.Get(64);
            h.length = uint32_t(ipseclab::kIkeHeaderSize + 4 + body.size());
            std::vector<uint8_t> m;
            h.Encode(m);
            ipseclab::PutU16(m, 0); // SK: no next payload, not critical
            ipseclab::PutU16(m, uint16_t(4 + body.size()));
            ipseclab::PutBytes(m, body);
            const uint32_t peer = toInitiator ? it->responder : it->initiator;
            SendForged("CREATE_CHILD_SA response never asked for",
                       m,
                       peer,
                       toInitiator ? it->responderPort : it->initiatorPort,
                       target,
                       toInitiator ? it->initiatorPort : it->responderPort,
                       via);
            break;
        }
    }
}

void
IkeForger::StealKeysOf(uint32_t nodeId, const std::string& proposal)
{
    ipseclab::ParseIkeProposal(proposal); // CryptoError naming the bad part, before the run
    m_stolenProposal = proposal;
    m_stolenFrom = nodeId;
    m_subscription = EventStream::Default()->Subscribe(
        [this](const ipseclab::Event& e, const std::string&)
        {
            if (e.GetLayer() != ipseclab::Layer::Ike || e.GetKind() != "key-derived" ||
                e.GetNode() != m_stolenFrom)
            {
                return;
            }
            const ipseclab::EventValue* name = e.Find("name");
            const ipseclab::EventValue* value = e.Find("value");
            const ipseclab::EventValue* spiI = e.Find("spi_i");
            const ipseclab::EventValue* spiR = e.Find("spi_r");
            if (!name || !value || !spiI || !spiR)
            {
                return;
            }
            StolenKeys& k = m_stolen[{std::stoull(spiI->GetString(), nullptr, 16),
                                      std::stoull(spiR->GetString(), nullptr, 16)}];
            const std::string& n = name->GetString();
            ipseclab::Bytes* slot = n == "SK_ei"   ? &k.skEi
                                    : n == "SK_ai" ? &k.skAi
                                    : n == "SK_er" ? &k.skEr
                                    : n == "SK_ar" ? &k.skAr
                                                   : nullptr;
            if (slot)
            {
                *slot = ipseclab::FromHex(value->GetString());
            }
        });
}

void
IkeForger::SendProtectedAt(Time at, Ipv4Address target, Ptr<NetDevice> via)
{
    Simulator::Schedule(at - Simulator::Now(), &IkeForger::SendProtected, this, target.Get(), via);
}

void
IkeForger::SendProtected(uint32_t target, Ptr<NetDevice> via)
{
    for (auto it = m_seen.rbegin(); it != m_seen.rend(); ++it)
    {
        auto keys = m_stolen.find({it->spiI, it->spiR});
        if (it->spiR == 0 || keys == m_stolen.end() ||
            (it->initiator != target && it->responder != target))
        {
            continue;
        }
        const StolenKeys& k = keys->second;
        ipseclab::IkeCryptoContext crypto(
            ipseclab::ParseIkeProposal(m_stolenProposal), k.skEi, k.skAi, k.skEr, k.skAr);
        Ptr<UniformRandomVariable> random = m_random;
        ipseclab::FunctionRandomSource rng([random]()
                                           { return random->GetInteger(0, 0xffffffffU); });
        const bool toInitiator = it->initiator == target;
        const uint32_t from = toInitiator ? it->responder : it->initiator;
        const uint16_t fromPort = toInitiator ? it->responderPort : it->initiatorPort;
        const uint16_t toPort = toInitiator ? it->initiatorPort : it->responderPort;
        const uint32_t next = it->lastRequestId[toInitiator ? 1 : 0] + 1;
        auto message = [&](uint32_t id)
        {
            IkeMessage m;
            m.header.spiI = it->spiI;
            m.header.spiR = it->spiR;
            m.header.exchangeType = IkeExchangeType::Informational;
            m.header.SetInitiator(!toInitiator);
            m.header.messageId = id;
            m.encrypted = true;
            return m;
        };
        IkeMessage far = message(next + 10);
        SendForged("protected request outside the window",
                   far.Encode(crypto, rng),
                   from,
                   fromPort,
                   target,
                   toPort,
                   via);
        IkeMessage bogus = message(next);
        bogus.payloads.push_back(
            IkePayload::Delete(ipseclab::IkeDeletePayload::Esp({0xdeadbeef, 0x0badc0de})));
        SendForged("protected DELETE of SPIs nobody has",
                   bogus.Encode(crypto, rng),
                   from,
                   fromPort,
                   target,
                   toPort,
                   via);
        IkeMessage many = message(next + 1);
        for (int i = 0; i < 2000; ++i)
        {
            many.payloads.push_back(
                IkePayload::Notify(static_cast<ipseclab::IkeNotifyType>(40000)));
        }
        SendForged("protected message with 2000 payloads",
                   many.Encode(crypto, rng),
                   from,
                   fromPort,
                   target,
                   toPort,
                   via);
        it->lastRequestId[toInitiator ? 1 : 0] = next + 1;
        return;
    }
    NS_LOG_INFO("no IKE SA with stolen keys towards " << Ipv4Address(target));
}

void
IkeForger::AnswerIkeAuthWith(Ptr<NetDevice> via)
{
    m_answerAuthVia.push_back(via);
}

void
IkeForger::FloodAt(Time start, uint32_t count, Time spacing, Ipv4Address target,
                   Ipv4Address sources, const std::string& proposal, Ptr<NetDevice> via)
{
    ipseclab::ParseIkeProposal(proposal); // CryptoError naming the bad part, before the run
    Flood plan{count, spacing, target.Get(), sources.Get(), proposal, via};
    Simulator::Schedule(start - Simulator::Now(), [this, plan]() { SendFlood(plan, 0); });
}

void
IkeForger::SendFlood(const Flood& plan, uint32_t index)
{
    const uint32_t remaining = plan.count - index;
    if (index == 0)
    {
        EmitFlood("flood-start", plan.count, plan.target);
    }
    if (remaining == 0)
    {
        EmitFlood("flood-end", index, plan.target);
        return;
    }
    Ptr<UniformRandomVariable> random = m_random;
    ipseclab::FunctionRandomSource rng([random]() { return random->GetInteger(0, 0xffffffffU); });
    const ipseclab::IkeProposal offer = ipseclab::ParseIkeProposal(plan.proposal);
    if (m_floodKe.empty())
    {
        m_floodKe = ipseclab::DhGroup::Create(*offer.dhGroup, rng)->PublicValue();
    }
    IkeMessage m;
    m.header.spiI = ipseclab::GetU64(rng.Get(8).data());
    m.header.exchangeType = IkeExchangeType::IkeSaInit;
    m.header.SetInitiator(true);
    ipseclab::IkeSaPayload sa;
    sa.proposals.push_back(ipseclab::MakeIkeSaProposal(offer));
    m.payloads.push_back(IkePayload::Sa(sa));
    m.payloads.push_back(IkePayload::Ke(offer.dhGroup->ianaId, m_floodKe));
    m.payloads.push_back(IkePayload::Nonce(rng.Get(32)));
    // Sources cycle through the 65,534 host addresses of a /16 above `sources`.
    const uint32_t from = plan.sources + 1 + index % 65534;
    SendForged(kFlood, m.Encode(), from, kIkePort, plan.target, kIkePort, plan.via);
    Simulator::Schedule(plan.spacing, [this, plan, index]() { SendFlood(plan, index + 1); });
}

void
IkeForger::SendForged(const std::string& what, const std::vector<uint8_t>& ike, uint32_t from,
                      uint16_t fromPort, uint32_t to, uint16_t toPort, Ptr<NetDevice> via)
{
    // IKE on the NAT-T ports goes after the non-ESP marker (RFC 3948 2.2).
    const std::vector<uint8_t> payload =
        toPort == ipseclab::kIkeNatTPort || fromPort == ipseclab::kIkeNatTPort
            ? ipseclab::AddNonEspMarker(ike)
            : ike;
    ++m_forged;
    NS_LOG_INFO("forges " << what << " " << Ipv4Address(from) << " -> " << Ipv4Address(to));
    if (EventStream::IsEnabled() && what != kFlood)
    {
        EventStream::Emit(ipseclab::Event(ipseclab::Layer::Attacker, "forge")
                              .Add("what", what)
                              .Add("src", ipseclab::Ipv4AddressToString(from))
                              .Add("dst", ipseclab::Ipv4AddressToString(to))
                              .AddHex("bytes", ike)
                              .Add("count", uint64_t(m_forged)));
    }
    m_ownUids.insert(InjectUdp(via, Ipv4Address(from), fromPort, Ipv4Address(to), toPort, payload));
}

} // namespace ns3
