"""Run IPsec Lab scenario programs from Python and read their outputs.

``scenarios()`` lists the scenario programs of the build; ``run(name, **options)`` runs one
and returns a :class:`Result` (events, summary, output paths, stdout). Options are the
scenario's own ``--name=value`` options (see ``scenario_options(name)``), checked before the
run so a typo raises ``ValueError`` with the valid names.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

__all__ = [
    "ScenarioError",
    "ScenarioTimeout",
    "Result",
    "scenarios",
    "scenario_dir",
    "scenario_options",
    "scenario_binary",
    "run",
    "build_args",
]

DEFAULT_TIMEOUT = 600.0


class ScenarioError(RuntimeError):
    """A scenario program could not run or did not finish (bad value, crash, no outputs)."""


class ScenarioTimeout(ScenarioError):
    """A scenario program ran longer than its timeout and was killed."""


# --------------------------------------------------------------------------------------------
# Discovery


def scenario_dir():
    """The directory holding the scenario executables.

    ``$IPSECLAB_SCENARIOS`` if set, else ``<build>/scenarios`` next to the ``<build>/python``
    directory this package was loaded from.
    """
    env = os.environ.get("IPSECLAB_SCENARIOS")
    if env:
        if not os.path.isdir(env):
            raise ScenarioError(
                "IPSECLAB_SCENARIOS=%r is not a directory (it should name the build's "
                "scenarios/ directory, e.g. build/scenarios)" % env)
        return os.path.abspath(env)
    package = os.path.dirname(os.path.abspath(__file__))     # <build>/python/ipseclab
    candidate = os.path.join(os.path.dirname(os.path.dirname(package)), "scenarios")
    if os.path.isdir(candidate):
        return candidate
    raise ScenarioError(
        "cannot find the scenario programs: expected %s (the package was loaded from %s). "
        "Build them (./lab build, or cmake --build BUILD --target site-to-site ...) or set "
        "IPSECLAB_SCENARIOS to the build's scenarios/ directory." % (candidate, package))


def _is_scenario(path):
    return os.path.isfile(path) and os.access(path, os.X_OK) and not path.endswith(
        (".a", ".so", ".o", ".cmake", ".ninja", ".txt", ".json"))


def _source_dir(bindir):
    """The source tree of a build (from CMakeCache.txt), or None."""
    cache = os.path.join(os.path.dirname(bindir), "CMakeCache.txt")
    try:
        with open(cache, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def _description(bindir, name):
    src = _source_dir(bindir)
    if src:
        try:
            with open(os.path.join(src, "scenarios", name + ".cc"), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("// scenario:"):
                        return line[len("// scenario:"):].strip()
        except OSError:
            pass
    return ""


def _names(bindir):
    names = sorted(n for n in os.listdir(bindir) if _is_scenario(os.path.join(bindir, n)))
    src = _source_dir(bindir)
    if src and os.path.isdir(os.path.join(src, "scenarios")):
        # Executables whose source is gone (stale build outputs) are not scenarios.
        names = [n for n in names if os.path.exists(os.path.join(src, "scenarios", n + ".cc"))]
    return names


def scenarios():
    """[(name, one-line description), ...] of the scenario programs in the build, by name.

    Every executable of the scenario directory whose source ``scenarios/NAME.cc`` exists (when
    the build's source tree is known); the description is its ``// scenario:`` line.
    """
    bindir = scenario_dir()
    return [(n, _description(bindir, n)) for n in _names(bindir)]


def scenario_binary(name):
    """Absolute path of scenario ``name``; ``ValueError`` listing the scenarios if unknown."""
    if not isinstance(name, str):
        raise TypeError("scenario name must be a str, got %s" % type(name).__name__)
    bindir = scenario_dir()
    path = os.path.join(bindir, name)
    if "/" in name or name not in _names(bindir):
        known = _names(bindir)
        raise ValueError("unknown scenario %r; available in %s: %s"
                         % (name, bindir, ", ".join(known) or "(none built)"))
    return path


# --------------------------------------------------------------------------------------------
# Options (from --PrintHelp, cached per binary and modification time)

_help_cache = {}
_help_lock = threading.Lock()
_OPTION_RE = re.compile(r"^\s+--([A-Za-z0-9_:.-]+):\s+(.*?)(?:\s+\[(.*)\])?\s*$")


def _parse_help(text):
    options = {}
    in_program = False
    for line in text.splitlines():
        if line.strip().startswith("Program Options"):
            in_program = True
            continue
        if line.strip().startswith("General Arguments"):
            in_program = False
            continue
        if in_program:
            m = _OPTION_RE.match(line)
            if m:
                options[m.group(1)] = {"help": m.group(2), "default": m.group(3)}
    return options


def scenario_options(name):
    """{option: {"help": text, "default": text}} of a scenario, from its ``--PrintHelp``."""
    path = scenario_binary(name)
    key = (path, os.stat(path).st_mtime_ns)
    with _help_lock:
        if key in _help_cache:
            return _help_cache[key]
    try:
        proc = subprocess.run([path, "--PrintHelp"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=60, text=True,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ScenarioTimeout("%s --PrintHelp did not answer within 60 s" % name) from None
    options = _parse_help(proc.stdout)
    if not options:
        raise ScenarioError("%s --PrintHelp listed no options:\n%s" % (name, proc.stdout[-2000:]))
    with _help_lock:
        _help_cache[key] = options
    return options


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _format_value(name, value, default):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("option %s: %r is not a usable value" % (name, value))
        return repr(value)
    if isinstance(value, str):
        if "\n" in value or "\0" in value:
            raise ValueError("option %s: value must be one line" % name)
        return value
    if hasattr(value, "__index__"):          # numpy integers
        return str(int(value))
    if hasattr(value, "__float__") and not isinstance(value, (bytes, bytearray)):
        return _format_value(name, float(value), default)   # numpy floats
    raise TypeError("option %s: expected bool, int, float or str, got %s"
                    % (name, type(value).__name__))


_BOOL_TEXT = {"true", "false", "1", "0", "t", "f"}
_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _check_value(scenario, name, text, value, default):
    if default is None:
        return
    if default in ("true", "false"):
        if not isinstance(value, bool) and text.lower() not in _BOOL_TEXT:
            raise TypeError("%s option %s is a bool: pass True/False, got %r"
                            % (scenario, name, value))
    elif _NUMBER_RE.match(default):
        # (--PrintHelp does not say int or double: ns-3 itself rejects what it cannot parse.)
        if isinstance(value, bool) or not _NUMBER_RE.match(text):
            raise TypeError("%s option %s is a number (default %s), got %r"
                            % (scenario, name, default, value))


def build_args(name, options=None, attributes=None, seed=1, run=1, out=None):
    """The command line ``run()`` would use: [binary, "--key=value", ...]."""
    path = scenario_binary(name)
    valid = scenario_options(name)
    for label, v in (("seed", seed), ("run", run)):
        if isinstance(v, bool) or not isinstance(v, int) and not hasattr(v, "__index__"):
            raise TypeError("%s must be an int, got %s" % (label, type(v).__name__))
    if int(seed) < 1:
        raise ValueError("seed must be at least 1, got %d" % seed)
    if int(run) < 0:
        raise ValueError("run must be non-negative, got %d" % run)
    args = [path]
    given = dict(options or {})
    for reserved in ("seed", "run", "out"):
        if reserved in given:
            raise ValueError("pass %s as run()'s own argument, not as an option" % reserved)
    for key, value in given.items():
        opt = key if key in valid else _camel(key)
        if opt not in valid:
            close = [o for o in valid if o.lower() == opt.lower()]
            hint = " (did you mean %s?)" % close[0] if close else ""
            raise ValueError(
                "unknown option %r for scenario %s%s; valid options: %s"
                % (key, name, hint, ", ".join(sorted(o for o in valid
                                                     if o not in ("seed", "run", "out")))))
        if value is None:
            continue
        text = _format_value(opt, value, valid[opt]["default"])
        _check_value(name, opt, text, value, valid[opt]["default"])
        args.append("--%s=%s" % (opt, text))
    for key, value in (attributes or {}).items():
        if not isinstance(key, str) or not key.startswith("ns3::") or key.count("::") < 2:
            raise ValueError("attribute names look like ns3::Class::Attribute, got %r" % (key,))
        args.append("--%s=%s" % (key, _format_value(key, value, None)))
    args += ["--seed=%d" % int(seed), "--run=%d" % int(run)]
    if out is not None:
        args.append("--out=%s" % out)
    return args


# --------------------------------------------------------------------------------------------
# Results


class Result:
    """The outputs of one scenario run.

    ``events`` (list of dicts from events.jsonl, read on first use), ``summary`` (dict from
    summary.json), ``paths`` (dict: ``dir``, ``events``, ``summary``, ``esp_sa``,
    ``ikev2_decryption_table``, ``pcaps`` — a list; missing files are absent), ``stdout``,
    ``stderr``, ``returncode``, ``args`` (the command line), ``wall_time`` (seconds).
    A temporary output directory lives as long as the Result (or until ``cleanup()``).
    """

    def __init__(self, scenario, out_dir, args, returncode, stdout, stderr, wall_time,
                 options=None, tempdir=None):
        self.scenario = scenario
        self.out_dir = out_dir
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.wall_time = wall_time
        self.options = dict(options or {})
        self._tempdir = tempdir
        self._events = None
        self._summary = None

    def __repr__(self):
        return "<ipseclab.Result %s rc=%s %s>" % (self.scenario, self.returncode, self.out_dir)

    @property
    def paths(self):
        d = self.out_dir
        p = {"dir": d}
        for key, file in (("events", "events.jsonl"), ("summary", "summary.json"),
                          ("esp_sa", "esp_sa"), ("ikev2_decryption_table",
                                                 "ikev2_decryption_table")):
            if os.path.exists(os.path.join(d, file)):
                p[key] = os.path.join(d, file)
        p["pcaps"] = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".pcap"))
        return p

    @property
    def summary(self):
        if self._summary is None:
            path = os.path.join(self.out_dir, "summary.json")
            try:
                with open(path, encoding="utf-8") as f:
                    self._summary = json.load(f)
            except FileNotFoundError:
                raise ScenarioError("%s wrote no summary.json in %s" % (self.scenario,
                                                                        self.out_dir)) from None
        return self._summary

    @property
    def events(self):
        if self._events is None:
            path = os.path.join(self.out_dir, "events.jsonl")
            events = []
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        if line.strip():
                            try:
                                events.append(json.loads(line))
                            except ValueError as e:
                                raise ScenarioError("%s line %d: %s" % (path, number, e)) from None
            self._events = events
        return self._events

    def select(self, kind=None, node=None, **fields):
        """Events whose ``layer/kind`` is ``kind`` (e.g. ``"ike/collision"``, or a layer
        alone: ``"esp"``), of node name/id ``node``, and whose fields equal ``fields``."""
        out = []
        for e in self.events:
            if kind is not None:
                full = "%s/%s" % (e.get("layer"), e.get("kind"))
                if kind != full and kind != e.get("layer"):
                    continue
            if node is not None and node != e.get("node_name") and node != e.get("node"):
                continue
            if any(e.get(k) != v for k, v in fields.items()):
                continue
            out.append(e)
        return out

    def count(self, kind, **fields):
        """Number of events of ``kind`` (see ``select``)."""
        return len(self.select(kind, **fields))

    def events_frame(self):
        """The events as a pandas DataFrame (one row per event, missing fields NaN)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "Result.events_frame() needs pandas: apt-get install python3-pandas "
                "(and run with /usr/bin/python3); Result.events is the same data as dicts"
            ) from None
        return pd.DataFrame.from_records(self.events)

    def cleanup(self):
        """Delete a temporary output directory now (later reads of paths fail)."""
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None


def run(name, seed=1, run=1, out=None, progress=False, timeout=DEFAULT_TIMEOUT,
        attributes=None, **options):
    """Run scenario ``name`` and return its :class:`Result`.

    ``options`` are the scenario's own options (``childRekey=1.0``, ``collision=True``;
    snake_case works too: ``child_rekey``); bools become true/false, numbers and strings are
    passed as ``--key=value``. ``attributes`` sets ns-3 attribute defaults
    (``{"ns3::IkeDaemon::DhTimeEcp256": "100us"}``). ``out=None`` writes to a temporary
    directory that lives as long as the Result. ``timeout`` (seconds) kills a run that takes
    longer (``ScenarioTimeout``). A run that does not finish (bad value, bad configuration,
    crash: no summary.json) raises ``ScenarioError`` with the program's messages; a run that
    finished but reports failure (exit status 1) returns a Result with that ``returncode``.
    """
    if out is not None and not isinstance(out, (str, os.PathLike)):
        raise TypeError("out must be a path or None, got %s" % type(out).__name__)
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or timeout <= 0):
        raise ValueError("timeout must be a positive number of seconds or None, got %r"
                         % (timeout,))
    tempdir = None
    if out is None:
        tempdir = tempfile.TemporaryDirectory(prefix="ipseclab-%s-" % name)
        out_dir = tempdir.name
    else:
        out_dir = os.path.abspath(os.fspath(out))
        os.makedirs(out_dir, exist_ok=True)
    try:
        args = build_args(name, options, attributes, seed, run, out_dir)
        if progress:
            print("ipseclab.run: %s" % " ".join(args[1:]), file=sys.stderr, flush=True)
        start = time.monotonic()
        try:
            proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                                  cwd=out_dir)
        except subprocess.TimeoutExpired:
            raise ScenarioTimeout("%s did not finish within %s s (killed): %s"
                                  % (name, timeout, " ".join(args))) from None
        wall = time.monotonic() - start
        if progress:
            print("ipseclab.run: %s finished in %.1f s (exit %d)"
                  % (name, wall, proc.returncode), file=sys.stderr, flush=True)
        if proc.returncode < 0 or not os.path.exists(os.path.join(out_dir, "summary.json")):
            how = ("killed by signal %d" % -proc.returncode if proc.returncode < 0
                   else "exit status %d" % proc.returncode)
            raise ScenarioError("%s failed (%s, no summary.json): %s\n%s%s"
                                % (name, how, " ".join(args), proc.stderr[-3000:],
                                   proc.stdout[-2000:]))
    except BaseException:
        if tempdir is not None:
            tempdir.cleanup()
        raise
    return Result(name, out_dir, args, proc.returncode, proc.stdout, proc.stderr, wall,
                  options, tempdir)
