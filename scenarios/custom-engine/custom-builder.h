// A CustomConfig made into an ns-3 simulation, in the order the custom scenario has always
// built it (node ids, random streams and so every output octet depend on that order), and the
// report read from it after the run. Errors only the model can find (proposals, IkeConfig
// validation, installs) are ConfigErrors naming the JSON path, as the loader's are.
#ifndef IPSECLAB_CUSTOM_BUILDER_H
#define IPSECLAB_CUSTOM_BUILDER_H

#include "attack/eavesdropper.h"
#include "attack/ike-forger.h"
#include "attack/replay-attacker.h"
#include "attack/tamper-model.h"
#include "common/home-office-topology.h"
#include "common/run-tally.h"
#include "custom-config.h"
#include "ikev2/ike-daemon.h"
#include "nat/nat-router.h"

#include <ns3/net-device-container.h>
#include <ns3/node.h>
#include <ns3/socket.h>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ipseclab::custom
{

struct Flow
{
    std::string name;
    std::string type;
    std::string from;
    std::string to;
    std::unique_ptr<ns3::BoundEchoClient> client; ///< udp-echo
    ns3::Ptr<ns3::Socket> sender;                 ///< udp-stream
    ns3::Ptr<ns3::Socket> sink;
    uint32_t sent = 0;
    uint32_t received = 0;
};

struct Attacker
{
    std::string type;
    std::string link;
    ns3::Ptr<ns3::ReplayAttacker> replay;
    ns3::Ptr<ns3::TamperModel> tamper;
    ns3::Ptr<ns3::Eavesdropper> eavesdropper;
    ns3::Ptr<ns3::IkeForger> forger;
    std::vector<std::string> secrets;
};

struct IkePair
{
    std::string name;
    std::string initiator;
    std::string responder;
    ns3::Ptr<ns3::IkeDaemon> initiatorDaemon;
    ns3::Ptr<ns3::IkeDaemon> responderDaemon;
};

/// What the simulation is made of, per entry of the configuration.
struct CustomWorld
{
    CustomWorld(const CustomConfig& c, const ns3::RunTally& t)
        : config(c)
        , tally(&t)
    {
    }

    const CustomConfig& config;
    const ns3::RunTally* tally; ///< the run's stream tally: what flows read of IKE at run time
    std::vector<ns3::Ptr<ns3::Node>> nodes;
    std::vector<ns3::NetDeviceContainer> devices; ///< per link, in its node order
    std::vector<IkePair> ikePairs;
    std::vector<std::pair<std::string, ns3::Ptr<ns3::NatRouter>>> nats;
    std::map<std::pair<ns3::Ptr<ns3::Node>, uint16_t>, std::unique_ptr<ns3::RecordingEchoServer>>
        echoServers;
    std::deque<Flow> flows; ///< a deque: stream callbacks hold pointers to their flow
    std::vector<Attacker> attackers;
};

/// Nodes, links with their addresses, static (or global) routes.
void BuildTopology(CustomWorld& w);
/// IPsec on the nodes that need it, hand-keyed SA pairs, IKE connections.
void BuildIpsec(CustomWorld& w);
void BuildNats(CustomWorld& w);
void BuildTraffic(CustomWorld& w);
void BuildAttackers(CustomWorld& w);
/// One pcap per link asked for, in `out`.
void EnablePcaps(const CustomWorld& w, const std::string& out);

/// After the run: per IKE connection, flow, attacker and NAT, and the nodes' IPsec counters,
/// on stdout and in out/custom.json (eavesdroppers write theirs there too).
void Report(const CustomWorld& w, const std::string& out);

} // namespace ipseclab::custom

#endif
