"""Parameter sweeps: a scenario over a grid of options, replicated, in parallel.

``sweep(scenario, grid={...}, runs=N, metrics=[...])`` runs every point of the Cartesian grid
``runs`` times (run numbers 1..N with the same seed: ns-3's independent replications), each
run in its own process and temporary directory, and returns a :class:`SweepTable` with the mean
and confidence interval of each metric per grid point. Jobs go to a local process pool, or to a
dask.distributed ``Client`` when one is given (its workers need this package on their
``PYTHONPATH`` and the scenario binaries at the same path).
"""

import concurrent.futures
import csv
import itertools
import math
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time

from . import metrics as _metrics
from . import runner as _runner
from .stats import mean_ci

__all__ = ["sweep", "SweepTable", "SweepError"]


class SweepError(RuntimeError):
    """A run of the sweep failed; the message names its grid point and run number."""


def _dumps(obj):
    try:
        import cloudpickle
        return cloudpickle.dumps(obj)
    except ImportError:
        return pickle.dumps(obj)


def _job(spec):
    """One run in a worker: run the command in a fresh temp dir, return the metric values."""
    metric_list = pickle.loads(spec["metrics"])
    tmp = tempfile.mkdtemp(prefix="ipseclab-sweep-")
    try:
        args = list(spec["args"]) + ["--out=%s" % tmp]
        start = time.monotonic()
        try:
            proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, timeout=spec["timeout"], stdin=subprocess.DEVNULL,
                                  cwd=tmp)
        except subprocess.TimeoutExpired:
            raise _runner.ScenarioTimeout("did not finish within %s s: %s"
                                          % (spec["timeout"], " ".join(args))) from None
        wall = time.monotonic() - start
        if proc.returncode < 0 or not os.path.exists(os.path.join(tmp, "summary.json")):
            raise _runner.ScenarioError("exit status %d, no summary.json: %s\n%s"
                                        % (proc.returncode, " ".join(args), proc.stderr[-2000:]))
        result = _runner.Result(spec["scenario"], tmp, args, proc.returncode, proc.stdout,
                                proc.stderr, wall)
        values = {}
        for name, fn in metric_list:
            v = fn(result)
            try:
                values[name] = float(v)
            except (TypeError, ValueError):
                raise TypeError("metric %s returned %r, not a number" % (name, v)) from None
        return {"values": values, "wall": wall, "returncode": proc.returncode}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _grid_points(grid):
    if not isinstance(grid, dict):
        raise TypeError("grid must be a dict {option: [values, ...]}, got %s"
                        % type(grid).__name__)
    names = list(grid)
    values = []
    for name in names:
        v = grid[name]
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            v = [v]
        v = list(v)
        if not v:
            raise ValueError("grid option %s has no values" % name)
        values.append(v)
    return names, [dict(zip(names, combo)) for combo in itertools.product(*values)]


def _fmt_point(point):
    return ", ".join("%s=%s" % kv for kv in point.items()) or "(defaults)"


def _eta(done, total, elapsed):
    if done == 0:
        return "?"
    left = elapsed / done * (total - done)
    return "%.0fs" % left if left < 120 else "%.1fmin" % (left / 60)


def sweep(scenario, grid=None, runs=1, metrics=("rekeys",), seed=1, processes=None,
          client=None, progress=True, fixed=None, attributes=None, timeout=600.0,
          confidence=0.95):
    """Run ``scenario`` over the grid and return a :class:`SweepTable`.

    grid: {option: [values]} (a scalar is one value); fixed: {option: value} for every run;
    attributes: ns-3 attribute defaults for every run; runs: replications per point (run
    numbers 1..runs, same ``seed``); metrics: names or callables (``ipseclab.metrics``);
    processes: local pool size (default: CPU count); client: a dask.distributed Client to run
    the jobs on instead; timeout: seconds per run; confidence: of the intervals (0.95).
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise ValueError("runs must be an int >= 1, got %r" % (runs,))
    if processes is not None and (isinstance(processes, bool) or not isinstance(processes, int)
                                  or processes < 1):
        raise ValueError("processes must be an int >= 1 or None, got %r" % (processes,))
    fixed = dict(fixed or {})
    names, points = _grid_points(grid or {})
    overlap = set(names) & set(fixed)
    if overlap:
        raise ValueError("options both in grid and fixed: %s" % sorted(overlap))
    metric_list = _metrics.resolve_all(metrics)
    blob = _dumps(metric_list)
    jobs = []
    for index, point in enumerate(points):
        # Validates every option and value in this process, before anything runs.
        args = _runner.build_args(scenario, {**fixed, **point}, attributes, seed, 1)
        for r in range(1, runs + 1):
            a = [x if not x.startswith("--run=") else "--run=%d" % r for x in args]
            jobs.append({"scenario": scenario, "index": index, "run": r, "args": a,
                         "metrics": blob, "timeout": timeout})
    total = len(jobs)
    outcomes = {}
    start = time.monotonic()

    def finished(job, outcome):
        outcomes[(job["index"], job["run"])] = outcome
        if progress:
            done = len(outcomes)
            el = time.monotonic() - start
            print("[sweep %s] %d/%d done  %s run %d  (%.1fs; elapsed %.0fs, ETA %s)"
                  % (scenario, done, total, _fmt_point(points[job["index"]]), job["run"],
                     outcome["wall"], el, _eta(done, total, el)), file=sys.stderr, flush=True)

    def failed(job, exc):
        return SweepError("%s run %d at %s failed: %s"
                          % (scenario, job["run"], _fmt_point(points[job["index"]]), exc))

    if client is not None:
        try:
            from distributed import as_completed
        except ImportError:
            raise ImportError("client= needs dask.distributed: apt-get install "
                              "python3-distributed") from None
        futures = {}
        for job in jobs:
            f = client.submit(_job, job, pure=False)
            futures[f] = job
        try:
            for f in as_completed(list(futures)):
                job = futures[f]
                try:
                    finished(job, f.result())
                except Exception as exc:
                    raise failed(job, exc) from exc
        finally:
            for f in futures:
                if not f.done():
                    f.cancel()
    else:
        workers = processes or os.cpu_count() or 1
        with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, total)) as pool:
            futures = {pool.submit(_job, job): job for job in jobs}
            try:
                for f in concurrent.futures.as_completed(futures):
                    job = futures[f]
                    try:
                        finished(job, f.result())
                    except Exception as exc:
                        raise failed(job, exc) from exc
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
    if progress:
        print("[sweep %s] %d runs in %.1fs" % (scenario, total, time.monotonic() - start),
              file=sys.stderr, flush=True)

    raw = []
    for index, point in enumerate(points):
        for r in range(1, runs + 1):
            o = outcomes[(index, r)]
            raw.append({**point, "run": r, **o["values"], "returncode": o["returncode"]})
    return SweepTable(scenario, names, [n for n, _ in metric_list], points, raw, seed,
                      confidence)


class SweepTable:
    """Result of ``sweep()``: one row per grid point.

    ``rows``: list of dicts with the grid values, ``n`` (runs) and for each metric M: ``M``
    (mean over runs where it is defined), ``M_ci`` (half-width of the confidence interval,
    Student t), ``M_n`` (runs where M was defined). ``raw``: one dict per run. ``columns``,
    ``to_csv(path)``, ``to_dataframe()``, ``to_raw_dataframe()``, ``plot(x, y, ...)``.
    """

    def __init__(self, scenario, grid_names, metric_names, points, raw, seed=1,
                 confidence=0.95):
        self.scenario = scenario
        self.grid_names = list(grid_names)
        self.metric_names = list(metric_names)
        self.seed = seed
        self.confidence = confidence
        self.raw = raw
        self.rows = []
        for point in points:
            mine = [r for r in raw if all(r[k] == v for k, v in point.items())]
            row = dict(point)
            row["n"] = len(mine)
            for m in self.metric_names:
                mean, half, n = mean_ci([r[m] for r in mine], confidence)
                row[m] = mean
                row[m + "_ci"] = half
                row[m + "_n"] = n
            self.rows.append(row)

    @property
    def columns(self):
        cols = self.grid_names + ["n"]
        for m in self.metric_names:
            cols += [m, m + "_ci", m + "_n"]
        return cols

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def __eq__(self, other):
        if not isinstance(other, SweepTable):
            return NotImplemented
        def norm(rows):
            return [{k: (None if isinstance(v, float) and math.isnan(v) else v)
                     for k, v in r.items()} for r in rows]
        return self.columns == other.columns and norm(self.rows) == norm(other.rows)

    def __repr__(self):
        cols = self.columns
        lines = ["SweepTable(%s, %d points, %d%% CI)" % (self.scenario, len(self.rows),
                                                       round(self.confidence * 100))]
        cells = [[_cell(r[c]) for c in cols] for r in self.rows]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
        lines.append("  ".join(c.rjust(w) for c, w in zip(cols, widths)))
        for row in cells:
            lines.append("  ".join(v.rjust(w) for v, w in zip(row, widths)))
        return "\n".join(lines)

    def to_csv(self, path, raw=False):
        """Write the table (or, with raw=True, one line per run) as CSV; returns path."""
        rows = self.raw if raw else self.rows
        cols = (self.grid_names + ["run"] + self.metric_names + ["returncode"]) if raw \
            else self.columns
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=cols)
            w.writeheader()
            for r in rows:
                w.writerow({c: r[c] for c in cols})
        return path

    def to_dataframe(self):
        """The table as a pandas DataFrame."""
        pd = _pandas()
        return pd.DataFrame(self.rows, columns=self.columns)

    def to_raw_dataframe(self):
        """One row per run, as a pandas DataFrame."""
        pd = _pandas()
        return pd.DataFrame(self.raw)

    def plot(self, x, y, hue=None, path=None, ax=None, title=None, xlabel=None, ylabel=None):
        """Line plot of metric ``y`` against grid option ``x``, error bars = CI.

        One line per value of ``hue`` (and of any other grid option that varies). Saves to
        ``path`` when given (PNG, ...); returns the matplotlib Figure. Uses the Agg backend.
        """
        if x not in self.grid_names:
            raise ValueError("x must be a grid option: %s" % self.grid_names)
        if y not in self.metric_names:
            raise ValueError("y must be a metric: %s" % self.metric_names)
        if hue is not None and hue not in self.grid_names:
            raise ValueError("hue must be a grid option: %s" % self.grid_names)
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError("SweepTable.plot() needs matplotlib: apt-get install "
                              "python3-matplotlib") from None
        others = [g for g in self.grid_names if g != x]
        if hue is not None:
            others.remove(hue)
            others.insert(0, hue)
        series = {}
        for r in self.rows:
            key = tuple((g, r[g]) for g in others)
            series.setdefault(key, []).append(r)
        if ax is None:
            fig, ax = plt.subplots(figsize=(7, 4.5))
        else:
            fig = ax.figure
        for key, rows in series.items():
            rows = sorted(rows, key=lambda r: _sort_key(r[x]))
            xs = [r[x] for r in rows]
            ys = [r[y] for r in rows]
            err = [0 if math.isnan(r[y + "_ci"]) else r[y + "_ci"] for r in rows]
            label = ", ".join("%s=%s" % kv for kv in key) or None
            ax.errorbar(xs, ys, yerr=err, marker="o", capsize=3, label=label)
        ax.set_xlabel(xlabel or x)
        ax.set_ylabel(ylabel or y)
        n = max((r["n"] for r in self.rows), default=0)
        ax.set_title(title or "%s: %s vs %s (%d runs/point, %d%% CI)"
                     % (self.scenario, y, x, n, round(self.confidence * 100)))
        ax.grid(True, alpha=0.3)
        if len(series) > 1:
            ax.legend(fontsize="small")
        fig.tight_layout()
        if path is not None:
            fig.savefig(path, dpi=100)
        return fig


def _sort_key(v):
    return (0, v, "") if isinstance(v, (int, float)) else (1, 0, str(v))


def _cell(v):
    if isinstance(v, float):
        return "nan" if math.isnan(v) else "%.4g" % v
    return str(v)


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_dataframe() needs pandas: apt-get install python3-pandas "
                          "(use to_csv() or .rows without it)") from None
    return pd
