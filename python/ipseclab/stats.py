"""Small statistics helpers for replicated simulation runs (no scipy needed).

``t_quantile(p, df)`` is Student's t quantile, computed from the density by Simpson
integration and bisection (accurate to ~1e-6, which is plenty for confidence intervals);
``mean_ci(values)`` gives the mean and the half-width of its confidence interval.
"""

import functools
import math

__all__ = ["t_quantile", "t_cdf", "mean_ci"]


def _t_pdf(x, df):
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    return c * (1 + x * x / df) ** (-(df + 1) / 2)


def t_cdf(x, df):
    """P(T <= x) for Student's t with ``df`` degrees of freedom (df > 0)."""
    if df <= 0:
        raise ValueError("t_cdf: degrees of freedom must be positive, got %r" % (df,))
    if x < 0:
        return 1.0 - t_cdf(-x, df)
    if x == 0:
        return 0.5
    # Integrate over u = atan(x) so the heavy tails of small df are a finite, smooth range:
    # t = tan(u), dt = du / cos^2(u).
    upper = math.atan(x)
    n = 2000
    h = upper / n
    total = 0.0
    for i in range(n + 1):
        u = i * h
        w = 1 if i in (0, n) else (4 if i % 2 else 2)
        total += w * _t_pdf(math.tan(u), df) / (math.cos(u) ** 2)
    return min(1.0, 0.5 + total * h / 3)


@functools.lru_cache(maxsize=256)
def t_quantile(p, df):
    """The p-quantile of Student's t with ``df`` degrees of freedom (0 < p < 1, df > 0)."""
    if not 0 < p < 1:
        raise ValueError("t_quantile: p must be in (0, 1), got %r" % (p,))
    if df <= 0:
        raise ValueError("t_quantile: degrees of freedom must be positive, got %r" % (df,))
    if p < 0.5:
        return -t_quantile(1 - p, df)
    if p == 0.5:
        return 0.0
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2
        if hi > 1e12:
            return math.inf
    for _ in range(60):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-9 * max(1.0, hi):
            break
    return (lo + hi) / 2


def mean_ci(values, confidence=0.95):
    """(mean, half_width, n) of the finite values: mean ± t(1-(1-c)/2, n-1) * s / sqrt(n).

    NaN and None values are ignored (a metric that is undefined for a run, e.g. a rekey time
    when no rekey happened). With one value the half-width is NaN; with none the mean is NaN.
    """
    if not 0 < confidence < 1:
        raise ValueError("mean_ci: confidence must be in (0, 1), got %r" % (confidence,))
    xs = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    n = len(xs)
    if n == 0:
        return math.nan, math.nan, 0
    mean = math.fsum(xs) / n
    if n == 1:
        return mean, math.nan, 1
    var = math.fsum((x - mean) ** 2 for x in xs) / (n - 1)
    half = t_quantile(1 - (1 - confidence) / 2, n - 1) * math.sqrt(var / n)
    return mean, half, n
