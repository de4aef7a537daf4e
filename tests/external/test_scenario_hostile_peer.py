"""hostile-peer: mallory, a peer with keys of its own SAs with gwB, sends ESP and AH that RFC
4303/4302 say must be dropped, and IKE that is malformed, unsolicited or a spoofed flood; an
attacker on the WAN forges a cleartext DELETE and AUTHENTICATION_FAILED. Each hostile packet
is dropped by gwB with the reason the RFC prescribes (in order, in the events and in the
summary), IKE drops are counted with theirs, and the legitimate tunnel answers every echo."""
import hashlib
import json

import pytest

from scenario_checks import SCHEMA, read_events, run_scenario, tshark_count


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-peer")
    return out, run_scenario("hostile-peer", out)


def test_the_story_holds(run):
    _, stdout = run
    assert "story holds" in stdout
    assert "UDP echoes 20/20 answered" in stdout


def test_each_hostile_packet_is_dropped_with_the_prescribed_reason(run):
    out, _ = run
    events = read_events(out)
    sent = [e for e in events if e["layer"] == "attacker" and e["kind"] == "hostile"]
    assert len(sent) == 12
    drops = [e for e in events if e["layer"] in ("esp", "ah") and e["kind"] == "drop"
             and e["node_name"] == "gwB"]
    assert [d["reason"] for d in drops] == [e["expect"] for e in sent]
    assert all(d["t"] > s["t"] for d, s in zip(drops, sent))
    reasons = {}
    for e in sent:
        reasons[e["expect"]] = reasons.get(e["expect"], 0) + 1
    summary = json.loads((out / "summary.json").read_text())
    gwb = next(n for n in summary["nodes"] if n["name"] == "gwB")
    assert {k: v for k, v in gwb["drops"].items() if v} == reasons


def test_ike_attacks_are_dropped_and_cookies_hold(run):
    out, _ = run
    summary = json.loads((out / "summary.json").read_text())
    ike = {n["name"]: n["ike"] for n in summary["nodes"] if "ike" in n}
    assert ike["gwB"]["messages_dropped"] == {"malformed": 2, "unknown IKE SPI": 2,
                                              "unprotected": 1, "message ID outside window": 1}
    # gwB answered the compromised peer's two valid requests: to gwA, who asked nothing.
    assert ike["gwA"]["messages_dropped"] == {"unprotected": 1, "unexpected response": 2}
    events = read_events(out)
    ignored = [e for e in events if e["layer"] == "ike" and e["kind"] == "delete-ignored"]
    assert [e["spis"] for e in ignored] == [["deadbeef", "0badc0de"]]
    assert ike["gwB"]["half_open_peak"] == 31 and ike["gwB"]["cookies_sent"] >= 1960
    assert ike["gwA"]["established"] == 1


def test_the_hostile_packets_are_on_mallorys_link(run):
    out, _ = run
    assert tshark_count(out, "mallory.pcap", "esp.sequence == 0", keys=False) == 1
    assert tshark_count(out, "mallory.pcap", "ah.spi == 0x00000000", keys=False) == 1


def test_events_match_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    out, _ = run
    for event in read_events(out):
        errors = list(validator.iter_errors(event))
        assert not errors, (event, errors[0].message)


def test_reproducible(run, tmp_path):
    out, _ = run
    run_scenario("hostile-peer", tmp_path)
    for name in ("events.jsonl", "wan.pcap", "mallory.pcap", "summary.json"):
        assert hashlib.sha256((out / name).read_bytes()).digest() == \
            hashlib.sha256((tmp_path / name).read_bytes()).digest(), name
