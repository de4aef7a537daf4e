"""ipseclab.Scenario: arguments checked in Python, JSON round trip, and a run of the result."""
import json
import shutil

import pytest

import ipseclab
from ipseclab import runner


def vpn():
    s = ipseclab.Scenario("my-vpn", duration=4)
    a, b = s.lan("10.1.0.0/24", hosts=2, name="a"), s.lan("10.2.0.0/24", hosts=2, name="b")
    gwa, gwb = s.gateway("gwA", lan=a), s.gateway("gwB", lan=b)
    s.wan(gwa, gwb, rate="100Mbps", delay="10ms", loss=0.0)
    s.ike(gwa, gwb, psk="secret", proposals=["aes256gcm16-prfsha256-ecp256"],
          esp=["aes128gcm16"], rekey_time=2)
    s.udp_echo(a.hosts[0], b.hosts[0], count=10)
    s.replay_attacker(on=(gwa, gwb), capture=5, at=[1.5])
    return s


def test_builds_the_expected_json():
    d = vpn().to_dict()
    assert d["nodes"] == ["a0", "a1", "b0", "b1", "gwA", "gwB"]
    assert [l["name"] for l in d["links"]] == ["a", "b", "wan"]
    assert d["links"][0]["nodes"] == ["a0", "a1", "gwA"]
    assert {"node": "a0", "to": "default", "via": "gwA"} in d["routes"]
    assert {"node": "gwA", "to": "default", "via": "gwB"} in d["routes"]
    ike = d["ike"][0]
    assert (ike["local_ts"], ike["remote_ts"]) == ("10.1.0.0/24", "10.2.0.0/24")
    assert ike["rekey_time"] == 2 and ike["esp_proposals"] == ["aes128gcm16"]
    assert d["attackers"][0] == {"type": "replay", "link": "wan", "capture": 5,
                                 "protocol": "esp", "spacing": "1ms", "bursts": [1.5],
                                 "at": "gwB"}


def test_json_round_trip(tmp_path):
    s = vpn()
    again = ipseclab.Scenario.from_json(s.to_json())
    assert again.to_dict() == s.to_dict()
    path = tmp_path / "s.json"
    path.write_text(s.to_json())
    assert ipseclab.Scenario.from_json(path).to_dict() == s.to_dict()


@pytest.mark.parametrize("call, error, message", [
    (lambda s: s.lan("10.1.0.1/24"), ValueError, "bad prefix"),
    (lambda s: s.lan(24), TypeError, "subnet must be a str"),
    (lambda s: s.lan("10.1.0.0/30", hosts=3), ValueError, "too small"),
    (lambda s: s.link("x", "nobody"), ValueError, "unknown node 'nobody'"),
    (lambda s: s.link("x", "y", delay=-1), ValueError, "delay must be at least 0"),
    (lambda s: s.link("x", "y", delay="-5ms"), ValueError, "must not be negative"),
    (lambda s: s.link("x", "y", delay="soon"), ValueError, "not a time"),
    (lambda s: s.link("x", "y", rate="fast"), ValueError, "not a data rate"),
    (lambda s: s.link("x", "y", loss=1.5), ValueError, "loss must be at most 1"),
    (lambda s: s.link("x", "y", type="wifi"), ValueError, "'p2p' or 'csma'"),
    (lambda s: s.link("x", type="csma"), ValueError, "at least 2 nodes"),
    (lambda s: s.node("x"), ValueError, "already used"),
    (lambda s: s.node("bad name"), ValueError, "use letters"),
    (lambda s: s.ike("x", "y", psk=""), ValueError, "psk"),
    (lambda s: s.ike("x", "y", psk="k", proposals=["aes999-sha1-modp2048"]), ValueError,
     "bad proposal"),
    (lambda s: s.ike("x", "y", psk="k", esp="nonsense"), ValueError, "bad proposal"),
    (lambda s: s.ike("x", "y", psk="k", rekey_tme=2), TypeError, "unknown argument 'rekey_tme'"),
    (lambda s: s.ike("x", "y", psk="k", rekey_time=-1), ValueError, "at least 0"),
    (lambda s: s.ike("x", "y", psk="k", local_ts="10.0.0.1/8"), ValueError, "traffic selector"),
    (lambda s: s.ike("x", "x", psk="k"), ValueError, "different nodes"),
    (lambda s: s.manual_sa("x", "y", spi_a_to_b=5), ValueError, "reserved"),
    (lambda s: s.manual_sa("x", "y", esp_proposal="aes999"), ValueError, "bad proposal"),
    (lambda s: s.udp_echo("x", "y", count=0), ValueError, "count must be at least 1"),
    (lambda s: s.udp_echo("x", "y", start=10), ValueError, "after the end"),
    (lambda s: s.route("x", via="300.1.1.1"), ValueError, "bad IPv4 address"),
    (lambda s: s.route("x", via="y", to="10.0.0.0/33"), ValueError, "bad prefix"),
    (lambda s: s.replay_attacker(on=("x", "z")), ValueError, "unknown node 'z'"),
    (lambda s: s.replay_attacker(on="nolink"), ValueError, "unknown link 'nolink'"),
    (lambda s: s.replay_attacker(on="l", protocol="udp"), ValueError, "'esp' or 'ah'"),
    (lambda s: s.nat("x", inside="l", outside="l"), ValueError, "different links"),
    (lambda s: s.link("x", "y", rate="0bps"), ValueError, "from 1kbps"),
    (lambda s: s.link("x", "y", delay="1 ms"), ValueError, "not a time"),
    (lambda s: s.node("../../EVIL"), ValueError, "use letters"),
    (lambda s: s.ike("x", "y", psk="k", cookie_threshold=-1), ValueError, "at least 0"),
    (lambda s: s.ike("x", "y", psk="k", half_open_limit="many"), TypeError, "number"),
    (lambda s: s.ike_forger(on="l", attacks="teardown"), ValueError, "unknown attack"),
    (lambda s: s.ike_forger(on="l", attacks=[]), TypeError, "non-empty"),
    (lambda s: s.ike_forger(on="l", flood_count=0), ValueError, "flood_count must be at least 1"),
    (lambda s: s.ike_forger(on="l", at="z"), ValueError, "unknown node 'z'"),
])
def test_bad_arguments_raise_before_running(call, error, message):
    s = ipseclab.Scenario("t", duration=5)
    s.node("x")
    s.node("y")
    s.link("x", "y", name="l", subnet="10.0.0.0/30")
    with pytest.raises(error, match=message.replace("(", r"\(").replace("[", r"\[")):
        call(s)


def test_lan_without_gateway_is_reported():
    s = ipseclab.Scenario("t")
    s.lan("10.1.0.0/24", hosts=1)
    with pytest.raises(ValueError, match="gateway"):
        s.to_dict()


def test_scenario_settings_checked():
    with pytest.raises(ValueError):
        ipseclab.Scenario("t", duration=0)
    with pytest.raises(ValueError):
        ipseclab.Scenario("t", routing="ospf")
    with pytest.raises(ValueError):
        ipseclab.Scenario.from_dict({"nodes": [], "colour": 1})


def _built():
    try:
        return "custom" in runner._names(runner.scenario_dir())
    except runner.ScenarioError:
        return False


@pytest.mark.skipif(not _built(), reason="the custom scenario program is not built")
def test_run_returns_a_result(tmp_path):
    r = vpn().run(seed=1, run=1, out=tmp_path)
    assert r.returncode == 0
    assert r.flows == {"udp-echo:a0->b0": (10, 10)}
    assert r.report["attackers"][0]["replayed"] == 5
    assert json.loads((tmp_path / "scenario.json").read_text()) == vpn().to_dict()
    assert r.paths["summary"] and "wan.pcap" in " ".join(r.paths["pcaps"])
    assert ipseclab.metrics.drops("replayed")(r) + ipseclab.metrics.drops("too-old")(r) == 5


@pytest.mark.skipif(not _built(), reason="the custom scenario program is not built")
def test_ike_forger_is_dropped_and_cookies_hold(tmp_path):
    s = vpn()
    s.ike_forger(on=("gwA", "gwB"), attacks=["forged-delete", "forged-auth-failed",
                                             "init-flood"], flood_count=300,
                 flood_proposal="aes256gcm16-prfsha256-ecp256")  # one gwB accepts
    s._ike[0].update(cookie_threshold=10, responder_remote="any")  # gwB answers anyone
    r = s.run(seed=1, run=1, out=tmp_path)
    assert r.returncode == 0
    assert r.flows == {"udp-echo:a0->b0": (10, 10)}
    nodes = {n["name"]: n for n in r.summary["nodes"]}
    assert nodes["gwB"]["ike"]["messages_dropped"] == {"unprotected": 1}
    assert nodes["gwB"]["ike"]["half_open_peak"] == 11
    assert nodes["gwA"]["ike"]["messages_dropped"] == {"unprotected": 1}


@pytest.mark.skipif(not _built(), reason="the custom scenario program is not built")
def test_global_routing_three_routers():
    s = ipseclab.Scenario("chain", duration=3, routing="global")
    for n in ("h1", "r1", "r2", "h2"):
        s.node(n)
    s.link("h1", "r1", subnet="10.0.1.0/24")
    s.link("r1", "r2", subnet="10.0.2.0/24")
    s.link("r2", "h2", subnet="10.0.3.0/24")
    s.manual_sa("h1", "h2", address_a="10.0.1.1", address_b="10.0.3.2")
    s.udp_echo("h1", "h2", count=3)
    assert s.run().flows == {"udp-echo:h1->h2": (3, 3)}
