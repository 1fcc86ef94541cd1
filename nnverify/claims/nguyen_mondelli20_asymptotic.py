"""Nguyen & Mondelli 2020 (seed 001): the probabilistic/asymptotic (class P) entries of `lemmas/nguyen_mondelli20.md`.

Each claim's evaluation runs ONE statistical test (named in its statement and in its measurement) from the case's
seed offset ($NNVERIFY_P_SEED, default 0) and returns its Evaluations (CI sides, p-values, side checks):
- "scaling exponent": log–log slope of a quantity with a bootstrap CI over seeds (`nnverify.stats.bootstrap_slope`,
  level 1 − FALSE_ALARM); O(x^a) is consistent when the CI reaches down to a, Ω(x^a) when it reaches up to a,
  Θ/"= a" when it contains a. No margin.
- "bounded ratio": measured/(claimed shape) against the scanned variable; its slope CI must reach ≤ +μ (O), ≥ −μ
  (Ω) or both (Θ), μ = ln 2/ln(x_max/x_min) the resolution of the scan (a fitted drift below 2× over the whole
  scan counts as bounded: Θ(1) constants approach their limits from one side). Every mutant drifts by ≥ 3×.
- "failure rate": an explicit event counted over independent draws, exact binomial p-value (`binomial_excess`)
  against the claimed probability p₀; refuted when p < FALSE_ALARM.
Results are cached per (claim, variant, seed offset, profile): the property, the mutant tests and
`tests/test_mutants.py` share one run per process. Sizes: "thorough" widens the scans, "ci"/"dev" are small.

Conventions (paper → code): rows are samples, X (N, d) with rows uniform on the sphere of radius √d (§3.2–3.3
data: sub-Gaussian, ‖x_i‖ = √d) unless stated; W₁ ~ LeCun 𝒩(0, 1/d); F₁ = σ(XW₁); λ_F = σ_N(F₁) (λ_F² = λ_min(F₁F₁ᵀ));
G_* = E_{w~𝒩(0,I/d)}[σ(Xw)σ(Xw)ᵀ] and λ_* = λ_min(G_*) (eq. (13)) in closed form (`nnverify.kernels.gram_star`);
μ_r(σ) orthonormal Hermite coefficients (`kernels.hermite_coeffs_exact`); X^{*r} row-wise Kronecker power, whose
Gram is the Hadamard power (XXᵀ)^{∘r}; ρ₄ = RHS(4)/λ_F², ρ₅ = RHS(5)/λ_F³, α₀, Q₀ of (6) from
`nguyen_mondelli20.assumption31_from`. σ is the smoothed leaky ReLU (2) `smooth_leaky_relu(γ,β)` unless stated.
Random numbers come from local `numpy.random.Generator`s seeded by (seed offset, claim tag, point, draw).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy import integrate
from scipy.special import eval_hermitenorm, gammaln, ndtr

from nnverify import kernels
from nnverify.activations import parse_activation
from nnverify.claims._pclaim import p_case, p_claim_registrar
from nnverify.claims._stattest import PResult, Rate, Scan, bounded
from nnverify.claims.core import Evaluation, Relation, Tolerance
from nnverify.claims.nguyen_mondelli20 import InitConstants, assumption31_from
from nnverify.linalg import EPS
from nnverify.profiles import active_profile as profile
from nnverify.profiles import seed_offset

__all__ = ["PResult", "Rate", "Scan", "p_case", "p_result", "profile", "seed_offset", "sphere"]



# =========================================================================== profile and seeds
def _big() -> bool:
    return profile() == "thorough"


def _rng(*parts: int) -> np.random.Generator:
    """A local generator for (seed offset, claim tag, point, draw, …)."""
    return np.random.default_rng([int(p) % (2**63) for p in parts])


def _seeds(seed: int, tag: int, S: int) -> list[int]:
    return [10_000 * seed + 100 * tag + s for s in range(S)]


# =========================================================================== small numerics
def sphere(N: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """(N, d) rows i.i.d. uniform on the sphere of radius √d (sub-Gaussian, ‖x_i‖ = √d: §3.2–3.3 data)."""
    Z = rng.standard_normal((N, d))
    return Z / np.linalg.norm(Z, axis=1, keepdims=True) * math.sqrt(d)


@lru_cache(maxsize=16)
def _sigma(act: str) -> Callable[[np.ndarray], np.ndarray]:
    """σ on numpy arrays. (2) in the cancellation-free form of the catalog conventions (a): γx + (1−γ)[xΦ(x/s) +
    sφ(0)·expm1(−x²/(2s²))] (numpy: ~5× faster than the torch library form, which it matches to ~1e−16, see
    `nguyen_mondelli20.sec3.2.lemmac2`'s side check); ReLU as max(x, 0); anything else through the library."""
    a = parse_activation(act)
    if a.name == "smooth_leaky_relu":
        g, s = a.gamma, a.s
        return lambda z: g * z + (1 - g) * (z * ndtr(z / s) + s * kernels.PHI0 * np.expm1(-z * z / (2 * s * s)))
    if a.name == "relu":
        return lambda z: np.maximum(z, 0.0)
    return kernels.as_numpy(act)


def _lam_min_gram(F: np.ndarray) -> float:
    """λ_min(FFᵀ) = σ_min(F)² for F (N, n), N ≤ n (clamped at 0)."""
    return max(float(np.linalg.eigvalsh(F @ F.T)[0]), 0.0)


def _spec(W: np.ndarray) -> float:
    """‖W‖₂ via eigvalsh of the Gram of the smaller side."""
    G = W @ W.T if W.shape[0] <= W.shape[1] else W.T @ W
    return math.sqrt(max(float(np.linalg.eigvalsh(G)[-1]), 0.0))


def _smin(W: np.ndarray) -> float:
    """σ_min(W) (the smallest of min(m, n) singular values) via eigvalsh of the smaller Gram."""
    G = W @ W.T if W.shape[0] <= W.shape[1] else W.T @ W
    return math.sqrt(max(float(np.linalg.eigvalsh(G)[0]), 0.0))


def _gram_star(X: np.ndarray, act: str) -> tuple[np.ndarray, float]:
    """(G_*, cancellation floor of its closed form: 64ε·max magnitude that cancels)."""
    return kernels.gram_star(X, act), 64 * EPS * float(kernels.gram_star_scale(X, act).max())


# =========================================================================== results
_EXPERIMENTS: dict[str, Callable[[int, str | None], PResult]] = {}
_CACHE: dict[tuple[str, str | None, int, str], PResult] = {}


def p_result(claim_id: str, variant: str | None = None, seed: int | None = None) -> PResult:
    """The (cached) statistical test of a P claim at seed offset `seed` (default $NNVERIFY_P_SEED)."""
    seed = seed_offset() if seed is None else int(seed)
    key = (claim_id, variant, seed, profile())
    if key not in _CACHE:
        res = _EXPERIMENTS[claim_id](seed, variant)
        res.variant = variant
        for s in res.scans:
            s.run()
        _CACHE[key] = res
    return _CACHE[key]


#: `@_p_claim(id=…, …, extra=(…))` registers a P claim whose measurement is fn(seed offset, variant) → PResult.
_p_claim = p_claim_registrar(_EXPERIMENTS, lambda cid, v, s: p_result(cid, v, s).evaluations())


def _geom(lo: int, hi: int, factor: int = 2) -> list[int]:
    """lo, lo·factor, …, ≤ hi."""
    out, v = [], lo
    while v <= hi:
        out.append(v)
        v *= factor
    return out


# =========================================================================== §3.2, Lemma C.2 and G_* by Monte Carlo
_C2_ACT = "smooth_leaky_relu(0.5,1)"


def _features(X: np.ndarray, n1: int, act: str, rng: np.random.Generator) -> np.ndarray:
    """F₁ = σ(XW₁) with W₁ ~ LeCun 𝒩(0, 1/d), shape (N, n₁): the columns are n₁ i.i.d. draws of σ(Xw)."""
    W = rng.standard_normal((X.shape[1], n1)) / math.sqrt(X.shape[1])
    return _sigma(act)(X @ W)


@lru_cache(maxsize=8)
def _c2_draws(seed: int, big: bool) -> tuple[tuple[int, ...], tuple[tuple[float, ...], ...], float]:
    """(n₁ values, λ_F²/(n₁λ_*) per n₁ and draw, min λ_F/(√n₁λ_*/4)), fresh (X, W₁) per draw, N = 32, d = 8."""
    N, d, T = 32, 8, (60 if big else 25)
    n1s = tuple(_geom(64, 4096, 4))
    ratios, printed_min = [], math.inf
    for n1 in n1s:
        rs = []
        for s in range(T):
            g = _rng(seed, 32, n1, s)
            X = sphere(N, d, g)
            ls = float(np.linalg.eigvalsh(kernels.gram_star(X, _C2_ACT))[0])
            lf2 = _lam_min_gram(_features(X, n1, _C2_ACT, g))
            rs.append(lf2 / (n1 * ls))
            printed_min = min(printed_min, math.sqrt(lf2) / (math.sqrt(n1) * ls / 4))
        ratios.append(tuple(rs))
    return n1s, tuple(ratios), printed_min


@lru_cache(maxsize=8)
def _mc_errors(seed: int, act: str, ref: str, big: bool) -> tuple[tuple[int, ...], tuple[tuple[float, ...], ...]]:
    """Relative Monte Carlo errors ‖F₁F₁ᵀ/n₁ − G_*(ref)‖_F/‖G_*(ref)‖_F, F₁ = σ_act(XW₁), N = 32, d = 8."""
    S = 16 if big else 10
    mc = tuple(_geom(256, 65536 if big else 16384, 4))
    y = []
    for n1 in mc:
        row = []
        for s in range(S):
            g = _rng(seed, 33, n1, s)
            X = sphere(32, 8, g)
            F = _features(X, n1, act, g)
            G = kernels.gram_star(X, ref)
            row.append(float(np.linalg.norm(F @ F.T / n1 - G)) / float(np.linalg.norm(G)))
        y.append(tuple(row))
    return mc, tuple(y)


@_p_claim(
    id="nguyen_mondelli20.sec3.2.lemmac2",
    where="Nguyen & Mondelli 2020, §3.2 outline (\"λ_F ≥ √n₁λ_*/4 (see Lemma C.2)\"), eq. (13)",
    statement="w.h.p. over W₁⁰ ~ LeCun, λ_F = σ_min(σ(XW₁⁰)) ≥ √(n₁λ_*)/4 (the reading consistent with (12); it "
              "implies the printed √n₁·λ_*/4 since λ_* ≤ 1 by (14)); mechanism: F₁F₁ᵀ/n₁ is a Monte Carlo "
              "estimate of G_* of (13), whose closed form (arc-cosine kernel; smoothed for (2)) it must approach at "
              "the Monte Carlo rate n₁^{−1/2}",
    hypotheses=("rows i.i.d. uniform on the sphere of radius √d", "N = 32, d = 8", "σ = (2), γ = ½, β = 1",
                "LeCun W₁⁰"),
    test="failure rate of {λ_F² < n₁λ_*/16} per n₁ ∈ {64, …, 4096} (fresh (X, W₁) per draw), exact binomial test of "
         "P ≤ 0.05; bounded ratio (from below) of λ_F²/(n₁λ_*) in n₁; scaling exponent −½ (CI contains it) of the "
         "relative Monte Carlo error ‖F₁F₁ᵀ/n₁ − G_*‖_F/‖G_*‖_F in n₁ for ReLU (arc-cosine kernel) and (2) "
         "(mutant: drop the /4, i.e. {λ_F² < n₁λ_*}; variant 'kernel': G_* of (2) without the smoothing, i.e. the "
         "leaky-ReLU kernel, which biases the Monte Carlo error to a constant)",
    extra=("kernel",),
)
def lemma_c2(seed: int, variant: str | None) -> PResult:
    """Lemma C.2: λ_F² ≍ n₁λ_* at LeCun initialisation (failure rate), and G_* closed form vs Monte Carlo."""
    n1s, ratios, printed_min = _c2_draws(seed, _big())
    T = len(ratios[0])
    k = 1.0 if variant == "mutant" else 1.0 / 16
    sd = _seeds(seed, 32, T)
    rates = [Rate(f"n1 = {n1}", f"λ_F² < {k:g}·n₁λ_*", sum(q < k for q in rs), T, 0.05, sd)
             for n1, rs in zip(n1s, ratios, strict=True)]
    scans = [bounded("lambda_F ratio n1-scan", "n₁", "λ_F²/(n₁λ_*)", n1s, [list(r) for r in ratios], "ge", sd)]
    # G_* of (13) in closed form against Monte Carlo: the relative error must decay like n₁^{−1/2}.
    for act in ("relu", _C2_ACT):
        ref = "leaky_relu(0.5)" if (variant == "kernel" and act == _C2_ACT) else act
        mc, y = _mc_errors(seed, act, ref, _big())
        scans.append(Scan(f"G_star Monte Carlo {act}", "n₁ (Monte Carlo samples)",
                          f"‖F₁F₁ᵀ/n₁ − G_*‖_F/‖G_*‖_F ({act}{', leaky-ReLU kernel' if ref != act else ''})",
                          [float(v) for v in mc], [list(r) for r in y], -0.5, "both",
                          seeds=_seeds(seed, 33, len(y[0]))))
    z = np.linspace(-30.0, 30.0, 20001)
    dev = float(np.abs(_sigma(_C2_ACT)(z) - kernels.as_numpy(_C2_ACT)(z)).max())
    checks = [Evaluation(lhs=dev, rhs=0.0, relation=Relation.EQ, scale=30.0, vacuous=False,
                         tol=Tolerance(1e-14, 0.0, "two float64 evaluations of the same closed form, |x| ≤ 30"),
                         label="numpy σ of (2) used here = library σ (grid on [−30, 30])", lhs_name="max |Δσ|")]
    return PResult("nguyen_mondelli20.sec3.2.lemmac2", "failure rate + bounded ratio + scaling exponent", scans,
                   rates, checks, notes={"N": 32, "d": 8, "σ": _C2_ACT, "p0": 0.05,
                                         "median λ_F²/(n₁λ_*) per n₁": {n: float(np.median(r)) for n, r in
                                                                       zip(n1s, ratios, strict=True)},
                                         "min λ_F/(√n₁λ_*/4) (printed reading)": printed_min})


# =========================================================================== Theorem 3.3, eq. (15), and (16)
_T33_ACTS = ("smooth_leaky_relu(0.1,1)", "smooth_leaky_relu(0.5,1)")


def _series_check(X: np.ndarray, act: str, ls: float, R: int = 80) -> tuple[float, float]:
    """(|λ_min(Σ_{r≤R} μ_r²(XXᵀ/d)^{∘r}) − λ_*|, allowed N·tail + floors) for sphere rows (eq. (16), Weyl)."""
    N, d = X.shape
    mu = kernels.hermite_coeffs_exact(act, R)
    K = X @ X.T / d
    series = sum(mu[r] ** 2 * K**r for r in range(R + 1))
    tail = max(kernels.second_moment(act) - float((mu**2).sum()), 0.0)
    ev = np.linalg.eigvalsh(series)
    floor = 64 * EPS * float(kernels.gram_star_scale(X, act).max()) * N + 8 * N * EPS * float(np.abs(ev).max())
    return abs(float(ev[0]) - ls), N * tail + floor


@_p_claim(
    id="nguyen_mondelli20.thm3.3.eq15",
    where="Nguyen & Mondelli 2020, Theorem 3.3, eq. (15) (§3.3); eq. (16)",
    statement="for i.i.d. sub-Gaussian rows with ‖x_i‖ = √d, σ ∈ L²(𝒩(0,1)) non-linear with |σ(x)| ≤ |x|, for every "
              "k ≥ 2 and N ≤ d^k: P(λ_* ≥ b₁) ≥ 1 − 2N²e^{−c₂N^{4/(5k)}}, b₁ independent of (N, d): λ_* stays bounded "
              "below as N and d grow together (here N = 2d ≤ d²)",
    hypotheses=("rows i.i.d. uniform on the sphere of radius √d", "N = 2d (k = 2)",
                "σ = (2), (γ,β) ∈ {(0.1,1), (½,1)}"),
    test="bounded ratio (from below): median over datasets of λ_* (exact G_*) against d along N = 2d, slope CI reaches "
         "≥ −ln2/ln(range); side checks: λ_* numerically > 0 in every draw and the Hermite series (16) (R = 80, exact "
         "μ_r) has the same λ_min within N·tail (Weyl) (mutant: linear σ, dropping non-linearity: λ_* = 0 as d < N; "
         "variant 'fixed_d': d = 8 while N grows, i.e. b₁ uniform in k: slope ≈ −2)",
    extra=("fixed_d",),
)
def theorem33(seed: int, variant: str | None) -> PResult:
    """Theorem 3.3: λ_* = Ω(1) for sphere data as N and d grow with N ≤ d^k (bounded ratio from below)."""
    S = 12 if _big() else 10
    ds = [8, 16, 32, 64] if _big() else [8, 16, 32]
    acts = ("linear(1)",) if variant == "mutant" else _T33_ACTS
    scans, checks, worst, floor_fail = [], [], (0.0, 1.0), math.inf
    for act in acts:
        pts = [(8, 4 * 2**j) for j in range(len(ds) + 1)] if variant == "fixed_d" else [(d, 2 * d) for d in ds]
        y = []
        for d, N in pts:
            row = []
            for s in range(S):
                X = sphere(N, d, _rng(seed, 15, d, N, s))
                G, fl = _gram_star(X, act)
                ev = np.linalg.eigvalsh(G)
                ls = float(ev[0])
                zero = 8 * N * EPS * float(np.abs(ev).max()) + N * fl  # eigvalsh + kernel cancellation floor
                floor_fail = min(floor_fail, ls / zero)
                if act != "linear(1)":
                    err, allowed = _series_check(X, act, ls)
                    if err / allowed > worst[0] / worst[1]:
                        worst = (err, allowed)
                row.append(max(ls, zero))
            y.append(row)
        xs = [N for _, N in pts] if variant == "fixed_d" else [d for d, _ in pts]
        scans.append(bounded(f"{act} {'N-scan (d = 8)' if variant == 'fixed_d' else 'd-scan (N = 2d)'}",
                             "N" if variant == "fixed_d" else "d", f"λ_* ({act})", xs, y, "ge", _seeds(seed, 15, S)))
    checks.append(Evaluation(lhs=floor_fail, rhs=1.0, relation=Relation.GE, vacuous=False,
                             tol=Tolerance(0.0, 0.0, "the zero floor itself is the eigvalsh + kernel round-off"),
                             label="min over draws of λ_*/(numerical zero floor) ≥ 1 (λ_* > 0 in every draw)",
                             lhs_name="min λ_*/floor"))
    if worst[1] > 0 and variant != "mutant":
        checks.append(Evaluation(lhs=worst[0], rhs=worst[1], relation=Relation.LE, vacuous=False,
                                 tol=Tolerance(0.0, 0.0, "rhs is the truncation tail bound N·(Eσ² − Σ_{r≤R}μ_r²) "
                                               "plus eigvalsh/kernel round-off"),
                                 label="|λ_min(Hermite series (16), R = 80) − λ_*| ≤ N·tail", lhs_name="|Δλ|"))
    return PResult("nguyen_mondelli20.thm3.3.eq15", "bounded ratio", scans, checks=checks,
                   notes={"medians": {s.quantity: [float(np.median(r)) for r in s.y] for s in scans}})


# =========================================================================== Lemma 3.4
_L34_POINTS = ((2, 16, 4), (2, 64, 16), (2, 128, 32), (3, 32, 16), (3, 128, 64))  # (r, d, N): d ≥ N^{2/r}·log N


@_p_claim(
    id="nguyen_mondelli20.lemma3.4",
    where="Nguyen & Mondelli 2020, Lemma 3.4 (§3.3)",
    statement="with X as in Theorem 3.3 and r ≥ 2, N ≤ d^r: P(σ_min(X^{*r}) ≥ d^{r/2}/2) ≥ 1 − 2N²e^{−c₃dN^{−2/r}}, "
              "i.e. λ_min((XXᵀ)^{∘r}) ≥ d^r/4 w.h.p. once d ≫ N^{2/r}",
    hypotheses=("rows i.i.d. uniform on the sphere of radius √d", "points with N ≤ C(d+r−1, r) and d ≥ N^{2/r}·log N"),
    test="failure rate of {λ_min((XXᵀ)^{∘r}) < d^r/4} (= {σ_min(X^{*r}) < d^{r/2}/2}) at (r, d, N) ∈ "
         f"{list(_L34_POINTS)}, exact binomial test of P ≤ 0.05 per point (mutant: threshold d^{{r/2}}, i.e. "
         "{λ_min < d^r}, which fails almost surely since σ_min² ≤ tr/N = d^r)",
)
def lemma34(seed: int, variant: str | None) -> PResult:
    """Lemma 3.4: the Khatri–Rao powers of sphere data are well conditioned (failure rate)."""
    T = 100 if _big() else 40
    k = 1.0 if variant == "mutant" else 0.25
    rates, med = [], {}
    for r, d, N in _L34_POINTS:
        q = []
        for s in range(T):
            X = sphere(N, d, _rng(seed, 34, r, d, N, s))
            K = X @ X.T
            q.append(float(np.linalg.eigvalsh(K**r)[0]) / d**r)  # Gram of X^{*r} is the Hadamard power
        med[f"r={r},d={d},N={N}"] = float(np.median(q))
        rates.append(Rate(f"r={r} d={d} N={N}", f"λ_min((XXᵀ)^∘r) < {k:g}·d^r", sum(v < k for v in q), T, 0.05,
                          _seeds(seed, 34, T)))
    return PResult("nguyen_mondelli20.lemma3.4", "failure rate", rates=rates,
                   notes={"median λ_min/d^r": med})


# =========================================================================== §3.3 step function
_STEP_LIMIT = 2 ** (-0.25) * math.pi ** (-0.75)


def _step_log_mu(r: int) -> float:
    """log|μ_r| of σ = 𝟙{x > 0} for odd r = 2m+1: μ_r = φ(0)He_{r−1}(0)/√(r!), |He_{2m}(0)| = (2m−1)!!."""
    m = (r - 1) // 2
    log_dfact = gammaln(2 * m + 1) - m * math.log(2.0) - gammaln(m + 1)
    return math.log(kernels.PHI0) + log_dfact - 0.5 * gammaln(r + 1)


def _step_mu_quad(r: int) -> float:
    """μ_r = E[𝟙{g>0}He_r(g)]/√(r!) by adaptive quadrature over (0, ∞) (smooth integrand)."""
    with warnings.catch_warnings():  # quad flags round-off near its 1e−14 target; the check's 1e−10 covers it
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        val, _ = integrate.quad(lambda x: eval_hermitenorm(r, x) * math.exp(-x * x / 2) * kernels.PHI0, 0, math.inf,
                                epsabs=1e-14, epsrel=1e-12, limit=200)
    return val / math.exp(0.5 * gammaln(r + 1))


@_p_claim(
    id="nguyen_mondelli20.sec3.3.step_hermite",
    where="Nguyen & Mondelli 2020, §3.3 (\"the r-th Hermite coefficient of the step function scales as 1/r^{3/4}\")",
    statement="for σ(x) = 𝟙{x > 0}: μ_r = 0 for even r ≥ 2 and |μ_r| = φ(0)(r−2)!!/√(r!) ~ 2^{−1/4}π^{−3/4}r^{−3/4} "
              "for odd r",
    hypotheses=("orthonormal Hermite normalisation μ_r = E[σ(g)He_r(g)]/√(r!)",),
    test="bounded ratio (Θ): r^{3/4}|μ_r| over odd r = 2^j + 1, j = 3..13 (deterministic: one value per r, the CI is "
         "the fitted slope), slope within ±ln2/ln(range); side checks: closed form vs adaptive quadrature for r ≤ 15, "
         "|r^{3/4}|μ_r|/(2^{−1/4}π^{−3/4}) − 1| ≤ 1/r at the largest r (Stirling), even coefficients vanish "
         "(mutant: exponent −1/2, i.e. r^{1/2}|μ_r|: slope −1/4)",
)
def step_hermite(seed: int, variant: str | None) -> PResult:
    """Hermite coefficients of the step function decay like r^{−3/4} (deterministic bounded ratio)."""
    del seed  # deterministic
    a = 0.5 if variant == "mutant" else 0.75
    js = range(3, 17 if _big() else 14)
    rs = [2**j + 1 for j in js]
    y = [[math.exp(a * math.log(r) + _step_log_mu(r))] for r in rs]
    q_err = max(abs(_step_mu_quad(r) - (math.exp(_step_log_mu(r)) * (-1) ** ((r - 1) // 2) if r % 2 else 0.0))
                for r in range(1, 16))
    even = max(abs(_step_mu_quad(r)) for r in range(2, 16, 2))
    rl = rs[-1]
    lim = math.exp(0.75 * math.log(rl) + _step_log_mu(rl)) / _STEP_LIMIT
    checks = [
        Evaluation(lhs=q_err, rhs=0.0, relation=Relation.EQ, scale=1.0, vacuous=False,
                   tol=Tolerance(0.0, 1e-10, "adaptive quadrature of He_r φ on (0,∞), r ≤ 15: abs. error ≲ 1e−12·r!"),
                   label="closed form |μ_r| = φ(0)(r−2)!!/√(r!) (with sign) vs quadrature, odd r ≤ 15",
                   lhs_name="max |Δμ_r|"),
        Evaluation(lhs=even, rhs=0.0, relation=Relation.EQ, scale=1.0, vacuous=False,
                   tol=Tolerance(0.0, 1e-10, "same quadrature"), label="μ_r = 0 for even r ≥ 2 (r ≤ 14)",
                   lhs_name="max |μ_even|"),
        Evaluation(lhs=abs(lim - 1.0), rhs=1.0 / rl, relation=Relation.LE, vacuous=False,
                   tol=Tolerance(0.0, 1e-13, "gammaln round-off in log-space"),
                   label=f"|r^(3/4)|μ_r|/(2^(−1/4)π^(−3/4)) − 1| ≤ 1/r at r = {rl} (Stirling: ≈ 1/(4r))",
                   lhs_name="relative deviation from the limit constant"),
    ]
    q = f"r^{a:g}|μ_r|"
    return PResult("nguyen_mondelli20.sec3.3.step_hermite", "bounded ratio",
                   [bounded("odd r scan", "r", q, rs, y, "both", [])], checks=checks,
                   notes={"r^(3/4)|μ_r| at r_max": lim * _STEP_LIMIT, "limit 2^(−1/4)π^(−3/4)": _STEP_LIMIT})


# =========================================================================== §3.2, ‖X‖₂² of order N
@_p_claim(
    id="nguyen_mondelli20.sec3.2.xnorm",
    where="Nguyen & Mondelli 2020, §3.2 (\"if … the rows of X are sub-Gaussian and isotropic, ‖X‖₂² is of order N\")",
    statement="for N ≥ d and i.i.d. isotropic sub-Gaussian rows (uniform on the sphere of radius √d), ‖X‖₂²/N ∈ "
              "[C₁, C₂] w.h.p. (→ (1 + √(d/N))² → 1)",
    hypotheses=("rows i.i.d. uniform on the sphere of radius √d", "N ≥ 4d"),
    test="bounded ratio (Θ): median over seeds of ‖X‖₂²/N against d along N = 4d (d = 4..128) and against N at d = 8 "
         "(N = 128..2048); slope CIs within ±ln2/ln(range) (mutant \"of order Nd\": ‖X‖₂²/(Nd), slope −1 in d)",
)
def xnorm(seed: int, variant: str | None) -> PResult:
    """‖X‖₂² = Θ(N) for isotropic sphere rows (bounded ratio)."""
    S = 16 if _big() else 10
    ds = _geom(4, 256 if _big() else 128)
    Ns = _geom(128, 8192 if _big() else 2048)

    def q(N: int, d: int, s: int, tag: int) -> float:
        X = sphere(N, d, _rng(seed, 40 + tag, N, d, s))
        v = _spec(X) ** 2 / N
        return v / d if variant == "mutant" else v

    name = "‖X‖₂²/(Nd)" if variant == "mutant" else "‖X‖₂²/N"
    sd = _seeds(seed, 40, S)
    return PResult("nguyen_mondelli20.sec3.2.xnorm", "bounded ratio", [
        bounded("d-scan (N = 4d)", "d", name, ds, [[q(4 * d, d, s, 0) for s in range(S)] for d in ds], "both", sd),
        bounded("N-scan (d = 8)", "N", name, Ns, [[q(N, 8, s, 1) for s in range(S)] for N in Ns], "both", sd),
    ])


# =========================================================================== §3.1 Gaussian recipe for W_l, l ≥ 3
def _recipe_draw(n_prev: int, n_l: int, rng: np.random.Generator) -> tuple[float, float]:
    """(σ_min, σ_max) of an n_prev×n_l matrix with i.i.d. 𝒩(0, 1/n_prev) entries (scale 200c applied by the caller)."""
    Z = rng.standard_normal((n_prev, n_l)) / math.sqrt(n_prev)
    ev = np.linalg.eigvalsh(Z.T @ Z) if n_prev >= n_l else np.linalg.eigvalsh(Z @ Z.T)
    return math.sqrt(max(float(ev[0]), 0.0)), math.sqrt(float(ev[-1]))


def _recipe_event(smin: float, smax: float, c: float) -> tuple[bool, float]:
    """W = 200c·Z: (event {λ_l < 1 or λ_l² < cλ̄_l}, λ_l²/(cλ̄_l)), λ_l = 200c·σ_min(Z), λ̄_l = 200c·σ_max(Z)."""
    lam, lam_bar = 200 * c * smin, 200 * c * smax
    return (lam < 1 or lam * lam < c * lam_bar), lam * lam / (c * lam_bar)


@_p_claim(
    id="nguyen_mondelli20.sec3.1.recipe_gauss",
    where="Nguyen & Mondelli 2020, §3.1 (\"[W_l⁰]_{ij} ~ 𝒩(0, (200c)²/n_{l−1}) … under √n_{l−1} ≥ 1.01√n_l\")",
    statement="corrected (suspected erratum 3): for c ≥ 1, l ≥ 3, W_l⁰ with i.i.d. 𝒩(0, (200c)²/n_{l−1}) entries and "
              "√n_{l−1} ≥ 1.11√n_l plus a fluctuation margin (here n_{l−1} ∈ {2n_l, 4n_l}): P(λ_l ≥ 1 and "
              "λ_l² ≥ cλ̄_l) ≥ 1 − e^{−Ω(n_{l−1})}; as printed (√n_{l−1} ≥ 1.01√n_l suffices) it is false: at the "
              "boundary λ_l²/(cλ̄_l) → 200(1−ρ)²/(1+ρ) ≈ 0.0099",
    hypotheses=("i.i.d. Gaussian entries of variance (200c)²/n_{l−1}", "c ∈ {1, 10}"),
    test="failure rate of E = {λ_l < 1 or λ_l² < cλ̄_l} per shape, exact binomial test: corrected shapes "
         "n_{l−1} ∈ {2n_l, 4n_l}, n_l ∈ {10, 40, 160}: P(E) ≤ 0.01; printed boundary shapes n_{l−1} = ⌈1.0201n_l⌉, "
         "n_l ∈ {100, 200}: P(E) ≤ ½ is refuted; mutant: square shapes n_{l−1} = n_l = 100, P(E) ≤ ½ refuted",
    printed=True,
)
def recipe_gauss(seed: int, variant: str | None) -> PResult:
    """§3.1 Gaussian upper layers: well conditioned away from the square boundary (failure rate)."""
    T = 40 if _big() else 20
    if variant == "printed":
        shapes, p0 = [(math.ceil(1.0201 * n), n) for n in ((100, 400) if _big() else (100, 200))], 0.5
    elif variant == "mutant":
        shapes, p0 = [(100, 100)], 0.5
    else:
        shapes, p0 = [(f * n, n) for n in ((10, 40, 160, 400) if _big() else (10, 40, 160)) for f in (2, 4)], 0.01
    rates, med = [], {}
    for n_prev, n_l in shapes:
        draws = [_recipe_draw(n_prev, n_l, _rng(seed, 31, n_prev, n_l, s)) for s in range(T)]
        for c in (1.0, 10.0):
            out = [_recipe_event(a, b, c) for a, b in draws]
            med[f"{n_prev}x{n_l} c={c:g}"] = float(np.median([o[1] for o in out]))
            rates.append(Rate(f"{n_prev}x{n_l} c={c:g}", "λ_l < 1 or λ_l² < cλ̄_l", sum(o[0] for o in out), T, p0,
                              _seeds(seed, 31, T)))
    return PResult("nguyen_mondelli20.sec3.1.recipe_gauss", "failure rate", rates=rates,
                   notes={"median λ_l²/(cλ̄_l)": med, "asymptote 200(1−ρ)²/(1+ρ), ρ = 1/1.01":
                          200 * (1 - 1 / 1.01) ** 2 / (1 + 1 / 1.01)})


# =========================================================================== footnote 2: generic full rank of F₁
_FN2_ACTS = ("smooth_leaky_relu(0.5,1)", "smooth_leaky_relu(0.5,10)")


@_p_claim(
    id="nguyen_mondelli20.sec3.1.footnote2",
    where="Nguyen & Mondelli 2020, footnote 2 and end of §3.1",
    statement="for analytic non-polynomial σ such as (2), pairwise non-parallel data and n₁ ≥ N, λ_F = σ_N(σ(XW₁)) > 0 "
              "for Lebesgue-almost every W₁",
    hypotheses=("X i.i.d. 𝒩(0,1) entries, d ≥ 2 (non-parallel a.s.)", "W₁ LeCun", "n₁ ∈ {N, N+1, N+2}",
                "σ = (2) with γ = ½, β ∈ {1, 10}", "N ∈ [3, 8]"),
    test="failure rate of the numerically singular event {σ_N(F₁)/σ₁(F₁) < 1e−12} (a measure-zero set thickened by "
         "the threshold: claimed P ≤ 0.01), exact binomial test over 600 draws (mutant: d = 1, parallel data, where "
         "(2) with large β is nearly positively homogeneous and F₁ is numerically of rank ≈ 2)",
)
def footnote2(seed: int, variant: str | None) -> PResult:
    """Footnote 2: F₁ has full row rank generically (failure rate)."""
    T = 1500 if _big() else 600
    bad, conds = 0, []
    for s in range(T):
        g = _rng(seed, 2, s)
        N = int(g.integers(3, 9))
        d = 1 if variant == "mutant" else int(g.integers(2, 5))
        n1 = N + int(g.integers(0, 3))
        act = _FN2_ACTS[int(g.integers(0, 2))]
        X = g.standard_normal((N, d))
        F = _sigma(act)(X @ (g.standard_normal((d, n1)) / math.sqrt(d)))
        sv = np.linalg.svd(F, compute_uv=False)
        c = float(sv[N - 1] / sv[0]) if sv[0] > 0 else 0.0
        conds.append(c)
        bad += c < 1e-12
    return PResult("nguyen_mondelli20.sec3.1.footnote2", "failure rate",
                   rates=[Rate("d = 1 (parallel)" if variant == "mutant" else "d >= 2", "σ_N(F₁)/σ₁(F₁) < 1e−12",
                               bad, T, 0.01, _seeds(seed, 2, T))],
                   notes={"min σ_N/σ₁": min(conds), "median σ_N/σ₁": float(np.median(conds))})


# =========================================================================== §3.2: (12) and the iteration count
_LC_ACT = "smooth_leaky_relu(0.1,1)"


@lru_cache(maxsize=1024)
def _lecun_point(seed: int, N: int, d: int, n1: int, s: int) -> tuple[float, float, float, float]:
    """One LeCun draw at L = 2 (widths (d, n₁, 1)), sphere rows, labels ±1: (ρ₄, ρ₅, Q₀/α₀, λ_*)."""
    g = _rng(seed, 12, N, d, n1, s)
    X = sphere(N, d, g)
    Y = np.where(g.random((N, 1)) < 0.5, -1.0, 1.0)
    W1 = g.standard_normal((d, n1)) / math.sqrt(d)
    W2 = g.standard_normal((n1, 1)) / math.sqrt(n1)
    F1 = _sigma(_LC_ACT)(X @ W1)
    act = parse_activation(_LC_ACT)
    n_w = (_spec(W1), _spec(W2))
    c = InitConstants(gamma=act.gamma, lam_bar=tuple((2 / 3) * (1 + v) for v in n_w), lam=(_smin(W1), _smin(W2)),
                      lam_F=math.sqrt(_lam_min_gram(F1)), x_fro=float(np.linalg.norm(X)), x_spec=_spec(X),
                      sqrt2phi=float(np.linalg.norm(F1 @ W2 - Y)), beta=act.beta)
    a = assumption31_from(c)
    ls = float(np.linalg.eigvalsh(kernels.gram_star(X, _LC_ACT))[0])
    return float(a["rho4"]), float(a["rho5"]), float(a["Q0"]) / float(a["alpha0"]), ls


def _n1_scan(big: bool) -> list[int]:
    return _geom(256, 16384 if big else 8192, 2)


def _N_scan(big: bool) -> list[int]:
    return _geom(8, 256 if big else 128, 2)


@_p_claim(
    id="nguyen_mondelli20.sec3.2.eq12",
    where="Nguyen & Mondelli 2020, eq. (12) (§3.2), Theorem C.4",
    statement="at LeCun initialisation with sphere data, n_L constant and ‖y_i‖ = O(1), Assumption 3.1 holds w.h.p. "
              "once n₁ = Ω(max(‖X‖₂²λ_*^{−1}log²(N/λ_*), N²2^{O(L)}λ_*^{−2})); mechanism: ρ₄ = RHS(4)/λ_F² = "
              "O(N/(λ_*√n₁)) and ρ₅ = RHS(5)/λ_F³ = O(n₁^{−3/2})",
    hypotheses=("L = 2, widths (d, n₁, 1)", "rows uniform on the sphere of radius √d", "labels ±1",
                "σ = (2), γ = 0.1, β = 1",
                "n₁-scan: N = 16, d = 8; N-scan: N = 2d, n₁ = 32N (fixed aspect ratios n₁/d, n₁/N: no Bai–Yin drift of "
                "‖W₁⁰‖₂²/(n₁/d); λ_F² ≈ n₁λ_* already there, see sec3.2.lemmac2)"),
    test="bounded ratio (O, from above): medians of ρ₄λ_*√n₁/N and of ρ₅n₁^{3/2} against n₁ (N = 16), and of "
         "ρ₄λ_*√n₁/N against N (N = 2d, n₁ = 32N); slope CIs reach ≤ +ln2/ln(range) (mutant \"n₁ = Ω(N/λ_*) "
         "suffices\", i.e. ρ₄ = O(N/(λ_*n₁)): ρ₄λ_*n₁/N, slope +½ in n₁)",
)
def eq12(seed: int, variant: str | None) -> PResult:
    """(12): the width needed for Assumption 3.1 at LeCun initialisation (bounded ratio of ρ₄, ρ₅)."""
    S = 10 if _big() else 8
    n1s, Ns = _n1_scan(_big()), _N_scan(_big())
    p = 1.0 if variant == "mutant" else 0.5
    y4 = [[_lecun_point(seed, 16, 8, n1, s)[0] * _lecun_point(seed, 16, 8, n1, s)[3] * n1**p / 16 for s in range(S)]
          for n1 in n1s]
    y5 = [[_lecun_point(seed, 16, 8, n1, s)[1] * n1**1.5 for s in range(S)] for n1 in n1s]
    yN = []
    for N in Ns:
        n1 = 32 * N
        yN.append([_lecun_point(seed, N, N // 2, n1, s)[0] * _lecun_point(seed, N, N // 2, n1, s)[3] * n1**p / N
                   for s in range(S)])
    q = f"ρ₄λ_*{'n₁' if p == 1 else '√n₁'}/N"
    sd = _seeds(seed, 12, S)
    scans = [bounded("rho4 n1-scan (N = 16, d = 8)", "n₁", q, n1s, y4, "le", sd),
             bounded("rho4 N-scan (N = 2d, n1 = 32N)", "N", q, Ns, yN, "le", sd)]
    if variant != "mutant":
        scans.insert(1, bounded("rho5 n1-scan (N = 16, d = 8)", "n₁", "ρ₅n₁^{3/2}", n1s, y5, "le", sd))
    return PResult("nguyen_mondelli20.sec3.2.eq12", "bounded ratio", scans,
                   notes={"median ρ₄ at the largest n₁ (N = 16)": float(np.median(
                       [_lecun_point(seed, 16, 8, n1s[-1], s)[0] for s in range(S)]))})


@_p_claim(
    id="nguyen_mondelli20.sec3.2.iterations",
    where="Nguyen & Mondelli 2020, §3.2, last paragraph (iterations ≍ N^{3/2}2^{O(L)}λ_*^{−1}log(1/ε))",
    statement="with η ≈ 1/Q₀, (7) needs K ≈ (Q₀/α₀)log(Φ₀/ε) iterations and Q₀/α₀ ≍ 2^{O(L)}N^{3/2}/λ_* at LeCun "
              "initialisation (in the regime of (12), where λ_F² ≍ n₁λ_*)",
    hypotheses=("as nguyen_mondelli20.sec3.2.eq12",),
    test="bounded ratio (Θ): medians of Q₀/α₀ against n₁ (N = 16) and of λ_*Q₀/(α₀N^{3/2}) against N (N = 2d, "
         "n₁ = 32N), slope CIs within ±ln2/ln(range) (mutant \"N/λ_*\": λ_*Q₀/(α₀N), slope +½ in N)",
)
def iterations(seed: int, variant: str | None) -> PResult:
    """§3.2: the iteration count of Theorem 3.2 at LeCun initialisation scales as N^{3/2}/λ_* (bounded ratio)."""
    S = 10 if _big() else 8
    n1s, Ns = _n1_scan(_big()), _N_scan(_big())
    e = 1.0 if variant == "mutant" else 1.5
    yn = [[_lecun_point(seed, 16, 8, n1, s)[2] for s in range(S)] for n1 in n1s]
    yN = []
    for N in Ns:
        pts = [_lecun_point(seed, N, N // 2, 32 * N, s) for s in range(S)]
        yN.append([p[2] * p[3] / N**e for p in pts])
    sd = _seeds(seed, 12, S)
    scans = [bounded("N-scan (N = 2d, n1 = 32N)", "N", f"λ_*Q₀/(α₀N^{e:g})", Ns, yN, "both", sd)]
    if variant != "mutant":
        scans.insert(0, bounded("n1-scan (N = 16, d = 8)", "n₁", "Q₀/α₀", n1s, yn, "both", sd))
    return PResult("nguyen_mondelli20.sec3.2.iterations", "bounded ratio", scans)


# =========================================================================== Theorem 3.2: the limit
_LIM_ACT = "smooth_leaky_relu(0.5,1)"


def _gd_l2(X: np.ndarray, W1: np.ndarray, W2: np.ndarray, Y: np.ndarray, eta: float, K: int
           ) -> tuple[list[float], list[float], bool]:
    """Full-batch GD on both layers of the L = 2 network F₂ = σ(XW₁)W₂ (NM eq. (1)), Φ = ½‖F₂ − Y‖²_F.

    Returns (Φ_k for the iterates kept, ‖θ_{k+1} − θ_k‖₂ = η‖∇Φ(θ_k)‖₂ per step, diverged). The run ends at the first
    rounding-level iterate √(2Φ_k) < 1e−4(‖F₂^k‖_F + ‖Y‖_F) (catalog conventions (c)) or at a non-finite Φ."""
    a = parse_activation(_LIM_ACT)
    g, s = a.gamma, a.s
    sig = _sigma(_LIM_ACT)
    W1, W2 = W1.copy(), W2.copy()
    losses, steps = [], []
    for _ in range(K + 1):
        Z = X @ W1
        F1 = sig(Z)
        out = F1 @ W2
        R = out - Y
        phi = 0.5 * float((R * R).sum())
        if not math.isfinite(phi):
            return losses, steps, True
        if math.sqrt(2 * phi) < 1e-4 * (float(np.linalg.norm(out)) + float(np.linalg.norm(Y))):
            break
        losses.append(phi)
        if len(losses) == K + 1:
            break
        G2 = F1.T @ R
        G1 = X.T @ ((R @ W2.T) * (g + (1 - g) * ndtr(Z / s)))
        steps.append(eta * math.sqrt(float((G1 * G1).sum() + (G2 * G2).sum())))
        W1 -= eta * G1
        W2 -= eta * G2
    return losses, steps, False


@_p_claim(
    id="nguyen_mondelli20.thm3.2.limit",
    where="Nguyen & Mondelli 2020, end of the proof of Theorem 3.2 (§4): \"θ_* … Φ(θ_*) = 0, hence θ_* is a global "
          "minimizer\"",
    statement="under Assumptions 2.1, 2.2, 3.1 and 0 < η < min(1/α₀, 1/Q₀), θ_k converges to some θ_* and Φ(θ_*) = 0; "
              "checked through its two ingredients on the observed horizon: Φ_k ≤ (1−ηα₀)^kΦ₀ at every k (so Φ_k → 0, "
              "no plateau at a positive level) and the Cauchy tail Σ_{s≥k}‖θ_{s+1} − θ_s‖₂ ≤ u^kQ₁ (so θ_k converges)",
    hypotheses=("L = 2, N ∈ {1, 2}, d ∈ {2, 3}, n₁ ∈ [16, 48]", "X i.i.d. 𝒩(0,1)", "W₁⁰ LeCun, W₂⁰ = 0",
                "σ = (2), γ = ½, β = 1", "label scaling: Y = t·Y_dir with ρ₄, ρ₅ ≤ ½ (Assumption 3.1)",
                "η = 0.99·min(1/α₀, 1/Q₀)"),
    test="failure rate (direction test): event {some kept iterate has Φ_k > (1−ηα₀)^kΦ₀(1+1e−9), or the step tail "
         "from K/2 exceeds u^{K/2}Q₁(1+1e−9), or the run diverges}, claimed probability 0 (deterministic under the "
         "hypotheses: any failure refutes), K = 600 steps (mutant: drop η < 1/Q₀, η = 0.99/α₀: the runs diverge)",
)
def limit(seed: int, variant: str | None) -> PResult:
    """Theorem 3.2's limit is a global minimiser (failure rate of the two ingredients along GD)."""
    T, K = (60, 1200) if _big() else (25, 600)
    act = parse_activation(_LIM_ACT)
    fails, ratios, worst = 0, [], 0.0
    for s in range(T):
        g = _rng(seed, 9, s)
        N, d, n1 = int(g.integers(1, 3)), int(g.integers(2, 4)), int(g.integers(16, 49))
        X = g.standard_normal((N, d))
        W1 = g.standard_normal((d, n1)) / math.sqrt(d)
        W2 = np.zeros((n1, 1))
        Ydir = g.standard_normal((N, 1))
        F1 = _sigma(_LIM_ACT)(X @ W1)
        base = dict(gamma=act.gamma, lam_bar=((2 / 3) * (1 + _spec(W1)), 2 / 3), lam=(_smin(W1), 0.0),
                    lam_F=math.sqrt(_lam_min_gram(F1)), x_fro=float(np.linalg.norm(X)), x_spec=_spec(X),
                    beta=act.beta)
        unit = assumption31_from(InitConstants(**base, sqrt2phi=float(np.linalg.norm(Ydir))))
        t = 0.5 / max(float(unit["rho4"]), float(unit["rho5"]))
        Y = t * Ydir
        a = assumption31_from(InitConstants(**base, sqrt2phi=float(np.linalg.norm(Y))))
        alpha0, Q0, Q1 = float(a["alpha0"]), float(a["Q0"]), float(a["Q1"])
        eta = 0.99 / alpha0 if variant == "mutant" else 0.99 * min(1 / alpha0, 1 / Q0)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence (mutant) is detected, not warned about
            losses, steps, diverged = _gd_l2(X, W1, W2, Y, eta, K)
        rate = 1 - eta * alpha0
        bad = diverged or any(phi > max(rate, 0.0) ** k * losses[0] * (1 + 1e-9) for k, phi in enumerate(losses))
        k2 = len(steps) // 2
        u = math.sqrt(max(rate, 0.0))
        tail = float(sum(steps[k2:]))
        if not diverged and Q1 > 0:
            worst = max(worst, tail / (u**k2 * Q1))
            bad = bad or tail > u**k2 * Q1 * (1 + 1e-9)
        fails += bad
        if losses and not diverged:
            ratios.append(losses[-1] / losses[0])
    return PResult("nguyen_mondelli20.thm3.2.limit", "failure rate", rates=[
        Rate("label-scaling runs", "Φ_k > (1−ηα₀)^kΦ₀ or step tail > u^kQ₁ or divergence", fails, T, 0.0,
             _seeds(seed, 9, T))],
        notes={"K": K, "median Φ_K/Φ₀": float(np.median(ratios)) if ratios else None,
               "max tail/(u^(K/2)Q₁)": worst})
