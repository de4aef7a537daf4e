"""The rekey scenario: Child and IKE SAs rekeyed several times under traffic, judged from its
own outputs (rekey.json, events.jsonl, summary.json) and by tshark with the exported keys.

- default run: several Child SA rekeys and at least one IKE SA rekey, each a CREATE_CHILD_SA
  exchange; old and new SAs overlap for the delete delay; rand_time jitters the rekey times;
  the UDP streams lose nothing;
- --collision: both gateways rekey the same Child SA at once; both see ike/collision, exactly
  one of them deletes the redundant SA, and both end with the same single SA pair;
- --deleteDelay=0 (with a 50 ms WAN): old SAs go at once; the run reports what it lost;
- events follow docs/events.schema.json; tshark decrypts every IKE message and every ESP packet
  with a good ICV; two runs with the same options are byte-identical.
"""
import json
import os
import pathlib
import subprocess

import pytest

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).resolve().parents[2]))
SCHEMA = ROOT / "docs" / "events.schema.json"

RUNS = {
    "default": [],
    "collision": ["--collision"],
    "no-delay": ["--deleteDelay=0", "--wanDelay=50ms"],
    "no-delay-plain": ["--deleteDelay=0"],
}


def run_rekey(out, *options):
    result = subprocess.run([str(SCENARIOS / "rekey"), f"--out={out}", *options],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def events(out):
    with open(out / "events.jsonl") as f:
        return [json.loads(line) for line in f]


def ike(evs, kind, node=None):
    return [e for e in evs if e["layer"] == "ike" and e["kind"] == kind
            and (node is None or e["node_name"] == node)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for name, options in RUNS.items():
        directory = tmp_path_factory.mktemp(name)
        stdout = run_rekey(directory, *options)
        out[name] = (directory, stdout, json.loads((directory / "rekey.json").read_text()))
    return out


def test_child_and_ike_sas_rekey_several_times_under_traffic(runs):
    out, stdout, report = runs["default"]
    assert report["story_holds"], report["broken"]
    assert report["child_rekeys"] >= 3
    assert report["ike_rekeys"] >= 1
    evs = events(out)
    starts = [e for e in ike(evs, "rekey-start") if e["what"] == "child"]
    assert len(starts) >= 3
    # Every rekey is a CREATE_CHILD_SA exchange, answered.
    sent = [e for e in ike(evs, "message-sent") if e["exchange"] == "CREATE_CHILD_SA"]
    assert len([e for e in sent if not e["response"]]) >= report["child_rekeys"] + report["ike_rekeys"]
    assert len([e for e in sent if e["response"]]) >= report["child_rekeys"] + report["ike_rekeys"]
    summary = json.loads((out / "summary.json").read_text())
    rekeys = sum(n["ike"]["rekeys"] for n in summary["nodes"] if "ike" in n)
    assert rekeys >= report["child_rekeys"] + report["ike_rekeys"]
    # Per rekey: a start, a completion one round trip later, new SPIs.
    spis = set()
    for r in report["rekeys"]:
        assert r["outcome"] == "rekeyed", r
        assert 0 < r["duration_ms"] < 200, r
        if r["what"] == "child":
            assert r["new_spi_in"] not in (0, r["old_spi_in"]) and r["new_spi_out"] != 0
            spis.add(r["new_spi_in"])
    assert len(spis) == report["child_rekeys"], "each rekey made a new SA"
    assert "Child SA rekeys" in stdout


def test_old_and_new_sa_overlap_for_the_delete_delay_and_nothing_is_lost(runs):
    out, _, report = runs["default"]
    child = [r for r in report["rekeys"] if r["what"] == "child"]
    for r in child[:-1]:  # the last one may still be within its delay at the end
        assert r["overlap_ms"] is not None
        assert 500 <= r["overlap_ms"] < 700, r  # delete delay 0.5 s + the delete exchange
    assert report["lost"] == 0
    for flow in report["traffic"]:
        assert flow["sent"] > 500 and flow["received"] == flow["sent"], flow
    evs = events(out)
    assert not [e for e in evs if e["kind"] == "drop"], "no IPsec drop during the rekeys"


def test_rand_time_jitters_the_rekey_times(runs):
    _, _, report = runs["default"]
    starts = [r["start"] for r in report["rekeys"] if r["what"] == "child"]
    gaps = [round(b - a, 3) for a, b in zip(starts, starts[1:])]
    assert all(1.7 <= g <= 2.1 for g in gaps), gaps  # rekey_time 2 s minus up to 0.2 s, + RTT
    assert len(set(gaps)) > 1, "the jitter makes the intervals differ"


def test_forced_collision_resolves_to_one_sa_on_both_peers(runs):
    out, _, report = runs["collision"]
    assert report["story_holds"], report["broken"]
    evs = events(out)
    collisions = [e for e in ike(evs, "collision") if e["what"] == "child"]
    assert sorted(e["node_name"] for e in collisions) == ["gwA", "gwB"]
    assert sorted(e["deleted_here"] for e in collisions) == [False, True], \
        "exactly one peer deletes the redundant SA"
    # Both name the same survivor: gwA's inbound SPI of it is gwB's outbound SPI.
    installed = {(e["node_name"], e["spi_in"]): e["spi_out"] for e in ike(evs, "child-sa-installed")}
    a = next(e for e in collisions if e["node_name"] == "gwA")
    b = next(e for e in collisions if e["node_name"] == "gwB")
    assert installed[("gwA", a["survivor_spi"])] == b["survivor_spi"]
    assert installed[("gwB", b["survivor_spi"])] == a["survivor_spi"]
    assert a["lowest_nonce"] == b["lowest_nonce"]
    # The redundant pair is deleted, and at the end one SA pair is left, the same on both.
    deleted = {e["spi"] for e in evs if e["layer"] == "sad" and e["kind"] == "delete"}
    assert a["redundant_spi"] in deleted and b["redundant_spi"] in deleted
    final = report["final_child_sa"]
    assert final["agree"] and final["gwA_in"] == final["gwB_out"] and final["gwB_in"] == final["gwA_out"]
    assert report["lost"] == 0


def test_without_delete_delay_old_sas_go_at_once(runs):
    out, stdout, report = runs["no-delay"]
    evs = events(out)
    deletes = [e for e in ike(evs, "delete") if e["what"] == "child"]
    assert deletes and all(e["inbound_delay_s"] == 0.0 for e in deletes)
    for r in report["rekeys"]:
        if r["what"] == "child" and r["overlap_ms"] is not None:
            assert r["overlap_ms"] < 300, r  # only the delete exchange, no delay
    assert report["child_rekeys"] >= 3
    sent = sum(f["sent"] for f in report["traffic"])
    received = sum(f["received"] for f in report["traffic"])
    assert report["lost"] == sent - received


def test_without_delete_delay_a_plain_rekey_loses_nothing_on_a_fifo_path(runs):
    # The delete travels behind the last packet sent on the old SA (docs/scenarios/rekey.md).
    _, stdout, report = runs["no-delay-plain"]
    assert report["child_rekeys"] >= 3
    assert report["collisions"] == {"gwA": 0, "gwB": 0}
    assert report["lost"] == 0
    assert "no packet lost even without a delete delay" in stdout


def test_without_delete_delay_collisions_lose_nothing(runs):
    # 50 ms WAN: round trips are no longer small next to rand_time and the peers collide. The
    # peer whose new SA is redundant stops sending on it the moment it resolves the collision,
    # so even without the delete delay nothing is lost.
    _, stdout, report = runs["no-delay"]
    assert report["collisions"]["gwA"] > 0 and report["collisions"]["gwB"] > 0
    assert report["lost"] == 0
    assert report["no_sa_drops"] == 0


def test_events_follow_the_schema(runs):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for name, (out, _, _) in runs.items():
        with open(out / "events.jsonl") as f:
            for line in f:
                event = json.loads(line)
                errors = [e.message for e in validator.iter_errors(event)]
                assert not errors, (name, event["layer"], event["kind"], errors)


def count(out, display_filter):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out))  # esp_sa, ikev2_decryption_table
    result = subprocess.run(
        ["tshark", "-r", str(out / "wan.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
         "-o", "esp.enable_authentication_check:TRUE", "-Y", display_filter],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return len(result.stdout.splitlines())


@pytest.mark.parametrize("name", sorted(RUNS))
def test_tshark_decrypts_every_ike_message_and_esp_packet(runs, name):
    out, _, report = runs[name]
    assert count(out, "isakmp.exchangetype == 36") >= 2 * (report["child_rekeys"] + report["ike_rekeys"])
    assert count(out, "isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0
    assert count(out, "isakmp.ikev2.integrity_checksum") == 0
    assert count(out, "esp") > 1000
    assert count(out, "esp && !(esp.icv_good == 1)") == 0


def test_same_options_give_byte_identical_outputs(tmp_path):
    for d in ["one", "two"]:
        run_rekey(tmp_path / d, "--collision", "--seed=3", "--run=2", "--duration=6")
    for name in ["events.jsonl", "wan.pcap", "lan-a.pcap", "lan-b.pcap", "esp_sa",
                 "ikev2_decryption_table", "summary.json", "rekey.json"]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
