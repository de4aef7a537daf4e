"""The remote-access scenario: a laptop behind a home NAT joins the office VPN.

Checks the story (NAT detected, a virtual IP from the pool, the office server reached with the
virtual IP as source, only UDP 4500 and no bare ESP on the internet, keepalives), that the
events follow the schema, that tshark (which decodes UDP 4500 as ESP-in-UDP by default) decrypts
every ESP packet with a good ICV and every encrypted IKE message with the exported keys, and that
two runs with the same options are byte-identical.
"""
import json

import pytest
from scenario_checks import SCHEMA, read_events as events, run_scenario as _run, tshark_count

OUTPUTS = ["events.jsonl", "home.pcap", "internet.pcap", "office.pcap", "esp_sa",
           "ikev2_decryption_table", "summary.json", "remote-access.json"]


def run_scenario(out, *options, expect=0):
    return _run("remote-access", out, *options, expect=expect)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("remote-access")
    stdout = run_scenario(out)
    return out, stdout


def test_story_holds(run):
    out, stdout = run
    story = json.loads((out / "remote-access.json").read_text())
    assert story["story_holds"], stdout
    assert story["ike_established"] == 1
    assert story["nat_detected"] and story["gateway_saw_nat"] and story["udp_encap_sa"]
    assert story["virtual_ip"] == "10.3.0.1", "the first address of the pool"
    sent = story["echo_sent"]
    assert sent == 6 and story["echo_received_by_server"] == sent and story["echo_replies"] == sent
    assert story["server_saw_sources"] == {"10.3.0.1": sent}, "the virtual IP, nothing else"
    internet = story["internet"]
    assert internet["esp"] == 0, "no bare ESP on the internet side"
    assert internet["ah"] == 0
    assert internet["esp-in-udp"] == 2 * sent
    assert internet["ike-500"] == 2, "IKE_SA_INIT only, then port 4500"
    assert internet["ike-4500"] >= 2
    assert internet["nat-keepalive"] > 0 and story["keepalives_sent"] > 0
    assert "story holds" in stdout and "virtual IP: 10.3.0.1" in stdout


def test_events_tell_the_nat_t_story(run):
    out, _ = run
    ev = events(out)
    nat = [e for e in ev if e["layer"] == "ike" and e["kind"] == "nat-detection"]
    laptop = [e for e in nat if e["node_name"] == "laptop"]
    gateway = [e for e in nat if e["node_name"] == "gateway"]
    assert laptop and all(e["self_behind_nat"] and e["udp_encapsulation"] for e in laptop)
    assert gateway and all(e["peer_behind_nat"] for e in gateway)
    vips = [e["address"] for e in ev if e["layer"] == "ike" and e["kind"] == "virtual-ip"]
    assert "10.3.0.1" in vips
    installs = [e for e in ev if e["layer"] == "sad" and e["kind"] == "install"]
    assert len(installs) == 4 and all(e.get("udp_encap") for e in installs)
    maps = [e for e in ev if e["layer"] == "nat" and e["kind"] == "map"]
    assert {(e["protocol"], e["inside_port"]) for e in maps} == {(17, 500), (17, 4500)}
    # The NAT changed the IKE port (500 -> 49152...), and the gateway answers that port.
    four500 = [e for e in maps if e["inside_port"] == 4500][0]
    assert four500["public_port"] != 4500
    keepalives = [e for e in ev if e["layer"] == "ike" and e["kind"] == "nat-keepalive"
                  and e["node_name"] == "laptop"]
    assert len(keepalives) >= 3
    assert not [e for e in ev if e["kind"] == "drop"], "no drop anywhere"


def test_events_follow_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for e in events(run[0]):
        errors = [x.message for x in validator.iter_errors(e)]
        assert not errors, (e["layer"], e["kind"], errors)


def test_tshark_sees_only_udp_4500_on_the_internet_and_decrypts_it(run):
    out, _ = run
    # No bare ESP; ESP is found inside UDP 4500 by tshark's own udpencap dissector.
    assert tshark_count(out, "internet.pcap", "ip.proto == 50") == 0
    assert tshark_count(out, "internet.pcap", "ip.proto == 51") == 0
    esp = tshark_count(out, "internet.pcap", "esp")
    assert esp == 12
    assert tshark_count(out, "internet.pcap", "esp && udpencap && udp.port == 4500") == esp
    assert tshark_count(out, "internet.pcap", "esp && !(esp.icv_good == 1)") == 0
    # Decrypted: the inner echo requests come from the virtual IP to the server.
    assert tshark_count(out, "internet.pcap",
                        "esp && ip.src == 10.3.0.1 && ip.dst == 10.2.0.2 && udp.dstport == 7") == 6
    assert tshark_count(out, "internet.pcap", "udpencap.nat_keepalive") >= 3
    # Outside the NAT, the laptop is the NAT's public address; inside, its private one.
    assert tshark_count(out, "internet.pcap", "ip.addr == 192.168.1.2", keys=False) == 0
    assert tshark_count(out, "home.pcap", "udp.port == 4500 && ip.src == 192.168.1.2",
                        keys=False) > 0
    # The office LAN sees the echoes in clear, from the virtual IP.
    assert tshark_count(out, "office.pcap", "ip.src == 10.3.0.1 && udp.dstport == 7",
                        keys=False) == 6


def test_tshark_decrypts_every_ike_message(run):
    out, _ = run
    assert tshark_count(out, "internet.pcap", "isakmp.exchangetype == 34 && udp.port == 500") == 2
    assert tshark_count(out, "internet.pcap", "isakmp.exchangetype == 35 && udp.port == 4500") == 2
    assert tshark_count(out, "internet.pcap",
                        "isakmp && isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0
    assert tshark_count(out, "internet.pcap", "isakmp.ikev2.integrity_checksum") == 0
    assert tshark_count(out, "internet.pcap", "_ws.malformed || _ws.expert.severity >= 6291456") == 0


def test_steps_narrate(tmp_path):
    stdout = run_scenario(tmp_path, "--steps")
    for text in ["Set-up", "nat-detection", "virtual IP 10.3.0.1", "new NAT mapping",
                 "NAT keepalive", "What happened"]:
        assert text in stdout, text


def test_same_options_give_identical_outputs(tmp_path):
    run_scenario(tmp_path / "one", "--seed=3", "--run=2")
    run_scenario(tmp_path / "two", "--seed=3", "--run=2")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_scenario(tmp_path / "three", "--seed=3", "--run=3")
    assert (tmp_path / "one" / "esp_sa").read_bytes() != (tmp_path / "three" / "esp_sa").read_bytes()
