#include "site-gateways.h"

#include "helper/ike-helper.h"

#include <cstdlib>
#include <iostream>

namespace ns3
{

ipseclab::IkeConfig
SiteGatewayConfig(const SiteTopology& t, const std::string& psk, const std::string& ikeProposal,
                  const std::string& espProposal)
{
    ipseclab::IkeConfig a;
    a.name = "site-a";
    a.localAddress = t.wanInterfaces.GetAddress(0).Get();
    a.remoteAddress = t.wanInterfaces.GetAddress(1).Get();
    a.localId = "@gw-a.example";
    a.psk = psk;
    a.ikeProposals = {ikeProposal};
    auto& child = a.children.front();
    child.name = "lan-a-lan-b";
    child.espProposals = {espProposal};
    child.localTs = "10.1.0.0/24";
    child.remoteTs = "10.2.0.0/24";
    child.rekeyTime = 0;
    child.startAction = ipseclab::StartAction::Start;
    child.startTime = 0.2;
    return a;
}

SiteDaemons
InstallSiteDaemons(const SiteTopology& t, const ipseclab::IkeConfig& a,
                   const ipseclab::IkeConfig& b, const std::string& program)
{
    IkeHelper ike;
    SiteDaemons daemons;
    try
    {
        daemons.a = ike.Install(t.gwA, a);
        daemons.b = ike.Install(t.gwB, b);
    }
    catch (const std::exception& e)
    {
        std::cerr << program << ": bad configuration: " << e.what() << "\n";
        std::exit(2);
    }
    daemons.a->AssignStreams(200);
    daemons.b->AssignStreams(300);
    return daemons;
}

} // namespace ns3
