// Hand-keyed SA pairs and IKE connections: their nodes get IPsec.
#include "config-values.h"
#include "parse-steps.h"

namespace ipseclab::custom
{

void
ParseManualSas(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray manual = root.Arr("manual_sas");
    for (int i = 0; i < manual.size(); ++i)
    {
        JsonObject m(manual[i], Item(root.At("manual_sas"), i), keys::kManualSa);
        ManualSaSpec s;
        s.path = m.Path();
        s.a = NodeRef(c, m.Need("a"), m.At("a"));
        s.b = NodeRef(c, m.Need("b"), m.At("b"));
        c.ipsec[s.a] = c.ipsec[s.b] = true;
        if (s.a == s.b)
        {
            Fail(m.At("b"), "a and b must be different nodes");
        }
        s.protocol =
            OrFail(m.At("protocol"), [&] { return ParseIpsecProtocol(m.Str("protocol", "esp")); });
        s.mode = OrFail(m.At("mode"), [&] { return ParseIpsecMode(m.Str("mode", "transport")); });
        if (m.Has("esp_proposal"))
        {
            s.espProposal = m.Str("esp_proposal");
        }
        if (m.Has("ah_proposal"))
        {
            s.ahProposal = m.Str("ah_proposal");
        }
        s.addressA = AddressOf(c, s.a, m.Str("address_a"), m.At("address_a"), s.b);
        s.addressB = AddressOf(c, s.b, m.Str("address_b"), m.At("address_b"), s.a);
        s.trafficA = m.Str("traffic_a");
        s.trafficB = m.Str("traffic_b");
        if (!s.trafficA.empty())
        {
            ParsePrefix(s.trafficA, m.At("traffic_a"));
        }
        if (!s.trafficB.empty())
        {
            ParsePrefix(s.trafficB, m.At("traffic_b"));
        }
        if (m.Has("ip_protocol"))
        {
            const QJsonValue v = m.Raw("ip_protocol");
            if (v.isString())
            {
                const std::string t = v.toString().toStdString();
                s.ipProtocol = t == "udp" ? 17 : t == "tcp" ? 6 : t == "icmp" ? 1 : 0;
                if (s.ipProtocol == 0 && t != "any")
                {
                    Fail(m.At("ip_protocol"), "expected udp, tcp, icmp, any or a number");
                }
            }
            else
            {
                s.ipProtocol = static_cast<uint8_t>(m.Uint("ip_protocol", 0, 255));
            }
        }
        s.portB = static_cast<uint16_t>(m.Uint("port_b", 0, 65535));
        s.spiAtoB = static_cast<uint32_t>(m.Uint("spi_a_to_b", 0x1001 + 0x10 * i));
        s.spiBtoA = static_cast<uint32_t>(m.Uint("spi_b_to_a", 0x2002 + 0x10 * i));
        if (s.spiAtoB < 256 || s.spiBtoA < 256)
        {
            Fail(m.Path(), "SPIs 0..255 are reserved (RFC 4303)");
        }
        s.reqid = static_cast<uint32_t>(m.Uint("reqid", 100 + i));
        s.replayWindow = static_cast<uint32_t>(m.Uint("replay_window", 64, 65536));
        s.esn = m.Bool("esn", false);
        s.udpEncap = m.Bool("udp_encap", false);
        s.tfcPadTo = static_cast<uint32_t>(m.Uint("tfc_pad_to", 0, 65535));
        s.priority = static_cast<uint32_t>(m.Uint("priority", 100));
        s.softSeconds = m.Num("soft_seconds", 0, 0);
        s.hardSeconds = m.Num("hard_seconds", 0, 0);
        m.Done();
        c.manualSas.push_back(s);
    }
}

void
ParseIke(const JsonObject& root, CustomConfig& c)
{
    const QJsonArray ikes = root.Arr("ike");
    for (int i = 0; i < ikes.size(); ++i)
    {
        JsonObject j(ikes[i], Item(root.At("ike"), i), keys::kIke);
        IkeSpec s;
        s.path = j.Path();
        s.initiator = NodeRef(c, j.Need("initiator"), j.At("initiator"));
        s.responder = NodeRef(c, j.Need("responder"), j.At("responder"));
        c.ipsec[s.initiator] = c.ipsec[s.responder] = true;
        if (s.initiator == s.responder)
        {
            Fail(j.At("responder"), "initiator and responder must be different nodes");
        }
        s.name = j.Str("name", "conn" + std::to_string(i));
        s.initiatorAddress = AddressOf(
            c, s.initiator, j.Str("initiator_address"), j.At("initiator_address"), s.responder);
        s.responderAddress = AddressOf(
            c, s.responder, j.Str("responder_address"), j.At("responder_address"), s.initiator);
        s.initiatorId = j.Str("initiator_id");
        s.responderId = j.Str("responder_id");
        s.psk = j.NeedStr("psk");
        if (j.Has("proposals"))
        {
            s.proposals = j.Strs("proposals", {});
        }
        s.ikeRekeyTime = j.Num("ike_rekey_time", 0, 0);
        s.overTime = j.Num("over_time", 0, 0);
        s.ikeRandTime = j.Num("ike_rand_time", 0, 0);
        s.dpdDelay = j.Num("dpd_delay", 0, 0);
        if (j.Has("dpd_action"))
        {
            s.dpdAction = j.Str("dpd_action");
        }
        if (j.Has("retransmit_timeout"))
        {
            s.retransmitTimeout = j.Num("retransmit_timeout", 0, 0.001);
        }
        if (j.Has("retransmit_tries"))
        {
            s.retransmitTries = static_cast<uint32_t>(j.Uint("retransmit_tries", 0, 100));
        }
        s.forceEncap = j.Bool("force_encap", false);
        s.requestVirtualIp = j.Bool("request_virtual_ip", false);
        s.keepalive = j.Num("keepalive", 20, 0);
        s.childName = j.Str("child_name", s.name + "-child");
        s.espProposals = j.Strs("esp_proposals", {"aes128gcm16"});
        s.localTs = j.Str("local_ts", "dynamic");
        s.remoteTs = j.Str("remote_ts", "dynamic");
        s.mode = OrFail(j.At("mode"), [&] { return ParseIpsecMode(j.Str("mode", "tunnel")); });
        s.rekeyTime = j.Num("rekey_time", 0, 0);
        s.lifeTime = j.Num("life_time", 0, 0);
        s.randTime = j.Num("rand_time", 0, 0);
        if (j.Has("delete_delay"))
        {
            s.deleteDelay = j.Num("delete_delay", 0, 0);
        }
        s.replayWindow = static_cast<uint32_t>(j.Uint("replay_window", 64, 65536));
        s.esn = j.Bool("esn", false);
        s.rekeyPackets = j.Uint("rekey_packets", 0, ~uint64_t(0) >> 12);
        s.rekeyBytes = j.Uint("rekey_bytes", 0, ~uint64_t(0) >> 12);
        s.tfcPadTo = static_cast<uint32_t>(j.Uint("tfc_pad_to", 0, 65535));
        s.startAction = j.Str("start_action", "start");
        s.startTime = j.Num("start_time", 0.2, 0);
        s.pool = j.Str("pool");
        if (!s.pool.empty())
        {
            ParsePrefix(s.pool, j.At("pool"));
        }
        // A road-warrior responder accepts the initiator from wherever its NAT puts it.
        const std::string remote = j.Str("responder_remote", s.pool.empty() ? "initiator" : "any");
        if (remote != "any" && remote != "initiator")
        {
            Fail(j.At("responder_remote"), "expected \"initiator\" or \"any\"");
        }
        s.responderAcceptsAny = remote == "any";
        // The responder's DoS defences (daemon-wide, as strongSwan's charon.* settings).
        s.cookieThreshold = static_cast<uint32_t>(j.Uint("cookie_threshold", 30, 1000000));
        s.halfOpenLimit = static_cast<uint32_t>(j.Uint("half_open_limit", 0, 1000000));
        j.Done();
        c.ike.push_back(s);
    }
}

} // namespace ipseclab::custom
