// ESP and AH in a capture: each packet's ICV verified with its SA's key through the lab's own
// codecs (EspOpen, AhOpen), and what a receiver's replay window of the SA's size would have
// decided (RFC 4303 3.4.3: checked before the ICV, moved only after it verified). Emits the
// replay/, esp/ and ah/ events at the receiving endpoint.
#ifndef IPSECLAB_EXPLAIN_IPSEC_EXPLAINER_H
#define IPSECLAB_EXPLAIN_IPSEC_EXPLAINER_H

#include "capture-events.h"
#include "findings.h"
#include "key-tables.h"
#include "packet-classifier.h"

#include <map>
#include <memory>

namespace ipseclab::explain
{

class IpsecExplainer
{
  public:
    /// defaultWindow: the window assumed where the keys do not say (strongSwan's is 32).
    IpsecExplainer(const KeyTables& keys, CaptureEvents& events, Findings& findings,
                   uint32_t defaultWindow);
    ~IpsecExplainer();

    void Explain(const ClassifiedPacket& packet);
    /// Names the SPIs without keys and checks gaps; call after the last packet.
    void Finish();

  private:
    struct Sa;
    Sa& SaFor(const std::string& protocol, uint32_t spi, const std::string& src,
              const std::string& dst, int64_t timeNs);

    const KeyTables& m_keys;
    CaptureEvents& m_events;
    Findings& m_findings;
    uint32_t m_defaultWindow;
    std::map<std::pair<std::string, uint32_t>, std::unique_ptr<Sa>> m_sas;
};

} // namespace ipseclab::explain

#endif
