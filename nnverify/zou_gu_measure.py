"""Measurement machinery for the class-P claims of Zou & Gu (NeurIPS 2019), "An improved analysis of training
over-parameterized deep neural networks" (seed 003; the claims are in `nnverify.claims.zou_gu19_asymptotic`).

Provides: Assumption 3.1 data (`unit_data`, `pair`, `min_dist_cols`, `unit_labels`); S stacked networks of Alg. 1
(`Net`, `init_net`, `forward`, `loss`, `backward`, spectral norms `spec_lowrank`, `spec_tall`); batched GD / SGD
(`gd_batch` → `Run`, loss-only `gd_hits`); closed forms and fits (`lam_pair`, `ls_slope`, `monotone_prefix`); the
statistical results (`Scan`: log–log slope with a bootstrap CI over seeds; `Rate`: failure rate with an exact
binomial p-value; `PResult`, which writes one measurement per scan / rate); the per-process run cache (`cached`)
and the GD scans shared by several claims (`gd_scan1`, `gd_scan_delta`, `disp_max`).

Kernels are batched over S seeds, column form as in the paper: W_1 (S, m, d), W_l (S, m, m),
V (S, k, m) fixed; X (d, n); x_{l,i} = σ(W_l x_{l−1,i}), f = V x_L; L(W) = (1/n)Σ½‖f(x_i) − y_i‖²;
∇_{W_l}L = Σ_i D_{l,i}(W_{l+1}ᵀD⋯VᵀR_i) x_{l−1,i}ᵀ with R = (f − y)/n (SGD: R = (f − y)·𝟙_𝓑/B).
Spectral norms of rank-≤n gradients A Bᵀ use ‖A Bᵀ‖₂ = ‖R_A R_Bᵀ‖₂ (reduced QR), never an m×m SVD.
Paper L (depth) is `depth`; paper L(W) is `loss`. Randomness: local `torch.Generator`s only (`rng`); float64.
`nnverify.claims.core` is imported lazily (it loads the claim registry, which imports this module).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import torch

from nnverify.profiles import active_profile as profile
from nnverify.profiles import seed_offset
from nnverify.stats import FALSE_ALARM, SlopeFit, binomial_excess, bootstrap_slope, clopper_pearson

if TYPE_CHECKING:
    from nnverify.claims.core import Evaluation, Tolerance

__all__ = [
    "C1",
    "D1",
    "DELTAS",
    "F64",
    "MU1",
    "M_DELTA",
    "N1",
    "S1",
    "STOP1",
    "GDScan",
    "Net",
    "PResult",
    "Rate",
    "Run",
    "Scan",
    "backward",
    "big",
    "cached",
    "disp_max",
    "forward",
    "gd_batch",
    "gd_hits",
    "gd_scan1",
    "gd_scan_delta",
    "init_net",
    "lam_pair",
    "loss",
    "ls_slope",
    "min_dist_cols",
    "monotone_prefix",
    "ms1",
    "pair",
    "rng",
    "seed_list",
    "spec_lowrank",
    "spec_tall",
    "tol_stat",
    "unit_data",
    "unit_labels",
]

F64 = torch.float64


@functools.cache
def tol_stat() -> Tolerance:
    """The Tolerance of every Zou–Gu P evaluation (one object per process): no slack, the test is statistical."""
    from nnverify.claims.core import Tolerance

    return Tolerance(0.0, 0.0, "statistical: CI at level 1 − 1e−3 via bootstrap over seeds (or exact binomial "
                     "p-value vs 1e−3); the CI side / p-value is the test, no extra slack")


# =========================================================================== profile and seeds
def big() -> bool:
    """Larger scans under the thorough profile."""
    return profile() == "thorough"


def rng(*parts: int) -> torch.Generator:
    """A fresh generator seeded by a hash of the integer `parts` (seed offset, tag, size, …)."""
    s = 0
    for p in parts:
        s = (s * 1_000_003 + int(p)) % (2**62)
    return torch.Generator().manual_seed(s)


# =========================================================================== data and networks
def unit_data(n: int, d: int, mu: float, gen: torch.Generator) -> torch.Tensor:
    """(d, n) Assumption 3.1 data: x = (√(1−μ²)z, μ), z uniform on S^{d−2}."""
    Z = torch.randn(d - 1, n, generator=gen, dtype=F64)
    Z = Z / torch.linalg.vector_norm(Z, dim=0, keepdim=True) * math.sqrt(1 - mu * mu)
    return torch.cat([Z, torch.full((1, n), mu, dtype=F64)], dim=0)


def pair(phi: float, d: int, mu: float, gen: torch.Generator) -> torch.Tensor:
    """(d, 2) two Assumption 3.1 points at distance φ (≤ 2√(1−μ²))."""
    s = math.sqrt(1 - mu * mu)
    u = torch.randn(d - 1, generator=gen, dtype=F64)
    u = u / u.norm()
    v = torch.randn(d - 1, generator=gen, dtype=F64)
    v = v - (v @ u) * u
    v = v / v.norm()
    a = 2 * math.asin(phi / (2 * s))
    w = math.cos(a) * u + math.sin(a) * v
    last = torch.full((1,), mu, dtype=F64)
    return torch.stack([torch.cat([s * u, last]), torch.cat([s * w, last])], dim=1)


def min_dist_cols(X: torch.Tensor) -> float:
    """φ = min_{i≠j}‖x_i − x_j‖ of the columns (stable differences, not a Gram expansion)."""
    n = X.shape[1]
    iu = torch.triu_indices(n, n, 1)
    return float(torch.linalg.vector_norm(X[:, iu[0]] - X[:, iu[1]], dim=0).min())


def unit_labels(S: int, k: int, n: int, gen: torch.Generator) -> torch.Tensor:
    """(S, k, n) labels with ‖y_i‖ = 1 (bounded labels of Lemma 4.3)."""
    Y = torch.randn(S, k, n, generator=gen, dtype=F64)
    return Y / torch.linalg.vector_norm(Y, dim=1, keepdim=True)


@dataclass
class Net:
    """S stacked Zou–Gu networks (Alg. 1): W_l rows N(0, (var/m)I) (var = 2), V entries N(0, 1/k)."""

    W: list[torch.Tensor]
    V: torch.Tensor


def init_net(S: int, d: int, m: int, depth: int, k: int, gen: torch.Generator, var: float = 2.0) -> Net:
    s = math.sqrt(var / m)
    W = [s * torch.randn(S, m, d if l == 0 else m, generator=gen, dtype=F64) for l in range(depth)]
    V = torch.randn(S, k, m, generator=gen, dtype=F64) / math.sqrt(k)
    return Net(W, V)


def forward(W: list[torch.Tensor], V: torch.Tensor, X: torch.Tensor) -> tuple[list[torch.Tensor], torch.Tensor]:
    """Hidden outputs x_0..x_L (x_0 = X broadcast, others (S, m, n)) and f (S, k, n)."""
    hs = [X.expand(W[0].shape[0], *X.shape[-2:]) if X.ndim == 2 else X]
    for Wl in W:
        hs.append(torch.relu(Wl @ hs[-1]))
    return hs, V @ hs[-1]


def loss(out: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """(S,) L(W) = (1/n)Σ_i ½‖f(x_i) − y_i‖²."""
    return 0.5 * ((out - Y) ** 2).sum((1, 2)) / out.shape[-1]


def backward(W: list[torch.Tensor], V: torch.Tensor, hs: list[torch.Tensor], R: torch.Tensor
             ) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Per layer the factors (A_l, B_l) with ∇_{W_l} = A_l B_lᵀ: A_l = D_l ⊙ (backprop of R), B_l = x_{l−1}."""
    u = V.transpose(1, 2) @ R
    out: list[tuple[torch.Tensor, torch.Tensor]] = [None] * len(W)  # type: ignore[list-item]
    for l in range(len(W) - 1, -1, -1):
        du = u * (hs[l + 1] > 0)  # σ′(u) = 𝟙(u > 0)
        out[l] = (du, hs[l])
        if l:
            u = W[l].transpose(1, 2) @ du
    return out


def spec_lowrank(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """(S,) ‖A Bᵀ‖₂ for A (S, p, n), B (S, q, n) via reduced QR factors (exact, n×n work)."""
    Ra = torch.linalg.qr(A, mode="r").R
    Rb = torch.linalg.qr(B, mode="r").R
    return torch.linalg.matrix_norm(Ra @ Rb.transpose(1, 2), ord=2)


def spec_tall(M: torch.Tensor) -> torch.Tensor:
    """(S,) ‖M‖₂ of a tall (S, m, d) matrix via the d×d Gram's eigenvalues."""
    return torch.linalg.eigvalsh(M.transpose(1, 2) @ M)[:, -1].clamp_min(0).sqrt()


# =========================================================================== batched GD / SGD
@dataclass
class Run:
    """Per step t (rows) and seed (columns): loss L_t, ‖∇L‖_F², max_l‖∇_{W_l}L‖₂ (spectral),
    displacement D_t = max_l‖W_l^{(t)} − W_l^{(0)}‖₂ (depth 1 only, else NaN)."""

    eta: float
    losses: np.ndarray
    g2: np.ndarray
    gspec: np.ndarray
    disp: np.ndarray

    def first_below(self, eps: float) -> np.ndarray:
        """(S,) first t with L_t ≤ eps·L_0 (−1 if never)."""
        hit = self.losses <= eps * self.losses[0]
        return np.where(hit.any(0), hit.argmax(0), -1)


def gd_batch(net: Net, X: torch.Tensor, Y: torch.Tensor, eta: float, *, stop: float, cap: int,
             sgd_batch: int | None = None, sgd_sum: bool = False, gen: torch.Generator | None = None) -> Run:
    """GD of Alg. 1 (V fixed) on every seed, until every seed has L_t ≤ stop·L_0 or `cap` steps.

    With `sgd_batch` = B: Alg. 1's SGD step W ← W − (η/B)Σ_{s∈𝓑}∇ℓ_s (ℓ not divided by n), 𝓑 of B
    distinct indices per seed and step; `sgd_sum` drops the 1/B (the thm3.10 algorithmic mutant).
    The recorded loss is always the full-batch L(W^{(t)}); gradient norms are of the full ∇L (GD only).
    """
    W = list(net.W)
    W0 = [w.clone() for w in W]
    S, n = W[0].shape[0], X.shape[-1]
    Ls, G2, GS, DS = [], [], [], []
    L0 = None
    for t in range(cap + 1):
        hs, out = forward(W, net.V, X)
        Lt = loss(out, Y)
        Ls.append(Lt)
        if L0 is None:
            L0 = Lt
        if len(W) == 1:
            DS.append(spec_tall(W[0] - W0[0]))
        else:
            DS.append(torch.full((S,), math.nan, dtype=F64))
        done = bool((Lt <= stop * L0).all()) or t == cap or not bool(torch.isfinite(Lt).all())
        if sgd_batch is None:
            R = (out - Y) / n
        else:
            mask = torch.zeros(S, 1, n, dtype=F64)
            for s in range(S):
                mask[s, 0, torch.randperm(n, generator=gen)[:sgd_batch]] = 1.0
            R = (out - Y) * mask / (1.0 if sgd_sum else sgd_batch)
        fac = backward(W, net.V, hs, R)
        if sgd_batch is None:
            grads = [a @ b.transpose(1, 2) for a, b in fac]
            G2.append(sum((g**2).sum((1, 2)) for g in grads))
            GS.append(torch.stack([spec_tall(g) if g.shape[2] < 16 else spec_lowrank(a, b)
                                   for g, (a, b) in zip(grads, fac, strict=True)]).amax(0))
        else:
            grads = [a @ b.transpose(1, 2) for a, b in fac]
        if done:
            break
        W = [w - eta * g for w, g in zip(W, grads, strict=True)]
    nan = np.full(len(Ls), math.nan)
    return Run(eta, torch.stack(Ls).numpy(),
               torch.stack(G2).numpy() if G2 else np.tile(nan[:, None], (1, S)),
               torch.stack(GS).numpy() if GS else np.tile(nan[:, None], (1, S)),
               torch.stack(DS).numpy())


def gd_hits(net: Net, X: torch.Tensor, Y: torch.Tensor, eta: float, eps: float, cap: int) -> np.ndarray:
    """(S,) first t with L(W^{(t)}) ≤ eps·L(W⁽⁰⁾) under depth-1 GD of Alg. 1 (V fixed); −1 if not within `cap`.

    Loss-only twin of `gd_batch` (no norms recorded): for runs of thousands of steps or widths ≥ 10⁴."""
    W, V, n = net.W[0], net.V, X.shape[-1]
    T = torch.full((W.shape[0],), -1, dtype=torch.long)
    L0 = None
    for t in range(cap + 1):
        h = torch.relu(W @ X)
        R = V @ h - Y
        Lt = 0.5 * (R**2).sum((1, 2)) / n
        L0 = Lt if L0 is None else L0
        T[(Lt <= eps * L0) & (T < 0)] = t
        if bool((T >= 0).all()) or not bool(torch.isfinite(Lt).all()):
            break
        W = W - eta * (((V.transpose(1, 2) @ (R / n)) * (h > 0)) @ X.transpose(-1, -2))
    return T.numpy()


def lam_pair(phi: float) -> float:
    """Exact λ_min of the two-point Gram H of Prop. 3.6 for unit inputs at distance φ (closed form):
    H = [[½, h], [h, ½]], h = cos α (π − α)/(2π), α = 2 arcsin(φ/2); λ = ½ − h (eigenvector (1, −1)/√2)."""
    a = 2.0 * math.asin(phi / 2.0)
    return 0.5 - math.cos(a) * (math.pi - a) / (2.0 * math.pi)


def ls_slope(x: list[float], y: list[float]) -> float:
    """Least-squares slope of log y against log x (the slope `bootstrap_slope` fits, without resampling)."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    lxc = lx - lx.mean()
    return float(lxc @ (ly - ly.mean()) / (lxc @ lxc))


def monotone_prefix(losses: np.ndarray, stop: float) -> int:
    """Number of steps s of the monotone prefix: L_{s+1} < L_s for all s < it, and L_s > stop·L_0."""
    L0 = losses[0]
    for s in range(len(losses) - 1):
        if losses[s] <= stop * L0 or not losses[s + 1] < losses[s]:
            return s
    return len(losses) - 1


# =========================================================================== results
@dataclass
class Scan:
    """One log–log scan: y[i][s] at x[i] (s = seeds); `side` "le": O(x^claimed), "ge": Ω(x^claimed)."""

    name: str
    variable: str
    quantity: str
    x: list[float]
    y: list[list[float]]
    claimed: float
    side: str
    margin: float = 0.0
    margin_reason: str = "none: the claimed exponent itself"
    stat: str = "median"
    seeds: list[int] = field(default_factory=list)
    fit: SlopeFit | None = None

    def run(self) -> Scan:
        for r in self.y:
            for v in r:
                if not (math.isfinite(v) and v > 0):
                    raise FloatingPointError(f"{self.name}: non-positive/non-finite measurement {v!r}")
        self.fit = bootstrap_slope(self.x, self.y, stat=self.stat, seeds=self.seeds, seed=12345)
        return self

    @property
    def threshold(self) -> float:
        return self.claimed + self.margin if self.side == "le" else self.claimed - self.margin

    @property
    def consistent(self) -> bool:
        assert self.fit is not None
        if self.side == "le":
            return self.fit.allows_at_most(self.threshold)
        return self.fit.allows_at_least(self.threshold)

    def evaluation(self) -> Evaluation:
        from nnverify.claims.core import Evaluation, Relation

        f = self.fit
        assert f is not None
        fac = (("slope", f.slope), ("CI low", f.ci[0]), ("CI high", f.ci[1]), ("constant", f.constant),
               ("margin", self.margin))
        if self.side == "le":
            return Evaluation(lhs=f.ci[0], rhs=self.threshold, relation=Relation.LE, tol=tol_stat(), vacuous=False,
                              label=f"{self.name}: slope of {self.quantity} in {self.variable}, CI low ≤ "
                              f"{self.claimed:g}+{self.margin:g}", lhs_name="CI low", factors=fac)
        return Evaluation(lhs=f.ci[1], rhs=self.threshold, relation=Relation.GE, tol=tol_stat(), vacuous=False,
                          label=f"{self.name}: slope of {self.quantity} in {self.variable}, CI high ≥ "
                          f"{self.claimed:g}−{self.margin:g}", lhs_name="CI high", factors=fac)

    def payload(self) -> dict[str, object]:
        assert self.fit is not None
        return {"type": "slope", "fit": self.fit.to_dict(), "claimed": self.claimed, "side": self.side,
                "margin": self.margin, "margin_reason": self.margin_reason, "threshold": self.threshold,
                "variable": self.variable, "quantity": self.quantity,
                "verdict": "consistent" if self.consistent else "refuted", "seeds": self.seeds}


@dataclass
class Rate:
    """Failure-rate test: `failures` of `trials` runs had `event`; claimed P(event) ≤ p0."""

    name: str
    event: str
    failures: int
    trials: int
    p0: float
    seeds: list[int] = field(default_factory=list)

    @property
    def p_value(self) -> float:
        return binomial_excess(self.failures, self.trials, self.p0)

    @property
    def consistent(self) -> bool:
        return self.p_value >= FALSE_ALARM

    def evaluation(self) -> Evaluation:
        from nnverify.claims.core import Evaluation, Relation

        return Evaluation(lhs=self.p_value, rhs=FALSE_ALARM, relation=Relation.GE, tol=tol_stat(), vacuous=False,
                          label=f"{self.name}: P({self.event}) ≤ {self.p0:g}; {self.failures}/{self.trials} failures, "
                          "binomial p-value ≥ 1e−3", lhs_name="p-value",
                          factors=(("failures", self.failures), ("trials", self.trials), ("p0", self.p0)))

    def payload(self) -> dict[str, object]:
        return {"type": "rate", "failures": self.failures, "trials": self.trials, "claimed_p": self.p0,
                "p_value": self.p_value, "ci": list(clopper_pearson(self.failures, self.trials)),
                "event": self.event, "verdict": "consistent" if self.consistent else "refuted", "seeds": self.seeds}


@dataclass
class PResult:
    """A P-class test outcome: its scans and rates (every one must be consistent) and notes."""

    claim: str
    test: str
    scans: list[Scan]
    rates: list[Rate] = field(default_factory=list)
    notes: dict[str, object] = field(default_factory=dict)
    variant: str | None = None

    @property
    def consistent(self) -> bool:
        return all(s.consistent for s in self.scans) and all(r.consistent for r in self.rates)

    def evaluations(self) -> list[Evaluation]:
        return [s.evaluation() for s in self.scans] + [r.evaluation() for r in self.rates]

    def summary(self) -> str:
        lines = [f"{self.claim} [{self.variant or 'claim'}] {self.test}: "
                 f"{'consistent' if self.consistent else 'REFUTED'}"]
        for s in self.scans:
            f = s.fit
            assert f is not None
            lines.append(f"  {s.name}: {s.quantity} vs {s.variable} x={s.x} slope={f.slope:.3f} CI=({f.ci[0]:.3f}, "
                         f"{f.ci[1]:.3f}) {s.side} {s.threshold:g} const={f.constant:.3g} → "
                         f"{'ok' if s.consistent else 'REFUTED'}; y={[[round(v, 5) for v in r] for r in s.y]} "
                         f"seeds={s.seeds}")
        for r in self.rates:
            lines.append(f"  {r.name}: {r.failures}/{r.trials} with {r.event}, p0={r.p0}, p={r.p_value:.3g} → "
                         f"{'ok' if r.consistent else 'REFUTED'}")
        if self.notes:
            lines.append(f"  notes: {self.notes}")
        return "\n".join(lines)

    def write(self) -> None:
        """One measurement file per scan / rate (`write_measurement(id, …, tag)`)."""
        from nnverify.measurements import write_measurement

        for part in [*self.scans, *self.rates]:
            tag = re.sub(r"[^A-Za-z0-9]+", "_", part.name).strip("_")
            if self.variant:
                tag = f"{self.variant}.{tag}"
            write_measurement(self.claim, {"kind": "P", "test": self.test, "variant": self.variant,
                                           "profile": profile(), "seed_offset": seed_offset(),
                                           "note": self.notes, **part.payload()}, tag=tag)


# =========================================================================== run cache and seed labels
_RUN_CACHE: dict[tuple, object] = {}


def cached(key: tuple, fn: Callable[[], object]) -> object:
    """fn() once per (key, profile) and process: runs shared by several claims and by their variants."""
    key = (*key, profile())
    if key not in _RUN_CACHE:
        _RUN_CACHE[key] = fn()
    return _RUN_CACHE[key]


def seed_list(seed: int, tag: int, S: int) -> list[int]:
    """The S seed labels recorded with a scan (offset `seed`, scan `tag`)."""
    return [10_000 * seed + 100 * tag + s for s in range(S)]


# =========================================================================== shared GD scans
N1, D1, MU1 = 4, 16, 0.5
C1 = 0.5  # η = c·k/(L²m), c = 0.5 (catalog: ½-descent needs c ≲ 0.5)
STOP1 = 1e-4  # T(1e−4·L₀) ≈ 100–200 steps for d = 16 (d = 6, μ = 1/√2 needed up to 3000 steps: too slow)


def ms1() -> list[int]:
    return [128, 256, 512, 1024, 2048, 4096] if big() else [128, 256, 512, 1024]


def S1() -> int:
    return 8 if big() else 6


@dataclass
class GDScan:
    """Depth-1 GD runs on one fixed data set and labels, for every m (η = c·k/m)."""

    ms: list[int]
    runs: list[Run]
    X: torch.Tensor
    phi: float
    n: int
    k: int
    seeds: list[int]


def gd_scan1(seed: int) -> GDScan:
    """Scan 1: n = 4, d = 16, μ = 0.5, k = 1, unit labels, depth 1, η = 0.5k/m, until L ≤ 1e−4·L₀."""

    def make() -> GDScan:
        g = rng(seed, 1)
        X = unit_data(N1, D1, MU1, g)
        Y = unit_labels(1, 1, N1, g)
        runs = []
        for m in ms1():
            net = init_net(S1(), D1, m, 1, 1, rng(seed, 2, m))
            runs.append(gd_batch(net, X, Y, C1 / m, stop=STOP1, cap=1000))
        return GDScan(ms1(), runs, X, min_dist_cols(X), N1, 1, seed_list(seed, 2, S1()))

    return cached(("scan1", seed), make)  # type: ignore[return-value]


DELTAS = [1.0, 0.1, 0.01, 0.001]
M_DELTA = 512


def gd_scan_delta(seed: int) -> tuple[list[Run], GDScan]:
    """Homogeneity scan: labels y = f_{W⁽⁰⁾}(X) + δz (‖z_i‖ = 1), δ ∈ {1, …, 1e−3}, m = 512, depth 1."""

    def make() -> tuple[list[Run], GDScan]:
        g = rng(seed, 3)
        X = unit_data(N1, D1, MU1, g)
        S = 4
        runs = []
        for j, delta in enumerate(DELTAS):
            net = init_net(S, D1, M_DELTA, 1, 1, rng(seed, 4, j))
            _, out = forward(net.W, net.V, X)
            Y = out + delta * unit_labels(S, 1, N1, rng(seed, 5, j))
            runs.append(gd_batch(net, X, Y, C1 / M_DELTA, stop=STOP1, cap=1000))
        return runs, GDScan([M_DELTA], [], X, min_dist_cols(X), N1, 1, seed_list(seed, 4, S))

    return cached(("scan_delta", seed), make)  # type: ignore[return-value]


def disp_max(run: Run, s: int) -> float:
    return float(np.nanmax(run.disp[:, s]))
