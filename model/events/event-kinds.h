// Generated from docs/events.schema.json by model/events/make-event-kinds.py: do not
// edit. Every event kind with its required and allowed fields (beyond the envelope).
#ifndef IPSECLAB_EVENT_KINDS_H
#define IPSECLAB_EVENT_KINDS_H

// (generated: one name per line, as the generator writes it)
// clang-format off
namespace ipseclab
{
namespace event_kinds
{

inline const char* const k_ah_decap_required[] = {
    "spi",
    "sn",
    "icv_ok",
    "icv_input",
    "icv_full",
    "icv",
    nullptr,
};
inline const char* const k_ah_decap_allowed[] = {
    "sa",
    "spi",
    "sn",
    "esn_high",
    "icv_ok",
    "mode",
    "next_header",
    "icv_input",
    "icv_full",
    "icv",
    "icv_computed",
    "src",
    "dst",
    "packet",
    "outer_ip",
    "udp",
    "octets",
    "origin",
    nullptr,
};

inline const char* const k_ah_drop_required[] = {
    "reason",
    nullptr,
};
inline const char* const k_ah_drop_allowed[] = {
    "reason",
    "spi",
    "sn",
    "esn_high",
    "bytes",
    "detail",
    "src",
    "dst",
    "sa",
    "policy",
    "flow",
    "origin",
    nullptr,
};

inline const char* const k_ah_encap_required[] = {
    "spi",
    "sn",
    "mode",
    "next_header",
    "icv_input",
    "icv_full",
    "icv",
    nullptr,
};
inline const char* const k_ah_encap_allowed[] = {
    "sa",
    "spi",
    "sn",
    "esn_high",
    "mode",
    "next_header",
    "icv_input",
    "icv_full",
    "icv",
    "src",
    "dst",
    "proposal",
    "packet",
    "flow",
    "outer_ip",
    "udp",
    "octets",
    nullptr,
};

inline const char* const k_app_probe_echo_required[] = {
    "probe",
    "size",
    nullptr,
};
inline const char* const k_app_probe_echo_allowed[] = {
    "probe",
    "size",
    nullptr,
};

inline const char* const k_app_probe_sent_required[] = {
    "probe",
    "src",
    "dst",
    "port",
    nullptr,
};
inline const char* const k_app_probe_sent_allowed[] = {
    "probe",
    "src",
    "dst",
    "port",
    nullptr,
};

inline const char* const k_attacker_capture_required[] = {
    "protocol",
    "spi",
    "sn",
    "length",
    nullptr,
};
inline const char* const k_attacker_capture_allowed[] = {
    "protocol",
    "spi",
    "sn",
    "length",
    "count",
    nullptr,
};

inline const char* const k_attacker_flood_end_required[] = {
    "what",
    "dst",
    "count",
    nullptr,
};
inline const char* const k_attacker_flood_end_allowed[] = {
    "what",
    "dst",
    "count",
    nullptr,
};

inline const char* const k_attacker_flood_start_required[] = {
    "what",
    "dst",
    "count",
    nullptr,
};
inline const char* const k_attacker_flood_start_allowed[] = {
    "what",
    "dst",
    "count",
    nullptr,
};

inline const char* const k_attacker_forge_required[] = {
    "what",
    "src",
    "dst",
    "bytes",
    "count",
    nullptr,
};
inline const char* const k_attacker_forge_allowed[] = {
    "what",
    "src",
    "dst",
    "bytes",
    "count",
    nullptr,
};

inline const char* const k_attacker_hostile_required[] = {
    "what",
    "expect",
    "bytes",
    nullptr,
};
inline const char* const k_attacker_hostile_allowed[] = {
    "what",
    "expect",
    "bytes",
    nullptr,
};

inline const char* const k_attacker_replay_required[] = {
    "protocol",
    "spi",
    "sn",
    "length",
    nullptr,
};
inline const char* const k_attacker_replay_allowed[] = {
    "protocol",
    "spi",
    "sn",
    "length",
    "count",
    "burst",
    nullptr,
};

inline const char* const k_attacker_tamper_required[] = {
    "protocol",
    "offset",
    "before",
    "after",
    nullptr,
};
inline const char* const k_attacker_tamper_allowed[] = {
    "protocol",
    "offset",
    "before",
    "after",
    "count",
    nullptr,
};

inline const char* const k_esp_decap_required[] = {
    "spi",
    "sn",
    "icv_ok",
    nullptr,
};
inline const char* const k_esp_decap_allowed[] = {
    "sa",
    "spi",
    "sn",
    "esn_high",
    "icv_ok",
    "mode",
    "next_header",
    "plaintext",
    "pad_length",
    "iv",
    "aad",
    "ciphertext",
    "icv",
    "icv_computed",
    "src",
    "dst",
    "proposal",
    "packet",
    "outer_ip",
    "udp",
    "octets",
    "origin",
    nullptr,
};

inline const char* const k_esp_drop_required[] = {
    "reason",
    nullptr,
};
inline const char* const k_esp_drop_allowed[] = {
    "reason",
    "spi",
    "sn",
    "esn_high",
    "bytes",
    "detail",
    "src",
    "dst",
    "sa",
    "policy",
    "flow",
    "origin",
    nullptr,
};

inline const char* const k_esp_encap_required[] = {
    "spi",
    "sn",
    "mode",
    "next_header",
    "plaintext",
    "iv",
    "ciphertext",
    "icv",
    nullptr,
};
inline const char* const k_esp_encap_allowed[] = {
    "sa",
    "spi",
    "sn",
    "esn_high",
    "mode",
    "next_header",
    "plaintext",
    "pad_length",
    "iv",
    "aad",
    "ciphertext",
    "icv",
    "src",
    "dst",
    "proposal",
    "packet",
    "flow",
    "outer_ip",
    "udp",
    "octets",
    nullptr,
};

inline const char* const k_ike_auth_computed_required[] = {
    "of",
    "method",
    "signed_octets_length",
    "auth",
    nullptr,
};
inline const char* const k_ike_auth_computed_allowed[] = {
    "of",
    "method",
    "auth_method",
    "method_reason",
    "certificate",
    "certificate_sent",
    "key_pad_key",
    "maced_id",
    "signed_octets_length",
    "auth",
    nullptr,
};

inline const char* const k_ike_auth_verdict_required[] = {
    "of",
    "ok",
    "reason",
    "note",
    nullptr,
};
inline const char* const k_ike_auth_verdict_allowed[] = {
    "of",
    "ok",
    "reason",
    "note",
    "method",
    "peer_id",
    "subject",
    "issuer",
    nullptr,
};

inline const char* const k_ike_back_off_required[] = {
    "connection",
    "what",
    "delay_s",
    "note",
    nullptr,
};
inline const char* const k_ike_back_off_allowed[] = {
    "connection",
    "what",
    "delay_s",
    "note",
    nullptr,
};

inline const char* const k_ike_child_failed_required[] = {
    nullptr,
};
inline const char* const k_ike_child_failed_allowed[] = {
    "error",
    "note",
    nullptr,
};

inline const char* const k_ike_child_sa_installed_required[] = {
    "spi_in",
    "spi_out",
    "protocol",
    "mode",
    "proposal",
    "ts",
    "pfs",
    "rekey_of",
    "udp_encap",
    "spi_i",
    "spi_r",
    "note",
    nullptr,
};
inline const char* const k_ike_child_sa_installed_allowed[] = {
    "spi_in",
    "spi_out",
    "protocol",
    "mode",
    "proposal",
    "ts",
    "pfs",
    "rekey_of",
    "udp_encap",
    "spi_i",
    "spi_r",
    "note",
    "origin",
    nullptr,
};

inline const char* const k_ike_child_start_required[] = {
    "child",
    "spi",
    "spi_i",
    "spi_r",
    "note",
    nullptr,
};
inline const char* const k_ike_child_start_allowed[] = {
    "child",
    "spi",
    "spi_i",
    "spi_r",
    "note",
    nullptr,
};

inline const char* const k_ike_collision_required[] = {
    "what",
    "note",
    nullptr,
};
inline const char* const k_ike_collision_allowed[] = {
    "what",
    "old_spi",
    "survivor_spi",
    "redundant_spi",
    "lowest_nonce",
    "deleted_here",
    "note",
    nullptr,
};

inline const char* const k_ike_connect_required[] = {
    "connection",
    "peer",
    "note",
    nullptr,
};
inline const char* const k_ike_connect_allowed[] = {
    "connection",
    "peer",
    "note",
    nullptr,
};

inline const char* const k_ike_cookie_required[] = {
    "cookie",
    nullptr,
};
inline const char* const k_ike_cookie_allowed[] = {
    "half_open",
    "threshold",
    "returned",
    "peer",
    "cookie",
    "note",
    nullptr,
};

inline const char* const k_ike_dead_peer_required[] = {
    "reason",
    "action",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_dead_peer_allowed[] = {
    "reason",
    "action",
    "spi_i",
    "spi_r",
    nullptr,
};

inline const char* const k_ike_delete_required[] = {
    "what",
    "reason",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_delete_allowed[] = {
    "what",
    "spi",
    "reason",
    "inbound_delay_s",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_delete_ignored_required[] = {
    "spis",
    "note",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_delete_ignored_allowed[] = {
    "spis",
    "note",
    "spi_i",
    "spi_r",
    nullptr,
};

inline const char* const k_ike_dh_required[] = {
    "group",
    "public_local",
    "shared_secret",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_dh_allowed[] = {
    "group",
    "public_local",
    "shared_secret",
    "spi_i",
    "spi_r",
    nullptr,
};

inline const char* const k_ike_dpd_required[] = {
    "role",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_dpd_allowed[] = {
    "role",
    "idle_s",
    "note",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_ike_sa_closed_required[] = {
    "connection",
    "reason",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_ike_sa_closed_allowed[] = {
    "connection",
    "reason",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_ike_sa_failed_required[] = {
    "connection",
    "reason",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_ike_sa_failed_allowed[] = {
    "connection",
    "reason",
    "spi_i",
    "spi_r",
    nullptr,
};

inline const char* const k_ike_invalid_ke_required[] = {
    "group_sent",
    "group_wanted",
    "note",
    nullptr,
};
inline const char* const k_ike_invalid_ke_allowed[] = {
    "what",
    "group_sent",
    "group_wanted",
    "retry",
    "note",
    nullptr,
};

inline const char* const k_ike_key_derived_required[] = {
    "name",
    "value",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_key_derived_allowed[] = {
    "name",
    "value",
    "algorithm",
    "rekey",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_message_dropped_required[] = {
    "reason",
    nullptr,
};
inline const char* const k_ike_message_dropped_allowed[] = {
    "reason",
    "exchange",
    "message_id",
    "response",
    "spi_i",
    "spi_r",
    "peer",
    "peer_port",
    "detail",
    "origin",
    nullptr,
};

inline const char* const k_ike_message_received_required[] = {
    "exchange",
    "message_id",
    "initiator",
    "response",
    "spi_i",
    "spi_r",
    "payloads",
    "summary",
    "length",
    "bytes",
    "peer",
    nullptr,
};
inline const char* const k_ike_message_received_allowed[] = {
    "exchange",
    "message_id",
    "initiator",
    "response",
    "spi_i",
    "spi_r",
    "payloads",
    "summary",
    "length",
    "bytes",
    "peer",
    "origin",
    nullptr,
};

inline const char* const k_ike_message_sent_required[] = {
    "exchange",
    "message_id",
    "initiator",
    "response",
    "spi_i",
    "spi_r",
    "payloads",
    "summary",
    "length",
    "bytes",
    "peer",
    nullptr,
};
inline const char* const k_ike_message_sent_allowed[] = {
    "exchange",
    "message_id",
    "initiator",
    "response",
    "spi_i",
    "spi_r",
    "payloads",
    "summary",
    "length",
    "bytes",
    "peer",
    "origin",
    nullptr,
};

inline const char* const k_ike_nat_detection_required[] = {
    "peer_behind_nat",
    "self_behind_nat",
    "udp_encapsulation",
    "note",
    nullptr,
};
inline const char* const k_ike_nat_detection_allowed[] = {
    "peer_behind_nat",
    "self_behind_nat",
    "udp_encapsulation",
    "note",
    nullptr,
};

inline const char* const k_ike_nat_keepalive_required[] = {
    "peer",
    "port",
    nullptr,
};
inline const char* const k_ike_nat_keepalive_allowed[] = {
    "peer",
    "port",
    nullptr,
};

inline const char* const k_ike_no_connection_required[] = {
    "peer",
    nullptr,
};
inline const char* const k_ike_no_connection_allowed[] = {
    "peer",
    nullptr,
};

inline const char* const k_ike_proposal_chosen_required[] = {
    "proposal",
    "proposal_number",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_proposal_chosen_allowed[] = {
    "proposal",
    "proposal_number",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_proposal_selection_required[] = {
    "ok",
    "why",
    "chosen",
    nullptr,
};
inline const char* const k_ike_proposal_selection_allowed[] = {
    "ok",
    "why",
    "chosen",
    "what",
    "peer",
    "origin",
    nullptr,
};

inline const char* const k_ike_rekey_done_required[] = {
    "what",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_rekey_done_allowed[] = {
    "what",
    "old_spi",
    "new_spi",
    "spi_i",
    "spi_r",
    "old_spi_i",
    "old_spi_r",
    "note",
    "origin",
    nullptr,
};

inline const char* const k_ike_rekey_failed_required[] = {
    "what",
    nullptr,
};
inline const char* const k_ike_rekey_failed_allowed[] = {
    "what",
    "spi",
    "error",
    nullptr,
};

inline const char* const k_ike_rekey_start_required[] = {
    "what",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_rekey_start_allowed[] = {
    "what",
    "spi",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_retransmit_required[] = {
    "exchange",
    "message_id",
    "attempt",
    "timeout_s",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_retransmit_allowed[] = {
    "exchange",
    "message_id",
    "attempt",
    "timeout_s",
    "spi_i",
    "spi_r",
    "origin",
    nullptr,
};

inline const char* const k_ike_retransmit_answered_required[] = {
    "message_id",
    "spi_i",
    "spi_r",
    nullptr,
};
inline const char* const k_ike_retransmit_answered_allowed[] = {
    "message_id",
    "spi_i",
    "spi_r",
    nullptr,
};

inline const char* const k_ike_sa_established_required[] = {
    "connection",
    "spi_i",
    "spi_r",
    "initiator",
    "peer",
    "peer_id",
    "proposal",
    "setup_time_s",
    "rekey",
    "note",
    nullptr,
};
inline const char* const k_ike_sa_established_allowed[] = {
    "connection",
    "spi_i",
    "spi_r",
    "initiator",
    "peer",
    "peer_id",
    "proposal",
    "setup_time_s",
    "rekey",
    "note",
    "origin",
    nullptr,
};

inline const char* const k_ike_ts_narrowing_required[] = {
    "proposed",
    "result",
    nullptr,
};
inline const char* const k_ike_ts_narrowing_allowed[] = {
    "proposed",
    "configured",
    "result",
    "note",
    "origin",
    nullptr,
};

inline const char* const k_ike_virtual_ip_required[] = {
    "address",
    "note",
    nullptr,
};
inline const char* const k_ike_virtual_ip_allowed[] = {
    "address",
    "pool",
    "peer_id",
    "note",
    nullptr,
};

inline const char* const k_link_impair_required[] = {
    "action",
    "rule",
    "rule_text",
    "link",
    "from",
    "to",
    "protocol",
    "match",
    "applied",
    nullptr,
};
inline const char* const k_link_impair_allowed[] = {
    "action",
    "rule",
    "rule_text",
    "link",
    "from",
    "to",
    "protocol",
    "match",
    "applied",
    "exchange",
    "message_id",
    "response",
    "spi",
    "sn",
    "until",
    "delay_s",
    "copies",
    "behind",
    "hold_s",
    "octet",
    "before",
    "after",
    nullptr,
};

inline const char* const k_nat_drop_required[] = {
    "reason",
    "protocol",
    "src",
    "dst",
    nullptr,
};
inline const char* const k_nat_drop_allowed[] = {
    "reason",
    "protocol",
    "src",
    "dst",
    "src_port",
    "dst_port",
    nullptr,
};

inline const char* const k_nat_expire_required[] = {
    "protocol",
    "inside_address",
    "public_address",
    nullptr,
};
inline const char* const k_nat_expire_allowed[] = {
    "protocol",
    "inside_address",
    "inside_port",
    "public_address",
    "public_port",
    "remote",
    "packets_out",
    "packets_in",
    "idle_s",
    nullptr,
};

inline const char* const k_nat_map_required[] = {
    "protocol",
    "inside_address",
    "public_address",
    nullptr,
};
inline const char* const k_nat_map_allowed[] = {
    "protocol",
    "inside_address",
    "inside_port",
    "public_address",
    "public_port",
    "remote",
    nullptr,
};

inline const char* const k_nat_translate_required[] = {
    "direction",
    "protocol",
    "src",
    "dst",
    "new_src",
    "new_dst",
    nullptr,
};
inline const char* const k_nat_translate_allowed[] = {
    "direction",
    "protocol",
    "src",
    "dst",
    "src_port",
    "dst_port",
    "icmp_id",
    "new_src",
    "new_dst",
    "new_src_port",
    "new_dst_port",
    "new_icmp_id",
    nullptr,
};

inline const char* const k_replay_check_required[] = {
    "spi",
    "sn",
    "verdict",
    "before",
    nullptr,
};
inline const char* const k_replay_check_allowed[] = {
    "sa",
    "spi",
    "sn",
    "esn_high",
    "verdict",
    "before",
    "origin",
    nullptr,
};

inline const char* const k_replay_update_required[] = {
    "spi",
    "sn",
    "before",
    "after",
    nullptr,
};
inline const char* const k_replay_update_allowed[] = {
    "sa",
    "spi",
    "sn",
    "esn_high",
    "before",
    "after",
    "origin",
    nullptr,
};

inline const char* const k_sad_delete_required[] = {
    "spi",
    "direction",
    "protocol",
    nullptr,
};
inline const char* const k_sad_delete_allowed[] = {
    "spi",
    "direction",
    "protocol",
    "sa",
    "mode",
    "src",
    "dst",
    "limit",
    "reason",
    "packets",
    "octets",
    "origin",
    nullptr,
};

inline const char* const k_sad_expire_hard_required[] = {
    "spi",
    "direction",
    "protocol",
    nullptr,
};
inline const char* const k_sad_expire_hard_allowed[] = {
    "spi",
    "direction",
    "protocol",
    "sa",
    "mode",
    "src",
    "dst",
    "limit",
    "reason",
    "packets",
    "octets",
    nullptr,
};

inline const char* const k_sad_expire_soft_required[] = {
    "spi",
    "direction",
    "protocol",
    nullptr,
};
inline const char* const k_sad_expire_soft_allowed[] = {
    "spi",
    "direction",
    "protocol",
    "sa",
    "mode",
    "src",
    "dst",
    "limit",
    "reason",
    "packets",
    "octets",
    nullptr,
};

inline const char* const k_sad_install_required[] = {
    "spi",
    "direction",
    "protocol",
    "mode",
    "algorithms",
    "lifetimes",
    nullptr,
};
inline const char* const k_sad_install_allowed[] = {
    "spi",
    "direction",
    "protocol",
    "sa",
    "mode",
    "src",
    "dst",
    "algorithms",
    "lifetimes",
    "esn",
    "encryption_key",
    "integrity_key",
    "proposal",
    "selector",
    "replay_window",
    "udp_encap",
    "reqid",
    "origin",
    nullptr,
};

inline const char* const k_sad_sequence_overflow_required[] = {
    "spi",
    nullptr,
};
inline const char* const k_sad_sequence_overflow_allowed[] = {
    "spi",
    "sa",
    nullptr,
};

inline const char* const k_scenario_step_required[] = {
    "number",
    "title",
    "text",
    nullptr,
};
inline const char* const k_scenario_step_allowed[] = {
    "number",
    "title",
    "text",
    "origin",
    nullptr,
};

inline const char* const k_spd_acquire_required[] = {
    "policy",
    "reqid",
    "flow",
    nullptr,
};
inline const char* const k_spd_acquire_allowed[] = {
    "policy",
    "reqid",
    "flow",
    nullptr,
};

inline const char* const k_spd_drop_required[] = {
    "reason",
    nullptr,
};
inline const char* const k_spd_drop_allowed[] = {
    "reason",
    "spi",
    "sn",
    "esn_high",
    "bytes",
    "detail",
    "src",
    "dst",
    "sa",
    "policy",
    "flow",
    nullptr,
};

inline const char* const k_spd_match_required[] = {
    "policy",
    "action",
    "direction",
    "flow",
    nullptr,
};
inline const char* const k_spd_match_allowed[] = {
    "policy",
    "policy_name",
    "action",
    "direction",
    "flow",
    "spi",
    "sa",
    nullptr,
};

inline const char* const k_spd_policy_add_required[] = {
    "policy",
    "direction",
    "action",
    "selector",
    nullptr,
};
inline const char* const k_spd_policy_add_allowed[] = {
    "policy",
    "direction",
    "action",
    "selector",
    "policy_name",
    "text",
    nullptr,
};


struct KindSpec
{
    const char* layer;
    const char* kind;
    const char* const* required; ///< nullptr-terminated
    const char* const* allowed;  ///< nullptr-terminated
};

inline const KindSpec kKinds[] = {
    {"ah", "decap", k_ah_decap_required, k_ah_decap_allowed},
    {"ah", "drop", k_ah_drop_required, k_ah_drop_allowed},
    {"ah", "encap", k_ah_encap_required, k_ah_encap_allowed},
    {"app", "probe-echo", k_app_probe_echo_required, k_app_probe_echo_allowed},
    {"app", "probe-sent", k_app_probe_sent_required, k_app_probe_sent_allowed},
    {"attacker", "capture", k_attacker_capture_required, k_attacker_capture_allowed},
    {"attacker", "flood-end", k_attacker_flood_end_required, k_attacker_flood_end_allowed},
    {"attacker", "flood-start", k_attacker_flood_start_required, k_attacker_flood_start_allowed},
    {"attacker", "forge", k_attacker_forge_required, k_attacker_forge_allowed},
    {"attacker", "hostile", k_attacker_hostile_required, k_attacker_hostile_allowed},
    {"attacker", "replay", k_attacker_replay_required, k_attacker_replay_allowed},
    {"attacker", "tamper", k_attacker_tamper_required, k_attacker_tamper_allowed},
    {"esp", "decap", k_esp_decap_required, k_esp_decap_allowed},
    {"esp", "drop", k_esp_drop_required, k_esp_drop_allowed},
    {"esp", "encap", k_esp_encap_required, k_esp_encap_allowed},
    {"ike", "auth-computed", k_ike_auth_computed_required, k_ike_auth_computed_allowed},
    {"ike", "auth-verdict", k_ike_auth_verdict_required, k_ike_auth_verdict_allowed},
    {"ike", "back-off", k_ike_back_off_required, k_ike_back_off_allowed},
    {"ike", "child-failed", k_ike_child_failed_required, k_ike_child_failed_allowed},
    {"ike", "child-sa-installed", k_ike_child_sa_installed_required, k_ike_child_sa_installed_allowed},
    {"ike", "child-start", k_ike_child_start_required, k_ike_child_start_allowed},
    {"ike", "collision", k_ike_collision_required, k_ike_collision_allowed},
    {"ike", "connect", k_ike_connect_required, k_ike_connect_allowed},
    {"ike", "cookie", k_ike_cookie_required, k_ike_cookie_allowed},
    {"ike", "dead-peer", k_ike_dead_peer_required, k_ike_dead_peer_allowed},
    {"ike", "delete", k_ike_delete_required, k_ike_delete_allowed},
    {"ike", "delete-ignored", k_ike_delete_ignored_required, k_ike_delete_ignored_allowed},
    {"ike", "dh", k_ike_dh_required, k_ike_dh_allowed},
    {"ike", "dpd", k_ike_dpd_required, k_ike_dpd_allowed},
    {"ike", "ike-sa-closed", k_ike_ike_sa_closed_required, k_ike_ike_sa_closed_allowed},
    {"ike", "ike-sa-failed", k_ike_ike_sa_failed_required, k_ike_ike_sa_failed_allowed},
    {"ike", "invalid-ke", k_ike_invalid_ke_required, k_ike_invalid_ke_allowed},
    {"ike", "key-derived", k_ike_key_derived_required, k_ike_key_derived_allowed},
    {"ike", "message-dropped", k_ike_message_dropped_required, k_ike_message_dropped_allowed},
    {"ike", "message-received", k_ike_message_received_required, k_ike_message_received_allowed},
    {"ike", "message-sent", k_ike_message_sent_required, k_ike_message_sent_allowed},
    {"ike", "nat-detection", k_ike_nat_detection_required, k_ike_nat_detection_allowed},
    {"ike", "nat-keepalive", k_ike_nat_keepalive_required, k_ike_nat_keepalive_allowed},
    {"ike", "no-connection", k_ike_no_connection_required, k_ike_no_connection_allowed},
    {"ike", "proposal-chosen", k_ike_proposal_chosen_required, k_ike_proposal_chosen_allowed},
    {"ike", "proposal-selection", k_ike_proposal_selection_required, k_ike_proposal_selection_allowed},
    {"ike", "rekey-done", k_ike_rekey_done_required, k_ike_rekey_done_allowed},
    {"ike", "rekey-failed", k_ike_rekey_failed_required, k_ike_rekey_failed_allowed},
    {"ike", "rekey-start", k_ike_rekey_start_required, k_ike_rekey_start_allowed},
    {"ike", "retransmit", k_ike_retransmit_required, k_ike_retransmit_allowed},
    {"ike", "retransmit-answered", k_ike_retransmit_answered_required, k_ike_retransmit_answered_allowed},
    {"ike", "sa-established", k_ike_sa_established_required, k_ike_sa_established_allowed},
    {"ike", "ts-narrowing", k_ike_ts_narrowing_required, k_ike_ts_narrowing_allowed},
    {"ike", "virtual-ip", k_ike_virtual_ip_required, k_ike_virtual_ip_allowed},
    {"link", "impair", k_link_impair_required, k_link_impair_allowed},
    {"nat", "drop", k_nat_drop_required, k_nat_drop_allowed},
    {"nat", "expire", k_nat_expire_required, k_nat_expire_allowed},
    {"nat", "map", k_nat_map_required, k_nat_map_allowed},
    {"nat", "translate", k_nat_translate_required, k_nat_translate_allowed},
    {"replay", "check", k_replay_check_required, k_replay_check_allowed},
    {"replay", "update", k_replay_update_required, k_replay_update_allowed},
    {"sad", "delete", k_sad_delete_required, k_sad_delete_allowed},
    {"sad", "expire-hard", k_sad_expire_hard_required, k_sad_expire_hard_allowed},
    {"sad", "expire-soft", k_sad_expire_soft_required, k_sad_expire_soft_allowed},
    {"sad", "install", k_sad_install_required, k_sad_install_allowed},
    {"sad", "sequence-overflow", k_sad_sequence_overflow_required, k_sad_sequence_overflow_allowed},
    {"scenario", "step", k_scenario_step_required, k_scenario_step_allowed},
    {"spd", "acquire", k_spd_acquire_required, k_spd_acquire_allowed},
    {"spd", "drop", k_spd_drop_required, k_spd_drop_allowed},
    {"spd", "match", k_spd_match_required, k_spd_match_allowed},
    {"spd", "policy-add", k_spd_policy_add_required, k_spd_policy_add_allowed},
};

} // namespace event_kinds
} // namespace ipseclab
// clang-format on

#endif
