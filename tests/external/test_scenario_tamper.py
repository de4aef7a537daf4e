"""The tamper scenario: what ESP's and AH's ICVs cover.

An attacker in front of gwB changes, per SA, one payload octet, the outer source address (with a
fixed header checksum) or the TTL. Checked from summary.json, story.json and the events: payload
changes fail both ICVs, the source address fails only AH's, the TTL neither. tshark decrypts the
ESP packets as sent (wan.pcap, gwA's side: all good) and as received (wan-b.pcap: only the
payload-tampered SA's ICVs are bad); scapy verifies AH as received the same way.
"""
import collections
import json
import os
import pathlib
import subprocess

import pytest
from scapy.all import PcapReader
from scapy.layers.inet import IP
from scapy.layers.ipsec import AH, IPSecIntegrityError, SecurityAssociation

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).resolve().parents[2]))
SCHEMA = ROOT / "docs" / "events.schema.json"

EXPECTED = {("none", "esp"): "accepted", ("none", "ah"): "accepted",
            ("payload", "esp"): "icv-failure", ("payload", "ah"): "icv-failure",
            ("source", "esp"): "accepted", ("source", "ah"): "icv-failure",
            ("ttl", "esp"): "accepted", ("ttl", "ah"): "accepted"}


def run_scenario(out, *options):
    result = subprocess.run([str(SCENARIOS / "tamper"), f"--out={out}", *options],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def read_events(out):
    return [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("tamper")
    stdout = run_scenario(out)
    return out, stdout, json.loads((out / "story.json").read_text()), read_events(out)


def test_story_table(run):
    out, stdout, story, _ = run
    assert story["story_holds"], stdout
    rows = {(r["change"], r["protocol"]): r for r in story["rows"]}
    assert {k: r["verdict"] for k, r in rows.items()} == EXPECTED
    for (change, _), r in rows.items():
        assert r["tampered"] == (0 if change == "none" else 3)
        if r["verdict"] == "icv-failure":
            assert r["icv_failures"] == 3 and r["replies"] == 0 and r["accepted"] == 0
        else:
            assert r["icv_failures"] == 0 and r["replies"] == 3 and r["accepted"] == 3
    assert "outer source address" in stdout and "TTL" in stdout


def test_summary_and_events_agree(run):
    out, _, story, events = run
    summary = json.loads((out / "summary.json").read_text())
    gwb = next(n for n in summary["nodes"] if n["name"] == "gwB")
    inbound = {sa["spi"]: sa for sa in gwb["sas"] if sa["direction"] == "inbound"}
    for r in story["rows"]:
        sa = inbound[r["spi"]]
        assert sa["drops"].get("icv-failure", 0) == r["icv_failures"]
        assert sa["packets"] == r["accepted"]
    assert sum(gwb["drops"].values()) == gwb["drops"]["icv-failure"] == 9
    drops = [e for e in events if e["kind"] == "drop"]
    assert {d["reason"] for d in drops} == {"icv-failure"}
    by_spi = collections.Counter((d["layer"], d["spi"]) for d in drops)
    expected = {(r["protocol"], r["spi"]): 3 for r in story["rows"]
                if r["verdict"] == "icv-failure"}
    assert dict(by_spi) == expected
    tampers = [e for e in events if e["layer"] == "attacker" and e["kind"] == "tamper"]
    assert len(tampers) == 18
    assert collections.Counter(e["offset"] for e in tampers) == {80: 6, 15: 6, 8: 6}


def tshark_esp(out, pcap):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out))
    result = subprocess.run(
        ["tshark", "-r", str(out / pcap), "-o", "esp.enable_encryption_decode:TRUE",
         "-o", "esp.enable_authentication_check:TRUE", "-Y", "esp", "-T", "fields",
         "-E", "separator=\t", "-e", "esp.spi", "-e", "esp.icv_good", "-e", "esp.icv_bad"],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return [(int(s, 16), g, b) for s, g, b in
            (line.split("\t") for line in result.stdout.splitlines())]


def test_tshark_decrypts_esp_and_sees_the_tampered_icvs(run):
    out, _, story, _ = run
    sent = tshark_esp(out, "wan.pcap")
    assert len(sent) == 4 * 3 * 2 - 3  # requests on every ESP SA, replies where not dropped
    assert all(g == "1" for _, g, _ in sent)
    spis = {r["change"]: r["spi"] for r in story["rows"] if r["protocol"] == "esp"}
    received = tshark_esp(out, "wan-b.pcap")
    bad = [s for s, g, b in received if g != "1"]
    assert bad == [spis["payload"]] * 3  # the only ESP packets with a bad ICV: the tampered ones
    for s, g, b in received:
        if s != spis["payload"]:
            assert g == "1", hex(s)


def ah_sas(events):
    sas = {}
    for e in events:
        if e["layer"] == "sad" and e["kind"] == "install" and e["protocol"] == "ah":
            auth = {"sha256": "SHA2-256-128"}[e["algorithms"]["integrity"]]
            sas[e["spi"]] = SecurityAssociation(AH, spi=e["spi"], auth_algo=auth,
                                                auth_key=bytes.fromhex(e["integrity_key"]))
    return sas


def test_scapy_verifies_ah_as_received(run):
    out, _, story, events = run
    sas = ah_sas(events)
    spis = {r["spi"]: r["change"] for r in story["rows"] if r["protocol"] == "ah"}
    outcome = collections.defaultdict(list)
    with PcapReader(str(out / "wan-b.pcap")) as reader:
        for p in reader:
            if IP not in p or AH not in p[IP]:
                continue
            packet = p[IP]
            spi = packet[AH].spi
            try:
                sas[spi].decrypt(packet)
                ok = True
            except IPSecIntegrityError:
                ok = False
            if spi in spis:
                outcome[spis[spi]].append(ok)
    assert outcome == {"none": [True] * 3, "payload": [False] * 3, "source": [False] * 3,
                       "ttl": [True] * 3}


def test_events_follow_the_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    _, _, _, events = run
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for e in events:
        errors = [x.message for x in validator.iter_errors(e)]
        assert not errors, (e["layer"], e["kind"], errors)


def test_other_algorithms_tell_the_same_story(tmp_path):
    run_scenario(tmp_path, "--espProposal=aes256-sha512", "--ahProposal=sha384")
    story = json.loads((tmp_path / "story.json").read_text())
    assert {(r["change"], r["protocol"]): r["verdict"] for r in story["rows"]} == EXPECTED


OUTPUTS = ["events.jsonl", "wan.pcap", "wan-b.pcap", "lan-a.pcap", "lan-b.pcap", "esp_sa",
           "summary.json", "story.json"]


def test_same_options_give_identical_outputs(tmp_path):
    run_scenario(tmp_path / "one", "--seed=3", "--run=2")
    run_scenario(tmp_path / "two", "--seed=3", "--run=2")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_scenario(tmp_path / "three", "--seed=3", "--run=3")
    assert (tmp_path / "one" / "esp_sa").read_bytes() != (tmp_path / "three" / "esp_sa").read_bytes()
