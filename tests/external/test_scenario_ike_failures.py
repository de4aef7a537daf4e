"""The ike-failures scenario: four ways IKEv2 goes wrong, each checked against what RFC 7296
prescribes, from the scenario's own outputs (DIR/<case>/events.jsonl, summary.json and
DIR/ike-failures.json) and by tshark with the exported keys.

- wrong-psk: gwB's AUTH check fails, its IKE_AUTH response carries AUTHENTICATION_FAILED, no IKE
  or Child SA exists on either side and no ESP flows;
- proposal-mismatch: gwB answers IKE_SA_INIT with NO_PROPOSAL_CHOSEN, nothing is established;
- lossy-wan: the initiator retransmits, the responder re-sends stored responses, and IKE and
  the Child SA are established anyway;
- dead-peer: gwA's DPD check goes unanswered, is retransmitted, gwA declares gwB dead and
  removes the SAs.
Plus: events follow the schema, tshark decrypts every encrypted IKE message and every ESP packet,
two runs are byte-identical, and a case run alone gives the same outputs as in --case=all.
"""
import json
import os
import pathlib
import subprocess

import pytest

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).resolve().parents[2]))
SCHEMA = ROOT / "docs" / "events.schema.json"
CASES = ["wrong-psk", "proposal-mismatch", "lossy-wan", "dead-peer"]
FILES = ["events.jsonl", "wan.pcap", "lan-a.pcap", "lan-b.pcap", "esp_sa",
         "ikev2_decryption_table", "summary.json"]


def run_failures(out, *options):
    result = subprocess.run([str(SCENARIOS / "ike-failures"), f"--out={out}", *options],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("all")
    stdout = run_failures(out)
    report = {c["case"]: c for c in json.loads((out / "ike-failures.json").read_text())["cases"]}
    return out, stdout, report


def events(out, case):
    with open(out / case / "events.jsonl") as f:
        return [json.loads(line) for line in f]


def ike(evs, kind, node=None):
    return [e for e in evs if e["layer"] == "ike" and e["kind"] == kind
            and (node is None or e["node_name"] == node)]


def ike_summary(out, case):
    summary = json.loads((out / case / "summary.json").read_text())
    return {n["name"]: n for n in summary["nodes"]}


def test_every_case_runs_and_holds(run):
    out, stdout, report = run
    assert sorted(report) == sorted(CASES)
    for case in CASES:
        assert report[case]["story_holds"], (case, report[case]["broken"])
        for name in FILES:
            assert (out / case / name).exists(), (case, name)
    assert "wrong-psk ok; proposal-mismatch ok; lossy-wan ok; dead-peer ok;" in stdout


def test_wrong_psk_is_answered_with_authentication_failed_and_no_sa(run):
    out, _, report = run
    evs = events(out, "wrong-psk")
    verdicts = ike(evs, "auth-verdict", "gwB")
    assert verdicts and not verdicts[-1]["ok"]
    refusals = [e for e in ike(evs, "message-sent", "gwB")
                if e["exchange"] == "IKE_AUTH" and e["response"]]
    assert len(refusals) == 1 and "AUTHENTICATION_FAILED" in refusals[0]["summary"]
    assert [e for e in ike(evs, "message-received", "gwA")
            if e["exchange"] == "IKE_AUTH" and "AUTHENTICATION_FAILED" in e["summary"]]
    assert not ike(evs, "sa-established") and not ike(evs, "child-sa-installed")
    assert ike(evs, "ike-sa-failed", "gwA") and ike(evs, "ike-sa-failed", "gwB")
    assert not [e for e in evs if e["layer"] == "esp"]
    nodes = ike_summary(out, "wrong-psk")
    for gw in ["gwA", "gwB"]:
        assert nodes[gw]["ike"]["established"] == 0 and nodes[gw]["ike"]["child_sas"] == 0
        assert nodes[gw]["sas"] == []
    assert report["wrong-psk"]["authentication_failed_sent"]


def test_proposal_mismatch_is_answered_with_no_proposal_chosen(run):
    out, _, report = run
    evs = events(out, "proposal-mismatch")
    selection = ike(evs, "proposal-selection", "gwB")
    assert selection and not selection[-1]["ok"]
    refusals = [e for e in ike(evs, "message-sent", "gwB")
                if e["exchange"] == "IKE_SA_INIT" and e["response"]]
    assert len(refusals) == 1 and "NO_PROPOSAL_CHOSEN" in refusals[0]["summary"]
    assert ike(evs, "ike-sa-failed", "gwA")
    assert not ike(evs, "sa-established") and not ike(evs, "child-sa-installed")
    assert not [e for e in ike(evs, "message-sent") if e["exchange"] != "IKE_SA_INIT"]
    assert report["proposal-mismatch"]["no_proposal_chosen_sent"]


def test_lossy_wan_retransmits_and_still_establishes(run):
    out, _, report = run
    evs = events(out, "lossy-wan")
    retransmits = ike(evs, "retransmit")
    assert len(retransmits) > 0
    assert all(e["attempt"] >= 1 for e in retransmits)
    assert len(ike(evs, "sa-established")) == 2
    assert len(ike(evs, "child-sa-installed")) == 2
    r = report["lossy-wan"]
    assert r["retransmissions"] == len(retransmits) == r["daemon_retransmissions"]
    assert r["time_to_establish_s"] > 0.5, "slower than one round trip per exchange"
    nodes = ike_summary(out, "lossy-wan")
    assert nodes["gwA"]["ike"]["retransmissions"] + nodes["gwB"]["ike"]["retransmissions"] > 0
    assert nodes["gwA"]["ike"]["established"] == 1


def test_dead_peer_is_detected_and_its_sas_cleared(run):
    out, _, report = run
    evs = events(out, "dead-peer")
    assert len(ike(evs, "child-sa-installed", "gwA")) == 1
    dead = ike(evs, "dead-peer", "gwA")
    assert len(dead) == 1
    dpd = ike(evs, "dpd", "gwA")
    assert dpd and dpd[0]["t"] < dead[0]["t"]
    retransmits = [e for e in ike(evs, "retransmit", "gwA") if e["t"] < dead[0]["t"]]
    assert len(retransmits) >= 2 and all("DPD" in e["exchange"] for e in retransmits)
    assert ike(evs, "ike-sa-closed", "gwA")
    removed = [e for e in evs if e["layer"] == "sad" and e["kind"] == "delete"
               and e["node_name"] == "gwA" and e["t"] >= dead[0]["t"]]
    assert sorted(e["direction"] for e in removed) == ["inbound", "outbound"]
    nodes = ike_summary(out, "dead-peer")
    assert nodes["gwA"]["sas"] == [] and nodes["gwA"]["ike"]["child_sas"] == 0
    r = report["dead-peer"]
    assert r["gwA_child_sas_at_end"] == 0 and r["echoes"] == 10


def test_events_follow_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    out, _, _ = run
    for case in CASES:
        with open(out / case / "events.jsonl") as f:
            for line in f:
                event = json.loads(line)
                errors = [e.message for e in validator.iter_errors(event)]
                assert not errors, (case, event["layer"], event["kind"], errors)


def count(directory, display_filter):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(directory))
    result = subprocess.run(
        ["tshark", "-r", str(directory / "wan.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
         "-o", "esp.enable_authentication_check:TRUE", "-Y", display_filter],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return len(result.stdout.splitlines())


@pytest.mark.parametrize("case", CASES)
def test_tshark_decrypts_every_ike_message_and_esp_packet(run, case):
    out, _, _ = run
    d = out / case
    assert count(d, "isakmp") >= 2
    assert count(d, "isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0
    assert count(d, "isakmp.ikev2.integrity_checksum") == 0
    assert count(d, "esp && !(esp.icv_good == 1)") == 0
    if case == "wrong-psk":
        assert count(d, "isakmp.notify.msgtype == 24") == 1  # AUTHENTICATION_FAILED, decrypted
    if case == "proposal-mismatch":
        assert count(d, "isakmp.notify.msgtype == 14") == 1  # NO_PROPOSAL_CHOSEN
    if case == "dead-peer":
        assert count(d, "esp") >= 20


def test_same_options_give_byte_identical_outputs(tmp_path, run):
    out, _, _ = run
    run_failures(tmp_path / "again")
    run_failures(tmp_path / "alone", "--case=lossy-wan")
    for case in CASES:
        for name in FILES:
            assert (out / case / name).read_bytes() == \
                (tmp_path / "again" / case / name).read_bytes(), (case, name)
    for name in FILES:
        assert (out / "lossy-wan" / name).read_bytes() == \
            (tmp_path / "alone" / "lossy-wan" / name).read_bytes(), name
    assert (out / "ike-failures.json").read_bytes() == \
        (tmp_path / "again" / "ike-failures.json").read_bytes()
