"""Claims of Zou & Gu (NeurIPS 2019), "An improved analysis of training over-parameterized deep
neural networks" (seed 003): the deterministic (class D) entries of `lemmas/zou_gu19.md`.

Glossary (paper → code). Engine = rows-are-samples network with weights (W₁ᵀ, …, W_Lᵀ, Vᵀ); the
paper's L (hidden = trained layers) is `inst.L − 1`; `paper_weights("zou_gu", inst.Ws)` gives the
column-form W_l (m×d, m×m) and V (k×m).
  x_i, X → `inst.X[i]`, `inst.X` (n×d);  y_i → `inst.Y[i]`;  n, d, k, m → `inst.N`, `d`, `k`, `m`;
  x_{l,i} (hidden output, x_{0,i} = x_i) → `fw.F[l][i]`;  ⟨w_{L,j}, x_{L−1,i}⟩ → `fw.G[L][i, j]`;
  f_W(x_i) → `fw.out[i]`;  L(W) = (1/n)Σ½‖f_W(x_i) − y_i‖² → `inst.loss()` (`loss_scale` = 1/n);
  v_j = V[:, j] → `V[:, j]`;  σ′(u) = 𝟙(u > 0) (σ′(0) = 0, activation "relu");
  μ (last input coordinate) → `_mu(inst)`;  φ = min_{i≠j}‖x_i − x_j‖ → `min_distance(X)`;
  H (two-layer NTK Gram of Prop. 3.6) → `ntk_gram_relu(X)`;  λ₀ = λ_min(H);
  η, T, ε, B → params "eta_c" (η = c·k/(L²m)), "steps"; symbols "T", "logeps" = log(1/ε), "B";
  τ* = φ^{3/2}n^{−3}L^{−6}log^{−3/2}(m) → `_TAU_STAR`.
Bookkeeping entries (remarks, exponent arithmetic) are checked on monomials with exact rational
exponents (`fractions.Fraction`): once symbolically (the exponent vectors agree) and once at the
Hypothesis-drawn point, exactly (q^D − 1 = 0 in ℚ, D clearing the exponents' denominators).
log m and log n are separate positive symbols, as the paper's O/Ω treat them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from fractions import Fraction

import torch
from hypothesis import strategies as hst

from nnverify import strategies as nst
from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, require_form
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.data import min_distance
from nnverify.linalg import EPS, frob, lam_max, lam_min, spectral_norm
from nnverify.net import forward, paper_weights
from nnverify.types import Case, Instance

F64 = torch.float64
_zou_gu = require_form("zou_gu")

#: exact comparisons: both sides are the same floats (or exact rationals).
TOL_EXACT = Tolerance(0.0, 0.0, "exact: the compared values are computed exactly (ℚ, or the same floats)")
#: generator invariants: unit_last normalises in float64, |‖x‖ − 1| ≲ d·ε; catalog slack 1e−12.
TOL_GENERATOR = Tolerance(0.0, 1e-12, "float64 normalisation in the generator: error ≲ d·ε ≈ 1e-15 (catalog: 1e-12)")
#: per-entry gradient identities: slack relative to the summands' size, not to the (cancelling) result.
TOL_SUMMANDS = Tolerance(1e-12, 1e-300, "round-off relative to the summand size S (entries can cancel to 0); "
                         "1e-300 floor for entries that underflow at ×1e-150 inputs")


# =========================================================================== shared helpers
def _requires_zou_gu_relu(inst: Instance) -> str | None:
    """Zou–Gu view with ReLU; σ′(0) is left to the case (the properties only draw "relu")."""
    if why := _zou_gu(inst):
        return why
    return None if inst.act.name == "relu" else f"activation={inst.act}, but the paper's σ is ReLU"


def _mu(inst: Instance) -> float:
    """μ of Assumption 3.1: the generator's "data.mu" (default 1/√2) or an explicit "mu"."""
    c = inst.case
    if c is None:
        return float(inst.X[0, -1])
    return c.param("mu", c.param("data.mu", 1.0 / math.sqrt(2.0)))


def _distinct_rows(X: torch.Tensor) -> bool:
    return int(torch.unique(X, dim=0).shape[0]) == X.shape[0]


def _worst_entry(diff: torch.Tensor, size: torch.Tensor, tol: Tolerance, label: str, lhs_name: str) -> Evaluation:
    """EQ evaluation at the entry with the largest |diff| / (rtol·size + atol) (entrywise slack)."""
    d, s = diff.abs().reshape(-1), size.reshape(-1)
    if d.numel() == 0:
        return Evaluation(lhs=0.0, rhs=0.0, relation=Relation.EQ, label=label, tol=tol, lhs_name=lhs_name)
    i = int(torch.argmax(d / (tol.rtol * s + tol.atol)))
    return Evaluation(lhs=float(d[i]), rhs=0.0, relation=Relation.EQ, label=label, tol=tol, scale=float(s[i]),
                      lhs_name=lhs_name)


def _autograd(inst: Instance, *, train_v: bool = False) -> tuple[list[torch.Tensor], object]:
    """torch.autograd of L(W) = (1/n)Σ½‖f − y‖² w.r.t. the trained engine layers (and Vᵀ if
    `train_v`); returns the gradients and the (detached) forward pass they came from."""
    params = [W.detach().clone().requires_grad_(train_v or i < inst.L - 1) for i, W in enumerate(inst.Ws)]
    fw = forward(inst.X, params, inst.act)
    loss = 0.5 * inst.loss_scale * ((fw.out - inst.Y) ** 2).sum()
    wrt = [p for p in params if p.requires_grad]
    grads = [g.detach() for g in torch.autograd.grad(loss, wrt)]
    det = type(fw)(tuple(g.detach() for g in fw.G), tuple(f.detach() for f in fw.F))
    return grads, det


def _row_gradients(inst: Instance, fw: object, *, mean: bool = True) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """§4.1: ∇_{w_{L,j}}L = (1/n)Σ_i ⟨f(x_i) − y_i, v_j⟩ σ′(⟨w_{L,j}, x_{L−1,i}⟩) x_{L−1,i}, literally per
    row j and sample i, and the summand size S_j = (1/n)Σ_i |f − y|ᵀ|v_j| σ′(·) |x_{L−1,i}|."""
    E = inst.L  # engine depth = paper L + 1
    V = paper_weights("zou_gu", inst.Ws)["V"]  # (k, m)
    xprev, pre, r = fw.F[E - 2], fw.G[E - 1], fw.out - inst.Y  # type: ignore[attr-defined]
    n = inst.N
    rows, sizes = [], []
    for j in range(V.shape[1]):
        row = torch.zeros(xprev.shape[1], dtype=F64)
        size = torch.zeros_like(row)
        for i in range(n):
            act = 1.0 if float(pre[i, j]) > 0.0 else 0.0  # σ′(u) = 𝟙(u > 0)
            row = row + float(torch.dot(r[i], V[:, j])) * act * xprev[i]
            size = size + float(torch.dot(r[i].abs(), V[:, j].abs())) * act * xprev[i].abs()
        rows.append(row / n if mean else row)
        sizes.append(size / n)
    return rows, sizes


# =========================================================================== strategies
_MUS = hst.one_of(hst.sampled_from((0.5, 1.0 / math.sqrt(2.0), 0.01, 0.99, 1.0)), hst.floats(0.01, 0.99))


@hst.composite
def _unit_data_cases(draw: hst.DrawFn, *, n_min: int = 1, n_max: int = 6, d_max: int = 6,
                     distinct: bool = False, mus: hst.SearchStrategy[float] = _MUS) -> Case:
    """Assumption 3.1 data: x_i = (√(1−μ²)·z_i, μ), ‖z_i‖ = 1. Either the `unit_last` generator
    (z uniform on S^{d−2}; d = 2 gives z = ±1, so antipodal pairs and duplicates), or explicit rows
    from primitive integer directions p_i (equal p ⇒ bitwise-equal rows; `distinct` forbids them)."""
    n = draw(hst.integers(n_min, n_max), label="n")
    mu = draw(mus, label="mu")
    seed = draw(hst.integers(0, 2**32 - 1), label="seed")
    if draw(hst.booleans(), label="generator branch"):
        d = draw(hst.integers(3 if distinct else 2, d_max), label="d")
        return Case(widths=(d, 2, 1), n=n, form="zou_gu", init="zou_gu", data="unit_last", seed=seed,
                    params=(("data.mu", mu),))
    d = draw(hst.integers(2, d_max), label="d")
    vec = hst.lists(hst.integers(-2, 2), min_size=d - 1, max_size=d - 1).filter(any).map(_primitive)
    if d == 2 and distinct:
        n = min(n, 2)
    zs = draw(hst.lists(vec, min_size=n, max_size=n, unique=distinct), label="directions")
    s = math.sqrt(1.0 - mu * mu)
    X = tuple((*(s * zi / math.sqrt(sum(t * t for t in z)) for zi in z), mu) for z in zs)
    return Case(widths=(d, 2, 1), n=n, form="zou_gu", init="zou_gu", X=X, seed=seed, params=(("mu", mu),))


@hst.composite
def _integer_rows_cases(draw: hst.DrawFn) -> Case:
    """Nonzero integer rows in {−2, …, 2}^d, not normalised: outside Assumption 3.1 (x and 2x are distinct
    but parallel; x and −x are distinct and antipodal)."""
    d = draw(hst.integers(1, 3), label="d")
    n = draw(hst.integers(1, 4), label="n")
    row = hst.lists(hst.integers(-2, 2), min_size=d, max_size=d).filter(any).map(lambda z: tuple(map(float, z)))
    X = tuple(draw(hst.lists(row, min_size=n, max_size=n), label="X"))
    return Case(widths=(d, 2, 1), n=n, form="zou_gu", init="zou_gu", X=X, params=(("mu", X[0][-1]),))


def _primitive(z: list[int]) -> tuple[int, ...]:
    g = math.gcd(*z)
    return tuple(t // g for t in z)


def _gradient_cases(activation: str = "relu") -> hst.SearchStrategy[Case]:
    """Zou–Gu cases for the gradient identities: Alg. 1 / integer weights, Assumption 3.1, integer and
    duplicated data, inputs ×1e−150 and ×1e60, plus tiny element-wise cases (kinks, duplicates)."""
    seeded = nst.form_cases("zou_gu", n_max=5, max_m=5, max_d=5, max_L=3, activations_=(activation,))

    @hst.composite
    def scaled(draw: hst.DrawFn) -> Case:
        c = draw(seeded, label="case")
        s = draw(hst.sampled_from((1.0, 1e-150, 1e60)), label="data_scale")
        return dataclasses.replace(c, data_scale=s)

    tiny = nst.elementwise_cases(n_max=3, max_width=3, min_depth=2, max_depth=3, activations_=(activation,),
                                 form="zou_gu")
    # seeded branch listed twice: in practice Hypothesis draws the element-wise branch far more often
    # (≈ 3:1 with one copy), and those tiny cases are mostly dead networks (vacuous)
    return hst.one_of(scaled(), scaled(), tiny)


@hst.composite
def _gd_cases(draw: hst.DrawFn, *, n_min: int = 1, datasets: tuple[str, ...] = ("unit_last", "integer", "duplicates"),
              c_exp: tuple[float, float] = (-2.0, 0.6), steps_max: int = 6) -> Case:
    """A Zou–Gu case plus a GD run: η = c·k/(L²m) (Theorem 3.3's step with constant c), `steps` steps."""
    c = draw(nst.form_cases("zou_gu", n_max=4, max_m=5, max_d=5, max_L=3, datasets=datasets), label="case")
    n = draw(hst.integers(n_min, 4), label="n")
    eta_c = draw(nst.scales(*c_exp), label="eta_c")
    steps = draw(hst.integers(1, steps_max), label="steps")
    return dataclasses.replace(c, n=n, params=(("eta_c", eta_c), ("steps", float(steps))))


# =========================================================================== Assumptions 3.1, 3.2
def _unit_data(inst: Instance, *, renormalise: bool = False) -> list[Evaluation]:
    X, mu = inst.X, _mu(inst)
    if renormalise:  # mutant generator: x = (z, μ)/‖(z, μ)‖ with z the unit direction
        s = math.sqrt(1.0 - mu * mu)
        Z = X[:, :-1] / s if s > 0 else X[:, :-1]
        X = torch.cat([Z, torch.full((X.shape[0], 1), mu, dtype=F64)], dim=1)
        X = X / torch.linalg.vector_norm(X, dim=1, keepdim=True)
    n = X.shape[0]
    norms = torch.linalg.vector_norm(X, dim=1)
    out = [
        Evaluation(lhs=float((norms - 1.0).abs().max()), rhs=0.0, label="‖x_i‖₂ = 1", tol=TOL_GENERATOR,
                   lhs_name="max_i |‖x_i‖₂ − 1|", vacuous=False),
        Evaluation(lhs=float((X[:, -1] - mu).abs().max()), rhs=0.0, label="(x_i)_d = μ", tol=TOL_GENERATOR,
                   lhs_name="max_i |(x_i)_d − μ|", vacuous=False, factors=(("μ", mu),)),
        Evaluation(lhs=mu, rhs=1.0, label="μ ≤ 1", tol=TOL_EXACT, lhs_name="μ", vacuous=False),
    ]
    if n >= 2:
        iu = torch.triu_indices(n, n, 1)
        gram = (X @ X.T)[iu[0], iu[1]]
        plus = torch.linalg.vector_norm(X[iu[0]] + X[iu[1]], dim=1)
        minus = torch.linalg.vector_norm(X[iu[0]] - X[iu[1]], dim=1)
        out += [
            # x_iᵀx_j ≥ 2μ² − 1 written with nonnegative sides (x_iᵀx_j ≥ −1), so the ratio is meaningful
            Evaluation(lhs=float(gram.min()) + 1.0, rhs=2 * mu * mu, relation=Relation.GE, label="x_iᵀx_j ≥ 2μ² − 1",
                       tol=TOL_GENERATOR, lhs_name="min_{i≠j} x_iᵀx_j + 1", vacuous=False),
            Evaluation(lhs=float(plus.min()), rhs=2 * mu, relation=Relation.GE, label="‖x_i + x_j‖ ≥ 2μ",
                       tol=TOL_GENERATOR, lhs_name="min_{i≠j}‖x_i + x_j‖₂", vacuous=False),
            Evaluation(lhs=float(minus.max()), rhs=2 * math.sqrt(1 - mu * mu), label="‖x_i − x_j‖ ≤ 2√(1−μ²)",
                       tol=TOL_GENERATOR, lhs_name="max_{i≠j}‖x_i − x_j‖₂", vacuous=False),
        ]
    return out


@claim(
    id="zou_gu19.asm3.1",
    where="Zou & Gu 2019, Assumption 3.1 (§3)",
    kind=Kind.D,
    statement="∀i: ‖x_i‖₂ = 1 and (x_i)_d = μ > 0 (same μ); derived: μ ≤ 1, x_iᵀx_j ≥ 2μ² − 1, "
              "‖x_i + x_j‖₂ ≥ 2μ, ‖x_i − x_j‖₂ ≤ 2√(1−μ²) for i ≠ j",
    hypotheses=("data from the suite's Assumption 3.1 generators (x = (√(1−μ²)z, μ), ‖z‖ = 1)",),
    mutant=lambda inst: _unit_data(inst, renormalise=True),
    cases=lambda: _unit_data_cases(n_max=8, d_max=7),
)
def unit_norm_data(inst: Instance) -> list[Evaluation]:
    """The Assumption 3.1 generator meets the assumption and its derived pairwise bounds."""
    return _unit_data(inst)


def _requires_distinct(inst: Instance) -> str | None:
    if inst.N < 2:
        return "needs n ≥ 2 (φ is a minimum over pairs)"
    return None if _distinct_rows(inst.X) else "rows are not pairwise distinct (outside Assumption 3.2)"


def _separation(inst: Instance, *, reduce: Callable[[torch.Tensor], torch.Tensor] | None = None) -> list[Evaluation]:
    X, mu, n = inst.X, _mu(inst), inst.N
    iu = torch.triu_indices(n, n, 1)
    dists = torch.linalg.vector_norm(X[iu[0]] - X[iu[1]], dim=1)
    phi = min_distance(X) if reduce is None else float(reduce(dists))
    tol = Tolerance(1e-12, 0.0, "φ by torch.cdist, pair distances by vector_norm: different round-off (~d·ε)")
    return [
        Evaluation(lhs=float(dists.min()), rhs=phi, relation=Relation.GE, label="‖x_i − x_j‖ ≥ φ", tol=tol,
                   lhs_name="min_{i≠j}‖x_i − x_j‖₂", factors=(("φ", phi),)),
        Evaluation(lhs=phi, rhs=0.0, relation=Relation.GE, label="φ > 0", tol=TOL_EXACT, lhs_name="φ",
                   vacuous=False) if phi > 0 else
        Evaluation(lhs=0.0, rhs=5e-324, relation=Relation.GE, label="φ > 0", tol=TOL_EXACT, lhs_name="φ"),
        Evaluation(lhs=phi, rhs=2 * math.sqrt(1 - mu * mu), label="φ ≤ 2√(1−μ²)", tol=TOL_GENERATOR, lhs_name="φ",
                   factors=(("μ", mu),)),
    ]


@claim(
    id="zou_gu19.asm3.2",
    where="Zou & Gu 2019, Assumption 3.2 (§3)",
    kind=Kind.D,
    statement="∃φ > 0: ∀i ≠ j ‖x_i − x_j‖₂ ≥ φ; the suite's φ = min_{i≠j}‖x_i − x_j‖₂ meets it, and "
              "φ ≤ 2√(1−μ²) under Assumption 3.1",
    hypotheses=("Assumption 3.1", "pairwise distinct rows", "n ≥ 2"),
    requires=_requires_distinct,
    mutant=lambda inst: _separation(inst, reduce=torch.max),
    cases=lambda: _unit_data_cases(n_min=2, n_max=6, distinct=True, mus=hst.floats(0.01, 0.99)),
    probes={"pairwise distinct rows": lambda: _unit_data_cases(n_min=2, n_max=6)},
)
def separation(inst: Instance) -> list[Evaluation]:
    """The suite's φ (minimum pairwise distance) is an admissible, positive separation."""
    return _separation(inst)


# =========================================================================== footnote 2
def _xnorm(inst: Instance, *, transposed: bool = False) -> list[Evaluation]:
    X, mu = inst.X, _mu(inst)
    n, d = X.shape
    s2 = spectral_norm(X) ** 2
    f2 = frob(X) ** 2
    upper = float(d) if transposed else float(n)
    return [
        Evaluation(lhs=f2 - n, rhs=0.0, relation=Relation.EQ, label="‖X‖_F² = n", tol=TOL_IDENTITY, scale=float(n),
                   lhs_name="‖X‖_F² − n"),
        Evaluation(lhs=s2, rhs=upper, label="‖X‖₂² ≤ n", tol=TOL_PRODUCT, lhs_name="‖X‖₂²",
                   factors=(("d" if transposed else "n", upper),)),
        Evaluation(lhs=s2, rhs=n / min(n, d), relation=Relation.GE, label="‖X‖₂² ≥ n/min(n,d)", tol=TOL_PRODUCT,
                   lhs_name="‖X‖₂²", factors=(("n", n), ("min(n,d)", min(n, d)))),
        Evaluation(lhs=s2, rhs=n * mu * mu, relation=Relation.GE, label="‖X‖₂² ≥ nμ²", tol=TOL_PRODUCT,
                   lhs_name="‖X‖₂²", factors=(("n", n), ("μ", mu))),
    ]


@claim(
    id="zou_gu19.fn2.xnorm",
    where="Zou & Gu 2019, footnote 2 (Remark 3.7)",
    kind=Kind.D,
    statement="for unit-norm rows ‖X‖₂² ≤ ‖X‖_F² = n (the worst case O(n)); companions "
              "‖X‖₂² ≥ n/min(n, d) and, under Assumption 3.1, ‖X‖₂² ≥ nμ²",
    hypotheses=("Assumption 3.1",),
    mutant=lambda inst: _xnorm(inst, transposed=True),
    cases=lambda: _unit_data_cases(n_max=12, d_max=8),
)
def data_spectral_norm(inst: Instance) -> list[Evaluation]:
    """The spectral norm of the data matrix lies between nμ² (or n/min(n,d)) and n."""
    return _xnorm(inst)


# =========================================================================== Proposition 3.6
def ntk_gram_relu(X: torch.Tensor) -> torch.Tensor:
    """H_ij = E_{w∼N(0,I)}[x_iᵀx_j 𝟙(wᵀx_i > 0)𝟙(wᵀx_j > 0)] = x_iᵀx_j (π − θ_ij)/(2π) (Prop. 3.6).

    θ_ij = 2·arcsin(‖u_i − u_j‖/2) with u = x/‖x‖: stable for near-duplicates, where arccos(u_iᵀu_j)
    loses half the digits (catalog: λ₀ = 0 instead of 1.4e−10 at φ = 1e−9). X: (n, d) nonzero rows."""
    U = X / torch.linalg.vector_norm(X, dim=1, keepdim=True)
    chord = torch.linalg.vector_norm(U[:, None, :] - U[None, :, :], dim=-1)
    theta = 2.0 * torch.asin((0.5 * chord).clamp(max=1.0))
    return (X @ X.T) * (math.pi - theta) / (2.0 * math.pi)


_MC_DRAWS = 20_000
#: (⇐) is decidable in float64 only at a resolvable separation: λ₀ ≈ φ/(2π) for a near-duplicate
#: pair, so φ ≥ 1e-6 keeps λ₀ far above the 1e-14 eigvalsh floor (catalog: λ₀n²/φ ≥ 0.637 seen).
_PHI_RESOLVED = 1e-6


def _requires_asm31(inst: Instance) -> str | None:
    X, mu = inst.X, _mu(inst)
    ok = bool(((torch.linalg.vector_norm(X, dim=1) - 1).abs() <= 1e-12).all()) and mu > 0 and bool(
        ((X[:, -1] - mu).abs() <= 1e-12).all())
    return None if ok else "data outside Assumption 3.1"


def _ntk_equivalence(inst: Instance, *, rescale_rows: bool = False) -> list[Evaluation]:
    X = inst.X
    n = X.shape[0]
    if rescale_rows:  # mutant: "distinct ⇒ λ₀ > 0" without Assumption 3.1 (rows of different norms)
        X = X * (1.0 + torch.arange(n, dtype=F64) / n)[:, None]
    H = ntk_gram_relu(X)
    out = []
    if not rescale_rows:
        seed = inst.case.seed if inst.case is not None else 0
        w = torch.randn(X.shape[1], _MC_DRAWS, generator=torch.Generator().manual_seed(seed), dtype=F64)
        A = (X @ w > 0).to(F64)
        G = X @ X.T
        H_mc = G * (A @ A.T) / _MC_DRAWS
        band = Tolerance(0.0, 0.0, f"Monte Carlo 5σ band 5|x_iᵀx_j|/(2√N), N = {_MC_DRAWS}: indicator products "
                         "have std ≤ ½ (catalog)")
        d = (H - H_mc).abs() / (5.0 * G.abs() / (2.0 * math.sqrt(_MC_DRAWS)) + 1e-300)
        i, j = divmod(int(torch.argmax(d)), n)
        out.append(Evaluation(lhs=float((H - H_mc)[i, j].abs()), rhs=0.0, relation=Relation.EQ,
                              label="closed form = E_w (Monte Carlo)", tol=band,
                              atol=5.0 * float(G[i, j].abs()) / (2.0 * math.sqrt(_MC_DRAWS)),
                              scale=float(G[i, j].abs()),
                              lhs_name=f"|H_cf − H_mc| at ({i + 1},{j + 1})"))
    lam0, lmax = lam_min(H), lam_max(H)
    floor = 1e-14
    why = f"eigvalsh absolute error ≲ n·ε·‖H‖₂ ≤ {n}·2.2e-16·{lmax:.2g}; catalog measured ≤ 9.4e-16 (n ≤ 128)"
    if _distinct_rows(X):
        if min_distance(X) < _PHI_RESOLVED:  # e.g. unit_last at d = 2 gives rows 1 ulp apart: λ₀ ~ 1e-17
            return out
        out.append(Evaluation(lhs=lam0, rhs=floor, relation=Relation.GE, label="distinct ⇒ λ₀ > 0",
                              tol=Tolerance(0.0, 0.0, why), lhs_name="λ_min(H)", vacuous=False,
                              factors=(("resolution", floor),)))
    else:
        out.append(Evaluation(lhs=abs(lam0), rhs=0.0, label="duplicate ⇒ λ₀ = 0", tol=Tolerance(0.0, floor, why),
                              lhs_name="|λ_min(H)|", vacuous=False))
    return out


@claim(
    id="zou_gu19.prop3.6.equiv",
    where="Zou & Gu 2019, Proposition 3.6, first sentence (§3.1)",
    kind=Kind.D,
    statement="under Assumption 3.1, with H_ij = E_{w∼N(0,I)}[x_iᵀx_j σ′(wᵀx_i)σ′(wᵀx_j)] = x_iᵀx_j(π − θ_ij)/(2π): "
              "λ₀ = λ_min(H) > 0 ⇔ the x_i are pairwise distinct (⇔ Assumption 3.2 for some φ > 0)",
    hypotheses=("Assumption 3.1 (‖x_i‖ = 1, (x_i)_d = μ > 0)",
                "(⇐) checked where φ ≥ 1e-6 (float64 resolution; rows 1 ulp apart are distinct but λ₀ ~ 1e-17)"),
    requires=_requires_asm31,
    mutant=lambda inst: _ntk_equivalence(inst, rescale_rows=True),
    cases=lambda: _unit_data_cases(n_max=6, d_max=5),
    probes={"Assumption 3.1 (‖x_i‖ = 1, (x_i)_d = μ > 0)": lambda: _integer_rows_cases()},
)
def ntk_gram_definite_iff_distinct(inst: Instance) -> list[Evaluation]:
    """The two-layer ReLU NTK Gram is positive definite exactly when the inputs are distinct."""
    return _ntk_equivalence(inst)


# =========================================================================== §4.1 gradients
def _grad_rows(inst: Instance, *, mean: bool = True) -> list[Evaluation]:
    grads, fw = _autograd(inst)
    rows, sizes = _row_gradients(inst, fw, mean=mean)
    auto = grads[inst.L - 2]  # engine W_Lᵀ: (m_{L−1}, m); column j = ∇_{w_{L,j}}L
    V = paper_weights("zou_gu", inst.Ws)["V"]
    xprev, pre, r = fw.F[inst.L - 2], fw.G[inst.L - 1], fw.out - inst.Y  # type: ignore[attr-defined]
    live = (xprev.abs().sum(dim=1) > 0) & ((r @ V) != 0).T  # (m, n): sample i would contribute to row j
    out = []
    for j, (row, size) in enumerate(zip(rows, sizes, strict=True)):
        ev = _worst_entry(row - auto[:, j], size, TOL_SUMMANDS, f"j={j + 1}",
                          f"max|∇_(w_L,{j + 1}) formula − autograd|")
        kink = bool((live[j] & (pre[:, j] == 0)).any())  # σ′(0) = 0 is what makes S_j = 0 here: not vacuous
        out.append(dataclasses.replace(ev, vacuous=False) if kink else ev)
    return out


_RELU_KINK1 = {"ReLU′(0) = 0 (σ′ = 𝟙(u > 0), torch.relu's autograd)": lambda: _gradient_cases("relu(kink=1)")}


@claim(
    id="zou_gu19.sec4.1.grad_wlj",
    where="Zou & Gu 2019, §4.1 (\"Tighter gradient lower bound\"), formula for ∇_{w_{L,j}}L(W)",
    kind=Kind.D,
    statement="∀j ∈ [m]: ∇_{w_{L,j}}L(W) = (1/n)Σ_i ⟨f_W(x_i) − y_i, v_j⟩ σ′(⟨w_{L,j}, x_{L−1,i}⟩) x_{L−1,i}",
    hypotheses=("ReLU with σ′(0) = 0", "autograd's generalised gradient at kinks", "any W, V, data"),
    requires=_requires_zou_gu_relu,
    mutant=lambda inst: _grad_rows(inst, mean=False),
    cases=lambda: _gradient_cases(),
    probes=_RELU_KINK1,
)
def last_hidden_row_gradient(inst: Instance) -> list[Evaluation]:
    """The per-row gradient of the last hidden layer, evaluated literally, equals autograd's."""
    return _grad_rows(inst)


def _grad_decomposition(inst: Instance, *, spectral: bool = False) -> list[Evaluation]:
    grads, fw = _autograd(inst)
    rows, sizes = _row_gradients(inst, fw)
    per_layer = [frob(g) ** 2 for g in grads]
    total_layers = sum(per_layer)  # accumulated from the per-layer values: monotone in each term
    total_flat = float(torch.cat([g.reshape(-1) for g in grads]).pow(2).sum())
    last = spectral_norm(grads[-1]) ** 2 if spectral else per_layer[-1]
    rows2 = sum(float(r @ r) for r in rows)
    s2 = sum(float(s @ s) for s in sizes)
    return [
        Evaluation(lhs=total_flat - total_layers, rhs=0.0, relation=Relation.EQ, label="‖∇L‖_F² = Σ_l‖∇_(W_l)L‖_F²",
                   tol=Tolerance(1e-12, 0.0, "sums of nonnegative squares in two orders"), scale=total_layers,
                   lhs_name="‖vec ∇L‖² − Σ_l‖∇_(W_l)L‖_F²"),
        Evaluation(lhs=total_layers, rhs=per_layer[-1], relation=Relation.GE, label="≥ ‖∇_(W_L)L‖_F²",
                   tol=Tolerance(0.0, 0.0, "exact: float addition of nonnegative terms is monotone"),
                   lhs_name="Σ_l‖∇_(W_l)L‖_F²"),
        Evaluation(lhs=last - rows2, rhs=0.0, relation=Relation.EQ, label="‖∇_(W_L)L‖_F² = Σ_j‖∇_(w_L,j)L‖²",
                   tol=Tolerance(1e-12, 0.0, "rows from the formula differ from autograd by ≤ 1e-12·S entrywise: "
                                 "|Δ| ≤ 1e-12(‖∇_(W_L)L‖_F² + ‖S‖_F²)"),
                   scale=per_layer[-1] + s2,
                   lhs_name=("‖∇_(W_L)L‖₂²" if spectral else "‖∇_(W_L)L‖_F²") + " − Σ_j‖row_j‖²"),
    ]


@claim(
    id="zou_gu19.sec4.1.grad_decomp",
    where="Zou & Gu 2019, §4.1, the two identities before the formula for ∇_{w_{L,j}}L",
    kind=Kind.D,
    statement="‖∇L(W)‖_F² = Σ_{l=1}^L ‖∇_{W_l}L(W)‖_F² ≥ ‖∇_{W_L}L(W)‖_F² = Σ_{j=1}^m ‖∇_{w_{L,j}}L(W)‖₂²",
    hypotheses=("ReLU with σ′(0) = 0", "any W, V, data"),
    requires=_requires_zou_gu_relu,
    mutant=lambda inst: _grad_decomposition(inst, spectral=True),
    cases=lambda: _gradient_cases(),
)
def gradient_norm_decomposition(inst: Instance) -> list[Evaluation]:
    """The squared gradient norm splits over layers and over the rows of the last hidden layer."""
    return _grad_decomposition(inst)


def _top_layer(inst: Instance, *, strict: bool = False) -> list[Evaluation]:
    g_fixed, _ = _autograd(inst)
    g_all, fw = _autograd(inst, train_v=True)
    gW, gV = g_all[:-1], g_all[-1].T  # paper ∇_V L: (k, m)
    E = inst.L
    r, xL = fw.out - inst.Y, fw.F[E - 1]  # type: ignore[attr-defined]
    formula = (r.T @ xL) / inst.N
    size = (r.abs().T @ xL.abs()) / inst.N
    w2 = sum(frob(g) ** 2 for g in gW)
    v2 = frob(gV) ** 2
    total = w2 + v2
    bitwise = max((float((a - b).abs().max()) for a, b in zip(gW, g_fixed, strict=True)), default=0.0)
    ineq = (Evaluation(lhs=total, rhs=math.nextafter(w2, math.inf), relation=Relation.GE, label="strict >",
                       tol=TOL_EXACT, lhs_name="‖∇_(W,V)L‖_F²")
            if strict else
            Evaluation(lhs=total, rhs=w2, relation=Relation.GE, label="‖∇_(W,V)L‖² ≥ ‖∇_W L‖²",
                       tol=Tolerance(0.0, 0.0, "exact: float addition of nonnegative terms is monotone"),
                       lhs_name="‖∇_W L‖_F² + ‖∇_V L‖_F²", factors=(("‖∇_V L‖_F²", v2),)))
    return [
        Evaluation(lhs=bitwise, rhs=0.0, relation=Relation.EQ, label="∇_W unchanged by training V",
                   tol=Tolerance(0.0, 0.0, "bitwise: the backward graph of W is the same"), lhs_name="max|Δ∇_W L|",
                   vacuous=False),
        _worst_entry(formula - gV, size, TOL_SUMMANDS, "∇_V L = (1/n)Σ(f − y)x_Lᵀ", "max|∇_V formula − autograd|"),
        ineq,
    ]


@claim(
    id="zou_gu19.sec4.3.top_layer_grad",
    where="Zou & Gu 2019, §4.3 (\"optimizing more parameter can lead to larger gradient\")",
    kind=Kind.D,
    statement="‖∇_{(W,V)}L‖_F² = ‖∇_W L‖_F² + ‖∇_V L‖_F² ≥ ‖∇_W L‖_F², with ∇_V L = (1/n)Σ_i (f(x_i) − y_i) x_{L,i}ᵀ",
    hypotheses=("ReLU with σ′(0) = 0", "any W, V, data"),
    requires=_requires_zou_gu_relu,
    mutant=lambda inst: _top_layer(inst, strict=True),
    cases=lambda: _gradient_cases(),
)
def top_layer_gradient(inst: Instance) -> list[Evaluation]:
    """Training V as well adds ∇_V L (closed form) and can only enlarge the gradient norm."""
    return _top_layer(inst)


# =========================================================================== (4.1): GD steps
def _gd_run(inst: Instance, *, monotone: bool) -> tuple[float, list[list[torch.Tensor]], list[float],
                                                         list[list[torch.Tensor]]]:
    """GD of Alg. 1, W_l ← W_l − η∇_{W_l}L (V fixed), η = c·k/(L²m). Returns η, the iterates, their
    losses and the gradients at every iterate but the last. Stops at a non-finite loss; with
    `monotone`, also at the first step where √L does not decrease in float64 (the hypothesis of the
    telescoped bound; a step with equal √L and ∇ ≠ 0 has ρ = ∞) or once L ≤ 1e−20·L₀ (catalog:
    rounding makes the loss non-monotone below that)."""
    assert inst.case is not None
    L, m, k = inst.L - 1, inst.widths[1], inst.widths[-1]
    eta = inst.case.param("eta_c", 1.0) * k / (L * L * m)
    steps = int(inst.case.param("steps", 1.0))
    train = inst.trainable
    Ws = list(inst.Ws)
    iterates, losses, grads = [Ws], [inst.loss(Ws)], []
    for _ in range(steps):
        if monotone and losses[-1] <= 1e-20 * losses[0]:
            break
        g = inst.grads(Ws)
        nxt = [W - eta * gi if tr else W for W, gi, tr in zip(Ws, g, train, strict=True)]
        loss = inst.loss(nxt)
        if not math.isfinite(loss) or not all(bool(torch.isfinite(gi).all()) for gi in g):
            break
        if monotone and not math.sqrt(loss) < math.sqrt(losses[-1]):
            break
        grads.append(g)
        iterates.append(nxt)
        losses.append(loss)
        Ws = nxt
    return eta, iterates, losses, grads


def _step_identity(inst: Instance, *, frobenius: bool = False) -> list[Evaluation]:
    eta, its, _, grads = _gd_run(inst, monotone=False)
    out = []
    for t, g in enumerate(grads):
        for l in range(inst.L - 1):
            step = spectral_norm(its[t + 1][l] - its[t][l])
            rhs = eta * (frob(g[l]) if frobenius else spectral_norm(g[l]))
            out.append(Evaluation(
                lhs=step - rhs, rhs=0.0, relation=Relation.EQ, label=f"t={t} l={l + 1}",
                tol=Tolerance(1e-12, 0.0, "SVD round-off relative to η‖∇‖₂; atol: the stored difference "
                              "W^(t+1) − W^(t) carries the rounding of W^(t), 4ε(‖W‖_F + η‖∇‖_F)"),
                atol=4 * EPS * (frob(its[t][l]) + eta * frob(g[l])), scale=rhs,
                lhs_name=f"‖W_{l + 1}^(t+1) − W_{l + 1}^(t)‖₂ − η‖∇_(W_{l + 1})L‖" + ("_F" if frobenius else "₂")))
    return out


@claim(
    id="zou_gu19.eq4.1.step_identity",
    where="Zou & Gu 2019, eq. (4.1), first equality (§4.1)",
    kind=Kind.D,
    statement="for GD iterates, every l and t: ‖W_l^{(t+1)} − W_l^{(t)}‖₂ = η‖∇_{W_l}L(W^{(t)})‖₂",
    hypotheses=("the GD update of Alg. 1 (V fixed)", "finite iterates"),
    requires=_zou_gu,
    mutant=lambda inst: _step_identity(inst, frobenius=True),
    cases=lambda: _gd_cases(),
)
def gd_step_length(inst: Instance) -> list[Evaluation]:
    """A GD step moves each layer by η times its gradient's spectral norm."""
    return _step_identity(inst)


def _telescope(inst: Instance, *, frobenius: bool = False) -> list[Evaluation]:
    eta, its, losses, grads = _gd_run(inst, monotone=True)
    n, m, k = inst.N, inst.widths[1], inst.widths[-1]
    phi = min_distance(inst.X)
    c = math.sqrt(k * n * n / (m * phi))
    roots = [math.sqrt(x) for x in losses]
    nlay = inst.L - 1
    out: list[Evaluation] = []
    rho_max = 0.0
    for t in range(1, len(its)):
        for l in range(nlay):  # ρ_{t−1,l}; 0 where the gradient vanishes (0/0)
            gn = spectral_norm(grads[t - 1][l])
            if gn > 0:
                rho_max = max(rho_max, eta * gn / (c * (roots[t - 1] - roots[t])))
        bound = rho_max * c * (roots[0] - roots[t])
        loose = rho_max * math.sqrt(k * n * n * losses[0] / (m * phi))
        for l in range(nlay):
            D = its[t][l] - its[0][l]
            disp = frob(D) if frobenius else spectral_norm(D)
            slack = 2 * (t + 1) * EPS * max(frob(its[s][l]) for s in range(t + 1))
            tol = Tolerance(1e-12, 0.0, "displacement is a difference of stored iterates: 2(t+1)ε·max_s‖W_l^(s)‖_F")
            out.append(Evaluation(lhs=disp, rhs=bound, label=f"t={t} l={l + 1}", tol=tol, atol=slack,
                                  lhs_name=f"‖W_{l + 1}^(t) − W_{l + 1}^(0)‖" + ("_F" if frobenius else "₂"),
                                  factors=(("√C_t", rho_max), ("√(kn²/(mφ))", c), ("√L₀ − √L_t", roots[0] - roots[t]))))
            out.append(Evaluation(lhs=bound, rhs=loose, label=f"t={t} second inequality", tol=TOL_PRODUCT,
                                  lhs_name="√(Ckn²/(mφ))(√L₀ − √L_t)",
                                  factors=(("√C_t", rho_max), ("√(kn²L₀/(mφ))", loose / rho_max if rho_max else 0.0))))
    return out


def _requires_telescope(inst: Instance) -> str | None:
    return _zou_gu(inst) or _requires_distinct(inst)


@claim(
    id="zou_gu19.eq4.1.telescope",
    where="Zou & Gu 2019, §4.1, sentence after (4.1): \"‖W_l^{(t)} − W_l^{(0)}‖₂ ≤ √(Ckn²L(W^{(0)})/(mφ))\"",
    kind=Kind.D,
    statement="if L(W^{(s+1)}) < L(W^{(s)}) and ρ_{s,l} ≤ √C for all s < t, then ‖W_l^{(t)} − W_l^{(0)}‖₂ ≤ "
              "√(Ckn²/(mφ))(√L(W^{(0)}) − √L(W^{(t)})) ≤ √(Ckn²L(W^{(0)})/(mφ)); √C = max_{s<t,l} ρ_{s,l}",
    hypotheses=("GD of Alg. 1", "monotone decrease of √L along the run (stop at the first failure)",
                "φ > 0 (pairwise distinct data)", "n ≥ 2"),
    requires=_requires_telescope,
    mutant=lambda inst: _telescope(inst, frobenius=True),
    cases=lambda: _gd_cases(n_min=2, datasets=("unit_last", "integer"), c_exp=(-2.0, 1.2), steps_max=8),
)
def telescoped_trajectory(inst: Instance) -> list[Evaluation]:
    """Summing (4.1) over the steps bounds every layer's displacement from initialisation."""
    return _telescope(inst)


# =========================================================================== exact monomial algebra
Mono = dict[str, Fraction]  # symbol → exponent; the paper's O/Ω/Õ hide every coefficient


def _m(text: str) -> Mono:
    """Monomial from "k n^24 L^12 phi^-8 k^(3/2)"; "1" is the empty monomial."""
    out: Mono = {}
    for tok in text.split():
        if tok == "1":
            continue
        sym, _, e = tok.partition("^")
        out[sym] = out.get(sym, Fraction(0)) + Fraction(e.strip("()") or 1)
    return {s: e for s, e in out.items() if e != 0}


def _mul(*ms: Mono) -> Mono:
    out: Mono = {}
    for m in ms:
        for s, e in m.items():
            out[s] = out.get(s, Fraction(0)) + e
    return {s: e for s, e in out.items() if e != 0}


def _pow(a: Mono, e: Fraction | int) -> Mono:
    return {s: x * Fraction(e) for s, x in a.items() if x * e != 0}


def _div(a: Mono, b: Mono) -> Mono:
    return _mul(a, _pow(b, -1))


def _subst(a: Mono, sym: str, b: Mono) -> Mono:
    """a with `sym` replaced by the monomial b (b = {} sets sym = 1)."""
    rest = {s: e for s, e in a.items() if s != sym}
    return _mul(rest, _pow(b, a.get(sym, Fraction(0))))


def _drop(a: Mono, *syms: str) -> Mono:
    """Õ/Ω̃: hide the given (logarithmic) factors."""
    return {s: e for s, e in a.items() if s not in syms}


def _show(a: Mono) -> str:
    return " ".join(s if e == 1 else f"{s}^{e}" for s, e in sorted(a.items())) or "1"


def _power_value(q: Mono, env: dict[str, Fraction]) -> tuple[int, Fraction]:
    """(D, q^D evaluated exactly), D = lcm of the exponents' denominators (so q^D has integer exponents)."""
    D = math.lcm(*(e.denominator for e in q.values())) if q else 1
    v = Fraction(1)
    for s, e in q.items():
        v *= env[s] ** int(e * D)
    return D, v


def _env(inst: Instance) -> dict[str, Fraction]:
    assert inst.case is not None
    env = {k: Fraction(v) for k, v in inst.case.params}
    if "n" in env:
        env["logn"] = Fraction(math.log(env["n"]))  # a positive rational stand-in: identities are symbolic in it
    return env


def _as_float(x: Fraction) -> float:
    """float(x), nudged off 0 so an exact nonzero never reads as an exact zero."""
    f = float(x)
    return math.copysign(5e-324, x) if f == 0.0 and x != 0 else f


def _identity(lhs: Mono, rhs: Mono, env: dict[str, Fraction], label: str) -> list[Evaluation]:
    """lhs = rhs as monomials: symbolically (equal exponents) and at the drawn point (exactly in ℚ)."""
    q = _div(lhs, rhs)
    D, v = _power_value(q, env)
    name = f"{_show(lhs)} vs {_show(rhs)}"
    return [
        Evaluation(lhs=float(sum(abs(e) for e in q.values())), rhs=0.0, relation=Relation.EQ,
                   label=f"{label} (exponents)", tol=TOL_EXACT, lhs_name=f"Σ|exponent of ({name})^-1 quotient|: "
                   f"{_show(q)}", vacuous=False),
        Evaluation(lhs=_as_float(abs(v - 1)), rhs=0.0, relation=Relation.EQ, label=f"{label} (at the drawn point)",
                   tol=TOL_EXACT, lhs_name=f"|(lhs/rhs)^{D} − 1| in ℚ", vacuous=False),
    ]


def _exact_le(lhs: Fraction, rhs: Fraction, label: str, lhs_name: str) -> Evaluation:
    """lhs ≤ rhs decided in ℚ; the floats shown are nudged so the float comparison agrees."""
    a, b = float(lhs), float(rhs)
    if lhs > rhs and not a > b:
        a = math.nextafter(b, math.inf)
    return Evaluation(lhs=a, rhs=b, label=label, tol=TOL_EXACT, lhs_name=lhs_name, vacuous=False)


def _symbols(ints: dict[str, tuple[int, int]], reals: dict[str, tuple[float, float]],
             b_le_n: bool = False) -> hst.SearchStrategy[Case]:
    """Cases whose `params` carry the scalars: integers uniform, reals log-uniform in [lo, hi]."""

    @hst.composite
    def build(draw: hst.DrawFn) -> Case:
        vals: dict[str, float] = {}
        for s, (lo, hi) in ints.items():
            vals[s] = float(draw(hst.integers(lo, hi), label=s))
        for s, (lo, hi) in reals.items():
            e = draw(hst.floats(math.log10(lo), math.log10(hi), allow_nan=False), label=f"log10 {s}")
            vals[s] = min(max(10.0**e, lo), hi)
        if b_le_n:
            vals["B"] = min(vals["B"], vals["n"])
        return Case(widths=(1, 1), n=1, params=tuple(sorted(vals.items())))

    return build()


_PHI = (1e-3, 2.0)  # φ ≤ 2 under Assumption 3.1
_LOGM = (math.log(2.0), 60.0)  # m ≥ 2
_LOGEPS = (1e-2, 1e2)  # log(1/ε)

# ---------------------------------------------------------------- Remark 3.4, Table 1, Intro bullet 1
_AZ_GD_T, _AZ_GD_M = _m("n^6 L^2 logeps phi^-2"), _m("k n^24 L^12 phi^-8")  # Table 1 row [2] (Ω̃)
_ZG_GD_T, _ZG_GD_M = _m("n^2 L^2 logeps phi^-1"), _m("k n^8 L^12 logm^3 phi^-4")  # Theorem 3.3, (3.1)


def _improvement_gd(inst: Instance, *, t_factor: str = "n^4 phi^-1") -> list[Evaluation]:
    env = _env(inst)
    return [
        *_identity(_div(_AZ_GD_T, _ZG_GD_T), _m(t_factor), env, "iterations [2]/ours = n⁴/φ"),
        *_identity(_drop(_div(_AZ_GD_M, _ZG_GD_M), "logm"), _m("n^16 phi^-4"), env, "width [2]/ours = n¹⁶/φ⁴ (Ω̃)"),
        *_identity(_m("k n^8 L^12 phi^-4"), _drop(_ZG_GD_M, "logm"), env, "Table 1 width = (3.1) (Ω̃)"),
        *_identity(_m("n^2 L^2 logeps phi^-1"), _ZG_GD_T, env, "Table 1 iterations = Theorem 3.3"),
    ]


@claim(
    id="zou_gu19.rem3.4",
    where="Zou & Gu 2019, Remark 3.4; Table 1; Introduction, first bullet",
    kind=Kind.D,
    statement="(n⁶L²/φ²)/(n²L²/φ) = n⁴/φ; (kn²⁴L¹²/φ⁸)/(kn⁸L¹²/φ⁴) = n¹⁶/φ⁴ (logs hidden by Ω̃); "
              "Table 1's last row equals Theorem 3.3",
    hypotheses=("n, L, k ≥ 1 integers; φ > 0, log m, log(1/ε) > 0",),
    mutant=lambda inst: _improvement_gd(inst, t_factor="n^4 phi^-2"),
    cases=lambda: _symbols({"n": (1, 64), "L": (1, 12), "k": (1, 16)}, {"phi": _PHI, "logm": _LOGM,
                                                                         "logeps": _LOGEPS}),
)
def gd_improvement_factors(inst: Instance) -> list[Evaluation]:
    """Remark 3.4's improvement factors over Allen-Zhu et al. are the quotients of the bounds."""
    return _improvement_gd(inst)


# ---------------------------------------------------------------- Remark 3.7
def _translation(inst: Instance, *, os_width: str = "n^9 X^6 phi^-4") -> list[Evaluation]:
    env = _env(inst)
    lam = _m("phi n^-2")  # λ₀ = φ/n² (Proposition 3.6)
    du_t, du_m = _subst(_m("n^2 logeps lam0^-2"), "lam0", lam), _subst(_m("n^6 lam0^-4"), "lam0", lam)
    os_t, os_m = _subst(_m("X^2 logeps lam0^-1"), "lam0", lam), _subst(_m("n X^6 lam0^-4"), "lam0", lam)
    ours_t, ours_m = _m("n^2 logeps phi^-1"), _m("n^8 phi^-4")  # Corollary 3.5 at k = 1, logs hidden (Ω̃)
    return [
        *_identity(du_t, _m("n^6 logeps phi^-2"), env, "Du et al. iterations → n⁶/φ²"),
        *_identity(du_m, _m("n^14 phi^-4"), env, "Du et al. width → n¹⁴/φ⁴"),
        *_identity(os_t, _m("n^2 X^2 logeps phi^-1"), env, "Oymak–Soltanolkotabi iterations → n²‖X‖²/φ"),
        *_identity(os_m, _m(os_width), env, "Oymak–Soltanolkotabi width → n⁹‖X‖⁶/φ⁴"),
        *_identity(_div(os_t, ours_t), _m("X^2"), env, "iteration factor ‖X‖₂²"),
        *_identity(_div(os_m, ours_m), _m("n X^6"), env, "width factor n‖X‖₂⁶"),
    ]


@claim(
    id="zou_gu19.rem3.7",
    where="Zou & Gu 2019, Remark 3.7; Table 1 rows [11] and [17]",
    kind=Kind.D,
    statement="with λ₀ = φ/n²: n²/λ₀² = n⁶/φ², n⁶/λ₀⁴ = n¹⁴/φ⁴, ‖X‖₂²/λ₀ = n²‖X‖₂²/φ, n‖X‖₂⁶/λ₀⁴ = n⁹‖X‖₂⁶/φ⁴; "
              "the factors relative to Corollary 3.5 (k = 1) are ‖X‖₂² (iterations) and n‖X‖₂⁶ (width)",
    hypotheses=("n ≥ 1 integer; φ, ‖X‖₂, log(1/ε) > 0",),
    mutant=lambda inst: _translation(inst, os_width="n^8 X^6 phi^-4"),
    cases=lambda: _symbols({"n": (1, 64)}, {"phi": _PHI, "X": (1e-2, 1e2), "logeps": _LOGEPS}),
)
def lambda0_translation(inst: Instance) -> list[Evaluation]:
    """Remark 3.7's translation of [11] and [17] through λ₀ = φ/n²."""
    return _translation(inst)


# ---------------------------------------------------------------- Remark 3.9 (printed: keeps log(1/ε))
_AZ_SGD_T, _AZ_SGD_M = _m("n^7 L^2 logeps B^-1 phi^-2"), _m("n^24 L^12 B k phi^-8")  # [2] as quoted (Õ, Ω̃)
_ZG_SGD_T, _ZG_SGD_M = _m("n^5 L^2 logm logeps^2 B^-1 phi^-2"), _m("k n^17 L^12 logm^3 B^-4 phi^-8")  # Thm 3.8


def _improvement_sgd(inst: Instance, *, width_factor: str = "n^7 B^5", hide: tuple[str, ...] = ("logm", "logeps")
                     ) -> list[Evaluation]:
    env = _env(inst)
    return [
        *_identity(_drop(_div(_AZ_SGD_M, _ZG_SGD_M), "logm"), _m(width_factor), env, "width [2]/ours = n⁷B⁵ (Ω̃)"),
        *_identity(_drop(_div(_AZ_SGD_T, _ZG_SGD_T), *hide), _m("n^2"), env, "iterations [2]/ours = n²"),
    ]


@claim(
    id="zou_gu19.rem3.9",
    where="Zou & Gu 2019, Remark 3.9; Introduction, second bullet",
    kind=Kind.D,
    statement="(n²⁴L¹²Bk/φ⁸)/(kn¹⁷L¹²/(B⁴φ⁸)) = n⁷B⁵; (n⁷L²/(Bφ²))/(n⁵L²/(Bφ²)) = n² once Theorem 3.8's "
              "extra log(m)·log(1/ε) is dropped (as printed, with log(1/ε) kept per footnote 1: n²/log(1/ε))",
    hypotheses=("n, L, k ≥ 1, 1 ≤ B ≤ n integers; φ, log m, log(1/ε) > 0",),
    mutant=lambda inst: _improvement_sgd(inst, width_factor="n^7 B^4"),
    variants={"printed": lambda inst: _improvement_sgd(inst, hide=("logm",))},
    cases=lambda: _symbols({"n": (1, 64), "L": (1, 12), "k": (1, 16), "B": (1, 64)},
                           {"phi": _PHI, "logm": _LOGM, "logeps": _LOGEPS}, b_le_n=True),
)
def sgd_improvement_factors(inst: Instance) -> list[Evaluation]:
    """Remark 3.9's SGD improvement factors over Allen-Zhu et al. (log factors dropped)."""
    return _improvement_sgd(inst)


# ---------------------------------------------------------------- Remark 3.11
def _two_layer_sgd(inst: Instance, *, n_exp: int = 17) -> list[Evaluation]:
    env = _env(inst)
    at_one = _subst(_ZG_SGD_M, "L", {})
    thm310 = _m("k^(5/2) n^11 logm^3 phi^-5 B^-1")
    ratio = _div(at_one, thm310)
    D, v = _power_value(ratio, env)  # ratio^D, exactly
    lhs_c, rhs_c = env["n"] ** 12, env["k"] ** 3 * env["B"] ** 6 * env["phi"] ** 6  # n⁶ ≥ k^{3/2}B³φ³, squared
    same = (v >= 1) == (lhs_c >= rhs_c)
    return [
        *_identity(at_one, _m(f"k n^{n_exp} logm^3 B^-4 phi^-8"), env, "(3.2) at L = 1"),
        *_identity(ratio, _m("n^6 k^(-3/2) B^-3 phi^-3"), env, "(3.2)|_(L=1) / Theorem 3.10 width"),
        Evaluation(lhs=0.0 if same else 1.0, rhs=0.0, relation=Relation.EQ,
                   label="larger ⇔ n⁶ ≥ k^(3/2)B³φ³ (at the drawn point)", tol=TOL_EXACT, vacuous=False,
                   lhs_name=f"[ratio^{D} ≥ 1] ≠ [n¹² ≥ k³B⁶φ⁶]"),
    ]


@claim(
    id="zou_gu19.rem3.11",
    where="Zou & Gu 2019, Remark 3.11",
    kind=Kind.D,
    statement="(3.2) at L = 1 reads m = Ω(kn¹⁷log³(m)B⁻⁴φ⁻⁸); its ratio to Theorem 3.10's k^{5/2}n¹¹log³(m)/(φ⁵B) "
              "is n⁶/(k^{3/2}B³φ³), so it is larger exactly when n⁶ ≥ k^{3/2}B³φ³",
    hypotheses=("n, k ≥ 1, 1 ≤ B ≤ n integers; φ, log m > 0",),
    mutant=lambda inst: _two_layer_sgd(inst, n_exp=11),
    cases=lambda: _symbols({"n": (1, 64), "k": (1, 16), "B": (1, 64)}, {"phi": _PHI, "logm": _LOGM}, b_le_n=True),
)
def two_layer_sgd_width(inst: Instance) -> list[Evaluation]:
    """Remark 3.11: Theorem 3.8's width at L = 1 against Theorem 3.10's."""
    return _two_layer_sgd(inst)


# ---------------------------------------------------------------- (4.3) → T
def _iterations_from_eta(inst: Instance, *, t33: str = "n^2 L^2 logeps phi^-1") -> list[Evaluation]:
    env = _env(inst)
    t_eta = _m("k n^2 logeps m^-1 phi^-1")  # (4.3)
    gd_eta, sgd_eta = _m("k L^-2 m^-1"), _m("k B phi n^-3 m^-1 logm^-1")
    return [
        *_identity(_div(t_eta, gd_eta), _m(t33), env, "η = k/(L²m) ⇒ T of Theorem 3.3"),
        *_identity(_div(t_eta, sgd_eta), _m("n^5 logm logeps B^-1 phi^-2"), env, "η of Thm 3.10 ⇒ T of Theorem 3.10"),
    ]


@claim(
    id="zou_gu19.eq4.3.t_from_eta",
    where="Zou & Gu 2019, eq. (4.3) with Theorems 3.3 and 3.10",
    kind=Kind.D,
    statement="Tη = kn²log(1/ε)/(mφ) with η = k/(L²m) gives T = n²L²log(1/ε)/φ; with η = kBφ/(n³m log m) it gives "
              "T = n⁵log(m)log(1/ε)/(Bφ²)",
    hypotheses=("n, L, k, m ≥ 1, 1 ≤ B ≤ n integers; φ, log m, log(1/ε) > 0",),
    mutant=lambda inst: _iterations_from_eta(inst, t33="n^2 L logeps phi^-1"),
    cases=lambda: _symbols({"n": (1, 64), "L": (1, 12), "k": (1, 16), "B": (1, 64), "m": (1, 10**9)},
                           {"phi": _PHI, "logm": _LOGM, "logeps": _LOGEPS}, b_le_n=True),
)
def iterations_from_step_size(inst: Instance) -> list[Evaluation]:
    """Substituting the step sizes into (4.3) gives the theorems' iteration counts."""
    return _iterations_from_eta(inst)


# ---------------------------------------------------------------- Step (iii): (3.1) into Lemma 4.2
_TAU_STAR = _m("phi^(3/2) n^-3 L^-6 logm^(-3/2)")
_LEMMA42 = _pow(_m("k n^2 logn m^-1 phi^-1"), Fraction(1, 2))


def _width_radius(inst: Instance, *, width: str = "k n^8 L^12 logm^3 logn phi^-4") -> list[Evaluation]:
    env = _env(inst)
    return _identity(_subst(_LEMMA42, "m", _m(width)), _TAU_STAR, env, "Lemma 4.2 bound at m of (3.1) = τ*")


@claim(
    id="zou_gu19.thm3.3.width_vs_lemma4.2",
    where="Zou & Gu 2019, §4.2 Step (iii): \"plugging (3.1) into the result of Lemma 4.2 … same order of τ\"",
    kind=Kind.D,
    statement="with m = kn⁸L¹²log³(m)·log(n)/φ⁴ (corrected (3.1)), "
              "√(kn²log(n)/(mφ)) = φ^{3/2}n^{−3}L^{−6}log^{−3/2}(m); "
              "as printed (no log n in (3.1)) the ratio is √(log n)",
    hypotheses=("n ≥ 2 (log n > 0), L, k ≥ 1 integers; φ, log m > 0",),
    mutant=lambda inst: _width_radius(inst, width="k n^6 L^12 logm^3 logn phi^-4"),
    variants={"printed": lambda inst: _width_radius(inst, width="k n^8 L^12 logm^3 phi^-4")},
    cases=lambda: _symbols({"n": (2, 64), "L": (1, 12), "k": (1, 16)}, {"phi": _PHI, "logm": _LOGM}),
)
def width_gives_radius(inst: Instance) -> list[Evaluation]:
    """The width condition makes Lemma 4.2's trajectory bound equal the radius τ* (with log n added)."""
    return _width_radius(inst)


# ---------------------------------------------------------------- Lemma 4.4 range and (4.2) balance
def _tau_range(inst: Instance, *, tau: Mono = _TAU_STAR) -> list[Evaluation]:
    env = _env(inst)
    m31 = _m("k n^8 L^12 logm^3 phi^-4")  # (3.1) as printed
    lower = _m("k^(3/2) m^(-3/2) L^(-3/2) logm^(-3/2)")
    upper = _m("L^(-9/2) logm^(-3/2)")
    lo_ratio = _subst(_div(tau, lower), "m", m31)
    up_ratio = _div(tau, upper)
    balance = _mul(_pow(tau, Fraction(1, 3)), _m("L^2"), _pow(_m("m logm k^-1"), Fraction(1, 2)),
                   _pow(_m("k n^2 m^-1 phi^-1"), Fraction(1, 2)))
    D_lo, v_lo = _power_value(lo_ratio, env)
    D_up, v_up = _power_value(up_ratio, env)
    return [
        *_identity(lo_ratio, _m("L^(27/2) n^9 logm^(9/2) phi^(-9/2)"), env, "τ*/lower at m of (3.1)"),
        *_identity(up_ratio, _m("phi^(3/2) L^(-3/2) n^-3"), env, "τ*/upper"),
        *_identity(balance, {}, env, "τ*^(1/3)L²√(m log m/k)·√(kn²/(mφ)) = 1"),
        _exact_le(Fraction(1), v_lo, "lower ≤ τ*", f"1 ≤ (τ*/lower)^{D_lo}"),
        _exact_le(v_up, Fraction(1), "τ* ≤ upper", f"(τ*/upper)^{D_up} ≤ 1"),
    ]


_TAU_CASES = {"n": (2, 64), "L": (1, 12), "k": (1, 16)}


@claim(
    id="zou_gu19.lemma4.4.tau_range",
    where="Zou & Gu 2019, Lemmas 4.1, 4.4 and 4.5 combined (§4.2)",
    kind=Kind.D,
    statement="under (3.1), τ* = φ^{3/2}n^{−3}L^{−6}log^{−3/2}m satisfies k^{3/2}/(m^{3/2}L^{3/2}log^{3/2}m) ≤ τ* ≤ "
              "1/(L^{4.5}log^{3/2}m), and τ*^{1/3}L²√(m log m/k)·√(kn²/(mφ)) = 1",
    hypotheses=("φ ≤ 2 (Assumption 3.1)", "n ≥ 2", "m ≥ 2 (log m ≥ log 2)", "L, k ≥ 1"),
    mutant=lambda inst: _tau_range(inst, tau=_m("phi^(3/2) n^-3 L^-3 logm^(-3/2)")),
    cases=lambda: _symbols(_TAU_CASES, {"phi": _PHI, "logm": _LOGM}),
    probes={"φ ≤ 2 (Assumption 3.1)": lambda: _symbols(_TAU_CASES, {"phi": (1e-3, 1e3), "logm": _LOGM}),
            "n ≥ 2": lambda: _symbols({**_TAU_CASES, "n": (1, 1)}, {"phi": _PHI, "logm": _LOGM})},
)
def radius_in_semismooth_range(inst: Instance) -> list[Evaluation]:
    """τ* lies in Lemma 4.4's admissible range and balances the non-smooth term of (4.2)."""
    return _tau_range(inst)
