#include "site-topology.h"

#include "impair/impairable-channel.h"

#include <ns3/csma-helper.h>
#include <ns3/error-model.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/ipv4-static-routing-helper.h>
#include <ns3/pointer.h>
#include <ns3/string.h>

namespace ns3
{

namespace
{

void
AddDefaultRoute(Ptr<NetDevice> device, Ipv4Address via)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    Ipv4StaticRoutingHelper helper;
    helper.GetStaticRouting(ipv4)->SetDefaultRoute(via, ipv4->GetInterfaceForDevice(device));
}

/// A route to the /24 of `lanAddress` via `via` on `device`.
void
AddNetworkRoute(Ptr<NetDevice> device, Ipv4Address lanAddress, Ipv4Address via)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    Ipv4StaticRoutingHelper helper;
    helper.GetStaticRouting(ipv4)->AddNetworkRouteTo(lanAddress.CombineMask(Ipv4Mask("/24")),
                                                     Ipv4Mask("/24"),
                                                     via,
                                                     ipv4->GetInterfaceForDevice(device));
}

void
AddLossOnReceive(Ptr<NetDevice> device, double rate)
{
    if (rate <= 0.0)
    {
        return;
    }
    auto model = CreateObject<RateErrorModel>();
    model->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
    model->SetRate(rate);
    device->SetAttribute("ReceiveErrorModel", PointerValue(model));
}

} // namespace

SiteTopology
BuildSiteTopology(const SiteTopologyConfig& config)
{
    SiteTopology t;
    t.lanA.Create(config.hostsPerLan);
    t.lanB.Create(config.hostsPerLan);
    t.gwA = CreateObject<Node>();
    t.gwB = CreateObject<Node>();

    InternetStackHelper stack;
    stack.Install(t.lanA);
    stack.Install(t.lanB);
    stack.Install(t.gwA);
    stack.Install(t.gwB);

    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue(config.lanRate));
    lan.SetChannelAttribute("Delay", TimeValue(config.lanDelay));
    NodeContainer segA(t.lanA, NodeContainer(t.gwA));
    NodeContainer segB(t.lanB, NodeContainer(t.gwB));
    t.lanADevices = lan.Install(segA);
    t.lanBDevices = lan.Install(segB);

    // An ImpairableChannel, so that --impair rules can act on the WAN (model/impair).
    t.wanDevices = InstallImpairableLink(t.gwA, t.gwB, config.wanRate, config.wanDelay, "wan");
    AddLossOnReceive(t.wanDevices.Get(0), config.wanLoss);
    AddLossOnReceive(t.wanDevices.Get(1), config.wanLoss);

    Ipv4AddressHelper address;
    address.SetBase("10.1.0.0", "255.255.255.0");
    t.lanAInterfaces = address.Assign(t.lanADevices);
    address.SetBase("10.2.0.0", "255.255.255.0");
    t.lanBInterfaces = address.Assign(t.lanBDevices);
    address.SetBase("192.0.2.0", "255.255.255.252");
    t.wanInterfaces = address.Assign(t.wanDevices);

    // The helper numbers in device order: hosts get .1 .. .n, the gateway .n+1.
    const uint32_t gwIndex = config.hostsPerLan;
    Ipv4Address gwAddrA = t.lanAInterfaces.GetAddress(gwIndex);
    Ipv4Address gwAddrB = t.lanBInterfaces.GetAddress(gwIndex);
    for (uint32_t i = 0; i < config.hostsPerLan; ++i)
    {
        AddDefaultRoute(t.lanADevices.Get(i), gwAddrA);
        AddDefaultRoute(t.lanBDevices.Get(i), gwAddrB);
    }
    // Each gateway routes only the far LAN over the WAN, no default route: a datagram for
    // anywhere else (the answers to an attacker's spoofed sources) is dropped as "no route"
    // instead of bouncing between the gateways until its TTL runs out.
    AddNetworkRoute(
        t.wanDevices.Get(0), t.lanBInterfaces.GetAddress(0), t.wanInterfaces.GetAddress(1));
    AddNetworkRoute(
        t.wanDevices.Get(1), t.lanAInterfaces.GetAddress(0), t.wanInterfaces.GetAddress(0));
    return t;
}

} // namespace ns3
