#include "ipsec/ipsec-input.h"

#include "datapath/esp-codec.h"
#include "events/event-stream.h"
#include "ipsec/ipsec-events.h"

#include <ns3/log.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IpsecInput");

using ipseclab::Bytes;
using ipseclab::ByteSpan;
using ipseclab::DropReason;
using ipseclab::Event;
using ipseclab::IpsecMode;
using ipseclab::IpsecProtocol;
using ipseclab::Layer;
using ipseclab::ReplayWindow;
using ipseclab::SecurityAssociation;

IpsecInput::IpsecInput(IpsecShared& shared, SaLifetimes& lifetimes, const IpFamily& tunnelFamily)
    : m_shared(shared)
    , m_lifetimes(lifetimes)
    , m_tunnelFamily(tunnelFamily)
{
    m_decapsulated.reserve(8);
}

void
IpsecInput::MarkDecapsulated(uint64_t uid)
{
    if (m_decapsulated.size() >= 8)
    {
        m_decapsulated.erase(m_decapsulated.begin()); // never consumed (e.g. nested tunnels)
    }
    m_decapsulated.push_back(uid);
}

bool
IpsecInput::TakeDecapsulated(uint64_t uid)
{
    for (auto it = m_decapsulated.begin(); it != m_decapsulated.end(); ++it)
    {
        if (*it == uid)
        {
            m_decapsulated.erase(it);
            return true;
        }
    }
    return false;
}

bool
IpsecInput::AllowCleartext(Ptr<const Packet> packet, const ipseclab::FlowKey& flow)
{
    if (m_shared.bypassIke && IsIke(flow))
    {
        return true;
    }
    const ipseclab::SpdEntry* policy = m_shared.spd.Lookup(ipseclab::Direction::Inbound, flow);
    if (!policy || policy->action == ipseclab::SpdAction::Bypass)
    {
        return true;
    }
    const bool discard = policy->action == ipseclab::SpdAction::Discard;
    m_shared.Drop(packet,
                  discard ? DropReason::PolicyDiscard : DropReason::PolicyViolation,
                  nullptr,
                  "cleartext " + flow.ToString() + " matches inbound policy " +
                      std::to_string(policy->id));
    return false;
}

bool
IpsecInput::CheckReplay(SecurityAssociation& sa, uint64_t seq, Ptr<const Packet> packet)
{
    ReplayWindow& window = sa.Replay();
    auto verdict = window.Check(seq);
    if (EventStream::IsEnabled() && window.GetSize() > 0)
    {
        const bool pass = ReplayWindow::IsAccepted(verdict);
        Event e(m_shared.nodeId, Layer::Replay, "check");
        e.Add("sa", sa.Describe()).Add("spi", uint64_t(sa.Config().spi));
        AddSequence(e, sa, seq);
        e.Add("verdict",
              pass ? "pass"
                   : (verdict == ReplayWindow::Verdict::Duplicate ? "replayed" : "too-old"))
            .Add("before", WindowValue(window.Snapshot()));
        EventStream::Emit(std::move(e));
    }
    if (ReplayWindow::IsAccepted(verdict))
    {
        return true;
    }
    window.RecordDrop(verdict);
    m_shared.Drop(packet,
                  verdict == ReplayWindow::Verdict::Duplicate ? DropReason::Replayed
                                                              : DropReason::TooOld,
                  &sa,
                  "seq " + std::to_string(seq));
    return false;
}

void
IpsecInput::CommitReplay(SecurityAssociation& sa, uint64_t seq)
{
    ReplayWindow& window = sa.Replay();
    const bool events = EventStream::IsEnabled() && window.GetSize() > 0;
    ipseclab::ReplaySnapshot before;
    if (events)
    {
        before = window.Snapshot();
    }
    window.Accept(seq);
    if (events)
    {
        Event e(m_shared.nodeId, Layer::Replay, "update");
        e.Add("sa", sa.Describe()).Add("spi", uint64_t(sa.Config().spi));
        AddSequence(e, sa, seq);
        e.Add("before", WindowValue(before)).Add("after", WindowValue(window.Snapshot()));
        EventStream::Emit(std::move(e));
    }
}

void
IpsecInput::ProcessEsp(Bytes bytes, const InboundDatagram& datagram, Ptr<const Packet> original)
{
    auto header = ipseclab::EspPeekHeader(ByteSpan(bytes));
    if (!header)
    {
        m_shared.Drop(original, DropReason::Malformed, nullptr, "ESP shorter than its header");
        return;
    }
    SecurityAssociation* sa = m_shared.sad.FindInbound(IpsecProtocol::Esp, header->spi);
    if (!sa)
    {
        m_shared.Drop(original, DropReason::NoSa, nullptr, "unknown ESP SPI " + Hex32(header->spi));
        return;
    }
    if (sa->State() == ipseclab::SaState::Expired)
    {
        m_shared.Drop(original, DropReason::Expired, sa);
        return;
    }
    const bool esn = sa->Config().esn;
    const uint64_t seq = esn ? sa->Replay().InferSeqHigh(header->seqLow) : header->seqLow;
    if (!CheckReplay(*sa, seq, original))
    {
        return;
    }
    const bool events = EventStream::IsEnabled();
    ipseclab::EspOpenTrace trace;
    std::optional<uint32_t> high;
    if (esn)
    {
        high = static_cast<uint32_t>(seq >> 32);
    }
    // The octets as received, before decryption in place: the receiver's side of the inspector.
    const Bytes received = events ? bytes : Bytes();
    // The ICV check and decryption (RFC 4303 3.4.4).
    auto result = ipseclab::EspOpenInPlace(sa->Esp(), bytes, high, events ? &trace : nullptr);
    const ByteSpan plaintext(bytes.data() + result.payloadOffset, result.payloadSize);
    if (result.status == ipseclab::EspOpenStatus::Malformed)
    {
        m_shared.Drop(original, DropReason::Malformed, sa, "ESP length does not fit the transform");
        return;
    }
    if (result.status == ipseclab::EspOpenStatus::IcvFailure)
    {
        if (events)
        {
            Event e(m_shared.nodeId, Layer::Esp, "decap");
            AddSaFields(e, *sa);
            AddSequence(e, *sa, seq);
            e.Add("icv_ok", false)
                .Add("mode", ipseclab::ToString(sa->Config().mode))
                .AddHex("iv", trace.iv)
                .AddHex("ciphertext", trace.ciphertext)
                .AddHex("icv", trace.icv)
                .AddHex("packet", received);
            datagram.AddReceivedHeaders(e);
            EventStream::Emit(std::move(e));
        }
        m_shared.Drop(original, DropReason::IcvFailure, sa, "seq " + std::to_string(seq));
        return;
    }
    CommitReplay(*sa, seq); // only now: the packet is authentic (RFC 4303 3.4.3)
    if (result.status == ipseclab::EspOpenStatus::BadPadding)
    {
        m_shared.Drop(original, DropReason::BadPadding, sa, "seq " + std::to_string(seq));
        return;
    }
    if (events)
    {
        Event e(m_shared.nodeId, Layer::Esp, "decap");
        AddSaFields(e, *sa);
        AddSequence(e, *sa, seq);
        e.Add("icv_ok", true)
            .Add("mode", ipseclab::ToString(sa->Config().mode))
            .Add("proposal", sa->Config().proposal)
            .Add("next_header", uint64_t(result.nextHeader))
            .Add("pad_length", uint64_t(result.padLength))
            .AddHex("iv", trace.iv)
            .AddHex("ciphertext", trace.ciphertext)
            .AddHex("icv", trace.icv)
            .AddHex("plaintext", plaintext.data(), plaintext.size())
            .AddHex("packet", received)
            .Add("octets", uint64_t(plaintext.size())); // what the SA's byte count adds
        datagram.AddReceivedHeaders(e);
        EventStream::Emit(std::move(e));
    }
    m_lifetimes.Account(*sa, plaintext.size());
    ++m_shared.unprotectedCount;
    m_shared.traces.unprotect(original, header->spi, seq);
    Deliver(*sa, result.nextHeader, plaintext, datagram, original, seq);
}

void
IpsecInput::ProcessAh(Bytes bytes, const InboundDatagram& datagram, Ptr<const Packet> original)
{
    auto ahHeader = ipseclab::AhPeekHeader(ByteSpan(bytes));
    if (!ahHeader)
    {
        m_shared.Drop(original, DropReason::Malformed, nullptr, "AH shorter than its header", true);
        return;
    }
    SecurityAssociation* sa = m_shared.sad.FindInbound(IpsecProtocol::Ah, ahHeader->spi);
    if (!sa)
    {
        m_shared.Drop(
            original, DropReason::NoSa, nullptr, "unknown AH SPI " + Hex32(ahHeader->spi), true);
        return;
    }
    if (sa->State() == ipseclab::SaState::Expired)
    {
        m_shared.Drop(original, DropReason::Expired, sa);
        return;
    }
    const bool esn = sa->Config().esn;
    const uint64_t seq = esn ? sa->Replay().InferSeqHigh(ahHeader->seqLow) : ahHeader->seqLow;
    if (!CheckReplay(*sa, seq, original))
    {
        return;
    }
    std::optional<uint32_t> high;
    if (esn)
    {
        high = static_cast<uint32_t>(seq >> 32);
    }
    const bool events = EventStream::IsEnabled();
    ipseclab::AhTrace trace;
    // The ICV check over the outer header and the AH packet (RFC 4302 3.4.4).
    auto result = datagram.AhOpen(sa->Ah(), ByteSpan(bytes), high, events ? &trace : nullptr);
    if (events && result.status != ipseclab::AhOpenStatus::Malformed)
    {
        Event e(m_shared.nodeId, Layer::Ah, "decap");
        AddSaFields(e, *sa);
        AddSequence(e, *sa, seq);
        e.Add("icv_ok", result.status == ipseclab::AhOpenStatus::Ok)
            .Add("mode", ipseclab::ToString(sa->Config().mode))
            .Add("next_header", uint64_t(result.nextHeader))
            .AddHex("icv_input", trace.icvInput)
            .AddHex("icv_full", trace.fullMac)
            .AddHex("icv", trace.received)
            .AddHex("icv_computed", trace.icv)
            .AddHex("packet", bytes);
        if (result.status == ipseclab::AhOpenStatus::Ok)
        {
            e.Add("octets", uint64_t(result.payload.size())); // what the SA's byte count adds
        }
        datagram.AddReceivedHeaders(e);
        EventStream::Emit(std::move(e));
    }
    if (result.status != ipseclab::AhOpenStatus::Ok)
    {
        m_shared.Drop(original,
                      result.status == ipseclab::AhOpenStatus::IcvFailure ? DropReason::IcvFailure
                                                                          : DropReason::Malformed,
                      sa,
                      "seq " + std::to_string(seq));
        return;
    }
    CommitReplay(*sa, seq);
    m_lifetimes.Account(*sa, result.payload.size());
    ++m_shared.unprotectedCount;
    m_shared.traces.unprotect(original, ahHeader->spi, seq);
    if (result.nextHeader == ipseclab::ipproto::kEsp)
    {
        // An AH+ESP bundle: AH outside, ESP inside, same outer addresses.
        const size_t espSize = result.payload.size();
        ProcessEsp(std::move(result.payload), *datagram.InnerEsp(espSize), original);
        return;
    }
    Deliver(*sa, result.nextHeader, ByteSpan(result.payload), datagram, original, seq);
}

void
IpsecInput::Deliver(SecurityAssociation& sa, uint8_t nextHeader, ByteSpan payload,
                    const InboundDatagram& datagram, Ptr<const Packet> original, uint64_t seq)
{
    if (nextHeader == ipseclab::kNextHeaderNone)
    {
        return; // a dummy packet (RFC 4303 2.6): authentic, carries nothing
    }
    const bool tunnel = sa.Config().mode == IpsecMode::Tunnel;
    if (tunnel != (nextHeader == m_tunnelFamily.TunnelNextHeader()))
    {
        m_shared.Drop(original,
                      DropReason::SelectorMismatch,
                      &sa,
                      std::string(tunnel ? "tunnel" : "transport") + " SA carried next header " +
                          std::to_string(nextHeader));
        return;
    }
    ipseclab::FlowKey flow;
    size_t l4Offset = 0;
    if (tunnel)
    {
        auto inner = m_tunnelFamily.ReadInner(payload);
        if (!inner)
        {
            m_shared.Drop(original, DropReason::Malformed, &sa, "inner IPv4 header");
            return;
        }
        payload = payload.first(inner->totalLength); // drops TFC padding
        flow = inner->flow;
        l4Offset = inner->l4Offset;
    }
    else
    {
        flow.src = datagram.Source();
        flow.dst = datagram.Destination();
        flow.protocol = nextHeader;
    }
    FillPorts(flow, payload.data() + l4Offset, payload.size() - l4Offset);
    // The SA's selectors on what it carried (RFC 4301 5.2 step 4).
    if (!sa.Config().selector.Matches(flow, ipseclab::Direction::Inbound))
    {
        m_shared.Drop(original,
                      DropReason::SelectorMismatch,
                      &sa,
                      flow.ToString() + " outside " + sa.Config().selector.ToString());
        return;
    }
    Ptr<Packet> up = Create<Packet>(payload.data(), payload.size());
    const uint64_t uid = up->GetUid();
    MarkDecapsulated(uid);
    if (tunnel)
    {
        datagram.Reinject(up);
    }
    else if (!datagram.DeliverUp(up, nextHeader))
    {
        NS_LOG_WARN("no upper-layer protocol " << int(nextHeader) << " for SA " << sa.Describe()
                                               << " seq " << seq);
    }
    TakeDecapsulated(uid);
}

} // namespace ns3
