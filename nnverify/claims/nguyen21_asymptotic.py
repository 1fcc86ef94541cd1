"""Nguyen 2021 (seed 000), §3.2–§3.3: the probabilistic/asymptotic (class P) entries of `lemmas/nguyen21.md`.

Each claim's evaluation runs ONE statistical test (stated in its statement and measurement) from the case's
seed offset ($NNVERIFY_P_SEED, default 0) and returns one Evaluation per scan / rate:
- "scaling exponent": log–log slope of a quantity with a bootstrap CI over seeds (`nnverify.stats.bootstrap_slope`,
  level 1 − FALSE_ALARM); Ω(x^a) is consistent when the CI reaches up to a (`allows_at_least`), O(x^a) when it
  reaches down to a (`allows_at_most`). No margin.
- "bounded ratio": the slope of measured/(claimed shape) must reach ≤ +μ (O) and/or ≥ −μ (Ω, Θ: both), where
  μ = ln 2/ln(x_max/x_min) is the resolution of the scan: a ratio whose fitted drift over the whole scan is
  below a factor 2 counts as bounded. It absorbs the approach of Θ(1) constants to their limits (Bai–Yin:
  ‖W‖₂ → 1 + √(n₁/n₀) from below, Tracy–Widom edge), which otherwise a 99.9 % CI over 8 seeds resolves;
  every mutant drifts by ≥ (range)^{1/3} ≥ 4×.
- "failure rate": an explicit event counted over independent draws, exact binomial p-value (`binomial_excess`)
  against the claimed probability p₀; refuted when p < FALSE_ALARM.
Results are cached per (claim, variant, seed offset, profile), so the property, the mutant tests and
`tests/test_mutants.py` share one run per process.

Conventions (paper → code): rows are samples; X (N, n₀), W_l (n_{l−1}, n_l), F_l = σ(F_{l−1}W_l), F_L = F_{L−1}W_L;
Φ = ½‖F_L − Y‖²_F; α₀ = σ_min(F_{L−1}) (α₀² = λ_min(F_{L−1}F_{L−1}ᵀ)); λ̄_l = ‖W_l⁰‖₂ + C_l; (7)–(9) as in
`nguyen21.conditions` (product forms `prod_except`, `sum_sq_except`); λ* = λ_min(G*) with G* the exact
arc-cosine kernel `nnverify.kernels.gram_star(X, "relu")` (w ~ 𝒩(0, I/n₀)). Data: rows uniform on the sphere of
radius √n₀ (sub-Gaussian, ‖X_{i:}‖ = √d; satisfies Assumption 3.1), except `cor3.2.data_norms` (standard
Gaussian rows, also Assumption 3.1). Spectral norms via the Gram of the smaller side (eigvalsh of ≤ 64×64);
where only F₁ = σ(XW₁) is needed (`sec3.2.width_n2`), the columns of XW₁ are drawn exactly as i.i.d.
𝒩(0, XXᵀ/n₀) (W₁ ~ LeCun), so widths up to 3·10⁴ cost N·n₁ numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import torch

from nnverify.claims._pclaim import p_case, p_claim_registrar
from nnverify.claims._stattest import PResult, Rate, Scan, bounded
from nnverify.claims.core import Evaluation, Relation, Tolerance
from nnverify.claims.nguyen21 import condition_sides
from nnverify.profiles import active_profile as profile
from nnverify.profiles import seed_offset

__all__ = ["PResult", "Rate", "Scan", "lam_star", "p_result", "profile", "seed_offset"]

F64 = torch.float64
#: D side checks inside P entries (σ_min by eigvalsh, spectral norms): float64 round-off of O(N) eigen solves.
TOL_D = Tolerance(1e-9, 0.0, "catalog conventions: composite inequality of eigvalsh-based norms, relative 1e−9")


# =========================================================================== profile and seeds
def _big() -> bool:
    return profile() == "thorough"


def _gen(*parts: int) -> torch.Generator:
    s = 0
    for p in parts:
        s = (s * 1_000_003 + int(p)) % (2**62)
    return torch.Generator().manual_seed(s)


def _seeds(seed: int, tag: int, S: int) -> list[int]:
    return [10_000 * seed + 100 * tag + s for s in range(S)]


# =========================================================================== small numerics
def sphere(N: int, d: int, g: torch.Generator) -> torch.Tensor:
    """(N, d) rows uniform on the sphere of radius √d (§3.2 data; Assumption 3.1)."""
    Z = torch.randn(N, d, generator=g, dtype=F64)
    return Z / torch.linalg.vector_norm(Z, dim=1, keepdim=True) * math.sqrt(d)


def signs(N: int, k: int, g: torch.Generator) -> torch.Tensor:
    """(N, k) labels in {±1}/√k, so ‖Y_{i:}‖ = 1 = O(1)."""
    return (2.0 * (torch.rand(N, k, generator=g, dtype=F64) < 0.5).to(F64) - 1.0) / math.sqrt(k)


def gauss(a: int, b: int, var: float, g: torch.Generator) -> torch.Tensor:
    return math.sqrt(var) * torch.randn(a, b, generator=g, dtype=F64)


def spec(W: torch.Tensor) -> float:
    """‖W‖₂ via eigvalsh of the Gram of the smaller side."""
    G = W @ W.T if W.shape[0] <= W.shape[1] else W.T @ W
    return math.sqrt(max(float(torch.linalg.eigvalsh(G)[-1]), 0.0))


def lam_min_rows(F: torch.Tensor) -> float:
    """σ_min(F)² = λ_min(FFᵀ) (0 when F has fewer columns than rows, clamped at 0)."""
    return max(float(torch.linalg.eigvalsh(F @ F.T)[0]), 0.0)


def lam_star(X: torch.Tensor) -> float:
    """λ* = λ_min(E_{w~𝒩(0,I/n₀)}[σ(Xw)σ(Xw)ᵀ]) exactly (arc-cosine kernel, `nnverify.kernels`)."""
    from nnverify.kernels import gram_star  # lazy: the kernels module is owned elsewhere

    return float(np.linalg.eigvalsh(gram_star(X.numpy(), "relu"))[0])


def forward(X: torch.Tensor, Ws: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    """F₀ = X, F_l = σ(F_{l−1}W_l) (l < L), F_L = F_{L−1}W_L (eq. (1))."""
    F = [X]
    for l, W in enumerate(Ws, 1):
        Z = F[-1] @ W
        F.append(Z if l == len(Ws) else torch.relu(Z))
    return F


def condition_ratios(X: torch.Tensor, Ws: Sequence[torch.Tensor], Y: torch.Tensor, C: Sequence[float],
                     lam: Sequence[float] | None = None) -> dict[str, float]:
    """lhs/rhs of (7), (8), (9) of Thm 2.2 at θ⁰ = Ws (same formulas as `nguyen21.conditions`, product form).

    `lam` may pass precomputed ‖W_l⁰‖₂ (without C)."""
    F = forward(X, Ws)
    L = len(Ws)
    a2 = lam_min_rows(F[L - 1])
    norms = [spec(W) for W in Ws] if lam is None else list(lam)
    return ratios_from(a2, norms, C, float(torch.linalg.vector_norm(X)), float(torch.linalg.vector_norm(F[L] - Y)))


def ratios_from(a2: float, norms: Sequence[float], C: Sequence[float], xf: float, rho: float) -> dict[str, float]:
    """lhs/rhs of (7), (8), (9) (`nguyen21.condition_sides`) from α₀², ‖W_l⁰‖₂, C_l, ‖X‖_F, √(2Φ(θ⁰))."""
    lb = [n + c for n, c in zip(norms, C, strict=True)]
    sides = condition_sides(math.sqrt(a2), lb, C, xf, rho)
    out = {k: (lhs / rhs if rhs > 0 else math.inf) for k, (lhs, rhs) in sides.items()}
    return {**out, "alpha0^2": a2, "sqrt2phi": rho, "xf": xf}


# =========================================================================== results
_EXPERIMENTS: dict[str, Callable[[int, str | None], PResult]] = {}
_CACHE: dict[tuple[str, str | None, int, str], PResult] = {}


def p_result(claim_id: str, variant: str | None = None, seed: int | None = None) -> PResult:
    """The (cached) statistical test of a P claim at seed offset `seed` (default $NNVERIFY_P_SEED)."""
    seed = seed_offset() if seed is None else int(seed)
    key = (claim_id, variant, seed, profile())
    if key not in _CACHE:
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # many tiny BLAS calls: extra threads only contend (47 ms vs 0.5 ms per Gram)
        try:
            res = _EXPERIMENTS[claim_id](seed, variant)
            res.variant = variant
            for s in res.scans:
                s.run()
        finally:
            torch.set_num_threads(threads)
        _CACHE[key] = res
    return _CACHE[key]


_p_case = p_case
#: `@_p_claim(id=…, …)` registers a P claim whose measurement is fn(seed offset, variant) → PResult.
_p_claim = p_claim_registrar(_EXPERIMENTS, lambda cid, v, s: p_result(cid, v, s).evaluations())


def _pow2(lo: int, hi: int, step: int = 2) -> list[int]:
    """lo, lo·2^step, …, ≤ hi."""
    out, v = [], lo
    while v <= hi:
        out.append(v)
        v <<= step
    return out


# =========================================================================== §3.2, eq. (20)
def _eq20_draws(seed: int, S: int) -> dict[str, object]:
    """‖W₁⁰‖₂ over an n₁-scan (n₀ = 16) and an n₀-scan (n₁ = 16); ‖W₂⁰‖₂ (n₂ = 2) over the n₁-scan (LeCun (19))."""
    ns = _pow2(16, 16384 if _big() else 4096)
    n1s = [[spec(gauss(16, n1, 1.0 / 16, _gen(seed, 20, 1, n1, s))) for s in range(S)] for n1 in ns]
    n0s = [[spec(gauss(n0, 16, 1.0 / n0, _gen(seed, 20, 2, n0, s))) for s in range(S)] for n0 in ns]
    w2 = [[spec(gauss(n1, 2, 1.0 / n1, _gen(seed, 20, 3, n1, s))) for s in range(S)] for n1 in ns]
    return {"ns": ns, "n1": n1s, "n0": n0s, "w2": w2}


@_p_claim(
    id="nguyen21.sec3.2.eq20",
    where="Nguyen 2021, §3.2, eq. (20)",
    statement="under LeCun (19) with C₁ = C₂ = 1, w.p. ≥ 1 − e^{−Ω(n₁)}: λ̄₁ = ‖W₁⁰‖₂ + 1 = O(1 + √(n₁/n₀)) "
              "(printed O(√n₁/√n₀), valid only for n₁ ≳ n₀: refuted at n₁ = 16 ≪ n₀) and λ̄₂ = O(1)",
    hypotheses=("Gaussian LeCun init (19)", "C₁ = C₂ = 1", "n₂ = O(1) (here 2)"),
    test="bounded ratio: median over seeds of λ̄₁/(1 + √(n₁/n₀)) against n₁ (n₀ = 16) and against n₀ (n₁ = 16), "
         "and of λ̄₂ against n₁; slope CIs reach ≤ ln2/ln(range) (printed/mutant λ̄₁/√(n₁/n₀): slope ½ in n₀)",
    printed=True,
)
def eq20(seed: int, variant: str | None) -> PResult:
    """(20): operator norms of the LeCun-initialised layers (bounded ratio)."""
    S = 12 if _big() else 8
    d = _eq20_draws(seed, S)
    ns = d["ns"]
    printed = variant in ("printed", "mutant")  # the catalog's mutant is the printed bound used for all n₀, n₁

    def shape(n0: int, n1: int) -> float:
        return math.sqrt(n1 / n0) if printed else 1.0 + math.sqrt(n1 / n0)

    q = "λ̄₁/√(n₁/n₀)" if printed else "λ̄₁/(1+√(n₁/n₀))"
    y1 = [[(v + 1.0) / shape(16, n1) for v in r] for n1, r in zip(ns, d["n1"], strict=True)]
    y0 = [[(v + 1.0) / shape(n0, 16) for v in r] for n0, r in zip(ns, d["n0"], strict=True)]
    y2 = [[v + 1.0 for v in r] for r in d["w2"]]
    sd = _seeds(seed, 20, S)
    return PResult("nguyen21.sec3.2.eq20", "bounded ratio", [
        bounded("n1-scan (n0 = 16)", "n₁", q, ns, y1, "le", sd),
        bounded("n0-scan (n1 = 16)", "n₀", q, ns, y0, "le", sd),
        bounded("lambda2 n1-scan (n2 = 2)", "n₁", "λ̄₂ = ‖W₂⁰‖₂ + 1", ns, y2, "le", sd),
    ], notes={"max λ̄₁/(1+√(n₁/n₀))": max(max((v + 1) / (1 + math.sqrt(n1 / 16)) for v in r)
                                          for n1, r in zip(ns, d["n1"], strict=True)),
              "max λ̄₂": max(max(r) for r in y2), "C": [1.0, 1.0]})


# =========================================================================== §3.2, eq. (21)
def first_layer(X: torch.Tensor, n1: int, g: torch.Generator) -> torch.Tensor:
    """XW₁ for W₁ ~ LeCun (19), drawn exactly in distribution: its columns are i.i.d. 𝒩(0, XXᵀ/n₀), so we draw
    R·G with RRᵀ = XXᵀ/n₀ (eigen square root, valid for any rank) and G (N, n₁) standard: N·n₁ numbers instead
    of n₀·n₁."""
    ev, U = torch.linalg.eigh(X @ X.T / X.shape[1])
    R = U * ev.clamp_min(0.0).sqrt()
    return R @ torch.randn(X.shape[0], n1, generator=g, dtype=F64)


def _alpha_ratio(seed: int, tag: int, N: int, dim: int, n1: int, s: int) -> tuple[float, float]:
    """One draw of fresh data and W₁ (LeCun): (α₀², λ*) with α₀ = σ_min(σ(XW₁))."""
    g = _gen(seed, tag, N, dim, n1, s)
    X = sphere(N, dim, g)
    return lam_min_rows(torch.relu(first_layer(X, n1, g))), lam_star(X)


@_p_claim(
    id="nguyen21.sec3.2.eq21",
    where="Nguyen 2021, §3.2, eq. (21)",
    statement="w.p. ≥ 1 − δ, α₀ = σ_min(σ(XW₁⁰)) ≥ √(n₁λ*/4) once n₁ ≥ Ω̃(N/λ*), λ* = λ_min(E_w[σ(Xw)σ(Xw)ᵀ]) "
              "(printed \"√n₁λ*/4\": extraction damage, read √(n₁λ*/4); the weaker √(n₁λ*)/4 is implied)",
    hypotheses=("LeCun (19)", "rows i.i.d. uniform on the sphere of radius √d", "d = N² (≥ N^r)",
                "n₁ ∈ {16, 64, 256}·N ≥ N log(N/δ)/λ* for δ = 0.05"),
    test="failure rate: event {α₀² < n₁λ*/4} over independent draws of (X, W₁) at each n₁, exact binomial test "
         "of P ≤ δ = 0.05 (mutant without the 1/4: fails in almost every draw)",
)
def eq21(seed: int, variant: str | None) -> PResult:
    """(21): the first-layer features are well conditioned (failure rate)."""
    N, dim = 16, 256
    T = 120 if _big() else 60
    n1s = [16 * N, 64 * N, 256 * N]
    k = 1.0 if variant == "mutant" else 0.25
    rates, med = [], {}
    for n1 in n1s:
        r = [_alpha_ratio(seed, 21, N, dim, n1, s) for s in range(T)]
        ratios = [a / (n1 * ls) for a, ls in r]
        med[n1] = float(np.median(ratios))
        rates.append(Rate(f"n1 = {n1}", f"α₀² < {k:g}·n₁λ*", sum(q < k for q in ratios), T, 0.05,
                          _seeds(seed, 21, T)))
    return PResult("nguyen21.sec3.2.eq21", "failure rate", rates=rates,
                   notes={"N": N, "d": dim, "median α₀²/(n₁λ*) per n₁": med, "δ": 0.05})


# =========================================================================== §3.2, eq. (22)
@_p_claim(
    id="nguyen21.sec3.2.eq22",
    where="Nguyen 2021, §3.2, eq. (22)",
    statement="under (19) and ‖Y_{i:}‖ = O(1), w.p. ≥ 1 − δ: √(2Φ(θ⁰)) ≤ Õ(√N)",
    hypotheses=("LeCun (19)", "rows on the sphere of radius √d, d = 64", "n₁ = 1024, n₂ = 1", "Y ∈ {±1}"),
    test="bounded ratio: median over seeds of √(2Φ(θ⁰))/√N against N; slope CI reaches ≤ ln2/ln(range) "
         "(mutant O(1): √(2Φ(θ⁰)) itself, slope ½)",
)
def eq22(seed: int, variant: str | None) -> PResult:
    """(22): the initial residual grows like √N (bounded ratio)."""
    S = 16 if _big() else 10
    Ns = [4, 8, 16, 32, 64, 128] if _big() else [4, 8, 16, 32, 64]
    dim, n1 = 64, 1024
    y = []
    for N in Ns:
        row = []
        for s in range(S):
            g = _gen(seed, 22, N, s)
            X, Y = sphere(N, dim, g), signs(N, 1, g)
            Ws = [gauss(dim, n1, 1.0 / dim, g), gauss(n1, 1, 1.0 / n1, g)]
            r = float(torch.linalg.vector_norm(forward(X, Ws)[-1] - Y))
            row.append(r if variant == "mutant" else r / math.sqrt(N))
        y.append(row)
    q = "√(2Φ(θ⁰))" if variant == "mutant" else "√(2Φ(θ⁰))/√N"
    return PResult("nguyen21.sec3.2.eq22", "bounded ratio",
                   [bounded("N-scan", "N", q, Ns, y, "le", _seeds(seed, 22, S))],
                   notes={"d": dim, "n1": n1, "max ratio": max(max(r) for r in y)})


# =========================================================================== §3.2, λ* = Ω(1)
@_p_claim(
    id="nguyen21.sec3.2.lambda_star",
    where="Nguyen 2021, §3.2, last paragraph (Theorem 3.3 of Nguyen & Mondelli 2020)",
    statement="for i.i.d. sub-Gaussian rows with ‖x_i‖ = √d, w.h.p. λ* = λ_min(E_{w~𝒩(0,I/d)}[σ(Xw)σ(Xw)ᵀ]) ≥ Ω(1) "
              "once d ≥ N^r (r ≥ 2 fixed)",
    hypotheses=("rows i.i.d. uniform on the sphere of radius √d", "d = N² (r = 2)"),
    test="bounded ratio (from below): median over seeds of λ* (exact arc-cosine kernel) against N with d = N²; "
         "slope CI reaches ≥ −ln2/ln(range) (mutant: d fixed at 8, no growth with N: slope ≈ −1.5)",
)
def lambda_star_claim(seed: int, variant: str | None) -> PResult:
    """λ* stays bounded below when d ≥ N² (bounded ratio from below)."""
    S = 12 if _big() else 8
    Ns = [4, 8, 16, 32, 64, 128] if _big() else [4, 8, 16, 32, 64]

    def dim(N: int) -> int:
        return 8 if variant == "mutant" else N * N

    y = [[lam_star(sphere(N, dim(N), _gen(seed, 23, N, s))) for s in range(S)] for N in Ns]
    q = "λ* (d = 8)" if variant == "mutant" else "λ* (d = N²)"
    return PResult("nguyen21.sec3.2.lambda_star", "bounded ratio",
                   [bounded("N-scan", "N", q, Ns, y, "ge", _seeds(seed, 23, S))],
                   notes={"min λ*": min(min(r) for r in y)})


# =========================================================================== §3.2, width n₁ = Ω(N²)
def _cond18(seed: int, tag: int, N: int, n1: int, s: int) -> float:
    """(18) ratio α₀²/(16‖X‖_F²λ̄₂²) at d = N², C₂ = 1, n₂ = 1, one draw (XW₁ drawn exactly, `first_layer`)."""
    g = _gen(seed, tag, N, n1, s)
    X = sphere(N, N * N, g)
    a2 = lam_min_rows(torch.relu(first_layer(X, n1, g)))
    lam2 = float(torch.linalg.vector_norm(gauss(n1, 1, 1.0 / n1, g))) + 1.0
    return a2 / (16.0 * float(X.pow(2).sum()) * lam2 * lam2)


def _alpha_bound_checks(seed: int, *, power: int = 1) -> Evaluation:
    """Derived D bound α₀² ≤ ‖X‖_F²∏_{p<L}‖W_p⁰‖₂²/N (catalog (ii)), on explicit small draws (L = 2, 3, 4)."""
    worst, where = 0.0, ""
    for k in range(24):
        g = _gen(seed, 25, k)
        N, n0 = 2 + k % 5, 2 + k % 4
        L = 2 + k % 3
        widths = [n0, *[N + (k * 7 + j) % 6 for j in range(L - 1)], 1]
        X = torch.randn(N, n0, generator=g, dtype=F64)
        Ws = [gauss(widths[j], widths[j + 1], 1.0 / widths[j], g) for j in range(L)]
        a2 = lam_min_rows(forward(X, Ws)[L - 1])
        bound = float(X.pow(2).sum()) * math.prod(spec(W) ** 2 for W in Ws[:-1]) / N**power
        if bound > 0 and a2 / bound > worst:
            worst, where = a2 / bound, f"N={N}, widths={widths}"
    return Evaluation(lhs=worst, rhs=1.0, relation=Relation.LE, tol=TOL_D, vacuous=False,
                      label=f"(ii) D: max over 24 draws of α₀²/(‖X‖_F²∏_(p<L)‖W_p‖₂²/N{'' if power == 1 else '²'}) "
                      f"≤ 1 (worst at {where})", lhs_name="max ratio")


@_p_claim(
    id="nguyen21.sec3.2.width_n2",
    where="Nguyen 2021, §3.2 (\"satisfied for n₁ = Ω(N²λ*^{−2})\"; abstract: quadratic width for two layers)",
    statement="CORRECTED (errata 6): under (19), d = n₀ ≥ N^r and C₁ = C₂ = 1, (18) α₀² ≥ 16‖X‖_F²λ̄₂² holds w.h.p. "
              "for n₁ = Ω(N·d) (n₁ ≳ 64Nd is necessary: (18) forces ‖W₁⁰‖₂ ≥ 4√Nλ̄₂), i.e. n₁ = Ω(N³) at d = N²; the "
              "printed n₁ = Ω(N²λ*^{−2}) = Ω(N²) is refuted: along n₁ = 4N² the (18) ratio decays like 1/N. "
              "Also the derived D bound α₀² ≤ ‖X‖_F²∏_{p<L}‖W_p⁰‖₂²/N",
    hypotheses=("LeCun (19)", "rows uniform on the sphere of radius √d, d = N²", "n₂ = 1", "C₂ = 1"),
    test="scaling exponent: median over seeds of the (18) ratio α₀²/(16‖X‖_F²λ̄₂²) against N along n₁ = N·d = N³; "
         "the CI reaches ≥ 0 (Ω(1): a constant factor in n₁ then meets (18)); printed n₁ = 4N²: slope ≈ −1, refuted",
    printed=True,
)
def width_n2(seed: int, variant: str | None) -> PResult:
    """§3.2 width conclusion: n₁ ∝ N·d keeps (18)'s ratio bounded below; n₁ ∝ N² does not (scaling exponent)."""
    S = 12 if _big() else 8
    Ns = [4, 8, 16, 32, 64] if _big() else [4, 8, 16, 32]
    printed = variant in ("printed", "mutant")  # the catalog's mutant is the printed width

    def n1(N: int) -> int:
        return 4 * N * N if printed else N**3

    y = [[_cond18(seed, 26, N, n1(N), s) for s in range(S)] for N in Ns]
    name = "printed n1 = 4N^2" if printed else "corrected n1 = N*d = N^3"
    scan = Scan(name, "N", f"(18) ratio α₀²/(16‖X‖_F²λ̄₂²), n₁ = {'4N²' if printed else 'N³'}, d = N²",
                [float(N) for N in Ns], y, 0.0, "ge", seeds=_seeds(seed, 26, S))
    # extrapolated n₁ at which (18) holds, from ratio ∝ n₁ at fixed N (α₀² ≈ n₁λ*): n₁* = n₁/ratio
    notes = {"n1*(18) ≈ n1/ratio (median) per N": {N: n1(N) / float(np.median(r)) for N, r in zip(Ns, y, strict=True)},
             "necessary ‖W₁⁰‖₂ ≥ 4√Nλ̄₂ ⇒ n₁ ≳ 64Nd": True}
    return PResult("nguyen21.sec3.2.width_n2", "scaling exponent", [scan], checks=[_alpha_bound_checks(seed)],
                   notes=notes)


# =========================================================================== Lemma 3.3, eq. (29)
def _narrow(seed: int, tag: int, N: int, n0: int, m: int, L: int) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """Fixed data (sphere, radius √n₀) and fixed narrow layers W₁…W_{L−2} (LeCun, width m)."""
    g = _gen(seed, tag, N, n0, m, L)
    X = sphere(N, n0, g)
    dims = [n0] + [m] * (L - 2)
    return X, [gauss(dims[j], dims[j + 1], 1.0 / dims[j], g) for j in range(L - 2)]


def _homogeneity(seed: int, *, power: int = 1) -> Evaluation:
    """(a) D: σ_min(F_{L−1}(β_lW_l)) = ∏β_l·σ_min(F_{L−1}(W)) (positive homogeneity); abs error vs
    1e−13·L·∏β_l·‖X‖_F·∏‖W_l‖₂ (catalog: the scale that cancels, not the result)."""
    g = _gen(seed, 29, 99)
    X = sphere(6, 8, g)
    Ws = [gauss(8, 12, 1 / 8, g), gauss(12, 16, 1 / 12, g), gauss(16, 24, 1 / 16, g)]
    betas = [0.5, 3.0, 1.7]
    s0 = math.sqrt(lam_min_rows(forward(X, Ws)[-1]))
    s1 = math.sqrt(lam_min_rows(forward(X, [b * W for b, W in zip(betas, Ws, strict=True)])[-1]))
    scale = 1e-13 * 4 * math.prod(betas) * float(torch.linalg.vector_norm(X)) * math.prod(spec(W) for W in Ws)
    return Evaluation(lhs=abs(s1 - math.prod(betas) ** power * s0), rhs=0.0, relation=Relation.EQ,
                      tol=Tolerance(0.0, 0.0, "abs error 1e−13·L·∏β·‖X‖_F·∏‖W_l‖₂ (catalog: sec3.1.eq14)"),
                      atol=scale, scale=0.0, vacuous=False, lhs_name="|σ_min(F(βW)) − ∏β·σ_min(F(W))|",
                      label=f"(a) D homogeneity, β = {betas}, L = 4, {'∏β' if power == 1 else '∏β² (mutant)'}")


@_p_claim(
    id="nguyen21.lemma3.3.eq29",
    where="Nguyen 2021, Lemma 3.3, eq. (29), §3.3",
    statement="under Assumption 3.1 and (W_l)_{ij} ~ 𝒩(0, β_l²), with (27)–(28), w.h.p. σ_min(F_{L−1})² = "
              "Θ(n₀∏_{l=1}^{L−1}n_lβ_l²) (= Θ(n_{L−1}) at LeCun β_l² = 1/n_{l−1}); plus the D part (a): σ_min(F_{L−1}) "
              "is ∏β_l-homogeneous",
    hypotheses=("Assumption 3.1 (sphere)", "LeCun β_l² = 1/n_{l−1}", "N = 8, n₀ = 16, narrow width m = 32 fixed",
                "n_{L−1} ≥ 128 ≥ N log N log(N/δ)"),
    test="bounded ratio (Θ, both sides): median over seeds of σ_min(F_{L−1})²/(n₀∏n_lβ_l²) = σ_min²/n_{L−1} against "
         "n_{L−1} at L = 3 and L = 4, data and narrow layers fixed; slope CI meets [−μ, μ], μ = ln2/ln(range) "
         "(mutant, square dropped: σ_min/n_{L−1}, slope −½)",
)
def eq29(seed: int, variant: str | None) -> PResult:
    """(29): the last hidden layer's σ_min² scales like n₀∏n_lβ_l² (bounded ratio, two-sided)."""
    S = 12 if _big() else 8
    ns = _pow2(128, 32768 if _big() else 8192)
    N, n0, m = 8, 16, 32
    mutant = variant == "mutant"
    scans = []
    for L in (3, 4):
        X, narrow = _narrow(seed, 29, N, n0, m, L)
        Fm = forward(X, [*narrow, torch.zeros(m if L > 2 else n0, 1, dtype=F64)])[L - 2]
        y = []
        for n in ns:
            row = []
            for s in range(S):
                Wl = gauss(Fm.shape[1], n, 1.0 / Fm.shape[1], _gen(seed, 29, L, n, s))
                a2 = lam_min_rows(torch.relu(Fm @ Wl))
                # n₀∏_{l=1}^{L−1} n_lβ_l² = n₀·(m/n₀)·(m/m)⋯(n/m) = n
                row.append(math.sqrt(a2) / n if mutant else a2 / n)
            y.append(row)
        q = "σ_min(F_(L−1))/n_(L−1)" if mutant else "σ_min(F_(L−1))²/n_(L−1)"
        scans.append(bounded(f"L = {L}", "n_(L−1)", q, ns, y, "both", _seeds(seed, 29 + L, S)))
    return PResult("nguyen21.lemma3.3.eq29", "bounded ratio", scans,
                   checks=[_homogeneity(seed, power=2 if mutant else 1)], notes={"N": N, "n0": n0, "m": m})


# =========================================================================== Corollary 3.2
A_EXP, B_EXP, C_EXP = 4.0 / 3.0, -1.0 / 6.0, 0.5


def _cor_init(X: torch.Tensor, narrow: list[torch.Tensor], n: int, g: torch.Generator, *, out_var_exp: float = A_EXP,
              nL: int = 1) -> tuple[list[torch.Tensor], list[float]]:
    """(25)–(26): W_{L−1} ~ 𝒩(0, 1/n_{L−2}) (width n), W_L ~ 𝒩(0, n^{−a}); returns Ws and their spectral norms."""
    m = narrow[-1].shape[1] if narrow else X.shape[1]
    Wp = gauss(m, n, 1.0 / m, g)
    WL = gauss(n, nL, n ** (-out_var_exp), g)
    Ws = [*narrow, Wp, WL]
    return Ws, [spec(W) for W in Ws]


def _cor_C(L: int, n: int, *, cL: float | None = None) -> list[float]:
    """C_l = 1 (l ≤ L−2), C_{L−1} = n^c, C_L = n^b (Corollary 3.2 proof); `cL` overrides C_L (mutant)."""
    return [1.0] * (L - 2) + [n**C_EXP, n**B_EXP if cL is None else cL]


@_p_claim(
    id="nguyen21.cor3.2.lambda_bar",
    where="Nguyen 2021, Corollary 3.2 proof, the λ̄_l display (Theorem 4.4.5 of Vershynin)",
    statement="with (25)–(26), C as in the Corollary, w.p. ≥ 1 − e^{−Ω(min(n₀,m,n_{L−1}))}: "
              "λ̄_L = O(n^{(1−a)/2} + n^b), λ̄_{L−1} = O(√n/√m + n^c), λ̄_l = O(1) (2 ≤ l ≤ L−2), "
              "λ̄₁ = O(max(√m, √n₀)/√n₀), n = n_{L−1}",
    hypotheses=("(23) n_l = m for l ≤ L−2", "L = 4", "init (25)–(26)", "a, b, c = 4/3, −1/6, 1/2", "n_L = 1"),
    test="bounded ratio: median over seeds of λ̄_l/(predicted term) for l = L, L−1 against n_{L−1} (n₀ = m = 16), "
         "l = 1, 2 against m (n₀ = 16) and l = 1 against n₀ (m = 16); slope CIs reach ≤ ln2/ln(range) "
         "(mutant λ̄_L = O(n^{−1/2}), i.e. (1−a)/2 with a = 2: slope ⅓)",
)
def lambda_bar_claim(seed: int, variant: str | None) -> PResult:
    """λ̄ bounds of the Corollary 3.2 proof (bounded ratio)."""
    S = 12 if _big() else 8
    L, n0, m = 4, 16, 16
    ns = _pow2(256, 65536 if _big() else 16384)
    sizes = _pow2(16, 4096 if _big() else 1024)
    yL, yP = [], []
    for n in ns:
        rL, rP = [], []
        for s in range(S):
            g = _gen(seed, 31, n, s)
            X = sphere(2, n0, g)
            narrow = [gauss(n0, m, 1 / n0, g), gauss(m, m, 1 / m, g)]
            _, norms = _cor_init(X, narrow, n, g)
            C = _cor_C(L, n)
            lbL, lbP = norms[-1] + C[-1], norms[-2] + C[-2]
            pred_L = n**-0.5 if variant == "mutant" else n ** ((1 - A_EXP) / 2) + n**B_EXP
            rL.append(lbL / pred_L)
            rP.append(lbP / (math.sqrt(n / m) + n**C_EXP))
        yL.append(rL)
        yP.append(rP)
    y1m = [[(spec(gauss(n0, mm, 1 / n0, _gen(seed, 32, mm, s))) + 1.0) / (max(math.sqrt(mm), math.sqrt(n0)) /
                                                                           math.sqrt(n0)) for s in range(S)]
           for mm in sizes]
    y1n = [[(spec(gauss(nn, m, 1 / nn, _gen(seed, 33, nn, s))) + 1.0) / (max(math.sqrt(m), math.sqrt(nn)) /
                                                                          math.sqrt(nn)) for s in range(S)]
           for nn in sizes]
    y2 = [[spec(gauss(mm, mm, 1 / mm, _gen(seed, 34, mm, s))) + 1.0 for s in range(S)] for mm in sizes]
    sd = _seeds(seed, 31, S)
    qL = "λ̄_L/n^(−1/2) (mutant)" if variant == "mutant" else "λ̄_L/(n^((1−a)/2) + n^b)"
    return PResult("nguyen21.cor3.2.lambda_bar", "bounded ratio", [
        bounded("l = L", "n_(L−1)", qL, ns, yL, "le", sd),
        bounded("l = L-1", "n_(L−1)", "λ̄_(L−1)/(√(n/m) + n^c)", ns, yP, "le", sd),
        bounded("l = 1, m-scan", "m", "λ̄₁/(max(√m, √n₀)/√n₀)", sizes, y1m, "le", sd),
        bounded("l = 1, n0-scan", "n₀", "λ̄₁/(max(√m, √n₀)/√n₀)", sizes, y1n, "le", sd),
        bounded("l = 2, m-scan", "m", "λ̄₂ (predicted O(1))", sizes, y2, "le", sd),
    ], notes={"L": L, "n0": n0, "m": m})


@_p_claim(
    id="nguyen21.cor3.2.eq30_scaling",
    where="Nguyen 2021, Corollary 3.2 proof, (30) and the three displays before it",
    statement="under (23)–(26) with C as in the Corollary and the narrow layers fixed, the ratios lhs/rhs of "
              "(7), (8), (9) grow at least like n_{L−1}^{1/3}, n_{L−1}^{2/3}, n_{L−1}^{1/3}",
    hypotheses=("Assumption 3.1 (sphere)", "(N, n₀, m, L) = (4, 8, 16, 4)", "X, Y, W₁…W_{L−2} fixed",
                "W_{L−1}, W_L redrawn per seed", "Y ∈ {±1}"),
    test="scaling exponent: median over seeds of the (7), (8), (9) ratios against n_{L−1}; CIs reach ≥ ⅓, ⅔, ⅓ "
         "(mutant C_L = 1: the (9) ratio is nearly flat, slope ≈ 0.1)",
)
def eq30_scaling(seed: int, variant: str | None) -> PResult:
    """(30): condition ratios grow with the wide layer (scaling exponent)."""
    S = 12 if _big() else 8
    N, n0, m, L = 4, 8, 16, 4
    ns = _pow2(256, 65536 if _big() else 16384)
    X, narrow = _narrow(seed, 35, N, n0, m, L)
    Y = signs(N, 1, _gen(seed, 35, 1))
    ys: dict[str, list[list[float]]] = {"7": [], "8": [], "9": []}
    for n in ns:
        rows: dict[str, list[float]] = {"7": [], "8": [], "9": []}
        for s in range(S):
            Ws, norms = _cor_init(X, narrow, n, _gen(seed, 36, n, s))
            r = condition_ratios(X, Ws, Y, _cor_C(L, n, cL=1.0 if variant == "mutant" else None), norms)
            for k in rows:
                rows[k].append(r[k])
        for k in ys:
            ys[k].append(rows[k])
    sd = _seeds(seed, 36, S)
    claimed = {"7": 1 / 3, "8": 2 / 3, "9": 1 / 3}
    tag = " (C_L = 1, mutant)" if variant == "mutant" else ""
    scans = [Scan(f"({k})", "n_(L−1)", f"({k}) lhs/rhs{tag}", [float(n) for n in ns], ys[k], claimed[k], "ge",
                  seeds=sd) for k in ("7", "8", "9")]
    # extrapolation of the width at which each condition would hold, from the n^{claimed} law
    extra = {k: ns[-1] * float(np.median(ys[k][-1])) ** (-1 / claimed[k]) for k in ys}
    return PResult("nguyen21.cor3.2.eq30_scaling", "scaling exponent", scans,
                   notes={"(N, n0, m, L)": (N, n0, m, L), "n_(L−1) at which (k) holds, extrapolated": extra})


@_p_claim(
    id="nguyen21.cor3.2.data_norms",
    where="Nguyen 2021, Corollary 3.2 proof, the last paragraph",
    statement="under Assumption 3.1 and (25)–(26): ‖x_i‖ = Θ(√n₀) (printed Θ(n₀): refuted, errata 7), "
              "‖X‖_F = O(√(Nn₀)), ‖F_L(θ⁰)‖_F ≲ ‖X‖_F, ‖Y‖_F = O(√N); and the D step √(2Φ(θ⁰)) ≤ ‖F_L(θ⁰)‖_F + ‖Y‖_F",
    hypotheses=("Assumption 3.1: rows i.i.d. 𝒩(0, I_{n₀})", "L = 3, m = 16, n_{L−1} = 1024", "Y ∈ {±1}"),
    test="bounded ratio: medians over seeds of min_i‖x_i‖/√n₀ and max_i‖x_i‖/√n₀ against n₀ (Θ: both sides), "
         "‖X‖_F²/(Nn₀) against N and n₀ and ‖F_L(θ⁰)‖_F/‖X‖_F against N (O: CI low ≤ ln2/ln(range)); "
         "printed/mutant ‖x_i‖/n₀: slope −½",
    printed=True,
)
def data_norms(seed: int, variant: str | None) -> PResult:
    """Norms of the data and the initial output (bounded ratio)."""
    S = 12 if _big() else 8
    N0 = 16
    n0s = _pow2(16, 4096 if _big() else 1024)
    Ns = _pow2(4, 1024 if _big() else 256)
    printed = variant in ("printed", "mutant")  # the catalog's mutant is the printed Θ(n₀)

    def rownorm_ratios(n0: int, s: int) -> tuple[float, float]:
        X = torch.randn(N0, n0, generator=_gen(seed, 37, n0, s), dtype=F64)
        r = torch.linalg.vector_norm(X, dim=1) / (n0 if printed else math.sqrt(n0))
        return float(r.min()), float(r.max())

    mm = [[rownorm_ratios(n0, s) for s in range(S)] for n0 in n0s]
    ymin = [[a for a, _ in r] for r in mm]
    ymax = [[b for _, b in r] for r in mm]
    q = "‖x_i‖/n₀" if printed else "‖x_i‖/√n₀"
    yXN, yXn, yF = [], [], []
    worst_tri = 0.0
    for N in Ns:
        rX, rF = [], []
        for s in range(S):
            g = _gen(seed, 38, N, s)
            X, Y = torch.randn(N, 64, generator=g, dtype=F64), signs(N, 1, g)
            xf = float(torch.linalg.vector_norm(X))
            Ws = [gauss(64, 16, 1 / 64, g), gauss(16, 1024, 1 / 16, g), gauss(1024, 1, 1024 ** (-A_EXP), g)]
            FL = forward(X, Ws)[-1]
            fl, yf = float(torch.linalg.vector_norm(FL)), float(torch.linalg.vector_norm(Y))
            worst_tri = max(worst_tri, float(torch.linalg.vector_norm(FL - Y)) / (fl + yf))
            rX.append(xf * xf / (N * 64))
            rF.append(fl / xf)
        yXN.append(rX)
        yF.append(rF)
    for n0 in n0s:
        yXn.append([float(torch.randn(N0, n0, generator=_gen(seed, 39, n0, s), dtype=F64).pow(2).sum()) / (N0 * n0)
                    for s in range(S)])
    sd = _seeds(seed, 37, S)
    tri = Evaluation(lhs=worst_tri, rhs=1.0, relation=Relation.LE, vacuous=False,
                     tol=Tolerance(1e-12, 0.0, "triangle inequality of three Frobenius norms: round-off"),
                     label="D: max over draws of √(2Φ(θ⁰))/(‖F_L(θ⁰)‖_F + ‖Y‖_F) ≤ 1", lhs_name="max ratio")
    return PResult("nguyen21.cor3.2.data_norms", "bounded ratio", [
        bounded("row norms min, n0-scan", "n₀", f"min_i {q}", n0s, ymin, "both", sd),
        bounded("row norms max, n0-scan", "n₀", f"max_i {q}", n0s, ymax, "both", sd),
        bounded("Frobenius, N-scan", "N", "‖X‖_F²/(Nn₀), n₀ = 64", Ns, yXN, "le", sd),
        bounded("Frobenius, n0-scan", "n₀", "‖X‖_F²/(Nn₀), N = 16", n0s, yXn, "le", sd),
        bounded("output, N-scan", "N", "‖F_L(θ⁰)‖_F/‖X‖_F (L = 3)", Ns, yF, "le", sd),
    ], checks=[tri], notes={"median ‖F_L‖/‖X‖": float(np.median(yF))})


@_p_claim(
    id="nguyen21.cor3.2.main",
    where="Nguyen 2021, Corollary 3.2, eqs. (23)–(26)",
    statement="with (23) n_l = Θ(m), (24) n_{L−1} = Ω̃(N³max(m,n₀)³) and init (25)–(26), conditions (7)–(9) of Thm 2.2 "
              "hold w.h.p. (hence GD converges): along n_{L−1} = c·N³max(m,n₀)³ the condition ratios do not decay in N "
              "(not checkable end to end: (9) needs n_{L−1} ~ 1e11+, recorded by extrapolation)",
    hypotheses=("Assumption 3.1 (sphere)", "L = 3", "n₀ = m = 4N (m, n₀ may grow with N)",
                "n_{L−1} = N³max(m,n₀)³/64 = N⁶", "Y ∈ {±1}"),
    test="scaling exponent: median over seeds of the (7), (8), (9) ratios against N along n_{L−1} = N⁶; CIs reach ≥ 0 "
         "(Ω(1), so a constant factor in n_{L−1} meets them); mutant LeCun output variance a = 1: (9) ratio ∝ N^{−2}",
)
def cor_main(seed: int, variant: str | None) -> PResult:
    """Corollary 3.2: the cubic width keeps every condition ratio bounded below in N (scaling exponent)."""
    S = 12 if _big() else 8
    Ns = [3, 4, 5, 6, 8, 10] if _big() else [3, 4, 5, 6, 8]
    L = 3
    a = 1.0 if variant == "mutant" else A_EXP
    ys: dict[str, list[list[float]]] = {"7": [], "8": [], "9": []}
    for N in Ns:
        n0 = m = 4 * N  # narrow enough to be cheap, wide enough that α₀ = 0 (dead units) is rare
        n = N**6
        rows: dict[str, list[float]] = {"7": [], "8": [], "9": []}
        for s in range(S):
            g = _gen(seed, 40, N, s)
            X, Y = sphere(N, n0, g), signs(N, 1, g)
            Ws, norms = _cor_init(X, [gauss(n0, m, 1 / n0, g)], n, g, out_var_exp=a)
            r = condition_ratios(X, Ws, Y, _cor_C(L, n), norms)
            for k in rows:
                rows[k].append(r[k])
        for k in ys:
            ys[k].append(rows[k])
    sd = _seeds(seed, 40, S)
    tag = ", a = 1 (mutant)" if variant == "mutant" else ""
    scans = [Scan(f"({k})", "N", f"({k}) lhs/rhs at n_(L−1) = N⁶, n₀ = m = 4N{tag}", [float(N) for N in Ns], ys[k],
                  0.0, "ge", seeds=sd) for k in ("7", "8", "9")]
    # (9) ratio ∝ n^{1/3} at fixed N (eq30_scaling): width at which (9) would hold
    need = {N: N**6 * float(np.median(r)) ** -3 for N, r in zip(Ns, ys["9"], strict=True)}
    return PResult("nguyen21.cor3.2.main", "scaling exponent", scans,
                   notes={"n_(L−1) at which (9) holds, extrapolated with n^(1/3)": need})
