"""Every python/examples/*.py runs at --small size and writes its CSV and PNG."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ipseclab

EXAMPLES = Path(__file__).resolve().parents[2] / "python" / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


def test_examples_exist():
    assert {"rekey_collisions", "rekey_loss", "rekey_time_vs_loss", "pfs_cost"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_example_small(name, tmp_path):
    pytest.importorskip("matplotlib")
    try:
        built = [n for n, _ in ipseclab.scenarios()]
    except ipseclab.ScenarioError as e:
        pytest.skip(str(e))
    if "site-to-site" not in built:
        pytest.skip("site-to-site is not built")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(ipseclab.__file__))]
        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    proc = subprocess.run([sys.executable, str(EXAMPLES / (name + ".py")), "--small",
                           "--out", str(tmp_path), "--processes", "2"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(tmp_path / (name + ".csv")) as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["n"] == "2" for r in rows)
    assert (tmp_path / (name + ".png")).stat().st_size > 1000
    assert "/2 done" in proc.stderr or "runs in" in proc.stderr
