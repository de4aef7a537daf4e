#include "config-keys.h"

namespace ipseclab::custom::keys
{

const KeyTable kRoot{"root",
                     {"name",
                      "description",
                      "duration",
                      "routing",
                      "nodes",
                      "links",
                      "routes",
                      "manual_sas",
                      "ike",
                      "nats",
                      "traffic",
                      "attackers",
                      "pcaps"}};
const KeyTable kNode{"node", {"name", "ipsec"}};
const KeyTable kLink{
    "link", {"name", "type", "nodes", "subnet", "addresses", "rate", "delay", "loss", "pcap"}};
const KeyTable kRoute{"route", {"node", "to", "via"}};
const KeyTable kManualSa{
    "manual_sa",
    {"a",          "b",          "protocol",     "mode",          "esp_proposal", "ah_proposal",
     "address_a",  "address_b",  "traffic_a",    "traffic_b",     "ip_protocol",  "port_b",
     "spi_a_to_b", "spi_b_to_a", "reqid",        "replay_window", "esn",          "udp_encap",
     "tfc_pad_to", "priority",   "soft_seconds", "hard_seconds"}};
const KeyTable kIke{"ike",
                    {"name",
                     "initiator",
                     "responder",
                     "initiator_address",
                     "responder_address",
                     "initiator_id",
                     "responder_id",
                     "psk",
                     "proposals",
                     "ike_rekey_time",
                     "over_time",
                     "ike_rand_time",
                     "dpd_delay",
                     "dpd_action",
                     "retransmit_timeout",
                     "retransmit_tries",
                     "force_encap",
                     "request_virtual_ip",
                     "keepalive",
                     "child_name",
                     "esp_proposals",
                     "local_ts",
                     "remote_ts",
                     "mode",
                     "rekey_time",
                     "life_time",
                     "rand_time",
                     "delete_delay",
                     "replay_window",
                     "esn",
                     "rekey_packets",
                     "rekey_bytes",
                     "tfc_pad_to",
                     "start_action",
                     "start_time",
                     "pool",
                     "responder_remote",
                     "cookie_threshold",
                     "half_open_limit"}};
const KeyTable kNat{"nat", {"node", "inside", "outside", "udp_timeout"}};
const KeyTable kTrafficUdpStream{
    "traffic_udp_stream",
    {"type", "from", "to", "name", "to_address", "port", "size", "start", "interval", "count"}};
const KeyTable kTrafficUdpEcho{"traffic_udp_echo",
                               {"type",
                                "from",
                                "to",
                                "name",
                                "to_address",
                                "port",
                                "size",
                                "start",
                                "interval",
                                "count",
                                "from_virtual_ip"}};
const KeyTable kAttackerReplay{"attacker_replay",
                               {"type", "link", "at", "protocol", "capture", "spacing", "bursts"}};
const KeyTable kAttackerTamper{
    "attacker_tamper", {"type", "link", "at", "protocol", "offset", "xor", "every", "skip"}};
const KeyTable kAttackerEavesdrop{"attacker_eavesdrop", {"type", "link", "at", "secrets"}};
const KeyTable kAttackerIkeForger{
    "attacker_ike_forger",
    {"type", "link", "at", "attacks", "delete_at", "flood_count", "flood_proposal"}};
const KeyTable kAnyTraffic{"traffic", {"type"}};
const KeyTable kAnyAttacker{"attacker", {"type", "link"}};

} // namespace ipseclab::custom::keys

namespace ipseclab::custom
{

std::vector<const KeyTable*>
AllKeyTables()
{
    using namespace keys;
    return {&kRoot,
            &kNode,
            &kLink,
            &kRoute,
            &kManualSa,
            &kIke,
            &kNat,
            &kTrafficUdpEcho,
            &kTrafficUdpStream,
            &kAttackerReplay,
            &kAttackerTamper,
            &kAttackerEavesdrop,
            &kAttackerIkeForger};
}

} // namespace ipseclab::custom
