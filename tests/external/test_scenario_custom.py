"""The custom scenario: a topology and IPsec set-up described in JSON, built from Python.

A site-to-site VPN built with ipseclab.Scenario establishes IKE and delivers every echo; manual
SAs protect a host pair; a road warrior behind a NAT gets a virtual IP over NAT-T; a replay
attacker's copies are dropped; bad configurations exit 2 naming the JSON path; the same seed
gives byte-identical outputs; tshark decrypts ESP and IKE with the exported keys.
"""
import json
import os
import pathlib
import subprocess
import sys

import pytest

SCENARIOS = pathlib.Path(os.environ.get("IPSECLAB_SCENARIOS", "build/scenarios"))
ROOT = pathlib.Path(os.environ.get("IPSECLAB_ROOT", pathlib.Path(__file__).resolve().parents[2]))
os.environ.setdefault("IPSECLAB_SCENARIOS", str(SCENARIOS))
sys.path.insert(0, str(SCENARIOS.parent / "python"))
import ipseclab  # noqa: E402


def site_to_site(duration=5, replay=True, rekey=0):
    s = ipseclab.Scenario("vpn", duration=duration)
    a, b = s.lan("10.1.0.0/24", hosts=2, name="a"), s.lan("10.2.0.0/24", hosts=2, name="b")
    gwa, gwb = s.gateway("gwA", lan=a), s.gateway("gwB", lan=b)
    s.wan(gwa, gwb, rate="100Mbps", delay="10ms")
    s.ike(gwa, gwb, psk="secret", proposals=["aes256gcm16-prfsha256-ecp256"],
          esp=["aes128gcm16"], rekey_time=rekey)
    s.udp_echo(a.hosts[0], b.hosts[0], count=10)
    s.udp_stream(a.hosts[1], b.hosts[1], count=50, interval=0.02)
    if replay:
        s.replay_attacker(on=(gwa, gwb), capture=5, at=[2.5, 3.5])
    return s


def run_binary(out, config, *extra):
    path = out / "scenario.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))
    return subprocess.run([str(SCENARIOS / "custom"), f"--config={path}", f"--out={out}", *extra],
                          capture_output=True, text=True, timeout=120)


def tshark_count(out, pcap, display_filter):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=str(out))
    result = subprocess.run(["tshark", "-r", str(out / pcap), "-o",
                             "esp.enable_encryption_decode:TRUE", "-o",
                             "esp.enable_authentication_check:TRUE", "-Y", display_filter],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return len(result.stdout.splitlines())


@pytest.fixture(scope="module")
def vpn(tmp_path_factory):
    out = tmp_path_factory.mktemp("vpn")
    return out, site_to_site().run(seed=1, run=1, out=out)


def test_site_to_site_establishes_and_delivers(vpn):
    _, r = vpn
    assert r.returncode == 0, r.stderr
    assert r.flows == {"udp-echo:a0->b0": (10, 10), "udp-stream:a1->b1": (50, 50)}
    assert r.report["ike"][0]["established"] == 1
    nodes = {n["name"]: n for n in r.summary["nodes"]}
    assert nodes["gwA"]["ike"]["established"] == 1
    assert r.count("ike/sa-established") >= 1


def test_replays_are_dropped(vpn):
    _, r = vpn
    attacker = r.report["attackers"][0]
    assert attacker["captured"] == 5 and attacker["replayed"] == 10
    drops = {n["name"]: n["drops"] for n in r.summary["nodes"]}["gwB"]
    assert drops["replayed"] + drops["too-old"] == 10
    # No copy reached a host: every echo exactly once.
    assert r.flows["udp-echo:a0->b0"] == (10, 10)


def test_tshark_decrypts_esp_and_ike(vpn):
    out, _ = vpn
    esp = tshark_count(out, "wan.pcap", "esp")
    assert esp >= 2 * 10 + 50
    assert tshark_count(out, "wan.pcap", "esp && !(esp.icv_good == 1)") == 0
    assert tshark_count(out, "wan.pcap", "esp && ip.src == 10.1.0.1 && udp.dstport == 7") >= 10
    # Every encrypted IKE message (IKE_AUTH on) is decrypted with the exported keys.
    assert tshark_count(out, "wan.pcap", "isakmp.exchangetype == 35") == 2
    assert tshark_count(out, "wan.pcap", "isakmp.exchangetype != 34 && !isakmp.enc.decrypted") == 0


def test_manual_sas(tmp_path):
    s = ipseclab.Scenario("manual", duration=3)
    x, y = s.node("x"), s.node("y")
    s.link(x, y, subnet="10.9.0.0/30", pcap=True, name="wire")
    s.manual_sa(x, y, protocol="esp", mode="transport", esp_proposal="aes128-sha256")
    s.udp_echo(x, y, count=5)
    r = s.run(out=tmp_path)
    assert r.flows["udp-echo:x->y"] == (5, 5)
    assert tshark_count(tmp_path, "wire.pcap", "esp && esp.icv_good == 1") == 10
    assert tshark_count(tmp_path, "wire.pcap", "udp.port == 7 && !esp") == 0


def test_nat_remote_access(tmp_path):
    s = ipseclab.Scenario("road-warrior", duration=8)
    home = s.lan("192.168.1.0/24", hosts=["laptop"], name="home")
    nat = s.gateway("homeNat", lan=home)
    office = s.lan("10.2.0.0/24", hosts=["server"], name="office")
    gw = s.gateway("gateway", lan=office)
    s.wan(nat, gw, subnet="198.51.100.0/24", name="internet")
    s.nat(nat, inside=home, outside="internet", udp_timeout=5)
    s.ike("laptop", gw, psk="rw", request_virtual_ip=True, pool="10.3.0.0/24",
          responder_address="internet", keepalive=2)
    s.udp_echo("laptop", "server", count=5)
    r = s.run(out=tmp_path)
    assert r.flows["udp-echo:laptop->server"] == (5, 5)
    assert "(from 10.3.0.1)" in r.stdout
    assert r.report["nats"][0]["mappings_created"] >= 1
    assert tshark_count(tmp_path, "internet.pcap", "ip.proto == 50") == 0
    assert tshark_count(tmp_path, "internet.pcap", "esp && udp.port == 4500") == 10
    assert tshark_count(tmp_path, "internet.pcap", "esp && ip.src == 10.3.0.1") == 5


def test_same_seed_byte_identical(tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / str(k)
        site_to_site(duration=4).run(seed=3, run=2, out=out)
        outs.append(out)
    for name in ("events.jsonl", "summary.json", "custom.json", "esp_sa",
                 "ikev2_decryption_table", "wan.pcap", "a.pcap", "b.pcap"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    other = tmp_path / "other"
    site_to_site(duration=4).run(seed=3, run=3, out=other)
    assert (other / "esp_sa").read_bytes() != (outs[0] / "esp_sa").read_bytes()


GOOD = {"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"], "subnet": "10.0.0.0/30"}],
        "ike": [{"initiator": "x", "responder": "y", "psk": "k"}], "duration": 2}


def bad(**change):
    config = json.loads(json.dumps(GOOD))
    for path, value in change.items():
        *parents, last = path.split("__")
        node = config
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        if value is KeyError:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return config


@pytest.mark.parametrize("config, message", [
    (bad(links__0__colour="red"), "$.links[0].colour: unknown key"),
    (bad(links__0__nodes=["x", "z"]), "$.links[0].nodes[1]: unknown node \"z\""),
    (bad(links__0__subnet="10.0.0.1/30"), "$.links[0].subnet: bad prefix"),
    (bad(ike__0__psk=KeyError), "$.ike[0].psk: missing (required)"),
    (bad(ike__0__proposals=["aes999-sha1-modp2048"]), "$.ike[0]"),
    (bad(ike__0__esp_proposals=["nonsense"]), "$.ike[0]"),
    (bad(links__0__delay="fast"), "$.links[0].delay: not a time"),
    (bad(links__0__rate="lots"), "$.links[0].rate: not a data rate"),
    (bad(links__0__loss=2), "$.links[0].loss: value 2 out of range"),
    (bad(links__0__type="wifi"), "$.links[0].type: expected \"p2p\" or \"csma\""),
    (bad(duration="long"), "$.duration: expected a number"),
    (bad(routes=[{"node": "x", "via": "9.9.9.9"}]), "$.routes[0].via: 9.9.9.9 is not on any link"),
    (bad(traffic=[{"type": "tcp", "from": "x", "to": "y"}]), "$.traffic[0].type"),
    (bad(attackers=[{"type": "replay", "link": "nowhere", "bursts": [1]}]),
     "$.attackers[0].link: unknown link"),
    (bad(nats=[{"node": "x", "inside": "l", "outside": "l"}]), "$.nats[0].outside"),
    ("{not json", "not JSON at offset"),
    ("[1, 2]", "$: expected an object"),
])
def test_bad_configuration_exits_2_naming_the_path(tmp_path, config, message):
    result = run_binary(tmp_path, config)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert "configuration error" in result.stderr
    assert not (tmp_path / "summary.json").exists()


def test_good_configuration_runs(tmp_path):
    result = run_binary(tmp_path, GOOD)
    assert result.returncode == 0, result.stderr
    assert "IKE conn0 x -> y: established" in result.stdout


def test_python_reports_the_program_error(tmp_path):
    s = ipseclab.Scenario.from_dict(bad(ike__0__proposals=["aes999-sha1-modp2048"]))
    s._ike[0]["proposals"] = ["aes999-sha1-modp2048"]
    with pytest.raises(ipseclab.ScenarioError, match=r"\$\.ike\[0\]"):
        s.run()


def test_topology_file_draws_every_node_and_the_attacker(vpn):
    """topology.json (the visualizer's topology view): every node of the JSON topology with its
    own addresses, the links as built, and the replay attacker on the WAN link it taps."""
    out, _ = vpn
    topo = json.loads((out / "topology.json").read_text())
    names = {n["name"]: n for n in topo["nodes"]}
    assert {"gwA", "gwB"} <= set(names)
    assert names["gwA"]["role"] == "gateway"
    assert any(a.startswith("10.1.0.") for a in names["gwA"]["addresses"])  # its LAN side
    attackers = [n for n in topo["nodes"] if n["role"] == "attacker"]
    assert len(attackers) == 1 and attackers[0]["name"].startswith("replay attacker on ")
    linked = {(l["a"], l["b"]) for l in topo["links"]}
    assert (attackers[0]["name"], "gwA") in linked and (attackers[0]["name"], "gwB") in linked
    for n in topo["nodes"]:  # every node is connected
        assert any(n["name"] in (l["a"], l["b"]) for l in topo["links"]), n["name"]
