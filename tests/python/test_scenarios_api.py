"""ipseclab.scenarios() / run() / Result / metrics, end to end on the scenario programs."""

import gc
import math
import os

import pytest

import ipseclab
from ipseclab import metrics
from ipseclab.stats import mean_ci, t_quantile


def need(name):
    try:
        names = [n for n, _ in ipseclab.scenarios()]
    except ipseclab.ScenarioError as e:
        pytest.skip(str(e))
    if name not in names:
        pytest.skip("scenario %s is not built" % name)


@pytest.fixture(scope="module")
def s2s():
    need("site-to-site")
    return ipseclab.run("site-to-site")


@pytest.fixture(scope="module")
def rekeyed():
    need("site-to-site")
    return ipseclab.run("site-to-site", childRekey=1.0, duration=4.0)


def test_scenarios_lists_built_programs_with_descriptions():
    need("site-to-site")
    found = dict(ipseclab.scenarios())
    assert "site-to-site" in found
    assert "ESP tunnel" in found["site-to-site"]
    for name, text in found.items():
        assert isinstance(name, str) and isinstance(text, str)


def test_run_parses_outputs(s2s):
    assert s2s.returncode == 0
    assert "answered" in s2s.stdout
    assert s2s.summary["scenario"] == "site-to-site"
    assert s2s.summary["seed"] == 1 and s2s.summary["run"] == 1
    assert {n["name"] for n in s2s.summary["nodes"]} >= {"gwA", "gwB"}
    assert s2s.events and s2s.events[0]["v"] == 1
    assert [e["seq"] for e in s2s.events] == list(range(len(s2s.events)))
    p = s2s.paths
    for key in ("events", "summary", "esp_sa", "ikev2_decryption_table"):
        assert os.path.isfile(p[key]), key
    assert {os.path.basename(x) for x in p["pcaps"]} >= {"wan.pcap", "lan-a.pcap", "lan-b.pcap"}
    assert s2s.count("ike/sa-established") >= 2
    assert s2s.select("esp/encap", node="gwA")
    assert all(e["layer"] == "ike" for e in s2s.select("ike"))


def test_events_frame(s2s):
    pd = pytest.importorskip("pandas")
    df = s2s.events_frame()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(s2s.events)
    assert {"t", "layer", "kind", "node_name"} <= set(df.columns)


def test_metrics_on_a_plain_run(s2s):
    assert metrics.app_loss(s2s) == 0.0
    assert metrics.app_lost(s2s) == 0.0
    assert metrics.rekeys(s2s) == 0.0
    assert metrics.collisions(s2s) == 0.0
    assert metrics.retransmissions(s2s) == 0.0
    assert 0 < metrics.setup_time(s2s) < 1.0
    assert math.isnan(metrics.rekey_duration(s2s))
    assert metrics.drops()(s2s) == metrics.drops(s2s) >= 0
    assert metrics.count("esp/encap")(s2s) > 0


def test_metrics_with_rekeys(rekeyed):
    assert metrics.rekeys(rekeyed) >= 2
    assert metrics.child_rekeys(rekeyed) >= 1
    d = metrics.rekey_duration(rekeyed)
    assert 0 < d < 1.0
    assert metrics.max_rekey_duration(rekeyed) >= d


def test_forced_collision_is_counted():
    need("site-to-site")
    r = ipseclab.run("site-to-site", collision=True)
    assert metrics.collision_events(r) >= 1
    assert metrics.collisions(r) == 1


def test_same_seed_and_run_is_deterministic_and_run_number_changes_it():
    need("site-to-site")
    opts = dict(childRekey=1.0, child_rand_time=0.5, duration=3.0)   # snake_case works too
    a = ipseclab.run("site-to-site", seed=3, run=2, **opts)
    b = ipseclab.run("site-to-site", seed=3, run=2, **opts)
    c = ipseclab.run("site-to-site", seed=3, run=5, **opts)
    assert a.events == b.events
    assert a.events != c.events
    assert "--childRandTime=0.5" in a.args


def test_out_dir_and_temporary_dir_lifetime(tmp_path):
    need("site-to-site")
    r = ipseclab.run("site-to-site", out=tmp_path / "o", packets=2, duration=2.0)
    assert os.path.isfile(tmp_path / "o" / "summary.json")
    assert r.paths["dir"] == str(tmp_path / "o")
    t = ipseclab.run("site-to-site", packets=2, duration=2.0)
    d = t.out_dir
    assert os.path.isdir(d)
    del t
    gc.collect()
    assert not os.path.exists(d)


def test_manual_keys():
    need("manual-keys")
    r = ipseclab.run("manual-keys")
    assert r.returncode == 0
    assert r.summary["scenario"] == "manual-keys"
    assert r.count("esp/encap") > 0 and r.count("ah/encap") > 0
    assert r.count("ike") == 0
    assert metrics.app_loss(r) == 0.0
    t = ipseclab.run("manual-keys", tamper=3)
    assert metrics.drops("icv-failure")(t) > 0


# --- options and errors --------------------------------------------------------------------

def test_options_come_from_print_help():
    need("site-to-site")
    opts = ipseclab.scenario_options("site-to-site")
    assert {"childRekey", "wanDelay", "pfs", "collision", "seed", "run", "out"} <= set(opts)
    assert opts["collision"]["default"] == "false"
    assert ipseclab.scenario_options("site-to-site") is opts       # cached


def test_unknown_option_lists_valid_ones():
    need("site-to-site")
    with pytest.raises(ValueError) as e:
        ipseclab.run("site-to-site", childRekeyy=1)
    assert "childRekeyy" in str(e.value) and "childRekey" in str(e.value)
    assert "wanDelay" in str(e.value)
    with pytest.raises(ValueError, match="did you mean childRekey"):
        ipseclab.run("site-to-site", childrekey=1)


def test_unknown_scenario():
    need("site-to-site")
    with pytest.raises(ValueError, match="unknown scenario 'no-such'.*site-to-site"):
        ipseclab.run("no-such")
    with pytest.raises(TypeError):
        ipseclab.run(42)


@pytest.mark.parametrize("kwargs,exc,needle", [
    (dict(collision=3), TypeError, "bool"),
    (dict(childRekey="soon"), TypeError, "number"),
    (dict(childRekey=[1]), TypeError, "expected bool, int, float or str"),
    (dict(childRekey=float("nan")), ValueError, "not a usable value"),
    (dict(seed=0), ValueError, "seed"),
    (dict(seed="1"), TypeError, "seed"),
    (dict(run=-1), ValueError, "run"),
    (dict(timeout=0), ValueError, "timeout"),
    (dict(out=3), TypeError, "out"),
    (dict(attributes={"DhTime": 1}), ValueError, "ns3::"),
])
def test_bad_values_raise_before_running(kwargs, exc, needle):
    need("site-to-site")
    with pytest.raises(exc, match=needle):
        ipseclab.run("site-to-site", **kwargs)


def test_impossible_values_raise_scenario_error():
    need("site-to-site")
    with pytest.raises(ipseclab.ScenarioError, match="bad configuration"):
        ipseclab.run("site-to-site", espProposal="aes999")
    with pytest.raises(ipseclab.ScenarioError):
        ipseclab.run("site-to-site", wanDelay="fast")


def test_timeout_kills_the_run():
    need("site-to-site")
    with pytest.raises(ipseclab.ScenarioTimeout, match="did not finish"):
        ipseclab.run("site-to-site", duration=80000.0, packets=1000000, timeout=1)


def test_attributes_are_passed():
    need("site-to-site")
    r = ipseclab.run("site-to-site", attributes={"ns3::IkeDaemon::DhTimeEcp256": "100us"},
                     cryptoTime=True, duration=2.0, packets=2)
    assert "--ns3::IkeDaemon::DhTimeEcp256=100us" in r.args


def test_missing_build_dir_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("IPSECLAB_SCENARIOS", str(tmp_path / "nowhere"))
    with pytest.raises(ipseclab.ScenarioError, match="IPSECLAB_SCENARIOS"):
        ipseclab.scenarios()


def test_metric_resolution():
    assert metrics.resolve("rekeys")[0] == "rekeys"
    assert metrics.resolve("drops:no-sa")[0] == "drops:no-sa"
    assert metrics.resolve("count:ike/collision")[0] == "count:ike/collision"
    assert metrics.resolve(("x", len))[0] == "x"
    with pytest.raises(ValueError, match="unknown metric 'rekey'"):
        metrics.resolve("rekey")
    with pytest.raises(ValueError, match="lambda"):
        metrics.resolve(lambda r: 1)
    with pytest.raises(TypeError):
        metrics.resolve(3)
    with pytest.raises(ValueError, match="unique"):
        metrics.resolve_all(["rekeys", "rekeys"])


def test_t_quantiles_and_ci():
    for df, q in ((1, 12.7062), (2, 4.3027), (5, 2.5706), (9, 2.2622), (30, 2.0423)):
        assert t_quantile(0.975, df) == pytest.approx(q, abs=1e-3)
    assert t_quantile(0.995, 4) == pytest.approx(4.6041, abs=1e-3)
    mean, half, n = mean_ci([1, 2, 3, float("nan")])
    assert (mean, n) == (2.0, 3) and half == pytest.approx(4.3027 / math.sqrt(3), abs=1e-3)
    assert math.isnan(mean_ci([5])[1])
    with pytest.raises(ValueError):
        t_quantile(1.5, 3)
