// scenario: a topology and IPsec set-up described in JSON (built from Python)
//
// --config=FILE.json describes everything: nodes, links (p2p / csma, rate, delay, loss, subnet
// or explicit addresses), static routes (or ns-3 global routing), IPsec on nodes, manual SA
// pairs, IKEv2 connections (swanctl-like names), NATs, traffic (UDP echo, constant UDP
// streams), attackers (replay, tamper, eavesdrop, IKE forger), pcaps and the duration.
// python/ipseclab/builder.py writes it (ipseclab.Scenario); docs/custom-scenario.md and
// docs/custom-scenario.schema.json describe it. The engine (scenarios/custom-engine/) reads
// and checks it, then builds the simulation; every configuration error is reported with its
// JSON path (exit 2). Writes the usual outputs plus custom.json: per flow sent/received, per
// attacker its counts, per IKE connection whether it came up.
#include "common/home-office-topology.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "custom-builder.h"

#include <ns3/core-module.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

using namespace ns3;
using namespace ipseclab::custom;

int
main(int argc, char* argv[])
{
    ScenarioOptions options("custom");
    std::string configPath;
    CheckedCommandLine cmd(__FILE__, "custom");
    options.AddTo(cmd);
    cmd.AddValue("config",
                 "The scenario as JSON (docs/custom-scenario.md; ipseclab.Scenario writes it)",
                 configPath);
    cmd.Parse(argc, argv);
    if (configPath.empty())
    {
        std::cerr << "custom: --config=FILE.json is required\n";
        return 2;
    }
    std::ifstream file(configPath, std::ios::binary);
    if (!file)
    {
        std::cerr << "custom: cannot read " << configPath << "\n";
        return 2;
    }
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());

    CustomConfig config;
    std::unique_ptr<CustomWorld> world;
    std::unique_ptr<Narrator> narrator;
    std::string out;
    try
    {
        config = ParseCustomConfig(text, configPath);
        // Nothing touches the simulator before the whole configuration has been read.
        options.Apply();
        out = options.GetOutputDirectory();
        narrator = std::make_unique<Narrator>(options.GetSteps());
        world = std::make_unique<CustomWorld>(config, options.GetTally());
        BuildTopology(*world);
        BuildIpsec(*world);
        BuildNats(*world);
        BuildTraffic(*world);
        BuildAttackers(*world);
    }
    catch (const std::exception& e)
    {
        std::cerr << "custom: configuration error: " << e.what() << "\n";
        return 2;
    }
    std::unique_ptr<NatNarration> natNarration;
    if (!config.nats.empty())
    {
        natNarration = std::make_unique<NatNarration>(options.GetSteps());
    }
    EnablePcaps(*world, out);

    std::ostringstream setUp;
    setUp << config.name << ": " << config.nodes.size() << " nodes, " << config.links.size()
          << " links, " << config.ike.size() << " IKE connection(s), " << config.traffic.size()
          << " traffic flow(s), " << config.attackers.size() << " attacker(s); " << config.duration
          << " simulated seconds.";
    narrator->Step("Set-up", setUp.str());
    Simulator::Stop(Seconds(config.duration));
    Simulator::Run();

    Report(*world, out);
    options.Finish();
    Simulator::Destroy();
    return 0;
}
