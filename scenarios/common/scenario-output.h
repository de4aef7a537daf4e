// What every scenario program shares: the common options (--out, --seed, --run), reproducible
// set-up, node names, pcaps, and the files written at the end (events.jsonl, esp_sa,
// ikev2_decryption_table, summary.json).
#ifndef IPSECLAB_SCENARIO_OUTPUT_H
#define IPSECLAB_SCENARIO_OUTPUT_H

#include "checked-command-line.h"
#include "run-tally.h"
#include "site-topology.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class ScenarioOptions
{
  public:
    /// outHelp: what --out holds, when it is not the usual set of files.
    explicit ScenarioOptions(std::string name, std::string outHelp = "");
    /// Adds the options every scenario has: --out, --seed, --run, --events, --steps.
    void AddTo(CheckedCommandLine& cmd);
    /// The options of one case of a program that runs several simulations (ike-failures): the
    /// same seed, run, events and steps, the output in out/subdirectory, a fresh tally.
    ScenarioOptions ForCase(const std::string& subdirectory) const;
    /// After cmd.Parse: seeds ns-3's RNG, turns on IP checksums (so pcaps are valid for
    /// Wireshark), creates the output directory and opens the event stream in it.
    void Apply();
    /// Names nodes (hostA0, gwA, ...) for events and pcaps.
    void NameNodes(const SiteTopology& t) const;
    /// wan.pcap (gwA's WAN side), lan-a.pcap and lan-b.pcap (promiscuous on each LAN).
    void EnablePcaps(const SiteTopology& t) const;
    /// Before Simulator::Destroy: writes the key files and summary.json; prints the paths.
    void Finish();

    const std::string& GetOutputDirectory() const { return m_out; }
    bool GetSteps() const { return m_steps; }
    uint32_t GetSeed() const { return m_seed; }
    uint32_t GetRun() const { return m_run; }
    bool GetEventsEnabled() const { return m_events; }
    /// The run's figures per node, tallied from the event stream (after Apply).
    const RunTally& GetTally() const { return m_tally; }

  private:
    std::string m_name;
    std::string m_outHelp;
    std::string m_out;
    uint32_t m_seed = 1;
    uint32_t m_run = 1;
    bool m_events = true;
    bool m_steps = false;

    RunTally m_tally; ///< what summary.json reports, tallied from the event stream
    uint32_t m_subscription = 0;
};

/// The pre-shared-key triple of the PSK scenarios, declared once: --psk for both ends and
/// --psk<End> for each end (empty: --psk), so one end can be given a wrong key.
class PskOptions
{
  public:
    /// ends: the option suffixes and their owners, e.g. {{"A", "gwA"}, {"B", "gwB"}}.
    PskOptions(std::string psk, std::string bothHelp, std::pair<std::string, std::string> endA,
               std::pair<std::string, std::string> endB);
    void AddTo(CheckedCommandLine& cmd);
    /// The key both ends share by default (--psk).
    const std::string& Both() const { return m_psk; }
    /// End 0 (A) or 1 (B)'s key: its own option, else --psk.
    const std::string& Of(size_t end) const;

  private:
    std::string m_psk;
    std::string m_bothHelp;
    std::pair<std::string, std::string> m_ends[2];
    std::string m_own[2];
};

} // namespace ns3

#endif
