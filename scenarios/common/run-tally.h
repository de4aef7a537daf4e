// What a run's event stream adds up to, per node: the figures of summary.json and what the
// scenarios report and check at the end. Tallied from the events alone (docs/events.md,
// "summary.json"), so the summary, a scenario's report and the stream cannot disagree.
#ifndef IPSECLAB_RUN_TALLY_H
#define IPSECLAB_RUN_TALLY_H

#include "events/event.h"

#include <ns3/ipv4-address.h>

#include <cstdint>
#include <list>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
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

    /// One SA in the node's SAD, as its sad/install event described it.
    struct SaTally
    {
        std::string sa; ///< e.g. "esp/tunnel/0x54de26a7/out"
        uint64_t spi = 0;
        std::string direction;
        std::string protocol;
        std::string mode;
        std::string proposal;
        uint64_t packets = 0;         ///< encapsulated, or decapsulated with a good ICV
        uint64_t octets = 0;          ///< what the SA's byte lifetime counts (the events' `octets`)
        std::string state = "active"; ///< "soft-expired", "expired" after sad/expire-*
        std::map<std::string, uint64_t> drops; ///< by reason, the drops charged to this SA
    };

    struct NodeTally
    {
        // The data plane (esp/, ah/, spd/, sad/ events).
        uint64_t protectedPackets = 0;         ///< esp/encap and ah/encap
        uint64_t unprotectedPackets = 0;       ///< esp/decap and ah/decap with a good ICV
        std::map<std::string, uint64_t> drops; ///< esp/, ah/ and spd/drop, by reason
        /// The SAs in the SAD now, in the order they were installed.
        std::list<SaTally> sas;
        // IKE (ike/ events).
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
        /// The IKE SAs established here and not yet closed, failed, deleted or rekeyed away.
        std::set<IkeSaKey> ikeSas;

        /// IKE SAs the node holds state for: established ones, those it answered but that are
        /// not yet authenticated, and those it started that have neither come up nor failed.
        size_t IkeSasHeld() const;
        /// The inner address the node sources its packets from now: its virtual IP while an IKE
        /// SA is up and the gateway gave one, "" otherwise.
        std::string CurrentVirtualIp() const;
        /// The Child SAs alive now, by inbound SPI (installed, not deleted, not gone with their
        /// IKE SA; an IKE SA rekey moves them to the new one).
        std::map<uint64_t, ChildSa> childSas;

      private:
        friend class RunTally;
        std::set<IkeSaKey> m_halfOpen;
        std::set<std::string> m_initiating; ///< spi_i of IKE_SA_INIT sent, not yet up or failed
        std::unordered_map<std::string, std::list<SaTally>::iterator> m_saByName;
        std::map<std::string, double> m_rekeyStarted; ///< "child/<spi>" or "ike/" -> start time
    };

    void Observe(const ipseclab::Event& event);
    /// The tally of a node id (an empty one if the node emitted nothing).
    const NodeTally& Of(uint32_t node) const;

  private:
    void ObserveIke(NodeTally& t, const ipseclab::Event& event, double now);
    void ObserveDataPlane(NodeTally& t, const ipseclab::Event& event);
    std::map<uint32_t, NodeTally> m_nodes;
};

/// A node's current virtual IP as a socket source address (any while it has none): what a
/// client binds to, read from the stream rather than from the IKE daemon.
Ipv4Address VirtualIpOrAny(const RunTally::NodeTally& node);

} // namespace ns3

#endif
