// The look-ups the loader's steps share: a node or link by name, a node's address.
#include "config-values.h"
#include "parse-steps.h"

namespace ipseclab::custom
{

int
LinkSpec::On(size_t node) const
{
    for (size_t i = 0; i < nodes.size(); ++i)
    {
        if (nodes[i] == node)
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

size_t
NodeRef(const CustomConfig& c, const QJsonValue& v, const std::string& path)
{
    const std::string name = AsString(v, path);
    for (size_t i = 0; i < c.nodes.size(); ++i)
    {
        if (c.nodes[i] == name)
        {
            return i;
        }
    }
    std::string known;
    for (const auto& n : c.nodes)
    {
        known += (known.empty() ? "" : ", ") + n;
    }
    Fail(path, "unknown node \"" + name + "\" (nodes: " + known + ")");
}

size_t
LinkRef(const CustomConfig& c, const QJsonValue& v, const std::string& path)
{
    const std::string name = AsString(v, path);
    for (size_t i = 0; i < c.links.size(); ++i)
    {
        if (c.links[i].name == name)
        {
            return i;
        }
    }
    std::string known;
    for (const auto& l : c.links)
    {
        known += (known.empty() ? "" : ", ") + l.name;
    }
    Fail(path, "unknown link \"" + name + "\" (links: " + known + ")");
}

uint32_t
AddressOf(const CustomConfig& c, size_t node, const std::string& spec, const std::string& path,
          int peer)
{
    const std::string& name = c.nodes[node];
    if (!spec.empty())
    {
        for (const LinkSpec& l : c.links)
        {
            if (l.name == spec)
            {
                const int i = l.On(node);
                if (i < 0)
                {
                    Fail(path, name + " is not on link " + spec);
                }
                return l.addresses[i];
            }
        }
        return ParseAddress(spec, path);
    }
    if (peer >= 0)
    {
        size_t on = 0;
        for (const LinkSpec& l : c.links)
        {
            if (l.On(node) >= 0 && l.On(peer) >= 0)
            {
                return l.addresses[l.On(node)];
            }
            on += l.On(node) >= 0 ? 1 : 0;
        }
        if (on > 1)
        {
            const std::string& other = c.nodes[peer];
            Fail(path,
                 name + " and " + other + " share no link and " + name +
                     " is on several: which address? (give an address or a link name)");
        }
    }
    for (const LinkSpec& l : c.links)
    {
        if (l.On(node) >= 0)
        {
            return l.addresses[l.On(node)];
        }
    }
    Fail(path, name + " is on no link: it has no address");
}

} // namespace ipseclab::custom
