"""An attacker on the WAN forges IKE in every scenario with IKE (RFC 7296 2.21, 3.14): a
cleartext DELETE of the IKE SA, a cleartext AUTHENTICATION_FAILED answer to IKE_AUTH and an
IKE_SA_INIT flood from spoofed addresses. Each scenario's own story must still hold (its exit
status), every forgery must be dropped with its reason on the node it was aimed at (summary and
events agree), the forged octets are on the wire for tshark to see, and the outputs stay
reproducible."""
import hashlib
import json

import pytest

from scenario_checks import SCHEMA, read_events, run_scenario, tshark_count

# scenario -> (responder, initiator, pcap of the link the attacker is on, extra options)
IKE_SCENARIOS = {
    "site-to-site": ("gwB", "gwA", "wan.pcap", []),
    "rekey": ("gwB", "gwA", "wan.pcap", []),
    "replay-attack": ("gwB", "gwA", "wan.pcap", []),
    "remote-access": ("gateway", "laptop", "internet.pcap", []),
    "ah-vs-nat": ("gateway", "bob", "internet.pcap", []),
    "host-to-host": ("server2", "server1", "link.pcap", []),
}


def summary_ike(out, node):
    summary = json.loads((out / "summary.json").read_text())
    for n in summary["nodes"]:
        if n["name"] == node:
            return n["ike"]
    raise AssertionError("no node %s in summary.json" % node)


@pytest.fixture(scope="module", params=sorted(IKE_SCENARIOS))
def forged(request, tmp_path_factory):
    name = request.param
    out = tmp_path_factory.mktemp(name)
    stdout = run_scenario(name, out, "--attack=forged-delete,forged-auth-failed",
                          *IKE_SCENARIOS[name][3], timeout=300)
    return name, out, stdout


def test_the_story_holds_and_each_forgery_is_dropped_as_unprotected(forged):
    name, out, stdout = forged
    responder, initiator, _, _ = IKE_SCENARIOS[name]
    assert summary_ike(out, responder)["messages_dropped"].get("unprotected") == 1, stdout
    assert summary_ike(out, initiator)["messages_dropped"].get("unprotected") == 1, stdout
    assert "IKE messages dropped, not acted on:" in stdout
    events = read_events(out)
    forgeries = [e for e in events if e["layer"] == "attacker" and e["kind"] == "forge"]
    assert sorted(e["what"] for e in forgeries) == ["IKE_AUTH AUTHENTICATION_FAILED",
                                                    "INFORMATIONAL DELETE"]
    drops = [e for e in events if e["layer"] == "ike" and e["kind"] == "message-dropped"]
    assert sorted((e["node_name"], e["exchange"], e["reason"]) for e in drops) == sorted(
        [(responder, "INFORMATIONAL", "unprotected"), (initiator, "IKE_AUTH", "unprotected")])
    # Nothing the forged DELETE asked for happened where it arrived.
    dropped_at = [e["t"] for e in drops if e["exchange"] == "INFORMATIONAL"]
    assert not [e for e in events if e["layer"] == "ike" and e["kind"] == "delete"
                and e["node_name"] == responder and e["t"] in dropped_at]


def test_the_forged_messages_are_on_the_wire_in_the_clear(forged):
    name, out, _ = forged
    pcap = IKE_SCENARIOS[name][2]
    if not (out / pcap).exists():
        pytest.skip("%s writes no %s" % (name, pcap))
    # The forged AUTHENTICATION_FAILED (notify type 24) travels unencrypted.
    assert tshark_count(out, pcap, "isakmp.notify.msgtype == 24") >= 1


def test_real_event_streams_with_forgeries_match_the_schema(forged):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    _, out, _ = forged
    for event in read_events(out):
        errors = sorted(validator.iter_errors(event), key=str)
        assert not errors, (event, errors[0].message)


def test_ike_failures_cases_keep_their_story_under_forgeries(tmp_path):
    # Every case is a simulation of its own; where IKE gets far enough, both forgeries are
    # dropped, and each case still ends as the RFC prescribes (the exit status says so).
    stdout = run_scenario("ike-failures", tmp_path, "--attack=forged-delete,forged-auth-failed",
                          timeout=300)
    assert "dead-peer ok" in stdout and "wrong-psk ok" in stdout
    for node in ("gwA", "gwB"):  # (on the lossy WAN the forgeries may be lost, too)
        assert summary_ike(tmp_path / "dead-peer", node)["messages_dropped"].get(
            "unprotected") == 1, node


def test_a_flood_engages_the_cookie_and_the_tunnel_still_comes_up(tmp_path):
    stdout = run_scenario("site-to-site", tmp_path, "--attack=init-flood", "--floodCount=2000")
    gw = summary_ike(tmp_path, "gwB")
    assert gw["half_open_peak"] == 31, "the threshold's 30 spoofed SAs, then only gwA"
    assert gw["cookies_sent"] >= 1969
    assert summary_ike(tmp_path, "gwA")["established"] == 1
    assert "20/20 answered" in stdout
    kinds = [(e["layer"], e["kind"]) for e in read_events(tmp_path)]
    assert ("attacker", "flood-start") in kinds and ("attacker", "flood-end") in kinds


def test_cookies_off_lets_the_flood_fill_the_responder(tmp_path):
    run_scenario("site-to-site", tmp_path, "--attack=init-flood", "--floodCount=500",
                 "--cookieThreshold=0")
    gw = summary_ike(tmp_path, "gwB")
    assert gw["cookies_sent"] == 0
    assert gw["half_open_peak"] == 501


def test_forgeries_are_reproducible(tmp_path):
    digests = []
    for i in range(2):
        out = tmp_path / str(i)
        run_scenario("site-to-site", out, "--attack=forged-delete,forged-auth-failed,init-flood",
                     "--floodCount=200")
        digests.append({f.name: hashlib.sha256(f.read_bytes()).hexdigest()
                        for f in sorted(out.iterdir()) if f.is_file()})
    assert digests[0] == digests[1]


def test_malformed_and_unsolicited_ike_is_dropped_with_reasons(tmp_path):
    stdout = run_scenario("site-to-site", tmp_path, "--attack=malformed")
    assert "20/20 answered" in stdout
    drops = summary_ike(tmp_path, "gwB")["messages_dropped"]
    assert drops == {"malformed": 2, "unknown IKE SPI": 2, "integrity check failed": 1}, drops
    events = read_events(tmp_path)
    whats = [e["what"] for e in events if e["layer"] == "attacker" and e["kind"] == "forge"]
    assert len(whats) == 7
    # RFC 7296 2.5: an unknown critical payload is answered, and nothing else happens.
    sent = [e for e in events if e["layer"] == "ike" and e["kind"] == "message-sent"
            and e["node_name"] == "gwB" and "N(UNSUPPORTED_CRITICAL_PAYLOAD)" in e["payloads"]]
    assert len(sent) == 1
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for event in events:
        assert not list(validator.iter_errors(event)), event
