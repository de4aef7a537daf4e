// summary.json reads its per-node figures from RunTally (scenarios/common), as the scenarios'
// does, so both are tallied the same way from the same kinds of events.
#include "explain-outputs.h"

#include "common/run-tally.h"
#include "datapath/drop-reason.h"
#include "events/json-writer.h"

#include <fstream>
#include <iostream>
#include <set>

namespace ipseclab::explain
{

namespace
{

std::string
Quote(const std::string& text)
{
    std::string out;
    AppendJsonString(out, text);
    return out;
}

std::string
Text(const Event& e, const char* name)
{
    return ValueText(e.Find(name));
}

uint64_t
Uint(const Event& e, const char* name)
{
    return ValueUint(e.Find(name));
}

template <typename T>
std::string
Strings(const T& items)
{
    std::string out = "[";
    for (const std::string& s : items)
    {
        out += (out.size() > 1 ? "," : "") + Quote(s);
    }
    return out + "]";
}

std::string
Optional(const std::optional<double>& v)
{
    return v ? FormatDouble(*v) : "null";
}

} // namespace

std::string
Narrate(const Event& e)
{
    const std::string layer = LayerToString(e.GetLayer());
    const std::string& kind = e.GetKind();
    if (layer == "scenario")
    {
        return Text(e, "text");
    }
    if (layer == "ike" && kind == "message-sent")
    {
        return "sends " + Text(e, "summary") + ", " + std::to_string(Uint(e, "length")) +
               " bytes to " + Text(e, "peer") + ".";
    }
    if (layer == "ike" && kind == "retransmit")
    {
        return "sends " + Text(e, "exchange") + " request " +
               std::to_string(Uint(e, "message_id")) + " again (attempt " +
               std::to_string(Uint(e, "attempt")) + "): no answer was captured in between.";
    }
    if (layer == "ike" && kind == "message-dropped")
    {
        return "would drop the " + Text(e, "exchange") + " message from " + Text(e, "peer") + ": " +
               Text(e, "reason") + ".";
    }
    if (layer == "ike" && kind == "proposal-chosen")
    {
        return "learns the responder chose " + Text(e, "proposal") + " (proposal #" +
               std::to_string(Uint(e, "proposal_number")) + ").";
    }
    if (layer == "ike" && kind == "child-sa-installed")
    {
        char text[160];
        std::snprintf(
            text,
            sizeof(text),
            "installs a Child SA (%s %s, %s): receives on SPI 0x%08llx, sends on 0x%08llx",
            Text(e, "protocol").c_str(),
            Text(e, "mode").c_str(),
            Text(e, "proposal").c_str(),
            (unsigned long long) Uint(e, "spi_in"),
            (unsigned long long) Uint(e, "spi_out"));
        return std::string(text) + "; traffic selectors " + Text(e, "ts") + ".";
    }
    if (layer == "ike" && (kind == "rekey-done" || kind == "delete"))
    {
        return kind == "delete" ? "deletes the " + Text(e, "what") + " SA " +
                                      (e.Find("spi") ? std::to_string(Uint(e, "spi")) : "") + " (" +
                                      Text(e, "reason") + ")."
                                : "completes a " + Text(e, "what") + " rekey.";
    }
    if ((layer == "esp" || layer == "ah") && kind == "drop")
    {
        return "would drop " + layer + " SPI " + std::to_string(Uint(e, "spi")) + " sn " +
               std::to_string(Uint(e, "sn")) + ": " + Text(e, "reason") + " (" + Text(e, "detail") +
               ").";
    }
    return "";
}

std::string
WriteOutputs(const std::string& out, const CaptureInfo& info, const CaptureEvents& events,
             const Findings& f, bool steps)
{
    ns3::RunTally tally;
    std::ofstream jsonl(out + "/events.jsonl");
    std::ofstream narration(out + "/narration.jsonl");
    if (!jsonl || !narration)
    {
        return "cannot write into " + out;
    }
    JsonLinesWriter writer(jsonl);
    uint32_t step = 0;
    std::map<uint32_t, uint32_t> decapsTold; // per SPI: the first few decaps are narrated
    for (const Event& e : events.Events())
    {
        writer.Write(e);
        tally.Observe(e);
        std::string text = Narrate(e);
        if (text.empty() && LayerToString(e.GetLayer()) == std::string("esp") &&
            e.GetKind() == "decap" && decapsTold[Uint(e, "spi")]++ < 2)
        {
            text = std::string("would accept ESP SPI ") + std::to_string(Uint(e, "spi")) + " sn " +
                   std::to_string(Uint(e, "sn")) + ": ICV " +
                   (ValueBool(e.Find("icv_ok")) ? "verified" : "FAILED") + ".";
        }
        if (text.empty())
        {
            continue;
        }
        std::string line =
            "{\"seq\":" + std::to_string(e.GetSeq()) + ",\"t\":" + FormatSeconds(e.GetTime()) +
            ",\"step\":" + std::to_string(++step) + ",\"node_name\":" + Quote(e.GetNodeName());
        if (e.GetLayer() == Layer::Scenario)
        {
            line += ",\"title\":" + Quote(Text(e, "title"));
        }
        narration << line << ",\"text\":" << Quote(text) << "}\n";
        if (steps)
        {
            std::cout << "[" << step << "] t=" << FormatSeconds(e.GetTime()) << " "
                      << (e.GetNodeName().empty() ? "" : e.GetNodeName() + " ") << text << "\n";
        }
    }
    // topology.json: the endpoints, gateways where IKE ran, and a link per pair that talked.
    std::set<std::pair<std::string, std::string>> pairs;
    for (const Event& e : events.Events())
    {
        std::string a = e.GetNodeName();
        std::string b = e.Find("peer") ? Text(e, "peer") : Text(e, "src");
        if (!a.empty() && !b.empty() && a != b && b.find('.') != std::string::npos)
        {
            pairs.insert(a < b ? std::make_pair(a, b) : std::make_pair(b, a));
        }
    }
    std::ofstream topo(out + "/topology.json");
    topo << "{\"nodes\":[";
    const char* sep = "";
    for (const Endpoint& ep : events.Endpoints())
    {
        topo << sep << "{\"name\":" << Quote(ep.address)
             << ",\"role\":" << Quote(ep.ike ? "gateway" : "host") << ",\"addresses\":["
             << Quote(ep.address) << "]}";
        sep = ",";
    }
    topo << "],\"links\":[";
    sep = "";
    for (const auto& [a, b] : pairs)
    {
        topo << sep << "{\"a\":" << Quote(a) << ",\"b\":" << Quote(b)
             << ",\"network\":\"capture\"}";
        sep = ",";
    }
    topo << "]}\n";
    // summary.json
    std::ofstream s(out + "/summary.json");
    s << "{\"capture\":" << Quote(info.path) << ",\"format\":" << Quote(info.format)
      << ",\"link_types\":" << Quote(info.linkTypes) << ",\"frames\":" << info.frames
      << ",\"keys\":" << Strings(info.keysRead) << ",\"ike\":{\"messages\":" << f.ikeMessages
      << ",\"decrypted\":" << f.ikeDecrypted << ",\"integrity_failed\":" << f.ikeIntegrityFailed
      << ",\"not_decrypted\":" << f.ikeNotDecrypted
      << ",\"retransmissions\":" << f.ikeRetransmissions << "},\"spis\":[";
    sep = "";
    for (const auto& [id, v] : f.spis)
    {
        s << sep << "{\"protocol\":" << Quote(v.protocol) << ",\"spi\":" << v.spi
          << ",\"src\":" << Quote(v.src) << ",\"dst\":" << Quote(v.dst)
          << ",\"key\":" << Quote(v.keySource)
          << ",\"negotiated\":" << (v.negotiated ? "true" : "false") << ",\"packets\":" << v.packets
          << ",\"icv_ok\":" << v.icvOk << ",\"icv_failed\":" << v.icvFailed
          << ",\"bad_padding\":" << v.badPadding << ",\"malformed\":" << v.malformed
          << ",\"replayed\":" << v.replayed << ",\"too_old\":" << v.tooOld << ",\"gaps\":" << v.gaps
          << ",\"first_sn\":" << v.firstSn << ",\"last_sn\":" << v.lastSn
          << ",\"window\":" << v.window
          << ",\"window_assumed\":" << (v.windowAssumed ? "true" : "false")
          << ",\"first_t\":" << FormatDouble(v.first) << ",\"last_t\":" << FormatDouble(v.last)
          << "}";
        sep = ",";
    }
    s << "],\"rekeys\":[";
    sep = "";
    for (const RekeyFinding& r : f.rekeys)
    {
        s << sep << "{\"what\":" << Quote(r.what) << ",\"old\":" << Quote(r.oldSa)
          << ",\"new\":" << Quote(r.newSa) << ",\"at\":" << FormatDouble(r.at)
          << ",\"old_last_packet\":" << Optional(r.oldLastPacket)
          << ",\"new_first_packet\":" << Optional(r.newFirstPacket)
          << ",\"old_deleted\":" << Optional(r.oldDeleted) << "}";
        sep = ",";
    }
    s << "],\"missing_keys\":" << Strings(f.missingKeys) << ",\"notes\":" << Strings(f.notes)
      << ",\"skipped\":{";
    sep = "";
    for (const auto& [why, count] : f.skippedWhy)
    {
        s << sep << Quote(why) << ":" << count;
        sep = ",";
    }
    s << "},\"nodes\":[";
    sep = "";
    for (uint32_t n = 0; n < events.Endpoints().size(); ++n)
    {
        const ns3::RunTally::NodeTally& t = tally.Of(n);
        s << sep << "{\"node\":" << n << ",\"name\":" << Quote(events.Endpoints()[n].address)
          << ",\"unprotected\":" << t.unprotectedPackets << ",\"drops\":{";
        const char* dsep = "";
        for (size_t r = 0; r < kDropReasonCount; ++r)
        {
            const std::string reason = ToString(static_cast<DropReason>(r));
            auto it = t.drops.find(reason);
            s << dsep << Quote(reason) << ":" << (it == t.drops.end() ? 0 : it->second);
            dsep = ",";
        }
        s << "},\"sas\":[";
        dsep = "";
        for (const ns3::RunTally::SaTally& sa : t.sas)
        {
            s << dsep << "{\"sa\":" << Quote(sa.sa) << ",\"spi\":" << sa.spi
              << ",\"protocol\":" << Quote(sa.protocol) << ",\"packets\":" << sa.packets
              << ",\"octets\":" << sa.octets << "}";
            dsep = ",";
        }
        s << "],\"ike\":{\"established\":" << t.ikeSasEstablished
          << ",\"child_sas\":" << t.childSas.size() << ",\"rekeys\":" << t.rekeys
          << ",\"retransmissions\":" << t.retransmissions
          << ",\"messages_sent\":" << t.ikeMessagesSent << "}}";
        sep = ",";
    }
    s << "]}\n";
    if (!s || !topo || !jsonl || !narration)
    {
        return "writing into " + out + " failed";
    }
    return "";
}

} // namespace ipseclab::explain
