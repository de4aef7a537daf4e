// Two gateways joined by IKEv2 over the site-to-site topology, as the daemon tests build them:
// gwA initiates at 0.1 s with a PSK, gwB answers; the tests change the configurations before
// Install().
#ifndef IPSECLAB_TESTS_IKE_SITES_H
#define IPSECLAB_TESTS_IKE_SITES_H

#include "../ipsec/ipsec-test-network.h"
#include "common/site-topology.h"
#include "helper/ike-helper.h"

namespace ipseclab::test
{

using namespace ns3;

struct Sites
{
    SiteTopology t;
    Ptr<IkeDaemon> a;
    Ptr<IkeDaemon> b;
    ipseclab::IkeConfig configA;
    ipseclab::IkeConfig configB;

    explicit Sites(double wanLoss = 0)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        SiteTopologyConfig topo;
        topo.wanLoss = wanLoss;
        t = BuildSiteTopology(topo);
        IpsecHelper ipsec;
        ipsec.Install(NodeContainer(t.gwA, t.gwB));
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
        IkeHelper ike;
        a = ike.Install(t.gwA, configA);
        b = ike.Install(t.gwB, configB);
        a->AssignStreams(1000);
        b->AssignStreams(2000);
    }
};

} // namespace ipseclab::test

#endif
