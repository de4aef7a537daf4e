// What a run's event stream adds up to, per node: the figures of summary.json and what the
// scenarios report and check at the end. Tallied from the events alone (docs/events.md,
// "summary.json"), so the summary, a scenario's report and the stream cannot disagree.
#ifndef IPSECLAB_RUN_TALLY_H
#define IPSECLAB_RUN_TALLY_H

#include "events/event.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class RunTally
{
  public:
    /// An IKE SA by its SPIs as the events give them (spi_i, spi_r).
    using IkeSaKey = std::pair<std::string, std::string>;

    struct ChildSa
    {
        uint64_t outSpi = 0;
        IkeSaKey ikeSa;
    };

    struct NodeTally
    {
        uint64_t ikeSasEstablished = 0; ///< ike/sa-established, not counting rekeyed IKE SAs
        uint64_t rekeys = 0;            ///< ike/rekey-done (Child and IKE SAs, either side's)
        uint64_t retransmissions = 0;   ///< ike/retransmit
        uint64_t cookiesSent = 0;       ///< ike/cookie as the responder
        uint64_t halfOpenPeak = 0;      ///< most IKE SAs answered but not yet authenticated
        uint64_t ikeMessagesSent = 0;
        uint64_t ikeMessagesReceived = 0;
        std::map<std::string, uint64_t> ikeMessagesDropped; ///< by reason
        uint64_t sasInstalled = 0;
        uint64_t sasDeleted = 0;
        double setupTime = -1; ///< first IKE SA: seconds from connect to established
        std::vector<double> rekeyDurations;
        std::string virtualIp; ///< the last inner address this node was given ("" if none)
        /// The Child SAs alive now, by inbound SPI (installed, not deleted, not gone with their
        /// IKE SA; an IKE SA rekey moves them to the new one).
        std::map<uint64_t, ChildSa> childSas;

      private:
        friend class RunTally;
        std::set<IkeSaKey> m_halfOpen;
        std::map<std::string, double> m_rekeyStarted; ///< "child/<spi>" or "ike/" -> start time
    };

    void Observe(const ipseclab::Event& event);
    /// The tally of a node id (an empty one if the node emitted nothing).
    const NodeTally& Of(uint32_t node) const;

  private:
    void ObserveIke(NodeTally& t, const ipseclab::Event& event, double now);
    std::map<uint32_t, NodeTally> m_nodes;
};

} // namespace ns3

#endif
