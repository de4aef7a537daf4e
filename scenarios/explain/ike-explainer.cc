// The IKE half of an explanation. Requests are keyed by (sent by the original initiator,
// message ID): a request seen again with the same octets is a retransmission; a response is
// paired with its request to read the proposal chosen, the Child SA SPIs and the deletes.
#include "ike-explainer.h"

#include "ike/ike-error.h"
#include "ike/ike-message.h"
#include "ike/ike-sa-proposal.h"
#include "ike/ike-wire-io.h"

#include <cstdio>
#include <set>

namespace ipseclab::explain
{

namespace
{

std::string
SpiHex(uint64_t spi)
{
    char text[17];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(spi));
    return text;
}

std::string
TsText(const IkeMessage& m, IkePayloadType type)
{
    std::string out;
    if (const IkePayload* p = m.Find(type))
    {
        for (const IkeTrafficSelector& ts : p->As<IkeTsPayload>()->selectors)
        {
            out += (out.empty() ? "" : ", ") + ts.ToText();
        }
    }
    return out;
}

const IkeSaProposal*
FirstProposal(const IkeMessage& m)
{
    const IkePayload* p = m.Find(IkePayloadType::Sa);
    const IkeSaPayload* sa = p ? p->As<IkeSaPayload>() : nullptr;
    return sa && !sa->proposals.empty() ? &sa->proposals.front() : nullptr;
}

std::string
ErrorNotify(const IkeMessage& m)
{
    for (const IkePayload* p : m.FindAll(IkePayloadType::Notify))
    {
        const IkeNotifyPayload* n = p->As<IkeNotifyPayload>();
        if (n && IsErrorNotify(n->type))
        {
            return ToString(n->Type());
        }
    }
    return "";
}

} // namespace

struct IkeExplainer::IkeSa
{
    uint64_t spiI = 0;
    uint64_t spiR = 0;
    std::string initiator, responder;
    std::optional<IkeProposal> proposal;
    std::unique_ptr<IkeCryptoContext> crypto;
    uint64_t lookedUpFor = ~uint64_t(0); ///< the SPIr the key tables were searched for
    uint64_t notDecrypted = 0;
    int64_t started = 0;
    using Key = std::pair<bool, uint32_t>; ///< (request sent by the original initiator, ID)
    std::map<Key, Bytes> requestBytes;
    std::map<Key, int64_t> requestSent;
    std::map<Key, uint32_t> attempts;
    std::map<Key, Bytes> responseBytes;
    std::map<Key, IkeMessage> requests;
    std::map<Key, std::string> requester;
};

IkeExplainer::IkeExplainer(const KeyTables& keys, CaptureEvents& events, Findings& findings)
    : m_keys(keys)
    , m_events(events)
    , m_findings(findings)
{
}

IkeExplainer::~IkeExplainer() = default;

void
IkeExplainer::Explain(const ClassifiedPacket& p)
{
    const std::string src = Ipv4Text(p.ip.src);
    const std::string dst = Ipv4Text(p.ip.dst);
    m_events.EndpointOf(src).ike = true;
    m_events.EndpointOf(dst).ike = true;
    ++m_findings.ikeMessages;
    IkeHeader h;
    try
    {
        h = IkeMessage::PeekHeader(ByteSpan(p.payload));
    }
    catch (const IkeParseError& e)
    {
        m_events.Emit(Event(Layer::Ike, "message-dropped")
                          .Add("reason", "malformed")
                          .Add("peer", src)
                          .Add("detail", e.what()),
                      p.timeNs,
                      dst);
        return;
    }
    std::unique_ptr<IkeSa>& slot = m_sas[h.spiI];
    if (!slot)
    {
        slot = std::make_unique<IkeSa>();
        slot->spiI = h.spiI;
        slot->initiator = h.IsInitiator() ? src : dst;
        slot->responder = h.IsInitiator() ? dst : src;
        slot->started = p.timeNs;
    }
    IkeSa& sa = *slot;
    if (sa.spiR == 0 && h.spiR != 0)
    {
        sa.spiR = h.spiR;
    }
    const bool response = h.IsResponse();
    const IkeSa::Key key{response ? !h.IsInitiator() : h.IsInitiator(), h.messageId};
    const std::string exchange = ToString(h.exchangeType);
    if (!response)
    {
        auto seen = sa.requestBytes.find(key);
        if (seen != sa.requestBytes.end() && seen->second == p.payload)
        {
            ++m_findings.ikeRetransmissions;
            m_events.Emit(
                Event(Layer::Ike, "retransmit")
                    .Add("exchange", exchange)
                    .Add("message_id", uint64_t(h.messageId))
                    .Add("attempt", uint64_t(++sa.attempts[key]))
                    .Add("timeout_s",
                         m_events.Seconds(p.timeNs) - m_events.Seconds(sa.requestSent[key]))
                    .Add("spi_i", SpiHex(h.spiI))
                    .Add("spi_r", SpiHex(h.spiR)),
                p.timeNs,
                src);
            sa.requestSent[key] = p.timeNs;
            return;
        }
        sa.requestBytes[key] = p.payload;
        sa.requestSent[key] = p.timeNs;
        sa.requester[key] = src;
    }
    else
    {
        auto seen = sa.responseBytes.find(key);
        if (seen != sa.responseBytes.end() && seen->second == p.payload)
        {
            m_findings.notes.push_back(exchange + " response " + std::to_string(h.messageId) +
                                       " sent again (answer to a retransmitted request)");
            return;
        }
        sa.responseBytes[key] = p.payload;
    }
    // Keys are looked up once the responder's SPI is known (the tables are keyed by both).
    if (!sa.crypto && sa.spiR != 0 && sa.lookedUpFor != sa.spiR)
    {
        sa.lookedUpFor = sa.spiR;
        if (const IkeSaKeyEntry* k = m_keys.FindIke(sa.spiI, sa.spiR))
        {
            IkeProposal proposal = sa.proposal.value_or(IkeProposal{});
            proposal.encryption = k->encryption;
            proposal.integrity = k->integrity;
            if (!proposal.prf)
            {
                proposal.prf = &FindPrf("prfsha256"); // Unprotect does not use the PRF
            }
            sa.crypto =
                std::make_unique<IkeCryptoContext>(proposal, k->skEi, k->skAi, k->skEr, k->skAr);
            m_findings.notes.push_back("IKE SA " + SpiHex(sa.spiI) + "/" + SpiHex(sa.spiR) +
                                       ": keys from " + k->source);
        }
    }
    IkeMessage m;
    try
    {
        m = IkeMessage::Decode(ByteSpan(p.payload), sa.crypto.get());
    }
    catch (const IkeParseError& e)
    {
        m_events.Emit(Event(Layer::Ike, "message-dropped")
                          .Add("reason", "malformed")
                          .Add("exchange", exchange)
                          .Add("message_id", uint64_t(h.messageId))
                          .Add("response", response)
                          .Add("spi_i", SpiHex(h.spiI))
                          .Add("spi_r", SpiHex(h.spiR))
                          .Add("peer", src)
                          .Add("detail", e.what()),
                      p.timeNs,
                      dst);
        return;
    }
    EventValue payloads = EventValue::Array();
    for (const std::string& name : m.Describe())
    {
        payloads.Push(name);
    }
    m_events.Emit(Event(Layer::Ike, "message-sent")
                      .Add("exchange", exchange)
                      .Add("message_id", uint64_t(h.messageId))
                      .Add("initiator", h.IsInitiator())
                      .Add("response", response)
                      .Add("spi_i", SpiHex(h.spiI))
                      .Add("spi_r", SpiHex(h.spiR))
                      .Add("payloads", payloads)
                      .Add("summary", m.Summary())
                      .Add("length", uint64_t(p.payload.size()))
                      .AddHex("bytes", p.payload)
                      .Add("peer", dst),
                  p.timeNs,
                  src);
    // The receiver gets what the wire carried (the capture cannot tell whether it acted on it).
    m_events.Emit(Event(Layer::Ike, "message-received")
                      .Add("exchange", exchange)
                      .Add("message_id", uint64_t(h.messageId))
                      .Add("initiator", h.IsInitiator())
                      .Add("response", response)
                      .Add("spi_i", SpiHex(h.spiI))
                      .Add("spi_r", SpiHex(h.spiR))
                      .Add("payloads", payloads)
                      .Add("summary", m.Summary())
                      .Add("length", uint64_t(p.payload.size()))
                      .AddHex("bytes", p.payload)
                      .Add("peer", src),
                  p.timeNs,
                  dst);
    switch (m.skStatus)
    {
    case IkeSkStatus::Ok:
        ++m_findings.ikeDecrypted;
        break;
    case IkeSkStatus::IcvFailed:
        ++m_findings.ikeIntegrityFailed;
        m_events.Emit(Event(Layer::Ike, "message-dropped")
                          .Add("reason", "integrity check failed")
                          .Add("exchange", exchange)
                          .Add("message_id", uint64_t(h.messageId))
                          .Add("response", response)
                          .Add("spi_i", SpiHex(h.spiI))
                          .Add("spi_r", SpiHex(h.spiR))
                          .Add("peer", src)
                          .Add("detail",
                               "the ICV of the Encrypted payload does not verify with "
                               "the keys given: wrong keys or a changed message"),
                      p.timeNs,
                      dst);
        return;
    case IkeSkStatus::NoKeys:
        ++m_findings.ikeNotDecrypted;
        ++sa.notDecrypted;
        return;
    case IkeSkStatus::NotEncrypted:
        break;
    }
    if (!response)
    {
        sa.requests[key] = m;
        return;
    }
    auto req = sa.requests.find(key);
    if (req == sa.requests.end())
    {
        return; // the request was not captured or not decrypted
    }
    const IkeMessage& request = req->second;
    const std::string requester = sa.requester[key];
    const std::string error = ErrorNotify(m);
    if (!error.empty())
    {
        m_findings.notes.push_back(exchange + " " + std::to_string(h.messageId) + " refused by " +
                                   src + ": " + error);
    }
    const IkeSaProposal* chosen = FirstProposal(m);
    if (h.exchangeType == IkeExchangeType::IkeSaInit && chosen)
    {
        sa.proposal = ReadIkeSaProposal(*chosen);
        if (sa.proposal)
        {
            m_events.Emit(Event(Layer::Ike, "proposal-chosen")
                              .Add("proposal", sa.proposal->ToString())
                              .Add("proposal_number", uint64_t(chosen->number))
                              .Add("spi_i", SpiHex(sa.spiI))
                              .Add("spi_r", SpiHex(h.spiR)),
                          p.timeNs,
                          requester);
        }
        return;
    }
    if (h.exchangeType == IkeExchangeType::Informational)
    {
        for (const IkePayload* d : request.FindAll(IkePayloadType::Delete))
        {
            const IkeDeletePayload* del = d->As<IkeDeletePayload>();
            if (del->protocol == IkeProtocolId::Ike)
            {
                m_events.Emit(Event(Layer::Ike, "delete")
                                  .Add("what", "ike")
                                  .Add("reason", "DELETE answered by " + src)
                                  .Add("spi_i", SpiHex(sa.spiI))
                                  .Add("spi_r", SpiHex(sa.spiR)),
                              p.timeNs,
                              requester);
                continue;
            }
            for (const Bytes& spiBytes : del->spis)
            {
                const uint32_t spi = SpiValue(ByteSpan(spiBytes)).value_or(0);
                m_events.Emit(Event(Layer::Ike, "delete")
                                  .Add("what", "child")
                                  .Add("spi", uint64_t(spi))
                                  .Add("reason", "DELETE answered by " + src)
                                  .Add("spi_i", SpiHex(sa.spiI))
                                  .Add("spi_r", SpiHex(sa.spiR)),
                              p.timeNs,
                              requester);
                auto n = m_findings.negotiated.find(spi);
                if (n != m_findings.negotiated.end())
                {
                    n->second.deletedAt = m_events.Seconds(p.timeNs);
                }
            }
        }
        return;
    }
    const IkeSaProposal* offered = FirstProposal(request);
    if (!chosen || !offered || !error.empty())
    {
        return;
    }
    if (chosen->protocol == IkeProtocolId::Ike)
    {
        // An IKE SA rekey: the new SA has the SPIs of the two proposals.
        auto newSa = std::make_unique<IkeSa>();
        newSa->spiI = GetU64(offered->spi.data());
        newSa->spiR = GetU64(chosen->spi.data());
        newSa->initiator = requester;
        newSa->responder = src;
        newSa->proposal = ReadIkeSaProposal(*chosen);
        newSa->started = p.timeNs;
        for (const std::string& at : {requester, src})
        {
            m_events.Emit(Event(Layer::Ike, "rekey-done")
                              .Add("what", "ike")
                              .Add("old_spi_i", SpiHex(sa.spiI))
                              .Add("old_spi_r", SpiHex(sa.spiR))
                              .Add("spi_i", SpiHex(newSa->spiI))
                              .Add("spi_r", SpiHex(newSa->spiR)),
                          p.timeNs,
                          at);
        }
        RekeyFinding r;
        r.what = "ike";
        r.oldSa = SpiHex(sa.spiI) + "/" + SpiHex(sa.spiR);
        r.newSa = SpiHex(newSa->spiI) + "/" + SpiHex(newSa->spiR);
        r.at = m_events.Seconds(p.timeNs);
        m_findings.rekeys.push_back(r);
        m_sas[newSa->spiI] = std::move(newSa);
        return;
    }
    // A Child SA: the requester receives with the SPI it offered, the responder with its own.
    const uint32_t requesterSpi = SpiValue(ByteSpan(offered->spi)).value_or(0);
    const uint32_t responderSpi = SpiValue(ByteSpan(chosen->spi)).value_or(0);
    uint32_t rekeyOf = 0;
    if (const IkeNotifyPayload* n = request.FindNotify(IkeNotifyType::RekeySa))
    {
        rekeyOf = SpiValue(ByteSpan(n->spi)).value_or(0);
    }
    const std::optional<EspProposal> esp = ReadEspSaProposal(*chosen);
    NegotiatedSa base;
    base.protocol = chosen->protocol == IkeProtocolId::Ah ? "ah" : "esp";
    base.mode = m.FindNotify(IkeNotifyType::UseTransportMode) ? "transport" : "tunnel";
    base.proposal = esp ? esp->ToString() : base.protocol;
    base.ikeSa = SpiHex(sa.spiI) + "/" + SpiHex(sa.spiR);
    base.ts = TsText(m, IkePayloadType::TsI) + " === " + TsText(m, IkePayloadType::TsR);
    base.udpEncap = p.srcPort == kIkeNatTPort || p.dstPort == kIkeNatTPort;
    base.installedAt = m_events.Seconds(p.timeNs);
    const bool pfs = request.Find(IkePayloadType::Ke) != nullptr;
    NegotiatedSa toRequester = base;
    toRequester.spi = requesterSpi;
    toRequester.src = src;
    toRequester.dst = requester;
    NegotiatedSa toResponder = base;
    toResponder.spi = responderSpi;
    toResponder.src = requester;
    toResponder.dst = src;
    if (rekeyOf != 0)
    {
        // REKEY_SA names the requester's inbound SPI; its peer SA is the other direction.
        toRequester.rekeyOf = rekeyOf;
        for (const auto& [spi, old] : m_findings.negotiated)
        {
            if (old.dst == src && old.ikeSa == base.ikeSa && !old.deletedAt && spi != rekeyOf &&
                old.installedAt == m_findings.negotiated[rekeyOf].installedAt)
            {
                toResponder.rekeyOf = spi;
            }
        }
    }
    m_findings.negotiated[requesterSpi] = toRequester;
    m_findings.negotiated[responderSpi] = toResponder;
    const bool ikeAuth = h.exchangeType == IkeExchangeType::IkeAuth;
    for (const auto& [at, in, out] :
         {std::tuple<std::string, const NegotiatedSa*, const NegotiatedSa*>{
              requester, &toRequester, &toResponder},
          {src, &toResponder, &toRequester}})
    {
        if (ikeAuth)
        {
            m_events.Emit(
                Event(Layer::Ike, "sa-established")
                    .Add("connection", "capture")
                    .Add("spi_i", SpiHex(sa.spiI))
                    .Add("spi_r", SpiHex(sa.spiR))
                    .Add("initiator", at == sa.initiator)
                    .Add("peer", at == sa.initiator ? sa.responder : sa.initiator)
                    .Add("peer_id", "")
                    .Add("proposal", sa.proposal ? sa.proposal->ToString() : "")
                    .Add("setup_time_s", m_events.Seconds(p.timeNs) - m_events.Seconds(sa.started))
                    .Add("rekey", false)
                    .Add("note",
                         "IKE_AUTH answered without an error: both ends "
                         "authenticated (seen in the decrypted exchange)"),
                p.timeNs,
                at);
        }
        m_events.Emit(Event(Layer::Ike, "child-sa-installed")
                          .Add("spi_in", uint64_t(in->spi))
                          .Add("spi_out", uint64_t(out->spi))
                          .Add("protocol", base.protocol)
                          .Add("mode", base.mode)
                          .Add("proposal", base.proposal)
                          .Add("ts", base.ts)
                          .Add("pfs", pfs)
                          .Add("rekey_of", uint64_t(in->rekeyOf))
                          .Add("udp_encap", base.udpEncap)
                          .Add("spi_i", SpiHex(sa.spiI))
                          .Add("spi_r", SpiHex(sa.spiR))
                          .Add("note",
                               "SPIs read from the SA payloads of " + exchange + " " +
                                   std::to_string(h.messageId)),
                      p.timeNs,
                      at);
        if (rekeyOf != 0)
        {
            m_events.Emit(Event(Layer::Ike, "rekey-done")
                              .Add("what", "child")
                              .Add("old_spi", uint64_t(in->rekeyOf))
                              .Add("new_spi", uint64_t(in->spi))
                              .Add("spi_i", SpiHex(sa.spiI))
                              .Add("spi_r", SpiHex(sa.spiR)),
                          p.timeNs,
                          at);
        }
    }
    if (rekeyOf != 0)
    {
        RekeyFinding r;
        r.what = "child";
        r.oldSa = std::to_string(rekeyOf);
        r.newSa = std::to_string(requesterSpi);
        r.at = m_events.Seconds(p.timeNs);
        m_findings.rekeys.push_back(r);
    }
}

void
IkeExplainer::Finish()
{
    for (const auto& [spiI, sa] : m_sas)
    {
        if (sa->notDecrypted > 0)
        {
            m_findings.missingKeys.push_back(
                "IKE SA " + SpiHex(sa->spiI) + "/" + SpiHex(sa->spiR) + " (" + sa->initiator +
                " -> " + sa->responder + "): no SK_e/SK_a keys, " +
                std::to_string(sa->notDecrypted) + " encrypted messages not decrypted");
        }
    }
}

} // namespace ipseclab::explain
