#include "narrator.h"

#include "event-log.h"
#include "events/event-stream.h"

#include <ns3/simulator.h>

#include <cstdio>
#include <iostream>

namespace ns3
{

namespace
{

std::string
Str(const ipseclab::Event& e, const char* name)
{
    return ipseclab::ValueText(e.Find(name));
}

std::string
Short(const std::string& hex, size_t chars = 16)
{
    return hex.size() > chars ? hex.substr(0, chars) + "…" : hex;
}

std::string
SpiText(const ipseclab::Event& e, const char* name)
{
    const ipseclab::EventValue* v = e.Find(name);
    if (!v || v->GetType() != ipseclab::EventValue::Type::Uint)
    {
        return "?";
    }
    char text[16];
    std::snprintf(text, sizeof text, "0x%08llx", static_cast<unsigned long long>(v->GetUint()));
    return text;
}

/// The first error notification of a message summary ("N(AUTHENTICATION_FAILED)"), or "".
/// RFC 7296 3.10.1: types below 16384 are errors; the status types a summary also names
/// (NAT_DETECTION_*, INITIAL_CONTACT, REKEY_SA, COOKIE, ...) are not in this list.
std::string
ErrorNotify(const std::string& summary)
{
    static const char* const kErrors[] = {"UNSUPPORTED_CRITICAL_PAYLOAD",
                                          "INVALID_IKE_SPI",
                                          "INVALID_MAJOR_VERSION",
                                          "INVALID_SYNTAX",
                                          "INVALID_MESSAGE_ID",
                                          "INVALID_SPI",
                                          "NO_PROPOSAL_CHOSEN",
                                          "INVALID_KE_PAYLOAD",
                                          "AUTHENTICATION_FAILED",
                                          "SINGLE_PAIR_REQUIRED",
                                          "NO_ADDITIONAL_SAS",
                                          "INTERNAL_ADDRESS_FAILURE",
                                          "FAILED_CP_REQUIRED",
                                          "TS_UNACCEPTABLE",
                                          "INVALID_SELECTORS",
                                          "TEMPORARY_FAILURE",
                                          "CHILD_SA_NOT_FOUND"};
    for (const char* name : kErrors)
    {
        if (summary.find(std::string("N(") + name + ")") != std::string::npos)
        {
            return name;
        }
    }
    return "";
}

/// What an error notification means for the exchange (RFC 7296 section in brackets).
std::string
ErrorLesson(const std::string& exchange, const std::string& error)
{
    if (error == "AUTHENTICATION_FAILED")
    {
        return exchange == "IKE_AUTH"
                   ? "a refusal, encrypted with SK_er: the initiator's AUTH did not verify, so "
                     "it carries only N(AUTHENTICATION_FAILED) — no identity, AUTH or Child SA — "
                     "and the responder keeps no IKE SA (RFC 7296 2.21.2)"
                   : "the sender could not verify its peer's AUTH: it reports "
                     "N(AUTHENTICATION_FAILED) and deletes the IKE SA (RFC 7296 2.21.2)";
    }
    if (error == "NO_PROPOSAL_CHOSEN")
    {
        return exchange == "IKE_SA_INIT"
                   ? "a refusal in clear (no keys exist yet): none of the proposals is "
                     "acceptable, so it carries only N(NO_PROPOSAL_CHOSEN) and the responder "
                     "keeps no state (RFC 7296 2.7, 3.10.1)"
                   : "the Child SA's proposals are refused: N(NO_PROPOSAL_CHOSEN), no Child SA "
                     "(RFC 7296 2.21.3)";
    }
    if (error == "INVALID_KE_PAYLOAD")
    {
        return "the responder wants another Diffie-Hellman group (named in the notification): "
               "the initiator must retry with a KE of that group (RFC 7296 1.3, 3.10.1)";
    }
    if (error == "TS_UNACCEPTABLE")
    {
        return "the traffic selectors are refused: no Child SA (RFC 7296 2.9)";
    }
    if (error == "TEMPORARY_FAILURE")
    {
        return "refused for now (e.g. a rekey is already under way): retry later (RFC 7296 2.25)";
    }
    return "an error notification, N(" + error + "): the request is refused (RFC 7296 3.10.1)";
}

bool
Has(const std::string& summary, const char* payload)
{
    return summary.find(std::string(" ") + payload + " ") != std::string::npos;
}

std::string
ExchangeLesson(const std::string& exchange, bool response, const std::string& summary)
{
    const std::string error = ErrorNotify(summary);
    if (!error.empty() && exchange == "IKE_AUTH" && Has(summary, "AUTH"))
    {
        // RFC 7296 2.21.3: the IKE SA is made, only the Child SA is refused.
        return "encrypted with SK_er: the responder's identity and AUTH — the IKE SA is made — "
               "but the Child SA is refused with N(" +
               error + ") (RFC 7296 2.21.3)";
    }
    if (!error.empty())
    {
        return ErrorLesson(exchange, error);
    }
    if (exchange == "IKE_SA_INIT")
    {
        if (response && summary.find("N(COOKIE)") != std::string::npos)
        {
            return "a cookie challenge: no state kept until the initiator repeats IKE_SA_INIT "
                   "with this cookie (RFC 7296 2.6)";
        }
        return response ? "the responder picks one proposal, sends its DH value and nonce"
                        : "algorithm proposals, a Diffie-Hellman public value and a nonce, in "
                          "clear: nothing is secret yet";
    }
    if (exchange == "IKE_AUTH")
    {
        const bool child = Has(summary, "SA");
        // RFC 7296 2.15: AUTH is a MAC with the shared key, or a signature with a certificate.
        const std::string auth = Has(summary, "CERT")
                                     ? "its certificate and AUTH (a signature with its key)"
                                     : "AUTH (proof of the shared key)";
        if (response)
        {
            return "encrypted with SK_er: the responder's identity, " + auth +
                   (child ? ", and the Child SA it accepted" : "");
        }
        return "encrypted with SK_ei: identity, " + auth + (child ? " and the first Child SA" : "");
    }
    if (exchange == "CREATE_CHILD_SA")
    {
        // RFC 7296 1.3: a new Child SA, a Child SA rekey (N(REKEY_SA)), or an IKE SA rekey (no
        // traffic selectors); a KE adds a Diffie-Hellman exchange (PFS, always for the IKE SA).
        const bool ts = Has(summary, "TSi");
        const std::string ke = Has(summary, "KE") ? ", with a new DH value" : "";
        if (!ts)
        {
            return "rekeys the IKE SA: new SPI, nonce" + ke + ", protected by the old IKE SA";
        }
        if (summary.find("N(REKEY_SA)") != std::string::npos)
        {
            return "rekeys a Child SA (N(REKEY_SA) names the old one): new SPI, nonce" + ke +
                   ", protected by the IKE SA";
        }
        return std::string(response ? "accepts" : "asks for") + " a Child SA: new SPI, nonce" + ke +
               ", protected by the IKE SA";
    }
    if (summary.find(" D ") != std::string::npos)
    {
        // RFC 7296 1.4.1: the answer deletes the other half of each SA pair.
        return response ? "the peer confirms the delete (its own Delete payload for its half)"
                        : "a Delete payload: closes an SA, protected by the IKE SA";
    }
    if (summary.find("SK { }") != std::string::npos)
    {
        // RFC 7296 1.4, 2.4: an empty INFORMATIONAL request must be answered.
        return response ? "the empty answer: the peer is alive"
                        : "empty, protected by the IKE SA: a liveness check the peer must answer";
    }
    return response ? "the answer" : "protected by the IKE SA";
}

/// The attacker event kinds as verbs ("tamper" -> "tampers with").
std::string
AttackerVerb(const std::string& kind)
{
    if (kind == "tamper")
    {
        return "tampers with";
    }
    if (kind == "replay")
    {
        return "replays";
    }
    if (kind == "capture")
    {
        return "captures";
    }
    return kind + "s";
}

} // namespace

Narrator::Narrator(bool steps)
    : m_steps(steps)
{
    m_subscription = EventStream::Default()->Subscribe(
        [this](const ipseclab::Event& event, const std::string&) { OnEvent(event); });
}

Narrator::~Narrator()
{
    EventStream::Default()->Unsubscribe(m_subscription);
}

void
Narrator::Step(const std::string& title, const std::string& text)
{
    EventStream::Emit(ipseclab::Event(ipseclab::Layer::Scenario, "step")
                          .Add("number", uint64_t(m_number + 1))
                          .Add("title", title)
                          .Add("text", text));
}

void
Narrator::Record(const ipseclab::Event& e, const std::string& title, const std::string& text)
{
    const std::string events = EventStream::Default()->GetPath();
    if (events != m_narrationFor)
    {
        m_narration.close();
        m_narrationFor = events;
        const size_t slash = events.find_last_of('/');
        if (!events.empty())
        {
            m_narration.open(
                (slash == std::string::npos ? std::string() : events.substr(0, slash + 1)) +
                "narration.jsonl");
        }
    }
    if (!m_narration.is_open())
    {
        return;
    }
    char time[32];
    std::snprintf(time, sizeof time, "%.9f", e.GetTime() / 1e9);
    m_narration << "{\"seq\":" << e.GetSeq() << ",\"t\":" << time << ",\"step\":" << m_told
                << ",\"node_name\":" << JsonQuote(e.GetNodeName());
    if (!title.empty())
    {
        m_narration << ",\"title\":" << JsonQuote(title);
    }
    m_narration << ",\"text\":" << JsonQuote(text) << "}\n";
    m_narration.flush();
}

void
Narrator::Say(const ipseclab::Event& e, const std::string& text)
{
    ++m_told;
    Record(e, "", text);
    if (!m_steps)
    {
        return;
    }
    char head[64];
    std::snprintf(head, sizeof head, "Step %u [t=%.6fs] ", ++m_number, e.GetTime() / 1e9);
    std::string who = e.GetNodeName().empty() ? std::string() : e.GetNodeName() + ": ";
    std::cout << head << who << text << "\n";
}

void
Narrator::TellKeymat(const std::string& node, bool pfs)
{
    auto it = m_keymat.find(node);
    if (it == m_keymat.end())
    {
        return;
    }
    // RFC 7296 2.17: with PFS the new DH secret comes first, KEYMAT = prf+(SK_d, g^ir | Ni | Nr).
    Say(it->second,
        std::string("derives the Child SA keys: KEYMAT = prf+(SK_d, ") +
            (pfs ? "g^ir (new, PFS) | " : "") + "Ni | Nr) = " + Short(Str(it->second, "value")) +
            ".");
    m_keymat.erase(it);
}

void
Narrator::OnEvent(const ipseclab::Event& e)
{
    const std::string layer = ipseclab::LayerToString(e.GetLayer());
    const std::string& kind = e.GetKind();
    if (layer == "scenario" && kind == "step")
    {
        ++m_told;
        Record(e, Str(e, "title"), Str(e, "text"));
        if (m_steps)
        {
            ++m_number;
            std::cout << "\n== " << Str(e, "title") << " ==\n" << Str(e, "text") << "\n";
        }
        else
        {
            std::cout << "- " << Str(e, "title") << "\n";
        }
        return;
    }
    if (layer == "ike")
    {
        if (kind != "child-sa-installed" && kind != "key-derived")
        {
            TellKeymat(e.GetNodeName(), false); // no Child SA followed (a failure): as derived
        }
        if (kind == "connect")
        {
            Say(e, "connects to " + Str(e, "peer") + ". " + Str(e, "note") + ".");
        }
        else if (kind == "message-sent")
        {
            const bool response = Str(e, "response") == "yes";
            // A response is told with what it answers (an empty one answers a liveness check or
            // the delete of an IKE SA, RFC 7296 1.4.1).
            const std::string key = Str(e, "spi_i") + "/" + Str(e, "message_id");
            std::string lesson = ExchangeLesson(Str(e, "exchange"), response, Str(e, "summary"));
            if (response && Str(e, "exchange") == "INFORMATIONAL" &&
                Str(e, "summary").find("SK { }") != std::string::npos &&
                m_requests[key].find(" D ") != std::string::npos)
            {
                lesson = "the empty answer to the delete of the IKE SA: both sides close it (RFC "
                         "7296 1.4.1)";
            }
            if (!response)
            {
                m_requests[key] = Str(e, "summary");
            }
            Say(e,
                "sends " + Str(e, "summary") + ", " + Str(e, "length") + " bytes to " +
                    Str(e, "peer") + ": " + lesson + ".");
        }
        else if (kind == "proposal-selection")
        {
            Say(e,
                std::string(Str(e, "ok") == "yes" ? "accepts a proposal: " : "refuses: ") +
                    Str(e, "why") + ".");
        }
        else if (kind == "dh")
        {
            Say(e,
                "computes the Diffie-Hellman shared secret g^ir (" + Str(e, "group") +
                    ") = " + Short(Str(e, "shared_secret")) +
                    " from its private key and the peer's public value.");
        }
        else if (kind == "key-derived" && Str(e, "name") == "SKEYSEED" && Str(e, "rekey") == "yes")
        {
            Say(e,
                "derives the rekeyed IKE SA's SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) = " +
                    Short(Str(e, "value")) + ".");
        }
        else if (kind == "key-derived" && Str(e, "name") == "SKEYSEED")
        {
            m_skeyseed[e.GetNodeName()] = Str(e, "value"); // told with SK_ai, which follows
        }
        else if (kind == "key-derived" && Str(e, "name") == "SK_ai" &&
                 m_skeyseed.count(e.GetNodeName()))
        {
            // RFC 7296 2.14 / RFC 5282: with an AEAD cipher the integrity keys have length 0.
            const bool aead = Str(e, "value").empty();
            Say(e,
                "derives SKEYSEED = prf(Ni | Nr, g^ir) = " + Short(m_skeyseed[e.GetNodeName()]) +
                    "; prf+ stretches it into " +
                    (aead ? "SK_d, SK_ei, SK_er, SK_pi, SK_pr (no SK_ai, SK_ar: the cipher is an "
                            "AEAD, its tag protects integrity)."
                          : "SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr."));
            m_skeyseed.erase(e.GetNodeName());
        }
        else if (kind == "key-derived" && Str(e, "name") == "KEYMAT")
        {
            // Told with the Child SA it keys, which says whether PFS added a g^ir.
            m_keymat.erase(e.GetNodeName());
            m_keymat.emplace(e.GetNodeName(), e);
        }
        else if (kind == "auth-verdict")
        {
            Say(e,
                "checks the " + Str(e, "of") + "'s AUTH (" + Str(e, "peer_id") + "): " +
                    (Str(e, "ok") == "yes" ? "valid. " : "INVALID. ") + Str(e, "note") + ".");
        }
        else if (kind == "sa-established" && Str(e, "rekey") == "yes")
        {
            Say(e, "rekeyed IKE SA with " + Str(e, "peer") + " in place. " + Str(e, "note") + ".");
        }
        else if (kind == "sa-established")
        {
            Say(e,
                "IKE SA established with " + Str(e, "peer") + " (" + Str(e, "proposal") + "). " +
                    Str(e, "note") + ".");
        }
        else if (kind == "child-sa-installed")
        {
            TellKeymat(e.GetNodeName(), Str(e, "pfs") == "yes");
            Say(e,
                "installs a Child SA: inbound SPI " + SpiText(e, "spi_in") + ", outbound SPI " +
                    SpiText(e, "spi_out") + ", " + Str(e, "mode") + " mode, " + Str(e, "proposal") +
                    ", traffic " + Str(e, "ts") + ". " + Str(e, "note") + ".");
        }
        else if (kind == "retransmit")
        {
            Say(e,
                "no answer: retransmits " + Str(e, "exchange") + " (attempt " + Str(e, "attempt") +
                    ").");
        }
        else if (kind == "rekey-start" || kind == "rekey-done" || kind == "collision" ||
                 kind == "dead-peer" || kind == "invalid-ke" || kind == "cookie" ||
                 kind == "nat-detection" || kind == "ike-sa-failed" || kind == "ike-sa-closed" ||
                 kind == "child-failed" || kind == "dpd" || kind == "delete")
        {
            std::string note = Str(e, "note");
            std::string reason = Str(e, "reason");
            Say(e,
                kind + (Str(e, "what").empty() ? "" : " (" + Str(e, "what") + ")") +
                    (reason.empty() ? "" : ": " + reason) + (note.empty() ? "" : ". " + note) +
                    ".");
        }
        return;
    }
    if ((layer == "esp" || layer == "ah") && (kind == "encap" || kind == "decap"))
    {
        const std::string sa = Str(e, "sa");
        if (++m_perSa[sa + kind] > m_packetsPerSa)
        {
            return;
        }
        // ESP with NULL encryption only authenticates; ESP without integrity only encrypts.
        const bool encrypts = layer == "esp" && Str(e, "proposal").rfind("null", 0) != 0;
        const bool authenticates = layer == "ah" || !Str(e, "icv").empty();
        if (kind == "encap")
        {
            Say(e,
                std::string(encrypts && authenticates ? "encrypts and authenticates"
                            : encrypts                ? "encrypts (no integrity!)"
                                                      : "authenticates") +
                    std::string(" packet #") + Str(e, "sn") + " with SPI " + SpiText(e, "spi") +
                    " (" + Str(e, "proposal") + "), ICV " + Short(Str(e, "icv")) + ".");
        }
        else
        {
            Say(e,
                "verifies packet #" + Str(e, "sn") + " on SPI " + SpiText(e, "spi") + ": ICV " +
                    (Str(e, "icv_ok") == "yes" ? "good" : "BAD") +
                    (encrypts && Str(e, "icv_ok") == "yes" ? ", decrypted" : "") + ".");
        }
        return;
    }
    if (kind == "drop")
    {
        Say(e,
            "drops a packet: " + Str(e, "reason") +
                (Str(e, "detail").empty() ? "" : " (" + Str(e, "detail") + ")") + ".");
    }
    else if (layer == "sad" && (kind == "expire-soft" || kind == "expire-hard"))
    {
        Say(e,
            "SA " + Str(e, "sa") + " reaches its " + (kind == "expire-soft" ? "soft" : "hard") +
                " lifetime (" + Str(e, "limit") + ").");
    }
    else if (layer == "link" && kind == "impair")
    {
        const std::string what =
            !Str(e, "exchange").empty()
                ? Str(e, "exchange") + (Str(e, "response") == "yes" ? " response" : " request")
            : !Str(e, "spi").empty()
                ? "ESP packet #" + Str(e, "sn") + " (SPI " + SpiText(e, "spi") + ")"
                : "a packet";
        Say(e,
            "sends " + what + " to " + Str(e, "to") + "; impairment rule " + Str(e, "rule") + " (" +
                Str(e, "rule_text") + ") applies: " + Str(e, "action") + ".");
    }
    else if (layer == "attacker")
    {
        std::string what =
            Str(e, "spi").empty() ? "" : " (SPI " + SpiText(e, "spi") + ", #" + Str(e, "sn") + ")";
        Say(e, "the attacker " + AttackerVerb(kind) + " a packet" + what + ".");
    }
}

} // namespace ns3
