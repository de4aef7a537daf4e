// Installs a NatRouter on a router node (ns-3 helper style): attributes set on the helper apply
// to every NAT it installs.
#ifndef IPSECLAB_NAT_HELPER_H
#define IPSECLAB_NAT_HELPER_H

#include "nat/nat-router.h"

#include <ns3/object-factory.h>

#include <string>

namespace ns3
{

class NatHelper
{
  public:
    NatHelper();
    /** Sets an attribute of the NatRouter objects to install ("UdpTimeout", ...). */
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /** Installs a NAT between `inside` (private LAN) and `outside` (public address) on `node`,
     *  aggregates it to the node (node->GetObject<NatRouter>()) and returns it. */
    Ptr<NatRouter> Install(Ptr<Node> node, Ptr<NetDevice> inside, Ptr<NetDevice> outside) const;

  private:
    ObjectFactory m_factory;
};

} // namespace ns3

#endif
