"""Nguyen 2021, Theorem 2.2 along real GD trajectories: conditional (class C) claims.

Each claim holds once the computable conditions (7)–(10) hold at θ⁰ (`nguyen21.conditions`). A case
fixes data, directions and a *construction* that provably meets them (catalog `nguyen21.thm2.2.eq11`):

- "well" (C): X = I_N, W₁ = β[I_N, −I_N], W_l = βI_{2N} (1 < l < L), W_L = 0, so F_{L−1} = β^{L−1}[I_N, 0].
- "tuned" (B): LeCun directions W₁…W_{L−1} (draws with α₀√N/(‖X‖_F∏‖W_p‖₂) < 0.15 rejected), W_L = 0,
  hidden weights βW_l, C_l = `C_hidden` (l < L) and C_L = c9·α₀/(4‖X‖_F√S) so that (9) holds with margin 1/c9².
- "paper" (A, §3.1): the same directions, C_l = 1, λ̄_L = 1. Valid but nearly vacuous (η α₀²/8 ≲ 1e−7).

β = `beta_mult`·β_min, β_min the smallest β meeting (7)–(9) (doubling, then bisection in log β on the closed
forms of §3.1, which use positive homogeneity α₀(β) = β^{L−1}α₀(1); the library's `conditions` re-checks
the result at θ⁰ and is the authority). η = `eta_frac`·(right side of (10)). Draws whose guaranteed
per-step contraction η α₀²/8 is below `MIN_CONTRACTION` are rejected (counted as hypotheses_failed).

GD runs K steps (`steps_for_profile`: 200 at ci/dev, 1 000 at thorough) through `nnverify.train.gd` and
a diagnostics hook (`InvariantTracker`) that records at every iterate every quantity the six claims need:
Φ_k, ‖W_l^k‖₂, σ_min(F^k_{L−1}), ‖F^k_{L−1} − F⁰_{L−1}‖_F, ‖W_l^k − W_l⁰‖_F, ‖∇_{W_l}Φ(θ^k)‖_F.
Spectral quantities are *certified* cheaply: ‖W_l^k‖₂ ≤ ‖W_l^c‖₂ + ‖W_l^k − W_l^c‖_F (Weyl, from the last
exact SVD at a checkpoint c) and σ_min(F^k) ≥ σ_min(F^c) − ‖F^k − F^c‖_F; an exact SVD / eigvalsh of the
N×N Gram is taken only when the certificate does not settle the invariant (and every `refresh` steps).
So a reported ‖W‖₂ is an upper bound (exact where it matters) and a reported σ_min a lower bound.

Each claim returns one Evaluation per checked link, worst over k (label "k=<worst k>"). Per-step ratios
of Φ are evaluated only while ‖F_L^k − Y‖_F > 1e−7(‖F_L^k‖_F + ‖Y‖_F) (catalog: rounding-level guard).

Statement of (11) is a prefix of "for every k ≥ 0": checked for k ≤ K.
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import hypothesis
import numpy as np
import torch
from hypothesis import strategies as hst

from nnverify.claims._util import TOL_PRODUCT, prod
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.claims.nguyen21 import Conditions, conditions, frob, prod_except, sum_sq_except
from nnverify.linalg import EPS, spectral_norm
from nnverify.net import Forward
from nnverify.train import Trajectory, gd
from nnverify.types import Case, Instance

__all__ = ["CONSTRUCTIONS", "MIN_CONTRACTION", "InvariantTracker", "Run", "Setup", "construct", "run",
           "steps_for_profile", "theorem_cases"]

CONSTRUCTIONS = ("well", "tuned", "paper")
#: below this guaranteed per-step contraction η α₀²/8 the test of (11) is vacuous (catalog: 1e−6)
MIN_CONTRACTION = 1e-6
#: direction-quality rejection of construction (B) (catalog): α₀√N/(‖X‖_F∏_{p<L}‖W_p‖₂) ≥ 0.15
MIN_QUALITY = 0.15
#: rounding-level guard of the residual (catalog numerics conventions)
GUARD = 1e-7

TOL_K = Tolerance(1e-9, 0.0, "Φ_k and (1 − c)^k = exp(k·log1p(−c)) carry relative round-off ≲ k·ε; guarded residual")
TOL_SPEC = Tolerance(1e-12, 0.0, "SVD spectral norm: relative round-off ~ n·ε (catalog inv12_norms: 1 + 1e−12)")
TOL_SIGMA = Tolerance(1e-12, 0.0, "σ_min from eigvalsh of the N×N Gram: relative 1e−12 plus the n·ε‖F‖²/σ floor")
TOL_CHAIN = Tolerance(1e-9, 0.0, "sums over k of float64 norms: relative round-off ≲ k·ε (catalog: 1e−9)")
TOL_TRIANGLE = Tolerance(1e-9, 0.0, "‖W^k − W⁰‖_F vs the accumulated path: relative 1e−9 plus the GD rounding term")
TOL_ALG = Tolerance(1e-12, 0.0, "closed-form algebra on a few float64 products")


def steps_for_profile() -> int:
    """K per Hypothesis profile: 200 for ci/dev (≤ 50 examples), 1 000 for thorough."""
    return 200 if hypothesis.settings.default.max_examples <= 50 else 1000


# ------------------------------------------------------------------------------ constructions
@dataclass(frozen=True)
class Setup:
    """θ⁰, slacks C, step size η and the conditions of Theorem 2.2 at θ⁰ for one construction."""

    kind: str
    Ws: tuple[torch.Tensor, ...]
    C: tuple[float, ...]
    beta: float
    beta_min: float
    eta: float
    cond: Conditions

    @property
    def contraction(self) -> float:
        """The guaranteed per-step contraction η α₀²/8 of (11)."""
        return self.eta * self.cond.alpha0 ** 2 / 8.0


def _param(inst: Instance, key: str, default: float) -> float:
    return inst.case.param(key, default) if inst.case is not None else default


def _directions(inst: Instance) -> tuple[list[float], float, float, float]:
    """‖W_p‖₂ (p < L), α₀ at β = 1 with W_L = 0, ‖X‖_F, ‖Y‖_F."""
    Ws = [*inst.Ws[:-1], torch.zeros_like(inst.Ws[-1])]
    F = inst.forward(Ws).F[inst.L - 1]
    from nnverify.linalg import sigma_min_rows

    return [spectral_norm(W) for W in inst.Ws[:-1]], sigma_min_rows(F), frob(inst.X), frob(inst.Y)


def _closed_conditions(beta: float, s: Sequence[float], a: float, xf: float, yf: float, Ch: Sequence[float],
                       kind: str, c9: float, nine: float) -> tuple[bool, list[float], float]:
    """(7)–(9) at θ̃⁰ = (βW₁,…,βW_{L−1}, 0) in closed form (§3.1, (14)–(15) generalised to any C).

    Returns (all hold, C, C_L). `nine` is the constant of (9) (16; a mutant uses 4)."""
    L = len(s) + 1
    lam = [beta * sp + c for sp, c in zip(s, Ch, strict=True)]
    S = sum_sq_except(lam, L - 1)
    A = beta ** (L - 1) * a
    CL = 1.0 if kind == "paper" else c9 * A / (math.sqrt(nine) * xf * math.sqrt(S))
    full, C = [*lam, CL], [*Ch, CL]
    m7 = max(prod_except(full, l) / C[l] for l in range(L))
    ok = (A * A >= 16.0 * xf * m7 * yf and A ** 3 >= 32.0 * xf * xf * CL * S * yf
          and A * A >= nine * xf * xf * CL * CL * S)
    return ok, C, CL


def construct(inst: Instance, *, nine: float = 16.0, eta_rule: str = "thm") -> Setup | str:
    """The case's construction (module docstring); a string says why it does not apply.

    `nine`: constant of (9) used to build C_L and β (16 = the paper; 4 = mutant "factor missing in (9)").
    `eta_rule`: "thm" (η from (10)) or "first_term" (η from 8/α₀² only: mutant "(10) without its second term").
    """
    if inst.form.name != "nguyen" or inst.act.name != "relu":
        return "needs the Nguyen form with ReLU"
    L, N = inst.L, inst.N
    if L < 2:
        return "Theorem 2.2 needs L ≥ 2"
    if inst.widths[-2] < N:
        return "needs n_{L−1} ≥ N"
    kind = CONSTRUCTIONS[int(_param(inst, "kind", 1.0))]
    s, a, xf, yf = _directions(inst)
    if not (a > 1e-8 * max(xf * prod(s), 1e-300)):
        return f"α₀ = {a:.3g} is at the rounding floor (needs σ_min(F_(L−1)) > 0)"
    if yf == 0.0:
        return "Y = 0 = F_L(θ⁰): Φ(θ⁰) = 0, nothing to converge"
    q = a * math.sqrt(N) / (xf * prod(s))
    if kind == "tuned" and q < MIN_QUALITY:
        return f"direction quality α₀√N/(‖X‖∏‖W_p‖) = {q:.3g} < {MIN_QUALITY} (catalog construction B)"
    Ch = [1.0] * (L - 1) if kind == "paper" else [_param(inst, "C_hidden", 1.0)] * (L - 1)
    c9 = _param(inst, "c9", 0.99)

    def ok(beta: float) -> bool:
        return _closed_conditions(beta, s, a, xf, yf, Ch, kind, c9, nine)[0]

    lo, hi = 1.0, 1.0
    if ok(1.0):
        while ok(lo) and lo > 2.0 ** -60:
            lo /= 2.0
        hi = 2.0 * lo
    else:
        while not ok(hi):
            hi *= 2.0
            if hi > 2.0 ** 80:
                return "no β ≤ 2^80 meets (7)–(9)"
        lo = hi / 2.0
    for _ in range(50):  # bisection in log β
        mid = math.sqrt(lo * hi)
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    beta_min = hi
    beta = beta_min * _param(inst, "beta_mult", 1.0)
    for _ in range(8):  # the library's evaluator is the authority; nudge β past rounding at the boundary
        _, C, _ = _closed_conditions(beta, s, a, xf, yf, Ch, kind, c9, nine)
        Ws = [beta * W for W in inst.Ws[:-1]] + [torch.zeros_like(inst.Ws[-1])]
        cond = conditions(inst, C, Ws)
        holds = cond.holds if nine == 16.0 else {**cond.holds, "9": cond.sides["9"][0] * 16.0 / nine
                                                  >= cond.sides["9"][1]}
        if all(holds.values()):
            break
        beta *= 1.0 + 1e-6
    else:
        return f"(7)–(9) fail at θ⁰ after rounding: margins {cond.margins}"
    first = 8.0 / cond.alpha0 ** 2
    eta_max = cond.eta_max if eta_rule == "thm" else first
    eta = _param(inst, "eta_frac", 0.99) * eta_max
    return Setup(kind, tuple(Ws), tuple(C), beta, beta_min, eta, cond)


# ------------------------------------------------------------------------------ invariant tracker
@dataclass
class InvariantTracker:
    """Diagnostics hook for `train.gd`: records every quantity of the six claims at every iterate.

    Certified bounds (module docstring): `wnorm[l][k]` ≥ ‖W_l^k‖₂ (exact at checkpoints and whenever
    the Weyl bound exceeds λ̄_l), `sigma[k]` ≤ σ_min(F^k_{L−1}) (exact whenever the bound falls below
    α₀/2), `drift_rhs[k]` ≤ ‖X‖_FΣ_{l<L}(∏_{p<L,p≠l}λ̄_p)‖W_l^k − W_l⁰‖₂ (power-iteration lower bounds of
    ‖ΔW_l‖₂, exact when they do not certify link (5)). `exact_*` count the exact fall-backs.
    """

    setup: Setup
    Y: torch.Tensor
    refresh: int = 64
    prev_diff: bool = False
    rows: list[list[float]] = field(default_factory=list)
    wnorm: list[list[float]] = field(default_factory=list)
    drift_prev: list[float] = field(default_factory=list)
    exact_spec: int = 0
    exact_sigma: int = 0
    exact_drift: int = 0

    def __post_init__(self) -> None:
        W0 = list(self.setup.Ws)
        self.L = len(W0)
        self.lam = list(self.setup.cond.lam_bar)
        self.half = self.setup.cond.alpha0 / 2.0
        self.W0 = W0
        self.acc = [0.0] * self.L
        self.f0 = [frob(W) for W in W0]
        self.ck_s = [spectral_norm(W) for W in W0]
        self.ck_k = [0] * self.L
        self.ck_d = 0.0
        self.ck_sig = self.setup.cond.alpha0
        self.ck_fk = 0
        self.F0: torch.Tensor | None = None
        self.v = [torch.linspace(1.0, 2.0, W.shape[1], dtype=W.dtype) for W in W0[:-1]]
        self.v = [v / torch.linalg.vector_norm(v) for v in self.v]
        self.cdrift = [prod_except(self.lam[:-1], l) for l in range(self.L - 1)]
        self.xf = self.setup.cond.xf
        self.wnorm = [[] for _ in range(self.L)]
        self.prev: list[torch.Tensor] | None = None

    def __call__(self, k: int, Ws: list[torch.Tensor], fw: Forward, grads: list[torch.Tensor]) -> dict[str, float]:
        L = self.L
        F, out = fw.F[L - 1], fw.F[L]
        if self.F0 is None:
            self.F0 = F
        D = list(torch._foreach_sub([*Ws, F], [*self.W0, self.F0]))  # ΔW_l = W_l^k − W_l⁰ and F^k − F⁰
        u = [D[l] @ self.v[l] for l in range(L - 1)]
        # one batched device→host transfer of every norm of this step
        t = torch.stack(torch._foreach_norm([out, F, Ws[-1], D.pop(), *D, *grads, *u])).tolist()
        fl, ffm, wlf, dF0 = t[:4]
        dW = t[4:4 + L]
        gn = t[4 + L:4 + 2 * L]
        lb = t[4 + 2 * L:]
        mx = [a + b for a, b in zip(self.f0, dW, strict=True)]  # ≥ ‖W_l^k‖_F ≥ max|W_l^k|
        if k % 4 == 0:  # power-iteration step for the next lower bounds (any unit v gives a valid one)
            for l in range(L - 1):
                w = D[l].T @ u[l]
                nw = float(torch.linalg.vector_norm(w))
                if nw > 0:
                    self.v[l] = w / nw
        for l in range(L):
            # Weyl: ‖W^k‖₂ ≤ ‖W^c‖₂ + ‖W^k − W^c‖_F ≤ ‖W^c‖₂ + ηΣ_{c≤s<k}‖∇_lΦ(θ^s)‖_F (+ storage rounding)
            ub = self.ck_s[l] + self.acc[l] + 4.0 * EPS * (k - self.ck_k[l] + 1) * mx[l]
            if ub > self.lam[l] or k - self.ck_k[l] >= self.refresh:
                ub = spectral_norm(Ws[l])
                self.ck_s[l], self.ck_k[l], self.acc[l] = ub, k, 0.0
                self.exact_spec += 1
            self.wnorm[l].append(ub)
            self.acc[l] += self.setup.eta * gn[l]
        sig = self.ck_sig - dF0 - self.ck_d  # ‖F^k − F^c‖_F ≤ ‖F^k − F⁰‖_F + ‖F^c − F⁰‖_F
        if sig < self.half or k - self.ck_fk >= self.refresh:
            ev = torch.linalg.eigvalsh(F @ F.T)[0]
            sig = math.sqrt(max(float(ev), 0.0))
            self.ck_d, self.ck_sig, self.ck_fk = dF0, sig, k
            self.exact_sigma += 1
        rhs = self.xf * sum(c * b for c, b in zip(self.cdrift, lb, strict=True))
        if dF0 > rhs:  # the lower bound does not certify link (5): exact spectral norms
            rhs = self.xf * sum(c * spectral_norm(D[l]) for l, c in enumerate(self.cdrift))
            self.exact_drift += 1
        if self.prev_diff:
            prev = self.prev if self.prev is not None else Ws
            self.drift_prev.append(self.xf * sum(c * spectral_norm(Ws[l] - prev[l])
                                                 for l, c in enumerate(self.cdrift)))
            self.prev = Ws
        self.rows.append([fl, ffm, wlf, dF0, sig, rhs, *dW, *gn, *mx])
        return {}


@dataclass
class Run:
    """A GD run from a construction with every per-iterate quantity as numpy arrays (k = 0..K')."""

    setup: Setup
    traj: Trajectory
    phi: np.ndarray
    fl: np.ndarray
    ffm: np.ndarray
    wlf: np.ndarray
    dF0: np.ndarray
    sigma: np.ndarray
    drift_rhs: np.ndarray
    dW: np.ndarray  # (K'+1, L) ‖W_l^k − W_l⁰‖_F
    gn: np.ndarray  # (K'+1, L) ‖∇_{W_l}Φ(θ^k)‖_F
    mx: np.ndarray  # (K'+1, L) ‖W_l⁰‖_F + ‖W_l^k − W_l⁰‖_F ≥ ‖W_l^k‖_F
    wnorm: np.ndarray  # (K'+1, L) certified ≥ ‖W_l^k‖₂
    drift_prev: np.ndarray
    yf: float
    tracker: InvariantTracker

    @property
    def K(self) -> int:
        return len(self.phi) - 1

    @property
    def guarded(self) -> int:
        """Last k such that the residual is above the rounding guard at every iterate ≤ k (and Φ finite)."""
        rf = np.sqrt(2.0 * self.phi)
        ok = np.isfinite(self.phi) & (rf > GUARD * (self.fl + self.yf))
        bad = np.flatnonzero(~ok)
        return int(bad[0]) - 1 if bad.size else self.K


def run(setup: Setup, inst: Instance, steps: int, *, prev_diff: bool = False, refresh: int = 64) -> Run:
    """GD from the construction's θ⁰ for `steps` updates with the tracker hook at every iterate."""
    th = dataclasses.replace(inst, Ws=list(setup.Ws), case=None, Ws_b=None)
    tr = InvariantTracker(setup, inst.Y, refresh=refresh, prev_diff=prev_diff)
    traj = gd(th, setup.eta, steps, diagnostics=tr)
    phi = traj.losses.numpy().copy()
    n = len(tr.rows)
    phi = phi[:n]
    R = np.asarray(tr.rows, dtype=float).reshape(n, -1)
    L = tr.L
    return Run(setup, traj, phi, R[:, 0], R[:, 1], R[:, 2], R[:, 3], R[:, 4], R[:, 5], R[:, 6:6 + L],
               R[:, 6 + L:6 + 2 * L], R[:, 6 + 2 * L:6 + 3 * L], np.asarray(tr.wnorm, dtype=float).T.reshape(n, L),
               np.asarray(tr.drift_prev, dtype=float), frob(inst.Y), tr)


# ------------------------------------------------------------------------------ caching
_CACHE: OrderedDict[tuple[object, ...], object] = OrderedDict()


def _cached(key: tuple[object, ...], make: Callable[[], object]) -> object:
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    val = make()
    _CACHE[key] = val
    while len(_CACHE) > 24:
        _CACHE.popitem(last=False)
    return val


def _key(inst: Instance) -> object:
    return inst.case if inst.case is not None else id(inst)


def _setup(inst: Instance, **kw: object) -> Setup | str:
    return _cached(("setup", _key(inst), tuple(sorted(kw.items()))), lambda: construct(inst, **kw))  # type: ignore


def _run(inst: Instance, *, prev_diff: bool = False, **kw: object) -> Run:
    setup = _setup(inst, **kw)
    assert isinstance(setup, Setup), setup
    K = steps_for_profile()
    return _cached(("run", _key(inst), K, prev_diff, tuple(sorted(kw.items()))),  # type: ignore[return-value]
                   lambda: run(setup, inst, K, prev_diff=prev_diff))


def _requires(inst: Instance) -> str | None:
    s = _setup(inst)
    if isinstance(s, str):
        return s
    if not s.contraction >= MIN_CONTRACTION:
        return f"vacuous: guaranteed contraction ηα₀²/8 = {s.contraction:.3g} < {MIN_CONTRACTION:g}"
    return None


# ------------------------------------------------------------------------------ worst over k
def _worst(label: str, lhs: np.ndarray, rhs: np.ndarray, ks: np.ndarray, tol: Tolerance, *,
           atol: np.ndarray | float = 0.0, relation: Relation = Relation.LE, lhs_name: str = "",
           factors: tuple[tuple[str, float], ...] = ()) -> Evaluation:
    """One Evaluation at the worst iterate: the largest normalised excess if any k violates, else the
    largest ratio lhs/rhs (≤) or rhs/lhs (≥). Non-finite entries are left out (a diverged tail)."""
    lhs, rhs = np.broadcast_arrays(np.asarray(lhs, float), np.asarray(rhs, float))
    at = np.broadcast_to(np.asarray(atol, float), lhs.shape)
    ks = np.broadcast_to(np.asarray(ks), lhs.shape)
    fin = np.isfinite(lhs) & np.isfinite(rhs) & np.isfinite(at)
    if not fin.any():
        return Evaluation(lhs=0.0, rhs=0.0, relation=relation, label=f"{label} (no iterate)", tol=tol, vacuous=True)
    lhs, rhs, at, ks = lhs[fin], rhs[fin], at[fin], ks[fin]
    if relation is Relation.LE:
        big, small, slack = lhs, rhs, tol.rtol * np.abs(rhs) + tol.atol + at
    else:
        big, small, slack = rhs, lhs, tol.rtol * np.abs(lhs) + tol.atol + at
    excess = big - small - slack
    with np.errstate(divide="ignore", invalid="ignore"):
        if (excess > 0).any():
            i = int(np.argmax(excess / (np.abs(big) + np.abs(small) + 1e-300)))
        else:
            ratio = np.where(small > 0, big / np.where(small > 0, small, 1.0), np.where(big <= 0, 0.0, np.inf))
            i = int(np.argmax(ratio))
    return Evaluation(lhs=float(lhs[i]), rhs=float(rhs[i]), relation=relation, label=f"{label} k={int(ks[i])}",
                      tol=tol, atol=float(at[i]), lhs_name=lhs_name, factors=factors)


def _facts(s: Setup) -> tuple[tuple[str, float], ...]:
    return (("η", s.eta), ("α₀", s.cond.alpha0), ("ηα₀²/8", s.contraction), ("β", s.beta))


# ------------------------------------------------------------------------------ (11)
def _eq11(inst: Instance, *, rate: float = 1.0 / 8.0, **kw: object) -> list[Evaluation]:
    r = _run(inst, **kw)
    s = r.setup
    kmax = max(r.guarded, 0) if not r.traj.diverged else len(r.phi) - 1
    ks = np.arange(1, kmax + 1)
    c = rate * s.eta * s.cond.alpha0 ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        bound = r.phi[0] * np.exp(ks * math.log1p(-c)) if c < 1 else np.zeros(len(ks))
    return [_worst("(11) Φ(θ^k) ≤ (1 − ηα₀²/8)^kΦ(θ⁰)", r.phi[ks], bound, ks, TOL_K, lhs_name="Φ(θ^k)",
                   factors=(*_facts(s), ("rate", c), ("K", float(r.K))))]


def _eq11_mutant(inst: Instance) -> list[Evaluation]:
    """Rate constant too large: 4ηα₀² per step. The exact first step from W_L⁰ = 0 gives
    Φ₁/Φ₀ = ‖(I − ηF Fᵀ)Y‖²/‖Y‖² ≥ (1 − ηλ_max(FFᵀ))², so this fails at k = 1 in construction (C)."""
    return _eq11(inst, rate=4.0)


@claim(
    id="nguyen21.thm2.2.eq11",
    cases=lambda: theorem_cases(),
    where="Nguyen 2021, Theorem 2.2, conditions (6)–(10), rate (11)",
    kind=Kind.C,
    statement="If n_{L−1} ≥ N and (7)–(9) hold at θ⁰ for slacks C_l > 0 and η satisfies (10), then "
              "Φ(θ^k) ≤ (1 − ηα₀²/8)^kΦ(θ⁰) for every k ≥ 0 (checked for every k ≤ K along real GD)",
    hypotheses=("ReLU, no biases, full-batch GD on all layers", "n_{L−1} ≥ N", "(7), (8), (9) at θ⁰",
                "η < min(8/α₀², Q₂/Q₁²) (10)", "ηα₀²/8 ≥ 1e−6 (non-vacuous)"),
    requires=_requires,
    mutant=_eq11_mutant,
    variants={"no_second_term_10": lambda inst: _eq11(inst, eta_rule="first_term"),
              "quarter": lambda inst: _eq11(inst, rate=0.25),
              "corrected_5_16": lambda inst: _eq11(inst, rate=5.0 / 16.0)},
)
def linear_convergence(inst: Instance) -> list[Evaluation]:
    """GD from a point meeting (7)–(10) converges linearly at the guaranteed rate."""
    return _eq11(inst)


# ------------------------------------------------------------------------------ (12) norms
def _norms(inst: Instance, *, no_slack: bool = False) -> list[Evaluation]:
    r = _run(inst)
    s = r.setup
    ks = np.arange(r.K + 1)
    out = []
    for l in range(len(s.Ws)):
        bound = spectral_norm(s.Ws[l]) if no_slack else s.cond.lam_bar[l]
        out.append(_worst(f"l={l + 1}: ‖W_l^k‖₂ ≤ λ̄_l", r.wnorm[:, l], np.full(len(ks), bound), ks, TOL_SPEC,
                          lhs_name=f"‖W_{l + 1}^k‖₂ (certified upper bound)",
                          factors=(("λ̄_l", s.cond.lam_bar[l]), ("C_l", s.C[l]))))
    return out


@claim(
    id="nguyen21.thm2.2.inv12_norms",
    cases=lambda: theorem_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, first line of (12) and eq. (13)",
    kind=Kind.C,
    statement="Under the hypotheses of Thm 2.2: ‖W_l^k‖₂ ≤ λ̄_l = ‖W_l⁰‖₂ + C_l for every l ∈ [L] and every k ≥ 0 "
              "(checked for k ≤ K)",
    hypotheses=("as in nguyen21.thm2.2.eq11",),
    requires=_requires,
    mutant=lambda inst: _norms(inst, no_slack=True),
)
def weights_stay_in_ball(inst: Instance) -> list[Evaluation]:
    """The weights never leave the λ̄ ball along GD."""
    return _norms(inst)


# ------------------------------------------------------------------------------ (12) σ_min
def _sigma(inst: Instance, *, transposed: bool = False) -> list[Evaluation]:
    r = _run(inst)
    s = r.setup
    a0 = s.cond.alpha0
    ks = np.arange(r.K + 1)
    L = len(s.Ws)
    N = inst.N
    floor = 4.0 * N * EPS * r.ffm ** 2 / a0  # eigvalsh floor n·ε‖F‖² in σ units
    if transposed:  # printed λ_min((F^k)ᵀF^k): an n_{L−1}×n_{L−1} matrix (errata 2), at θ⁰ and θ_K
        vals, kk = [], []
        for k, W in ((0, list(s.Ws)), (r.K, r.traj.Ws)):
            F = inst.forward(W).F[L - 1]
            vals.append(math.sqrt(max(float(torch.linalg.eigvalsh(F.T @ F)[0]), 0.0)))
            kk.append(k)
        return [_worst("√λ_min(FᵀF) ≥ α₀/2 (printed)", np.array(vals), np.full(2, a0 / 2), np.array(kk), TOL_SIGMA,
                       atol=floor[[0, -1]], relation=Relation.GE, lhs_name="√λ_min(F_(L−1)ᵀF_(L−1))")]
    return [_worst("σ_min(F^k_(L−1)) ≥ α₀/2", r.sigma, np.full(len(ks), a0 / 2), ks, TOL_SIGMA, atol=floor,
                   relation=Relation.GE, lhs_name="σ_min(F^k_(L−1)) (certified lower bound)", factors=_facts(s))]


@claim(
    id="nguyen21.thm2.2.inv12_sigma",
    cases=lambda: theorem_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, second line of (12)",
    kind=Kind.C,
    statement="Under the hypotheses of Thm 2.2: σ_min(F^k_{L−1}) ≥ α₀/2 for every k ≥ 0 (checked for k ≤ K); "
              "σ_min = √λ_min(FFᵀ) (the proof prints λ_min(FᵀF): errata 2)",
    hypotheses=("as in nguyen21.thm2.2.eq11",),
    requires=_requires,
    mutant=lambda inst: _sigma(inst, transposed=True),
)
def last_hidden_well_conditioned(inst: Instance) -> list[Evaluation]:
    """The last hidden layer keeps half of its smallest singular value along GD."""
    return _sigma(inst)


# ------------------------------------------------------------------------------ path length
def _path(inst: Instance, *, single_step: bool = False) -> list[Evaluation]:
    r = _run(inst)
    s = r.setup
    c = s.cond
    L = len(s.Ws)
    a0, xf, rho = c.alpha0, c.xf, c.sqrt2phi
    u = math.sqrt(1.0 - s.eta * a0 * a0 / 8.0)
    K = r.K
    ks = np.arange(K + 1)
    geo = np.concatenate([[0.0], np.cumsum(u ** np.arange(K))])  # Σ_{s<k}u^s
    out = []
    for l in range(L):
        pl = prod_except(c.lam_bar, l)
        path = np.concatenate([[0.0], s.eta * np.cumsum(r.gn[:-1, l])])  # η Σ_{s<k}‖∇_lΦ(θ^s)‖_F
        # GD rounding of the triangle link: each stored step fl(W − η∇) is off by ≤ ε/2·‖W‖_F, so
        # 4e−16·(k+1)·max_{s≤k}‖W_l^s‖_F (≤ the catalog's 4e−16·(k+1)·max|W_l^s|·√#entries)
        tri_atol = 4e-16 * (ks + 1) * np.maximum.accumulate(r.mx[:, l])
        out.append(_worst(f"l={l + 1}: ‖W_l^k − W_l⁰‖_F ≤ ηΣ_s‖∇_lΦ(θ^s)‖_F", r.dW[:, l], path, ks, TOL_TRIANGLE,
                          atol=tri_atol, lhs_name=f"‖W_{l + 1}^k − W_{l + 1}⁰‖_F"))
        if single_step:
            bnd = np.full(K + 1, s.eta * xf * pl * rho)
        else:
            bnd = s.eta * xf * pl * geo * rho
        out.append(_worst(f"l={l + 1}: path ≤ η‖X‖λ̄_(1→L)/λ̄_l Σ_(s<k)u^s √(2Φ⁰)", path, bnd, ks, TOL_CHAIN,
                          lhs_name="ηΣ_(s<k)‖∇_lΦ(θ^s)‖_F", factors=(("u", u),)))
        total = 16.0 / (a0 * a0) * xf * pl * rho
        out.append(_worst(f"l={l + 1}: ηΣu^s ≤ 16/α₀²", s.eta * xf * pl * geo * rho, np.full(K + 1, total), ks,
                          TOL_ALG, lhs_name="η‖X‖λ̄_(1→L)/λ̄_l Σu^s √(2Φ⁰)"))
        out.append(Evaluation(lhs=total, rhs=s.C[l], label=f"l={l + 1}: (16/α₀²)‖X‖λ̄_(1→L)/λ̄_l √(2Φ⁰) ≤ C_l  (7)",
                              tol=TOL_PRODUCT, lhs_name="(16/α₀²)‖X‖_Fλ̄_(1→L)λ̄_l⁻¹√(2Φ(θ⁰))"))
    return out


@claim(
    id="nguyen21.thm2.2.proof_path",
    cases=lambda: theorem_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, the display before (13)",
    kind=Kind.C,
    statement="With u = √(1 − ηα₀²/8), for all k and l: ‖W_l^{k} − W_l⁰‖_F ≤ ηΣ_{s<k}‖∇_{W_l}Φ(θ^s)‖_F ≤ "
              "η‖X‖_Fλ̄_{1→L}λ̄_l^{−1}Σ_{s<k}u^s√(2Φ(θ⁰)) ≤ (16/α₀²)‖X‖_Fλ̄_{1→L}λ̄_l^{−1}√(2Φ(θ⁰)) ≤ C_l "
              "(checked for k ≤ K)",
    hypotheses=("as in nguyen21.thm2.2.eq11",),
    requires=_requires,
    mutant=lambda inst: _path(inst, single_step=True),
)
def path_length(inst: Instance) -> list[Evaluation]:
    """Every layer's cumulative GD path stays within its slack C_l."""
    return _path(inst)


# ------------------------------------------------------------------------------ drift of F_{L−1}
def _drift(inst: Instance, *, previous: bool = False) -> list[Evaluation]:
    r = _run(inst, prev_diff=previous)
    s = r.setup
    c = s.cond
    L = len(s.Ws)
    a0, xf, rho = c.alpha0, c.xf, c.sqrt2phi
    ks = np.arange(r.K + 1)
    cd = [prod_except(c.lam_bar[:-1], l) for l in range(L - 1)]
    eq5_atol = 1e-12 * (L - 1) * xf * prod(c.lam_bar[:-1])  # catalog eq. (5) floor, l = L−1
    rhs_a = r.drift_prev if previous else r.drift_rhs
    out = [_worst("(5): ‖F^k_(L−1) − F⁰_(L−1)‖_F ≤ ‖X‖Σ_l(∏_(p≠l)λ̄_p)‖W_l^k − W_l⁰‖₂", r.dF0, rhs_a, ks,
                  TOL_PRODUCT, atol=eq5_atol, lhs_name="‖F^k_(L−1) − F⁰_(L−1)‖_F")]
    if previous:
        return out
    middle = 16.0 / (a0 * a0) * xf * xf * c.lam_bar[-1] * c.S * rho
    fro = xf * (r.dW[:, :L - 1] @ np.asarray(cd))  # ‖ΔW_l‖₂ ≤ ‖ΔW_l‖_F: the proof's own chain, stronger
    out.append(_worst("‖X‖Σ_l(∏_(p≠l)λ̄_p)‖W_l^k − W_l⁰‖_F ≤ (16/α₀²)‖X‖²λ̄_(1→L−1)λ̄_(1→L)Σλ̄_l⁻²√(2Φ⁰)", fro,
                      np.full(r.K + 1, middle), ks, TOL_CHAIN, lhs_name="(5) right side with ‖ΔW_l‖_F"))
    out.append(Evaluation(lhs=middle, rhs=a0 / 2.0, label="middle ≤ α₀/2  (8)", tol=TOL_PRODUCT,
                          lhs_name="(16/α₀²)‖X‖_F²λ̄_Lλ̄²_(1→L−1)Σλ̄_l⁻²√(2Φ(θ⁰))"))
    return out


@claim(
    id="nguyen21.thm2.2.proof_drift",
    cases=lambda: theorem_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, the display after (13)",
    kind=Kind.C,
    statement="For all k: ‖F^k_{L−1} − F⁰_{L−1}‖_F ≤ ‖X‖_Fλ̄_{1→L−1}Σ_{l<L}λ̄_l^{−1}‖W_l^k − W_l⁰‖₂ ≤ "
              "(16/α₀²)‖X‖_F²λ̄_{1→L−1}λ̄_{1→L}Σ_{l<L}λ̄_l^{−2}√(2Φ(θ⁰)) ≤ α₀/2 (checked for k ≤ K)",
    hypotheses=("as in nguyen21.thm2.2.eq11",),
    requires=_requires,
    mutant=lambda inst: _drift(inst, previous=True),
)
def hidden_drift(inst: Instance) -> list[Evaluation]:
    """The last hidden layer moves by less than α₀/2 along GD."""
    return _drift(inst)


# ------------------------------------------------------------------------------ printed per-step factor
def _step_printed(inst: Instance, **kw: object) -> list[Evaluation]:
    r = _run(inst, **kw)
    s = r.setup
    c = s.cond
    a0, eta, Q1, Q2 = c.alpha0, s.eta, c.Q1, c.Q2
    f1 = 1.0 - eta * a0 * a0 / 4.0 + eta * eta * Q1 * Q1 + eta * Q2
    kmax = min(r.guarded, r.K - 1)
    ks = np.arange(0, max(kmax, -1) + 1)
    rf = np.sqrt(2.0 * r.phi)
    # catalog one-step convention: 1e−12·M·‖r‖ with M = ‖F_L‖ + (‖F_(L−1)‖ + ‖F⁺_(L−1)‖)(‖W_L‖ + ‖W_L⁺‖)
    M = r.fl[ks] + (r.ffm[ks] + r.ffm[ks + 1]) * (r.wlf[ks] + r.wlf[ks + 1])
    out = [_worst("Φ(θ^(k+1)) ≤ [1 − ηα₀²/4 + η²Q₁² + ηQ₂]Φ(θ^k)", r.phi[ks + 1], f1 * r.phi[ks], ks, TOL_CHAIN,
                  atol=1e-12 * M * rf[ks], lhs_name="Φ(θ^(k+1))",
                  factors=(("factor", f1), ("η", eta), ("Q₁", Q1), ("Q₂", Q2)))]
    out.append(Evaluation(lhs=eta * eta * Q1 * Q1 + eta * Q2, rhs=2.0 * eta * Q2,
                          label="factor 1 ≤ 1 − η(α₀²/4 − 2Q₂)  (10)", tol=TOL_ALG, lhs_name="η²Q₁² + ηQ₂"))
    out.append(Evaluation(lhs=2.0 * Q2, rhs=a0 * a0 / 8.0, label="1 − η(α₀²/4 − 2Q₂) ≤ 1 − ηα₀²/8  (9)",
                          tol=TOL_PRODUCT, lhs_name="2Q₂"))
    return out


@claim(
    id="nguyen21.thm2.2.proof_step_printed",
    cases=lambda: theorem_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, the last three-line display",
    kind=Kind.C,
    statement="Along GD under the hypotheses of Thm 2.2: Φ(θ^{k+1}) ≤ [1 − ηα₀²/4 + η²Q₁² + ηQ₂]Φ(θ^k) ≤ "
              "[1 − η(α₀²/4 − 2Q₂)]Φ(θ^k) ≤ (1 − ηα₀²/8)Φ(θ^k) (checked for k < K)",
    hypotheses=("as in nguyen21.thm2.2.eq11",),
    requires=_requires,
    mutant=lambda inst: _step_printed(inst, nine=4.0),
)
def printed_step(inst: Instance) -> list[Evaluation]:
    """The printed per-step contraction chain holds at every guarded iterate."""
    return _step_printed(inst)


# ------------------------------------------------------------------------------ strategies
def _well_case(N: int, L: int, nL: int, seed: int, params: tuple[tuple[str, float], ...]) -> Case:
    eye = [[float(i == j) for j in range(N)] for i in range(N)]
    W1 = tuple(tuple(r + [-x for x in r]) for r in eye)
    I2 = tuple(tuple(float(i == j) for j in range(2 * N)) for i in range(2 * N))
    WL = tuple(tuple(0.0 for _ in range(nL)) for _ in range(2 * N))
    W = (W1, *([I2] * (L - 2)), WL)
    return Case(widths=(N, *([2 * N] * (L - 1)), nL), n=N, X=tuple(map(tuple, eye)), W=W, seed=seed,
                params=(("kind", 0.0), *params))


@hst.composite
def theorem_cases(draw: hst.DrawFn, kinds: Sequence[str] = ("well", "tuned", "tuned", "paper"),
                  max_n: int = 4, max_depth: int = 4) -> Case:
    """Structure of a Theorem 2.2 case: construction, N, d, depth, widths with n_{L−1} ≥ N, C_l, c9 (the
    fraction of (9)'s C_L), β multiple, fraction of the maximal step size (10). "tuned" directions are
    re-seeded deterministically (≤ 16 times) until the catalog's quality check passes."""
    kind = draw(hst.sampled_from(tuple(kinds)), label="construction")
    N = draw(hst.integers(1, max_n), label="N")
    L = draw(hst.integers(2, max_depth), label="L")
    nL = draw(hst.integers(1, 2), label="n_L")
    seed = draw(hst.integers(0, 2 ** 32 - 1), label="seed")
    params = (("eta_frac", draw(hst.floats(0.05, 0.99), label="η/η_max")),
              ("beta_mult", draw(hst.one_of(hst.just(1.0), hst.floats(1.0, 4.0)), label="β/β_min")),
              ("C_hidden", float(10.0 ** draw(hst.floats(-1.0, 1.0), label="log10 C_l"))),
              ("c9", draw(hst.floats(0.5, 0.99), label="c9")))
    if kind == "well":
        return _well_case(N, L, nL, seed, params)
    d = draw(hst.integers(2, 5), label="d")
    head = draw(hst.lists(hst.integers(2, 5), min_size=L - 2, max_size=L - 2), label="n_1..n_(L-2)")
    wide = N + draw(hst.integers(0, 4), label="n_(L-1) - N")
    data = draw(hst.sampled_from(("gaussian", "sphere")), label="data")
    case = Case(widths=(d, *head, wide, nL), n=N, init="lecun", data=data, seed=seed,
                params=(("kind", float(CONSTRUCTIONS.index(kind))), *params))
    for j in range(16):
        cj = dataclasses.replace(case, seed=(seed + j) % 2 ** 32)
        inst = cj.build()
        s, a, xf, _ = _directions(inst)
        if a > 0 and a * math.sqrt(N) / (xf * prod(s)) >= MIN_QUALITY:
            return cj
    return case
