#include "ipsec/ipsec-output.h"

#include "datapath/esp-codec.h"
#include "events/event-stream.h"
#include "ipsec/ipsec-events.h"
#include "sa/ipv4-prefix.h"

namespace ns3
{

using ipseclab::Bytes;
using ipseclab::ByteSpan;
using ipseclab::DropReason;
using ipseclab::Event;
using ipseclab::IpsecMode;
using ipseclab::IpsecProtocol;
using ipseclab::Layer;
using ipseclab::SecurityAssociation;

IpsecOutput::IpsecOutput(IpsecShared& shared, SaLifetimes& lifetimes,
                         Ptr<UniformRandomVariable> ivRandom)
    : m_shared(shared)
    , m_lifetimes(lifetimes)
    , m_ivRandom(ivRandom)
{
}

const ipseclab::SpdEntry*
IpsecOutput::Lookup(const ipseclab::FlowKey& flow, bool mayBypassIke) const
{
    if (mayBypassIke && m_shared.bypassIke && IsIke(flow))
    {
        return nullptr;
    }
    const ipseclab::SpdEntry* policy = m_shared.spd.Lookup(ipseclab::Direction::Outbound, flow);
    if (!policy || policy->action == ipseclab::SpdAction::Bypass)
    {
        return nullptr;
    }
    return policy;
}

void
IpsecOutput::Discard(Ptr<const Packet> packet, const ipseclab::SpdEntry& policy)
{
    m_shared.Drop(
        packet, DropReason::PolicyDiscard, nullptr, "policy " + std::to_string(policy.id));
}

void
IpsecOutput::Protect(const ipseclab::SpdEntry& policy, const ipseclab::FlowKey& flow,
                     Ptr<const Packet> packet, OutboundDatagram& datagram)
{
    const IpsecProtocol wanted = policy.protect.protocol;
    const bool useEsp = wanted != IpsecProtocol::Ah;
    const bool useAh = wanted != IpsecProtocol::Esp;
    SecurityAssociation* esp =
        useEsp ? m_shared.sad.FindOutbound(policy.protect.reqid, IpsecProtocol::Esp) : nullptr;
    SecurityAssociation* ah =
        useAh ? m_shared.sad.FindOutbound(policy.protect.reqid, IpsecProtocol::Ah) : nullptr;
    const uint32_t node = m_shared.nodeId;
    if ((useEsp && !esp) || (useAh && !ah))
    {
        if (EventStream::IsEnabled())
        {
            EventStream::Emit(Event(node, Layer::Spd, "acquire")
                                  .Add("policy", uint64_t(policy.id))
                                  .Add("reqid", uint64_t(policy.protect.reqid))
                                  .Add("flow", FlowValue(flow)));
        }
        m_shared.traces.acquire(policy, flow);
        m_shared.Drop(packet,
                      DropReason::NoSa,
                      nullptr,
                      "no outbound SA for reqid " + std::to_string(policy.protect.reqid));
        return;
    }
    SecurityAssociation& first = esp ? *esp : *ah;
    const ipseclab::SaConfig& fc = first.Config();
    const bool events = EventStream::IsEnabled();
    IpFamily& family = datagram.Family(); // the outer header's too (no 4-in-6 yet)

    // One copy out of the ns-3 packet, into a buffer reused packet after packet; in tunnel mode
    // with room in front for the inner header.
    const size_t innerSize = packet->GetSize();
    const bool tunnel = fc.mode == IpsecMode::Tunnel;
    const size_t headerRoom = tunnel ? family.HeaderSize() : 0;
    Bytes& payload = m_innerBuffer;
    payload.resize(headerRoom + innerSize);
    packet->CopyData(payload.data() + headerRoom, innerSize);
    uint8_t nextHeader = datagram.Protocol();
    uint32_t outerSrc = datagram.Source();
    uint32_t outerDst = datagram.Destination();
    if (tunnel)
    {
        datagram.WriteHeader(payload.data(), payload.size());
        nextHeader = family.TunnelNextHeader();
        outerSrc = fc.src;
        outerDst = fc.dst;
    }

    uint8_t protocol = nextHeader;
    uint32_t lastSpi = 0;
    uint64_t lastSeq = 0;
    if (esp)
    {
        auto seq = esp->NextSequence();
        if (!seq)
        {
            if (events)
            {
                EventStream::Emit(Event(node, Layer::Sad, "sequence-overflow")
                                      .Add("spi", uint64_t(esp->Config().spi))
                                      .Add("sa", esp->Describe()));
            }
            m_shared.Drop(packet, DropReason::SequenceOverflow, esp);
            return;
        }
        uint8_t ivBytes[16] = {};
        ipseclab::Span<uint8_t> iv(ivBytes, esp->Esp().IvSize());
        if (esp->Esp().IsAead())
        {
            // RFC 4106 3.1: the IV must never repeat under a key; the sequence number never does.
            for (size_t i = 0; i < iv.size(); ++i)
            {
                iv[i] = static_cast<uint8_t>(*seq >> (8 * (iv.size() - 1 - i)));
            }
        }
        else
        {
            for (auto& b : iv)
            {
                b = static_cast<uint8_t>(m_ivRandom->GetInteger(0, 255));
            }
        }
        size_t tfc = 0;
        if (esp->Config().mode == IpsecMode::Tunnel && esp->Config().tfcPadTo > payload.size())
        {
            tfc = esp->Config().tfcPadTo - payload.size();
        }
        ipseclab::EspSealTrace trace;
        Bytes& sealed = m_sealBuffer;
        ipseclab::EspSealInto(sealed,
                              esp->Esp(),
                              esp->Config().spi,
                              *seq,
                              esp->Config().esn,
                              ByteSpan(payload),
                              nextHeader,
                              ByteSpan(iv),
                              tfc,
                              events ? &trace : nullptr);
        Bytes udp;
        if (esp->Config().UsesUdpEncapsulation())
        {
            udp = family.UdpEncapsulate(ByteSpan(sealed),
                                        esp->Config().encapSrcPort,
                                        esp->Config().encapDstPort,
                                        outerSrc,
                                        outerDst);
        }
        if (events)
        {
            Event e(node, Layer::Esp, "encap");
            AddSaFields(e, *esp);
            AddSequence(e, *esp, *seq);
            e.Add("mode", ipseclab::ToString(esp->Config().mode))
                .Add("proposal", esp->Config().proposal)
                .Add("flow", FlowValue(flow))
                .Add("next_header", uint64_t(nextHeader))
                .Add("pad_length", uint64_t(trace.padLength))
                .AddHex("plaintext", payload)
                .AddHex("iv", trace.iv)
                .AddHex("ciphertext", trace.ciphertext)
                .AddHex("icv", trace.icv)
                .AddHex("packet", sealed)
                .Add("octets", uint64_t(innerSize)); // what the SA's byte count adds (below)
            // The outer header it leaves with: the identification the family gives next.
            OuterHeader outer;
            const size_t espSize = udp.empty() ? sealed.size() : udp.size();
            outer.payloadSize = ah ? ipseclab::AhPacketSize(ah->Ah(), espSize) : espSize;
            outer.identification = family.PeekIdentification();
            outer.ttl = m_shared.ttl;
            outer.protocol = ah ? ipseclab::ipproto::kAh
                                : (udp.empty() ? ipseclab::ipproto::kEsp : ipseclab::ipproto::kUdp);
            outer.src = outerSrc;
            outer.dst = outerDst;
            family.AddOuterHeaders(e, outer, udp);
            EventStream::Emit(std::move(e));
        }
        m_lifetimes.Account(*esp, innerSize);
        std::swap(payload, sealed); // the ESP packet is the payload now; buffers swap roles
        protocol = ipseclab::ipproto::kEsp;
        lastSpi = esp->Config().spi;
        lastSeq = *seq;
        if (!udp.empty())
        {
            payload = std::move(udp);
            protocol = ipseclab::ipproto::kUdp;
        }
    }
    OuterHeader outer;
    outer.identification = family.TakeIdentification();
    outer.ttl = m_shared.ttl;
    outer.src = outerSrc;
    outer.dst = outerDst;
    if (ah)
    {
        auto seq = ah->NextSequence();
        if (!seq)
        {
            m_shared.Drop(packet, DropReason::SequenceOverflow, ah);
            return;
        }
        outer.protocol = ipseclab::ipproto::kAh;
        outer.payloadSize = ipseclab::AhPacketSize(ah->Ah(), payload.size());
        ipseclab::AhTrace trace;
        Bytes sealed = family.AhSeal(ah->Ah(),
                                     outer,
                                     ah->Config().spi,
                                     *seq,
                                     ah->Config().esn,
                                     ByteSpan(payload),
                                     protocol,
                                     events ? &trace : nullptr);
        if (events)
        {
            Event e(node, Layer::Ah, "encap");
            AddSaFields(e, *ah);
            AddSequence(e, *ah, *seq);
            e.Add("mode", ipseclab::ToString(ah->Config().mode))
                .Add("proposal", ah->Config().proposal)
                .Add("flow", FlowValue(flow))
                .Add("next_header", uint64_t(protocol))
                .AddHex("icv_input", trace.icvInput)
                .AddHex("icv_full", trace.fullMac)
                .AddHex("icv", trace.icv)
                .AddHex("packet", sealed)
                .Add("octets", uint64_t(innerSize));
            family.AddOuterHeaders(e, outer, Bytes());
            EventStream::Emit(std::move(e));
        }
        m_lifetimes.Account(*ah, innerSize);
        payload = std::move(sealed);
        protocol = ipseclab::ipproto::kAh;
        lastSpi = ah->Config().spi;
        lastSeq = *seq;
    }

    Ptr<Packet> out = Create<Packet>(payload.data(), payload.size());
    outer.protocol = protocol;
    outer.payloadSize = out->GetSize();
    if (!datagram.RouteOuter(out, outer, tunnel))
    {
        m_shared.Drop(packet,
                      DropReason::NoRoute,
                      &first,
                      "no route to " + ipseclab::Ipv4AddressToString(outerDst));
        return;
    }
    ++m_shared.protectedCount;
    m_shared.traces.protect(out, lastSpi, lastSeq);
    datagram.SendOuter(out);
}

} // namespace ns3
