"""Claims of Nguyen (ICML 2021): deep ReLU networks with one wide layer (seed 000), §1–§2, and shared helpers.

Lemma 2.1, eqs. (2)–(3), the PL inequality and the deterministic steps of the proof of Theorem 2.2; the
evaluators of (6)–(10) (`conditions`, `condition_sides`, `q1`, `q2`, …) and the one-wide case strategies,
which `nguyen21_sec3` (§3, class D), `nguyen21_asymptotic` (class P) and `nguyen21_theorem` (class C) reuse.

Glossary (paper → code): N → `inst.N`; L (weight matrices) → `inst.L`; X, Y → `inst.X`, `inst.Y`;
W_l → `inst.Ws[l-1]`: (n_{l−1}, n_l); F_l → `inst.fw.F[l]`; Φ = ½‖F_L − Y‖²_F → `inst.loss()`;
r = F_L − Y → `resid(inst)`; J_l, K → `jacobian_blocks`, `ntk` (row-major vec, see `nnverify.ntk`);
α₀ = σ_min(F⁰_{L−1}) = √λ_min(F F ᵀ) → `alpha0` / `sigma_min_rows`; C_l → `C`; λ̄_l = ‖W_l⁰‖₂ + C_l →
`lam_bar` (in Lemma 2.1 and the one-step claims: the tightest bound on both points' norms);
Q₁, Q₂ → `q1`, `q2`; θ⁺ = θ − η∇Φ(θ) → `_Step`; G = F_{L−1}(θ)W_L⁺ → `_Step.G`.
σ is any activation of the library with σ(0) = 0, |σ′| ≤ 1 (the proofs use only these; ReLU is the
paper's), and ∇ uses the activation's fixed σ′(0) convention (`kink`).

Products of λ̄ are written in product form (∏_{p≠l}λ̄_p, never λ̄_{1→L}/λ̄_l) so that zero norms are
allowed (catalog numerics conventions). Conditions (7)–(10) of Theorem 2.2 are evaluated by
`conditions(inst, C)`, which the class-C claims reuse.

Lemma 2.1 eq. (5) prints (∏_{l=1}^{l} λ̄_l) with the summation index clashing with the free l. Under
the ordinary scoping rule (limits belong to the outer scope, the body to the bound index) this *is*
∏_{p=1}^{l}λ̄_p, the corrected form; the only other reading (the bound l also in the upper limit) is
not a well-formed statement. So no false reading exists: it is recorded as extraction damage, not as
a "printed" variant.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from hypothesis import strategies as hst

from nnverify import strategies as st
from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, prod, require_form, resid, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.grad import autograd_gradients
from nnverify.linalg import EPS, lam_max, lam_min, sigma_min_rows, spectral_norm
from nnverify.ntk import jacobian_blocks, jacobian_reference, ntk
from nnverify.types import Case, Instance

__all__ = ["Conditions", "alpha0", "conditions", "lam_bar", "prod_except", "q1", "q2", "sum_sq_except"]

_nguyen = require_form("nguyen")
#: absolute floor for identities whose terms fall below the smallest normal float64 (2.2e−308): there the
#: relative precision is lost (the element-wise strategies draw entries as small as ~1e−300).
UNDERFLOW = 1e3 * torch.finfo(torch.float64).tiny


def frob(A: torch.Tensor) -> float:
    """‖A‖_F computed as max|A|·‖A/max|A|‖_F, so that it neither underflows (entries ≲ 1e−154 square to
    subnormals: `vector_norm` then returns 0 for a nonzero matrix) nor overflows."""
    if A.numel() == 0:
        return 0.0
    m = float(A.abs().max())
    if m == 0.0 or not math.isfinite(m):
        return m
    return m * float(torch.linalg.vector_norm(A / m))
#: Catalog, "Inequalities": lhs ≤ rhs·(1 + 1e−9) + (instance-scaled abs term).
TOL_REL9 = Tolerance(1e-9, 0.0, "catalog conventions: relative 1e−9 on composite one-step bounds, plus an abs term")
#: catalog one-step conventions: abs term 1e−12·M·‖r‖ (M = the magnitudes that cancel in F_L, G).
TOL_STEP = Tolerance(1e-12, 0.0,
                     "one-step identity: round-off relative to M = ‖F_L‖+‖G‖+(‖F_(L−1)‖+‖F⁺_(L−1)‖)(‖W_L‖+‖W_L⁺‖)")
_RELU = ("relu",)
#: α₀ > 0 is decided above the float64 floor of σ_min (absolute error ~ n·ε·σ_max(F_{L−1})).
ALPHA_FLOOR = 1e-8


def _requires_pair(inst: Instance) -> str | None:
    return _nguyen(inst) or (None if inst.Ws_b is not None else "needs a second parameter point θᵇ")


def _one_wide(inst: Instance) -> str | None:
    return _nguyen(inst) or (None if inst.widths[-2] >= inst.N else "needs n_{L−1} ≥ N")


def _alpha_positive(inst: Instance, Ws: Sequence[torch.Tensor] | None = None) -> str | None:
    """α₀ > 0 above the float64 floor ALPHA_FLOOR·σ_max(F_{L−1}) (below it σ_min is round-off)."""
    Ws = list(inst.Ws if Ws is None else Ws)
    F = inst.forward(Ws).F[len(Ws) - 1]
    a0 = sigma_min_rows(F)
    return None if a0 > ALPHA_FLOOR * spectral_norm(F) else f"needs α₀ = σ_min(F_(L−1)) > 0 (got {a0:.3g})"


def _param(inst: Instance, key: str, default: float) -> float:
    return inst.case.param(key, default) if inst.case is not None else default


def _with_params(base: hst.SearchStrategy[Case], **draws: hst.SearchStrategy[float]) -> hst.SearchStrategy[Case]:
    """`base` cases with extra named scalars appended to `params` (drawn after the case)."""

    @hst.composite
    def build(draw: hst.DrawFn) -> Case:
        c = draw(base, label="case")
        extra = tuple((k, float(draw(s, label=k))) for k, s in draws.items())
        return dataclasses.replace(c, params=(*c.params, *extra))

    return build()


@hst.composite
def _wide_cases(draw: hst.DrawFn, *, activations_: Sequence[str] = _RELU, min_depth: int = 2, max_depth: int = 4,
                datasets: Sequence[str] = ("gaussian", "integer", "sphere"), need_alpha: bool = True) -> Case:
    """One-wide cases (n_{L−1} ≥ N, up to N + 6) for the claims that need α₀ = σ_min(F_{L−1}) > 0: zero and
    duplicated rows are left out (they force α₀ = 0, outside the hypothesis); integer data and weights
    still give exact ReLU kinks. With `need_alpha`, the seed is advanced (at most 32 times, deterministically)
    until α₀ > 0 at θ⁰ = (W₁,…,W_{L−1}, 0), so that narrow nets with dead units do not make Hypothesis reject
    most draws (one seed reached 1 869 rejections for 34 valid cases)."""
    N = draw(hst.integers(1, 4), label="N")
    # a width-1 layer before the wide one caps rank(F_{L−1}) at 2 (σ of a rank-1 matrix): α₀ = 0 for N ≥ 3
    head = draw(hst.lists(hst.integers(2 if need_alpha else 1, 5), min_size=min_depth - 1, max_size=max_depth - 1),
                label="n0..n_(L-2)")
    w = (*head, N + draw(hst.integers(0, 6), label="n_(L-1) - N"), draw(hst.integers(1, 5), label="n_L"))
    c = dataclasses.replace(draw(st.seeded_cases(widths=hst.just(w), n_max=1, activations_=activations_,
                                                 datasets=datasets)), n=N)
    if not need_alpha:
        return c
    for k in range(32):
        ck = dataclasses.replace(c, seed=(c.seed + k) % 2**32)
        inst = ck.build()
        if _alpha_positive(inst, [*inst.Ws[:-1], torch.zeros_like(inst.Ws[-1])]) is None:
            return ck
    return c


def _log_uniform(lo_exp: float, hi_exp: float) -> hst.SearchStrategy[float]:
    """10^e, e uniform in [lo_exp, hi_exp] (shrinks toward e = 0 when the range holds 0)."""
    return hst.floats(lo_exp, hi_exp, allow_nan=False).map(lambda e: float(10.0**e))


# ------------------------------------------------------------------------------ (6)–(10) evaluators
def prod_except(lam: Sequence[float], l: int | None, upto: int | None = None) -> float:
    """∏_{p<upto, p≠l} lam[p] (0-based l; `upto` defaults to all): λ̄_{1→k}/λ̄_l without division."""
    k = len(lam) if upto is None else upto
    return prod(lam[p] for p in range(k) if p != l)


def sum_sq_except(lam: Sequence[float], upto: int) -> float:
    """Σ_{l<upto} ∏_{p<upto, p≠l} λ̄_p² = λ̄²_{1→upto}Σ_{l≤upto}λ̄_l^{−2} in product form."""
    return sum(prod_except(lam, l, upto) ** 2 for l in range(upto))


def q1(xf: float, lam: Sequence[float]) -> float:
    """Q₁ = ‖X‖_F²λ̄²_{1→L}Σ_{l=1}^{L}λ̄_l^{−2} (proof of Thm 2.2), product form."""
    return xf * xf * sum_sq_except(lam, len(lam))


def q2(xf: float, lam: Sequence[float]) -> float:
    """Q₂ = ‖X‖_F²λ̄²_{1→L−1}λ̄_L²Σ_{l=1}^{L−1}λ̄_l^{−2} (proof of Thm 2.2), product form."""
    return xf * xf * lam[-1] ** 2 * sum_sq_except(lam, len(lam) - 1)


def alpha0(inst: Instance, Ws: Sequence[torch.Tensor] | None = None) -> float:
    """α₀ = σ_min(F_{L−1}) = √λ_min(F_{L−1}F_{L−1}ᵀ) (eq. (6); 0 when n_{L−1} < N)."""
    return sigma_min_rows(inst.forward(Ws).F[len(Ws if Ws is not None else inst.Ws) - 1])


def lam_bar(Ws: Sequence[torch.Tensor], C: Sequence[float]) -> list[float]:
    """λ̄_l = ‖W_l⁰‖₂ + C_l (eq. (6))."""
    return [spectral_norm(W) + c for W, c in zip(Ws, C, strict=True)]


@dataclass(frozen=True)
class Conditions:
    """The quantities of Theorem 2.2 at θ⁰ for slacks C, and both sides of (7)–(10).

    `sides[k] = (lhs, rhs)` for k ∈ {"7", "8", "9"}; `margins[k] = lhs/rhs` (≥ 1 ⟺ the condition
    holds; inf when rhs = 0); `eta_max` is the right side of (10), η must be strictly below it.
    """

    alpha0: float
    lam_bar: tuple[float, ...]
    C: tuple[float, ...]
    xf: float
    sqrt2phi: float
    Q1: float
    Q2: float
    S: float
    sides: dict[str, tuple[float, float]]
    eta_max: float

    @property
    def margins(self) -> dict[str, float]:
        return {k: (lhs / rhs if rhs > 0 else math.inf) for k, (lhs, rhs) in self.sides.items()}

    @property
    def holds(self) -> dict[str, bool]:
        return {k: lhs >= rhs for k, (lhs, rhs) in self.sides.items()}

    def as_dict(self) -> dict[str, object]:
        return {**dataclasses.asdict(self), "margins": self.margins, "holds": self.holds}


def condition_sides(a0: float, lam: Sequence[float], C: Sequence[float], xf: float,
                    rho: float) -> dict[str, tuple[float, float]]:
    """(lhs, rhs) of (7), (8), (9) of Theorem 2.2 from α₀, λ̄_l = ‖W_l⁰‖₂ + C_l, C_l, ‖X‖_F and √(2Φ(θ⁰)).

    The one formula behind `conditions`, the §3.2/§3.3 P claims and the width-scaling experiments.
    """
    L = len(lam)
    S = sum_sq_except(lam, L - 1)
    max7 = max(prod_except(lam, l) / C[l] for l in range(L))
    return {
        "7": (a0 * a0, 16.0 * xf * max7 * rho),
        "8": (a0**3, 32.0 * xf * xf * lam[-1] * S * rho),
        "9": (a0 * a0, 16.0 * xf * xf * lam[-1] ** 2 * S),
    }


def conditions(inst: Instance, C: Sequence[float], Ws: Sequence[torch.Tensor] | None = None) -> Conditions:
    """Evaluate (6)–(10) of Theorem 2.2 at θ⁰ = `Ws` (default the instance's weights).

    (7) α₀² ≥ 16‖X‖_F·max_l(λ̄_{1→L}/(λ̄_lC_l))·√(2Φ(θ⁰));
    (8) α₀³ ≥ 32‖X‖_F²·λ̄_L·S·√(2Φ(θ⁰));  (9) α₀² ≥ 16‖X‖_F²·λ̄_L²·S = 16Q₂,
    with S = Σ_{l=1}^{L−1}λ̄²_{1→L−1}/λ̄_l²;  (10) η < min(8/α₀², Q₂/Q₁²) (its second term is Q₂/Q₁²,
    see `nguyen21.thm2.2.proof_step_chain`).
    """
    Ws = list(inst.Ws if Ws is None else Ws)
    L = len(Ws)
    a0 = alpha0(inst, Ws)
    lam = lam_bar(Ws, C)
    xf = frob(inst.X)
    rho = math.sqrt(2.0 * inst.loss(Ws))
    S = sum_sq_except(lam, L - 1)
    Q1, Q2 = q1(xf, lam), q2(xf, lam)
    sides = condition_sides(a0, lam, C, xf, rho)
    eta_max = min(8.0 / (a0 * a0) if a0 > 0 else math.inf, Q2 / (Q1 * Q1) if Q1 > 0 else math.inf)
    return Conditions(a0, tuple(lam), tuple(float(c) for c in C), xf, rho, Q1, Q2, S, sides, eta_max)


# ------------------------------------------------------------------------------ Lemma 2.1, eq. (4)
def _gradient_bound(inst: Instance, *, include_self: bool = False, factor: float = 1.0) -> list[Evaluation]:
    g = inst.grads()
    norms = spec_norms(inst.Ws)
    xf, rf = frob(inst.X), frob(resid(inst))
    out = []
    for l in range(1, inst.L + 1):
        others = prod(n for p, n in enumerate(norms, 1) if include_self or p != l)
        out.append(Evaluation(
            lhs=frob(g[l - 1]), rhs=factor * xf * others * rf, label=f"l={l}", tol=TOL_PRODUCT,
            lhs_name=f"‖∇_(W_{l})Φ‖_F",
            factors=(("‖X‖_F", xf), ("∏_(p≠l)‖W_p‖₂", others), ("‖F_L−Y‖_F", rf))))
    return out


@claim(
    id="nguyen21.lemma2.1.eq4",
    cases=lambda: st.cases(),
    where="Nguyen 2021, Lemma 2.1, eq. (4)",
    kind=Kind.D,
    statement="‖∇_{W_l}Φ(θ)‖_F ≤ ‖X‖_F ∏_{p≠l} ‖W_p‖₂ ‖F_L − Y‖_F for every θ and l ∈ [L]",
    hypotheses=("σ(0) = 0", "σ′ ∈ [0, 1] (1-Lipschitz)", "no biases", "any σ′(0) convention"),
    requires=_nguyen,
    mutant=lambda inst: _gradient_bound(inst, include_self=True),
    variants={"halved": lambda inst: _gradient_bound(inst, factor=0.5)},
    probes={"σ′ ∈ [0, 1] (1-Lipschitz)": lambda: st.cases(activations_=("linear(2)", "linear(-1.5)"))},
)
def gradient_bound(inst: Instance) -> list[Evaluation]:
    """Gradient of Φ in one layer is bounded by the other layers' spectral norms."""
    return _gradient_bound(inst)


# ------------------------------------------------------------------------------ Lemma 2.1, eq. (5)
def _lipschitz(inst: Instance, *, drop_inverse: bool = False) -> list[Evaluation]:
    assert inst.Ws_b is not None
    Fa, Fb = inst.forward(inst.Ws).F, inst.forward(inst.Ws_b).F
    lam = [max(a, b) for a, b in zip(spec_norms(inst.Ws), spec_norms(inst.Ws_b), strict=True)]
    dW = [spectral_norm(a - b) for a, b in zip(inst.Ws, inst.Ws_b, strict=True)]
    xf = frob(inst.X)
    out = []
    for l in range(1, inst.L + 1):
        if drop_inverse:
            rhs = xf * prod(lam[:l]) * sum(dW[:l])
        else:
            rhs = xf * sum(prod_except(lam, p, l) * dW[p] for p in range(l))
        out.append(Evaluation(
            lhs=frob(Fa[l] - Fb[l]), rhs=rhs, label=f"l={l}", tol=TOL_PRODUCT,
            # the difference F_l(θᵃ) − F_l(θᵇ) cancels terms of size ‖X‖_F∏λ̄_p: round-off floor
            atol=1e-12 * l * xf * prod(lam[:l]),
            lhs_name=f"‖F_{l}(θᵃ) − F_{l}(θᵇ)‖_F",
            factors=(("‖X‖_F", xf), ("λ̄", prod(lam[:l])), ("Σ‖ΔW_p‖₂", sum(dW[:l])))))
    return out


@claim(
    id="nguyen21.lemma2.1.eq5",
    cases=lambda: st.pair_cases(st.cases(min_depth=1, elementwise=False)),
    where="Nguyen 2021, Lemma 2.1, eq. (5)",
    kind=Kind.D,
    statement="‖F_l(θᵃ) − F_l(θᵇ)‖_F ≤ ‖X‖_F Σ_{p≤l} (∏_{q≤l, q≠p} λ̄_q) ‖W_pᵃ − W_pᵇ‖₂ "
              "for λ̄_q ≥ max(‖W_qᵃ‖₂, ‖W_qᵇ‖₂), every l ∈ [L] (printed ∏_{l=1}^{l}λ̄_l: the bound index "
              "clashes with l; by scoping it is ∏_{p=1}^{l}λ̄_p — extraction damage, no false reading)",
    hypotheses=("σ 1-Lipschitz", "σ(0) = 0", "no biases", "λ̄_q = max spectral norm (tightest choice)"),
    requires=_requires_pair,
    mutant=lambda inst: _lipschitz(inst, drop_inverse=True),
    probes={"σ 1-Lipschitz": lambda: st.pair_cases(st.cases(activations_=("linear(2)",), elementwise=False))},
)
def layer_lipschitz(inst: Instance) -> list[Evaluation]:
    """Layer outputs are Lipschitz in the weights, with the other layers' norms as constants."""
    return _lipschitz(inst)


# ------------------------------------------------------------------------------ eq. (2), eq. (3)
def _ntk_identity(inst: Instance, *, drop_last: bool = False) -> list[Evaluation]:
    blocks_ref = jacobian_reference(inst.X, inst.Ws, inst.act)
    J = torch.cat(blocks_ref, dim=1)
    K_ref = J @ J.T
    layers = list(range(1, inst.L + (0 if drop_last else 1)))
    K = ntk(inst.X, inst.Ws, inst.act, inst.fw, layers) if layers else torch.zeros_like(K_ref)
    scale = float(K_ref.diagonal().max())  # K ⪰ 0, so max|K| is its largest diagonal entry
    out = [Evaluation(lhs=float((K - K_ref).abs().max()), rhs=0.0, relation=Relation.EQ, label="K",
                      tol=TOL_IDENTITY, scale=scale, atol=UNDERFLOW, lhs_name="max|Σ_l J_lJ_lᵀ − JJᵀ|")]
    kmax = lam_max(K_ref)
    for l, Jl in enumerate(blocks_ref, 1):  # every summand J_lJ_lᵀ ⪰ 0
        out.append(Evaluation(
            lhs=lam_min(Jl @ Jl.T), rhs=0.0, relation=Relation.GE, label=f"J_{l}J_{l}ᵀ ⪰ 0",
            tol=Tolerance(0.0, 0.0, "eigvalsh absolute error ~ n·ε·‖K‖₂: atol = 1e-12·λ_max(K)"),
            atol=1e-12 * kmax, lhs_name=f"λ_min(J_{l}J_{l}ᵀ)", vacuous=True))
    return out


@claim(
    id="nguyen21.eq2",
    cases=lambda: st.cases(max_width=4, n_max=4),
    where="Nguyen 2021, eq. (2), §1",
    kind=Kind.D,
    statement="K(θ) = JJᵀ = Σ_{l=1}^{L} J_lJ_lᵀ, every summand ⪰ 0 "
              "(structured per-layer Grams equal the jacrev NTK)",
    hypotheses=("any θ", "one fixed σ′(0) convention"),
    requires=_nguyen,
    mutant=lambda inst: _ntk_identity(inst, drop_last=True),
)
def ntk_sum_of_blocks(inst: Instance) -> list[Evaluation]:
    """The NTK is the sum of per-layer Gram blocks (computed without materialising J)."""
    return _ntk_identity(inst)


def _kron_last(inst: Instance, *, paper_order: bool = False) -> list[Evaluation]:
    JL = jacobian_reference(inst.X, inst.Ws, inst.act)[-1]
    F = inst.fw.F[inst.L - 1]
    eye = torch.eye(inst.widths[-1], dtype=F.dtype)
    kron = torch.kron(eye, F @ F.T) if paper_order else torch.kron(F @ F.T, eye)
    return [Evaluation(lhs=float((JL @ JL.T - kron).abs().max()), rhs=0.0, relation=Relation.EQ,
                       label="J_LJ_Lᵀ", tol=TOL_IDENTITY, scale=float(kron.abs().max()), atol=UNDERFLOW,
                       lhs_name="max|J_LJ_Lᵀ − (F_(L−1)F_(L−1)ᵀ) ⊗ I_(n_L)|")]


@claim(
    id="nguyen21.eq2.kron_last",
    cases=lambda: st.cases(max_width=4, n_max=4),
    where="Nguyen 2021, text after eq. (2), §1",
    kind=Kind.D,
    statement="J_LJ_Lᵀ = I_{n_L} ⊗ (F_{L−1}F_{L−1}ᵀ) with column-major vec; with torch's row-major vec "
              "J_LJ_Lᵀ = (F_{L−1}F_{L−1}ᵀ) ⊗ I_{n_L} (checked, against jacrev)",
    hypotheses=("any θ",),
    requires=_nguyen,
    mutant=lambda inst: _kron_last(inst, paper_order=True),
)
def ntk_output_block_kron(inst: Instance) -> list[Evaluation]:
    """The output-layer Gram block is a Kronecker product of the last hidden Gram with I."""
    return _kron_last(inst)


_EQ3_INITS = ("gaussian", "lecun", "integer", "nguyen_scaled")


def _ntk_lower_bound(inst: Instance, *, factor: float = 1.0) -> list[Evaluation]:
    K = ntk(inst.X, inst.Ws, inst.act, inst.fw)
    F = inst.fw.F[inst.L - 1]
    lmax = lam_max(K)
    lk, lf = lam_min(K), lam_min(F @ F.T)
    floor = 1e-12 * lmax
    return [Evaluation(lhs=lk, rhs=factor * lf, relation=Relation.GE, label="λ_min",
                       tol=Tolerance(0.0, 0.0, "eigvalsh absolute error ~ n·ε·λ_max(K); atol = 1e-12·λ_max(K)"),
                       atol=floor, lhs_name="λ_min(K)", vacuous=lf <= floor,
                       factors=(("λ_min(F_(L−1)F_(L−1)ᵀ)", lf),))]


@claim(
    id="nguyen21.eq3",
    # nguyen_scaled has W_L = 0: the equality case λ_min(K) = λ_min(F_{L−1}F_{L−1}ᵀ); the one-wide branch
    # (n_{L−1} ≥ N) is where the bound is informative (otherwise λ_min(F_{L−1}F_{L−1}ᵀ) = 0)
    cases=lambda: hst.one_of(st.cases(inits=_EQ3_INITS), st.cases(topology="one_wide", inits=_EQ3_INITS)),
    where="Nguyen 2021, eq. (3), §1",
    kind=Kind.D,
    statement="λ_min(K(θ)) ≥ λ_min(F_{L−1}F_{L−1}ᵀ) for every θ (equality when W_L = 0)",
    hypotheses=("any θ",),
    requires=_nguyen,
    mutant=lambda inst: _ntk_lower_bound(inst, factor=2.0),
)
def ntk_lower_bound(inst: Instance) -> list[Evaluation]:
    """The NTK dominates the output-layer block I ⊗ F_{L−1}F_{L−1}ᵀ."""
    return _ntk_lower_bound(inst)


# ------------------------------------------------------------------------------ §1, PL display
def _pl(inst: Instance, *, factor: float = 2.0) -> list[Evaluation]:
    g = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act)  # independent of the closed forms
    blocks = jacobian_blocks(inst.X, inst.Ws, inst.act, inst.fw)
    J = torch.cat(blocks, dim=1)
    r = resid(inst).reshape(-1)
    K = J @ J.T
    phi = inst.loss()
    gvec = torch.cat([x.reshape(-1) for x in g])
    lmax, lmin = lam_max(K), lam_min(K)
    g2 = float(gvec @ gvec)
    return [
        Evaluation(lhs=float((gvec - J.T @ r).abs().max()), rhs=0.0, relation=Relation.EQ,
                   label="∇Φ = Jᵀr",
                   tol=Tolerance(1e-13, 0.0, "round-off relative to ‖J‖_F‖r‖, the size of the summands"),
                   scale=frob(J) * frob(r), atol=UNDERFLOW, lhs_name="max|∇Φ − Jᵀvec(r)|"),
        Evaluation(lhs=g2, rhs=factor * lmin * phi, relation=Relation.GE, label="PL",
                   tol=Tolerance(0.0, 0.0, "λ_min by eigvalsh: absolute error ~ n·ε·λ_max(K); atol = 1e-10·Φ·λ_max(K)"),
                   atol=1e-10 * phi * lmax, lhs_name="‖∇Φ‖²",
                   vacuous=lmin * phi <= 1e-10 * phi * lmax,
                   factors=(("λ_min(K)", lmin), ("Φ", phi))),
    ]


@claim(
    id="nguyen21.sec1.pl",
    cases=lambda: st.cases(),
    where="Nguyen 2021, §1, unnumbered display (\"Our starting observation\")",
    kind=Kind.D,
    statement="‖∇Φ(θ)‖₂² ≥ 2 λ_min(K(θ)) Φ(θ) for every θ (from ∇Φ = Jᵀvec(F_L − Y))",
    hypotheses=("any θ", "∇Φ and J with the same σ′(0)"),
    requires=_nguyen,
    mutant=lambda inst: _pl(inst, factor=4.0),
)
def pl_inequality(inst: Instance) -> list[Evaluation]:
    """PL-type inequality through the NTK."""
    return _pl(inst)


def _pl_last(inst: Instance, *, squared: bool = True) -> list[Evaluation]:
    g = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act)
    F = inst.fw.F[inst.L - 1]
    s = sigma_min_rows(F)
    phi = inst.loss()
    gl2 = frob(g[-1]) ** 2
    total = sum(frob(x) ** 2 for x in g)
    rhs = 2.0 * (s * s if squared else s) * phi
    return [
        Evaluation(lhs=total, rhs=gl2, relation=Relation.GE, label="‖∇Φ‖² ≥ ‖∇_(W_L)Φ‖²",
                   tol=TOL_PRODUCT, lhs_name="‖∇Φ‖²"),
        Evaluation(lhs=gl2, rhs=rhs, relation=Relation.GE, label="σ_min²",
                   tol=Tolerance(1e-10, 0.0, "σ_min by SVD: relative round-off ~ n·ε·κ; squared norms"),
                   atol=8 * EPS * frob(F) ** 2 * phi,  # σ_min² absolute floor ~ ε‖F‖², times 2Φ
                   lhs_name="‖∇_(W_L)Φ‖_F²",
                   factors=(("σ_min(F_(L−1))", s), ("Φ", phi))),
    ]


@claim(
    id="nguyen21.sec1.pl_last_layer",
    cases=lambda: st.cases(topology="one_wide"),
    where="Nguyen 2021, §1, (3) combined with the PL display",
    kind=Kind.D,
    statement="‖∇Φ‖₂² ≥ ‖∇_{W_L}Φ‖_F² = ‖F_{L−1}ᵀ(F_L − Y)‖_F² ≥ 2 σ_min(F_{L−1})² Φ(θ) when n_{L−1} ≥ N",
    hypotheses=("n_{L−1} ≥ N",),
    requires=_one_wide,
    mutant=lambda inst: _pl_last(inst, squared=False),
)
def pl_last_layer(inst: Instance) -> list[Evaluation]:
    """PL through the output-layer gradient alone."""
    return _pl_last(inst)


# ------------------------------------------------------------------------------ proof of Thm 2.2
def _grad_wl(inst: Instance, *, sign: float = 1.0) -> list[Evaluation]:
    F = inst.fw.F[inst.L - 1]
    r = resid(inst)
    ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act)[-1]
    return [Evaluation(lhs=float((sign * F.T @ r - ref).abs().max()), rhs=0.0, relation=Relation.EQ,
                       label="∇_(W_L)Φ",
                       tol=Tolerance(1e-14, 0.0, "round-off relative to ‖F_(L−1)‖_F‖r‖_F (entries can cancel)"),
                       scale=frob(F) * frob(r), atol=UNDERFLOW, lhs_name="max|F_(L−1)ᵀ(F_L − Y) − autograd|")]


@claim(
    id="nguyen21.thm2.2.proof_grad_wl",
    cases=lambda: st.cases(),
    where="Nguyen 2021, proof of Theorem 2.2 (\"∇_{W_L}Φ(θ^k) = (F^k_{L−1})ᵀ(F^k_L − Y)\")",
    kind=Kind.D,
    statement="∇_{W_L}Φ(θ) = F_{L−1}ᵀ(F_L − Y) for every θ",
    hypotheses=("any θ",),
    requires=_nguyen,
    mutant=lambda inst: _grad_wl(inst, sign=-1.0),
)
def output_layer_gradient(inst: Instance) -> list[Evaluation]:
    """Closed form of the output-layer gradient against autograd."""
    return _grad_wl(inst)


# ------------------------------------------------------------------------------ one GD step θ → θ⁺
#: η is drawn relative to the gradient scale: η = eta_rel / (‖X‖_F²·Σ_l∏_{p≠l}‖W_p‖₂²) (catalog
#: proof_decomp: log-uniform in [1e−4, 10]), plus draws 10³–10⁸ times smaller (step-rounding regime).
_ETA_REL = hst.one_of(hst.floats(-4.0, 1.0, allow_nan=False), hst.floats(-12.0, -4.0, allow_nan=False)
                      ).map(lambda e: float(10.0**e))


def _step_cases(topology: str = "any", pairs: bool = False) -> hst.SearchStrategy[Case]:
    base = st.cases(topology=topology)
    if pairs:  # an arbitrary θ⁺ = θᵇ (identities that need no GD step)
        base = hst.one_of(base, st.pair_cases())
    return _with_params(base, eta_rel=_ETA_REL)


@dataclass(frozen=True)
class _Step:
    """θ, θ⁺ = θ − η∇Φ(θ) (or an arbitrary θ⁺), and what the proof of Thm 2.2 uses about them."""

    eta: float
    W: list[torch.Tensor]
    W1: list[torch.Tensor]
    F: tuple[torch.Tensor, ...]
    F1: tuple[torch.Tensor, ...]
    r: torch.Tensor
    r1: torch.Tensor
    G: torch.Tensor
    lam: list[float]
    xf: float
    M: float
    rounding: float
    gd: bool

    @property
    def rf(self) -> float:
        return frob(self.r)


def _step(inst: Instance, *, arbitrary: bool = False) -> _Step:
    """One full-batch GD step with the closed-form gradient (`inst.grads()`), η from the case.

    M (catalog conventions) = ‖F_L‖_F + ‖G‖_F + (‖F_{L−1}‖_F + ‖F⁺_{L−1}‖_F)(‖W_L‖_F + ‖W_L⁺‖_F);
    `rounding` = 1e−15·‖X‖_F·Σ_l(∏_{p≠l}λ̄_p)‖W_l⁺‖_F bounds the effect of fl(W − η∇) ≠ W − η∇.
    """
    W = list(inst.Ws)
    xf = frob(inst.X)
    norms = spec_norms(W)
    denom = xf * xf * sum(prod_except(norms, l) ** 2 for l in range(len(W)))
    eta_rel = _param(inst, "eta_rel", 1e-2)
    eta = eta_rel / denom if denom > 0 else eta_rel
    gd = not (arbitrary and inst.Ws_b is not None)
    if gd:
        W1 = [w - eta * g for w, g in zip(W, inst.grads(), strict=True)]
    else:
        assert inst.Ws_b is not None
        W1 = list(inst.Ws_b)
    F, F1 = inst.fw.F, inst.forward(W1).F
    L = len(W)
    lam = [max(a, b) for a, b in zip(norms, spec_norms(W1), strict=True)]
    G = F[L - 1] @ W1[-1]
    M = frob(F[L]) + frob(G) + (frob(F[L - 1]) + frob(F1[L - 1])) * (frob(W[-1]) + frob(W1[-1]))
    rounding = 1e-15 * xf * sum(prod_except(lam, l) * frob(W1[l]) for l in range(L))
    return _Step(eta, W, W1, F, F1, F[L] - inst.Y, F1[L] - inst.Y, G, lam, xf, M, rounding, gd)


def _ip(A: torch.Tensor, B: torch.Tensor) -> float:
    """⟨A, B⟩ = tr(ABᵀ)."""
    return float((A * B).sum())


def _decomp(inst: Instance, *, second_order: bool = True) -> list[Evaluation]:
    s = _step(inst, arbitrary=True)
    L = len(s.W)
    two_phi, two_phi1 = frob(s.r) ** 2, frob(s.r1) ** 2
    dF2 = frob(s.F1[L] - s.F[L]) ** 2
    rhs = (two_phi + (dF2 if second_order else 0.0) + 2.0 * _ip(s.F1[L] - s.G, s.r)
           + 2.0 * _ip(s.G - s.F[L], s.r))
    return [Evaluation(
        lhs=abs(two_phi1 - rhs), rhs=0.0, relation=Relation.EQ, label="2Φ(θ⁺)",
        tol=Tolerance(1e-12, 0.0, "round-off of the squared norms 2Φ⁺, 2Φ, ‖ΔF_L‖² (scale) plus 2e−12·M·‖r‖ (atol)"),
        scale=two_phi1 + two_phi + dF2, atol=2e-12 * s.M * s.rf + UNDERFLOW,
        lhs_name="|2Φ(θ⁺) − [2Φ + ‖ΔF_L‖² + 2⟨F_L⁺ − G, r⟩ + 2⟨G − F_L, r⟩]|",
        factors=(("η", s.eta), ("2Φ(θ⁺)", two_phi1), ("‖ΔF_L‖²", dF2)))]


@claim(
    id="nguyen21.thm2.2.proof_decomp",
    cases=lambda: _step_cases(pairs=True),
    where="Nguyen 2021, proof of Theorem 2.2, the two-line display defining G",
    kind=Kind.D,
    statement="For any θ, θ⁺ with G = F_{L−1}(θ)W_L⁺, r = F_L(θ) − Y: 2Φ(θ⁺) = 2Φ(θ) + ‖F_L(θ⁺) − F_L(θ)‖_F² "
              "+ 2⟨F_L(θ⁺) − G, r⟩ + 2⟨G − F_L(θ), r⟩ (θ⁺ a GD step or arbitrary)",
    hypotheses=("none (an identity)",),
    requires=_nguyen,
    mutant=lambda inst: _decomp(inst, second_order=False),
)
def loss_decomposition(inst: Instance) -> list[Evaluation]:
    """The exact expansion of the next loss around the current residual, split through G."""
    return _decomp(inst)


def _q1(inst: Instance, *, with_output: bool = True) -> list[Evaluation]:
    s = _step(inst)
    L = len(s.W)
    k = L if with_output else L - 1  # the mutant forgets the output layer
    dF = frob(s.F1[L] - s.F[L])
    dW = [spectral_norm(a - b) for a, b in zip(s.W1, s.W, strict=True)]
    mid = s.xf * sum(prod_except(s.lam, l) * dW[l] for l in range(k))
    Q1 = s.xf * s.xf * sum(prod_except(s.lam, l) ** 2 for l in range(k))
    rhs = s.eta * Q1 * s.rf
    eq5_atol = 1e-12 * L * s.xf * prod(s.lam)  # eq. (5) floor (catalog)
    facs = (("η", s.eta), ("Q₁", Q1), ("‖r‖_F", s.rf))
    return [
        Evaluation(lhs=dF, rhs=mid, label="(5): ‖ΔF_L‖ ≤ ‖X‖Σ_l(∏_(p≠l)λ̄_p)‖ΔW_l‖₂", tol=TOL_PRODUCT,
                   atol=eq5_atol, lhs_name="‖F_L(θ⁺) − F_L(θ)‖_F"),
        Evaluation(lhs=mid, rhs=rhs, label="(4): ≤ ηQ₁‖r‖", tol=TOL_REL9, atol=s.rounding,
                   lhs_name="‖X‖Σ_l(∏_(p≠l)λ̄_p)‖W_l⁺ − W_l‖₂", factors=facs),
        Evaluation(lhs=dF, rhs=rhs, label="‖ΔF_L‖ ≤ ηQ₁‖r‖", tol=TOL_REL9, atol=s.rounding + eq5_atol,
                   lhs_name="‖F_L(θ⁺) − F_L(θ)‖_F", factors=facs),
    ]


@claim(
    id="nguyen21.thm2.2.proof_q1",
    cases=lambda: _step_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, the display that defines Q₁",
    kind=Kind.D,
    statement="For θ⁺ = θ − η∇Φ(θ), η > 0, λ̄_l ≥ max(‖W_l‖₂, ‖W_l⁺‖₂): ‖F_L(θ⁺) − F_L(θ)‖_F ≤ "
              "‖X‖_Fλ̄_{1→L}Σ_lλ̄_l^{−1}‖W_l⁺ − W_l‖₂ ≤ ηQ₁‖F_L(θ) − Y‖_F, Q₁ = ‖X‖_F²λ̄²_{1→L}Σ_{l=1}^{L}λ̄_l^{−2}",
    hypotheses=("σ 1-Lipschitz, σ(0) = 0 (ReLU)", "no biases", "λ̄ bounds both endpoints (tightest choice)"),
    requires=_nguyen,
    mutant=lambda inst: _q1(inst, with_output=False),
    probes={"σ 1-Lipschitz, σ(0) = 0 (ReLU)": lambda: _with_params(
        st.cases(activations_=("linear(2)",)), eta_rel=_ETA_REL)},
)
def one_step_output_move(inst: Instance) -> list[Evaluation]:
    """One GD step moves the network output by at most ηQ₁‖r‖."""
    return _q1(inst)


def _q2(inst: Instance, *, with_last: bool = True) -> list[Evaluation]:
    s = _step(inst)
    L = len(s.W)
    dFm = s.F1[L - 1] - s.F[L - 1]
    ident = s.F1[L] - s.G - dFm @ s.W1[-1]
    cross = _ip(s.F1[L] - s.G, s.r)
    mid = frob(dFm) * spectral_norm(s.W1[-1]) * s.rf
    Q2 = q2(s.xf, s.lam) if with_last else s.xf * s.xf * sum_sq_except(s.lam, L - 1)
    rhs = s.eta * Q2 * s.rf ** 2
    atol = 1e-12 * s.M * s.rf
    return [
        Evaluation(lhs=float(ident.abs().max()), rhs=0.0, relation=Relation.EQ, label="F_L⁺ − G = ΔF_(L−1)W_L⁺",
                   tol=TOL_STEP, scale=s.M, atol=UNDERFLOW, lhs_name="max|F_L⁺ − G − (F⁺_(L−1) − F_(L−1))W_L⁺|"),
        Evaluation(lhs=cross, rhs=mid, label="Cauchy–Schwarz", tol=TOL_PRODUCT, atol=atol,
                   lhs_name="⟨F_L⁺ − G, r⟩"),
        Evaluation(lhs=mid, rhs=rhs, label="(5),(13): ≤ ηQ₂‖r‖²", tol=TOL_REL9, atol=atol + s.rounding * s.rf,
                   lhs_name="‖ΔF_(L−1)‖_F‖W_L⁺‖₂‖r‖_F",
                   factors=(("η", s.eta), ("Q₂", Q2), ("‖r‖²", s.rf ** 2))),
    ]


@claim(
    id="nguyen21.thm2.2.proof_q2",
    cases=lambda: _step_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, the display that defines Q₂",
    kind=Kind.D,
    statement="For θ⁺ = θ − η∇Φ(θ), G = F_{L−1}(θ)W_L⁺: F_L(θ⁺) − G = (F_{L−1}(θ⁺) − F_{L−1}(θ))W_L⁺ and "
              "⟨F_L(θ⁺) − G, r⟩ ≤ ‖F_{L−1}(θ⁺) − F_{L−1}(θ)‖_F‖W_L⁺‖₂‖r‖_F ≤ ηQ₂‖r‖_F², "
              "Q₂ = ‖X‖_F²λ̄²_{1→L−1}λ̄_L²Σ_{l=1}^{L−1}λ̄_l^{−2}",
    hypotheses=("σ 1-Lipschitz, σ(0) = 0 (ReLU)", "no biases", "λ̄ bounds both endpoints (tightest choice)"),
    requires=_nguyen,
    mutant=lambda inst: _q2(inst, with_last=False),
)
def one_step_cross_term(inst: Instance) -> list[Evaluation]:
    """The cross term through the transition matrix G is at most ηQ₂‖r‖²."""
    return _q2(inst)


def _descent(inst: Instance, *, squared: bool = True, transposed: bool = False) -> list[Evaluation]:
    s = _step(inst)
    L = len(s.W)
    F = s.F[L - 1]
    term = _ip(s.G - s.F[L], s.r)
    Ftr2 = frob(F.T @ s.r) ** 2
    sig = sigma_min_rows(F)
    lmin = lam_min(F @ F.T)
    ff = frob(F) ** 2
    out = [
        Evaluation(lhs=abs(term + s.eta * Ftr2), rhs=0.0, relation=Relation.EQ, label="⟨G − F_L, r⟩ = −η‖F_(L−1)ᵀr‖²",
                   tol=TOL_STEP, scale=s.M * s.rf, atol=1e-12 * s.eta * ff * s.rf ** 2 + UNDERFLOW,
                   lhs_name="|⟨G − F_L, r⟩ + η‖F_(L−1)ᵀr‖²|"),
        Evaluation(lhs=s.eta * Ftr2, rhs=s.eta * lmin * s.rf ** 2, relation=Relation.GE,
                   label="η‖Fᵀr‖² ≥ ηλ_min(FFᵀ)‖r‖²",
                   tol=Tolerance(0.0, 0.0, "eigvalsh absolute error ~ n·ε·‖F‖²: atol = 1e-12·η‖F‖_F²‖r‖²"),
                   atol=1e-12 * s.eta * ff * s.rf ** 2, lhs_name="η‖F_(L−1)ᵀr‖²"),
    ]
    if transposed:  # printed: λ_min((F^k_{L−1})ᵀF^k_{L−1}) = σ_min(F^k_{L−1})², an n_{L−1}×n_{L−1} matrix
        out.append(Evaluation(lhs=abs(lam_min(F.T @ F) - sig * sig), rhs=0.0, relation=Relation.EQ,
                              label="λ_min(FᵀF) = σ_min(F)² (printed)", tol=TOL_PRODUCT, scale=ff,
                              atol=1e-12 * ff, lhs_name="|λ_min(F_(L−1)ᵀF_(L−1)) − σ_min(F_(L−1))²|"))
        return out
    out.append(Evaluation(lhs=abs(lmin - sig * sig), rhs=0.0, relation=Relation.EQ, label="λ_min(FFᵀ) = σ_min(F)²",
                          tol=Tolerance(0.0, 0.0, "eigvalsh vs SVD: absolute error ~ n·ε·‖F‖²; atol = 1e-12·‖F‖_F²"),
                          atol=1e-12 * ff, scale=ff, lhs_name="|λ_min(F_(L−1)F_(L−1)ᵀ) − σ_min(F_(L−1))²|"))
    out.append(Evaluation(lhs=-term, rhs=s.eta * (sig * sig if squared else sig) * s.rf ** 2, relation=Relation.GE,
                          label="−⟨G − F_L, r⟩ ≥ ησ_min²‖r‖²", tol=TOL_PRODUCT,
                          atol=1e-12 * s.M * s.rf + 1e-12 * s.eta * ff * s.rf ** 2, lhs_name="−⟨G − F_L, r⟩",
                          factors=(("η", s.eta), ("σ_min(F_(L−1))", sig), ("‖r‖²", s.rf ** 2))))
    return out


@claim(
    id="nguyen21.thm2.2.proof_descent",
    cases=lambda: _step_cases(topology="one_wide"),
    where="Nguyen 2021, proof of Theorem 2.2, the display after \"by using the definition of G\"",
    kind=Kind.D,
    statement="For θ⁺ = θ − η∇Φ(θ), G = F_{L−1}(θ)W_L⁺: ⟨G − F_L(θ), r⟩ = −η‖F_{L−1}ᵀr‖_F² ≤ "
              "−ηλ_min(F_{L−1}F_{L−1}ᵀ)‖r‖_F² = −ησ_min(F_{L−1})²‖r‖_F² when n_{L−1} ≥ N "
              "(printed λ_min((F_{L−1})ᵀF_{L−1}) = σ_min(F_{L−1})², false when n_{L−1} > N)",
    hypotheses=("n_{L−1} ≥ N",),
    requires=_one_wide,
    mutant=lambda inst: _descent(inst, squared=False),
    variants={"printed": lambda inst: _descent(inst, transposed=True)},
)
def one_step_descent_term(inst: Instance) -> list[Evaluation]:
    """The output-layer descent term is −η‖F_{L−1}ᵀr‖² ≤ −ησ_min(F_{L−1})²‖r‖²."""
    return _descent(inst)


def _step_derived(inst: Instance, *, descent: float = 2.0) -> list[Evaluation]:
    s = _step(inst)
    L = len(s.W)
    sig = sigma_min_rows(s.F[L - 1])
    phi, phi1 = 0.5 * s.rf ** 2, 0.5 * frob(s.r1) ** 2
    Q1, Q2 = q1(s.xf, s.lam), q2(s.xf, s.lam)
    factor = 1.0 - descent * s.eta * sig * sig + (s.eta * Q1) ** 2 + 2.0 * s.eta * Q2
    return [Evaluation(
        lhs=phi1, rhs=factor * phi, label="Φ(θ⁺) ≤ [1 − 2ησ² + η²Q₁² + 2ηQ₂]Φ(θ)", tol=TOL_REL9,
        atol=1e-12 * s.M * s.rf + (s.rf + frob(s.r1)) * s.rounding, lhs_name="Φ(θ⁺)",
        vacuous=phi == 0.0,
        factors=(("η", s.eta), ("σ_min(F_(L−1))", sig), ("Q₁", Q1), ("Q₂", Q2), ("Φ(θ)", phi)))]


@claim(
    id="nguyen21.thm2.2.proof_step_derived",
    cases=lambda: _step_cases(topology="one_wide"),
    where="Nguyen 2021, proof of Theorem 2.2 (decomposition + the Q₁, Q₂ and descent bounds; see errata 3)",
    kind=Kind.D,
    statement="For θ with n_{L−1} ≥ N, η > 0, θ⁺ = θ − η∇Φ(θ), λ̄_l ≥ max(‖W_l‖₂, ‖W_l⁺‖₂): "
              "Φ(θ⁺) ≤ [1 − 2ησ_min(F_{L−1}(θ))² + η²Q₁² + 2ηQ₂]Φ(θ)",
    hypotheses=("n_{L−1} ≥ N", "σ 1-Lipschitz, σ(0) = 0 (ReLU)", "λ̄ bounds both endpoints (tightest choice)"),
    requires=_one_wide,
    mutant=lambda inst: _step_derived(inst, descent=4.0),
)
def one_step_loss_bound(inst: Instance) -> list[Evaluation]:
    """The one-step loss bound that the decomposition and the three term bounds give."""
    return _step_derived(inst)


# ------------------------------------------------------------------------------ (9), (10) algebra
@hst.composite
def _chain_cases(draw: hst.DrawFn) -> Case:
    """Scalars of the "By (10)", "By (9)" steps: L, λ̄ ∈ [1e−3, 1e3]^L, ‖X‖_F, and (9), (10) met by
    construction: α₀² = t·16Q₂ (t ≥ 1), η = s·min(8/α₀², second term of (10)) (s ∈ (0, 1))."""
    L = draw(hst.integers(2, 7), label="L")
    lam = [draw(_log_uniform(-3.0, 3.0), label=f"lam_{l}") for l in range(1, L + 1)]
    return Case(widths=(1, 1), n=1, params=(
        ("L", float(L)), *((f"lam_{l}", v) for l, v in enumerate(lam, 1)),
        ("xf", draw(_log_uniform(-2.0, 2.0), label="xf")),
        ("t", draw(_log_uniform(0.0, 3.0), label="t")),
        ("s", draw(hst.floats(0.01, 0.99), label="s"))))


def _chain(inst: Instance, *, drop_second: bool = False) -> list[Evaluation]:
    L = int(_param(inst, "L", 2))
    lam = [_param(inst, f"lam_{l}", 1.0) for l in range(1, L + 1)]
    xf, t, s = _param(inst, "xf", 1.0), _param(inst, "t", 1.0), _param(inst, "s", 0.5)
    Q1, Q2 = q1(xf, lam), q2(xf, lam)
    # (10)'s and (9)'s right sides as printed (with divisions; λ̄ > 0 here)
    term10 = (xf ** -2 * prod(lam) ** -2 * sum(v ** -2 for v in lam[:-1]) * sum(v ** -2 for v in lam) ** -2)
    rhs9 = 16.0 * xf * xf * lam[-1] ** 2 * sum(prod(lam[:-1]) ** 2 / v ** 2 for v in lam[:-1])
    a2 = t * 16.0 * Q2
    eta = s * (8.0 / a2 if drop_second else min(8.0 / a2, term10))
    # decrements 1 − factor, so that η ≪ 1 is not lost against 1
    printed = eta * a2 / 4.0 - eta ** 2 * Q1 ** 2 - eta * Q2
    middle = eta * (a2 / 4.0 - 2.0 * Q2)
    final = eta * a2 / 8.0
    tol_dec = Tolerance(1e-12, 0.0, "sums of ≤ 3 rounded products; atol 1e−13·ηα₀² for the cancellation")
    return [
        Evaluation(lhs=abs(term10 - Q2 / Q1 ** 2), rhs=0.0, relation=Relation.EQ, label="(10) second term = Q₂/Q₁²",
                   tol=TOL_IDENTITY, scale=Q2 / Q1 ** 2, lhs_name="|‖X‖⁻²λ̄⁻²_(1→L)[Σ_(l<L)λ̄_l⁻²][Σλ̄_l⁻²]⁻² − Q₂/Q₁²|"),
        Evaluation(lhs=abs(rhs9 - 16.0 * Q2), rhs=0.0, relation=Relation.EQ, label="(9) right side = 16Q₂",
                   tol=TOL_IDENTITY, scale=16.0 * Q2, lhs_name="|RHS(9) − 16Q₂|"),
        Evaluation(lhs=printed, rhs=middle, relation=Relation.GE, label="By (10): η²Q₁² ≤ ηQ₂",
                   tol=tol_dec, atol=1e-13 * eta * a2, lhs_name="ηα₀²/4 − η²Q₁² − ηQ₂",
                   factors=(("η", eta), ("Q₁", Q1), ("Q₂", Q2))),
        Evaluation(lhs=middle, rhs=final, relation=Relation.GE, label="By (9): α₀²/4 − 2Q₂ ≥ α₀²/8",
                   tol=tol_dec, atol=1e-13 * eta * a2, lhs_name="η(α₀²/4 − 2Q₂)"),
        Evaluation(lhs=final, rhs=1.0, label="1 − ηα₀²/8 ∈ (0, 1)",
                   tol=Tolerance(0.0, 0.0, "η < 8/α₀² strictly (s < 1)"),
                   lhs_name="ηα₀²/8", vacuous=False),
    ]


@claim(
    id="nguyen21.thm2.2.proof_step_chain",
    cases=lambda: _chain_cases(),
    where="Nguyen 2021, proof of Theorem 2.2, the \"By (10)\" and \"By (9)\" steps",
    kind=Kind.D,
    statement="For λ̄_l > 0, ‖X‖_F > 0: the second term of (10) equals Q₂/Q₁², the right side of (9) equals "
              "16Q₂, hence under (9), (10): 1 − ηα₀²/4 + η²Q₁² + ηQ₂ ≤ 1 − η(α₀²/4 − 2Q₂) ≤ 1 − ηα₀²/8 ∈ (0, 1)",
    hypotheses=("λ̄_l > 0, ‖X‖_F > 0", "(9) and (10) hold"),
    mutant=lambda inst: _chain(inst, drop_second=True),
)
def contraction_factor_chain(inst: Instance) -> list[Evaluation]:
    """The algebra that turns the per-step bound into the contraction 1 − ηα₀²/8."""
    return _chain(inst)


# ------------------------------------------------------------------------------ remark after Thm 2.2
def _fit(inst: Instance, *, any_rank: bool = False) -> list[Evaluation]:
    F = inst.fw.F[inst.L - 1]
    N, n = F.shape
    sv = torch.linalg.svdvals(F)
    smax = float(sv[0]) if sv.numel() else 0.0
    # α₀ > 0 decided above the float64 floor of σ_min (absolute error ~ n·ε·σ_max)
    floor = ALPHA_FLOOR * smax
    if any_rank:  # mutant: drop n_{L−1} ≥ N, take the smallest *nonzero* singular value
        nz = sv[sv > floor]
        smin = float(nz[-1]) if nz.numel() else 0.0
        premise = smin > floor
    else:
        smin = sigma_min_rows(F)
        premise = n >= N and smin > floor
    if not premise:
        return [Evaluation(lhs=0.0, rhs=0.0, label="premise n_(L−1) ≥ N, α₀ > 0 fails", vacuous=True)]
    WL = torch.linalg.pinv(F) @ inst.Y  # = F ᵀ(FFᵀ)⁻¹Y when F has full row rank
    yf = frob(inst.Y)
    return [Evaluation(lhs=frob(F @ WL - inst.Y), rhs=0.0, relation=Relation.EQ, label="F_(L−1)W_L = Y",
                       tol=Tolerance(1e-10, 0.0, "pseudo-inverse solve: residual ≲ n·ε·cond(F)·‖Y‖ (scale ‖Y‖·cond)"),
                       scale=yf * smax / smin, lhs_name="‖F_(L−1)F_(L−1)ᵀ(F_(L−1)F_(L−1)ᵀ)⁻¹Y − Y‖_F",
                       vacuous=yf == 0.0, factors=(("σ_min", smin), ("σ_max", smax)))]


@claim(
    id="nguyen21.thm2.2.remark_fit",
    cases=lambda: hst.one_of(_wide_cases(activations_=st.ACTIVATIONS_ALL), st.cases(),
                             _wide_cases(activations_=st.ACTIVATIONS_ALL, datasets=("gaussian",))),
    where="Nguyen 2021, remark after Theorem 2.2 (\"meaningful for α₀ > 0 … can fit arbitrary labels\")",
    kind=Kind.D,
    statement="If n_{L−1} ≥ N and σ_min(F_{L−1}(θ)) > 0 then for every Y, W_L := F_{L−1}ᵀ(F_{L−1}F_{L−1}ᵀ)⁻¹Y "
              "gives F_L = Y",
    hypotheses=("any θ (the premise n_{L−1} ≥ N, α₀ > 0 is part of the statement)",),
    requires=_nguyen,
    mutant=lambda inst: _fit(inst, any_rank=True),
)
def exact_fit_when_full_rank(inst: Instance) -> list[Evaluation]:
    """A full-row-rank last hidden layer lets the output layer fit any labels."""
    return _fit(inst)
