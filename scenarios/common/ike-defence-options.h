// The options every scenario with IKE shares about hostile peers: the responder's DoS
// defences (COOKIE threshold, half-open limit) and an attacker on the WAN that forges IKE
// messages (attack/ike-forger.h), so that any IKE scenario can show the daemon ignoring a
// forged DELETE or AUTHENTICATION_FAILED and surviving an IKE_SA_INIT flood.
#ifndef IPSECLAB_IKE_DEFENCE_OPTIONS_H
#define IPSECLAB_IKE_DEFENCE_OPTIONS_H

#include "attack/ike-forger.h"
#include "checked-command-line.h"
#include "ikev2/ike-daemon.h"
#include "run-tally.h"

#include <ns3/ipv4-address.h>
#include <ns3/net-device.h>

#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class IkeDefenceOptions
{
  public:
    /// --cookieThreshold, --halfOpenLimit, --attack, --attackAt, --floodCount.
    void AddTo(CheckedCommandLine& cmd);
    /// After cmd.Parse: sets the daemons' defaults (before they are created). Exits with one
    /// line naming the problem for an unknown attack.
    void Apply(const std::string& program);

    bool Wants(const std::string& attack) const { return m_attacks.count(attack) != 0; }
    /// The responder must accept initiators from any address for a flood to reach its IKE
    /// state (as a remote-access gateway does).
    bool Flood() const { return Wants("init-flood"); }

    /// The attacker on a link between an initiator and a responder: `atResponder` is the
    /// responder's device on that link (what reaches the responder is read there) and
    /// `atInitiator` the initiator's. Does nothing when no attack was asked for.
    void Install(Ptr<NetDevice> atInitiator, Ptr<NetDevice> atResponder,
                 Ipv4Address responderAddress, const std::string& proposal);
    Ptr<IkeForger> GetForger() const { return m_forger; }

  private:
    uint32_t m_cookieThreshold = 30;
    uint32_t m_halfOpenLimit = 0;
    std::string m_attack = "none";
    double m_attackAt = 1.5;
    uint32_t m_floodCount = 1000;
    std::set<std::string> m_attacks;
    Ptr<IkeForger> m_forger;
};

/// "  IKE messages not acted on: gwB unprotected 1" (nothing when none was dropped).
/// Read from the stream's tally, like every figure a scenario reports.
void PrintIkeDrops(std::ostream& out, const RunTally& tally,
                   const std::vector<std::pair<std::string, Ptr<Node>>>& nodes);

} // namespace ns3

#endif
