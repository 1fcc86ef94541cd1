"""Nguyen & Mondelli 2020, Theorem 3.2 along real GD trajectories: conditional (class C) claims.

Every claim holds once Assumption 3.1 ((4), (5)) holds at θ₀ and 0 < η < min(1/α₀, 1/Q₀)
(`nguyen_mondelli20.assumption31` is the authority). A case fixes data, directions and a *construction*
("label" scaling or the §3.1 "recipe", `nguyen_mondelli20_runs`) that provably meets (4), (5); GD runs,
batched per-iterate quantities and the run cache live there too.

η = `eta_frac`·min(1/α₀, 1/Q₀). Draws whose guaranteed per-step contraction ηα₀ is below `MIN_CONTRACTION`
are rejected (counted as hypotheses_failed), as are rounding-level instances (catalog numerics (c)):
Φ(θ₀) < 1e−16 or √(2Φ(θ₀)) < 1e−4(‖F_L(θ₀)‖_F + ‖Y‖_F).

GD runs K steps (200 at ci/dev, 1 000 at thorough). Assertions stop at the first θ_k whose loss is at
rounding level (`Run.kg`, the last guarded iterate). Each claim returns one Evaluation per checked link,
worst over k (label "k=<worst k>"); "for every k ≥ 0" is checked as its prefix k ≤ K.

Glossary: λ̄_l, λ_l, λ_F (3) → `Setup.cst.lam_bar[l-1]`, `.lam[l-1]`, `.lam_F`; α₀, Q₀, R (6), Q₁ (8) →
`Setup.a31[...]`; D_l, B_l → `a31["drift_bound"]`, `a31["budget"]`; u = √(1 − ηα₀) → `Setup.u`;
θ_k^t = θ_k + t(θ_{k+1} − θ_k) → `Run.segments()`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as hst

from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.claims.nguyen_mondelli20 import assumption31
from nnverify.claims.nguyen_mondelli20_runs import (
    CONSTRUCTIONS,
    Setup,
    _facts,
    _norm,
    _param,
    _phi_floor,
    _recipe_weights,
    _svals,
    _vacuous,
    _with,
    _worst,
    run_of,
    setup_of,
)
from nnverify.linalg import EPS, spectral_norm
from nnverify.types import Case, Instance

__all__ = ["MIN_CONTRACTION", "recipe_cases", "theorem_cases"]

#: guaranteed per-step contraction ηα₀ below which a draw is vacuous (K·ηα₀ must beat the 1e−9 tolerance by 10³)
MIN_CONTRACTION = 1e-8

TOL_K = Tolerance(1e-9, 0.0, "Φ_k and (1 − ηα₀)^k = exp(k·log1p(−ηα₀)) carry relative round-off ≲ k·ε (catalog 1e−9)")
TOL_STEP = Tolerance(1e-11, 0.0, "one GD step: Φ_(k+1)/Φ_k relative round-off of two guarded losses (catalog 1e−11)")
TOL_SVD = Tolerance(1e-12, 0.0, "SVD singular values: relative round-off ~ n·ε (catalog 1 + 1e−12); atol = 8nε‖A‖₂")
TOL_CHAIN = Tolerance(1e-9, 0.0, "sums over k of float64 norms: relative round-off ≲ k·ε (catalog 1e−9)")
TOL_ALG = Tolerance(1e-12, 0.0, "closed-form algebra on a few float64 products")
TOL_PROD = Tolerance(1e-10, 0.0, "L-fold products of SVD norms and constants: relative round-off ≲ L·n·ε")
TOL_SEG = Tolerance(1e-10, 0.0, "differences along one GD segment: relative 1e−10 plus the absolute floor "
                                "nLε·(magnitude bound (17)/(18) of the terms that cancel)")


def _requires(inst: Instance) -> str | None:
    s = setup_of(inst)
    if isinstance(s, str):
        return s
    if not s.contraction >= MIN_CONTRACTION:
        return f"vacuous: guaranteed contraction ηα₀ = {s.contraction:.3g} < {MIN_CONTRACTION:g}"
    return None



# ================================================================================== (7)
def _eq7(inst: Instance, *, eta_rule: str = "thm", rate: str = "alpha0") -> list[Evaluation]:
    r = run_of(inst, eta_rule)
    s = r.setup
    ks = r.ks(1)
    if rate == "q0":  # mutant: rate confused with the Lipschitz constant Q₀
        c = s.eta * s.Q0
    elif rate == "top":  # mutant: α₀ with ‖F₁⁰‖₂ in place of λ_F = σ_min(F₁⁰)
        c = s.contraction * (spectral_norm(inst.act(inst.X @ s.Ws[0])) / s.cst.lam_F) ** 2
    else:
        c = s.contraction
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        bound = r.phi[0] * np.exp(ks * math.log1p(-c)) if c < 1 else np.zeros(len(ks))
    return [_worst("(7) Φ(θ_k) ≤ (1 − ηα₀)^kΦ(θ₀)", r.phi[ks], bound, ks, TOL_K, atol=_phi_floor(r, ks),
                   lhs_name="Φ(θ_k)", factors=(*_facts(s), ("rate", c), ("K", float(r.K)), ("kg", float(r.kg))))]


@claim(
    id="nguyen_mondelli20.thm3.2.eq7",
    where="Nguyen & Mondelli 2020, Theorem 3.2, eqs. (6)–(7) (§3); 4th line of (21)",
    kind=Kind.C,
    statement="If Assumptions 2.1, 2.2, 3.1 hold and 0 < η < min(1/α₀, 1/Q₀), α₀ = (4/γ⁴)(γ²/4)^Lλ_F²λ²_{3→L}, Q₀ of "
              "(6), then Φ(θ_k) ≤ (1 − ηα₀)^kΦ(θ₀) for every k ≥ 0 (checked for every k ≤ K along real GD)",
    hypotheses=("σ of (2) (Assumption 2.2, tight β)", "Assumption 2.1", "(4), (5) at θ₀",
                "η = fraction·min(1/α₀, 1/Q₀)", "ηα₀ ≥ 1e−8 (non-vacuous)", "Φ(θ₀) above rounding level"),
    requires=_requires,
    mutant=lambda inst: _eq7(inst, eta_rule="alpha_only"),
    variants={"rate_top": lambda inst: _eq7(inst, rate="top"), "rate_q0": lambda inst: _eq7(inst, rate="q0")},
    cases=lambda: theorem_cases(),
)
def linear_convergence(inst: Instance) -> list[Evaluation]:
    """GD from a point meeting Assumption 3.1 converges linearly at the guaranteed rate 1 − ηα₀."""
    return _eq7(inst)


# ================================================================================== (9)
def _eq9(inst: Instance, *, q0_rate: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    Q1 = float(s.a31["Q1"])
    u = math.sqrt(max(1 - s.eta * s.Q0, 0.0)) if q0_rate else s.u
    kg = r.kg
    if kg < 1:
        return _vacuous("(9) needs ≥ 1 guarded step")
    delta = np.concatenate([(-s.eta * g[:kg]).reshape(kg, -1) for g in r.g], axis=1)  # δ_s, s < kg
    grid = np.unique(np.linspace(0, kg - 1, min(40, kg)).round().astype(int))
    tails = []
    for k in grid:  # θ_j − θ_k = Σ_{s=k}^{j−1}δ_s, accumulated from k (catalog numerics (b))
        tails.append(float(np.max(np.sqrt(np.sum(np.cumsum(delta[k:], axis=0) ** 2, axis=1)))))
    steps = np.sqrt(np.sum(delta * delta, axis=1))
    path = np.cumsum(steps[::-1])[::-1]  # Σ_{s=k}^{kg−1}‖δ_s‖
    ks = np.arange(kg)
    return [
        _worst("(9) max_(j∈[k,K])‖θ_j − θ_k‖ ≤ u^kQ₁", np.array(tails), u ** grid * Q1, grid, TOL_CHAIN,
               lhs_name="max_j‖θ_j − θ_k‖₂", factors=(("u", u), ("Q₁", Q1), *_facts(s))),
        _worst("Σ_(s≥k)‖θ_(s+1) − θ_s‖ ≤ u^kQ₁", path, u ** ks * Q1, ks, TOL_CHAIN, lhs_name="Σ_(s=k)^(K−1)‖δ_s‖",
               factors=(("u", u), ("Q₁", Q1))),
    ]


@claim(
    id="nguyen_mondelli20.thm3.2.eq9",
    where="Nguyen & Mondelli 2020, Theorem 3.2, eqs. (8)–(9) (§3); proof sketch in §4",
    kind=Kind.C,
    statement="Under the hypotheses of Theorem 3.2, with Q₁ = (4/3)(3/2)^L(‖X‖_F/α₀)Σ_l(λ̄_{1→L}/λ̄_l)√(2Φ(θ₀)) and "
              "u = √(1 − ηα₀): ‖θ_j − θ_k‖₂ ≤ Σ_{s≥k}‖θ_{s+1} − θ_s‖₂ ≤ u^kQ₁ for all j ≥ k (Cauchy form of "
              "‖θ_k − θ_*‖ ≤ (1 − ηα₀)^{k/2}Q₁; checked for j, k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _eq9(inst, q0_rate=True),
    cases=lambda: theorem_cases(),
)
def parameter_convergence(inst: Instance) -> list[Evaluation]:
    """The GD path has geometrically decaying tails (θ_k is Cauchy with rate u)."""
    return _eq9(inst)


# ================================================================================== (21) lines 1–3
def _sigmin_w(inst: Instance, *, use_bar: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    if r.L < 3:
        return _vacuous("L = 2: no layer l ≥ 3")
    ks = r.ks()
    out = []
    for l in range(3, r.L + 1):
        sv = r.svals(l)
        smin, smax = sv[:, -1], sv[:, 0]
        lam, lb = s.cst.lam[l - 1], s.cst.lam_bar[l - 1]
        n = max(s.Ws[l - 1].shape)
        floor = 8 * n * EPS * smax
        rhs = 0.5 * (lb if use_bar else lam)
        out.append(_worst(f"l={l}: σ_min(W_l^k) ≥ ½{'λ̄' if use_bar else 'λ'}_l", smin, np.full(len(ks), rhs), ks,
                          TOL_SVD, atol=floor, relation=Relation.GE, lhs_name=f"σ_min(W_{l}^k)",
                          factors=(("λ_l", lam), ("λ̄_l", lb))))
        if not use_bar:
            out.append(_worst(f"l={l}: σ_min(W_l^k) ≥ λ_l − ‖ΔW_l^k‖_F (Weyl)", smin, lam - r.dW_fro()[ks, l - 1], ks,
                              TOL_SVD, atol=floor, relation=Relation.GE, lhs_name=f"σ_min(W_{l}^k)"))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.inv21_sigmin_w",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), induction hypothesis (21), line 1",
    kind=Kind.C,
    statement="Under the hypotheses of Theorem 3.2: σ_min(W_l^k) ≥ ½λ_l for all l ∈ {3,…,L} and k ≥ 0, via Weyl "
              "σ_min(W_l^k) ≥ λ_l − ‖W_l^k − W_l⁰‖_F (checked for k ≤ K; vacuous for L = 2)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _sigmin_w(inst, use_bar=True),
    cases=lambda: theorem_cases(min_depth=3),
)
def upper_layers_conditioned(inst: Instance) -> list[Evaluation]:
    """The layers l ≥ 3 keep half of their smallest singular value along GD."""
    return _sigmin_w(inst)


def _norms(inst: Instance, *, no_slack: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    ks = r.ks()
    out = []
    for l in range(1, r.L + 1):
        sv = r.svals(l)[:, 0]
        lb = s.cst.lam_bar[l - 1]
        w0 = spectral_norm(s.Ws[l - 1])
        n = max(s.Ws[l - 1].shape)
        floor = 8 * n * EPS * sv
        bound = lb if no_slack else 1.5 * lb
        out.append(_worst(f"l={l}: ‖W_l^k‖₂ ≤ {'' if no_slack else '(3/2)'}λ̄_l", sv, np.full(len(ks), bound), ks,
                          TOL_SVD, atol=floor, lhs_name=f"‖W_{l}^k‖₂", factors=(("λ̄_l", lb), ("‖W_l⁰‖₂", w0))))
        if not no_slack:
            out.append(_worst(f"l={l}: ‖W_l^k‖₂ ≤ ‖W_l⁰‖₂ + ‖ΔW_l^k‖_F", sv, w0 + r.dW_fro()[ks, l - 1], ks, TOL_SVD,
                              atol=floor, lhs_name=f"‖W_{l}^k‖₂"))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.inv21_norms",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), (21) line 2 and its Weyl derivation",
    kind=Kind.C,
    statement="Under the hypotheses of Theorem 3.2: ‖W_l^k‖₂ ≤ ‖W_l⁰‖₂ + ‖W_l^k − W_l⁰‖_F ≤ (3/2)λ̄_l for all "
              "l ∈ [L], k ≥ 0 (i.e. ≤ 1 + ‖W_l⁰‖₂ for l ≤ 2, ≤ (3/2)‖W_l⁰‖₂ for l ≥ 3; checked for k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _norms(inst, no_slack=True),
    cases=lambda: theorem_cases(),
)
def weight_norms_bounded(inst: Instance) -> list[Evaluation]:
    """Every layer's spectral norm stays below (3/2)λ̄_l along GD."""
    return _norms(inst)


def _sigmin_f1(inst: Instance, *, top: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    ks = r.ks()
    sv = r.f1_svals()
    smin = sv[:, -1]
    ref = sv[0, 0] if top else s.cst.lam_F
    floor = 8 * (inst.N + inst.widths[1]) * EPS * sv[:, 0]
    return [_worst(f"σ_min(F₁^k) ≥ ½{'‖F₁⁰‖₂' if top else 'λ_F'}", smin, np.full(len(ks), 0.5 * ref), ks, TOL_SVD,
                   atol=floor, relation=Relation.GE, lhs_name="σ_N(F₁^k)", factors=(("λ_F", s.cst.lam_F),))]


@claim(
    id="nguyen_mondelli20.thm3.2.inv21_sigmin_f1",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), (21) line 3",
    kind=Kind.C,
    statement="Under the hypotheses of Theorem 3.2: σ_min(F₁^k) ≥ ½λ_F for every k ≥ 0 (σ_min = σ_N since n₁ ≥ N; "
              "checked for k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _sigmin_f1(inst, top=True),
    cases=lambda: theorem_cases(),
)
def first_layer_features_full_rank(inst: Instance) -> list[Evaluation]:
    """The first-layer feature matrix keeps half of its smallest singular value along GD."""
    return _sigmin_f1(inst)


# ================================================================================== drift chain
def _drift(inst: Instance, *, spectral_first: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    L, kg = r.L, r.kg
    if kg < 1:
        return _vacuous("drift needs ≥ 1 guarded step")
    ks = np.arange(1, kg + 1)
    cst = s.cst
    xf, rho, u = cst.x_fro, cst.sqrt2phi, s.u
    geo = np.concatenate([[0.0], np.cumsum(u ** np.arange(kg))])[ks]  # Σ_{s<k}u^s
    gn = r.grad_spec() if spectral_first else r.grad_fro()
    out = []
    for l in range(1, L + 1):
        others = math.prod(v for i, v in enumerate(cst.lam_bar) if i != l - 1)
        path = s.eta * np.concatenate([[0.0], np.cumsum(gn[:kg, l - 1])])[ks]
        dw = r.dW_fro()[ks, l - 1]
        # rounding of the accumulated sum ΔW_l^k: ≤ k·ε·Σ_s|δ_s| entrywise, ≤ kε·path in norm (√#entries)
        at = ks * EPS * math.sqrt(s.Ws[l - 1].numel()) * path
        out.append(_worst(f"l={l}: ‖W_l^k − W_l⁰‖_F ≤ ηΣ_(s<k)‖∇_lΦ(θ_s)‖{'₂' if spectral_first else '_F'}", dw,
                          path, ks, TOL_CHAIN, atol=at, lhs_name=f"‖ΔW_{l}^k‖_F"))
        if spectral_first:
            continue
        fine = s.eta * xf * 1.5 ** (L - 1) * others * rho * geo
        out.append(_worst(f"l={l}: ηΣ‖∇_lΦ‖ ≤ η‖X‖_F(3/2)^(L−1)λ̄_(1→L)/λ̄_l Σ_(s<k)u^s √(2Φ₀)", path, fine, ks,
                          TOL_CHAIN, lhs_name=f"ηΣ_(s<k)‖∇_(W_{l})Φ(θ_s)‖_F", factors=(("u", u),)))
        D = float(s.a31["drift_bound"][l - 1])
        out.append(_worst(f"l={l}: η‖X‖(3/2)^(L−1)λ̄_(1→L)/λ̄_lΣu^s√(2Φ₀) ≤ D_l", fine, np.full(len(ks), D), ks,
                          TOL_ALG, lhs_name="fine drift bound"))
        B = float(s.a31["budget"][l - 1])
        out.append(Evaluation(lhs=D, rhs=B, label=f"l={l}: D_l ≤ B_l (from (4))", tol=TOL_PROD, lhs_name=f"D_{l}",
                              factors=(("B_l", B),)))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.proof.drift",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), first display and the u := √(1 − ηα₀) bound",
    kind=Kind.C,
    statement="For all k ≥ 1, l ∈ [L]: ‖W_l^k − W_l⁰‖_F ≤ ηΣ_{s<k}‖∇_{W_l}Φ(θ_s)‖_F ≤ "
              "η‖X‖_F(3/2)^{L−1}(λ̄_{1→L}/λ̄_l)Σ_{s<k}u^s√(2Φ(θ₀)) ≤ D_l ≤ B_l (B₁ = B₂ = 1, B_l = ½λ_l for l ≥ 3; "
              "checked for k ≤ K, drifts from the accumulated updates)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _drift(inst, spectral_first=True),
    cases=lambda: theorem_cases(),
)
def weight_drift_chain(inst: Instance) -> list[Evaluation]:
    """The cumulative weight drift stays within the budget of (4), link by link."""
    return _drift(inst)


def _f1_drift(inst: Instance, *, spectral_dw: bool = False, slope: float = 1.0) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    kg = r.kg
    if kg < 1:
        return _vacuous("needs ≥ 1 guarded step")
    ks = np.arange(1, kg + 1)
    cst = s.cst
    dF = r.dF1()[ks]
    dF_fro = _norm(dF)
    dW1 = r.dW_fro()[ks, 0]
    if spectral_dw:
        dW1 = _svals(r.dW[0][ks])[:, 0]
        return [_worst("‖F₁^k − F₁⁰‖_F ≤ ‖X‖₂‖W₁^k − W₁⁰‖₂", dF_fro, cst.x_spec * dW1, ks, TOL_PROD,
                       lhs_name="‖ΔF₁^k‖_F")]
    if slope != 1.0:  # mutant: σ treated as γ-Lipschitz (lower and upper slope bounds of Assumption 2.2 confused)
        return [_worst("‖F₁^k − F₁⁰‖_F ≤ γ‖X‖₂‖W₁^k − W₁⁰‖_F", dF_fro, slope * cst.x_spec * dW1, ks, TOL_PROD,
                       lhs_name="‖ΔF₁^k‖_F", factors=(("γ", slope),))]
    mid = cst.x_spec * float(s.a31["drift_bound"][0])
    smin = r.f1_svals()[ks, -1]
    dF_spec = _svals(dF)[:, 0]
    floor = 8 * (inst.N + inst.widths[1]) * EPS * r.f1_svals()[ks, 0]
    return [
        _worst("‖F₁^k − F₁⁰‖_F ≤ ‖X‖₂‖W₁^k − W₁⁰‖_F", dF_fro, cst.x_spec * dW1, ks, TOL_PROD,
               lhs_name="‖ΔF₁^k‖_F (Gauss–Legendre)"),
        _worst("‖X‖₂‖ΔW₁^k‖_F ≤ (2/α₀)‖X‖₂‖X‖_F(3/2)^(L−1)λ̄_(2→L)√(2Φ₀)", cst.x_spec * dW1, np.full(len(ks), mid), ks,
               TOL_CHAIN, lhs_name="‖X‖₂‖ΔW₁^k‖_F"),
        Evaluation(lhs=mid, rhs=0.5 * cst.lam_F, label="‖X‖₂D₁ ≤ ½λ_F (from (5))", tol=TOL_PROD, lhs_name="‖X‖₂D₁"),
        _worst("σ_min(F₁^k) ≥ λ_F − ‖F₁^k − F₁⁰‖₂ (Weyl)", smin, cst.lam_F - dF_spec, ks, TOL_SVD, atol=floor,
               relation=Relation.GE, lhs_name="σ_N(F₁^k)"),
    ]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.f1_drift",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), display bounding ‖F₁^{r+1} − F₁⁰‖_F",
    kind=Kind.C,
    statement="For all k: ‖F₁^k − F₁⁰‖_F ≤ ‖X‖₂‖W₁^k − W₁⁰‖_F ≤ (2/α₀)‖X‖₂‖X‖_F(3/2)^{L−1}λ̄_{2→L}√(2Φ(θ₀)) ≤ ½λ_F, "
              "hence σ_min(F₁^k) ≥ λ_F − ‖F₁^k − F₁⁰‖₂ ≥ ½λ_F (checked for k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _f1_drift(inst, slope=inst.act.gamma),
    variants={"spectral": lambda inst: _f1_drift(inst, spectral_dw=True)},
    cases=lambda: theorem_cases(),
)
def first_layer_feature_drift(inst: Instance) -> list[Evaluation]:
    """The first-layer features move by at most ½λ_F along GD."""
    return _f1_drift(inst)


# ================================================================================== segment claims
def _eq23(inst: Instance, *, no_slack: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    sg = r.segments()
    if len(sg["k"]) == 0:
        return _vacuous("no guarded segment")
    out = []
    for l in range(1, r.L + 1):
        lb = s.cst.lam_bar[l - 1]
        n = max(s.Ws[l - 1].shape)
        both = np.maximum(sg["wt_spec"][:, l - 1], r.svals(l)[sg["k"], 0])
        bound = lb if no_slack else 1.5 * lb
        out.append(_worst(f"l={l}: max(‖W_l(θ_k^t)‖₂, ‖W_l(θ_k)‖₂) ≤ {'' if no_slack else '(3/2)'}λ̄_l", both,
                          np.full(len(both), bound), sg["k"], TOL_SVD, atol=8 * n * EPS * both,
                          lhs_name=f"‖W_{l}‖₂ on the segment", factors=(("λ̄_l", lb),)))
        if not no_slack:
            path = s.eta * np.cumsum(r.grad_fro()[:, l - 1])[sg["k"]]  # ηΣ_{s≤k}‖∇_lΦ(θ_s)‖_F
            at = (sg["k"] + 2) * EPS * math.sqrt(s.Ws[l - 1].numel()) * path
            out.append(_worst(f"l={l}: ‖W_l(θ_k^t) − W_l⁰‖_F ≤ ηΣ_(s≤k)‖∇_lΦ(θ_s)‖_F", sg["drift_t"][:, l - 1], path,
                              sg["k"], TOL_CHAIN, atol=at, lhs_name=f"‖W_{l}(θ_k^t) − W_{l}⁰‖_F"))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.eq23",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), eq. (23)",
    kind=Kind.C,
    statement="For all k, t ∈ [0,1], l ∈ [L]: max(‖W_l(θ_k^t)‖₂, ‖W_l(θ_k)‖₂) ≤ (3/2)λ̄_l, "
              "θ_k^t = θ_k + t(θ_{k+1} − θ_k), via ‖W_l(θ_k^t) − W_l⁰‖_F ≤ ηΣ_{s≤k}‖∇_{W_l}Φ(θ_s)‖_F "
              "(checked for t ∈ {¼, ½, 1} on a grid of k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _eq23(inst, no_slack=True),
    cases=lambda: theorem_cases(),
)
def segment_weight_norms(inst: Instance) -> list[Evaluation]:
    """The weights on every GD segment stay below (3/2)λ̄_l."""
    return _eq23(inst)


def _lip_f(s: Setup, use_max: bool = False) -> float:
    lb = s.cst.lam_bar
    L = len(lb)
    den = max(lb) if use_max else min(lb)
    return math.sqrt(L) * s.cst.x_fro * 1.5 ** (L - 1) * math.prod(lb) / den


def _f_lip(inst: Instance, *, use_max: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    sg = r.segments()
    if len(sg["k"]) == 0:
        return _vacuous("no guarded segment")
    C = _lip_f(s, use_max)
    return [_worst(f"‖f_L(θ_k^t) − f_L(θ_k)‖ ≤ √L‖X‖_F(3/2)^(L−1)λ̄_(1→L)/{'max' if use_max else 'min'}_lλ̄_l·"
                   "‖θ_k^t − θ_k‖", sg["dfl"], C * sg["dist"], sg["k"], TOL_SEG, atol=sg["floor_f"],
                   lhs_name="‖f_L(θ_k^t) − f_L(θ_k)‖₂", factors=(("constant", C),))]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.f_lipschitz_segment",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), \"By using (19) and (23), we get …\"",
    kind=Kind.C,
    statement="For all k, t ∈ [0,1]: ‖f_L(θ_k^t) − f_L(θ_k)‖₂ ≤ √L‖X‖_F(3/2)^{L−1}(λ̄_{1→L}/min_lλ̄_l)‖θ_k^t − θ_k‖₂ "
              "(checked for t ∈ {¼, ½, 1} on a grid of k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _f_lip(inst, use_max=True),
    cases=lambda: theorem_cases(),
)
def output_lipschitz_on_segments(inst: Instance) -> list[Evaluation]:
    """The network output is Lipschitz along every GD segment with the constant of (19) at (3/2)λ̄."""
    return _f_lip(inst)


def _jac_lip(inst: Instance, *, drop_beta: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    jg = r.jacobian_segments()
    if len(jg["k"]) == 0:
        return _vacuous("no guarded segment")
    L, xf, R, beta = r.L, s.cst.x_fro, float(s.a31["R"]), s.cst.beta
    C = L ** 1.5 * xf * R * (1.0 if drop_beta else (1 + L * beta * xf * R))
    summed = jg["blocks"].sum(axis=1)
    out = []
    if not drop_beta:
        out.append(_worst("‖J(θ_k^t) − J(θ_k)‖₂ ≤ Σ_l‖∂f/∂W_l(θ_k^t) − ∂f/∂W_l(θ_k)‖₂", jg["full"], summed, jg["k"],
                          TOL_SEG, atol=jg["floor"], lhs_name="‖Jf_L(θ_k^t) − Jf_L(θ_k)‖₂"))
    out.append(_worst(f"Σ_l‖block diff‖₂ ≤ L^(3/2)‖X‖_F R{'' if drop_beta else '(1 + Lβ‖X‖_F R)'}‖θ_k^t − θ_k‖",
                      summed, C * jg["dist"], jg["k"], TOL_SEG, atol=L * jg["floor"], lhs_name="Σ_l block differences",
                      factors=(("R", R), ("β", beta), ("constant", C))))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.proof.jac_lipschitz_segment",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), \"From (20) and (23), …\"",
    kind=Kind.C,
    statement="For all k, t ∈ [0,1]: ‖Jf_L(θ_k^t) − Jf_L(θ_k)‖₂ ≤ Σ_l‖∂f_L(θ_k^t)/∂vec W_l − ∂f_L(θ_k)/∂vec W_l‖₂ ≤ "
              "L^{3/2}‖X‖_F R(1 + Lβ‖X‖_F R)‖θ_k^t − θ_k‖₂, R = Π_p max(1, (3/2)λ̄_p) (checked for t ∈ {¼, ½, 1} on a "
              "grid of k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _jac_lip(inst, drop_beta=True),
    cases=lambda: theorem_cases(),
)
def jacobian_lipschitz_on_segments(inst: Instance) -> list[Evaluation]:
    """The Jacobian is Lipschitz along every GD segment with the constant of (20) at (3/2)λ̄."""
    return _jac_lip(inst)


def _q0(inst: Instance, *, use_alpha: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    sg = r.segments()
    if len(sg["k"]) == 0:
        return _vacuous("no guarded segment")
    C = s.alpha0 if use_alpha else s.Q0
    out = [_worst(f"‖∇Φ(θ_k^t) − ∇Φ(θ_k)‖ ≤ {'α₀' if use_alpha else 'Q₀'}‖θ_k^t − θ_k‖", sg["dgrad"], C * sg["dist"],
                  sg["k"], TOL_SEG, atol=sg["floor_g"], lhs_name="‖∇Φ(θ_k^t) − ∇Φ(θ_k)‖₂",
                  factors=(("Q₀", s.Q0), ("α₀", s.alpha0)))]
    if not use_alpha:
        ks = r.ks()
        out.append(_worst("‖f_L(θ_k) − y‖ ≤ √(2Φ(θ₀))", np.sqrt(2 * r.phi[ks]), np.full(len(ks), s.cst.sqrt2phi), ks,
                          TOL_K, atol=np.sqrt(_phi_floor(r, ks)), lhs_name="‖f_L(θ_k) − y‖₂"))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.proof.grad_lipschitz_q0",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), \"Plugging all these bounds into (22) gives …\"",
    kind=Kind.C,
    statement="For all k, t ∈ [0,1]: ‖∇Φ(θ_k^t) − ∇Φ(θ_k)‖₂ ≤ Q₀‖θ_k^t − θ_k‖₂ with Q₀ of (6), using "
              "‖f_L(θ_k) − y‖₂ ≤ √(2Φ(θ₀)) (checked for t ∈ {¼, ½, 1} on a grid of k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _q0(inst, use_alpha=True),
    cases=lambda: theorem_cases(),
)
def gradient_lipschitz_q0(inst: Instance) -> list[Evaluation]:
    """Q₀ is a Lipschitz constant of ∇Φ on every GD segment."""
    return _q0(inst)


# ================================================================================== descent, PL, contraction
def _descent(inst: Instance, *, full_step: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    kmax = min(r.kg, r.K) - 1
    if kmax < 0:
        return _vacuous("needs ≥ 1 guarded step")
    ks = np.arange(kmax + 1)
    g2 = np.sum(r.grad_fro()[ks] ** 2, axis=1)
    g2_w2 = r.grad_fro()[ks, 1] ** 2
    dec = r.phi[ks] - r.phi[ks + 1]
    at = _phi_floor(r, ks) + _phi_floor(r, ks + 1)
    eta, Q0 = s.eta, s.Q0
    if full_step:
        return [_worst("Φ(θ_k) − Φ(θ_(k+1)) ≥ η‖∇Φ(θ_k)‖²", dec, eta * g2, ks, TOL_STEP, atol=at,
                       relation=Relation.GE, lhs_name="Φ_k − Φ_(k+1)")]
    return [
        _worst("Φ(θ_(k+1)) ≤ Φ(θ_k) − η‖∇Φ‖² + (Q₀/2)η²‖∇Φ‖² (Lemma 4.3)", r.phi[ks + 1],
               r.phi[ks] - eta * g2 + 0.5 * Q0 * eta * eta * g2, ks, TOL_STEP, atol=at, lhs_name="Φ(θ_(k+1))"),
        _worst("Φ(θ_k) − Φ(θ_(k+1)) ≥ (η/2)‖∇Φ(θ_k)‖²", dec, 0.5 * eta * g2, ks, TOL_STEP, atol=at,
               relation=Relation.GE, lhs_name="Φ_k − Φ_(k+1)", factors=(("ηQ₀", eta * Q0),)),
        _worst("(η/2)‖∇Φ(θ_k)‖² ≥ (η/2)‖vec ∇_(W₂)Φ(θ_k)‖²", g2, g2_w2, ks, TOL_ALG, relation=Relation.GE,
               lhs_name="‖∇Φ‖²"),
    ]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.descent",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), the chain after \"By Lemma 4.3\"",
    kind=Kind.C,
    statement="For all k: Φ(θ_{k+1}) ≤ Φ(θ_k) − η‖∇Φ(θ_k)‖² + (Q₀/2)η²‖∇Φ(θ_k)‖² ≤ Φ(θ_k) − (η/2)‖∇Φ(θ_k)‖² ≤ "
              "Φ(θ_k) − (η/2)‖vec ∇_{W₂}Φ(θ_k)‖² (checked for k < K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _descent(inst, full_step=True),
    cases=lambda: theorem_cases(),
)
def sufficient_decrease(inst: Instance) -> list[Evaluation]:
    """Every GD step decreases Φ by at least half of η‖∇Φ‖²."""
    return _descent(inst)


def _pl(inst: Instance, *, top: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    ks = r.ks()
    L = r.L
    Gs, _ = r.forward()
    g2 = r.grad_fro()[ks, 1] ** 2
    a0 = s.alpha0
    if top:
        a0 = a0 * (r.f1_svals()[0, 0] / s.cst.lam_F) ** 2
        return [_worst("‖vec∇_(W₂)Φ(θ_k)‖² ≥ 2α₀′Φ(θ_k), α₀′ with ‖F₁⁰‖₂", g2, 2 * a0 * r.phi[ks], ks, TOL_PROD,
                       relation=Relation.GE, lhs_name="‖∇_(W₂)Φ‖²")]
    fac = r.f1_svals()[:, -1].copy()
    for p in range(3, L + 1):
        slope = inst.act.deriv(Gs[p - 1]).amin(dim=(1, 2)).numpy()
        fac = fac * slope * r.svals(p)[:, -1]
    mid = fac ** 2 * 2 * r.phi[ks]
    # the PL bound is an inequality between exact quantities; rounding of ‖∇_(W₂)Φ‖ and of the SVD products:
    # relative 1e−10 plus the matmul floor 64ε‖F₁‖₂²·Π‖W_p‖₂²·‖r‖² (as nguyen_mondelli20.lemma4.1.3)
    top_f = r.f1_svals()[:, 0] * np.prod([r.svals(p)[:, 0] for p in range(3, L + 1)], axis=0) if L >= 3 \
        else r.f1_svals()[:, 0]
    floor = 64 * (inst.N + max(inst.widths)) * EPS * top_f ** 2 * 2 * r.phi[ks]
    return [
        _worst("‖vec∇_(W₂)Φ‖² ≥ σ_min(F₁^k)²Πσ_min(Σ_(p−1)^k)²σ_min(W_p^k)²‖f_L^k − y‖² (Lemma 4.1(3))", g2, mid, ks,
               TOL_PROD, atol=floor, relation=Relation.GE, lhs_name="‖∇_(W₂)Φ(θ_k)‖²"),
        _worst("σ_min(F₁^k)²Π(…)²·2Φ_k ≥ γ^(2(L−2))(½)^(2(L−1))λ²_(3→L)λ_F²·2Φ_k = 2α₀Φ_k", mid, 2 * a0 * r.phi[ks], ks,
               TOL_PROD, relation=Relation.GE, lhs_name="PL middle term", factors=(("α₀", a0),)),
    ]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.pl",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), last lines of the decrease chain (Lemma 4.1, (21))",
    kind=Kind.C,
    statement="For all k: ‖vec∇_{W₂}Φ(θ_k)‖² ≥ σ_min(F₁^k)²Π_{p=3}^{L}σ_min(Σ_{p−1}^k)²σ_min(W_p^k)²‖f_L^k − y‖² ≥ "
              "γ^{2(L−2)}(½)^{2(L−1)}λ²_{3→L}λ_F²·2Φ(θ_k) = 2α₀Φ(θ_k) (checked for k ≤ K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _pl(inst, top=True),
    cases=lambda: theorem_cases(),
)
def pl_along_iterates(inst: Instance) -> list[Evaluation]:
    """The PL inequality ‖∇_{W₂}Φ‖² ≥ 2α₀Φ holds at every GD iterate."""
    return _pl(inst)


def _contraction(inst: Instance, *, q0_rate: bool = False) -> list[Evaluation]:
    r = run_of(inst)
    s = r.setup
    kmax = min(r.kg, r.K) - 1
    if kmax < 0:
        return _vacuous("needs ≥ 1 guarded step")
    ks = np.arange(kmax + 1)
    c = s.eta * s.Q0 if q0_rate else s.contraction
    return [_worst(f"Φ(θ_(k+1)) ≤ (1 − η{'Q₀' if q0_rate else 'α₀'})Φ(θ_k)", r.phi[ks + 1], (1 - c) * r.phi[ks], ks,
                   TOL_STEP, atol=_phi_floor(r, ks) + _phi_floor(r, ks + 1), lhs_name="Φ(θ_(k+1))",
                   factors=(*_facts(s), ("rate", c)))]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.step_contraction",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (§4), last line \"= Φ(θ_k)(1 − ηα₀)\"",
    kind=Kind.C,
    statement="For all k: Φ(θ_{k+1}) ≤ (1 − ηα₀)Φ(θ_k) (per-step form of (7); checked for k < K)",
    hypotheses=("as in nguyen_mondelli20.thm3.2.eq7",),
    requires=_requires,
    mutant=lambda inst: _contraction(inst, q0_rate=True),
    cases=lambda: theorem_cases(),
)
def per_step_contraction(inst: Instance) -> list[Evaluation]:
    """Every GD step contracts Φ by the factor 1 − ηα₀."""
    return _contraction(inst)


# ================================================================================== §3.1 construction
def _construction(inst: Instance, *, any_l: bool = False) -> list[Evaluation]:
    L = inst.L
    v = _param(inst, "v", 0.0)
    if L < 3:
        if not any_l:
            return _vacuous("L = 2: the §3.1 claim needs L ≥ 3 (c has no effect, catalog erratum 4)")
        a = assumption31(_with(inst, _recipe_weights(inst, 1.0, v), inst.Y))  # c does not enter for L = 2
        return [Evaluation(lhs=float(a["rho4"]), rhs=1.0, label="L = 2, any c: RHS(4)/λ_F² ≤ 1", tol=TOL_PROD,
                           lhs_name="ρ₄"),
                Evaluation(lhs=float(a["rho5"]), rhs=1.0, label="L = 2, any c: RHS(5)/λ_F³ ≤ 1", tol=TOL_PROD,
                           lhs_name="ρ₅")]
    s = setup_of(inst)
    if isinstance(s, str):
        return _vacuous(s)
    rho4, rho5 = float(s.a31["rho4"]), float(s.a31["rho5"])
    out = [
        Evaluation(lhs=rho4, rhs=1.0, label="(4) at the recipe's c: RHS(4)/λ_F² ≤ 1", tol=TOL_PROD, lhs_name="ρ₄",
                   factors=(("c", s.c), ("ρ₄(c=1)", s.rho_c1[0]))),
        Evaluation(lhs=rho5, rhs=1.0, label="(5) at the recipe's c: RHS(5)/λ_F³ ≤ 1", tol=TOL_PROD, lhs_name="ρ₅",
                   factors=(("c", s.c), ("ρ₅(c=1)", s.rho_c1[1]))),
        Evaluation(lhs=rho4 * s.c ** (L - 2), rhs=s.rho_c1[0], label="ρ₄(c) ≤ c^(−(L−2))ρ₄(1) (c ≥ 1)", tol=TOL_PROD,
                   lhs_name="c^(L−2)ρ₄(c)"),
        Evaluation(lhs=float(s.a31["rhs4"]), rhs=0.0, relation=Relation.GE, label="(4) not vacuous: RHS(4) > 0",
                   tol=TOL_ALG, lhs_name="RHS(4)", vacuous=False),
    ]
    if v == 0.0:
        out.append(Evaluation(lhs=abs(rho5 * s.c ** (L - 2) - s.rho_c1[1]), rhs=0.0, relation=Relation.EQ,
                              label="W₂⁰ = 0: ρ₅(c) = c^(−(L−2))ρ₅(1)", tol=TOL_PROD, scale=s.rho_c1[1],
                              lhs_name="|c^(L−2)ρ₅(c) − ρ₅(1)|"))
    if _requires(inst) is None:  # run the invariant set of Theorem 3.2 from the recipe's θ₀
        out += _eq7(inst) + _norms(inst) + _sigmin_w(inst) + _sigmin_f1(inst)
    return [e for e in out if not (e.vacuous and e.lhs == 0.0 and e.rhs == 0.0)] or out


def _requires_recipe(inst: Instance) -> str | None:
    if CONSTRUCTIONS[int(_param(inst, "construction", 0.0))] != "recipe":
        return "not a §3.1 recipe case"
    if inst.L < 3:
        return None  # vacuous for the claim; its mutant ("c large enough works for L = 2") is evaluated there
    s = setup_of(inst)
    return s if isinstance(s, str) else None


@claim(
    id="nguyen_mondelli20.sec3.1.construction",
    where="Nguyen & Mondelli 2020, §3.1 (\"(11) is satisfied for c large enough … (5) also holds\"), Table 1",
    kind=Kind.C,
    statement="For L ≥ 3, W₁⁰ LeCun (λ_F > 0), W₂⁰ = 0 (or tiny), W_l⁰ = c[I; 0] (l ≥ 3): both RHS(4)/λ_F² and "
              "RHS(5)/λ_F³ scale as c^{−(L−2)} (c ≥ 1), so c = max(1, (2max(ρ₄(1), ρ₅(1)))^{1/(L−2)}) meets (4), (5) "
              "with n₁ = N allowed, and Theorem 3.2 then applies (its invariants checked along GD for k ≤ K)",
    hypotheses=("Assumption 2.1 (n₁ = N allowed)", "σ of (2)", "λ_F > 0", "L ≥ 3 (L = 2 vacuous: erratum 4)"),
    requires=_requires_recipe,
    mutant=lambda inst: _construction(inst, any_l=True),
    cases=lambda: recipe_cases(),
)
def recipe_meets_assumption(inst: Instance) -> list[Evaluation]:
    """The §3.1 recipe meets Assumption 3.1 for L ≥ 3 and GD from it obeys Theorem 3.2."""
    return _construction(inst)


# ================================================================================== strategies
_GAMMAS = (0.1, 0.5, 0.9)
_BETAS = (0.2, 1.0, 5.0)


@hst.composite
def theorem_cases(draw: hst.DrawFn, constructions: Sequence[str] = ("label", "label", "recipe"), max_n: int = 4,
                  min_depth: int = 2, max_depth: int = 4, max_extra: int = 12) -> Case:
    """Structure of a Theorem 3.2 case: construction, N, d, depth, admissible widths (n₂ > n₁ allowed, n₁ = N
    allowed), σ = (2) with (γ, β), v, upper layers (Gaussian or [I; 0]), margin m, fraction of the maximal η."""
    kind = draw(hst.sampled_from(tuple(constructions)), label="construction")
    N = draw(hst.integers(1, max_n), label="N")
    lo = max(min_depth, 3) if kind == "recipe" else min_depth
    L = draw(hst.integers(lo, max(lo, max_depth)), label="L")
    d = draw(hst.integers(2, 3), label="d")
    n1 = N + draw(hst.integers(0, max_extra if kind == "label" else 4), label="n1 - N")
    tail = sorted(draw(hst.lists(hst.integers(1, 4), min_size=L - 1, max_size=L - 1), label="n2..nL"), reverse=True)
    # γ = 0.1 with L ≥ 3 makes (6/γ²)^L so large that label scaling lands at rounding level (Φ₀ < 1e−16)
    g = draw(hst.sampled_from(_GAMMAS if L == 2 else _GAMMAS[1:]), label="γ")
    b = draw(hst.sampled_from(_BETAS), label="β")
    v = draw(hst.sampled_from((0.0, 1e-6, 1e-3)), label="v")
    params: list[tuple[str, float]] = [("construction", float(CONSTRUCTIONS.index(kind))), ("v", v),
                                       ("eta_frac", draw(hst.sampled_from((0.99, 0.5, 0.1)), label="η fraction"))]
    if kind == "label":
        params += [("upper", float(draw(hst.booleans(), label="Gaussian upper"))),
                   ("margin", draw(hst.sampled_from((0.99, 0.5)), label="margin"))]
    return Case(widths=(d, n1, *tail), n=N, activation=f"smooth_leaky_relu({g!r},{b!r})", init="lecun",
                data="gaussian", targets="gaussian",
                target_scale=draw(hst.sampled_from((1.0, 0.1, 3.0)), label="target scale") if kind == "recipe" else 1.0,
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"), params=tuple(params))


def recipe_cases(max_n: int = 4) -> hst.SearchStrategy[Case]:
    """§3.1 recipe cases, L ∈ {2, 3, 4} (L = 2 is vacuous for the claim and is where its mutant fails)."""
    return theorem_cases(constructions=("recipe",), max_n=max_n) | _recipe_l2(max_n)


@hst.composite
def _recipe_l2(draw: hst.DrawFn, max_n: int = 4) -> Case:
    N = draw(hst.integers(1, max_n), label="N")
    d = draw(hst.integers(2, 3), label="d")
    n1 = N + draw(hst.integers(0, 4), label="n1 - N")
    nL = draw(hst.integers(1, 3), label="n2")
    g = draw(hst.sampled_from(_GAMMAS), label="γ")
    return Case(widths=(d, n1, nL), n=N, activation=f"smooth_leaky_relu({g!r},1.0)", init="lecun",
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"),
                params=(("construction", 1.0), ("v", 0.0), ("eta_frac", 0.99)))
