// Nodes, links (with their addresses), static routes and NATs.
#include "config-values.h"
#include "parse-steps.h"

#include <set>

namespace ipseclab::custom
{

void
ParseNodes(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray nodes = root.Arr("nodes");
    if (nodes.isEmpty())
    {
        Fail(root.At("nodes"), "at least one node is required");
    }
    std::set<std::string> seen;
    for (int i = 0; i < nodes.size(); ++i)
    {
        const std::string path = Item(root.At("nodes"), i);
        std::string name;
        bool ipsec = false;
        if (nodes[i].isString())
        {
            name = nodes[i].toString().toStdString();
        }
        else
        {
            JsonObject n(nodes[i], path, keys::kNode);
            name = n.NeedStr("name");
            ipsec = n.Bool("ipsec", false);
            n.Done();
        }
        if (!IsName(name))
        {
            Fail(path, "bad node name \"" + name + "\" (letters, digits, _ . -)");
        }
        if (!seen.insert(name).second)
        {
            Fail(path, "duplicate node name \"" + name + "\"");
        }
        c.nodes.push_back(name);
        c.ipsec.push_back(ipsec);
    }
}

namespace
{

/// Explicit addresses, one "10.1.0.1/24" per node, all in one subnet.
void
GivenAddresses(const JsonObject& l, LinkSpec& link)
{
    const std::vector<std::string> given = l.Strs("addresses", {});
    if (given.size() != link.nodes.size())
    {
        Fail(l.At("addresses"),
             "one address per node of the link (" + std::to_string(link.nodes.size()) + ")");
    }
    for (size_t k = 0; k < given.size(); ++k)
    {
        const std::string p = Item(l.At("addresses"), static_cast<int>(k));
        const auto slash = given[k].find('/');
        if (slash == std::string::npos)
        {
            Fail(p, "expected address/length, e.g. \"10.1.0.1/24\"");
        }
        const uint32_t a = ParseAddress(given[k].substr(0, slash), p);
        int len = -1;
        try
        {
            size_t used = 0;
            len = std::stoi(given[k].substr(slash + 1), &used);
            if (used != given[k].size() - slash - 1)
            {
                len = -1;
            }
        }
        catch (const std::exception&)
        {
        }
        if (len < 1 || len > 32)
        {
            Fail(p, "bad prefix length in \"" + given[k] + "\"");
        }
        Ipv4Prefix net;
        net.length = static_cast<uint8_t>(len);
        net.address = a & net.Mask();
        if (k == 0)
        {
            link.subnet = net;
        }
        else if (!(net == link.subnet))
        {
            Fail(p, "not in the link's subnet " + link.subnet.ToString());
        }
        link.addresses.push_back(a);
    }
    if (l.Has("subnet"))
    {
        Fail(l.At("subnet"), "give either subnet or addresses, not both");
    }
}

/// Numbered from the subnet in node order (.1, .2, ...; a /31 from .0).
void
NumberedAddresses(const JsonObject& l, LinkSpec& link)
{
    link.subnet = ParsePrefix(l.NeedStr("subnet"), l.At("subnet"));
    if (link.subnet.length > 30 && !(link.subnet.length == 31 && link.nodes.size() == 2))
    {
        Fail(l.At("subnet"), "subnet too small for a link");
    }
    const uint64_t capacity =
        (uint64_t(1) << (32 - link.subnet.length)) - (link.subnet.length == 31 ? 0 : 2);
    if (link.nodes.size() > capacity)
    {
        Fail(l.At("subnet"),
             link.subnet.ToString() + " has room for " + std::to_string(capacity) +
                 " nodes, the link has " + std::to_string(link.nodes.size()));
    }
    for (size_t k = 0; k < link.nodes.size(); ++k)
    {
        link.addresses.push_back(link.subnet.address + static_cast<uint32_t>(k) +
                                 (link.subnet.length == 31 ? 0 : 1));
    }
}

} // namespace

void
ParseLinks(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray links = root.Arr("links");
    std::set<uint32_t> usedAddresses;
    for (int i = 0; i < links.size(); ++i)
    {
        JsonObject l(links[i], Item(root.At("links"), i), keys::kLink);
        LinkSpec link;
        link.name = l.NeedStr("name");
        if (!IsName(link.name))
        {
            // Link names become pcap file names: nothing that leaves the output directory.
            Fail(l.At("name"), "bad link name \"" + link.name + "\" (letters, digits, _ . -)");
        }
        bool taken = false;
        for (const auto& other : c.links)
        {
            taken = taken || other.name == link.name;
        }
        for (const auto& node : c.nodes)
        {
            taken = taken || node == link.name;
        }
        if (taken)
        {
            Fail(l.At("name"),
                 "duplicate name \"" + link.name + "\" (links and nodes share names)");
        }
        link.type = l.Str("type", "p2p");
        if (link.type != "p2p" && link.type != "csma")
        {
            Fail(l.At("type"), "expected \"p2p\" or \"csma\", got \"" + link.type + "\"");
        }
        link.rate =
            ParseRate(l.Str("rate", link.type == "p2p" ? "100Mbps" : "1Gbps"), l.At("rate"));
        if (l.Has("delay"))
        {
            link.delaySeconds = ParseSeconds(l.Raw("delay"), l.At("delay"));
        }
        link.loss = l.Num("loss", 0.0, 0.0, 1.0);
        link.pcap = l.Bool("pcap", false);
        const QJsonArray members = l.Arr("nodes");
        for (int k = 0; k < members.size(); ++k)
        {
            const size_t n = NodeRef(c, members[k], Item(l.At("nodes"), k));
            if (link.On(n) >= 0)
            {
                Fail(l.At("nodes"), c.nodes[n] + " is on the link twice");
            }
            link.nodes.push_back(n);
        }
        if (link.type == "p2p" && link.nodes.size() != 2)
        {
            Fail(l.At("nodes"), "a p2p link joins exactly 2 nodes");
        }
        if (link.nodes.size() < 2)
        {
            Fail(l.At("nodes"), "a link needs at least 2 nodes");
        }
        if (l.Has("addresses"))
        {
            GivenAddresses(l, link);
        }
        else
        {
            NumberedAddresses(l, link);
        }
        for (const uint32_t a : link.addresses)
        {
            if (!usedAddresses.insert(a).second)
            {
                Fail(l.Path(),
                     "address " + Ipv4AddressToString(a) + " is used twice in the topology");
            }
        }
        l.Done();
        c.links.push_back(std::move(link));
    }
}

void
ParseRoutes(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray routes = root.Arr("routes");
    for (int i = 0; i < routes.size(); ++i)
    {
        JsonObject r(routes[i], Item(root.At("routes"), i), keys::kRoute);
        RouteSpec route;
        route.path = r.Path();
        route.node = NodeRef(c, r.Need("node"), r.At("node"));
        const std::string& name = c.nodes[route.node];
        const std::string via = r.NeedStr("via");
        // The gateway: a neighbour's name (its address on a shared link) or an address on one
        // of the node's links.
        bool found = false;
        int peer = -1;
        for (size_t n = 0; n < c.nodes.size(); ++n)
        {
            peer = c.nodes[n] == via ? static_cast<int>(n) : peer;
        }
        if (peer >= 0)
        {
            for (size_t k = 0; k < c.links.size() && !found; ++k)
            {
                const LinkSpec& l = c.links[k];
                if (l.On(route.node) >= 0 && l.On(peer) >= 0)
                {
                    route.gateway = l.addresses[l.On(peer)];
                    route.link = k;
                    found = true;
                }
            }
            if (!found)
            {
                Fail(r.At("via"), name + " and " + via + " share no link");
            }
        }
        else
        {
            route.gateway = ParseAddress(via, r.At("via"));
            for (size_t k = 0; k < c.links.size() && !found; ++k)
            {
                const LinkSpec& l = c.links[k];
                if (l.On(route.node) >= 0 && l.subnet.Contains(route.gateway))
                {
                    route.link = k;
                    found = true;
                }
            }
            if (!found)
            {
                Fail(r.At("via"), via + " is not on any link of " + name);
            }
        }
        for (const LinkSpec& l : c.links)
        {
            const int k = l.On(route.node);
            if (k >= 0 && l.addresses[k] == route.gateway)
            {
                // A route through oneself sends the datagram back into the same lookup.
                Fail(r.At("via"),
                     name + " cannot route via its own address " +
                         Ipv4AddressToString(route.gateway));
            }
        }
        const std::string dest = r.Str("to", "default");
        route.isDefault = dest == "default" || dest == "0.0.0.0/0" || dest == "any";
        if (!route.isDefault)
        {
            route.to = ParsePrefix(dest, r.At("to"));
        }
        r.Done();
        c.routes.push_back(route);
    }
}

void
ParseNats(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray nats = root.Arr("nats");
    for (int i = 0; i < nats.size(); ++i)
    {
        JsonObject n(nats[i], Item(root.At("nats"), i), keys::kNat);
        NatSpec nat;
        nat.path = n.Path();
        nat.node = NodeRef(c, n.Need("node"), n.At("node"));
        const std::string& name = c.nodes[nat.node];
        for (const NatSpec& other : c.nats)
        {
            if (other.node == nat.node)
            {
                Fail(n.At("node"), "\"" + name + "\" is already a NAT (one NAT per node)");
            }
        }
        nat.inside = LinkRef(c, n.Need("inside"), n.At("inside"));
        nat.outside = LinkRef(c, n.Need("outside"), n.At("outside"));
        if (nat.inside == nat.outside)
        {
            Fail(n.At("outside"), "inside and outside must be different links");
        }
        if (c.links[nat.inside].On(nat.node) < 0)
        {
            Fail(n.At("inside"), name + " is not on link " + c.links[nat.inside].name);
        }
        if (c.links[nat.outside].On(nat.node) < 0)
        {
            Fail(n.At("outside"), name + " is not on link " + c.links[nat.outside].name);
        }
        nat.udpTimeout = n.Num("udp_timeout", 30, 0.001);
        n.Done();
        c.nats.push_back(nat);
    }
}

} // namespace ipseclab::custom
