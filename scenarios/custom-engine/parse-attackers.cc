// Attackers on links: replay, tamper, eavesdrop, IKE forger.
#include "config-values.h"
#include "parse-steps.h"

#include <set>

namespace ipseclab::custom
{
namespace
{

const KeyTable&
TableOf(const std::string& type)
{
    return type == "replay"       ? keys::kAttackerReplay
           : type == "tamper"     ? keys::kAttackerTamper
           : type == "eavesdrop"  ? keys::kAttackerEavesdrop
           : type == "ike-forger" ? keys::kAttackerIkeForger
                                  : keys::kAnyAttacker;
}

uint8_t
ProtocolOf(const JsonObject& a, const std::string& type)
{
    const std::string p = a.Str("protocol", "esp");
    const bool anyOk = type == "tamper";
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
    Fail(a.At("protocol"),
         "expected \"esp\", \"ah\"" + std::string(anyOk ? " or \"any\"" : "") + ", got \"" + p +
             "\"");
}

/// The device of the attacked node ("at": a node on the link; default: the last).
int
DeviceAt(const CustomConfig& c, const JsonObject& a, const LinkSpec& link)
{
    if (!a.Has("at"))
    {
        return static_cast<int>(link.nodes.size()) - 1;
    }
    const size_t n = NodeRef(c, a.Raw("at"), a.At("at"));
    const int k = link.On(n);
    if (k < 0)
    {
        Fail(a.At("at"), c.nodes[n] + " is not on link " + link.name);
    }
    return k;
}

void
Replay(const JsonObject& a, AttackerSpec& s)
{
    s.protocol = ProtocolOf(a, s.type);
    s.capture = static_cast<uint32_t>(a.Uint("capture", 5));
    if (a.Has("spacing"))
    {
        s.spacingSeconds = ParseSeconds(a.Raw("spacing"), a.At("spacing"));
    }
    const QJsonArray times = a.Arr("bursts");
    if (times.isEmpty())
    {
        Fail(a.At("bursts"), "at least one burst time is required");
    }
    for (int k = 0; k < times.size(); ++k)
    {
        s.bursts.push_back(ParseSeconds(times[k], Item(a.At("bursts"), k)));
    }
}

void
Tamper(const CustomConfig& c, const JsonObject& a, AttackerSpec& s)
{
    s.protocol = ProtocolOf(a, s.type);
    s.offset = static_cast<int32_t>(a.Num("offset", -1, -65535, 65535));
    s.xorMask = std::max<uint64_t>(1, a.Uint("xor", 1, 255));
    s.every = a.Uint("every", 1);
    s.skip = a.Uint("skip", 0);
    // The tamper model is the device's receive error model: one per device.
    bool taken = c.links[s.link].loss > 0;
    for (const AttackerSpec& other : c.attackers)
    {
        taken = taken || (other.type == "tamper" && other.link == s.link && other.at == s.at);
    }
    if (taken)
    {
        Fail(a.Path(),
             "the device already has a receive error model (loss on link " + c.links[s.link].name +
                 "?): tampering and loss cannot share it");
    }
}

void
IkeForger(const JsonObject& a, AttackerSpec& s)
{
    for (const auto& attack : a.Strs("attacks", {"forged-delete"}))
    {
        if (attack != "forged-delete" && attack != "forged-auth-failed" && attack != "init-flood" &&
            attack != "replay-request")
        {
            Fail(a.At("attacks"),
                 "unknown attack \"" + attack +
                     "\" (forged-delete, forged-auth-failed, init-flood, replay-request)");
        }
        s.attacks.push_back(attack);
    }
    s.deleteAt = a.Seconds("delete_at", 1.5);
    s.floodCount = static_cast<uint32_t>(a.Uint("flood_count", 1000, 100000));
    s.floodProposal = a.Str("flood_proposal", "aes128-sha256-x25519");
}

} // namespace

void
ParseAttackers(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray attackers = root.Arr("attackers");
    for (int i = 0; i < attackers.size(); ++i)
    {
        const std::string path = Item(root.At("attackers"), i);
        AttackerSpec s;
        s.path = path;
        {
            const JsonObject any(attackers[i], path, keys::kAnyAttacker);
            s.type = any.NeedStr("type");
            s.link = LinkRef(c, any.Need("link"), any.At("link"));
        }
        // The entry's own table, now that its type is known (it has type and link too).
        const JsonObject a(attackers[i], path, TableOf(s.type));
        a.NeedStr("type");
        a.Need("link");
        const LinkSpec& link = c.links[s.link];
        if (s.type == "replay" || s.type == "tamper" || s.type == "eavesdrop" ||
            s.type == "ike-forger")
        {
            s.at = DeviceAt(c, a, link);
        }
        if (s.type == "replay")
        {
            Replay(a, s);
        }
        else if (s.type == "tamper")
        {
            Tamper(c, a, s);
        }
        else if (s.type == "eavesdrop")
        {
            s.secrets = a.Strs("secrets", {});
        }
        else if (s.type == "ike-forger")
        {
            IkeForger(a, s);
        }
        else
        {
            Fail(a.At("type"),
                 "expected \"replay\", \"tamper\", \"eavesdrop\" or \"ike-forger\", got \"" +
                     s.type + "\"");
        }
        a.Done();
        c.attackers.push_back(s);
    }
}

} // namespace ipseclab::custom
