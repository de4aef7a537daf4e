"""What researchers measure from a scenario run: each metric is ``Result -> float``.

Built-in metrics (by function or by name in ``sweep(..., metrics=[...])``):

==================  ==========================================================================
``rekeys``          Child + IKE SA rekeys completed, once per rekey (``ike/rekey-done`` of the node
                    that started it; a collision counts for each node that started one)
``child_rekeys``    ``ike/rekey-done`` events with ``what == "child"``, counted once per rekey
                    (on the node that started it)
``collisions``      rekey collisions: ``ike/collision`` events (each peer that notices one emits
                    one; see ``collision_events``) counted once per collision
``collision_events`` every ``ike/collision`` event
``retransmissions`` IKE retransmissions, all nodes (summary.json)
``setup_time``      seconds from IKE_SA_INIT to the first IKE SA established (initiator's
                    ``ike/sa-established`` ``setup_time_s``); NaN if none
``rekey_duration``  mean seconds from ``ike/rekey-start`` to the matching ``ike/rekey-done`` on
                    the same node (Child SA rekeys); NaN if none completed
``max_rekey_duration`` the longest of those
``app_loss``        fraction of application requests not answered (stdout ``N/M answered``);
                    without such a line, 1 - ESP decapsulations / encapsulations
``app_lost``        number of requests not answered (M - N)
``drops``           all IPsec drops; ``drops("no-sa")`` or ``"drops:no-sa"`` for one reason
``count``           ``count("ike/collision")`` or ``"count:esp/drop"``: events of a kind
==================  ==========================================================================

A metric may be any callable ``Result -> number`` (its ``__name__`` names the column) or a
``(name, callable)`` pair. In ``sweep()`` it runs in the worker process, so prefer module-level
functions (lambdas work when cloudpickle is installed, which python3-distributed brings).
"""

import math
import re

__all__ = [
    "rekeys", "child_rekeys", "collisions", "collision_events", "retransmissions", "setup_time",
    "rekey_duration", "max_rekey_duration", "app_loss", "app_lost", "drops", "count",
    "BUILTIN", "resolve", "resolve_all", "Metric",
]


class Metric:
    """A named ``Result -> float`` callable (picklable, so sweeps can ship it)."""

    def __init__(self, name, function, *args):
        self.__name__ = name
        self.name = name
        self._function = function
        self._args = args

    def __call__(self, result):
        return self._function(result, *self._args)

    def __repr__(self):
        return "<metric %s>" % self.name


def _nodes(result):
    return result.summary.get("nodes", [])


def rekeys(result):
    """Child and IKE SA rekeys completed, once per rekey: the rekey-done of the node that
    started it (summary.json's per-node ``ike.rekeys`` counts each rekey at both peers)."""
    return float(len(_rekey_pairs(result, "child")) + len(_rekey_pairs(result, "ike")))


def retransmissions(result):
    """IKE message retransmissions, all nodes (summary.json)."""
    return float(sum(n.get("ike", {}).get("retransmissions", 0) for n in _nodes(result)))


def _rekey_pairs(result, what="child"):
    """[(node, start_t, done_t)] for rekeys a node started and completed."""
    open_ = {}
    pairs = []
    for e in result.events:
        if e.get("layer") != "ike" or e.get("what") != what:
            continue
        node = e.get("node")
        if e.get("kind") == "rekey-start":
            key = (node, e.get("spi")) if what == "child" else (node, e.get("spi_i"),
                                                                 e.get("spi_r"))
            open_[key] = e["t"]
        elif e.get("kind") == "rekey-done":
            key = (node, e.get("old_spi")) if what == "child" else (
                node, e.get("old_spi_i"), e.get("old_spi_r"))
            if key in open_:
                pairs.append((node, open_.pop(key), e["t"]))
    return pairs


def child_rekeys(result):
    """Child SA rekeys completed by the node that started them."""
    return float(len(_rekey_pairs(result, "child")))


def rekey_duration(result):
    """Mean seconds from rekey-start to rekey-done (Child SAs, same node); NaN if none."""
    pairs = _rekey_pairs(result, "child")
    if not pairs:
        return math.nan
    return math.fsum(done - start for _, start, done in pairs) / len(pairs)


def max_rekey_duration(result):
    """Longest Child SA rekey (seconds); NaN if none."""
    pairs = _rekey_pairs(result, "child")
    return max((done - start for _, start, done in pairs), default=math.nan)


def collision_events(result):
    """Every ``ike/collision`` event (both peers may report the same collision)."""
    return float(result.count("ike/collision"))


def collisions(result):
    """Rekey collisions, each counted once even when both peers report it.

    Reports of the same collision (same ``what``) less than 0.5 s apart on different nodes are
    one collision.
    """
    seen = []   # (t, what, nodes)
    for e in result.select("ike/collision"):
        for c in seen:
            if c[1] == e.get("what") and e.get("node") not in c[2] and abs(e["t"] - c[0]) < 0.5:
                c[2].add(e.get("node"))
                break
        else:
            seen.append((e["t"], e.get("what"), {e.get("node")}))
    return float(len(seen))


def setup_time(result):
    """Seconds the first IKE SA took to establish (initiator's view); NaN if none."""
    established = result.select("ike/sa-established")
    first = [e for e in established if e.get("initiator")] or established
    for e in first:
        if e.get("setup_time_s") is not None:
            return float(e["setup_time_s"])
    return math.nan


_ANSWERED = re.compile(r"(\d+)\s*/\s*(\d+)\s+answered")


def _answered(result):
    found = _ANSWERED.findall(result.stdout or "")
    if not found:
        return None
    return sum(int(a) for a, _ in found), sum(int(b) for _, b in found)


def app_lost(result):
    """Application requests not answered (from the scenario's ``N/M answered`` lines)."""
    counts = _answered(result)
    if counts is None:
        sent = result.count("esp/encap")
        return float(max(0, sent - result.count("esp/decap", icv_ok=True)))
    return float(counts[1] - counts[0])


def app_loss(result):
    """Fraction of application requests not answered; without an ``N/M answered`` line,
    1 - (ESP packets decapsulated with a good ICV) / (ESP packets sent); NaN if nothing sent."""
    counts = _answered(result)
    if counts is None:
        sent = result.count("esp/encap")
        if sent == 0:
            return math.nan
        return 1.0 - result.count("esp/decap", icv_ok=True) / sent
    answered, sent = counts
    return math.nan if sent == 0 else 1.0 - answered / sent


def _drops(result, reason=None):
    total = 0
    for n in _nodes(result):
        d = n.get("drops", {})
        if reason is None:
            total += sum(d.values())
        else:
            total += d.get(reason, 0)
    return float(total)


def drops(reason=None):
    """Metric: IPsec drops of ``reason`` (e.g. ``"no-sa"``, ``"replayed"``) over all nodes,
    all reasons when None. ``drops()`` / ``drops("no-sa")`` return a metric; calling it on a
    Result (``drops(result)`` is accepted too) gives the number."""
    if reason is not None and not isinstance(reason, str):
        if hasattr(reason, "summary"):      # drops(result)
            return _drops(reason)
        raise TypeError("drops(reason): reason must be a str, got %s" % type(reason).__name__)
    return Metric("drops" if reason is None else "drops:%s" % reason, _drops, reason)


def _count(result, kind, fields):
    return float(result.count(kind, **dict(fields)))


def count(kind, **fields):
    """Metric: number of events of ``kind`` ("layer/kind" or a layer) with these fields."""
    if not isinstance(kind, str):
        raise TypeError("count(kind): kind must be a str like 'ike/collision'")
    suffix = "".join(",%s=%s" % kv for kv in sorted(fields.items()))
    return Metric("count:%s%s" % (kind, suffix), _count, kind, tuple(sorted(fields.items())))


BUILTIN = {
    "rekeys": rekeys,
    "child_rekeys": child_rekeys,
    "collisions": collisions,
    "collision_events": collision_events,
    "retransmissions": retransmissions,
    "setup_time": setup_time,
    "rekey_duration": rekey_duration,
    "max_rekey_duration": max_rekey_duration,
    "app_loss": app_loss,
    "app_lost": app_lost,
    "drops": drops(),
}


def resolve(metric):
    """(name, callable) for a metric name, callable or (name, callable) pair."""
    if isinstance(metric, str):
        if metric in BUILTIN:
            return metric, BUILTIN[metric]
        if metric.startswith("drops:"):
            m = drops(metric[len("drops:"):])
            return m.name, m
        if metric.startswith("count:"):
            m = count(metric[len("count:"):])
            return m.name, m
        raise ValueError("unknown metric %r; built-in: %s, 'drops:REASON', 'count:LAYER/KIND'"
                         % (metric, ", ".join(sorted(BUILTIN))))
    if isinstance(metric, tuple) and len(metric) == 2 and isinstance(metric[0], str) \
            and callable(metric[1]):
        return metric
    if callable(metric):
        name = getattr(metric, "__name__", None)
        if not name or name == "<lambda>":
            raise ValueError("a lambda metric needs a name: pass (\"name\", lambda r: ...)")
        return name, metric
    raise TypeError("a metric is a name, a callable Result -> float or a (name, callable) "
                    "pair, got %r" % (metric,))


def resolve_all(metrics):
    pair = (isinstance(metrics, tuple) and len(metrics) == 2 and isinstance(metrics[0], str)
            and callable(metrics[1]))
    if isinstance(metrics, str) or callable(metrics) or pair:
        metrics = [metrics]
    out = [resolve(m) for m in metrics]
    if not out:
        raise ValueError("give at least one metric")
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        raise ValueError("metric names must be unique: %s" % names)
    return out
