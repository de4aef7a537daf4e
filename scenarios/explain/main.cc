// ./lab explain CAPTURE [--keys DIR] [--out DIR] [--steps] [--replayWindow N]: explains a
// pcap or pcapng of IKEv2, ESP and AH with the keys given, and writes the outputs a scenario
// writes (docs/explain.md). Exit status 2 for bad arguments or unreadable input.
#include "explain-outputs.h"
#include "ike-explainer.h"
#include "ipsec-explainer.h"
#include "key-tables.h"
#include "pcap-reader.h"

#include <filesystem>
#include <iostream>

using namespace ipseclab;
using namespace ipseclab::explain;

namespace
{

constexpr const char* kUsage =
    "usage: explain CAPTURE.pcap [--keys DIR]... [--out DIR] [--steps] [--replayWindow N]\n"
    "  --keys DIR        esp_sa, ikev2_decryption_table and/or a lab run's events.jsonl\n"
    "  --out DIR         where events.jsonl, summary.json, narration.jsonl, topology.json go\n"
    "                    (default: results/explain-<capture name>)\n"
    "  --steps           print the narration\n"
    "  --replayWindow N  the replay window assumed where the keys do not give it (32)\n";

int
Fail(const std::string& message)
{
    std::cerr << "explain: error: " << message << "\n";
    return 2;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string capturePath, out;
    std::vector<std::string> keyDirs;
    bool steps = false;
    uint32_t window = 32;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        std::string value;
        const size_t eq = a.find('=');
        if (a.rfind("--", 0) == 0 && eq != std::string::npos)
        {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
        }
        auto next = [&]() -> std::string
        {
            if (!value.empty())
            {
                return value;
            }
            if (i + 1 >= argc)
            {
                throw std::invalid_argument(a + " needs a value");
            }
            return argv[++i];
        };
        try
        {
            if (a == "--keys")
            {
                keyDirs.push_back(next());
            }
            else if (a == "--out")
            {
                out = next();
            }
            else if (a == "--steps")
            {
                steps = true;
            }
            else if (a == "--replayWindow")
            {
                const std::string v = next();
                const bool digits = !v.empty() && v.size() <= 4 &&
                                    v.find_first_not_of("0123456789") == std::string::npos;
                const unsigned long n = digits ? std::stoul(v) : 0;
                if (!digits || n > 4096)
                {
                    throw std::invalid_argument("--replayWindow takes 0..4096, not " + v);
                }
                window = static_cast<uint32_t>(n);
            }
            else if (a == "--charon-log")
            {
                throw std::invalid_argument("--charon-log is not implemented yet: give charon's "
                                            "keys as Wireshark tables with --keys DIR");
            }
            else if (a == "-h" || a == "--help")
            {
                std::cout << kUsage;
                return 0;
            }
            else if (a.rfind("--", 0) == 0 || !capturePath.empty())
            {
                throw std::invalid_argument("unknown argument '" + std::string(argv[i]) + "'");
            }
            else
            {
                capturePath = a;
            }
        }
        catch (const std::exception& e)
        {
            std::cerr << kUsage;
            return Fail(e.what());
        }
    }
    if (capturePath.empty())
    {
        std::cerr << kUsage;
        return Fail("no capture given");
    }
    if (out.empty())
    {
        out = "results/explain-" + std::filesystem::path(capturePath).stem().string();
    }
    CaptureInfo info;
    info.path = capturePath;
    Capture capture;
    KeyTables keys;
    try
    {
        capture = ReadCaptureFile(capturePath);
        for (const std::string& dir : keyDirs)
        {
            ReadKeyDirectory(dir, keys);
        }
    }
    catch (const std::exception& e)
    {
        return Fail(e.what());
    }
    info.format = capture.format;
    info.frames = capture.frames.size();
    info.keysRead = keys.read;
    for (uint32_t t : capture.linkTypes)
    {
        info.linkTypes +=
            (info.linkTypes.empty() ? "" : ", ") + std::to_string(t) + " (" + LinkTypeName(t) + ")";
    }
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec)
    {
        return Fail("cannot create " + out + ": " + ec.message());
    }
    CaptureEvents events;
    Findings findings;
    // Lab captures are stamped in simulated seconds; wall-clock ones are shown from their start.
    const int64_t first = capture.frames.empty() ? 0 : capture.frames.front().timeNs;
    events.SetTimeZero(first > int64_t(86400) * 1000000000 ? first : 0);
    events.Emit(
        Event(Layer::Scenario, "step")
            .Add("number", uint64_t(1))
            .Add("title", "Capture")
            .Add("text",
                 capturePath + ": " + capture.format + ", " +
                     std::to_string(capture.frames.size()) + " frames, link type " +
                     info.linkTypes + "; keys: " +
                     (keys.read.empty() ? "none"
                                        : std::to_string(keys.sas.size()) + " ESP/AH SAs, " +
                                              std::to_string(keys.ike.size()) + " IKE SAs")),
        events.TimeZero(),
        "");
    IkeExplainer ike(keys, events, findings);
    IpsecExplainer ipsec(keys, events, findings, window);
    for (const CapturedFrame& frame : capture.frames)
    {
        const ClassifiedPacket p = Classify(frame);
        switch (p.kind)
        {
        case PacketKind::Ike:
            ike.Explain(p);
            break;
        case PacketKind::Esp:
        case PacketKind::Ah:
            ipsec.Explain(p);
            break;
        case PacketKind::Keepalive:
            ++findings.keepalives;
            break;
        case PacketKind::Other:
            ++findings.other;
            break;
        case PacketKind::Skipped:
            ++findings.skipped;
            ++findings.skippedWhy[p.why];
            break;
        }
    }
    ike.Finish();
    ipsec.Finish();
    std::string verdicts;
    for (const auto& [id, v] : findings.spis)
    {
        char line[200];
        std::snprintf(line,
                      sizeof(line),
                      "\n  %s SPI 0x%08x %s -> %s: %llu packets, ",
                      id.first.c_str(),
                      v.spi,
                      v.src.c_str(),
                      v.dst.c_str(),
                      (unsigned long long) v.packets);
        verdicts += line;
        verdicts += v.keySource.empty() ? "no key"
                                        : std::to_string(v.icvOk) + " ICV ok, " +
                                              std::to_string(v.icvFailed) + " ICV failed";
        if (v.badPadding > 0)
        {
            verdicts += ", " + std::to_string(v.badPadding) + " bad padding";
        }
        verdicts += ", " + std::to_string(v.replayed) + " replayed, " + std::to_string(v.tooOld) +
                    " too old (window " + std::to_string(v.window) +
                    (v.windowAssumed ? ", assumed" : "") + ")";
    }
    std::string missing;
    for (const std::string& m : findings.missingKeys)
    {
        missing += "\n  missing: " + m;
    }
    events.Emit(Event(Layer::Scenario, "step")
                    .Add("number", uint64_t(2))
                    .Add("title", "Verdicts")
                    .Add("text",
                         "IKE: " + std::to_string(findings.ikeMessages) + " messages, " +
                             std::to_string(findings.ikeDecrypted) +
                             " decrypted with a verified ICV, " +
                             std::to_string(findings.ikeIntegrityFailed) + " failed their ICV, " +
                             std::to_string(findings.ikeNotDecrypted) + " without keys, " +
                             std::to_string(findings.ikeRetransmissions) + " retransmissions." +
                             verdicts + missing),
                capture.frames.empty() ? events.TimeZero() : capture.frames.back().timeNs,
                "");
    const std::string error = WriteOutputs(out, info, events, findings, steps);
    if (!error.empty())
    {
        return Fail(error);
    }
    std::cout << "explain: " << capturePath << ": " << events.Events().size() << " events"
              << verdicts << missing << "\n  outputs in " << out
              << "/: events.jsonl, summary.json, narration.jsonl, topology.json\n";
    return 0;
}
