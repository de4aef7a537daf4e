// A custom scenario as read from its JSON (docs/custom-scenario.md): plain values, checked,
// every name resolved to an index and every address computed. No ns-3 here, so the loader can
// be fuzzed and tested alone; custom-builder.h turns it into a simulation.
#ifndef IPSECLAB_CUSTOM_CONFIG_H
#define IPSECLAB_CUSTOM_CONFIG_H

#include "sa/ipv4-prefix.h"
#include "sa/spd-entry.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipseclab::custom
{

/// A configuration error; the message starts with the JSON path ("$.links[0].rate: ...").
struct ConfigError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

[[noreturn]] void Fail(const std::string& path, const std::string& what);

/// Runs parse; a std::exception it throws (the model's own message) becomes a ConfigError at
/// path.
template <typename F>
auto
OrFail(const std::string& path, F parse) -> decltype(parse())
{
    try
    {
        return parse();
    }
    catch (const ConfigError&)
    {
        throw;
    }
    catch (const std::exception& e)
    {
        Fail(path, e.what());
    }
}

struct LinkSpec
{
    std::string name;
    std::string type;                   ///< "p2p" or "csma"
    std::vector<size_t> nodes;          ///< indexes into CustomConfig::nodes
    std::string rate;                   ///< as given (ns-3 DataRate text)
    std::optional<double> delaySeconds; ///< unset: the type's default
    double loss = 0;
    bool pcap = false;
    Ipv4Prefix subnet;
    std::vector<uint32_t> addresses; ///< one per node, host order

    /// Index of node on this link, or -1.
    int On(size_t node) const;
};

struct RouteSpec
{
    std::string path; ///< "$.routes[i]"
    size_t node = 0;
    bool isDefault = true;
    Ipv4Prefix to;
    uint32_t gateway = 0;
    size_t link = 0; ///< the link whose device of `node` the route leaves through
};

struct ManualSaSpec
{
    std::string path;
    size_t a = 0;
    size_t b = 0;
    IpsecProtocol protocol = IpsecProtocol::Esp;
    IpsecMode mode = IpsecMode::Transport;
    std::optional<std::string> espProposal; ///< unset: ManualSaPairConfig's default
    std::optional<std::string> ahProposal;
    uint32_t addressA = 0;
    uint32_t addressB = 0;
    std::string trafficA;
    std::string trafficB;
    std::optional<uint8_t> ipProtocol;
    uint16_t portB = 0;
    uint32_t spiAtoB = 0;
    uint32_t spiBtoA = 0;
    uint32_t reqid = 0;
    uint32_t replayWindow = 64;
    bool esn = false;
    bool udpEncap = false;
    uint32_t tfcPadTo = 0;
    uint32_t priority = 100;
    double softSeconds = 0;
    double hardSeconds = 0;
};

/// One IKE connection, both ends, from the initiator's point of view. What only the model can
/// check (proposals, dpd and start actions, IkeConfig::Validate) is checked when it is built.
struct IkeSpec
{
    std::string path;
    std::string name;
    size_t initiator = 0;
    size_t responder = 0;
    uint32_t initiatorAddress = 0;
    uint32_t responderAddress = 0;
    std::string initiatorId;
    std::string responderId;
    std::string psk;
    std::optional<std::vector<std::string>> proposals; ///< unset: IkeConfig's default
    double ikeRekeyTime = 0;
    double overTime = 0;
    double ikeRandTime = 0;
    double dpdDelay = 0;
    std::optional<std::string> dpdAction;
    std::optional<double> retransmitTimeout;
    std::optional<uint32_t> retransmitTries;
    bool forceEncap = false;
    bool requestVirtualIp = false;
    double keepalive = 20;
    std::string childName;
    std::vector<std::string> espProposals;
    std::string localTs;
    std::string remoteTs;
    IpsecMode mode = IpsecMode::Tunnel;
    double rekeyTime = 0;
    double lifeTime = 0;
    double randTime = 0;
    std::optional<double> deleteDelay;
    uint32_t replayWindow = 64;
    bool esn = false;
    uint64_t rekeyPackets = 0;
    uint64_t rekeyBytes = 0;
    uint32_t tfcPadTo = 0;
    std::string startAction;
    double startTime = 0.2;
    std::string pool;
    bool responderAcceptsAny = false; ///< responder_remote "any"
    uint32_t cookieThreshold = 30;
    uint32_t halfOpenLimit = 0;
};

struct NatSpec
{
    std::string path;
    size_t node = 0;
    size_t inside = 0; ///< link indexes
    size_t outside = 0;
    double udpTimeout = 30;
};

struct FlowSpec
{
    std::string path;
    std::string type; ///< "udp-echo" or "udp-stream"
    std::string name;
    size_t from = 0;
    size_t to = 0;
    uint32_t toAddress = 0;
    uint16_t port = 0;
    uint32_t size = 256;
    double start = 1;
    double interval = 0.1;
    uint32_t count = 10;
    int virtualIpFrom = -1; ///< udp-echo from a virtual IP: index of the IKE connection
};

struct AttackerSpec
{
    std::string path;
    std::string type; ///< "replay", "tamper", "eavesdrop", "ike-forger"
    size_t link = 0;
    int at = 0; ///< index on the link of the attacked node's device
    // replay
    uint8_t protocol = 50;
    uint32_t capture = 5;
    std::optional<double> spacingSeconds;
    std::vector<double> bursts;
    // tamper
    int32_t offset = -1;
    uint64_t xorMask = 1;
    uint64_t every = 1;
    uint64_t skip = 0;
    // eavesdrop
    std::vector<std::string> secrets;
    // ike-forger
    std::vector<std::string> attacks;
    double deleteAt = 1.5;
    uint32_t floodCount = 1000;
    std::string floodProposal;
};

struct CustomConfig
{
    std::string name = "custom";
    double duration = 5;
    bool globalRouting = false;
    std::vector<std::string> nodes;
    std::vector<bool> ipsec; ///< per node: IPsec installed (asked for, or used by an SA)
    std::vector<LinkSpec> links;
    std::vector<RouteSpec> routes;
    std::vector<ManualSaSpec> manualSas;
    std::vector<IkeSpec> ike;
    std::vector<NatSpec> nats;
    std::vector<FlowSpec> traffic;
    std::vector<AttackerSpec> attackers;
};

/// Parses and checks a configuration (the octets of its file). @throws ConfigError.
CustomConfig ParseCustomConfig(const std::string& json, const std::string& fileName);

} // namespace ipseclab::custom

#endif
