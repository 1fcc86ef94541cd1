"""Statistics for P-class claims: exact binomial tests and bootstrap confidence intervals of
log–log slopes.

False-alarm level. Each statistical test in the suite is run at level `FALSE_ALARM` = 1e−3, so a
claim that holds fails a run at most once in a thousand runs per test (Clopper–Pearson bounds are
exact, hence conservative; bootstrap intervals are approximate, their coverage is tested in
`tests/test_stats.py`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.special import bdtrc, betaincinv  # scipy.stats would add ~0.7 s to every worker's import

from nnverify.errors import InputError

__all__ = ["FALSE_ALARM", "SlopeFit", "binomial_excess", "bootstrap_slope", "clopper_pearson", "fit_slope"]

#: Per-test false-alarm probability of every statistical test in the suite.
FALSE_ALARM = 1e-3


def clopper_pearson(k: int, n: int, alpha: float = FALSE_ALARM) -> tuple[float, float]:
    """Exact two-sided (1 − α) interval for a binomial proportion with k successes in n trials."""
    if not (isinstance(k, int) and isinstance(n, int) and 0 <= k <= n and n >= 1):
        raise InputError(f"k={k!r}, n={n!r}, but should be integers with 0 ≤ k ≤ n, n ≥ 1")
    if not 0.0 < alpha < 1.0:
        raise InputError(f"alpha={alpha!r}, but should lie in (0, 1)")
    lo = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, alpha / 2))  # Beta(k, n−k+1) quantile α/2
    hi = 1.0 if k == n else float(betaincinv(k + 1, n - k, 1 - alpha / 2))
    return lo, hi


def binomial_excess(k: int, n: int, p0: float) -> float:
    """One-sided exact p-value of "failure rate ≤ p0" given k failures in n trials: P(X ≥ k | p0).

    A claimed failure probability ≤ p0 is refuted at level α when this is < α.
    """
    if not 0.0 <= p0 <= 1.0:
        raise InputError(f"p0={p0!r}, but should lie in [0, 1]")
    if not (0 <= k <= n):
        raise InputError(f"k={k!r}, n={n!r}, but should satisfy 0 ≤ k ≤ n")
    return float(bdtrc(k - 1, n, p0)) if k > 0 else 1.0  # P(X > k − 1), X ~ Bin(n, p0)


@dataclass(frozen=True)
class SlopeFit:
    """log y = intercept + slope·log x, with a bootstrap interval over seeds.

    `constant` = e^intercept is the fitted constant of y ≈ C·x^slope (measured, never tuned).
    """

    slope: float
    intercept: float
    ci: tuple[float, float]
    level: float
    x: tuple[float, ...]
    y: tuple[tuple[float, ...], ...]
    n_boot: int
    seeds: tuple[int, ...] = field(default=())

    @property
    def constant(self) -> float:
        return math.exp(self.intercept)

    def allows_at_most(self, a: float) -> bool:
        """Consistent with an upper bound O(x^a): the interval reaches down to a or below."""
        return self.ci[0] <= a

    def allows_at_least(self, a: float) -> bool:
        """Consistent with a lower bound Ω(x^a)."""
        return self.ci[1] >= a

    def contains(self, a: float) -> bool:
        return self.ci[0] <= a <= self.ci[1]

    def to_dict(self) -> dict[str, object]:
        return {"slope": self.slope, "intercept": self.intercept, "constant": self.constant,
                "ci": list(self.ci), "level": self.level, "x": list(self.x),
                "y": [list(r) for r in self.y], "n_boot": self.n_boot, "seeds": list(self.seeds)}


def fit_slope(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """Least-squares (slope, intercept) of log y against log x."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    A = np.vstack([lx, np.ones_like(lx)]).T
    (slope, intercept), *_ = np.linalg.lstsq(A, ly, rcond=None)
    return float(slope), float(intercept)


def bootstrap_slope(x: Sequence[float], y: Sequence[Sequence[float]], *, level: float = 1 - FALSE_ALARM,
                    n_boot: int = 4000, seed: int = 0, stat: str = "median",
                    seeds: Sequence[int] = ()) -> SlopeFit:
    """Slope of log(stat over seeds of y[i]) vs log x[i], with a percentile bootstrap interval.

    Args:
        x: (k,) positive values of the scanned variable (width, depth, …).
        y: (k, s) positive measurements, s seeds per x (resampled with replacement per x).
        level: confidence level of the interval (default 1 − FALSE_ALARM).
        stat: "median" or "mean" across seeds.
    """
    X = np.asarray(x, float)
    Y = np.asarray(y, float)
    if X.ndim != 1 or Y.ndim != 2 or Y.shape[0] != X.shape[0] or X.shape[0] < 2:
        raise InputError(f"x shape {X.shape}, y shape {Y.shape}: need x (k,), y (k, seeds), k ≥ 2")
    if not (np.all(X > 0) and np.all(Y > 0) and np.all(np.isfinite(Y))):
        raise InputError("x and y should be finite and positive for a log–log fit")
    if not 0.5 < level < 1.0:
        raise InputError(f"level={level!r}, but should lie in (0.5, 1)")
    agg = np.median if stat == "median" else np.mean
    slope, intercept = fit_slope(X, agg(Y, axis=1))
    rng = np.random.default_rng(seed)
    k, s = Y.shape
    idx = rng.integers(0, s, size=(n_boot, k, s))
    Yb = np.take_along_axis(np.broadcast_to(Y, (n_boot, k, s)), idx, axis=2)
    ly = np.log(agg(Yb, axis=2))  # (n_boot, k)
    lx = np.log(X)
    lxc = lx - lx.mean()
    slopes = (ly - ly.mean(axis=1, keepdims=True)) @ lxc / (lxc @ lxc)
    a = (1 - level) / 2
    lo, hi = np.quantile(slopes, [a, 1 - a])
    return SlopeFit(slope, intercept, (float(lo), float(hi)), level, tuple(map(float, X)),
                    tuple(tuple(map(float, r)) for r in Y), n_boot, tuple(seeds))
