// Two gateways (site-to-site topology, LANs 10.1.0.0/24 and 10.2.0.0/24) with IPsec and one
// IKE connection each: gwA initiates at 0.1 s, gwB answers. Tests change the configurations
// before Install().
#ifndef IPSECLAB_TESTS_IKE_SITES_H
#define IPSECLAB_TESTS_IKE_SITES_H

#include "../ipsec/ipsec-test-network.h"
#include "common/site-topology.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"

#include <ns3/boolean.h>
#include <ns3/global-value.h>

namespace ipseclab::test
{

struct Sites
{
    ns3::SiteTopology t;
    ns3::Ptr<ns3::IkeDaemon> a;
    ns3::Ptr<ns3::IkeDaemon> b;
    ipseclab::IkeConfig configA;
    ipseclab::IkeConfig configB;

    explicit Sites(double wanLoss = 0)
    {
        ns3::GlobalValue::Bind("ChecksumEnabled", ns3::BooleanValue(true));
        ns3::SiteTopologyConfig topo;
        topo.wanLoss = wanLoss;
        t = ns3::BuildSiteTopology(topo);
        ns3::IpsecHelper ipsec;
        ipsec.Install(ns3::NodeContainer(t.gwA, t.gwB));
        configA.name = "gwA-gwB";
        configA.localAddress = t.wanInterfaces.GetAddress(0).Get();
        configA.remoteAddress = t.wanInterfaces.GetAddress(1).Get();
        configA.psk = "correct horse battery staple";
        configA.children.front().localTs = "10.1.0.0/24";
        configA.children.front().remoteTs = "10.2.0.0/24";
        configA.children.front().startAction = ipseclab::StartAction::Start;
        configA.children.front().startTime = 0.1;
        configB = configA;
        configB.name = "gwB-gwA";
        std::swap(configB.localAddress, configB.remoteAddress);
        std::swap(configB.children.front().localTs, configB.children.front().remoteTs);
        configB.children.front().startAction = ipseclab::StartAction::None;
    }

    void Install()
    {
        ns3::IkeHelper ike;
        a = ike.Install(t.gwA, configA);
        b = ike.Install(t.gwB, configB);
        a->AssignStreams(1000);
        b->AssignStreams(2000);
    }
};

} // namespace ipseclab::test

#endif
