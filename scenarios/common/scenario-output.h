// What every scenario program shares: the common options (--out, --seed, --run), reproducible
// set-up, node names, pcaps, and the files written at the end (events.jsonl, esp_sa,
// ikev2_decryption_table, summary.json).
#ifndef IPSECLAB_SCENARIO_OUTPUT_H
#define IPSECLAB_SCENARIO_OUTPUT_H

#include "checked-command-line.h"
#include "site-topology.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class ScenarioOptions
{
  public:
    explicit ScenarioOptions(std::string name);
    /// Adds --out, --seed, --run, --events to the scenario's command line.
    void AddTo(CheckedCommandLine& cmd);
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

  private:
    std::string m_name;
    std::string m_out;
    uint32_t m_seed = 1;
    uint32_t m_run = 1;
    bool m_events = true;

    /// What summary.json reports per node beyond the stacks' counters, tallied from the event
    /// stream (so the summary and the events can never disagree).
    struct Tally
    {
        uint64_t ikeMessagesSent = 0;
        uint64_t ikeMessagesReceived = 0;
        std::map<std::string, uint64_t> ikeMessagesDropped; ///< by reason
        uint64_t sasInstalled = 0;
        uint64_t sasDeleted = 0;
        double setupTime = -1; ///< first IKE SA: seconds from connect to established
        std::map<std::string, double> rekeyStarted; ///< "child/<spi>" or "ike" -> start time
        std::vector<double> rekeyDurations;
    };
    std::map<uint32_t, Tally> m_tally;
    uint32_t m_subscription = 0;
};

} // namespace ns3

#endif
