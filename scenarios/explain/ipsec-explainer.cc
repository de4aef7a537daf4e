// The data-plane half of an explanation, in the order a receiver works (ipsec/ipsec-input.cc):
// replay check, ICV (ESP: before decryption), replay update, decapsulation; drops with the
// data plane's reasons.
#include "ipsec-explainer.h"

#include "crypto/esp-transform.h"
#include "crypto/integrity.h"
#include "datapath/ah-codec.h"
#include "datapath/esp-codec.h"
#include "sa/replay-window.h"

#include <cstdio>

namespace ipseclab::explain
{

namespace
{

EventValue
WindowOf(const ReplayWindow& window)
{
    const ReplaySnapshot s = window.Snapshot();
    EventValue v = EventValue::Object();
    v.Set("window_top", s.top);
    v.Set("window_size", uint64_t(s.size));
    v.Set("bitmap", s.bitmap);
    return v;
}

std::string
Label(const std::string& protocol, uint32_t spi)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%s/0x%08x/in", protocol.c_str(), spi);
    return text;
}

} // namespace

struct IpsecExplainer::Sa
{
    const SaKey* key = nullptr;
    std::unique_ptr<EspTransform> esp;
    std::unique_ptr<Integrity> ah;
    std::unique_ptr<ReplayWindow> window;
    bool installed = false;
    SpiVerdicts* verdicts = nullptr;
};

IpsecExplainer::IpsecExplainer(const KeyTables& keys, CaptureEvents& events, Findings& findings,
                               uint32_t defaultWindow)
    : m_keys(keys)
    , m_events(events)
    , m_findings(findings)
    , m_defaultWindow(defaultWindow)
{
}

IpsecExplainer::~IpsecExplainer() = default;

IpsecExplainer::Sa&
IpsecExplainer::SaFor(const std::string& protocol, uint32_t spi, const std::string& src,
                      const std::string& dst, int64_t timeNs)
{
    std::unique_ptr<Sa>& slot = m_sas[{protocol, spi}];
    if (slot)
    {
        return *slot;
    }
    slot = std::make_unique<Sa>();
    SpiVerdicts& v = m_findings.spis[{protocol, spi}];
    v.protocol = protocol;
    v.spi = spi;
    v.src = src;
    v.dst = dst;
    v.first = m_events.Seconds(timeNs);
    v.negotiated = m_findings.negotiated.count(spi) > 0;
    slot->verdicts = &v;
    slot->key = m_keys.FindSa(protocol, spi, src, dst);
    if (slot->key)
    {
        v.keySource = slot->key->source;
        try
        {
            if (protocol == "esp")
            {
                slot->esp = std::make_unique<EspTransform>(*slot->key->encryption,
                                                           slot->key->integrity,
                                                           ByteSpan(slot->key->encryptionKey),
                                                           ByteSpan(slot->key->integrityKey));
            }
            else if (slot->key->integrity)
            {
                slot->ah = std::make_unique<Integrity>(*slot->key->integrity,
                                                       ByteSpan(slot->key->integrityKey));
            }
        }
        catch (const std::exception& e)
        {
            m_findings.notes.push_back(Label(protocol, spi) + ": key unusable: " + e.what());
            slot->key = nullptr;
            v.keySource.clear();
        }
    }
    v.window = slot->key && slot->key->replayWindow ? *slot->key->replayWindow : m_defaultWindow;
    v.windowAssumed = !(slot->key && slot->key->replayWindow);
    slot->window = std::make_unique<ReplayWindow>(v.window);
    return *slot;
}

void
IpsecExplainer::Explain(const ClassifiedPacket& p)
{
    const bool isEsp = p.kind == PacketKind::Esp;
    const std::string protocol = isEsp ? "esp" : "ah";
    const Layer layer = isEsp ? Layer::Esp : Layer::Ah;
    const std::string src = Ipv4Text(p.ip.src);
    const std::string dst = Ipv4Text(p.ip.dst);
    m_events.EndpointOf(src).ipsec = true;
    m_events.EndpointOf(dst).ipsec = true;
    uint32_t spi = 0;
    uint32_t sn = 0;
    std::optional<AhHeader> ahHeader;
    if (isEsp)
    {
        const auto h = EspPeekHeader(ByteSpan(p.payload));
        spi = h ? h->spi : 0;
        sn = h ? h->seqLow : 0;
        if (!h)
        {
            m_events.Emit(Event(layer, "drop")
                              .Add("reason", "malformed")
                              .Add("detail", "shorter than an ESP header")
                              .Add("src", src)
                              .Add("dst", dst),
                          p.timeNs,
                          dst);
            return;
        }
    }
    else
    {
        ahHeader = AhPeekHeader(ByteSpan(p.payload));
        if (!ahHeader)
        {
            m_events.Emit(Event(layer, "drop")
                              .Add("reason", "malformed")
                              .Add("detail", "shorter than an AH header")
                              .Add("src", src)
                              .Add("dst", dst),
                          p.timeNs,
                          dst);
            return;
        }
        spi = ahHeader->spi;
        sn = ahHeader->seqLow;
    }
    Sa& sa = SaFor(protocol, spi, src, dst, p.timeNs);
    SpiVerdicts& v = *sa.verdicts;
    if (v.packets > 0 && sn > v.lastSn + 1)
    {
        v.gaps += sn - v.lastSn - 1;
    }
    if (v.packets == 0)
    {
        v.firstSn = sn;
    }
    ++v.packets;
    v.last = m_events.Seconds(p.timeNs);
    const std::string label = Label(protocol, spi);
    if (!sa.key)
    {
        // Without a key only the header is known: the window still says what it would do
        // if every packet verified.
        const auto verdict = sa.window->Check(sn);
        if (ReplayWindow::IsAccepted(verdict))
        {
            sa.window->Accept(sn);
            v.lastSn = std::max<uint64_t>(v.lastSn, sn);
        }
        else
        {
            ++(verdict == ReplayWindow::Verdict::Duplicate ? v.replayed : v.tooOld);
        }
        return;
    }
    const std::optional<uint32_t> seqHigh =
        sa.key->esn ? std::optional<uint32_t>(uint32_t(sa.window->InferSeqHigh(sn) >> 32))
                    : std::nullopt;
    const uint64_t seq = seqHigh ? (uint64_t(*seqHigh) << 32 | sn) : sn;
    // Decrypt first (no state changes) to learn the mode for the SA's install event.
    EspOpenTrace espTrace;
    EspOpenResult espResult;
    AhTrace ahTrace;
    AhOpenResult ahResult;
    if (isEsp)
    {
        espResult = EspOpen(*sa.esp, ByteSpan(p.payload), seqHigh, &espTrace);
    }
    else if (sa.ah)
    {
        ahResult = AhOpen(*sa.ah, p.ip, ByteSpan(p.payload), seqHigh, &ahTrace);
    }
    const uint8_t nextHeader = isEsp ? espResult.nextHeader : ahHeader->nextHeader;
    const bool known = isEsp ? espResult.status == EspOpenStatus::Ok : true;
    auto n = m_findings.negotiated.find(spi);
    const std::string mode = n != m_findings.negotiated.end() ? n->second.mode
                             : !known                         ? "tunnel"
                             : nextHeader == 4                ? "tunnel"
                                                              : "transport";
    if (!sa.installed)
    {
        sa.installed = true;
        EventValue algorithms = EventValue::Object();
        if (sa.key->encryption)
        {
            algorithms.Set("encryption", std::string(sa.key->encryption->name));
        }
        if (sa.key->integrity)
        {
            algorithms.Set("integrity", std::string(sa.key->integrity->name));
        }
        m_events.Emit(Event(Layer::Sad, "install")
                          .Add("sa", label)
                          .Add("spi", uint64_t(spi))
                          .Add("src", src)
                          .Add("dst", dst)
                          .Add("direction", "inbound")
                          .Add("protocol", protocol)
                          .Add("mode", mode)
                          .Add("algorithms", std::move(algorithms))
                          .Add("lifetimes", EventValue::Object())
                          .Add("esn", sa.key->esn)
                          .Add("replay_window", uint64_t(v.window))
                          .AddHex("encryption_key", sa.key->encryptionKey)
                          .AddHex("integrity_key", sa.key->integrityKey),
                      p.timeNs,
                      dst);
    }
    ReplayWindow& window = *sa.window;
    auto addSn = [&](Event& e)
    {
        e.Add("sn", uint64_t(sn));
        if (seqHigh)
        {
            e.Add("esn_high", uint64_t(*seqHigh));
        }
    };
    const auto verdict = window.Check(seq);
    if (window.GetSize() > 0)
    {
        Event e(Layer::Replay, "check");
        e.Add("sa", label).Add("spi", uint64_t(spi));
        addSn(e);
        e.Add("verdict",
              ReplayWindow::IsAccepted(verdict)
                  ? "pass"
                  : (verdict == ReplayWindow::Verdict::Duplicate ? "replayed" : "too-old"))
            .Add("before", WindowOf(window));
        m_events.Emit(std::move(e), p.timeNs, dst);
    }
    auto drop = [&](const char* reason, const std::string& detail)
    {
        Event e(layer, "drop");
        e.Add("reason", reason).Add("spi", uint64_t(spi));
        addSn(e);
        e.Add("detail", detail).Add("src", src).Add("dst", dst).Add("sa", label);
        m_events.Emit(std::move(e), p.timeNs, dst);
    };
    if (!ReplayWindow::IsAccepted(verdict))
    {
        const bool dup = verdict == ReplayWindow::Verdict::Duplicate;
        ++(dup ? v.replayed : v.tooOld);
        drop(dup ? "replayed" : "too-old",
             "a window of " + std::to_string(window.GetSize()) + " would drop sequence number " +
                 std::to_string(seq));
        return;
    }
    const bool icvOk = isEsp ? (espResult.status == EspOpenStatus::Ok ||
                                espResult.status == EspOpenStatus::BadPadding)
                             : ahResult.status == AhOpenStatus::Ok;
    const bool malformed = isEsp ? espResult.status == EspOpenStatus::Malformed
                                 : (!sa.ah || ahResult.status == AhOpenStatus::Malformed);
    if (malformed)
    {
        ++v.malformed;
        drop("malformed",
             isEsp ? "too short for the SA's IV and ICV, or not whole blocks"
                   : "AH length does not fit the SA's ICV");
        return;
    }
    if (icvOk)
    {
        Event u(Layer::Replay, "update");
        u.Add("sa", label).Add("spi", uint64_t(spi));
        addSn(u);
        u.Add("before", WindowOf(window));
        window.Accept(seq);
        u.Add("after", WindowOf(window));
        if (window.GetSize() > 0)
        {
            m_events.Emit(std::move(u), p.timeNs, dst);
        }
        v.lastSn = std::max<uint64_t>(v.lastSn, sn);
    }
    Event d(layer, "decap");
    d.Add("sa", label).Add("spi", uint64_t(spi)).Add("src", src).Add("dst", dst);
    addSn(d);
    d.Add("icv_ok", icvOk);
    if (isEsp)
    {
        if (espResult.status == EspOpenStatus::Ok)
        {
            d.Add("mode", mode)
                .Add("next_header", uint64_t(espResult.nextHeader))
                .Add("pad_length", uint64_t(espResult.padLength))
                .AddHex("plaintext", espResult.payload);
        }
        d.AddHex("iv", espTrace.iv)
            .AddHex("ciphertext", espTrace.ciphertext)
            .AddHex("icv", espTrace.icv);
        if (sa.key->encryption)
        {
            d.Add("proposal",
                  n != m_findings.negotiated.end() ? n->second.proposal
                                                   : std::string(sa.key->encryption->name));
        }
        if (icvOk)
        {
            d.Add("octets", uint64_t(espResult.payload.size()));
        }
    }
    else
    {
        d.AddHex("icv_input", ahTrace.icvInput)
            .AddHex("icv_full", ahTrace.fullMac)
            .AddHex("icv", ahTrace.received)
            .AddHex("icv_computed", ahTrace.icv)
            .Add("mode", mode)
            .Add("next_header", uint64_t(ahHeader->nextHeader));
        if (icvOk)
        {
            d.Add("octets", uint64_t(ahResult.payload.size()));
        }
    }
    d.AddHex("packet", p.payload).AddHex("outer_ip", p.ipHeader);
    if (p.udp)
    {
        d.AddHex("udp", p.udpHeader);
    }
    m_events.Emit(std::move(d), p.timeNs, dst);
    if (!icvOk)
    {
        ++v.icvFailed;
        drop("icv-failure", "the ICV does not verify with the key from " + sa.key->source);
    }
    else if (isEsp && espResult.status == EspOpenStatus::BadPadding)
    {
        ++v.badPadding;
        drop("bad-padding", "padding octets or pad length invalid after decryption");
    }
    else
    {
        ++v.icvOk;
    }
}

void
IpsecExplainer::Finish()
{
    for (const auto& [id, sa] : m_sas)
    {
        if (!sa->key)
        {
            const SpiVerdicts& v = *sa->verdicts;
            m_findings.missingKeys.push_back(
                Label(id.first, id.second).substr(0, id.first.size() + 11) + " (" + v.src + " -> " +
                v.dst + "): no key, " + std::to_string(v.packets) +
                " packets not verified (sequence numbers " + std::to_string(v.firstSn) + "-" +
                std::to_string(v.lastSn) + ")");
        }
    }
}

} // namespace ipseclab::explain
