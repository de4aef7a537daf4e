"""Secrets stay out of what a scenario prints (issue 14): a pre-shared key set on the command line
never appears in the program's output or in narration.jsonl, even narrated step by step (what a
student may recompute from it, the AUTH value and the derived keys, is in the event stream and
the key files). Private keys are never printed either."""
import pytest

from scenario_checks import run_scenario

SECRET = "Zq7-secret-under-test"
CASES = [
    ("site-to-site", [f"--psk={SECRET}"], 0),
    ("site-to-site", [f"--pskA={SECRET}", f"--pskB={SECRET}x"], 1),   # wrong key: no tunnel
    ("host-to-host", [f"--psk={SECRET}"], 0),
    ("remote-access", [f"--psk={SECRET}"], 0),
    ("ah-vs-nat", [f"--psk={SECRET}"], 0),
    ("ike-failures", ["--case=wrong-psk", f"--psk={SECRET}", f"--pskB={SECRET}x"], 0),
    ("ike-failures", ["--case=wrong-psk", f"--psk={SECRET}", f"--pskB={SECRET}"], 0),
]


@pytest.mark.parametrize("name,options,expect", CASES)
def test_psk_not_printed(tmp_path, name, options, expect):
    stdout = run_scenario(name, tmp_path, "--steps=true", *options, expect=expect)
    assert SECRET not in stdout
    narrations = list(tmp_path.rglob("narration.jsonl"))
    assert narrations
    for path in narrations:
        assert SECRET not in path.read_text(), path


def test_private_keys_not_printed(tmp_path):
    stdout = run_scenario("site-to-site", tmp_path, "--steps=true", "--auth=rsa")
    assert "PRIVATE KEY" not in stdout
    assert "PRIVATE KEY" not in (tmp_path / "narration.jsonl").read_text()
