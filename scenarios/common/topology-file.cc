#include "topology-file.h"

#include "event-log.h"
#include "ipsec/ipsec-stack.h"
#include "nat/nat-router.h"

#include <ns3/channel.h>
#include <ns3/ipv4.h>
#include <ns3/names.h>
#include <ns3/node-list.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

struct Tap
{
    std::string name, role, what;
    Ptr<NetDevice> device;
};

std::vector<Tap>&
Taps()
{
    static std::vector<Tap> taps;
    return taps;
}

std::map<std::string, std::string>&
Roles()
{
    static std::map<std::string, std::string> roles;
    return roles;
}

std::string
NodeName(Ptr<Node> node)
{
    const std::string name = Names::FindName(node);
    return name.empty() ? "node " + std::to_string(node->GetId()) : name;
}

/// "10.1.0.0/24" of the device's first IPv4 address, "" without one.
std::string
NetworkOf(Ptr<NetDevice> device)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    const int32_t i = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    if (i < 0 || ipv4->GetNAddresses(i) == 0)
    {
        return "";
    }
    const Ipv4InterfaceAddress a = ipv4->GetAddress(i, 0);
    std::ostringstream text;
    text << a.GetLocal().CombineMask(a.GetMask()) << "/" << a.GetMask().GetPrefixLength();
    return text.str();
}

std::string
RoleOf(Ptr<Node> node, uint32_t interfaces)
{
    if (auto it = Roles().find(NodeName(node)); it != Roles().end())
    {
        return it->second;
    }
    if (node->GetObject<NatRouter>())
    {
        return "nat";
    }
    if (node->GetObject<IpsecStack>())
    {
        return interfaces > 1 ? "gateway" : "host";
    }
    return interfaces > 1 ? "router" : "host";
}

std::string
Strings(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i)
    {
        out += (i ? "," : "") + JsonQuote(items[i]);
    }
    return out + "]";
}

} // namespace

void
AddTopologyTap(const std::string& name, const std::string& role, const std::string& what,
               Ptr<NetDevice> device)
{
    Taps().push_back({name, role, what, device});
}

void
SetTopologyRole(const std::string& nodeName, const std::string& role)
{
    Roles()[nodeName] = role;
}

bool
WriteTopologyFile(const std::string& path)
{
    std::vector<std::string> nodes, links;
    std::vector<std::pair<Ptr<Channel>, std::vector<Ptr<NetDevice>>>> channels;
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        std::vector<std::string> addresses;
        uint32_t interfaces = 0;
        for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
        {
            bool counted = false;
            for (uint32_t k = 0; k < ipv4->GetNAddresses(i); ++k)
            {
                const Ipv4Address local = ipv4->GetAddress(i, k).GetLocal();
                if (local.IsLocalhost())
                {
                    continue;
                }
                std::ostringstream text;
                text << local;
                addresses.push_back(text.str());
                interfaces += counted ? 0 : 1;
                counted = true;
            }
        }
        nodes.push_back("{\"name\":" + JsonQuote(NodeName(node)) +
                        ",\"role\":" + JsonQuote(RoleOf(node, interfaces)) +
                        ",\"addresses\":" + Strings(addresses) + "}");
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> device = node->GetDevice(d);
            Ptr<Channel> channel = device->GetChannel();
            if (!channel)
            {
                continue; // the loopback device
            }
            auto it = std::find_if(channels.begin(),
                                   channels.end(),
                                   [&](const auto& c) { return c.first == channel; });
            if (it == channels.end())
            {
                channels.push_back({channel, {}});
                it = channels.end() - 1;
            }
            it->second.push_back(device);
        }
    }
    auto link = [&](const std::string& a, const std::string& b, const std::string& network)
    {
        links.push_back("{\"a\":" + JsonQuote(a) + ",\"b\":" + JsonQuote(b) +
                        ",\"network\":" + JsonQuote(network) + "}");
    };
    for (const auto& [channel, devices] : channels)
    {
        const std::string network = NetworkOf(devices.front());
        if (devices.size() == 2)
        {
            link(NodeName(devices[0]->GetNode()), NodeName(devices[1]->GetNode()), network);
            continue;
        }
        // A LAN segment (CSMA): one "lan" node, every station linked to it.
        const std::string lan = "LAN " + network;
        nodes.push_back("{\"name\":" + JsonQuote(lan) +
                        ",\"role\":\"lan\",\"addresses\":" + Strings({network}) + "}");
        for (const auto& device : devices)
        {
            link(lan, NodeName(device->GetNode()), network);
        }
    }
    for (const Tap& tap : Taps())
    {
        // Drawn on the link it taps: linked to the device's node and to the other end(s).
        nodes.push_back("{\"name\":" + JsonQuote(tap.name) + ",\"role\":" + JsonQuote(tap.role) +
                        ",\"addresses\":[],\"what\":" + JsonQuote(tap.what) + "}");
        const std::string network = NetworkOf(tap.device);
        Ptr<Channel> channel = tap.device->GetChannel();
        if (channel && channel->GetNDevices() == 2)
        {
            for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
            {
                link(tap.name, NodeName(channel->GetDevice(d)->GetNode()), network);
            }
        }
        else
        {
            link(tap.name, channel ? "LAN " + network : NodeName(tap.device->GetNode()), network);
        }
    }
    std::ofstream out(path);
    out << "{\"nodes\":[";
    for (size_t i = 0; i < nodes.size(); ++i)
    {
        out << (i ? "," : "") << nodes[i];
    }
    out << "],\"links\":[";
    for (size_t i = 0; i < links.size(); ++i)
    {
        out << (i ? "," : "") << links[i];
    }
    out << "]}\n";
    Taps().clear(); // the devices and names go with this simulation
    Roles().clear();
    return bool(out);
}

} // namespace ns3
