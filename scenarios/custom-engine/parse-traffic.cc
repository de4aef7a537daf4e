// Traffic: UDP echoes (replies counted) and constant UDP streams.
#include "parse-steps.h"

namespace ipseclab::custom
{

void
ParseTraffic(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray traffic = root.Arr("traffic");
    for (int i = 0; i < traffic.size(); ++i)
    {
        const std::string path = Item(root.At("traffic"), i);
        FlowSpec f;
        f.path = path;
        f.type = JsonObject(traffic[i], path, keys::kAnyTraffic).NeedStr("type");
        if (f.type != "udp-echo" && f.type != "udp-stream")
        {
            Fail(path + ".type", "expected \"udp-echo\" or \"udp-stream\", got \"" + f.type + "\"");
        }
        const bool echo = f.type == "udp-echo";
        JsonObject t(traffic[i], path, echo ? keys::kTrafficUdpEcho : keys::kTrafficUdpStream);
        t.NeedStr("type");
        f.from = NodeRef(c, t.Need("from"), t.At("from"));
        f.to = NodeRef(c, t.Need("to"), t.At("to"));
        f.name = t.Str("name", f.type + ":" + c.nodes[f.from] + "->" + c.nodes[f.to]);
        f.toAddress = AddressOf(c, f.to, t.Str("to_address"), t.At("to_address"));
        f.port = static_cast<uint16_t>(t.Uint("port", echo ? 7 : 9000, 65535));
        f.size = static_cast<uint32_t>(t.Uint("size", 256, 65000));
        f.start = t.Num("start", 1.0, 0);
        f.interval = t.Num("interval", echo ? 0.1 : 0.01, 1e-6);
        f.count = static_cast<uint32_t>(t.Uint("count", 10, 10000000));
        if (f.port == 0)
        {
            Fail(t.At("port"), "port 0 is not a service");
        }
        if (echo)
        {
            // By default an echo leaves from the virtual IP its node asks for, if any (the
            // last IKE connection of that initiator asking for one).
            int vipIke = -1;
            for (size_t k = 0; k < c.ike.size(); ++k)
            {
                if (c.ike[k].requestVirtualIp && c.ike[k].initiator == f.from)
                {
                    vipIke = static_cast<int>(k);
                }
            }
            const bool vip = t.Bool("from_virtual_ip", vipIke >= 0);
            t.Done();
            if (vip && vipIke < 0)
            {
                Fail(t.At("from_virtual_ip"),
                     c.nodes[f.from] + " requests no virtual IP in any IKE connection");
            }
            f.virtualIpFrom = vip ? vipIke : -1;
        }
        else
        {
            t.Done();
        }
        c.traffic.push_back(f);
    }
}

} // namespace ipseclab::custom
