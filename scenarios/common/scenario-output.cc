#include "scenario-output.h"

#include "events/event-stream.h"
#include "events/json-writer.h"
#include "events/key-export.h"
#include "helper/ike-helper.h"
#include "ipsec/ipsec-stack.h"
#include "topology-file.h"

#include <ns3/boolean.h>
#include <ns3/csma-helper.h>
#include <ns3/global-value.h>
#include <ns3/names.h>
#include <ns3/node-list.h>
#include <ns3/point-to-point-helper.h>
#include <ns3/rng-seed-manager.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace ns3
{

ScenarioOptions::ScenarioOptions(std::string name, std::string outHelp)
    : m_name(std::move(name))
    , m_outHelp(outHelp.empty() ? "Directory for pcaps, key files, events.jsonl and summary.json"
                                : std::move(outHelp))
    , m_out("results/" + m_name)
{
}

void
ScenarioOptions::AddTo(CheckedCommandLine& cmd)
{
    cmd.AddValue("out", m_outHelp, m_out);
    cmd.AddValue("seed", "Random seed (same seed and run: byte-identical outputs)", m_seed);
    cmd.AddValue("run", "Run number (independent replication of the same seed)", m_run);
    cmd.AddValue("events", "Write the event stream (events.jsonl)", m_events);
    cmd.AddValue("steps", "Narrate every protocol step", m_steps);
    cmd.Range("seed", 1, 4294967295.0, "ns-3's seed cannot be 0");
    cmd.Range("run", 0, 4294967295.0);
}

ScenarioOptions
ScenarioOptions::ForCase(const std::string& subdirectory) const
{
    ScenarioOptions options(m_name);
    options.m_out = m_out + "/" + subdirectory;
    options.m_seed = m_seed;
    options.m_run = m_run;
    options.m_events = m_events;
    options.m_steps = m_steps;
    return options;
}

void
ScenarioOptions::Apply()
{
    if (m_seed == 0)
    {
        std::cerr << m_name << ": --seed must be at least 1\n";
        std::exit(2);
    }
    RngSeedManager::SetSeed(m_seed);
    RngSeedManager::SetRun(m_run);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    std::error_code error;
    std::filesystem::create_directories(m_out, error);
    if (error)
    {
        std::cerr << m_name << ": cannot create " << m_out << ": " << error.message() << "\n";
        std::exit(2);
    }
    EventStream::Default()->Reset();
    KeyExport::Default()->Reset();
    m_tally = RunTally();
    m_subscription = EventStream::Default()->Subscribe(
        [this](const ipseclab::Event& e, const std::string&)
        {
            m_tally.Observe(e);
            KeyExport::Default()->Observe(e);
        });
    if (m_events && !EventStream::Default()->Open(m_out + "/events.jsonl"))
    {
        std::cerr << m_name << ": cannot write " << m_out << "/events.jsonl\n";
        std::exit(2);
    }
}

void
ScenarioOptions::NameNodes(const SiteTopology& t) const
{
    for (uint32_t i = 0; i < t.lanA.GetN(); ++i)
    {
        Names::Add("hostA" + std::to_string(i), t.lanA.Get(i));
        Names::Add("hostB" + std::to_string(i), t.lanB.Get(i));
    }
    Names::Add("gwA", t.gwA);
    Names::Add("gwB", t.gwB);
}

void
ScenarioOptions::EnablePcaps(const SiteTopology& t) const
{
    PointToPointHelper wan;
    wan.EnablePcap(m_out + "/wan.pcap", t.wanDevices.Get(0), false, true);
    CsmaHelper lan;
    lan.EnablePcap(m_out + "/lan-a.pcap", t.lanADevices.Get(t.lanA.GetN()), true, true);
    lan.EnablePcap(m_out + "/lan-b.pcap", t.lanBDevices.Get(t.lanB.GetN()), true, true);
}

namespace
{

std::string
Quote(const std::string& text)
{
    std::string out;
    ipseclab::AppendJsonString(out, text);
    return out;
}

} // namespace

void
ScenarioOptions::Finish()
{
    KeyExport::Default()->WriteTo(m_out);
    WriteTopologyFile(m_out + "/topology.json");
    // summary.json: per node, the IPsec counters; per SA, packets, octets and drops by reason.
    std::ofstream summary(m_out + "/summary.json");
    summary << "{\"scenario\":" << Quote(m_name) << ",\"seed\":" << m_seed << ",\"run\":" << m_run
            << ",\"nodes\":[";
    const char* nodeSep = "";
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        Ptr<IpsecStack> stack = node->GetObject<IpsecStack>();
        if (!stack)
        {
            continue;
        }
        // Every figure comes from the event stream (RunTally); the stack only says which nodes
        // run IPsec. Drop reasons are listed in DropReason's order.
        const RunTally::NodeTally& t = m_tally.Of(n);
        auto countOf = [](const std::map<std::string, uint64_t>& counts, const std::string& key)
        {
            auto it = counts.find(key);
            return it == counts.end() ? uint64_t(0) : it->second;
        };
        summary << nodeSep << "{\"node\":" << n << ",\"name\":" << Quote(Names::FindName(node))
                << ",\"protected\":" << t.protectedPackets
                << ",\"unprotected\":" << t.unprotectedPackets << ",\"drops\":{";
        const char* sep = "";
        for (size_t r = 0; r < ipseclab::kDropReasonCount; ++r)
        {
            const std::string reason = ipseclab::ToString(static_cast<ipseclab::DropReason>(r));
            summary << sep << Quote(reason) << ":" << countOf(t.drops, reason);
            sep = ",";
        }
        summary << "},\"sas\":[";
        sep = "";
        for (const RunTally::SaTally& sa : t.sas)
        {
            summary << sep << "{\"sa\":" << Quote(sa.sa) << ",\"spi\":" << sa.spi
                    << ",\"direction\":" << Quote(sa.direction)
                    << ",\"protocol\":" << Quote(sa.protocol) << ",\"mode\":" << Quote(sa.mode)
                    << ",\"proposal\":" << Quote(sa.proposal) << ",\"packets\":" << sa.packets
                    << ",\"octets\":" << sa.octets << ",\"state\":" << Quote(sa.state)
                    << ",\"drops\":{";
            const char* dsep = "";
            for (size_t r = 0; r < ipseclab::kDropReasonCount; ++r)
            {
                const std::string reason = ipseclab::ToString(static_cast<ipseclab::DropReason>(r));
                if (const uint64_t count = countOf(sa.drops, reason))
                {
                    summary << dsep << Quote(reason) << ":" << count;
                    dsep = ",";
                }
            }
            summary << "}}";
            sep = ",";
        }
        summary << "]";
        summary << ",\"sas_installed\":" << t.sasInstalled << ",\"sas_deleted\":" << t.sasDeleted;
        if (Ptr<IkeDaemon> ike = IkeHelper::GetDaemon(node))
        {
            summary << ",\"ike\":{\"established\":" << t.ikeSasEstablished
                    << ",\"child_sas\":" << t.childSas.size() << ",\"rekeys\":" << t.rekeys
                    << ",\"retransmissions\":" << t.retransmissions
                    << ",\"messages_sent\":" << t.ikeMessagesSent
                    << ",\"messages_received\":" << t.ikeMessagesReceived
                    << ",\"messages_dropped\":{";
            const char* dsep = "";
            for (const auto& [reason, count] : t.ikeMessagesDropped)
            {
                summary << dsep << Quote(reason) << ":" << count;
                dsep = ",";
            }
            summary << "},\"cookies_sent\":" << t.cookiesSent
                    << ",\"half_open_peak\":" << t.halfOpenPeak
                    << ",\"setup_time_s\":" << ipseclab::FormatDouble(t.setupTime)
                    << ",\"rekey_durations_s\":[";
            const char* rsep = "";
            for (double d : t.rekeyDurations)
            {
                summary << rsep << ipseclab::FormatDouble(d);
                rsep = ",";
            }
            summary << "]}";
        }
        summary << "}";
        nodeSep = ",";
    }
    summary << "]}\n";
    summary.close();
    EventStream::Default()->Unsubscribe(m_subscription);
    EventStream::Default()->Close();
    std::cout << "  outputs in " << m_out << "/: events.jsonl, *.pcap, esp_sa, "
              << "ikev2_decryption_table, summary.json\n";
}

PskOptions::PskOptions(std::string psk, std::string bothHelp,
                       std::pair<std::string, std::string> endA,
                       std::pair<std::string, std::string> endB)
    : m_psk(std::move(psk))
    , m_bothHelp(std::move(bothHelp))
    , m_ends{std::move(endA), std::move(endB)}
{
}

void
PskOptions::AddTo(CheckedCommandLine& cmd)
{
    cmd.AddValue("psk", m_bothHelp, m_psk);
    for (size_t end = 0; end < 2; ++end)
    {
        cmd.AddValue("psk" + m_ends[end].first,
                     m_ends[end].second + "'s pre-shared key (default: --psk)",
                     m_own[end]);
    }
}

const std::string&
PskOptions::Of(size_t end) const
{
    return m_own[end].empty() ? m_psk : m_own[end];
}

} // namespace ns3
