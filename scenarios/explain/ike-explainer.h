// IKEv2 in a capture: each message decrypted and its ICV checked with the IKE SA's keys, the
// ladder with message IDs and retransmissions, proposals offered and chosen, traffic
// selectors, the Child SAs with their SPIs, rekeys and deletes. Emits the ike/* and sad/*
// events a node would have, at the endpoint they belong to.
#ifndef IPSECLAB_EXPLAIN_IKE_EXPLAINER_H
#define IPSECLAB_EXPLAIN_IKE_EXPLAINER_H

#include "capture-events.h"
#include "findings.h"
#include "key-tables.h"
#include "packet-classifier.h"

#include "ike/ike-message.h"

#include <map>
#include <memory>
#include <optional>

namespace ipseclab::explain
{

class IkeExplainer
{
  public:
    IkeExplainer(KeyTables& keys, CaptureEvents& events, Findings& findings);
    ~IkeExplainer();

    void Explain(const ClassifiedPacket& packet);
    /// After the last packet: IKE SAs whose keys were missing are named in the findings.
    void Finish();

  private:
    struct Request;
    struct IkeSa;

    IkeSa& SaFor(const IkeHeader& header, const ClassifiedPacket& packet);
    void FindKeys(IkeSa& sa, const Bytes& message);
    std::unique_ptr<IkeCryptoContext> ContextOf(const IkeSa& sa, const IkeSaKeyEntry& keys) const;
    void EmitKeys(IkeSa& sa, const IkeSaKeyEntry& keys, int64_t timeNs);
    void OnInitPair(IkeSa& sa, const IkeMessage& request, const IkeMessage& response,
                    int64_t timeNs);
    void OnChildPair(IkeSa& sa, const IkeMessage& request, const IkeMessage& response,
                     int64_t timeNs, bool ikeAuth);
    void OnIkeRekey(IkeSa& sa, const IkeMessage& request, const IkeMessage& response,
                    int64_t timeNs);
    void OnInformational(IkeSa& sa, const Request& request, const IkeMessage& response,
                         int64_t timeNs);
    void InstallChild(IkeSa& sa, const NegotiatedSa& in, const NegotiatedSa& out,
                      const std::string& at, bool pfs, int64_t timeNs, const std::string& note);
    std::string Key(const IkeSa& sa) const;

    KeyTables& m_keys;
    CaptureEvents& m_events;
    Findings& m_findings;
    std::map<uint64_t, std::unique_ptr<IkeSa>> m_sas; ///< by SPIi (SPIr checked when known)
    std::vector<const IkeSaKeyEntry*> m_usedLogKeys;
};

} // namespace ipseclab::explain

#endif
