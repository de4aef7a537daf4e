"""Every bad value gets one clear line and a non-zero exit, before anything is written: scenario
options (strictly parsed and bounded: no wrapped negatives, no trailing garbage, no time ns-3
cannot hold), custom-scenario JSON (rates, times with spaces, names that would leave the output
directory, duplicate NATs, unbounded IKE times) and ./lab's own arguments (scenario names are
names, paths are the user's)."""
import copy
import json
import os
import subprocess

import pytest

from scenario_checks import ROOT, SCENARIOS

# (scenario, option, value, what the error line says)
BAD_OPTIONS = [
    ("site-to-site", "childRekey", "1e300", "must be from 0 to 10000000"),
    ("site-to-site", "childRekey", "-1", "must be from 0 to"),
    ("site-to-site", "childRekey", "0.001", "rekey_time = 0.001 s: must be 0 (never) or from 0.01"),
    ("site-to-site", "ikeRekey", "nan", "must be a number"),
    ("site-to-site", "seed", "-1", "must be a whole number from 0 to 4294967295"),
    ("site-to-site", "seed", "0", "ns-3's seed cannot be 0"),
    ("site-to-site", "packets", "-1", "must be a whole number"),
    ("site-to-site", "packets", "5abc", "must be a whole number"),
    ("site-to-site", "hosts", "0", "hosts per /24 LAN"),
    ("site-to-site", "wanLoss", "2", "a probability"),
    ("site-to-site", "wanDelay", "-5ms", "must be from 0 to"),
    ("site-to-site", "wanDelay", "1 ms", "no spaces"),
    ("site-to-site", "replayWindow", "70000", "RFC 6479 window sizes"),
    ("site-to-site", "duration", "0", "simulated seconds"),
    ("site-to-site", "ikeProposal", "aes999-sha256-x25519", "aes999"),
    ("site-to-site", "attack", "bogus", "unknown attack 'bogus'"),
    ("site-to-site", "cookieThreshold", "-3", "must be a whole number"),
    ("rekey", "rate", "0", "packets per second"),
    ("rekey", "deleteDelay", "-0.5", "must be from 0 to"),
    ("ike-failures", "dpdDelay", "1e300", "must be from 0 to 86400"),
    ("ike-failures", "retransmitTries", "4294967295", "must be from 1 to 50"),
    ("manual-keys", "replayWindow", "-1", "must be a whole number"),
    ("remote-access", "keepalive", "-2", "must be from 0 to"),
    ("replay-attack", "orders", "-1", "must be a whole number"),
    ("tamper", "offset", "70000", "octets"),
    ("host-to-host", "loginAt", "1e300", "must be from 0 to"),
    ("ah-vs-nat", "packets", "1e9", "must be a whole number"),
]


@pytest.mark.parametrize("scenario,option,value,message", BAD_OPTIONS,
                         ids=["%s--%s=%s" % (s, o, v) for s, o, v, _ in BAD_OPTIONS])
def test_a_bad_option_value_is_one_clear_line(tmp_path, scenario, option, value, message):
    result = subprocess.run([str(SCENARIOS / scenario), "--out=%s" % tmp_path,
                             "--%s=%s" % (option, value)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0], lines[0]
    assert option in lines[0] or "rekey_time" in lines[0] or "aes999" in lines[0]
    assert not (tmp_path / "summary.json").exists(), "nothing that looks complete is written"


def good_config():
    return {
        "name": "vpn", "duration": 3,
        "nodes": ["a0", "b0", "gwA", "gwB"],
        "links": [
            {"name": "a", "type": "csma", "nodes": ["a0", "gwA"], "subnet": "10.1.0.0/24"},
            {"name": "b", "type": "csma", "nodes": ["b0", "gwB"], "subnet": "10.2.0.0/24"},
            {"name": "wan", "type": "p2p", "nodes": ["gwA", "gwB"], "subnet": "192.0.2.0/30",
             "rate": "100Mbps", "delay": "10ms", "pcap": True}],
        "routes": [{"node": "a0", "to": "default", "via": "gwA"},
                   {"node": "b0", "to": "default", "via": "gwB"},
                   {"node": "gwA", "to": "default", "via": "gwB"},
                   {"node": "gwB", "to": "default", "via": "gwA"}],
        "ike": [{"initiator": "gwA", "responder": "gwB", "psk": "secret",
                 "local_ts": "10.1.0.0/24", "remote_ts": "10.2.0.0/24"}],
        "traffic": [{"type": "udp-echo", "from": "a0", "to": "b0", "count": 3}],
    }


def with_change(change):
    config = good_config()
    change(config)
    return config


def set_in(path, value):
    def change(config):
        target = config
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


BAD_JSON = [
    ("rate 0bps", set_in(["links", 2, "rate"], "0bps"), "links[2].rate", "from 1kbps"),
    ("delay with a space", set_in(["links", 2, "delay"], "1 ms"), "links[2].delay", "no spaces"),
    ("delay 1e300 s", set_in(["links", 2, "delay"], 1e300), "links[2].delay", "from 0 to"),
    ("link name leaving --out", set_in(["links", 2, "name"], "../../../EVIL"), "links[2].name",
     "bad link name"),
    ("dpd_delay 1e300", set_in(["ike", 0, "dpd_delay"], 1e300), "ike[0].dpd_delay",
     "out of range"),
    ("negative rekey", set_in(["ike", 0, "rekey_time"], -1), "ike[0].rekey_time",
     "out of range"),
    ("rekey below an RTT", set_in(["ike", 0, "rekey_time"], 0.001), "ike[0]",
     "rekey_time = 0.001 s"),
    ("cookie threshold", set_in(["ike", 0, "cookie_threshold"], -1), "ike[0].cookie_threshold",
     "out of range"),
    ("duplicate NAT", lambda c: c.update(nats=[
        {"node": "gwA", "inside": "a", "outside": "wan"},
        {"node": "gwA", "inside": "a", "outside": "wan"}]), "nats[1].node", "already a NAT"),
    ("route via itself", lambda c: c["routes"].append(
        {"node": "gwA", "to": "10.9.0.0/24", "via": "gwA"}), "routes[4].via",
     "cannot route via its own address"),
    ("duplicate address", lambda c: c["links"][1].update(subnet="10.1.0.0/24"), "links[1]",
     "used twice"),
    ("unknown node", lambda c: c["traffic"][0].update(to="zz"), "traffic[0].to",
     "unknown node"),
    ("unknown forger attack", lambda c: c.update(attackers=[
        {"type": "ike-forger", "link": "wan", "attacks": ["teardown"]}]),
     "attackers[0].attacks", "unknown attack"),
]


@pytest.mark.parametrize("what,change,path,message", BAD_JSON, ids=[b[0] for b in BAD_JSON])
def test_bad_json_is_one_clear_line_naming_the_path(tmp_path, what, change, path, message):
    config = tmp_path / "scenario.json"
    config.write_text(json.dumps(with_change(change)))
    out = tmp_path / "out"
    result = subprocess.run([str(SCENARIOS / "custom"), "--config=%s" % config,
                             "--out=%s" % out], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert path in result.stderr and message in result.stderr, result.stderr
    assert not (out / "summary.json").exists()
    assert not list(tmp_path.parent.glob("EVIL*")), "nothing written outside the directory"


def test_the_good_json_runs_with_a_forger(tmp_path):
    config = good_config()
    config["attackers"] = [{"type": "ike-forger", "link": "wan",
                            "attacks": ["forged-delete", "forged-auth-failed"]}]
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(config))
    out = tmp_path / "out"
    result = subprocess.run([str(SCENARIOS / "custom"), "--config=%s" % path, "--out=%s" % out],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "forged 2 IKE messages" in result.stdout
    summary = json.loads((out / "summary.json").read_text())
    drops = {n["name"]: n.get("ike", {}).get("messages_dropped", {}) for n in summary["nodes"]}
    assert drops["gwA"] == {"unprotected": 1} and drops["gwB"] == {"unprotected": 1}


def lab(*args, cwd):
    env = dict(os.environ, IPSECLAB_BUILD_DIR=str(SCENARIOS.parent))
    return subprocess.run([str(ROOT / "lab"), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def test_lab_run_takes_names_not_paths(tmp_path):
    result = lab("run", "../scenarios/site-to-site", cwd=tmp_path)
    assert result.returncode != 0
    assert "not a scenario name" in result.stderr


def test_lab_resolves_the_users_paths_where_the_user_stands(tmp_path):
    result = lab("run", "site-to-site", "--out=mine", "--packets=1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mine" / "summary.json").exists()
    if not (SCENARIOS.parent / "visualizer" / "ipseclab-viz").exists():
        pytest.skip("the visualizer is not built")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    view = lab("view", "mine", "--render", "topology", "--at", "0", "-o", "topology.png",
               cwd=tmp_path)
    assert view.returncode == 0, view.stderr
    assert (tmp_path / "topology.png").stat().st_size > 1000
