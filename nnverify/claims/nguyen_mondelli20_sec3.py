"""Claims of Nguyen & Mondelli (NeurIPS 2020), §3.1–§3.3 (seed 001): the initialisation recipe and G_* (class D).

§3.1: eq. (10), eq. (11) ⇒ (4), duplicated and close samples force λ_F small; §3.2–3.3: λ_* ≤ 1 (14), the
Hermite expansion (16) and its high-order mass, linear σ, the joint rescaling remark. Glossary, Assumption 3.1
(`InitConstants`, `init_constants`, `assumption31_from`, `assumption31`), the scalar activation families and
the shared case strategies: `nnverify.claims.nguyen_mondelli20`; here G_*, λ_* (eq. (13)) →
`nnverify.kernels.gram_star`, `lam_star`; μ_r(σ) → `kernels.hermite_coeffs*`; X^{*r} (row-wise Kronecker
power) → `_kr_pow(X, r)`; LHS/RHS of (11) → `lhs11`, `rhs11`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from hypothesis import strategies as hst
from hypothesis.extra import numpy as hnp

from nnverify import kernels
from nnverify import strategies as nst
from nnverify.activations import Activation
from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, prod, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.claims.nguyen_mondelli20 import (
    _GAMMA_ACTS,
    InitConstants,
    _has,
    _net_cases,
    _param,
    _sigma_for_gram,
    assumption31,
    assumption31_from,
    init_constants,
)
from nnverify.linalg import EPS, frob, lam_min, sigma_min, spectral_norm
from nnverify.types import Case, Instance

__all__ = ["lam_star", "lhs11", "rhs11"]


# ============================================================================ §3.1 recipe
def _eq10(inst: Instance, mutant: bool = False) -> list[Evaluation]:
    F = inst.fw.out
    yf, ff = frob(inst.Y), frob(F)
    root = math.sqrt(2 * inst.loss())
    norms = spec_norms(inst.Ws)
    xf = frob(inst.X)
    out = [
        Evaluation(lhs=root, rhs=max(yf, ff) if mutant else yf + ff,
                   label="√(2Φ(θ₀)) ≤ max(‖Y‖, ‖F_L‖)" if mutant else "√(2Φ(θ₀)) ≤ ‖Y‖_F + ‖F_L(θ₀)‖_F",
                   tol=Tolerance(1e-12, 0.0, "norms of sums: relative round-off ~ (N n_L)·ε"),
                   lhs_name="√(2Φ(θ₀))", factors=(("‖Y‖_F", yf), ("‖F_L‖_F", ff))),
        Evaluation(lhs=ff, rhs=prod(norms) * xf, label="‖F_L(θ₀)‖_F ≤ ∏‖W_l⁰‖₂‖X‖_F (17)", tol=TOL_PRODUCT,
                   lhs_name="‖F_L(θ₀)‖_F", factors=(("∏‖W_l⁰‖₂", prod(norms)), ("‖X‖_F", xf))),
    ]
    if not mutant and bool((inst.Ws[1] == 0).all()):
        lb2 = (2 / 3) * (1 + norms[1])
        out += [
            Evaluation(lhs=abs(lb2 - 2 / 3), rhs=0.0, relation=Relation.EQ, label="W₂⁰ = 0 ⇒ λ̄₂ = 2/3 ≤ 1",
                       tol=TOL_IDENTITY, scale=1.0, lhs_name="|λ̄₂ − 2/3|"),
            Evaluation(lhs=ff, rhs=0.0, relation=Relation.EQ, label="W₂⁰ = 0 ⇒ F_L(θ₀) = 0",
                       tol=Tolerance(0.0, 0.0, "exact: every entry is a sum of products with a zero factor"),
                       scale=1.0, lhs_name="‖F_L(θ₀)‖_F"),
            Evaluation(lhs=abs(root - yf), rhs=0.0, relation=Relation.EQ, label="W₂⁰ = 0 ⇒ √(2Φ(θ₀)) = ‖Y‖_F",
                       tol=TOL_IDENTITY, scale=yf, lhs_name="|√(2Φ) − ‖Y‖_F|"),
        ]
    return out


@hst.composite
def _recipe_cases(draw: hst.DrawFn, *, target_exp: tuple[float, float] = (-2.0, 1.0),
                  v_exp: tuple[float, float] = (-6.0, 0.0), relative_v: bool = False) -> Case:
    """NM §3.1 recipe (`nm_recipe`: W₁ LeCun, W₂ ~ 𝒩(0, v) with v = 0 allowed, W_l = c[I; 0] for l ≥ 3),
    pyramidal widths; with `relative_v`, v = (10^e/c^{L−2})² so that F_L(θ₀) is of size 10^e."""
    N = draw(hst.integers(1, 4), label="N")
    w = draw(nst.pyramidal_widths(N, 2, 4, 4), label="widths")
    L = len(w) - 1
    c = draw(nst.scales(0.0, 6.0) if relative_v else nst.scales(-1.0, 1.0), label="c")
    if relative_v:
        c = max(c, 1.01)
    zero_v = draw(hst.booleans(), label="v = 0")
    e = draw(hst.floats(*v_exp), label="log v")
    v = 0.0 if zero_v else ((10**e / c ** (L - 2)) ** 2 if relative_v else 10**e)
    return Case(widths=w, n=N, activation=draw(nst.activations(_GAMMA_ACTS if relative_v else nst.ACTIVATIONS_ALL)),
                init="nm_recipe", params=(("init.v", v), ("init.c", c)),
                data=draw(hst.sampled_from(("gaussian", "sphere")), label="data"),
                data_scale=draw(nst.scales(-1.0, 1.0), label="data_scale"),
                targets="gaussian", target_scale=draw(nst.scales(*target_exp), label="target_scale"),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"))


@claim(
    id="nguyen_mondelli20.sec3.1.eq10",
    where="Nguyen & Mondelli 2020, eq. (10) (§3.1) and \"v = 0 … implies that (10) holds with probability 1\"",
    kind=Kind.D,
    statement="for every θ₀: √(2Φ(θ₀)) ≤ ‖Y‖_F + ‖F_L(θ₀)‖_F ≤ ‖Y‖_F + ∏_l‖W_l⁰‖₂‖X‖_F; if W₂⁰ = 0 then "
              "λ̄₂ = 2/3 ≤ 1, F_L(θ₀) = 0 and √(2Φ(θ₀)) = ‖Y‖_F ≤ 2‖Y‖_F",
    hypotheses=("|σ(x)| ≤ |x| (for (17))",),
    mutant=lambda inst: _eq10(inst, mutant=True),
    cases=lambda: hst.one_of(_recipe_cases(), _net_cases(activations_=nst.ACTIVATIONS_ALL)),
)
def small_second_layer(inst: Instance) -> list[Evaluation]:
    """The loss chain of (10); exact at W₂⁰ = 0."""
    return _eq10(inst)


def lhs11(c: InitConstants, y_fro: float) -> float:
    """LHS of (11): λ_F²[(γ⁴/3)(6/γ²)^L·2‖X‖_F‖Y‖_F·max(2λ̄₁, 1)]^{−1}."""
    g, L = c.gamma, c.L
    return c.lam_F**2 / ((g**4 / 3) * (6 / g**2) ** L * 2 * c.x_fro * y_fro * max(2 * c.lam_bar[0], 1.0))


def rhs11(c: InitConstants) -> float:
    """RHS of (11): λ̄_{3→L}/λ_{3→L}²."""
    return prod(c.lam_bar[2:]) / prod(c.lam[2:]) ** 2


def _c_star(c: InitConstants) -> float:
    """Largest c with λ_l² ≥ cλ̄_l for every l ≥ 3 (+∞ for L = 2)."""
    return min((c.lam[l] ** 2 / c.lam_bar[l] for l in range(2, c.L)), default=math.inf)


def _requires_eq11(inst: Instance) -> str | None:
    c = init_constants(inst)
    yf = frob(inst.Y)
    if not 0 < c.gamma < 1:
        return "needs γ ∈ (0, 1)"
    if not (c.lam_F > 0 and yf > 0):
        return "needs λ_F > 0 and Y ≠ 0"
    if not c.lam_bar[1] <= 1:
        return f"(10) needs λ̄₂ ≤ 1, got {c.lam_bar[1]}"
    if not c.sqrt2phi <= 2 * yf:
        return "(10) needs √(2Φ(θ₀)) ≤ 2‖Y‖_F"
    if any(v < 1 for v in c.lam[2:]) or not _c_star(c) > 1:
        return "needs λ_l ≥ 1 and λ_l² ≥ cλ̄_l with c > 1 (l ≥ 3)"
    return None


def _eq11(inst: Instance, c_power: int = 1) -> list[Evaluation]:
    c = init_constants(inst)
    a = assumption31_from(c)
    yf = frob(inst.Y)
    lhs, rhs = lhs11(c, yf), rhs11(c)
    cs = _c_star(c)
    out = [
        Evaluation(lhs=a["rho4"], rhs=rhs / lhs, label="RHS(4)/λ_F² ≤ RHS(11)/LHS(11) under (10)",  # type: ignore[arg-type]
                   tol=TOL_PRODUCT, lhs_name="ρ₄", factors=(("RHS(11)", rhs), ("LHS(11)", lhs))),
        Evaluation(lhs=rhs, rhs=cs ** (-c_power * (c.L - 2)),
                   label=f"RHS(11) ≤ c^(−{'2' if c_power == 2 else ''}(L−2)), c = min_l λ_l²/λ̄_l", tol=TOL_PRODUCT,
                   lhs_name="λ̄_(3→L)/λ²_(3→L)", factors=(("c", cs), ("L", c.L))),
    ]
    if lhs >= rhs:
        out.append(Evaluation(lhs=c.lam_F**2, rhs=a["rhs4"], relation=Relation.GE,  # type: ignore[arg-type]
                              label="(10) + (11) ⇒ (4)", tol=TOL_PRODUCT, lhs_name="λ_F²",
                              factors=(("LHS(11)", lhs), ("RHS(11)", rhs))))
    return out


def _eq11_printed(inst: Instance) -> list[Evaluation]:
    """As printed: "(11) is satisfied for c large enough" — inf_c RHS(11) = inf_c c^{−(L−2)} is 0 for L ≥ 3 but 1
    for L = 2 (empty product), so for L = 2 it needs LHS(11) ≥ 1 whatever c is (erratum)."""
    c = init_constants(inst)
    inf_rhs = 1.0 if c.L == 2 else 0.0
    return [Evaluation(lhs=lhs11(c, frob(inst.Y)), rhs=inf_rhs, relation=Relation.GE,
                       label="(11) holds for c large enough: LHS(11) ≥ inf_c RHS(11)", tol=TOL_PRODUCT,
                       lhs_name="LHS(11)", factors=(("L", c.L),))]


@claim(
    id="nguyen_mondelli20.sec3.1.eq11",
    where="Nguyen & Mondelli 2020, eq. (11) and the paragraph after it (§3.1)",
    kind=Kind.D,
    statement="if λ̄₂ ≤ 1, √(2Φ(θ₀)) ≤ 2‖Y‖_F, λ_l ≥ 1 and λ_l² ≥ cλ̄_l (l ≥ 3, c > 1), then RHS(4)/λ_F² ≤ "
              "RHS(11)/LHS(11), so (11) λ_F²[(γ⁴/3)(6/γ²)^L·2‖X‖_F‖Y‖_F·max(2λ̄₁, 1)]^{−1} ≥ λ̄_{3→L}/λ_{3→L}² "
              "implies (4); moreover λ̄_{3→L}/λ_{3→L}² ≤ c^{−(L−2)}",
    hypotheses=("(10): λ̄₂ ≤ 1, √(2Φ(θ₀)) ≤ 2‖Y‖_F", "λ_l ≥ 1, λ_l² ≥ cλ̄_l, c > 1 (l ≥ 3)", "λ_F > 0",
                "γ ∈ (0,1)"),
    requires=_requires_eq11,
    mutant=lambda inst: _eq11(inst, c_power=2),
    variants={"printed": _eq11_printed},
    cases=lambda: _recipe_cases(target_exp=(-5.0, 0.0), v_exp=(-12.0, -6.0), relative_v=True),
)
def recipe_implies_eq4(inst: Instance) -> list[Evaluation]:
    """(10) and (11) imply (4), with c^{−(L−2)} control of the upper layers."""
    return _eq11(inst)


@hst.composite
def _duplicate_cases(draw: hst.DrawFn) -> Case:
    """Pyramidal cases with N ≥ 2 whose data have x_N = x_1 ("duplicates")."""
    c = draw(_net_cases(min_n=2, n_max=5, activations_=nst.ACTIVATIONS_ALL, datasets=("duplicates",),
                        scale_exp=(-2.0, 2.0)))
    return c


def _duplicate_pair(X: torch.Tensor) -> tuple[int, int] | None:
    for i in range(X.shape[0]):
        for j in range(i + 1, X.shape[0]):
            if bool((X[i] == X[j]).all()):
                return i, j
    return None


def _duplicates(inst: Instance, parallel: bool = False) -> list[Evaluation]:
    pair = _duplicate_pair(inst.X)
    assert pair is not None
    X = inst.X.clone()
    if parallel:  # mutant: x_j = 2x_i (parallel, not equal) also forces λ_F = 0
        X[pair[1]] = 2 * X[pair[0]]
    F1 = inst.act(X @ inst.Ws[0])
    sv = torch.linalg.svdvals(F1)
    s1, sN = float(sv[0]), (float(sv[-1]) if F1.shape[1] >= F1.shape[0] else 0.0)
    floor = 1e-13 * s1
    out = [Evaluation(lhs=sN, rhs=floor, relation=Relation.LE,
                      label="x_i = x_j ⇒ λ_F = σ_N(σ(XW₁)) = 0 (≤ SVD floor 1e−13·σ₁)",
                      tol=Tolerance(0.0, 0.0, "0 is certified by the SVD floor: absolute error ~ n·ε·σ₁ ≤ 1e−13·σ₁ "
                                    "(catalog)"),
                      lhs_name="σ_N(F₁)", factors=(("σ₁(F₁)", s1), ("i", pair[0]), ("j", pair[1])),
                      vacuous=s1 == 0.0)]
    if not parallel and 0 < inst.act.gamma < 1 and all(sigma_min(W) > 0 for W in inst.Ws[2:]):
        rhs4 = assumption31(inst)["rhs4"]
        if rhs4 > floor**2:  # type: ignore[operator]
            out.append(Evaluation(lhs=sN**2, rhs=rhs4, label="(4) fails: λ_F² < RHS(4) (X ≠ 0, Φ(θ₀) > 0)",  # type: ignore[arg-type]
                                  tol=Tolerance(0.0, 0.0, "λ_F² is 0 up to the SVD floor checked above"),
                                  lhs_name="λ_F²"))
    return out


def _requires_duplicate(inst: Instance) -> str | None:
    if inst.widths[1] < inst.N:
        return "needs n₁ ≥ N"
    return None if _duplicate_pair(inst.X) is not None else "needs two equal rows of X"


@claim(
    id="nguyen_mondelli20.sec3.1.duplicates",
    where="Nguyen & Mondelli 2020, §3.1 technical remark (\"if x_i = x_j … λ_F = 0. Thus, Assumption 3.2 [sic] "
          "cannot hold unless Φ = 0 … or X = 0\")",
    kind=Kind.D,
    statement="if x_i = x_j for some i ≠ j then σ_N(σ(XW₁)) = 0 for every W₁; so (4) (Assumption 3.1, printed "
              "\"3.2\") fails unless ‖X‖_F√(2Φ(θ₀)) = 0",
    hypotheses=("n₁ ≥ N", "two equal rows"),
    requires=_requires_duplicate,
    mutant=lambda inst: _duplicates(inst, parallel=True),
    cases=lambda: _duplicate_cases(),
)
def duplicated_samples(inst: Instance) -> list[Evaluation]:
    """Duplicated samples make F₁ rank-deficient, so Assumption 3.1 cannot hold."""
    return _duplicates(inst)


@hst.composite
def _close_point_cases(draw: hst.DrawFn) -> Case:
    """Explicit X (N ∈ [2, 4], d ∈ [1, 4]) whose last row is the first plus 10^[−8, 0]·(unit vector)."""
    if draw(hst.booleans(), label="attained family"):
        # where the bound is attained (ratio → 1 as δ → 0): N = 2, σ linear, W₁ = I, x₁ − x₀ = δe₂ ⊥ x₀ = a·e₁
        a = draw(hst.floats(0.5, 3.0), label="a")
        delta = 10 ** draw(hst.floats(-6.0, -2.0), label="log delta")
        return Case(widths=(2, 2, 1), n=2, activation="linear(1)", X=((a, 0.0), (a, delta)),
                    W=(((1.0, 0.0), (0.0, 1.0)), ((1.0,), (1.0,))), Y=((0.0,), (0.0,)))
    N = draw(hst.integers(2, 4), label="N")
    w = draw(nst.pyramidal_widths(N, 2, 3, 4), label="widths")
    d = w[0]
    el = hst.floats(-3.0, 3.0, allow_nan=False, allow_subnormal=False)
    X = draw(hnp.arrays(np.float64, (N, d), elements=el), label="X")
    u = draw(hnp.arrays(np.float64, (d,), elements=el), label="direction")
    nu = float(np.linalg.norm(u))
    u = u / nu if nu > 1e-3 else np.eye(d)[0]
    X[-1] = X[0] + 10 ** draw(hst.floats(-8.0, 0.0), label="log distance") * u
    return Case(widths=w, n=N, activation=draw(nst.activations((*nst.ACTIVATIONS_ALL, "linear(1)"))),
                init=draw(hst.sampled_from(("gaussian", "lecun", "integer")), label="init"),
                scale=draw(nst.scales(-1.0, 1.0), label="scale"), X=tuple(tuple(float(v) for v in r) for r in X),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"))


def _close_points(inst: Instance, divisor: float = math.sqrt(2.0)) -> list[Evaluation]:
    F1 = inst.fw.F[1]
    sv = torch.linalg.svdvals(F1)
    lamF = float(sv[-1])
    w1 = spectral_norm(inst.Ws[0])
    D = torch.cdist(inst.X, inst.X)
    D.fill_diagonal_(math.inf)
    dmin = float(D.min())
    return [Evaluation(lhs=lamF, rhs=w1 * dmin / divisor,
                       label=f"λ_F ≤ ‖W₁‖₂ min_(i≠j)‖x_i − x_j‖/{'√2' if divisor != 2 else '2'}",
                       tol=TOL_PRODUCT, atol=4 * (inst.N + inst.widths[1]) * EPS * float(sv[0]),
                       lhs_name="λ_F", factors=(("‖W₁‖₂", w1), ("min‖x_i − x_j‖", dmin)))]


def _requires_wide(inst: Instance) -> str | None:
    return None if inst.widths[1] >= inst.N and inst.N >= 2 else "needs n₁ ≥ N ≥ 2"


@claim(
    id="nguyen_mondelli20.sec3.1.close_points",
    where="Nguyen & Mondelli 2020, §3.1 (\"if x_i and x_j are close, then λ_F is small\"); quantitative form "
          "derived in the catalog",
    kind=Kind.D,
    statement="for every W₁ and i ≠ j: λ_F = σ_N(σ(XW₁)) ≤ ‖W₁‖₂‖x_i − x_j‖₂/√2 (test vector (e_i − e_j)/√2, "
              "σ 1-Lipschitz)",
    hypotheses=("σ 1-Lipschitz (Assumption 2.2(i))", "n₁ ≥ N"),
    requires=_requires_wide,
    mutant=lambda inst: _close_points(inst, divisor=2.0),
    cases=lambda: _close_point_cases(),
)
def close_samples_small_lambda_f(inst: Instance) -> list[Evaluation]:
    """Close samples force a small λ_F (hence a small α₀)."""
    return _close_points(inst)


# ============================================================================ §3.2–3.3: G_*
def lam_star(X: np.ndarray, act: Activation | str) -> float:
    """λ_* = λ_min(G_*) of NM (13) (closed-form G_*)."""
    return float(np.linalg.eigvalsh(kernels.gram_star(X, act))[0])


def _gram(inst: Instance, X: np.ndarray | None = None, var: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(G_*, magnitudes that cancel): closed form for library activations, 2-D GH (n = 160) for the mixes."""
    X = inst.X.numpy() if X is None else X
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation):
        return kernels.gram_star(X, sig, var), kernels.gram_star_scale(X, sig, var)
    S = kernels.covariance(X, var)
    return kernels.gram_star_gh(X, sig, 160, var), np.sqrt(np.outer(np.diag(S), np.diag(S)))


_GRAM_ACTS = ("relu", "leaky_relu(0.1)", "linear(1)", "linear(0.6)", *nst.SMOOTH, "smooth_leaky_relu(0.3,100)",
              "smooth_leaky_relu(0.01,0.1)")


@hst.composite
def _gram_cases(draw: hst.DrawFn, *, datasets: Sequence[str] = ("sphere", "gaussian", "integer", "duplicates",
                                                                 "zeros", "rademacher"),
                acts: Sequence[str] = _GRAM_ACTS, mixes: bool = True, n_max: int = 5, extra: tuple = ()) -> Case:
    """Data-only cases (widths (d, 1)) with σ a closed-form activation or (params "family") a tanh/softplus mix."""
    N = draw(hst.integers(1, n_max), label="N")
    d = draw(hst.integers(1, 5), label="d")
    fam = draw(hst.sampled_from((0, 1, 2) if mixes else (0,)), label="family")
    params: list[tuple[str, float]] = []
    if fam:
        params = [("family", float(fam)), ("gamma", draw(hst.floats(0.05, 0.95), label="gamma"))]
        if fam == 2:
            params.append(("k", draw(nst.scales(-0.5, 0.5), label="k")))
    return Case(widths=(d, 1), n=N, activation=draw(nst.activations(acts)) if not fam else "relu",
                data=draw(hst.sampled_from(tuple(datasets)), label="data"),
                data_scale=draw(nst.scales(-1.0, 1.0), label="data_scale"),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"), params=(*params, *extra))


def _on_sphere(X: np.ndarray) -> bool:
    d = X.shape[1]
    return bool(np.all(np.abs((X * X).sum(1) / d - 1) <= 1e-12))


def _eq14(inst: Instance, spectral: bool = False) -> list[Evaluation]:
    X = inst.X.numpy()
    N, d = X.shape
    G, scale = _gram(inst)
    ev = np.linalg.eigvalsh(G)
    ls, tr = float(ev[0]), float(np.trace(G)) / N
    xf2 = float((X * X).sum()) / (N * d)
    kern = 64 * EPS * float(scale.max())  # closed form (2) cancels terms of size √((a_i²+s²)(a_j²+s²))
    tol_eig = Tolerance(0.0, 0.0, "eigvalsh absolute error ~ N·ε·λ_max plus the kernel's cancellation floor")
    out = [Evaluation(lhs=ls, rhs=tr, label="λ_* ≤ tr(G_*)/N", tol=tol_eig,
                      atol=8 * N * EPS * float(np.abs(ev).max()) + kern, lhs_name="λ_*",
                      factors=(("tr(G_*)/N", tr),))]
    if spectral:  # mutant: ‖X‖₂² in place of ‖X‖_F²
        x2 = float(np.linalg.norm(X, 2)) ** 2 / (N * d)
        out.append(Evaluation(lhs=ls, rhs=x2, label="λ_* ≤ ‖X‖₂²/(Nd)", tol=tol_eig,
                              atol=8 * N * EPS * float(np.abs(ev).max()) + kern, lhs_name="λ_*"))
        return out
    out.append(Evaluation(lhs=tr, rhs=xf2, label="tr(G_*)/N = E‖σ(Xw)‖²/N ≤ E‖Xw‖²/N = ‖X‖_F²/(Nd)",
                          tol=Tolerance(1e-12, 0.0, "sums of N rounded diagonal entries"), atol=kern,
                          lhs_name="tr(G_*)/N", factors=(("‖X‖_F²/(Nd)", xf2),)))
    if _on_sphere(X):
        out.append(Evaluation(lhs=abs(xf2 - 1), rhs=0.0, relation=Relation.EQ, label="‖x_i‖ = √d ⇒ ‖X‖_F²/(Nd) = 1",
                              tol=Tolerance(1e-12, 0.0, "rows normalised to √d up to round-off"), scale=1.0,
                              lhs_name="|‖X‖_F²/(Nd) − 1|"))
    return out


@claim(
    id="nguyen_mondelli20.sec3.2.eq14",
    where="Nguyen & Mondelli 2020, eqs. (13)–(14) (§3.2)",
    kind=Kind.D,
    statement="with G_* = E_{w~𝒩(0,I_d/d)}[σ(Xw)σ(Xw)ᵀ], λ_* = λ_min(G_*): λ_* ≤ tr(G_*)/N = E‖σ(Xw)‖²/N ≤ "
              "E‖Xw‖²/N = ‖X‖_F²/(Nd), which equals 1 when every ‖x_i‖₂ = √d",
    hypotheses=("|σ(x)| ≤ |x|", "any X (sphere rows for '= 1')"),
    mutant=lambda inst: _eq14(inst, spectral=True),
    cases=lambda: _gram_cases(),
)
def lambda_star_upper_bound(inst: Instance) -> list[Evaluation]:
    """λ_* is at most the average diagonal of G_*, at most 1 on the sphere."""
    return _eq14(inst)


@hst.composite
def _sphere_cases(draw: hst.DrawFn, acts: Sequence[str] = _GRAM_ACTS, mixes: bool = True) -> Case:
    """Explicit rows on the sphere of radius √d (normalised floats), with duplicated / antipodal rows; R ∈ [1, 120]."""
    N = draw(hst.integers(1, 5), label="N")
    d = draw(hst.integers(1, 5), label="d")
    X = draw(hnp.arrays(np.float64, (N, d), elements=hst.one_of(hst.sampled_from((0.0, 1.0, -1.0)),
                                                                  hst.floats(-3.0, 3.0, allow_subnormal=False))),
             label="X")
    for i in range(N):
        n = float(np.linalg.norm(X[i]))
        X[i] = math.sqrt(d) * (X[i] / n if n > 1e-3 else np.eye(d)[0])
    if N >= 2:
        mode = draw(hst.sampled_from(("none", "duplicate", "antipodal")), label="row copy")
        if mode != "none":
            X[-1] = X[0] if mode == "duplicate" else -X[0]
    c = draw(_gram_cases(acts=acts, mixes=mixes, extra=(("R", float(draw(hst.integers(1, 120), label="R"))),)))
    return Case(**{**c.__dict__, "widths": (d, 1), "n": N, "data_scale": 1.0,
                   "X": tuple(tuple(float(v) for v in r) for r in X)})


def _kr_pow(X: np.ndarray, r: int) -> np.ndarray:
    """X^{*r}: row i is x_i ⊗ … ⊗ x_i (r factors), shape (N, d^r)."""
    out = np.ones((X.shape[0], 1))
    for _ in range(r):
        out = np.einsum("na,nb->nab", out, X).reshape(X.shape[0], -1)
    return out


def _mu_and_tail(inst: Instance, R: int) -> tuple[np.ndarray, float, float]:
    """(μ_0..μ_R, E σ(g)², quadrature error of E σ(g)² and μ) for the case's σ."""
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation):
        return kernels.hermite_coeffs_exact(sig, R), kernels.second_moment(sig), 0.0
    z, w = kernels.gh_nodes(400)
    m2 = float(w @ sig(z) ** 2)
    mu = kernels.hermite_coeffs(sig, R, 400)
    err = float(np.abs(mu - kernels.hermite_coeffs(sig, R, 200)).max()) * (R + 1) + 400 * EPS * m2
    return mu, m2, err


def _eq16(inst: Instance, power_d: bool = True) -> list[Evaluation]:
    X = inst.X.numpy()
    _N, d = X.shape
    R = int(_param(inst, "R", 80))
    mu, m2, qerr = _mu_and_tail(inst, R)
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation):
        G, eq = kernels.gram_star(X, sig), 64 * EPS * float(kernels.gram_star_scale(X, sig).max())
    else:
        G, eq = kernels.gram_star_gh_error(X, sig, 160)
    K = X @ X.T
    series = sum(mu[r] ** 2 * (K / d) ** r if power_d else mu[r] ** 2 * K**r / d for r in range(R + 1))
    tail = max(m2 - float((mu**2).sum()), 0.0)
    out = [Evaluation(lhs=float(np.abs(G - series).max()), rhs=0.0, relation=Relation.EQ,
                      label=f"G_* = Σ_(r≤{R}) μ_r²(XXᵀ)^(∘r)/d^r + tail", scale=1.0,
                      tol=Tolerance(0.0, 1e-12, "float64 sums of ≤ 121 terms of size ≤ Eσ² (catalog: +1e−12)"),
                      atol=tail + eq + qerr, lhs_name="max|G_* − series|",
                      factors=(("tail Eσ² − Σμ_r²", tail), ("quadrature error", eq + qerr), ("R", R)))]
    for r in (1, 2, 3):
        if d**r > 4096:
            break
        P = _kr_pow(X, r)
        out.append(Evaluation(lhs=float(np.abs(P @ P.T - K**r).max()), rhs=0.0, relation=Relation.EQ,
                              label=f"(X^(*{r}))(X^(*{r}))ᵀ = (XXᵀ)^(∘{r})", tol=TOL_IDENTITY,
                              scale=float(d**r) * (1 + r), lhs_name="max|Khatri–Rao Gram − Hadamard power|"))
    return out


def _requires_sphere(inst: Instance) -> str | None:
    return None if _on_sphere(inst.X.numpy()) else "needs rows exactly on the sphere of radius √d"


@claim(
    id="nguyen_mondelli20.sec3.3.eq16",
    where="Nguyen & Mondelli 2020, eq. (16) (§3.3); proof in App. D.2 (not in the text)",
    kind=Kind.D,
    statement="if ‖x_i‖₂ = √d for all i and σ ∈ L²(𝒩(0,1)): G_* = Σ_{r≥0}(μ_r(σ)²/d^r)(X^{*r})(X^{*r})ᵀ, i.e. "
              "(G_*)_{ij} = Σ_r μ_r²(⟨x_i,x_j⟩/d)^r, μ_r = E[σ(g)He_r(g)]/√(r!); (X^{*r})(X^{*r})ᵀ = (XXᵀ)^{∘r}",
    hypotheses=("rows exactly on the sphere of radius √d", "σ ∈ L²(𝒩(0,1))"),
    requires=_requires_sphere,
    mutant=lambda inst: _eq16(inst, power_d=False),
    cases=lambda: _sphere_cases(),
)
def hermite_expansion(inst: Instance) -> list[Evaluation]:
    """The Hermite (Mehler) expansion of G_* on the sphere, truncated at R with its exact tail bound."""
    return _eq16(inst)


def _certified_nonzero(inst: Instance, rmax: int) -> tuple[np.ndarray, np.ndarray]:
    """(μ_0..μ_rmax, certified-nonzero mask): exact closed form (zero iff the formula is 0, no underflow, via
    log|μ_r|) for (2)/leaky ReLU/ReLU; otherwise 400-node quadrature with |μ_r| > 10·(|μ_r(400) − μ_r(200)| +
    400ε√(Eσ²))."""
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation) and sig.name != "linear":
        mu = kernels.hermite_coeffs_exact(sig, rmax)
        mask = np.array([kernels.hermite_log_abs_exact(sig, r) > -math.inf for r in range(rmax + 1)])
        return mu, mask
    f = kernels.as_numpy(sig) if isinstance(sig, Activation) else sig
    z, w = kernels.gh_nodes(400)
    floor = 400 * EPS * math.sqrt(float(w @ f(z) ** 2))
    mu = kernels.hermite_coeffs(f, rmax, 400)
    err = np.abs(mu - kernels.hermite_coeffs(f, rmax, 200)) + floor
    return mu, np.abs(mu) > 10 * err


def _hermite_nonzero(inst: Instance, every: bool = False) -> list[Evaluation]:
    R = int(_param(inst, "R", 0))
    W = 10
    mu, nz = _certified_nonzero(inst, R + W)
    sig = _sigma_for_gram(inst)
    if every:  # mutant: μ_r ≠ 0 for every r ≥ 2
        return [Evaluation(lhs=float(nz[2:].sum()), rhs=float(R + W - 1), relation=Relation.GE,
                           label=f"every μ_r ≠ 0, 2 ≤ r ≤ {R + W}", tol=Tolerance(0.0, 0.0, "integer count"),
                           lhs_name="#certified nonzero μ_r")]
    out = [Evaluation(lhs=float(nz[R + 1:].sum()), rhs=1.0, relation=Relation.GE,
                      label=f"some μ_r ≠ 0 with {R} < r ≤ {R + W}", tol=Tolerance(0.0, 0.0, "integer count"),
                      lhs_name="#certified nonzero μ_r in the window",
                      factors=(("max|μ_r| in window", float(np.abs(mu[R + 1:]).max())),))]
    if isinstance(sig, Activation) and sig.name == "smooth_leaky_relu" and sig.s >= 0.19:
        q = kernels.hermite_coeffs(sig, min(R + W, 60), 400)
        out.append(Evaluation(lhs=float(np.abs(q - mu[: len(q)]).max()), rhs=0.0, relation=Relation.EQ,
                              label="exact μ_r of (2) = 400-node quadrature (s ≥ 0.19)", scale=1.0,
                              tol=Tolerance(0.0, 1e-12, "GH error for the smoothed kink with s ≥ 0.19 (catalog)"),
                              lhs_name="max|μ_exact − μ_quad|"))
    return out


def _requires_hermite(inst: Instance) -> str | None:
    return None if _has(inst, "R") else "needs params R"


@hst.composite
def _hermite_cases(draw: hst.DrawFn, families: Sequence[int] = (0, 1, 2)) -> Case:
    """σ ∈ {(2) with random (γ, β), ReLU, leaky ReLU, tanh-mix, softplus-mix}, window start R ∈ [0, 60]."""
    fam = draw(hst.sampled_from(tuple(families)), label="family")
    # softplus-mix: μ_r falls below the quadrature floor (~1e−13) beyond r ≈ 50 unless k ≥ 2 (analyticity strip
    # of width π/k); windows are kept where the coefficients are numerically decidable
    R = float(draw(hst.integers(0, 40 if fam == 2 else 60), label="R"))
    if fam == 0:
        g = draw(hst.floats(0.01, 0.99), label="gamma")
        b = draw(nst.scales(-1.0, 2.0), label="beta")
        act = draw(hst.sampled_from((f"smooth_leaky_relu({g!r},{b!r})", "relu", f"leaky_relu({g!r})")), label="σ")
        return Case(widths=(1, 1), n=1, activation=act, params=(("R", R),))
    if fam in (3, 4):
        return Case(widths=(1, 1), n=1, activation="relu", params=(("R", R), ("family", float(fam)),
                                                                   ("gamma", 0.5), ("a", 0.7)))
    p: list[tuple[str, float]] = [("R", R), ("family", float(fam)), ("gamma", draw(hst.floats(0.05, 0.95)))]
    if fam == 2:
        p.append(("k", 10 ** draw(hst.floats(0.3, 0.9), label="log k")))
    return Case(widths=(1, 1), n=1, params=tuple(p))


@claim(
    id="nguyen_mondelli20.sec3.3.hermite_nonzero",
    where="Nguyen & Mondelli 2020, §3.3 after (16) (\"we can show that μ_r(σ) > 0 for arbitrarily large r\")",
    kind=Kind.D,
    statement="if σ ∈ L²(𝒩(0,1)) is not linear and |σ(x)| ≤ |x|, then for every R some r > R has μ_r(σ) ≠ 0 "
              "(read \"μ_r > 0\" as μ_r ≠ 0: the even coefficients of (2) alternate in sign); checked on the window "
              "R < r ≤ R + 10",
    hypotheses=("σ not linear", "|σ(x)| ≤ |x|", "σ ∈ L²(𝒩(0,1))"),
    requires=_requires_hermite,
    mutant=lambda inst: _hermite_nonzero(inst, every=True),
    cases=lambda: _hermite_cases(),
    probes={"σ not linear": lambda: _hermite_cases(families=(3,)),
            "|σ(x)| ≤ |x|": lambda: _hermite_cases(families=(4,))},
)
def hermite_mass_at_high_order(inst: Instance) -> list[Evaluation]:
    """Non-linear σ with |σ(x)| ≤ |x| is not a polynomial: Hermite mass at arbitrarily high order."""
    return _hermite_nonzero(inst)


def _linear_gram(inst: Instance, divide: bool = True) -> list[Evaluation]:
    X = inst.X.numpy()
    N, d = X.shape
    a = inst.act.gamma
    G = kernels.gram_star_gh(X, inst.act, 20)  # quadrature, exact for σ(u)σ(v) of degree 2
    ref = a * a * (X @ X.T) / (d if divide else 1)
    scale = a * a * float((X * X).sum(1).max()) / d
    out = [Evaluation(lhs=float(np.abs(G - ref).max()), rhs=0.0, relation=Relation.EQ,
                      label="G_* = a²XXᵀ/d" if divide else "G_* = a²XXᵀ", tol=TOL_IDENTITY,
                      scale=max(scale, float(np.abs(ref).max())), lhs_name="max|G_* − a²XXᵀ/d|")]
    if d < N and divide:
        lmax = float(np.linalg.eigvalsh(G)[-1])
        out.append(Evaluation(lhs=lam_min(torch.from_numpy(G)), rhs=0.0, label="d < N ⇒ λ_* = 0",
                              tol=Tolerance(0.0, 0.0, "eigvalsh absolute error ~ N·ε·λ_max"),
                              atol=8 * N * EPS * lmax, lhs_name="λ_*", vacuous=lmax == 0.0))
    return out


def _requires_linear(inst: Instance) -> str | None:
    return None if inst.act.name == "linear" else "needs σ(x) = a·x"


@claim(
    id="nguyen_mondelli20.sec3.3.linear_sigma",
    where="Nguyen & Mondelli 2020, §3.3 (\"otherwise G_* = (1/d)XXᵀ and λ_* = 0 when d < N\")",
    kind=Kind.D,
    statement="for σ(x) = a·x: G_* = a²XXᵀ/d (a = 1 in the paper); hence rank G_* ≤ d and λ_* = 0 if d < N",
    hypotheses=("σ linear", "any X"),
    requires=_requires_linear,
    mutant=lambda inst: _linear_gram(inst, divide=False),
    cases=lambda: _gram_cases(acts=("linear(1)", "linear(0.5)", "linear(0.9)"), mixes=False, n_max=6),
)
def linear_activation_gram(inst: Instance) -> list[Evaluation]:
    """A linear σ gives the data Gram matrix, singular when d < N (quadrature vs closed form)."""
    return _linear_gram(inst)


def _scale_remark(inst: Instance, rescale_var: bool = True) -> list[Evaluation]:
    X = inst.X.numpy()
    d = X.shape[1]
    a = _param(inst, "a", 1.0)
    G, scale = _gram(inst)
    Ga, _ = _gram(inst, a * X, 1.0 / (a * a * d) if rescale_var else 1.0 / d)
    return [Evaluation(lhs=float(np.abs(Ga - G).max()), rhs=0.0, relation=Relation.EQ,
                       label="G_*(aX; 𝒩(0, I/(a²d))) = G_*(X; 𝒩(0, I/d))" if rescale_var else
                       "G_*(aX; 𝒩(0, I/d)) = G_*(X; 𝒩(0, I/d))",
                       tol=Tolerance(1e-12, 0.0, "covariances equal up to round-off; kernel cancellation of size "
                                     "√((a_i²+s²)(a_j²+s²))"),
                       scale=float(scale.max()), lhs_name="max|ΔG_*|", factors=(("a", a),))]


@claim(
    id="nguyen_mondelli20.sec3.3.scale_remark",
    where="Nguyen & Mondelli 2020, §3.3 remark after Theorem 3.3 (\"‖x_i‖₂ = r and [W₁⁰]_ij ~ 𝒩(0, 1/r²)\")",
    kind=Kind.D,
    statement="for every X and a > 0: E_{w~𝒩(0,I/(a²d))}[σ(aXw)σ(aXw)ᵀ] = E_{w~𝒩(0,I/d)}[σ(Xw)σ(Xw)ᵀ], so "
              "Theorem 3.3 transfers to rows of norm a√d with weight variance 1/(a²d)",
    hypotheses=("none",),
    mutant=lambda inst: _scale_remark(inst, rescale_var=False),
    cases=lambda: hst.builds(lambda c, a: Case(**{**c.__dict__, "params": (*c.params, ("a", a))}),
                             _gram_cases(), nst.scales(-2.0, 2.0)),
)
def joint_rescaling_invariance(inst: Instance) -> list[Evaluation]:
    """Rescaling the data by a and the first-layer variance by 1/a² leaves G_* unchanged."""
    return _scale_remark(inst)
