// scenario: a topology and IPsec set-up described in JSON (built from Python)
//
// --config=FILE.json describes everything: nodes, links (p2p / csma, rate, delay, loss, subnet
// or explicit addresses), static routes (or ns-3 global routing), IPsec on nodes, manual SA
// pairs, IKEv2 connections (swanctl-like names), NATs, traffic (UDP echo, constant UDP
// streams), attackers (replay, tamper, eavesdrop), pcaps and the duration. python/ipseclab/
// builder.py writes it (ipseclab.Scenario); the schema is in docs/python.md, "Building a
// scenario in Python". Every configuration error is reported with its JSON path (exit 2).
// Writes the usual outputs plus custom.json: per flow sent/received, per attacker its counts,
// per IKE connection whether it came up.
#include "attack/eavesdropper.h"
#include "attack/ike-forger.h"
#include "attack/replay-attacker.h"
#include "attack/tamper-model.h"
#include "common/event-log.h"
#include "common/home-office-topology.h"
#include "common/narrator.h"
#include "common/scenario-output.h"
#include "common/topology-file.h"
#include "events/json-writer.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"
#include "nat/nat-helper.h"
#include "sa/ipv4-prefix.h"
#include "sa/spd-entry.h"
#include "util/limits.h"

#include <ns3/core-module.h>
#include <ns3/csma-module.h>
#include <ns3/error-model.h>
#include <ns3/inet-socket-address.h>
#include <ns3/internet-module.h>
#include <ns3/point-to-point-module.h>
#include <ns3/udp-socket-factory.h>

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <cmath>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

using namespace ns3;

namespace
{

/// Node and link names: they appear in pcap file names and events.
const std::regex kNameRe(R"(^[A-Za-z_][A-Za-z0-9_.-]{0,63}$)");

/// A configuration error; the message starts with the JSON path.
struct ConfigError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

[[noreturn]] void
Fail(const std::string& path, const std::string& what)
{
    throw ConfigError(path + ": " + what);
}

std::string
TypeName(const QJsonValue& v)
{
    switch (v.type())
    {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "a bool";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        return "a string";
    case QJsonValue::Array:
        return "a list";
    case QJsonValue::Object:
        return "an object";
    default:
        return "nothing";
    }
}

/// A JSON object being read: typed getters with defaults, and a final check that every key
/// was understood (a typo is an error, not a silently ignored setting).
class Obj
{
  public:
    Obj(const QJsonValue& v, std::string path)
        : m_path(std::move(path))
    {
        if (!v.isObject())
        {
            Fail(m_path, "expected an object, got " + TypeName(v));
        }
        m_o = v.toObject();
    }
    const std::string& Path() const { return m_path; }
    std::string At(const std::string& key) const { return m_path + "." + key; }
    bool Has(const std::string& key)
    {
        m_known.insert(key);
        return m_o.contains(QString::fromStdString(key)) &&
               !m_o.value(QString::fromStdString(key)).isNull();
    }
    QJsonValue Raw(const std::string& key)
    {
        m_known.insert(key);
        return m_o.value(QString::fromStdString(key));
    }
    QJsonValue Need(const std::string& key)
    {
        if (!Has(key))
        {
            Fail(At(key), "missing (required)");
        }
        return Raw(key);
    }
    std::string Str(const std::string& key, const std::string& def = "")
    {
        if (!Has(key))
        {
            return def;
        }
        return AsStr(Raw(key), At(key));
    }
    std::string NeedStr(const std::string& key) { return AsStr(Need(key), At(key)); }
    /// Numbers are times in seconds, rates, counts: none is negative or beyond kMaxSeconds
    /// unless the caller says so.
    double Num(const std::string& key, double def, double min = 0,
               double max = ipseclab::kMaxSeconds)
    {
        if (!Has(key))
        {
            return def;
        }
        QJsonValue v = Raw(key);
        if (!v.isDouble())
        {
            Fail(At(key), "expected a number, got " + TypeName(v));
        }
        double d = v.toDouble();
        if (!std::isfinite(d) || d < min || d > max)
        {
            std::ostringstream s;
            s << "value " << d << " out of range [" << min << ", " << max << "]";
            Fail(At(key), s.str());
        }
        return d;
    }
    uint64_t Uint(const std::string& key, uint64_t def, uint64_t max = 0xffffffffu)
    {
        if (!Has(key))
        {
            return def;
        }
        double d = Num(key, 0, 0, static_cast<double>(max));
        if (d != std::floor(d))
        {
            Fail(At(key), "expected a whole number");
        }
        return static_cast<uint64_t>(d);
    }
    bool Bool(const std::string& key, bool def)
    {
        if (!Has(key))
        {
            return def;
        }
        QJsonValue v = Raw(key);
        if (!v.isBool())
        {
            Fail(At(key), "expected true/false, got " + TypeName(v));
        }
        return v.toBool();
    }
    QJsonArray Arr(const std::string& key)
    {
        if (!Has(key))
        {
            return {};
        }
        QJsonValue v = Raw(key);
        if (!v.isArray())
        {
            Fail(At(key), "expected a list, got " + TypeName(v));
        }
        return v.toArray();
    }
    /// A string or a list of strings.
    std::vector<std::string> Strs(const std::string& key, std::vector<std::string> def)
    {
        if (!Has(key))
        {
            return def;
        }
        QJsonValue v = Raw(key);
        if (v.isString())
        {
            return {v.toString().toStdString()};
        }
        std::vector<std::string> out;
        QJsonArray a = Arr(key);
        for (int i = 0; i < a.size(); ++i)
        {
            out.push_back(AsStr(a[i], At(key) + "[" + std::to_string(i) + "]"));
        }
        if (out.empty())
        {
            Fail(At(key), "must not be empty");
        }
        return out;
    }
    /// Unknown keys are errors.
    void Done() const
    {
        for (auto it = m_o.begin(); it != m_o.end(); ++it)
        {
            const std::string key = it.key().toStdString();
            if (!m_known.count(key))
            {
                std::string known;
                for (const auto& k : m_known)
                {
                    known += (known.empty() ? "" : ", ") + k;
                }
                Fail(At(key), "unknown key (known here: " + known + ")");
            }
        }
    }

    static std::string AsStr(const QJsonValue& v, const std::string& path)
    {
        if (!v.isString())
        {
            Fail(path, "expected a string, got " + TypeName(v));
        }
        return v.toString().toStdString();
    }

  private:
    QJsonObject m_o;
    std::string m_path;
    std::set<std::string> m_known;
};

/// "10ms", "1.5s", "200us" or a number of seconds.
Time
ParseTime(const QJsonValue& v, const std::string& path)
{
    Time t;
    if (v.isDouble())
    {
        t = Seconds(v.toDouble());
        if (!std::isfinite(v.toDouble()) || v.toDouble() < 0 ||
            v.toDouble() > ipseclab::kMaxSeconds)
        {
            std::ostringstream s;
            s << "a time must be a number of seconds from 0 to " << ipseclab::kMaxSeconds;
            Fail(path, s.str());
        }
        return t;
    }
    const std::string text = Obj::AsStr(v, path);
    if (!ParseWholeTime(text, t) || t.IsStrictlyNegative())
    {
        Fail(path,
             "not a time: \"" + text + "\" (use e.g. \"10ms\", \"1.5s\" or seconds, no spaces)");
    }
    if (t.GetSeconds() > ipseclab::kMaxSeconds)
    {
        std::ostringstream s;
        s << "\"" << text << "\" is longer than " << ipseclab::kMaxSeconds << " s";
        Fail(path, s.str());
    }
    return t;
}

std::string
ParseRate(const std::string& text, const std::string& path)
{
    static const std::regex re(
        R"(^[0-9]+(\.[0-9]+)?(bps|kbps|Kbps|Mbps|Gbps|Bps|KBps|MBps|GBps)$)");
    if (!std::regex_match(text, re))
    {
        Fail(path, "not a data rate: \"" + text + "\" (use e.g. \"100Mbps\", \"1Gbps\")");
    }
    const uint64_t bps = DataRate(text).GetBitRate();
    if (bps < 1000 || bps > 1000000000000ull)
    {
        Fail(path, "data rate \"" + text + "\" must be from 1kbps to 1000Gbps");
    }
    return text;
}

std::string
AddrText(Ipv4Address a)
{
    std::ostringstream s;
    s << a;
    return s.str();
}

Ipv4Address
ParseAddress(const std::string& text, const std::string& path)
{
    try
    {
        return Ipv4Address(ipseclab::ParseIpv4Address(text));
    }
    catch (const std::exception& e)
    {
        Fail(path, std::string("bad IPv4 address: ") + e.what());
    }
}

ipseclab::Ipv4Prefix
ParsePrefix(const std::string& text, const std::string& path)
{
    try
    {
        return ipseclab::Ipv4Prefix::Parse(text);
    }
    catch (const std::exception& e)
    {
        Fail(path, std::string("bad prefix: ") + e.what());
    }
}

struct Link
{
    std::string name;
    std::string type;
    std::vector<Ptr<Node>> nodes;
    NetDeviceContainer devices;
    std::vector<Ipv4Address> addresses;
    ipseclab::Ipv4Prefix subnet;
    bool pcap = false;
};

struct Flow
{
    std::string name;
    std::string type;
    std::string from;
    std::string to;
    std::unique_ptr<BoundEchoClient> client;
    // udp-stream
    Ptr<Socket> sender;
    Ptr<Socket> sink;
    uint32_t sent = 0;
    uint32_t received = 0;
};

struct AttackerState
{
    std::string type;
    std::string link;
    Ptr<ReplayAttacker> replay;
    Ptr<TamperModel> tamper;
    Ptr<Eavesdropper> eavesdropper;
    Ptr<IkeForger> forger;
    std::vector<std::string> secrets;
};

struct IkePair
{
    std::string name;
    std::string initiator;
    std::string responder;
    Ptr<IkeDaemon> initiatorDaemon;
    Ptr<IkeDaemon> responderDaemon;
};

class World
{
  public:
    std::map<std::string, Ptr<Node>> nodes;
    std::vector<std::string> nodeOrder;
    std::vector<Link> links;
    std::map<std::string, size_t> linkIndex;

    Ptr<Node> NodeRef(const QJsonValue& v, const std::string& path)
    {
        const std::string name = Obj::AsStr(v, path);
        auto it = nodes.find(name);
        if (it == nodes.end())
        {
            std::string known;
            for (const auto& n : nodeOrder)
            {
                known += (known.empty() ? "" : ", ") + n;
            }
            Fail(path, "unknown node \"" + name + "\" (nodes: " + known + ")");
        }
        return it->second;
    }
    Link& LinkRef(const QJsonValue& v, const std::string& path)
    {
        const std::string name = Obj::AsStr(v, path);
        auto it = linkIndex.find(name);
        if (it == linkIndex.end())
        {
            std::string known;
            for (const auto& l : links)
            {
                known += (known.empty() ? "" : ", ") + l.name;
            }
            Fail(path, "unknown link \"" + name + "\" (links: " + known + ")");
        }
        return links[it->second];
    }
    /// Index of `node` on `link`, or -1.
    static int On(const Link& link, Ptr<Node> node)
    {
        for (size_t i = 0; i < link.nodes.size(); ++i)
        {
            if (link.nodes[i] == node)
            {
                return static_cast<int>(i);
            }
        }
        return -1;
    }
    std::string Name(Ptr<Node> n) const { return Names::FindName(n); }
    /// The node's address: an IPv4 address, a link name (its address there) or, empty, its
    /// address on the first link it is on (or, with `peer`, on the first link shared with it).
    Ipv4Address AddressOf(Ptr<Node> node, const std::string& spec, const std::string& path,
                          Ptr<Node> peer = nullptr)
    {
        if (!spec.empty())
        {
            auto it = linkIndex.find(spec);
            if (it != linkIndex.end())
            {
                const Link& l = links[it->second];
                int i = On(l, node);
                if (i < 0)
                {
                    Fail(path, Name(node) + " is not on link " + spec);
                }
                return l.addresses[i];
            }
            return ParseAddress(spec, path);
        }
        if (peer)
        {
            for (const Link& l : links)
            {
                if (On(l, node) >= 0 && On(l, peer) >= 0)
                {
                    return l.addresses[On(l, node)];
                }
            }
            size_t on = 0;
            for (const Link& l : links)
            {
                on += On(l, node) >= 0 ? 1 : 0;
            }
            if (on > 1)
            {
                Fail(path,
                     Name(node) + " and " + Name(peer) + " share no link and " + Name(node) +
                         " is on several: which address? (give an address or a link name)");
            }
        }
        for (const Link& l : links)
        {
            if (On(l, node) >= 0)
            {
                return l.addresses[On(l, node)];
            }
        }
        Fail(path, Name(node) + " is on no link: it has no address");
    }
};

const char* kStreamKinds[] = {"udp-echo", "udp-stream"};

} // namespace

int
main(int argc, char* argv[])
{
    ScenarioOptions options("custom");
    std::string configPath;
    CheckedCommandLine cmd(__FILE__, "custom");
    options.AddTo(cmd);
    cmd.AddValue("config",
                 "The scenario as JSON (see docs/python.md; ipseclab.Scenario writes it)",
                 configPath);
    cmd.Parse(argc, argv);
    if (configPath.empty())
    {
        std::cerr << "custom: --config=FILE.json is required\n";
        return 2;
    }
    QFile file(QString::fromStdString(configPath));
    if (!file.open(QIODevice::ReadOnly))
    {
        std::cerr << "custom: cannot read " << configPath << "\n";
        return 2;
    }
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
    {
        std::cerr << "custom: configuration error: " << configPath << ": not JSON at offset "
                  << parseError.offset << ": " << parseError.errorString().toStdString() << "\n";
        return 2;
    }

    World w;
    std::deque<Flow> flows;
    std::vector<AttackerState> attackers;
    std::vector<IkePair> ikePairs;
    std::map<std::pair<Ptr<Node>, uint16_t>, std::unique_ptr<RecordingEchoServer>> echoServers;
    std::vector<std::pair<std::string, Ptr<NatRouter>>> nats;
    std::string scenarioName = "custom";
    double duration = 0;
    std::unique_ptr<Narrator> narrator;
    std::unique_ptr<NatNarration> natNarration;
    std::string out;
    try
    {
        Obj root(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()), "$");
        scenarioName = root.Str("name", "custom");
        duration = root.Num("duration", 5.0, 0.001, 1e6);
        const bool globalRouting = root.Str("routing", "static") == "global";
        if (root.Has("routing") && !globalRouting && root.Str("routing") != "static")
        {
            Fail(root.At("routing"), "expected \"static\" or \"global\"");
        }
        // Configuration is read in stages; the simulation objects are created as we go, but
        // nothing runs before everything has been read and checked.
        options.Apply();
        out = options.GetOutputDirectory();
        narrator = std::make_unique<Narrator>(options.GetSteps());

        // ---- nodes
        QJsonArray nodes = root.Arr("nodes");
        if (nodes.isEmpty())
        {
            Fail(root.At("nodes"), "at least one node is required");
        }
        std::set<std::string> ipsecNodes;
        for (int i = 0; i < nodes.size(); ++i)
        {
            const std::string path = root.At("nodes") + "[" + std::to_string(i) + "]";
            std::string name;
            if (nodes[i].isString())
            {
                name = nodes[i].toString().toStdString();
            }
            else
            {
                Obj n(nodes[i], path);
                name = n.NeedStr("name");
                if (n.Bool("ipsec", false))
                {
                    ipsecNodes.insert(name);
                }
                n.Done();
            }
            if (!std::regex_match(name, kNameRe))
            {
                Fail(path, "bad node name \"" + name + "\" (letters, digits, _ . -)");
            }
            if (w.nodes.count(name))
            {
                Fail(path, "duplicate node name \"" + name + "\"");
            }
            Ptr<Node> node = CreateObject<Node>();
            Names::Add(name, node);
            w.nodes[name] = node;
            w.nodeOrder.push_back(name);
        }
        InternetStackHelper internet;
        for (const auto& name : w.nodeOrder)
        {
            internet.Install(w.nodes[name]);
        }

        // ---- links
        QJsonArray links = root.Arr("links");
        std::set<uint32_t> usedAddresses;
        for (int i = 0; i < links.size(); ++i)
        {
            Obj l(links[i], root.At("links") + "[" + std::to_string(i) + "]");
            Link link;
            link.name = l.NeedStr("name");
            if (!std::regex_match(link.name, kNameRe))
            {
                // Link names become pcap file names: nothing that leaves the output directory.
                Fail(l.At("name"), "bad link name \"" + link.name + "\" (letters, digits, _ . -)");
            }
            if (w.linkIndex.count(link.name) || w.nodes.count(link.name))
            {
                Fail(l.At("name"),
                     "duplicate name \"" + link.name + "\" (links and nodes share names)");
            }
            link.type = l.Str("type", "p2p");
            if (link.type != "p2p" && link.type != "csma")
            {
                Fail(l.At("type"), "expected \"p2p\" or \"csma\", got \"" + link.type + "\"");
            }
            const std::string rate =
                ParseRate(l.Str("rate", link.type == "p2p" ? "100Mbps" : "1Gbps"), l.At("rate"));
            const Time delay = l.Has("delay")
                                   ? ParseTime(l.Raw("delay"), l.At("delay"))
                                   : (link.type == "p2p" ? MilliSeconds(10) : MicroSeconds(5));
            const double loss = l.Num("loss", 0.0, 0.0, 1.0);
            link.pcap = l.Bool("pcap", false);
            QJsonArray members = l.Arr("nodes");
            for (int k = 0; k < members.size(); ++k)
            {
                Ptr<Node> n = w.NodeRef(members[k], l.At("nodes") + "[" + std::to_string(k) + "]");
                if (World::On(link, n) >= 0)
                {
                    Fail(l.At("nodes"), w.Name(n) + " is on the link twice");
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
            NodeContainer members_;
            for (auto n : link.nodes)
            {
                members_.Add(n);
            }
            if (link.type == "p2p")
            {
                PointToPointHelper p2p;
                p2p.SetDeviceAttribute("DataRate", StringValue(rate));
                p2p.SetChannelAttribute("Delay", TimeValue(delay));
                link.devices = p2p.Install(members_);
            }
            else
            {
                CsmaHelper csma;
                csma.SetChannelAttribute("DataRate", StringValue(rate));
                csma.SetChannelAttribute("Delay", TimeValue(delay));
                link.devices = csma.Install(members_);
            }
            if (loss > 0)
            {
                for (uint32_t d = 0; d < link.devices.GetN(); ++d)
                {
                    auto model = CreateObject<RateErrorModel>();
                    model->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
                    model->SetRate(loss);
                    link.devices.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(model));
                }
            }
            // Addresses: explicit ("10.1.0.1/24" per node) or numbered from the subnet in
            // node order (.1, .2, ...).
            if (l.Has("addresses"))
            {
                std::vector<std::string> given = l.Strs("addresses", {});
                if (given.size() != link.nodes.size())
                {
                    Fail(l.At("addresses"),
                         "one address per node of the link (" + std::to_string(link.nodes.size()) +
                             ")");
                }
                for (size_t k = 0; k < given.size(); ++k)
                {
                    const std::string p = l.At("addresses") + "[" + std::to_string(k) + "]";
                    const auto slash = given[k].find('/');
                    if (slash == std::string::npos)
                    {
                        Fail(p, "expected address/length, e.g. \"10.1.0.1/24\"");
                    }
                    Ipv4Address a = ParseAddress(given[k].substr(0, slash), p);
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
                    ipseclab::Ipv4Prefix net;
                    net.length = static_cast<uint8_t>(len);
                    net.address = a.Get() & net.Mask();
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
            else
            {
                link.subnet = ParsePrefix(l.NeedStr("subnet"), l.At("subnet"));
                if (link.subnet.length > 30 &&
                    !(link.subnet.length == 31 && link.nodes.size() == 2))
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
                    link.addresses.push_back(Ipv4Address(link.subnet.address +
                                                         static_cast<uint32_t>(k) +
                                                         (link.subnet.length == 31 ? 0 : 1)));
                }
            }
            for (size_t k = 0; k < link.nodes.size(); ++k)
            {
                if (!usedAddresses.insert(link.addresses[k].Get()).second)
                {
                    Fail(l.Path(),
                         "address " + AddrText(link.addresses[k]) +
                             " is used twice in the topology");
                }
                Ptr<Ipv4> ipv4 = link.nodes[k]->GetObject<Ipv4>();
                int32_t iface = ipv4->AddInterface(link.devices.Get(k));
                ipv4->AddAddress(
                    iface, Ipv4InterfaceAddress(link.addresses[k], Ipv4Mask(link.subnet.Mask())));
                ipv4->SetMetric(iface, 1);
                ipv4->SetUp(iface);
            }
            l.Done();
            w.linkIndex[link.name] = w.links.size();
            w.links.push_back(std::move(link));
        }

        // ---- routes
        Ipv4StaticRoutingHelper staticRouting;
        QJsonArray routes = root.Arr("routes");
        for (int i = 0; i < routes.size(); ++i)
        {
            Obj r(routes[i], root.At("routes") + "[" + std::to_string(i) + "]");
            Ptr<Node> node = w.NodeRef(r.Need("node"), r.At("node"));
            const std::string via = r.NeedStr("via");
            // The gateway: a neighbour's name (its address on a shared link) or an address on
            // one of the node's links.
            Ipv4Address gw;
            int32_t iface = -1;
            Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
            if (w.nodes.count(via))
            {
                Ptr<Node> peer = w.nodes[via];
                for (const Link& l : w.links)
                {
                    if (World::On(l, node) >= 0 && World::On(l, peer) >= 0)
                    {
                        gw = l.addresses[World::On(l, peer)];
                        iface = ipv4->GetInterfaceForDevice(l.devices.Get(World::On(l, node)));
                        break;
                    }
                }
                if (iface < 0)
                {
                    Fail(r.At("via"), w.Name(node) + " and " + via + " share no link");
                }
            }
            else
            {
                gw = ParseAddress(via, r.At("via"));
                for (const Link& l : w.links)
                {
                    if (World::On(l, node) >= 0 && l.subnet.Contains(gw.Get()))
                    {
                        iface = ipv4->GetInterfaceForDevice(l.devices.Get(World::On(l, node)));
                        break;
                    }
                }
                if (iface < 0)
                {
                    Fail(r.At("via"), via + " is not on any link of " + w.Name(node));
                }
            }
            for (const Link& l : w.links)
            {
                const int k = World::On(l, node);
                if (k >= 0 && l.addresses[k] == gw)
                {
                    // A route through oneself sends the datagram back into the same lookup.
                    Fail(r.At("via"),
                         w.Name(node) + " cannot route via its own address " + AddrText(gw));
                }
            }
            const std::string dest = r.Str("to", "default");
            if (dest == "default" || dest == "0.0.0.0/0" || dest == "any")
            {
                staticRouting.GetStaticRouting(ipv4)->SetDefaultRoute(gw, iface);
            }
            else
            {
                ipseclab::Ipv4Prefix p = ParsePrefix(dest, r.At("to"));
                staticRouting.GetStaticRouting(ipv4)->AddNetworkRouteTo(
                    Ipv4Address(p.address), Ipv4Mask(p.Mask()), gw, iface);
            }
            r.Done();
        }
        if (globalRouting)
        {
            Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        }

        // ---- IPsec on nodes (explicit, and every node with an SA or IKE connection)
        auto ipsecIn = [&](Ptr<Node> n)
        {
            ipsecNodes.insert(w.Name(n));
        };
        QJsonArray manual = root.Arr("manual_sas");
        QJsonArray ikes = root.Arr("ike");
        std::vector<std::pair<Ptr<Node>, Ptr<Node>>> manualNodes;
        for (int i = 0; i < manual.size(); ++i)
        {
            const std::string path = root.At("manual_sas") + "[" + std::to_string(i) + "]";
            Obj m(manual[i], path);
            ipsecIn(w.NodeRef(m.Need("a"), m.At("a")));
            ipsecIn(w.NodeRef(m.Need("b"), m.At("b")));
        }
        for (int i = 0; i < ikes.size(); ++i)
        {
            const std::string path = root.At("ike") + "[" + std::to_string(i) + "]";
            Obj c(ikes[i], path);
            ipsecIn(w.NodeRef(c.Need("initiator"), c.At("initiator")));
            ipsecIn(w.NodeRef(c.Need("responder"), c.At("responder")));
        }
        IpsecHelper ipsec;
        int64_t stream = 100;
        for (const auto& name : w.nodeOrder)
        {
            if (ipsecNodes.count(name))
            {
                ipsec.Install(w.nodes[name]);
                ipsec.AssignStreams(NodeContainer(w.nodes[name]), stream);
                stream += 10;
            }
        }

        // ---- manual SA pairs
        Ns3RandomSource keys(50);
        for (int i = 0; i < manual.size(); ++i)
        {
            Obj m(manual[i], root.At("manual_sas") + "[" + std::to_string(i) + "]");
            Ptr<Node> a = w.NodeRef(m.Need("a"), m.At("a"));
            Ptr<Node> b = w.NodeRef(m.Need("b"), m.At("b"));
            if (a == b)
            {
                Fail(m.At("b"), "a and b must be different nodes");
            }
            ManualSaPairConfig c;
            try
            {
                c.protocol = ipseclab::ParseIpsecProtocol(m.Str("protocol", "esp"));
            }
            catch (const std::exception& e)
            {
                Fail(m.At("protocol"), e.what());
            }
            try
            {
                c.mode = ipseclab::ParseIpsecMode(m.Str("mode", "transport"));
            }
            catch (const std::exception& e)
            {
                Fail(m.At("mode"), e.what());
            }
            c.espProposal = m.Str("esp_proposal", c.espProposal);
            c.ahProposal = m.Str("ah_proposal", c.ahProposal);
            c.addressA = w.AddressOf(a, m.Str("address_a"), m.At("address_a"), b);
            c.addressB = w.AddressOf(b, m.Str("address_b"), m.At("address_b"), a);
            c.trafficA = m.Str("traffic_a");
            c.trafficB = m.Str("traffic_b");
            if (!c.trafficA.empty())
            {
                ParsePrefix(c.trafficA, m.At("traffic_a"));
            }
            if (!c.trafficB.empty())
            {
                ParsePrefix(c.trafficB, m.At("traffic_b"));
            }
            if (m.Has("ip_protocol"))
            {
                QJsonValue v = m.Raw("ip_protocol");
                if (v.isString())
                {
                    const std::string t = v.toString().toStdString();
                    c.ipProtocol = t == "udp" ? 17 : t == "tcp" ? 6 : t == "icmp" ? 1 : 0;
                    if (c.ipProtocol == 0 && t != "any")
                    {
                        Fail(m.At("ip_protocol"), "expected udp, tcp, icmp, any or a number");
                    }
                }
                else
                {
                    c.ipProtocol = static_cast<uint8_t>(m.Uint("ip_protocol", 0, 255));
                }
            }
            c.portB = static_cast<uint16_t>(m.Uint("port_b", 0, 65535));
            c.spiAtoB = static_cast<uint32_t>(m.Uint("spi_a_to_b", 0x1001 + 0x10 * i));
            c.spiBtoA = static_cast<uint32_t>(m.Uint("spi_b_to_a", 0x2002 + 0x10 * i));
            if (c.spiAtoB < 256 || c.spiBtoA < 256)
            {
                Fail(m.Path(), "SPIs 0..255 are reserved (RFC 4303)");
            }
            c.reqid = static_cast<uint32_t>(m.Uint("reqid", 100 + i));
            c.replayWindow = static_cast<uint32_t>(m.Uint("replay_window", 64, 65536));
            c.esn = m.Bool("esn", false);
            c.udpEncap = m.Bool("udp_encap", false);
            c.tfcPadTo = static_cast<uint32_t>(m.Uint("tfc_pad_to", 0, 65535));
            c.priority = static_cast<uint32_t>(m.Uint("priority", 100));
            c.soft.seconds = m.Num("soft_seconds", 0, 0);
            c.hard.seconds = m.Num("hard_seconds", 0, 0);
            m.Done();
            try
            {
                InstallManualSaPair(IpsecHelper::GetStack(a), IpsecHelper::GetStack(b), c, keys);
            }
            catch (const std::exception& e)
            {
                Fail(m.Path(), e.what());
            }
        }

        // ---- IKE connections (one entry: both ends, from the initiator's point of view)
        IkeHelper ike;
        std::map<Ptr<Node>, bool> streamed;
        int64_t ikeStream = 1000;
        std::map<std::string, Ptr<IkeDaemon>> virtualIpDaemons; // node -> daemon with a VIP
        for (int i = 0; i < ikes.size(); ++i)
        {
            Obj c(ikes[i], root.At("ike") + "[" + std::to_string(i) + "]");
            IkePair pair;
            Ptr<Node> ini = w.NodeRef(c.Need("initiator"), c.At("initiator"));
            Ptr<Node> res = w.NodeRef(c.Need("responder"), c.At("responder"));
            if (ini == res)
            {
                Fail(c.At("responder"), "initiator and responder must be different nodes");
            }
            pair.initiator = w.Name(ini);
            pair.responder = w.Name(res);
            pair.name = c.Str("name", "conn" + std::to_string(i));
            ipseclab::IkeConfig a;
            a.name = pair.name;
            a.localAddress =
                w.AddressOf(ini, c.Str("initiator_address"), c.At("initiator_address"), res).Get();
            a.remoteAddress =
                w.AddressOf(res, c.Str("responder_address"), c.At("responder_address"), ini).Get();
            a.localId = c.Str("initiator_id");
            a.remoteId = c.Str("responder_id");
            a.psk = c.NeedStr("psk");
            a.ikeProposals = c.Strs("proposals", a.ikeProposals);
            a.rekeyTime = c.Num("ike_rekey_time", 0, 0);
            a.overTime = c.Num("over_time", 0, 0);
            a.randTime = c.Num("ike_rand_time", 0, 0);
            a.dpdDelay = c.Num("dpd_delay", 0, 0);
            if (c.Has("dpd_action"))
            {
                try
                {
                    a.dpdAction = ipseclab::ParseDpdAction(c.Str("dpd_action"));
                }
                catch (const std::exception& e)
                {
                    Fail(c.At("dpd_action"), e.what());
                }
            }
            a.retransmitTimeout = c.Num("retransmit_timeout", a.retransmitTimeout, 0.001);
            a.retransmitTries =
                static_cast<uint32_t>(c.Uint("retransmit_tries", a.retransmitTries, 100));
            a.forceEncap = c.Bool("force_encap", false);
            a.requestVirtualIp = c.Bool("request_virtual_ip", false);
            const double keepalive = c.Num("keepalive", 20, 0);
            a.natKeepalive = keepalive > 0;
            a.natKeepaliveInterval = keepalive > 0 ? keepalive : 20;
            auto& child = a.children.front();
            child.name = c.Str("child_name", pair.name + "-child");
            child.espProposals = c.Strs("esp_proposals", {"aes128gcm16"});
            child.localTs = c.Str("local_ts", "dynamic");
            child.remoteTs = c.Str("remote_ts", "dynamic");
            try
            {
                child.mode = ipseclab::ParseIpsecMode(c.Str("mode", "tunnel"));
            }
            catch (const std::exception& e)
            {
                Fail(c.At("mode"), e.what());
            }
            child.rekeyTime = c.Num("rekey_time", 0, 0);
            child.lifeTime = c.Num("life_time", 0, 0);
            child.randTime = c.Num("rand_time", 0, 0);
            child.deleteDelay = c.Num("delete_delay", child.deleteDelay, 0);
            child.replayWindow = static_cast<uint32_t>(c.Uint("replay_window", 64, 65536));
            child.esn = c.Bool("esn", false);
            child.rekeyPackets = c.Uint("rekey_packets", 0, ~uint64_t(0) >> 12);
            child.rekeyBytes = c.Uint("rekey_bytes", 0, ~uint64_t(0) >> 12);
            child.tfcPadTo = static_cast<uint32_t>(c.Uint("tfc_pad_to", 0, 65535));
            try
            {
                child.startAction = ipseclab::ParseStartAction(c.Str("start_action", "start"));
            }
            catch (const std::exception& e)
            {
                Fail(c.At("start_action"), e.what());
            }
            child.startTime = c.Num("start_time", 0.2, 0);

            ipseclab::IkeConfig b = a;
            b.name = pair.name;
            std::swap(b.localAddress, b.remoteAddress);
            std::swap(b.localId, b.remoteId);
            b.requestVirtualIp = false;
            b.pool = c.Str("pool");
            if (!b.pool.empty())
            {
                ParsePrefix(b.pool, c.At("pool"));
            }
            // A road-warrior responder accepts the initiator from wherever its NAT puts it.
            const std::string responderRemote =
                c.Str("responder_remote", b.pool.empty() ? "initiator" : "any");
            if (responderRemote == "any")
            {
                b.remoteAddress = 0;
            }
            else if (responderRemote != "initiator")
            {
                Fail(c.At("responder_remote"), "expected \"initiator\" or \"any\"");
            }
            auto& bchild = b.children.front();
            std::swap(bchild.localTs, bchild.remoteTs);
            if (a.requestVirtualIp && bchild.remoteTs == "dynamic")
            {
                // The responder narrows "anyone" to the virtual IP it hands out.
                bchild.remoteTs = "0.0.0.0/0";
            }
            bchild.startAction = ipseclab::StartAction::None;
            // The responder's DoS defences (daemon-wide, as strongSwan's charon.* settings).
            const uint32_t cookieThreshold =
                static_cast<uint32_t>(c.Uint("cookie_threshold", 30, 1000000));
            const uint32_t halfOpenLimit =
                static_cast<uint32_t>(c.Uint("half_open_limit", 0, 1000000));
            c.Done();
            try
            {
                a.Validate();
            }
            catch (const std::exception& e)
            {
                Fail(c.Path() + " (initiator " + pair.initiator + ")", e.what());
            }
            try
            {
                b.Validate();
            }
            catch (const std::exception& e)
            {
                Fail(c.Path() + " (responder " + pair.responder + ")", e.what());
            }
            try
            {
                pair.initiatorDaemon = ike.Install(ini, a);
            }
            catch (const std::exception& e)
            {
                Fail(c.Path() + " (initiator " + pair.initiator + ")", e.what());
            }
            try
            {
                pair.responderDaemon = ike.Install(res, b);
            }
            catch (const std::exception& e)
            {
                Fail(c.Path() + " (responder " + pair.responder + ")", e.what());
            }
            for (auto [node, daemon] : {std::make_pair(ini, pair.initiatorDaemon),
                                        std::make_pair(res, pair.responderDaemon)})
            {
                if (daemon == pair.responderDaemon)
                {
                    daemon->SetAttribute("CookieThreshold", UintegerValue(cookieThreshold));
                    daemon->SetAttribute("HalfOpenLimit", UintegerValue(halfOpenLimit));
                }
                if (!streamed[node])
                {
                    daemon->AssignStreams(ikeStream);
                    ikeStream += 100;
                    streamed[node] = true;
                }
            }
            if (a.requestVirtualIp)
            {
                virtualIpDaemons[pair.initiator] = pair.initiatorDaemon;
            }
            ikePairs.push_back(pair);
        }

        // ---- NATs
        QJsonArray natList = root.Arr("nats");
        for (int i = 0; i < natList.size(); ++i)
        {
            Obj n(natList[i], root.At("nats") + "[" + std::to_string(i) + "]");
            Ptr<Node> node = w.NodeRef(n.Need("node"), n.At("node"));
            for (const auto& [name, router] : nats)
            {
                if (name == w.Name(node))
                {
                    Fail(n.At("node"), "\"" + name + "\" is already a NAT (one NAT per node)");
                }
            }
            Link& inside = w.LinkRef(n.Need("inside"), n.At("inside"));
            Link& outside = w.LinkRef(n.Need("outside"), n.At("outside"));
            if (&inside == &outside)
            {
                Fail(n.At("outside"), "inside and outside must be different links");
            }
            if (World::On(inside, node) < 0)
            {
                Fail(n.At("inside"), w.Name(node) + " is not on link " + inside.name);
            }
            if (World::On(outside, node) < 0)
            {
                Fail(n.At("outside"), w.Name(node) + " is not on link " + outside.name);
            }
            NatHelper helper;
            helper.SetAttribute("UdpTimeout", TimeValue(Seconds(n.Num("udp_timeout", 30, 0.001))));
            n.Done();
            try
            {
                nats.emplace_back(w.Name(node),
                                  helper.Install(node,
                                                 inside.devices.Get(World::On(inside, node)),
                                                 outside.devices.Get(World::On(outside, node))));
            }
            catch (const std::exception& e)
            {
                Fail(n.Path(), e.what());
            }
        }

        // ---- traffic
        QJsonArray traffic = root.Arr("traffic");
        for (int i = 0; i < traffic.size(); ++i)
        {
            Obj t(traffic[i], root.At("traffic") + "[" + std::to_string(i) + "]");
            Flow f;
            f.type = t.NeedStr("type");
            if (f.type != kStreamKinds[0] && f.type != kStreamKinds[1])
            {
                Fail(t.At("type"),
                     "expected \"udp-echo\" or \"udp-stream\", got \"" + f.type + "\"");
            }
            Ptr<Node> from = w.NodeRef(t.Need("from"), t.At("from"));
            Ptr<Node> to = w.NodeRef(t.Need("to"), t.At("to"));
            f.from = w.Name(from);
            f.to = w.Name(to);
            f.name = t.Str("name", f.type + ":" + f.from + "->" + f.to);
            const Ipv4Address dest = w.AddressOf(to, t.Str("to_address"), t.At("to_address"));
            const uint16_t port =
                static_cast<uint16_t>(t.Uint("port", f.type == "udp-echo" ? 7 : 9000, 65535));
            const uint32_t size = static_cast<uint32_t>(t.Uint("size", 256, 65000));
            const double start = t.Num("start", 1.0, 0);
            const double interval = t.Num("interval", f.type == "udp-echo" ? 0.1 : 0.01, 1e-6);
            const uint32_t count = static_cast<uint32_t>(t.Uint("count", 10, 10000000));
            if (port == 0)
            {
                Fail(t.At("port"), "port 0 is not a service");
            }
            if (f.type == "udp-echo")
            {
                const bool vip = t.Bool("from_virtual_ip", virtualIpDaemons.count(f.from) > 0);
                t.Done();
                auto& server = echoServers[{to, port}];
                if (!server)
                {
                    server = std::make_unique<RecordingEchoServer>();
                    server->Install(to, port);
                }
                f.client = std::make_unique<BoundEchoClient>();
                f.client->Setup(from, dest, port, static_cast<uint16_t>(40000 + i));
                if (vip)
                {
                    auto it = virtualIpDaemons.find(f.from);
                    if (it == virtualIpDaemons.end())
                    {
                        Fail(t.At("from_virtual_ip"),
                             f.from + " requests no virtual IP in any IKE connection");
                    }
                    Ptr<IkeDaemon> d = it->second;
                    f.client->SetLocalAddressSource(
                        [d]()
                        {
                            const auto sas = d->GetIkeSas();
                            return sas.empty() ? Ipv4Address::GetAny()
                                               : Ipv4Address(sas.front()->virtualIp);
                        });
                }
                for (uint32_t k = 0; k < count; ++k)
                {
                    f.client->Schedule(Seconds(start + interval * k), size);
                }
            }
            else
            {
                t.Done();
                f.sink = Socket::CreateSocket(to, UdpSocketFactory::GetTypeId());
                if (f.sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) != 0)
                {
                    Fail(t.At("port"), "port " + std::to_string(port) + " already used on " + f.to);
                }
                f.sender = Socket::CreateSocket(from, UdpSocketFactory::GetTypeId());
                f.sender->Bind();
                f.sender->Connect(InetSocketAddress(dest, port));
                flows.push_back(std::move(f));
                Flow* fp = &flows.back();
                fp->sink->SetRecvCallback(Callback<void, Ptr<Socket>>(
                    [fp](Ptr<Socket> s)
                    {
                        while (s->Recv())
                        {
                            ++fp->received;
                        }
                    }));
                for (uint32_t k = 0; k < count; ++k)
                {
                    Simulator::Schedule(Seconds(start + interval * k),
                                        [fp, size]()
                                        {
                                            ++fp->sent;
                                            fp->sender->Send(Create<Packet>(size));
                                        });
                }
                continue;
            }
            flows.push_back(std::move(f));
        }

        // ---- attackers
        QJsonArray attackerList = root.Arr("attackers");
        for (int i = 0; i < attackerList.size(); ++i)
        {
            Obj a(attackerList[i], root.At("attackers") + "[" + std::to_string(i) + "]");
            AttackerState s;
            s.type = a.NeedStr("type");
            Link& link = w.LinkRef(a.Need("link"), a.At("link"));
            s.link = link.name;
            auto protocolOf = [&](const std::string& key, const std::string& def) -> uint8_t
            {
                const std::string p = a.Str(key, def);
                const bool anyOk = s.type == "tamper";
                if (p == "esp")
                {
                    return 50;
                }
                if (p == "ah")
                {
                    return 51;
                }
                if (p == "any" && anyOk)
                {
                    return 0;
                }
                Fail(a.At(key),
                     "expected \"esp\", \"ah\"" + std::string(anyOk ? " or \"any\"" : "") +
                         ", got \"" + p + "\"");
            };
            // The device of the attacked node ("at": a node on the link; default: the last).
            auto deviceAt = [&](const std::string& key) -> int
            {
                if (!a.Has(key))
                {
                    return static_cast<int>(link.nodes.size()) - 1;
                }
                Ptr<Node> n = w.NodeRef(a.Raw(key), a.At(key));
                int k = World::On(link, n);
                if (k < 0)
                {
                    Fail(a.At(key), w.Name(n) + " is not on link " + link.name);
                }
                return k;
            };
            if (s.type == "replay")
            {
                const int at = deviceAt("at");
                const uint8_t protocol = protocolOf("protocol", "esp");
                const uint32_t capture = static_cast<uint32_t>(a.Uint("capture", 5));
                const Time spacing = a.Has("spacing") ? ParseTime(a.Raw("spacing"), a.At("spacing"))
                                                      : MilliSeconds(1);
                QJsonArray times = a.Arr("bursts");
                if (times.isEmpty())
                {
                    Fail(a.At("bursts"), "at least one burst time is required");
                }
                s.replay = CreateObject<ReplayAttacker>();
                s.replay->CaptureAt(link.devices.Get(at), protocol, capture);
                s.replay->InjectFrom(link.devices.Get(at == 0 ? 1 : 0));
                AddTopologyTap("replay attacker on " + link.name,
                               "attacker",
                               "records and replays IPsec packets",
                               link.devices.Get(at));
                for (int k = 0; k < times.size(); ++k)
                {
                    s.replay->ScheduleBurst(
                        ParseTime(times[k], a.At("bursts") + "[" + std::to_string(k) + "]"),
                        spacing);
                }
            }
            else if (s.type == "tamper")
            {
                const int at = deviceAt("at");
                const bool csma = link.type == "csma";
                s.tamper = CreateObject<TamperModel>();
                s.tamper->SetAttribute("LinkHeaderSize", UintegerValue(csma ? 14 : 2));
                s.tamper->SetAttribute("LinkTrailerSize", UintegerValue(csma ? 4 : 0));
                s.tamper->SetAttribute("Protocol", UintegerValue(protocolOf("protocol", "esp")));
                s.tamper->SetAttribute(
                    "Offset",
                    IntegerValue(static_cast<int32_t>(a.Num("offset", -1, -65535, 65535))));
                s.tamper->SetAttribute("Xor",
                                       UintegerValue(std::max<uint64_t>(1, a.Uint("xor", 1, 255))));
                s.tamper->SetAttribute("Every", UintegerValue(a.Uint("every", 1)));
                s.tamper->SetAttribute("Skip", UintegerValue(a.Uint("skip", 0)));
                Ptr<NetDevice> dev = link.devices.Get(at);
                PointerValue existing;
                dev->GetAttribute("ReceiveErrorModel", existing);
                if (existing.Get<ErrorModel>())
                {
                    Fail(a.Path(),
                         "the device already has a receive error model (loss on link " + link.name +
                             "?): tampering and loss cannot share it");
                }
                dev->SetAttribute("ReceiveErrorModel", PointerValue(s.tamper));
                AddTopologyTap("tamper attacker on " + link.name,
                               "attacker",
                               "changes octets of IPsec packets",
                               dev);
            }
            else if (s.type == "eavesdrop")
            {
                s.eavesdropper = CreateObject<Eavesdropper>();
                s.eavesdropper->Attach(link.devices.Get(deviceAt("at")));
                AddTopologyTap("eavesdropper on " + link.name,
                               "eavesdropper",
                               "reads every frame on the link",
                               link.devices.Get(deviceAt("at")));
                s.secrets = a.Strs("secrets", {});
            }
            else if (s.type == "ike-forger")
            {
                // "at": the attacked responder's side of the link (its received IKE is read);
                // forgeries towards it leave from the other side.
                const int at = deviceAt("at");
                const int other = at == 0 ? 1 : 0;
                Ptr<NetDevice> atResponder = link.devices.Get(at);
                Ptr<NetDevice> atInitiator = link.devices.Get(other);
                const Ipv4Address responder = link.addresses[at];
                s.forger = CreateObject<IkeForger>();
                s.forger->AssignStreams(7000 + i);
                s.forger->WatchAt(atResponder);
                std::set<std::string> wanted;
                for (const auto& attack : a.Strs("attacks", {"forged-delete"}))
                {
                    if (attack != "forged-delete" && attack != "forged-auth-failed" &&
                        attack != "init-flood" && attack != "replay-request")
                    {
                        Fail(a.At("attacks"),
                             "unknown attack \"" + attack +
                                 "\" (forged-delete, forged-auth-failed, init-flood, "
                                 "replay-request)");
                    }
                    wanted.insert(attack);
                }
                const Time when = a.Has("delete_at")
                                      ? ParseTime(a.Raw("delete_at"), a.At("delete_at"))
                                      : Seconds(1.5);
                const uint32_t floodCount =
                    static_cast<uint32_t>(a.Uint("flood_count", 1000, 100000));
                const std::string floodProposal = a.Str("flood_proposal", "aes128-sha256-x25519");
                if (wanted.count("forged-delete"))
                {
                    s.forger->ForgeDeleteAt(when, responder, atInitiator);
                }
                if (wanted.count("replay-request"))
                {
                    s.forger->ReplayLastRequestAt(when, Ipv4Address("192.0.2.66"), atInitiator);
                }
                if (wanted.count("forged-auth-failed"))
                {
                    s.forger->AnswerIkeAuthWith(atResponder);
                }
                if (wanted.count("init-flood"))
                {
                    try
                    {
                        s.forger->FloodAt(Seconds(0.05),
                                          floodCount,
                                          MicroSeconds(250),
                                          responder,
                                          Ipv4Address("198.18.0.0"),
                                          floodProposal,
                                          atInitiator);
                    }
                    catch (const std::exception& e)
                    {
                        Fail(a.At("flood_proposal"), e.what());
                    }
                }
            }
            else
            {
                Fail(a.At("type"),
                     "expected \"replay\", \"tamper\", \"eavesdrop\" or \"ike-forger\", got \"" +
                         s.type + "\"");
            }
            a.Done();
            attackers.push_back(s);
        }

        // ---- pcaps: per link ("pcap": true) or by name
        QJsonArray pcaps = root.Arr("pcaps");
        for (int i = 0; i < pcaps.size(); ++i)
        {
            w.LinkRef(pcaps[i], root.At("pcaps") + "[" + std::to_string(i) + "]").pcap = true;
        }
        if (root.Has("description"))
        {
            root.Str("description");
        }
        root.Done();
    }
    catch (const ConfigError& e)
    {
        std::cerr << "custom: configuration error: " << e.what() << "\n";
        return 2;
    }
    catch (const std::exception& e)
    {
        std::cerr << "custom: configuration error: " << e.what() << "\n";
        return 2;
    }
    if (!nats.empty())
    {
        natNarration = std::make_unique<NatNarration>(options.GetSteps());
    }
    for (const Link& l : w.links)
    {
        if (!l.pcap)
        {
            continue;
        }
        if (l.type == "p2p")
        {
            PointToPointHelper p2p;
            p2p.EnablePcap(out + "/" + l.name + ".pcap", l.devices.Get(0), false, true);
        }
        else
        {
            CsmaHelper csma;
            csma.EnablePcap(out + "/" + l.name + ".pcap", l.devices.Get(0), true, true);
        }
    }

    std::ostringstream setUp;
    setUp << scenarioName << ": " << w.nodes.size() << " nodes, " << w.links.size() << " links, "
          << ikePairs.size() << " IKE connection(s), " << flows.size() << " traffic flow(s), "
          << attackers.size() << " attacker(s); " << duration << " simulated seconds.";
    narrator->Step("Set-up", setUp.str());
    Simulator::Stop(Seconds(duration));
    Simulator::Run();

    // ---- the summary: stdout and custom.json
    std::string json = "{\"scenario\":" + JsonQuote(scenarioName) + ",\"ike\":[";
    std::cout << scenarioName << " (custom scenario): " << duration << " s simulated\n";
    const char* sep = "";
    for (const auto& p : ikePairs)
    {
        const uint32_t up = p.initiatorDaemon->GetEstablishedCount();
        std::cout << "  IKE " << p.name << " " << p.initiator << " -> " << p.responder << ": "
                  << (up ? "established" : "NOT established") << ", Child SAs "
                  << p.initiatorDaemon->GetChildSaCount() << ", rekeys "
                  << p.initiatorDaemon->GetRekeys() << "\n";
        json += sep + std::string("{\"name\":") + JsonQuote(p.name) +
                ",\"initiator\":" + JsonQuote(p.initiator) +
                ",\"responder\":" + JsonQuote(p.responder) +
                ",\"established\":" + std::to_string(up) + "}";
        sep = ",";
    }
    json += "],\"flows\":[";
    sep = "";
    for (const auto& f : flows)
    {
        const uint32_t sent = f.client ? f.client->Sent() : f.sent;
        const uint32_t received = f.client ? f.client->Replies() : f.received;
        std::cout << "  " << f.name << ": " << received << "/" << sent
                  << (f.client ? " answered" : " received");
        if (f.client && f.client->LocalAddress() != Ipv4Address::GetAny())
        {
            std::cout << " (from " << f.client->LocalAddress() << ")";
        }
        std::cout << "\n";
        json += sep + std::string("{\"name\":") + JsonQuote(f.name) +
                ",\"type\":" + JsonQuote(f.type) + ",\"from\":" + JsonQuote(f.from) +
                ",\"to\":" + JsonQuote(f.to) + ",\"sent\":" + std::to_string(sent) +
                ",\"received\":" + std::to_string(received) + "}";
        sep = ",";
    }
    json += "],\"attackers\":[";
    sep = "";
    for (const auto& a : attackers)
    {
        json +=
            sep + std::string("{\"type\":") + JsonQuote(a.type) + ",\"link\":" + JsonQuote(a.link);
        std::cout << "  attacker " << a.type << " on " << a.link << ": ";
        if (a.replay)
        {
            std::cout << "recorded " << a.replay->GetCapturedCount() << ", replayed "
                      << a.replay->GetReplayedCount() << "\n";
            json += ",\"captured\":" + std::to_string(a.replay->GetCapturedCount()) +
                    ",\"replayed\":" + std::to_string(a.replay->GetReplayedCount());
        }
        else if (a.tamper)
        {
            std::cout << "changed " << a.tamper->GetTamperedCount() << " datagrams\n";
            json += ",\"tampered\":" + std::to_string(a.tamper->GetTamperedCount());
        }
        else if (a.forger)
        {
            std::cout << "forged " << a.forger->GetForgedCount() << " IKE messages\n";
            json += ",\"forged\":" + std::to_string(a.forger->GetForgedCount());
        }
        else if (a.eavesdropper)
        {
            const std::string file = "eavesdropper-" + a.link + ".json";
            a.eavesdropper->WriteJson(out + "/" + file, a.secrets);
            uint32_t seen = 0;
            for (const auto& secret : a.secrets)
            {
                seen += a.eavesdropper->Saw(secret) ? 1 : 0;
            }
            std::cout << a.eavesdropper->GetFrameCount() << " frames, " << seen << "/"
                      << a.secrets.size() << " secrets seen (" << file << ")\n";
            json += ",\"frames\":" + std::to_string(a.eavesdropper->GetFrameCount()) +
                    ",\"secrets_seen\":" + std::to_string(seen);
        }
        json += "}";
        sep = ",";
    }
    json += "],\"nats\":[";
    sep = "";
    for (const auto& [name, router] : nats)
    {
        json += sep + std::string("{\"node\":") + JsonQuote(name) +
                ",\"mappings_created\":" + std::to_string(router->GetCounters().mappingsCreated) +
                "}";
        sep = ",";
    }
    json += "]}\n";
    for (const auto& name : w.nodeOrder)
    {
        Ptr<IpsecStack> stack = IpsecHelper::GetStack(w.nodes[name]);
        if (!stack)
        {
            continue;
        }
        std::cout << "  " << name << ": IPsec protected " << stack->GetProtectedCount()
                  << ", unprotected " << stack->GetUnprotectedCount();
        for (size_t r = 0; r < ipseclab::kDropReasonCount; ++r)
        {
            if (stack->GetDrops()[r])
            {
                std::cout << ", dropped "
                          << ipseclab::ToString(static_cast<ipseclab::DropReason>(r)) << " "
                          << stack->GetDrops()[r];
            }
        }
        std::cout << "\n";
    }
    std::ofstream(out + "/custom.json") << json;
    options.Finish();
    Simulator::Destroy();
    return 0;
}
