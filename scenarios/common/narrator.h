// Tells the story of a run in numbered steps a student can follow, by reading the event stream
// (it never looks at protocol state itself: the events carry everything it says). With --steps
// it prints them; always, it writes them to narration.jsonl beside events.jsonl, each sentence
// with the seq of the event it tells (the visualizer's narration pane, docs/events.md).
#ifndef IPSECLAB_NARRATOR_H
#define IPSECLAB_NARRATOR_H

#include "events/event.h"

#include <fstream>
#include <map>
#include <string>

namespace ns3
{

class Narrator
{
  public:
    /// steps: print every step as it happens; otherwise only Step() calls and the summary.
    explicit Narrator(bool steps);
    ~Narrator();
    Narrator(const Narrator&) = delete;
    Narrator& operator=(const Narrator&) = delete;

    /// A step of the scenario's own story (also written as a scenario/step event).
    void Step(const std::string& title, const std::string& text);
    /// How many data packets of one SA are narrated before they are only counted.
    void SetPacketsPerSa(uint32_t n) { m_packetsPerSa = n; }

  private:
    void OnEvent(const ipseclab::Event& event);
    void Say(const ipseclab::Event& event, const std::string& text);
    /// The KEYMAT derivation of `node` held back, now that it is known whether PFS was used.
    void TellKeymat(const std::string& node, bool pfs);
    /// One line of narration.jsonl (opened beside the event stream's file when it changes).
    void Record(const ipseclab::Event& event, const std::string& title, const std::string& text);

    bool m_steps;
    uint32_t m_subscription = 0;
    uint32_t m_number = 0;
    uint32_t m_told = 0;        ///< step numbers as --steps prints them, counted with or without it
    std::string m_narrationFor; ///< the events.jsonl path narration.jsonl belongs to
    std::ofstream m_narration;
    uint32_t m_packetsPerSa = 2;
    std::map<std::string, uint32_t> m_perSa;
    std::map<std::string, std::string> m_skeyseed;   ///< per node, until its SK_ai is derived
    std::map<std::string, ipseclab::Event> m_keymat; ///< per node, until its Child SA is installed
    std::map<std::string, std::string> m_requests;   ///< "spi_i/message ID" -> request summary
};

} // namespace ns3

#endif
