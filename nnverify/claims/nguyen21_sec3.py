"""Claims of Nguyen (ICML 2021), §3 (seed 000): the deterministic (class D) consequences of Theorem 2.2.

§3.1 (β-scaled initialisation θ̃⁰: eqs. (14), (15), all of (7)–(9) for large β), §3.2 (L = 2: eqs. (16)–(18))
and the exact exponent arithmetic of the proof of Corollary 3.2. Glossary, `conditions` and the one-wide case
strategies: `nnverify.claims.nguyen21`; here β → param "beta", a, b, c (Cor 3.2) → `A_EXP`, `B_EXP`, `C_EXP`.
The §3.1 and §3.2 claims use ReLU only (positive homogeneity); the class-P entries of §3.2–§3.3 are in
`nguyen21_asymptotic`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import torch
from hypothesis import strategies as hst

from nnverify import strategies as st
from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, prod, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.claims.nguyen21 import (
    Conditions,
    _alpha_positive,
    _log_uniform,
    _one_wide,
    _param,
    _wide_cases,
    _with_params,
    alpha0,
    conditions,
    frob,
    prod_except,
)
from nnverify.linalg import sigma_min_rows, spectral_norm
from nnverify.types import Case, Instance


# ------------------------------------------------------------------------------ §3.1
def _scaled_points(inst: Instance, beta: float, *, keep_last: bool = False
                   ) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """θ⁰ = (W₁,…,W_{L−1}, 0) and θ̃⁰ = (βW₁,…,βW_{L−1}, 0) (W_L kept instead of 0 if `keep_last`)."""
    last = inst.Ws[-1] if keep_last else torch.zeros_like(inst.Ws[-1])
    W0 = [*inst.Ws[:-1], last]
    Wt = [beta * W for W in inst.Ws[:-1]] + [last]
    return W0, Wt


def _requires_sec31(inst: Instance) -> str | None:
    why = _one_wide(inst)
    if why:
        return why
    W0, _ = _scaled_points(inst, 1.0)
    return _alpha_positive(inst, W0)


def _sec31_cases(**kw: object) -> hst.SearchStrategy[Case]:
    return _with_params(_wide_cases(**kw), beta=_log_uniform(-1.0, 3.0))  # type: ignore[arg-type]


def _bool_agreement(m_direct: float, m_closed: float, label: str) -> Evaluation:
    """The two margins say the same thing away from ties (|m − 1| > 1e−9)."""
    tie = abs(m_direct - 1.0) <= 1e-9 or abs(m_closed - 1.0) <= 1e-9
    mismatch = (not tie) and ((m_direct >= 1.0) != (m_closed >= 1.0))
    return Evaluation(lhs=float(mismatch), rhs=0.0, relation=Relation.EQ, label=label,
                      tol=Tolerance(0.0, 0.0, "booleans compared away from ties (|lhs/rhs − 1| > 1e−9)"),
                      lhs_name="(condition at θ̃⁰) xor (closed form)", vacuous=tie,
                      factors=(("margin direct", m_direct), ("margin closed form", m_closed)))


def _sec31_common(inst: Instance, beta: float) -> tuple[Conditions, float, list[float], float, list[Evaluation]]:
    """Conditions at θ̃⁰, α₀ at θ⁰, ‖W_l⁰‖₂, ‖Y‖_F and the shared checks of (14), (15)."""
    L = inst.L
    W0, Wt = _scaled_points(inst, beta)
    a0 = alpha0(inst, W0)
    norms = spec_norms(W0[:-1])
    ct = conditions(inst, [1.0] * L, Wt)
    yf, xf = frob(inst.Y), frob(inst.X)
    bl = beta ** (L - 1)
    hom_scale = bl * xf * prod(norms)
    lam_closed = [beta * w + 1.0 for w in norms] + [1.0]
    evs = [
        Evaluation(lhs=abs(ct.alpha0 - bl * a0), rhs=0.0, relation=Relation.EQ, label="α̃₀ = β^(L−1)α₀",
                   tol=Tolerance(1e-13 * L, 0.0, "σ_min after cancellation in XW: error ~ ε·‖X‖∏‖W_p‖ (catalog)"),
                   scale=hom_scale, lhs_name="|σ_min(F_(L−1)(θ̃⁰)) − β^(L−1)σ_min(F_(L−1)(θ⁰))|"),
        Evaluation(lhs=abs(ct.sqrt2phi - yf), rhs=0.0, relation=Relation.EQ, label="√(2Φ(θ̃⁰)) = ‖Y‖_F",
                   tol=TOL_IDENTITY, scale=yf, lhs_name="|√(2Φ(θ̃⁰)) − ‖Y‖_F|"),
        Evaluation(lhs=max(abs(a - b) for a, b in zip(ct.lam_bar, lam_closed, strict=True)), rhs=0.0,
                   relation=Relation.EQ,
                   label="λ̄_l = β‖W_l⁰‖₂ + 1, λ̄_L = 1", tol=TOL_PRODUCT, scale=max(lam_closed),
                   lhs_name="max_l|λ̄_l − (β‖W_l⁰‖₂ + 1)|"),
    ]
    return ct, a0, norms, yf, evs


def _eq14(inst: Instance, *, doubled: bool = True) -> list[Evaluation]:
    beta = _param(inst, "beta", 1.0)
    L = inst.L
    ct, a0, norms, yf, evs = _sec31_common(inst, beta)
    xf = ct.xf
    bl = beta ** (L - 1)
    lhs14 = (bl * bl if doubled else bl) * a0 * a0
    rhs14 = 16.0 * xf * yf * prod(beta * w + 1.0 for w in norms)
    lhs7, rhs7 = ct.sides["7"]
    hom_atol = 1e-13 * L * bl * xf * prod(norms)
    evs += [
        Evaluation(lhs=abs(lhs7 - lhs14), rhs=0.0, relation=Relation.EQ, label="lhs (7) = β^(2(L−1))α₀²",
                   tol=Tolerance(0.0, 0.0, "square of the homogeneity error: (α̃₀ + β^(L−1)α₀)·1e−13·Lβ^(L−1)‖X‖∏‖W_p‖"),
                   atol=(ct.alpha0 + bl * a0) * hom_atol, scale=lhs14, lhs_name="|α̃₀² − lhs(14)|"),
        Evaluation(lhs=abs(rhs7 - rhs14), rhs=0.0, relation=Relation.EQ, label="rhs (7) = rhs (14)",
                   tol=TOL_PRODUCT, scale=rhs14, lhs_name="|rhs(7) at θ̃⁰ − 16‖X‖‖Y‖∏(β‖W_l⁰‖₂+1)|"),
        _bool_agreement(ct.margins["7"], lhs14 / rhs14 if rhs14 > 0 else math.inf, "(7) ⟺ (14)"),
    ]
    return evs


@claim(
    id="nguyen21.sec3.1.eq14",
    cases=lambda: _sec31_cases(),
    where="Nguyen 2021, §3.1, eq. (14)",
    kind=Kind.D,
    statement="θ⁰ = (W₁⁰,…,W_{L−1}⁰, 0) with α₀ > 0, C_l = 1, θ̃⁰ = (βW₁⁰,…,βW_{L−1}⁰, 0): α̃₀ = β^{L−1}α₀, "
              "√(2Φ(θ̃⁰)) = ‖Y‖_F, λ̄_l = β‖W_l⁰‖₂ + 1, λ̄_L = 1, and (7) at θ̃⁰ ⟺ "
              "β^{2(L−1)}α₀² ≥ 16‖X‖_F‖Y‖_F∏_{l=1}^{L−1}(β‖W_l⁰‖₂ + 1) (14) (the paper's \"if\" is an iff)",
    hypotheses=("ReLU (positive homogeneity)", "no biases", "β > 0", "n_{L−1} ≥ N, α₀ > 0"),
    requires=_requires_sec31,
    mutant=lambda inst: _eq14(inst, doubled=False),
    probes={"ReLU (positive homogeneity)": lambda: _sec31_cases(activations_=st.SMOOTH)},
)
def scaled_init_condition7(inst: Instance) -> list[Evaluation]:
    """Condition (7) at the β-scaled initialisation is exactly the polynomial inequality (14)."""
    return _eq14(inst)


def _poly_degree(roots_scale: Sequence[float], power: int = 1) -> int:
    """Degree in β of ∏(βw_l + 1)^power: power·#{w_l > 0}."""
    return power * sum(1 for w in roots_scale if w > 0)


def _eq15(inst: Instance, *, over_all: bool = False) -> list[Evaluation]:
    beta = _param(inst, "beta", 1.0)
    L = inst.L
    ct, a0, norms, yf, evs = _sec31_common(inst, beta)
    xf = ct.xf
    bl = beta ** (L - 1)
    lam_h = [beta * w + 1.0 for w in norms]  # λ̄_l, l < L, at θ̃⁰
    sumprod = sum(prod_except(lam_h, l) ** 2 for l in range(L - 1))
    if over_all:  # mutant: Σ over l ∈ [L], the extra l = L term is ∏_{p<L}λ̄_p²
        sumprod += prod(lam_h) ** 2
    rhs15 = 16.0 * xf * xf * sumprod
    rhs8 = 32.0 * xf * xf * yf * sumprod
    hom_atol = 1e-13 * L * bl * xf * prod(norms)
    lhs9, rhs9 = ct.sides["9"]
    lhs8, rhs8_direct = ct.sides["8"]
    # degrees in β: lhs 2(L−1) / 3(L−1); rhs ≤ 2(L−2), equal when every ‖W_l⁰‖₂ > 0
    deg_rhs = max((sum(2 for p, w in enumerate(norms) if p != l and w > 0) for l in range(L - 1)), default=0)
    all_pos = all(w > 0 for w in norms)
    evs += [
        Evaluation(lhs=abs(lhs9 - bl * bl * a0 * a0), rhs=0.0, relation=Relation.EQ, label="lhs (9) = β^(2(L−1))α₀²",
                   tol=Tolerance(0.0, 0.0, "square of the homogeneity error (catalog eq14 scale)"),
                   atol=(ct.alpha0 + bl * a0) * hom_atol, scale=bl * bl * a0 * a0, lhs_name="|α̃₀² − lhs(15)|"),
        Evaluation(lhs=abs(rhs9 - rhs15), rhs=0.0, relation=Relation.EQ, label="rhs (9) = rhs (15)",
                   tol=TOL_PRODUCT, scale=rhs15, lhs_name="|rhs(9) at θ̃⁰ − 16‖X‖²Σ_l∏_(p≠l)(β‖W_p⁰‖₂+1)²|"),
        Evaluation(lhs=abs(lhs8 - (bl * a0) ** 3), rhs=0.0, relation=Relation.EQ, label="lhs (8) = β^(3(L−1))α₀³",
                   tol=Tolerance(0.0, 0.0, "cube of the homogeneity error: 3·max(α̃₀, β^(L−1)α₀)²·atol"),
                   atol=3.0 * max(ct.alpha0, bl * a0) ** 2 * hom_atol, scale=(bl * a0) ** 3,
                   lhs_name="|α̃₀³ − β^(3(L−1))α₀³|"),
        Evaluation(lhs=abs(rhs8_direct - rhs8), rhs=0.0, relation=Relation.EQ, label="rhs (8) closed form",
                   tol=TOL_PRODUCT, scale=rhs8, lhs_name="|rhs(8) at θ̃⁰ − 32‖X‖²‖Y‖Σ_l∏_(p≠l)(β‖W_p⁰‖₂+1)²|"),
        _bool_agreement(ct.margins["9"], bl * bl * a0 * a0 / rhs15 if rhs15 > 0 else math.inf, "(9) ⟺ (15)"),
        _bool_agreement(ct.margins["8"], (bl * a0) ** 3 / rhs8 if rhs8 > 0 else math.inf, "(8) ⟺ closed form"),
        Evaluation(lhs=float(abs(deg_rhs - 2 * (L - 2)) if all_pos else max(0, deg_rhs - 2 * (L - 2))), rhs=0.0,
                   relation=Relation.EQ, label="deg_β rhs(15) = 2(L−2)", tol=Tolerance(0.0, 0.0, "integer degrees"),
                   lhs_name="|deg rhs(15) − 2(L−2)|", vacuous=False),
    ]
    return evs


@claim(
    id="nguyen21.sec3.1.eq15",
    cases=lambda: _sec31_cases(),
    where="Nguyen 2021, §3.1, eq. (15) and \"the same argument applies to (8)\"",
    kind=Kind.D,
    statement="In the §3.1 setting: (9) at θ̃⁰ ⟺ β^{2(L−1)}α₀² ≥ 16‖X‖_F²Σ_{l=1}^{L−1}∏_{p≤L−1,p≠l}(β‖W_p⁰‖₂+1)² "
              "(15); (8) at θ̃⁰ ⟺ β^{3(L−1)}α₀³ ≥ 32‖X‖_F²‖Y‖_FΣ_{l=1}^{L−1}∏_{p≤L−1,p≠l}(β‖W_p⁰‖₂+1)²; "
              "degrees in β: 2(L−1) vs 2(L−2) and 3(L−1) vs 2(L−2)",
    hypotheses=("ReLU (positive homogeneity)", "no biases", "β > 0", "n_{L−1} ≥ N, α₀ > 0"),
    requires=_requires_sec31,
    mutant=lambda inst: _eq15(inst, over_all=True),
    probes={"ReLU (positive homogeneity)": lambda: _sec31_cases(activations_=st.SMOOTH)},
)
def scaled_init_conditions_8_9(inst: Instance) -> list[Evaluation]:
    """Conditions (9) and (8) at the β-scaled initialisation are the polynomial inequalities (15), (8̃)."""
    return _eq15(inst)


_BETA_CAP = 2 ** 27


def _large_beta(inst: Instance, *, keep_last: bool = False) -> list[Evaluation]:
    C = [1.0] * inst.L

    def conds(beta: float) -> Conditions:
        return conditions(inst, C, _scaled_points(inst, beta, keep_last=keep_last)[1])

    beta0 = 1.0
    while not all(conds(beta0).holds.values()):
        if beta0 >= _BETA_CAP:
            if keep_last:  # the mutant asserts existence: report the conditions at the cap
                c = conds(beta0)
                return [Evaluation(lhs=c.sides[k][0], rhs=c.sides[k][1], relation=Relation.GE,
                                   label=f"({k}) at β = 2^27", tol=TOL_PRODUCT) for k in ("7", "8", "9")]
            raise OverflowError(f"no β₀ ≤ 2^27 found (α₀ = {alpha0(inst, _scaled_points(inst, 1.0)[1]):.3g}); "
                                "the existence claim is not refuted by a finite search")
        beta0 *= 2.0
    out = []
    for mult in (2.0, 4.0, 8.0, 64.0):
        c = conds(beta0 * mult)
        out += [Evaluation(lhs=c.sides[k][0], rhs=c.sides[k][1], relation=Relation.GE,
                           label=f"({k}) at β = {mult:g}β₀", tol=TOL_PRODUCT, lhs_name=f"lhs ({k})",
                           factors=(("β₀", beta0),)) for k in ("7", "8", "9")]
    return out


@claim(
    id="nguyen21.sec3.1.large_beta",
    cases=lambda: _wide_cases(),
    where="Nguyen 2021, §3.1, last paragraph",
    kind=Kind.D,
    statement="For θ⁰ = (W₁⁰,…,W_{L−1}⁰, 0) with n_{L−1} ≥ N, α₀ > 0 there is β₀ such that (7), (8), (9) hold "
              "at θ̃⁰ = (βW₁⁰,…,βW_{L−1}⁰, 0), C_l = 1, for every β ≥ β₀ (β₀ found by doubling, re-checked at "
              "2, 4, 8, 64·β₀)",
    hypotheses=("ReLU, no biases", "W_L⁰ = 0", "n_{L−1} ≥ N, α₀ > 0"),
    requires=_requires_sec31,
    mutant=lambda inst: _large_beta(inst, keep_last=True),
)
def conditions_hold_for_large_beta(inst: Instance) -> list[Evaluation]:
    """Width N suffices: scaling the hidden layers up makes all of (7)–(9) hold."""
    return _large_beta(inst)


# ------------------------------------------------------------------------------ §3.2
def _eq16_18(inst: Instance, *, printed_alpha: bool = False, swap_c: bool = False) -> list[Evaluation]:
    C = [_param(inst, "C1", 1.0), _param(inst, "C2", 1.0)]
    c = conditions(inst, C)
    X, W1 = inst.X, inst.Ws[0]
    a0 = sigma_min_rows(X @ W1) if printed_alpha else sigma_min_rows(inst.act(X @ W1))
    l1, l2 = c.lam_bar
    xf, rho = c.xf, c.sqrt2phi
    m16 = max(l1 / C[0], l2 / C[1]) if swap_c else max(l2 / C[0], l1 / C[1])
    closed = {"7": (a0 * a0, 16.0 * xf * m16 * rho), "8": (a0 ** 3, 32.0 * xf * xf * l2 * rho),
              "9": (a0 * a0, 16.0 * xf * xf * l2 * l2)}
    names = {"7": "(16)", "8": "(17)", "9": "(18)"}
    ff = frob(inst.fw.F[1])
    evs = [Evaluation(lhs=abs(a0 - c.alpha0), rhs=0.0, relation=Relation.EQ, label="α₀ = σ_min(σ(XW₁⁰))",
                      tol=TOL_IDENTITY, scale=ff, lhs_name="|α₀ of (16)–(18) − σ_min(F₁) of (6)|")]
    for k, (lhs, rhs) in closed.items():
        evs.append(Evaluation(lhs=abs(c.sides[k][1] - rhs), rhs=0.0, relation=Relation.EQ,
                              label=f"rhs ({k}) = rhs {names[k]}", tol=TOL_PRODUCT, scale=rhs,
                              lhs_name=f"|rhs({k}) − rhs{names[k]}|"))
        evs.append(_bool_agreement(c.margins[k], lhs / rhs if rhs > 0 else math.inf, f"({k}) ⟺ {names[k]}"))
    return evs


@claim(
    id="nguyen21.sec3.2.eq16_18",
    cases=lambda: _with_params(_wide_cases(min_depth=2, max_depth=2, need_alpha=False,
                                           datasets=("gaussian", "integer", "zeros", "duplicates")),
                               C1=_log_uniform(-3.0, 1.0), C2=_log_uniform(-3.0, 1.0)),
    where="Nguyen 2021, §3.2, eqs. (16)–(18)",
    kind=Kind.D,
    statement="For L = 2: (7) ⟺ α₀² ≥ 16‖X‖_F max(λ̄₂/C₁, λ̄₁/C₂)√(2Φ(θ⁰)) (16); (8) ⟺ "
              "α₀³ ≥ 32‖X‖_F²λ̄₂√(2Φ(θ⁰)) (17); (9) ⟺ α₀² ≥ 16‖X‖_F²λ̄₂² (18), with α₀ = σ_min(σ(XW₁⁰)) "
              "(printed σ_min(XW₁⁰): errata 4)",
    hypotheses=("L = 2", "ReLU", "n₁ ≥ N"),
    requires=lambda inst: _one_wide(inst) or (None if inst.L == 2 else "needs L = 2"),
    mutant=lambda inst: _eq16_18(inst, swap_c=True),
    variants={"printed": lambda inst: _eq16_18(inst, printed_alpha=True)},
)
def two_layer_conditions(inst: Instance) -> list[Evaluation]:
    """(16)–(18) are (7)–(9) written out for two layers."""
    return _eq16_18(inst)


# ------------------------------------------------------------------------------ Corollary 3.2
A_EXP, B_EXP, C_EXP = Fraction(4, 3), Fraction(-1, 6), Fraction(1, 2)


def _frac(inst: Instance, key: str, default: Fraction) -> Fraction:
    num = _param(inst, key + "_num", float("nan"))
    den = _param(inst, key + "_den", 1.0)
    return default if math.isnan(num) else Fraction(int(num), int(den))


def _exponent_lines(a: Fraction, b: Fraction, c: Fraction, *, mutant: bool = False) -> dict[str, Fraction]:
    """The proof's printed exponents of n_{L−1} for (7) l=L, l=L−1, l≤L−2, (9), (8) and (1−a)/2."""
    mL, mL1 = max(b, (1 - a) / 2), max(Fraction(1, 2), c)
    return {"7,l=L": 1 + b - mL1, "7,l=L−1": 1 + c - mL, "7,l≤L−2": 1 - mL1 - mL,
            "9": 1 - 2 * mL1 - (1 if mutant else 2) * mL, "8": Fraction(1, 2) + mL, "(1−a)/2": (1 - a) / 2}


def _exponent_model(a: Fraction, b: Fraction, c: Fraction, L: int) -> dict[str, Fraction]:
    """Exponents of n_{L−1} in the margins of (7)–(9), from the λ̄ product structure of `conditions`:
    λ̄_L ~ n^{max(b,(1−a)/2)}, λ̄_{L−1} ~ n^{max(½,c)}, λ̄_l ~ n⁰ (l ≤ L−2), C_{L−1} = n^c, C_L = n^b,
    α₀² ~ n (m, n₀ fixed)."""
    e = [Fraction(0)] * (L - 2) + [max(Fraction(1, 2), c), max(b, (1 - a) / 2)]
    cexp = [Fraction(0)] * (L - 2) + [c, b]
    m7 = {l: 1 - (sum(e[p] for p in range(L) if p != l) - cexp[l]) for l in range(L)}
    s9 = max(sum(2 * e[p] for p in range(L - 1) if p != l) for l in range(L - 1))
    return {"7,l=L": m7[L - 1], "7,l=L−1": m7[L - 2], "7,l≤L−2": min(m7[l] for l in range(L - 2)),
            "9": 1 - 2 * e[L - 1] - s9, "8": Fraction(1, 2) + e[L - 1]}


def _frac_eval(value: Fraction, expected: Fraction, label: str) -> Evaluation:
    return Evaluation(lhs=float(abs(value - expected)), rhs=0.0, relation=Relation.EQ, label=label,
                      tol=Tolerance(0.0, 0.0, "exact rational arithmetic (fractions.Fraction)"),
                      lhs_name=f"|{value} − {expected}|", vacuous=False)


def _exponents(inst: Instance, *, mutant: bool = False) -> list[Evaluation]:
    paper = _exponent_lines(A_EXP, B_EXP, C_EXP, mutant=mutant)
    printed = {"7,l=L": Fraction(1, 3), "7,l=L−1": Fraction(5, 3), "7,l≤L−2": Fraction(2, 3),
               "9": Fraction(1, 3), "8": Fraction(1, 3), "(1−a)/2": B_EXP}
    evs = [_frac_eval(paper[k], v, f"paper a,b,c: {k}") for k, v in printed.items()]
    binding = min(v for k, v in paper.items() if k != "(1−a)/2")
    evs.append(_frac_eval(binding, Fraction(1, 3), "(30) binding exponent"))
    # general a, b, c: the printed formulas are the exponents of the conditions' λ̄ products
    a, b, c = _frac(inst, "a", A_EXP), _frac(inst, "b", B_EXP), _frac(inst, "c", C_EXP)
    L = int(_param(inst, "L", 3))
    gen, model = _exponent_lines(a, b, c, mutant=mutant), _exponent_model(a, b, c, L)
    evs += [_frac_eval(gen[k], model[k], f"a={a}, b={b}, c={c}, L={L}: {k}") for k in model]
    # width: with m ~ N^μ, n₀ ~ N^ν, the (30) lines need n^{1/3} ≳ N^{x_i}; printed N³max(m, n₀)³
    mu, nu = _frac(inst, "mu", Fraction(0)), _frac(inst, "nu", Fraction(0))
    x = [1 + nu + max(Fraction(0), mu - nu),  # ‖X‖_F²max(1, m/n₀), ‖X‖_F² ~ Nn₀
         1 + nu + max(Fraction(0), (mu - nu) / 2),  # ‖X‖_F√(2Φ)max(1, √(m/n₀)), √(2Φ) ≲ √(Nn₀)
         (1 + nu) / 2]  # √(2Φ)
    evs.append(_frac_eval(max(x) / binding, 3 + 3 * max(mu, nu), "width exponent = 3 + 3max(μ, ν)"))
    return evs


@hst.composite
def _exponent_cases(draw: hst.DrawFn) -> Case:
    def frac(name: str, lo: int, hi: int) -> tuple[tuple[str, float], ...]:
        return ((f"{name}_num", float(draw(hst.integers(lo, hi), label=f"{name} num"))),
                (f"{name}_den", float(draw(hst.integers(1, 12), label=f"{name} den"))))

    return Case(widths=(1, 1), n=1, params=(
        *frac("a", 0, 36), *frac("b", -12, 12), *frac("c", -12, 12), *frac("mu", 0, 12), *frac("nu", 0, 12),
        ("L", float(draw(hst.integers(3, 6), label="L")))))


@claim(
    id="nguyen21.cor3.2.exponents",
    cases=lambda: _exponent_cases(),
    where="Nguyen 2021, proof of Corollary 3.2: the three (7)-lines, the (9)-line, the (8)-line and (30)",
    kind=Kind.D,
    statement="With a = 4/3, b = −1/6, c = 1/2: 1 + b − max(½, c) = 1/3, 1 + c − max(b, (1−a)/2) = 5/3, "
              "1 − max(½, c) − max(b, (1−a)/2) = 2/3, 1 − 2max(½, c) − 2max(b, (1−a)/2) = 1/3, "
              "½ + max(b, (1−a)/2) = 1/3, (1−a)/2 = b; (30) binds at 1/3, so with m ~ N^μ, n₀ ~ N^ν the width is "
              "N^{3+3max(μ,ν)} = N³max(m, n₀)³ (ε = 3/p for m, n₀ = N^{1/p})",
    hypotheses=("none (arithmetic); for general a, b, c the printed formulas match the λ̄-product exponents, L ≥ 3",),
    mutant=lambda inst: _exponents(inst, mutant=True),
)
def corollary_exponents(inst: Instance) -> list[Evaluation]:
    """Exact exponent bookkeeping of the Corollary 3.2 proof."""
    return _exponents(inst)


def _cond8(inst: Instance, *, const: float = 2.0) -> list[Evaluation]:
    """(9) ∧ α₀ ≥ const·√(2Φ)/λ̄_L ⟹ (8), on θ⁰ = (W₁,…,W_{L−1}, sW_L), data (X, sY), C_l = C (l < L).

    The premises confine λ̄_L = ‖sW_L‖₂ + C_L to [lo, hi], lo = s·max(const·√(2Φ₁)/α₀, ‖W_L‖₂) (Φ₁ at s = 1),
    hi = α₀/(4‖X‖_F√S) (S does not depend on s or C_L). The case fixes s = v·hi/lo(1) (v < 1: the
    interval is not empty) and puts λ̄_L at the log-position u in [lo, hi]; C_L = λ̄_L − ‖sW_L‖₂ > 0.
    """
    v, Cp, u = _param(inst, "v", 0.5), _param(inst, "C", 1.0), _param(inst, "u", 0.5)
    L = inst.L
    base = conditions(inst, [Cp] * (L - 1) + [1.0])
    a0, xf, S = base.alpha0, base.xf, base.S
    wl1 = spectral_norm(inst.Ws[-1])
    hi = a0 / (4.0 * xf * math.sqrt(S)) if xf > 0 and S > 0 else 0.0
    lo1 = max(const * base.sqrt2phi / a0 if a0 > 0 else math.inf, wl1 * (1 + 1e-9))
    if not (hi > 0 and 0 < lo1 < math.inf):
        return [Evaluation(lhs=0.0, rhs=0.0, label="premises cannot hold (α₀ = 0 or W_L = 0 = Y)",
                           vacuous=True)]
    sc = v * hi / lo1
    Ws = [*inst.Ws[:-1], sc * inst.Ws[-1]]
    th = Instance(X=inst.X, Ws=Ws, Y=sc * inst.Y, act=inst.act, form=inst.form)
    lo = sc * lo1
    if not lo < hi:
        return [Evaluation(lhs=0.0, rhs=0.0, label="premises incompatible for every C_L", vacuous=True)]
    wl = spectral_norm(Ws[-1])
    lamL = math.exp((1 - u) * math.log(lo) + u * math.log(hi))
    c = conditions(th, [Cp] * (L - 1) + [lamL - wl])
    lam_L, rho = c.lam_bar[-1], c.sqrt2phi
    if not (c.holds["9"] and c.alpha0 * lam_L >= const * rho):
        return [Evaluation(lhs=0.0, rhs=0.0, label="premises fail after rounding", vacuous=True)]
    lhs8, rhs8 = c.sides["8"]
    return [Evaluation(lhs=lhs8, rhs=rhs8, relation=Relation.GE, label="(8)", tol=TOL_PRODUCT,
                       lhs_name="α₀³", factors=(("λ̄_L", lam_L), ("√(2Φ)", rho), ("S", c.S)))]


@claim(
    id="nguyen21.cor3.2.cond8_from_9",
    cases=lambda: _with_params(_wide_cases(), v=_log_uniform(-3.0, -0.01), C=_log_uniform(-3.0, 1.0),
                               u=hst.floats(0.0, 1.0)),
    where="Nguyen 2021, proof of Corollary 3.2 (\"(8) is satisfied if it holds in addition that "
          "α₀ ≳ λ̄_L^{−1}√(2Φ(θ⁰))\")",
    kind=Kind.D,
    statement="For any θ⁰ and C: (9) and α₀ ≥ 2√(2Φ(θ⁰))/λ̄_L imply (8) (the paper's ≳ with constant 2)",
    hypotheses=("none beyond the definitions (6)", "α₀ > 0 (implied by the premise (9) whenever X ≠ 0)"),
    requires=lambda inst: _one_wide(inst) or _alpha_positive(inst),
    mutant=lambda inst: _cond8(inst, const=1.0),
)
def condition8_from_condition9(inst: Instance) -> list[Evaluation]:
    """(9) plus a lower bound on α₀ relative to the initial loss gives (8)."""
    return _cond8(inst)
