#include "lan-topology.h"

#include <ns3/csma-helper.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/names.h>
#include <ns3/string.h>

namespace ns3
{

LanTopology
BuildLanTopology(const std::string& rate, Time delay)
{
    LanTopology t;
    t.server1 = CreateObject<Node>();
    t.server2 = CreateObject<Node>();
    t.eve = CreateObject<Node>();
    Names::Add("server1", t.server1);
    Names::Add("server2", t.server2);
    Names::Add("eve", t.eve);
    InternetStackHelper stack;
    stack.Install(NodeContainer(t.server1, t.server2));
    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue(rate));
    lan.SetChannelAttribute("Delay", TimeValue(delay));
    t.devices = lan.Install(NodeContainer(t.server1, t.server2, t.eve));
    Ipv4AddressHelper address("10.0.0.0", "255.255.255.0");
    NetDeviceContainer servers(t.devices.Get(0), t.devices.Get(1));
    t.interfaces = address.Assign(servers);
    return t;
}

} // namespace ns3
