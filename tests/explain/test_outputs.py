"""What explain writes is what a scenario writes: every event valid against the closed schema
(docs/events.schema.json) with origin "capture", narration tied to events, a topology with the
capture's endpoints, and the visualizer renders each view of it headless."""
import json
import os
import pathlib
import subprocess

import jsonschema
import pytest

BUILD = pathlib.Path(os.environ.get("IPSECLAB_BUILD_DIR", "build")).resolve()
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).parents[2]))
EXPLAIN = BUILD / "scenarios" / "explain" / "explain"
VIZ = BUILD / "visualizer" / "ipseclab-viz"


@pytest.fixture(scope="module")
def explained(tmp_path_factory):
    run = tmp_path_factory.mktemp("run")
    subprocess.run([str(BUILD / "scenarios" / "site-to-site"), f"--out={run}", "--duration=8",
                    "--childRekey=2", "--ikeRekey=3"], check=True, stdout=subprocess.DEVNULL)
    out = tmp_path_factory.mktemp("explained")
    r = subprocess.run([str(EXPLAIN), str(run / "wan.pcap"), "--keys", str(run), "--out",
                        str(out), "--steps"], capture_output=True, text=True, check=True)
    return out, r.stdout


def test_events_follow_the_schema(explained):
    out, _ = explained
    schema = json.loads((ROOT / "docs" / "events.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    evs = [json.loads(line) for line in (out / "events.jsonl").open()]
    assert evs
    for e in evs:
        errors = list(validator.iter_errors(e))
        assert not errors, f"{e['layer']}/{e['kind']}: {errors[0].message}"
        assert e["origin"] == "capture"
    assert [e["seq"] for e in evs] == list(range(len(evs)))
    kinds = {(e["layer"], e["kind"]) for e in evs}
    assert {("ike", "rekey-done"), ("ike", "child-sa-installed"), ("esp", "decap"),
            ("replay", "check"), ("ike", "delete")} <= kinds


def test_narration_and_topology(explained):
    out, stdout = explained
    seqs = {json.loads(line)["seq"] for line in (out / "events.jsonl").open()}
    narration = [json.loads(line) for line in (out / "narration.jsonl").open()]
    assert narration and all(n["seq"] in seqs for n in narration)
    assert "[1]" in stdout and "IKE_SA_INIT request 0" in stdout
    topo = json.loads((out / "topology.json").read_text())
    assert sorted(n["name"] for n in topo["nodes"]) == ["192.0.2.1", "192.0.2.2"]
    assert topo["links"] == [{"a": "192.0.2.1", "b": "192.0.2.2", "network": "capture"}]
    summary = json.loads((out / "summary.json").read_text())
    assert [n["ike"]["established"] for n in summary["nodes"]] == [1, 1]
    assert any(r["what"] == "child" for r in summary["rekeys"])


@pytest.mark.skipif(not VIZ.exists(), reason="visualizer not built")
@pytest.mark.parametrize("view", ["topology", "sequence", "inspector", "keys", "replay",
                                  "charts"])
def test_visualizer_renders(explained, tmp_path, view):
    out, _ = explained
    png = tmp_path / f"{view}.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([str(VIZ), str(out), "--render", view, "--at", "20", "-o", str(png)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert png.stat().st_size > 1000
