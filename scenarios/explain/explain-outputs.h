// The outputs of an explanation, the same files a scenario writes: events.jsonl, summary.json
// (RunTally's per-node figures plus what the capture showed per SPI and which keys were
// missing), narration.jsonl (and the narration on stdout with --steps) and topology.json with
// the capture's endpoints.
#ifndef IPSECLAB_EXPLAIN_OUTPUTS_H
#define IPSECLAB_EXPLAIN_OUTPUTS_H

#include "capture-events.h"
#include "findings.h"

#include <string>

namespace ipseclab::explain
{

struct CaptureInfo
{
    std::string path;
    std::string format;
    std::string linkTypes; ///< "9 (PPP)"
    uint64_t frames = 0;
    std::vector<std::string> keysRead;
};

/// Writes the four files into `out` (which must exist); returns "" or the error.
std::string WriteOutputs(const std::string& out, const CaptureInfo& info,
                         const CaptureEvents& events, const Findings& findings, bool steps);

/// One sentence for an event, or "" when the narration passes over it.
std::string Narrate(const ipseclab::Event& event);

} // namespace ipseclab::explain

#endif
