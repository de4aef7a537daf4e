"""ipseclab.sweep(): local process pool, dask.distributed, determinism, tables and plots."""

import csv
import math
import os

import pytest

import ipseclab
from ipseclab import metrics

GRID = {"childRandTime": [0.01, 0.5], "wanDelay": ["10ms", "50ms"]}
FIXED = {"childRekey": 1.0, "duration": 3.0, "packets": 5}
METRICS = ["rekeys", "collisions", "rekey_duration", "app_loss", "drops:no-sa"]


def need_site_to_site():
    try:
        names = [n for n, _ in ipseclab.scenarios()]
    except ipseclab.ScenarioError as e:
        pytest.skip(str(e))
    if "site-to-site" not in names:
        pytest.skip("site-to-site is not built")


def events_count(result):
    return len(result.events)


@pytest.fixture(scope="module")
def local_table():
    need_site_to_site()
    return ipseclab.sweep("site-to-site", grid=GRID, fixed=FIXED, runs=2,
                          metrics=METRICS + [events_count], processes=2, progress=True)


def test_table_shape(local_table):
    t = local_table
    assert len(t) == 4
    assert t.grid_names == ["childRandTime", "wanDelay"]
    assert t.metric_names == METRICS + ["events_count"]
    assert [(r["childRandTime"], r["wanDelay"]) for r in t.rows] == [
        (0.01, "10ms"), (0.01, "50ms"), (0.5, "10ms"), (0.5, "50ms")]
    assert len(t.raw) == 8 and {r["run"] for r in t.raw} == {1, 2}
    for row in t.rows:
        assert row["n"] == 2
        assert row["rekeys"] >= 2
        assert row["rekey_duration"] > 0
        assert row["rekeys_ci"] >= 0 or math.isnan(row["rekeys_ci"])
    assert "SweepTable(site-to-site" in repr(t)


def test_raw_values_equal_single_runs(local_table):
    raw = [r for r in local_table.raw if r["childRandTime"] == 0.5 and r["wanDelay"] == "50ms"
           and r["run"] == 2][0]
    single = ipseclab.run("site-to-site", run=2, childRandTime=0.5, wanDelay="50ms", **FIXED)
    assert raw["rekeys"] == metrics.rekeys(single)
    assert raw["events_count"] == len(single.events)


def test_ci_matches_stats(local_table):
    row = local_table.rows[0]
    vals = [r["events_count"] for r in local_table.raw
            if r["childRandTime"] == row["childRandTime"] and r["wanDelay"] == row["wanDelay"]]
    mean, half, n = ipseclab.stats.mean_ci(vals)
    assert row["events_count"] == mean
    assert (math.isnan(half) and math.isnan(row["events_count_ci"])) or \
        row["events_count_ci"] == pytest.approx(half)


def test_csv_dataframe_plot(local_table, tmp_path):
    path = local_table.to_csv(tmp_path / "t.csv")
    with open(path) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4 and rows[0].keys() >= {"childRandTime", "rekeys", "rekeys_ci", "n"}
    local_table.to_csv(tmp_path / "raw.csv", raw=True)
    pd = pytest.importorskip("pandas")
    df = local_table.to_dataframe()
    assert list(df.columns) == local_table.columns and len(df) == 4
    assert len(local_table.to_raw_dataframe()) == 8
    pytest.importorskip("matplotlib")
    png = tmp_path / "p.png"
    fig = local_table.plot("childRandTime", "rekeys", hue="wanDelay", path=png)
    assert png.stat().st_size > 1000 and fig is not None
    with pytest.raises(ValueError, match="metric"):
        local_table.plot("childRandTime", "nope")
    with pytest.raises(ValueError, match="grid option"):
        local_table.plot("rekeys", "rekeys")


def test_dask_gives_the_same_table(local_table):
    distributed = pytest.importorskip("distributed")
    from dask.distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        t = ipseclab.sweep("site-to-site", grid=GRID, fixed=FIXED, runs=2,
                           metrics=METRICS + [events_count], client=client, progress=False)
    assert t == local_table

    def norm(raw):   # NaN != NaN
        return [{k: ("nan" if isinstance(v, float) and math.isnan(v) else v)
                 for k, v in r.items()} for r in raw]
    assert norm(t.raw) == norm(local_table.raw)


def test_lambda_metric_with_cloudpickle():
    need_site_to_site()
    pytest.importorskip("cloudpickle")
    t = ipseclab.sweep("site-to-site", grid={"packets": [2]}, fixed={"duration": 2.0},
                       runs=1, metrics=[("n_events", lambda r: len(r.events))],
                       processes=1, progress=False)
    assert t.rows[0]["n_events"] > 0


@pytest.mark.parametrize("kwargs,exc,needle", [
    (dict(grid={"childRekeyy": [1]}), ValueError, "unknown option"),
    (dict(grid={"packets": []}), ValueError, "no values"),
    (dict(grid=[("packets", 1)]), TypeError, "dict"),
    (dict(runs=0), ValueError, "runs"),
    (dict(processes=0), ValueError, "processes"),
    (dict(metrics=["bogus"]), ValueError, "unknown metric"),
    (dict(grid={"packets": [1]}, fixed={"packets": 2}), ValueError, "both"),
    (dict(grid={"collision": ["maybe"]}), TypeError, "bool"),
])
def test_bad_sweeps_raise_before_running(kwargs, exc, needle):
    need_site_to_site()
    with pytest.raises(exc, match=needle):
        ipseclab.sweep("site-to-site", progress=False, **kwargs)


def test_failed_run_names_its_grid_point():
    need_site_to_site()
    with pytest.raises(ipseclab.SweepError, match="espProposal=aes999"):
        ipseclab.sweep("site-to-site", grid={"espProposal": ["aes999"]}, runs=1,
                       processes=1, progress=False)
