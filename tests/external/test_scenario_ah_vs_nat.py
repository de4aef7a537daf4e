"""The ah-vs-nat scenario: AH cannot cross a NAT, ESP in UDP (NAT-T) can.

alice (AH tunnel, manual keys) and bob (ESP, IKEv2 NAT-T) sit behind one NAT. Checks that every
AH packet is dropped at the gateway with icv-failure because the ICV input's source address
changed, that bob's ESP-in-UDP is delivered, that the events follow the schema, that tshark
decrypts every ESP packet with a good ICV and every IKE message, and that two runs are
byte-identical.
"""
import json

import pytest
from scenario_checks import SCHEMA, read_events as events, run_scenario as _run, tshark_count

OUTPUTS = ["events.jsonl", "home.pcap", "internet.pcap", "office.pcap", "esp_sa",
           "ikev2_decryption_table", "summary.json", "ah-vs-nat.json"]


def run_scenario(out, *options, expect=0):
    return _run("ah-vs-nat", out, *options, expect=expect)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ah-vs-nat")
    stdout = run_scenario(out)
    return out, stdout


def test_story_holds(run):
    out, stdout = run
    story = json.loads((out / "ah-vs-nat.json").read_text())
    assert story["story_holds"], stdout
    ah, esp = story["ah"], story["esp"]
    assert ah["story_holds"] and esp["story_holds"]
    assert ah["echo_sent"] == 5 and ah["ah_sent"] == 5
    assert ah["icv_failures_at_gateway"] == 5 and ah["other_drops_at_gateway"] == 0
    assert ah["verified_at_gateway"] == 0 and ah["reached_server"] == 0 and ah["echo_replies"] == 0
    assert ah["icv_source_at_sender"] == "192.168.1.2"
    assert ah["icv_source_at_receiver"] == "198.51.100.1"
    assert esp["nat_detected"] and esp["virtual_ip"] == "10.3.0.1"
    assert esp["reached_server"] == 5 and esp["echo_replies"] == 5
    assert esp["icv_failures_at_gateway"] == 0 and esp["drops_at_gateway"] == 0
    assert story["server_saw_sources"] == {"10.3.0.1": 5}
    assert story["internet"]["ah"] == 5 and story["internet"]["esp"] == 0
    assert story["internet"]["esp-in-udp"] == 10
    assert "story holds" in stdout


def test_every_ah_packet_dropped_with_icv_failure_at_the_gateway(run):
    out, _ = run
    ev = events(out)
    encaps = [e for e in ev if e["layer"] == "ah" and e["kind"] == "encap"]
    decaps = [e for e in ev if e["layer"] == "ah" and e["kind"] == "decap"]
    drops = [e for e in ev if e["layer"] == "ah" and e["kind"] == "drop"]
    assert len(encaps) == 5 and {e["node_name"] for e in encaps} == {"alice"}
    assert len(decaps) == 5 and not any(e["icv_ok"] for e in decaps)
    assert {e["node_name"] for e in decaps} == {"gateway"}
    assert len(drops) == 5 and {(e["node_name"], e["reason"]) for e in drops} == \
        {("gateway", "icv-failure")}
    for sent, received in zip(encaps, decaps):
        assert sent["sn"] == received["sn"]
        # The ICV inputs differ only where the NAT wrote: the source address (octets 12-15);
        # the header checksum is zeroed as a mutable field in both.
        a, b = bytes.fromhex(sent["icv_input"]), bytes.fromhex(received["icv_input"])
        assert len(a) == len(b)
        assert [i for i in range(len(a)) if a[i] != b[i]] and \
            all(12 <= i < 16 for i in range(len(a)) if a[i] != b[i])
        assert a[12:16] == bytes([192, 168, 1, 2]) and b[12:16] == bytes([198, 51, 100, 1])
        assert received["icv"] == sent["icv"] and received["icv_computed"] != sent["icv"]
    # The NAT translated AH (address only) and nobody dropped it before the gateway.
    nat = [e for e in ev if e["layer"] == "nat" and e["kind"] == "translate" and e["protocol"] == 51]
    assert len(nat) == 5 and all(e["new_src"] == "198.51.100.1" for e in nat)


def test_esp_in_udp_is_delivered(run):
    out, _ = run
    ev = events(out)
    decaps = [e for e in ev if e["layer"] == "esp" and e["kind"] == "decap"]
    assert decaps and all(e["icv_ok"] for e in decaps)
    assert len([e for e in decaps if e["node_name"] == "gateway"]) == 5
    assert len([e for e in decaps if e["node_name"] == "bob"]) == 5
    assert not [e for e in ev if e["layer"] in ("esp", "spd") and e["kind"] == "drop"]
    installs = [e for e in ev if e["layer"] == "sad" and e["kind"] == "install"
                and e["protocol"] == "esp"]
    assert len(installs) == 4 and all(e.get("udp_encap") for e in installs)


def test_events_follow_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for e in events(run[0]):
        errors = [x.message for x in validator.iter_errors(e)]
        assert not errors, (e["layer"], e["kind"], errors)


def test_tshark_view_of_the_wire(run):
    out, _ = run
    # AH: from alice's private address inside, from the NAT's public address outside.
    assert tshark_count(out, "home.pcap", "ah && ip.src == 192.168.1.2", keys=False) == 5
    assert tshark_count(out, "internet.pcap", "ah && ip.src == 198.51.100.1", keys=False) == 5
    assert tshark_count(out, "internet.pcap", "ah", keys=False) == 5
    # ESP: only inside UDP 4500, decrypted with a good ICV by tshark.
    assert tshark_count(out, "internet.pcap", "ip.proto == 50") == 0
    esp = tshark_count(out, "internet.pcap", "esp")
    assert esp == 10
    assert tshark_count(out, "internet.pcap", "esp && udpencap && udp.port == 4500") == esp
    assert tshark_count(out, "internet.pcap", "esp && !(esp.icv_good == 1)") == 0
    assert tshark_count(out, "internet.pcap", "esp && ip.src == 10.3.0.1 && udp.dstport == 7") == 5
    # IKE decrypts with the exported table.
    assert tshark_count(out, "internet.pcap", "isakmp.exchangetype == 34") == 2
    assert tshark_count(out, "internet.pcap",
                        "isakmp && isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0
    assert tshark_count(out, "internet.pcap", "isakmp.ikev2.integrity_checksum") == 0
    # The office LAN sees bob's echoes only; alice's never got past the gateway.
    assert tshark_count(out, "office.pcap", "udp.dstport == 7", keys=False) == 5
    assert tshark_count(out, "office.pcap", "ip.src == 192.168.1.2 || ip.src == 198.51.100.1",
                        keys=False) == 0


def test_steps_narrate(tmp_path):
    stdout = run_scenario(tmp_path, "--steps")
    for text in ["Set-up", "Why AH failed", "Why ESP in UDP worked", "icv-failure",
                 "new NAT mapping for AH"]:
        assert text in stdout, text


def test_same_options_give_identical_outputs(tmp_path):
    run_scenario(tmp_path / "one", "--seed=4", "--run=2")
    run_scenario(tmp_path / "two", "--seed=4", "--run=2")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_scenario(tmp_path / "three", "--seed=4", "--run=3")
    assert (tmp_path / "one" / "esp_sa").read_bytes() != (tmp_path / "three" / "esp_sa").read_bytes()
