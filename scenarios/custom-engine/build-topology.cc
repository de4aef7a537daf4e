// Nodes, links (devices, loss, addresses), routes, NATs and pcaps.
#include "custom-builder.h"
#include "nat/nat-helper.h"

#include <ns3/core-module.h>
#include <ns3/csma-module.h>
#include <ns3/error-model.h>
#include <ns3/internet-module.h>
#include <ns3/point-to-point-module.h>

using namespace ns3;

namespace ipseclab::custom
{
namespace
{

NetDeviceContainer
InstallLink(const CustomWorld& w, const LinkSpec& link)
{
    NodeContainer members;
    for (size_t n : link.nodes)
    {
        members.Add(w.nodes[n]);
    }
    if (link.type == "p2p")
    {
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(link.rate));
        p2p.SetChannelAttribute(
            "Delay", TimeValue(link.delaySeconds ? Seconds(*link.delaySeconds) : MilliSeconds(10)));
        return p2p.Install(members);
    }
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(link.rate));
    csma.SetChannelAttribute(
        "Delay", TimeValue(link.delaySeconds ? Seconds(*link.delaySeconds) : MicroSeconds(5)));
    return csma.Install(members);
}

} // namespace

void
BuildTopology(CustomWorld& w)
{
    const CustomConfig& c = w.config;
    for (const auto& name : c.nodes)
    {
        Ptr<Node> node = CreateObject<Node>();
        Names::Add(name, node);
        w.nodes.push_back(node);
    }
    InternetStackHelper internet;
    for (const auto& node : w.nodes)
    {
        internet.Install(node);
    }
    for (const LinkSpec& link : c.links)
    {
        NetDeviceContainer devices = InstallLink(w, link);
        if (link.loss > 0)
        {
            for (uint32_t d = 0; d < devices.GetN(); ++d)
            {
                auto model = CreateObject<RateErrorModel>();
                model->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                model->SetRate(link.loss);
                devices.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(model));
            }
        }
        for (size_t k = 0; k < link.nodes.size(); ++k)
        {
            Ptr<Ipv4> ipv4 = w.nodes[link.nodes[k]]->GetObject<Ipv4>();
            const int32_t iface = ipv4->AddInterface(devices.Get(k));
            ipv4->AddAddress(
                iface,
                Ipv4InterfaceAddress(Ipv4Address(link.addresses[k]), Ipv4Mask(link.subnet.Mask())));
            ipv4->SetMetric(iface, 1);
            ipv4->SetUp(iface);
        }
        w.devices.push_back(devices);
    }
    Ipv4StaticRoutingHelper staticRouting;
    for (const RouteSpec& r : c.routes)
    {
        Ptr<Ipv4> ipv4 = w.nodes[r.node]->GetObject<Ipv4>();
        const LinkSpec& link = c.links[r.link];
        const int32_t iface = ipv4->GetInterfaceForDevice(w.devices[r.link].Get(link.On(r.node)));
        if (r.isDefault)
        {
            staticRouting.GetStaticRouting(ipv4)->SetDefaultRoute(Ipv4Address(r.gateway), iface);
        }
        else
        {
            staticRouting.GetStaticRouting(ipv4)->AddNetworkRouteTo(
                Ipv4Address(r.to.address), Ipv4Mask(r.to.Mask()), Ipv4Address(r.gateway), iface);
        }
    }
    if (c.globalRouting)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
}

void
BuildNats(CustomWorld& w)
{
    for (const NatSpec& n : w.config.nats)
    {
        const LinkSpec& inside = w.config.links[n.inside];
        const LinkSpec& outside = w.config.links[n.outside];
        NatHelper helper;
        helper.SetAttribute("UdpTimeout", TimeValue(Seconds(n.udpTimeout)));
        try
        {
            w.nats.emplace_back(w.config.nodes[n.node],
                                helper.Install(w.nodes[n.node],
                                               w.devices[n.inside].Get(inside.On(n.node)),
                                               w.devices[n.outside].Get(outside.On(n.node))));
        }
        catch (const std::exception& e)
        {
            Fail(n.path, e.what());
        }
    }
}

void
EnablePcaps(const CustomWorld& w, const std::string& out)
{
    for (size_t k = 0; k < w.config.links.size(); ++k)
    {
        const LinkSpec& l = w.config.links[k];
        if (!l.pcap)
        {
            continue;
        }
        if (l.type == "p2p")
        {
            PointToPointHelper p2p;
            p2p.EnablePcap(out + "/" + l.name + ".pcap", w.devices[k].Get(0), false, true);
        }
        else
        {
            CsmaHelper csma;
            csma.EnablePcap(out + "/" + l.name + ".pcap", w.devices[k].Get(0), true, true);
        }
    }
}

} // namespace ipseclab::custom
