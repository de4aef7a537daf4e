"""The replay-attack scenario: perfect copies of ESP packets, replayed later and in bursts.

With the anti-replay window every copy is dropped ("replayed" inside the window, "too-old" left
of it) and the application sees each order once; with --replayWindow=0 every copy reaches the
application. tshark decrypts every ESP packet on the WAN, the copies included (they are valid
packets: only the window tells them apart). Events follow the schema; runs are reproducible.
"""
import collections
import json
import os
import pathlib
import subprocess

import pytest

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).resolve().parents[2]))
SCHEMA = ROOT / "docs" / "events.schema.json"


def run_scenario(out, *options):
    result = subprocess.run([str(SCENARIOS / "replay-attack"), f"--out={out}", *options],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def read_events(out):
    return [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]


def tshark_esp(out):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out))
    result = subprocess.run(
        ["tshark", "-r", str(out / "wan.pcap"), "-o", "esp.enable_encryption_decode:TRUE",
         "-o", "esp.enable_authentication_check:TRUE", "-Y", "esp", "-T", "fields",
         "-E", "separator=\t", "-e", "esp.spi", "-e", "esp.sequence", "-e", "esp.icv_good",
         "-e", "udp.dstport"],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return [dict(zip(("spi", "sn", "good", "dport"), (line.split("\t") + [""] * 4)[:4]))
            for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def window(tmp_path_factory):
    out = tmp_path_factory.mktemp("replay-window")
    return out, run_scenario(out)


@pytest.fixture(scope="module")
def no_window(tmp_path_factory):
    out = tmp_path_factory.mktemp("replay-nowindow")
    return out, run_scenario(out, "--replayWindow=0")


def test_window_drops_exactly_the_replays(window):
    out, stdout = window
    story = json.loads((out / "story.json").read_text())
    events = read_events(out)
    replays = [e for e in events if e["layer"] == "attacker" and e["kind"] == "replay"]
    captures = [e for e in events if e["layer"] == "attacker" and e["kind"] == "capture"]
    drops = [e for e in events if e["layer"] == "esp" and e["kind"] == "drop"]
    assert story["story_holds"], stdout
    assert len(captures) == story["captured"] == 5
    assert len(replays) == story["replays"] == 10
    assert story["duplicates"] == 0 and story["distinct_orders"] == story["orders_sent"] == 100
    assert story["orders_received"] == 100
    # Every drop is one of the replays, and every replay is dropped.
    # (drops carry the dropped packet: SPI, then the sequence number)
    dropped = sorted((d["spi"], int(d["bytes"][8:16], 16)) for d in drops)
    assert dropped == sorted((r["spi"], r["sn"]) for r in replays)
    reasons = collections.Counter(d["reason"] for d in drops)
    assert reasons == {"replayed": story["dropped_replayed"], "too-old": story["dropped_too_old"]}
    assert story["dropped_replayed"] == 5 and story["dropped_too_old"] == 5  # burst 1, burst 2
    summary = json.loads((out / "summary.json").read_text())
    gwb = next(n for n in summary["nodes"] if n["name"] == "gwB")
    assert gwb["drops"]["replayed"] + gwb["drops"]["too-old"] == len(replays)
    checks = [e for e in events if e["layer"] == "replay" and e["kind"] == "check"]
    assert sum(c["verdict"] != "pass" for c in checks) == len(replays)


def test_without_window_every_replay_reaches_the_application(no_window):
    out, stdout = no_window
    story = json.loads((out / "story.json").read_text())
    events = read_events(out)
    assert story["story_holds"], stdout
    assert story["replays"] == 10 and story["duplicates"] == story["replays"]
    assert story["orders_received"] == 100 + story["replays"]
    assert story["dropped_replayed"] == story["dropped_too_old"] == 0
    assert not [e for e in events if e["kind"] == "drop"]
    assert not [e for e in events if e["layer"] == "replay"]
    decaps = collections.Counter((e["spi"], e["sn"]) for e in events
                                 if e["layer"] == "esp" and e["kind"] == "decap" and e["icv_ok"])
    replayed = {(r["spi"], r["sn"]) for r in events if r["kind"] == "replay"}
    assert all(decaps[k] == 3 for k in replayed)  # the original and two bursts


@pytest.mark.parametrize("which", ["window", "no_window"])
def test_tshark_decrypts_every_esp_packet_copies_included(which, request):
    out, _ = request.getfixturevalue(which)
    rows = tshark_esp(out)
    assert rows and all(r["good"] == "1" for r in rows), [r for r in rows if r["good"] != "1"][:3]
    story = json.loads((out / "story.json").read_text())
    counts = collections.Counter((r["spi"], r["sn"]) for r in rows)
    # the recorded packets appear three times on the WAN (original + 2 bursts), nothing else twice
    assert sorted(n for n in counts.values() if n > 1) == [3] * story["captured"]
    assert all(r["dport"] == "7000" for r in rows)


def test_events_follow_the_schema(window, no_window):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    kinds = set()
    for out, _ in (window, no_window):
        for e in read_events(out):
            kinds.add((e["layer"], e["kind"]))
            errors = [x.message for x in validator.iter_errors(e)]
            assert not errors, (e["layer"], e["kind"], errors)
    assert {("attacker", "capture"), ("attacker", "replay")} <= kinds


def test_steps_narrate(tmp_path):
    stdout = run_scenario(tmp_path, "--steps")
    assert "Replay burst 1" in stdout and "Replay burst 2" in stdout and "Outcome" in stdout


OUTPUTS = ["events.jsonl", "wan.pcap", "lan-a.pcap", "lan-b.pcap", "esp_sa",
           "ikev2_decryption_table", "summary.json", "story.json"]


def test_same_options_give_identical_outputs(tmp_path):
    run_scenario(tmp_path / "one", "--seed=3", "--run=2")
    run_scenario(tmp_path / "two", "--seed=3", "--run=2")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    run_scenario(tmp_path / "three", "--seed=3", "--run=3")
    assert (tmp_path / "one" / "esp_sa").read_bytes() != (tmp_path / "three" / "esp_sa").read_bytes()
