// IKEv2 in a capture: each message decrypted and its ICV checked with the IKE SA's keys, the
// ladder with message IDs and retransmissions, the proposal chosen, the Child SAs with their
// SPIs (so ESP can be matched to them), rekeys and deletes. Emits the ike/* events a node
// would have, at the endpoint that sent the message.
#ifndef IPSECLAB_EXPLAIN_IKE_EXPLAINER_H
#define IPSECLAB_EXPLAIN_IKE_EXPLAINER_H

#include "capture-events.h"
#include "findings.h"
#include "key-tables.h"
#include "packet-classifier.h"

#include <map>
#include <memory>

namespace ipseclab::explain
{

class IkeExplainer
{
  public:
    IkeExplainer(const KeyTables& keys, CaptureEvents& events, Findings& findings);
    ~IkeExplainer();

    void Explain(const ClassifiedPacket& packet);
    /// After the last packet: IKE SAs whose keys were missing are named in the findings.
    void Finish();

  private:
    struct IkeSa;
    const KeyTables& m_keys;
    CaptureEvents& m_events;
    Findings& m_findings;
    std::map<uint64_t, std::unique_ptr<IkeSa>> m_sas; ///< by SPIi
};

} // namespace ipseclab::explain

#endif
