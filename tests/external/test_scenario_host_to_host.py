"""The host-to-host scenario: what an eavesdropper on the segment learns of a cleartext login.

With IPsec (ESP transport mode negotiated by IKEv2) eve's capture holds only ESP and IKE, never
the password; tshark, given the exported keys, decrypts every ESP packet with a good ICV and finds
the login inside. Without IPsec the password is on the wire. Events follow the schema and two
runs with the same options are byte-identical.
"""
import json

import pytest
from scenario_checks import SCHEMA, run_scenario as _run, tshark_count
PASSWORD = "s3cret"


def run_scenario(out, *options, expect=0):
    return _run("host-to-host", out, *options, expect=expect)


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    out = tmp_path_factory.mktemp("h2h-ipsec")
    stdout = run_scenario(out)
    return out, stdout


@pytest.fixture(scope="module")
def clear(tmp_path_factory):
    out = tmp_path_factory.mktemp("h2h-clear")
    stdout = run_scenario(out, "--ipsec=false")
    return out, stdout


def test_with_ipsec_eve_sees_only_ciphertext(protected):
    out, stdout = protected
    story = json.loads((out / "story.json").read_text())
    eve = json.loads((out / "eavesdropper.json").read_text())
    assert story["story_holds"] and story["ipsec"] and story["logged_in"], stdout
    assert story["greeting"] == "Welcome to server2, alice."
    assert not story["password_seen"] and eve["secrets"][PASSWORD] is False
    assert eve["datagrams"].get("50", 0) >= 8 and "6" not in eve["datagrams"]
    assert eve["tcp_streams"] == []
    assert PASSWORD.encode() not in (out / "link.pcap").read_bytes()
    assert "seen by eve: no" in stdout


def test_without_ipsec_eve_reads_the_password(clear):
    out, stdout = clear
    story = json.loads((out / "story.json").read_text())
    eve = json.loads((out / "eavesdropper.json").read_text())
    assert story["story_holds"] and not story["ipsec"] and story["logged_in"], stdout
    assert story["password_seen"] and eve["secrets"][PASSWORD] is True
    texts = {s["stream"]: s["text"] for s in eve["tcp_streams"]}
    assert texts["10.0.0.1:49153 > 10.0.0.2:23"] == "alice\r\ns3cret\r\n"
    assert texts["10.0.0.2:23 > 10.0.0.1:49153"] == \
        "server2 login: password: Welcome to server2, alice.\r\n"
    assert "50" not in eve["datagrams"]
    assert tshark_count(out, "link.pcap", f'tcp.payload contains "{PASSWORD}"', keys=False) == 1
    assert (out / "esp_sa").read_text() == ""


def test_tshark_decrypts_every_esp_packet_and_finds_the_login_inside(protected):
    out, _ = protected
    esp = tshark_count(out, "link.pcap", "esp")
    assert esp >= 8
    assert tshark_count(out, "link.pcap", "esp && !(esp.icv_good == 1)") == 0
    # Without keys the password is nowhere; with them tshark finds it in the decrypted TCP.
    assert tshark_count(out, "link.pcap", f'frame contains "{PASSWORD}"', keys=False) == 0
    assert tshark_count(out, "link.pcap", "tcp", keys=False) == 0
    assert tshark_count(out, "link.pcap", f'esp && tcp.payload contains "{PASSWORD}"') == 1
    # IKE: every encrypted message decrypts with the exported table.
    assert tshark_count(out, "link.pcap", "isakmp.exchangetype == 34") == 2
    assert tshark_count(out, "link.pcap", "isakmp && isakmp.exchangetype != 34 && "
                                          "!isakmp.enc.decrypted") == 0


def test_transport_mode_child_sa_negotiated(protected):
    out, _ = protected
    events = [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]
    installs = [e for e in events if e["layer"] == "sad" and e["kind"] == "install"]
    assert len(installs) == 4  # in and out on each server
    assert {e["mode"] for e in installs} == {"transport"}
    encaps = [e for e in events if e["layer"] == "esp" and e["kind"] == "encap"]
    assert encaps and {e["next_header"] for e in encaps} == {6}


def test_events_follow_the_schema(protected, clear):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for out, _ in (protected, clear):
        for line in (out / "events.jsonl").read_text().splitlines():
            e = json.loads(line)
            errors = [x.message for x in validator.iter_errors(e)]
            assert not errors, (e["layer"], e["kind"], errors)


def test_steps_narrate(tmp_path):
    stdout = run_scenario(tmp_path, "--steps")
    assert "Set-up" in stdout and "What eve saw" in stdout and "IKE_AUTH" in stdout


OUTPUTS = ["events.jsonl", "link.pcap", "esp_sa", "ikev2_decryption_table", "summary.json",
           "eavesdropper.json", "story.json"]


def test_same_options_give_identical_outputs(tmp_path):
    run_scenario(tmp_path / "one", "--seed=3", "--run=2")
    run_scenario(tmp_path / "two", "--seed=3", "--run=2")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_scenario(tmp_path / "three", "--seed=3", "--run=3")
    assert (tmp_path / "one" / "esp_sa").read_bytes() != (tmp_path / "three" / "esp_sa").read_bytes()
    assert ((tmp_path / "one" / "ikev2_decryption_table").read_bytes()
            != (tmp_path / "three" / "ikev2_decryption_table").read_bytes())
