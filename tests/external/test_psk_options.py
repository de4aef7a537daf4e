"""Pre-shared keys on the command line (issue 21): --PrintHelp shows the whole default (ns-3's
CommandLine cut "classroom secret" at the space), ike-failures' wrong key is shown as what it
is, and each end's key can be set on its own, so "diagnose the wrong PSK, then fix one end"
works."""
import json
import subprocess

import pytest

from scenario_checks import SCENARIOS, read_events, run_scenario


def help_of(name):
    r = subprocess.run([str(SCENARIOS / name), "--PrintHelp"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    return {l.split(":")[0].strip(): l for l in r.stdout.splitlines() if l.strip().startswith("--")}


@pytest.mark.parametrize("name,default", [("site-to-site", "classroom secret"),
                                          ("host-to-host", "classroom secret"),
                                          ("remote-access", "road warrior secret"),
                                          ("ah-vs-nat", "road warrior secret"),
                                          ("ike-failures", "classroom secret")])
def test_help_shows_the_whole_psk_default(name, default):
    assert help_of(name)["--psk"].rstrip().endswith(f"[{default}]")


def test_ike_failures_help_shows_the_wrong_key():
    h = help_of("ike-failures")
    assert h["--pskB"].rstrip().endswith("[classroom secreT]")
    assert h["--wrongPsk"].rstrip().endswith("[classroom secreT]")


def auth_verdicts(out, node):
    return [e["ok"] for e in read_events(out) if e["kind"] == "auth-verdict" and e["node_name"] == node]


def test_site_to_site_keys_per_end(tmp_path):
    # a wrong key at gwB: gwB refuses gwA's AUTH, nothing comes up (exit 1: the story fails)
    run_scenario("site-to-site", tmp_path / "wrong", "--pskB=classroom secreT", expect=1)
    wrong = auth_verdicts(tmp_path / "wrong", "gwB")
    assert wrong and not any(wrong)  # gwA tries again and again, refused each time
    # fixing that one end is enough
    run_scenario("site-to-site", tmp_path / "fixed", "--pskB=classroom secret")
    assert auth_verdicts(tmp_path / "fixed", "gwB") == [True]
    # both ends on another key agree as well
    run_scenario("site-to-site", tmp_path / "both", "--pskA=new key", "--pskB=new key")
    assert auth_verdicts(tmp_path / "both", "gwA") == [True]


def test_ike_failures_fix_one_end(tmp_path):
    out = run_scenario("ike-failures", tmp_path, "--case=wrong-psk", "--pskB=classroom secret")
    assert "wrong-psk ok" in out
    story = json.loads((tmp_path / "ike-failures.json").read_text())["cases"][0]
    assert story["story_holds"] and story["ike_sa_established"] == {"gwA": 1, "gwB": 1}
    assert story["authentication_failed_sent"] is False
    # the default still shows the failure
    out = run_scenario("ike-failures", tmp_path / "default", "--case=wrong-psk")
    assert "AUTH mismatch" in out


@pytest.mark.parametrize("name,ends,default,node", [
    ("host-to-host", ("pskServer1", "pskServer2"), "classroom secret", "server2"),
    ("remote-access", ("pskLaptop", "pskGateway"), "road warrior secret", "gateway")])
def test_other_scenarios_keys_per_end(tmp_path, name, ends, default, node):
    h = help_of(name)
    assert all(f"--{e}" in h for e in ends)
    # the responder's key wrong: it refuses the initiator's AUTH
    subprocess.run([str(SCENARIOS / name), f"--out={tmp_path / 'wrong'}", f"--{ends[1]}=other"],
                   capture_output=True, text=True, timeout=120)
    wrong = auth_verdicts(tmp_path / "wrong", node)
    assert wrong and not any(wrong)
    # fixed at that end
    run_scenario(name, tmp_path / "fixed", f"--{ends[1]}={default}")
    assert auth_verdicts(tmp_path / "fixed", node) == [True]
