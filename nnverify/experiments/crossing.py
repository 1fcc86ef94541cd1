"""Width at which an initial condition holds in half of the draws, and its power law in N (experiments only).

A draw k fixes everything except the wide layer (data, labels, narrow layers: common random numbers across
widths) and gives, per condition c, a curve M_kc(n) = lhs/rhs (≥ 1 ⟺ c holds) on a width grid. Its crossing
n_kc is where log M_kc first reaches 0, by linear interpolation in (log n, log M) between grid points; when
M_kc < 1 on the whole grid, n_kc is EXTRAPOLATED from the least-squares power law through the last
`fit_points` grid points (n_kc = +∞ if that local slope is ≤ 0: the ratio does not grow). The draw's crossing
is n_k = max_c n_kc (all conditions must hold). When the ratios increase in n, P[all conditions hold at width
n] ≥ ½ ⟺ n ≥ median_k n_k, so the width "at fraction ½" is the median crossing; its power law in N (or another
size) is `nnverify.stats.bootstrap_slope` over the
per-draw crossings (median, percentile bootstrap, level 1 − FALSE_ALARM). Every number says whether it was
observed inside the grid or extrapolated beyond it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnverify.errors import InputError
from nnverify.stats import bootstrap_slope

#: stands for n_k = +∞ (margin not growing) inside the bootstrap, which needs finite values: a resample whose
#: median is +∞ then gives a huge slope, widening the interval instead of being dropped.
INF_SENTINEL = 1e300
#: a fitted log–log slope at or below this is "not growing": a numerically flat margin (|slope| of a constant
#: curve after polyfit is ~1e−16) must not extrapolate to a finite crossing.
FLAT = 1e-12


@dataclass(frozen=True)
class DrawCrossing:
    """One draw's crossing width, how it was obtained, and the local log–log slope of M_k used."""

    width: float
    how: str  # "at first grid point" | "interpolated" | "extrapolated" | "not growing"
    slope: float


def draw_crossing(widths: Sequence[float], margins: Sequence[float], fit_points: int = 3) -> DrawCrossing:
    """Crossing of one margin curve (see the module docstring). Margins must be finite and > 0."""
    w = np.asarray(widths, float)
    M = np.asarray(margins, float)
    if w.shape != M.shape or w.ndim != 1 or len(w) < 2 or not (np.all(w > 0) and np.all(np.isfinite(M))
                                                                 and np.all(M > 0)):
        raise InputError(f"need ≥ 2 positive widths and finite positive margins, got {w.shape}, {M.shape}")
    lw, lm = np.log(w), np.log(M)
    hit = np.nonzero(lm >= 0)[0]
    if hit.size:
        i = int(hit[0])
        if i == 0:
            return DrawCrossing(float(w[0]), "at first grid point", math.nan)
        if lm[i] == 0.0:  # exactly 1 at a grid point: that width (no rounding through the interpolation)
            return DrawCrossing(float(w[i]), "interpolated", float((lm[i] - lm[i - 1]) / (lw[i] - lw[i - 1])))
        s = (lm[i] - lm[i - 1]) / (lw[i] - lw[i - 1])
        return DrawCrossing(float(math.exp(lw[i - 1] - lm[i - 1] / s)), "interpolated", float(s))
    k = min(fit_points, len(w))
    s, a = np.polyfit(lw[-k:], lm[-k:], 1)
    if s <= FLAT:
        return DrawCrossing(math.inf, "not growing", float(s))
    lc = -a / s
    return DrawCrossing(math.exp(lc) if lc < 700.0 else math.inf, "extrapolated", float(s))


@dataclass
class WidthScan:
    """Margins M[width, draw] of one configuration (e.g. one N) and their crossings.

    With `per` (condition → its own lhs/rhs[width, draw]) a draw's crossing is the largest of the conditions'
    crossings, each interpolated or extrapolated with its own power law (all must hold; the minimum of several
    power laws is not one, so extrapolating the minimum would mix their exponents); `binding` names the
    condition that sets it. Without `per`, the crossing of the minimum margin."""

    label: str
    x: float  # the size the crossing is fitted against (N, or max(m, n₀))
    widths: list[int]
    margins: np.ndarray  # (len(widths), draws); may hold nan where a draw stopped early
    params: dict[str, Any] = field(default_factory=dict)
    fit_points: int = 3
    per: dict[str, np.ndarray] | None = None

    def _one(self, col: np.ndarray) -> DrawCrossing:
        col = np.where(np.isposinf(col), INF_SENTINEL, col)  # rhs = 0 (e.g. Φ = 0): the condition holds there
        ok = np.isfinite(col) & (col > 0)
        if ok.sum() < 2:  # σ_min = 0 (a dead row) at every width: the conditions cannot hold
            return DrawCrossing(math.inf, "not growing", math.nan)
        return draw_crossing(np.asarray(self.widths)[ok], col[ok], self.fit_points)

    def crossings(self) -> list[DrawCrossing]:
        return [c for c, _ in self._crossings()]

    def _crossings(self) -> list[tuple[DrawCrossing, str]]:
        out = []
        for k in range(self.margins.shape[1]):
            if not self.per:
                out.append((self._one(self.margins[:, k]), "min"))
                continue
            cs = {c: self._one(v[:, k]) for c, v in self.per.items()}
            b = max(cs, key=lambda c: cs[c].width)
            if all(math.isnan(v.slope) and math.isinf(v.width) for v in cs.values()):
                b = "none (σ_min = 0)"  # a dead row: no condition can ever hold, none binds
            out.append((cs[b] if b in cs else next(iter(cs.values())), b))
        return out

    def tested(self) -> int:
        """Number of grid widths actually evaluated (a prefix: the scan may stop early)."""
        return int(sum(np.isfinite(row).any() for row in self.margins))

    def fraction_met(self) -> list[float]:
        """Fraction of draws meeting every condition at each evaluated width."""
        return [float(np.mean(row[np.isfinite(row)] >= 1.0)) for row in self.margins[: self.tested()]]

    def summary(self) -> dict[str, Any]:
        both = self._crossings()
        cr = [c for c, _ in both]
        binding = [b for _, b in both]
        ws = np.array([c.width for c in cr])
        hows = [c.how for c in cr]
        t = self.tested()
        return {"label": self.label, "x": self.x, "params": self.params, "widths": self.widths[:t],
                "fraction_met": self.fraction_met(),
                "median_margin": [float(np.nanmedian(r)) for r in self.margins[:t]],
                "crossings": [c.width for c in cr], "how": hows,
                "median_crossing": float(np.median(ws)),
                "median_is_extrapolated": _median_extrapolated(cr),
                "local_slopes": [c.slope for c in cr],
                "binding_at_crossing": {b: binding.count(b) for b in dict.fromkeys(binding)},
                "n_extrapolated": hows.count("extrapolated"), "n_not_growing": hows.count("not growing")}


def _median_extrapolated(cr: list[DrawCrossing]) -> bool:
    """Whether the median crossing lies beyond the grid (at least half the draws extrapolated or not growing)."""
    beyond = sum(c.how in ("extrapolated", "not growing") for c in cr)
    return 2 * beyond >= len(cr)


def exponent(scans: Sequence[WidthScan], *, scale: Sequence[Sequence[float]] | None = None, seed: int = 1,
             n_boot: int = 4000) -> dict[str, Any] | None:
    """Power law of the median crossing in `x` over `scans` (bootstrap over draws); None if < 2 sizes or the
    point estimate is infinite at some size. `scale[i][k]` multiplies draw k's crossing of scan i first (e.g.
    λ*² to test a width claimed as N²/λ*²)."""
    if len(scans) < 2:
        return None
    raw = [[c.width for c in s.crossings()] for s in scans]
    if scale is not None:
        raw = [[w * f for w, f in zip(r, fs, strict=True)] for r, fs in zip(raw, scale, strict=True)]
    if any(not math.isfinite(float(np.median(r))) for r in raw):
        return None
    ys = [[min(w, INF_SENTINEL) for w in r] for r in raw]
    fit = bootstrap_slope([s.x for s in scans], ys, n_boot=n_boot, seed=seed).to_dict()
    fit["extrapolated_sizes"] = [s.x for s in scans if _median_extrapolated(s.crossings())]
    return fit


def scan_widths(label: str, x: float, widths: list[int], draws: int,
                margin_fn: Callable[[int, int], dict[str, float]], params: dict[str, Any], deadline: float,
                keys: Sequence[str], extras: Sequence[str] = ()) -> WidthScan:
    """margins[width, draw] = min over `keys` of margin_fn(draw, width)[key] (each lhs/rhs, ≥ 1 ⟺ it holds).

    Stops growing the grid once every draw has met all conditions (later widths do not move a crossing) or at
    `deadline` (time.time(), recorded in params); records per-condition medians, the binding condition and the
    per-width medians of the `extras` entries of margin_fn's dict."""
    M = np.full((len(widths), draws), np.nan)
    per = {c: np.full((len(widths), draws), np.nan) for c in (*keys, *extras)}
    for i, n in enumerate(widths):
        for k in range(draws):
            r = margin_fn(k, n)
            for c in (*keys, *extras):
                per[c][i, k] = r[c]
            M[i, k] = min(r[c] for c in keys)
        if np.all(np.nanmax(M[: i + 1], axis=0) >= 1.0):
            break
        if time.time() > deadline:
            params = {**params, "stopped_at_deadline": n}
            break
    done = [i for i in range(len(widths)) if np.isfinite(M[i]).any()]
    params = {**params, "median_ratio": {c: [float(np.nanmedian(per[c][i])) for i in done] for c in keys},
              "median_extra": {c: [float(np.nanmedian(per[c][i])) for i in done] for c in extras},
              "binding": [keys[int(np.argmin([np.nanmedian(per[c][i]) for c in keys]))] for i in done]}
    return WidthScan(label, x, widths, M, params, per={c: per[c] for c in keys})
