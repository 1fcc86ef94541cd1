"""Nguyen & Mondelli 2020, §4 lemmas (Lemma 4.1–4.3 and the proof of Theorem 3.2): D-class claims.

Glossary (paper → code). Rows are samples; L counts weight matrices; the output layer is linear.
    X, Y, N → `inst.X`, `inst.Y`, `inst.N`;  W_l → `inst.Ws[l-1]`: (n_{l−1}, n_l);  θ_b → `point_b(inst)`
    F_l, G_l → `inst.fw.F[l]`, `inst.fw.G[l]`;  f_l = vec(F_l), y = vec(Y) → `vec(...)` (COLUMN stacking,
        torch `A.T.reshape(-1)`; every Kronecker formula below depends on it)
    Σ_l = diag[vec σ′(G_l)] → `sigma_matrix(act, G_l)`;  A_p = Σ_{p−1}(W_p ⊗ I_N) → `a_factor`
    ∂f_L/∂vec(W_l) (N n_L × n_{l−1}n_l, column-major) → `jacobian_block_formula` (Lemma 4.1(2)) and
        `jacobian_colmajor` (autograd reference, permuted from `nnverify.ntk.jacobian_reference`)
    Jf_L = [∂f_L/∂vec(W_1), …, ∂f_L/∂vec(W_L)] → `torch.cat(blocks, 1)`
    λ̄_l ≥ max(‖W_l^a‖₂, ‖W_l^b‖₂) → `lam_bar` (the tightest choice: the max itself);  R = Π max(1, λ̄_p)
    γ, β → `act.slope_bounds[0]`, `act.beta`;  Φ = ½‖f_L − y‖² → `inst.loss()`
Constants reused by the class-C entries (Theorem 3.2 on GD segments), with equation numbers:
    `output_lipschitz_constant` (19), `jacobian_block_lipschitz_constant` (20), `jacobian_norm_bound`
    (display after (23)), `segment_gradient_lipschitz` ((22) combined with (19), (20)), `q0` (6),
    `lam_bar_init` (3), `pl_lower_bound` (Lemma 4.1(3)).
Hypotheses that a probe drops (topology, σ′ > 0) are enforced by the case strategies, not by
`requires`, so a probe runner can evaluate the claim on cases violating exactly one of them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from hypothesis import strategies as hst

from nnverify import strategies as st
from nnverify.activations import Activation
from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, prod, require_form, resid, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.grad import autograd_gradients
from nnverify.linalg import EPS, frob, sigma_min, spectral_norm
from nnverify.ntk import jacobian_reference
from nnverify.types import Case, Instance, Matrix

__all__ = [  # noqa: RUF022 - grouped by topic
    "vec", "kron", "sigma_matrix", "a_factor", "grad_formula", "jacobian_block_formula", "jacobian_colmajor",
    "pl_lower_bound", "point_b", "lam_bar_pair", "lam_bar_init", "output_lipschitz_constant",
    "jacobian_block_lipschitz_constant", "jacobian_norm_bound", "segment_gradient_lipschitz", "q0",
]

F64 = torch.float64
_nguyen = require_form("nguyen")
LEAKY_OR_SMOOTH = ("leaky_relu(0.1)", "leaky_relu(0.5)", *st.SMOOTH)  # σ′ ≥ γ > 0 everywhere
TOL_SVD_GE = Tolerance(1e-10, 0.0, "σ_min by SVD and L-fold products: relative round-off ≲ L·n·ε; atol = "
                                   "64ε·(magnitudes of the terms that cancel) for the absolute SVD/matmul floor")


# ============================================================================ vec/Kronecker algebra
def vec(A: torch.Tensor) -> torch.Tensor:
    """Column-stacking vec(A) (the paper's convention): `A.T.reshape(-1)`."""
    return A.T.contiguous().reshape(-1)


def kron(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """A ⊗ B, built by broadcasting (torch.kron raises a stride error on some shapes in torch 2.13)."""
    (m, n), (p, q) = A.shape, B.shape
    return (A[:, None, :, None] * B[None, :, None, :]).reshape(m * p, n * q)


def _eye(n: int) -> torch.Tensor:
    return torch.eye(n, dtype=F64)


def sigma_matrix(act: Activation, G: torch.Tensor) -> torch.Tensor:
    """Σ_l = diag[vec(σ′(G_l))] ∈ ℝ^{N n_l × N n_l} (§4, first paragraph)."""
    return torch.diag(vec(act.deriv(G)))


def a_factor(act: Activation, G_prev: torch.Tensor, W: torch.Tensor) -> torch.Tensor:
    """A_p = Σ_{p−1}(W_p ⊗ I_N) ∈ ℝ^{N n_{p−1} × N n_p} (paragraph after Lemma 4.1; the printed size
    ℝ^{N×n_{p−1}×N×n_p} is extraction damage)."""
    return sigma_matrix(act, G_prev) @ kron(W, _eye(G_prev.shape[0]))


def grad_formula(inst: Instance, l: int, *, swap_first: bool = False, absolute: bool = False,
                 Ws: Sequence[torch.Tensor] | None = None) -> torch.Tensor:
    """Lemma 4.1(1): vec(∇_{W_l}Φ) = (I_{n_l} ⊗ F_{l−1}ᵀ) Π_{p=l+1}^{L} Σ_{p−1}(W_p ⊗ I_N) (f_L − y).

    Built literally from Kronecker products. `absolute` evaluates the same product with |·| of
    every factor (the magnitudes that cancel); `swap_first` is the mutant (F_{l−1}ᵀ ⊗ I_{n_l}).
    """
    Ws = inst.Ws if Ws is None else list(Ws)
    fw = inst.forward(Ws)
    N, L = inst.N, len(Ws)
    ab = torch.abs if absolute else (lambda t: t)
    F = fw.F[l - 1]
    n_l = Ws[l - 1].shape[1]
    first = kron(F.T, _eye(n_l)) if swap_first else kron(_eye(n_l), F.T)
    M = _eye(N * n_l)
    for p in range(l + 1, L + 1):
        M = M @ ab(sigma_matrix(inst.act, fw.G[p - 1])) @ ab(kron(Ws[p - 1], _eye(N)))
    return ab(first) @ M @ ab(vec(fw.out - inst.Y))


def jacobian_block_formula(inst: Instance, l: int, *, swap: bool = False, absolute: bool = False,
                           Ws: Sequence[torch.Tensor] | None = None) -> torch.Tensor:
    """Lemma 4.1(2): ∂f_L/∂vec(W_l) = Π_{p=0}^{L−l−1} (W_{L−p}ᵀ ⊗ I_N) Σ_{L−p−1} (I_{n_l} ⊗ F_{l−1}).

    (N n_L × n_{l−1}n_l, column-major vec on both sides.) `swap` is the mutant (I_N ⊗ W_{L−p}ᵀ).
    """
    Ws = inst.Ws if Ws is None else list(Ws)
    fw = inst.forward(Ws)
    N, L = inst.N, len(Ws)
    ab = torch.abs if absolute else (lambda t: t)
    M = _eye(N * Ws[-1].shape[1])
    for p in range(L - l):
        W = Ws[L - p - 1]
        K = kron(_eye(N), W.T) if swap else kron(W.T, _eye(N))
        M = M @ ab(K) @ ab(sigma_matrix(inst.act, fw.G[L - p - 1]))
    return M @ ab(kron(_eye(Ws[l - 1].shape[1]), fw.F[l - 1]))


def jacobian_colmajor(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation) -> list[torch.Tensor]:
    """Autograd (jacrev) Jacobian blocks permuted from row-major to the paper's column-major vec."""
    N, nL = X.shape[0], Ws[-1].shape[1]
    out = []
    for W, J in zip(Ws, jacobian_reference(X, Ws, act), strict=True):
        a, b = W.shape  # rows (i, k) → k·N + i; columns (a, b) → b·n_{l−1} + a
        out.append(J.reshape(N, nL, a, b).permute(1, 0, 3, 2).reshape(nL * N, b * a))
    return out


def pl_lower_bound(inst: Instance, *, gamma: float | None = None, top: bool = False) -> float:
    """RHS of Lemma 4.1(3): σ_min(F₁) Π_{p=3}^{L} σ_min(Σ_{p−1}) σ_min(W_p) ‖f_L − y‖₂.

    σ_min(Σ_{p−1}) = min|σ′(G_{p−1})|, or the global lower bound γ when given (proof of Thm 3.2);
    `top` replaces σ_min(F₁) by ‖F₁‖₂ (the mutant).
    """
    fw = inst.fw
    F1 = fw.F[1]
    s_f = spectral_norm(F1) if top else sigma_min(F1)
    factors = [s_f]
    for p in range(3, inst.L + 1):
        s_sig = gamma if gamma is not None else float(inst.act.deriv(fw.G[p - 1]).abs().min())
        factors += [s_sig, sigma_min(inst.Ws[p - 1])]
    return prod(factors) * frob(resid(inst))


# ============================================================================ Lipschitz constants
def lam_bar_pair(Ws_a: Sequence[torch.Tensor], Ws_b: Sequence[torch.Tensor]) -> list[float]:
    """λ̄_l = max(‖W_l^a‖₂, ‖W_l^b‖₂), the tightest scalars allowed in Lemma 4.2 (19)–(20). By
    convexity of ‖·‖₂ it bounds ‖W_l‖₂ at every point of the segment [θ_a, θ_b]."""
    return [max(a, b) for a, b in zip(spec_norms(Ws_a), spec_norms(Ws_b), strict=True)]


def lam_bar_init(Ws0: Sequence[torch.Tensor]) -> list[float]:
    """Eq. (3): λ̄_l = (2/3)(1 + ‖W_l⁰‖₂) for l ∈ {1, 2}, λ̄_l = ‖W_l⁰‖₂ for l ≥ 3."""
    n = spec_norms(Ws0)
    return [(2.0 / 3.0) * (1.0 + x) if i < 2 else x for i, x in enumerate(n)]


def _prod_but_min(lam: Sequence[float]) -> float:
    """Π_l λ̄_l / min_l λ̄_l evaluated as the product of all but one smallest factor (no 0/0)."""
    i = min(range(len(lam)), key=lambda j: lam[j])
    return prod(x for j, x in enumerate(lam) if j != i)


def output_lipschitz_constant(x_frob: float, lam: Sequence[float]) -> float:
    """Eq. (19): √L ‖X‖_F Π_l λ̄_l / min_l λ̄_l."""
    return math.sqrt(len(lam)) * x_frob * _prod_but_min(lam)


def jacobian_block_lipschitz_constant(x_frob: float, lam: Sequence[float], beta: float,
                                      *, drop_beta: bool = False) -> float:
    """Eq. (20): √L ‖X‖_F R (1 + Lβ‖X‖_F R), R = Π_p max(1, λ̄_p) (one block ∂f_L/∂vec(W_l))."""
    L = len(lam)
    R = prod(max(1.0, x) for x in lam)
    return math.sqrt(L) * x_frob * R * (1.0 if drop_beta else (1.0 + L * beta * x_frob * R))


def jacobian_norm_bound(x_frob: float, lam: Sequence[float], *, min_form: bool = False) -> float:
    """Proof of Thm 3.2 (display after (23)): ‖Jf_L‖₂ ≤ ‖X‖_F Σ_l Π_{p≠l} λ̄_p ≤ L‖X‖_F Πλ̄/minλ̄
    for λ̄_p ≥ ‖W_p‖₂ (`min_form` returns the last, looser form)."""
    if min_form:
        return len(lam) * x_frob * _prod_but_min(lam)
    return x_frob * sum(prod(x for j, x in enumerate(lam) if j != l) for l in range(len(lam)))


def segment_gradient_lipschitz(x_frob: float, lam: Sequence[float], beta: float, resid_norm: float,
                               *, min_form: bool = False) -> float:
    """(22) + (19) + (20): for every θ′ on a segment from θ whose weights obey ‖W_l‖₂ ≤ λ̄_l,
    ‖∇Φ(θ′) − ∇Φ(θ)‖₂ ≤ C‖θ′ − θ‖₂ with
    C = [(19)-constant]·[Jacobian norm bound] + L·[(20)-constant]·‖f_L(θ) − y‖₂."""
    L = len(lam)
    return (output_lipschitz_constant(x_frob, lam) * jacobian_norm_bound(x_frob, lam, min_form=min_form)
            + L * jacobian_block_lipschitz_constant(x_frob, lam, beta) * resid_norm)


def q0(x_frob: float, lam_bar0: Sequence[float], beta: float, phi0: float) -> float:
    """Eq. (6): Q₀ = L√L(3/2)^{2(L−1)}‖X‖_F² λ̄_{1→L}²/min_l λ̄_l² + L√L‖X‖_F(1 + Lβ‖X‖_F R)R√(2Φ(θ₀)),
    R = Π_p max(1, (3/2)λ̄_p), λ̄ from (3). Equals `segment_gradient_lipschitz` with λ̄ → (3/2)λ̄
    (eq. (23)), the min form of the Jacobian bound and ‖f_L(θ_k) − y‖ ≤ √(2Φ(θ₀))."""
    L = len(lam_bar0)
    R = prod(max(1.0, 1.5 * x) for x in lam_bar0)
    pm = _prod_but_min(lam_bar0)
    return (L * math.sqrt(L) * 1.5 ** (2 * (L - 1)) * x_frob**2 * pm**2
            + L * math.sqrt(L) * x_frob * (1.0 + L * beta * x_frob * R) * R * math.sqrt(2.0 * phi0))


# ============================================================================ strategies
def _mat(t: torch.Tensor) -> Matrix:
    return tuple(tuple(float(x) for x in row) for row in t.tolist())


def _explicit(case: Case, X: torch.Tensor, Ws: Sequence[torch.Tensor], Y: torch.Tensor) -> Case:
    """The same case with its (possibly modified) tensors as explicit tuples (exact float64)."""
    return Case(**{**case.__dict__, "X": _mat(X), "W": tuple(_mat(W) for W in Ws), "Y": _mat(Y),
                   "data_scale": 1.0, "target_scale": 1.0})


_NONZERO_TARGETS = ("gaussian", "integer")  # Y = 0 with F_L = 0 makes residual claims vacuous


def _pyramidal(acts: Sequence[str] = LEAKY_OR_SMOOTH) -> hst.SearchStrategy[Case]:
    return st.cases(topology="pyramidal", activations_=acts, n_max=4, max_width=4, targets=_NONZERO_TARGETS)


@hst.composite
def _narrow_first_layer(draw: hst.DrawFn, acts: Sequence[str] = LEAKY_OR_SMOOTH) -> Case:
    """Assumption 2.1 with n₁ ≥ N dropped: n₁ < N, n₂ ≥ … ≥ n_L kept."""
    N = draw(hst.integers(2, 4), label="N")
    n1 = draw(hst.integers(1, N - 1), label="n1")
    d = draw(hst.integers(1, 4), label="d")
    tail = sorted(draw(hst.lists(hst.integers(1, 4), min_size=1, max_size=3), label="n2..nL"), reverse=True)
    c = draw(st.seeded_cases(widths=hst.just((d, n1, *tail)), n_max=1, activations_=acts))
    return Case(**{**c.__dict__, "n": N})


@hst.composite
def _non_monotone_tail(draw: hst.DrawFn, acts: Sequence[str] = LEAKY_OR_SMOOTH) -> Case:
    """Assumption 2.1 with n₂ ≥ … ≥ n_L dropped: n₁ ≥ N kept, n₃ > n₂."""
    N = draw(hst.integers(1, 4), label="N")
    d = draw(hst.integers(1, 4), label="d")
    n1 = N + draw(hst.integers(0, 2), label="n1 - N")
    n2 = draw(hst.integers(1, 3), label="n2")
    n3 = n2 + draw(hst.integers(1, 2), label="n3 - n2")
    rest = draw(hst.lists(hst.integers(1, 4), max_size=1), label="n4")
    c = draw(st.seeded_cases(widths=hst.just((d, n1, n2, n3, *rest)), n_max=1, activations_=acts))
    return Case(**{**c.__dict__, "n": N})


@hst.composite
def _isometric_first_layer(draw: hst.DrawFn,
                           acts: Sequence[str] = ("leaky_relu(0.1)", "smooth_leaky_relu(0.1,5)")) -> Case:
    """Sign-mixed ±1 data with W₁ = I and a small-γ activation: the only kind of case on which
    ‖σ(XW₁)‖₂ > ‖X‖₂‖W₁‖₂ (entrywise contraction preserves ‖·‖_F, not ‖·‖₂; catalog, (17))."""
    N = draw(hst.integers(2, 3), label="N")
    d = draw(hst.integers(2, 3), label="d")
    pm = hst.sampled_from((1.0, -1.0, 0.0))
    X = tuple(tuple(draw(pm) for _ in range(d)) for _ in range(N))
    rest = draw(hst.lists(hst.integers(1, 3), min_size=1, max_size=2), label="n2..nL")
    widths = (d, d, *rest)
    el = hst.one_of(hst.sampled_from((1.0, -1.0, 0.5, 2.0)), hst.floats(-3.0, 3.0, allow_nan=False))
    W1 = tuple(tuple(1.0 if i == j else 0.0 for j in range(d)) for i in range(d))
    W = (W1, *(tuple(tuple(draw(el) for _ in range(widths[i + 1])) for _ in range(widths[i]))
               for i in range(1, len(widths) - 1)))
    Y = tuple(tuple(draw(el) for _ in range(widths[-1])) for _ in range(N))
    act = draw(hst.sampled_from(tuple(acts)), label="activation")
    return Case(widths=widths, n=N, activation=act, X=X, W=W, Y=Y)


_STATIONARY_MODES = ("none", "global_min", "zero_W2", "zero_W2_W3", "zero_upper")


@hst.composite
def _stationary_candidates(draw: hst.DrawFn, acts: Sequence[str] = LEAKY_OR_SMOOTH) -> Case:
    """Pyramidal cases, some moved onto structurally stationary or degenerate points: targets set
    to the outputs (a global minimum), W₂ = 0, W₂ = W₃ = 0 (stationary with Φ > 0, W₃ rank 0), or
    W_l = 0 for every l ≥ 3."""
    c = draw(_pyramidal(acts), label="base")
    mode = draw(hst.sampled_from(_STATIONARY_MODES), label="mode")
    if mode == "none":
        return c
    inst = c.build()
    Ws = [W.clone() for W in inst.Ws]
    Y = inst.Y.clone()
    if mode == "global_min":
        Y = inst.fw.out.clone()
    elif mode == "zero_W2":
        Ws[1].zero_()
    elif mode == "zero_W2_W3":
        for W in Ws[1:3]:
            W.zero_()
    else:
        for W in Ws[2:]:
            W.zero_()
    return _explicit(c, inst.X, Ws, Y)


@hst.composite
def _tall_chains(draw: hst.DrawFn, increasing_allowed: bool = False) -> Case:
    """Chains of engine weights W_1, …, W_L with n₀ ≥ n₁ ≥ … ≥ n_L (every factor tall), or any widths."""
    w = draw(st.widths_lists(min_depth=1, max_depth=4, max_width=5), label="widths")
    if not increasing_allowed:
        w = tuple(sorted(w, reverse=True))
    return draw(st.seeded_cases(widths=hst.just(w), n_max=3, activations_=st.ACTIVATIONS_ALL))


def point_b(inst: Instance) -> list[torch.Tensor]:
    """θ_b of a pair case: `inst.Ws_b`; or (1+ε)θ_a when the case carries the param "pair.rescale" = ε
    (uniform rescaling: the direction along which (19) is tight, catalog's mutant instance); or θ_a with
    W₁ moved by s·𝟙/√(d n₁) when it carries "pair.w1_shift" = s (a move of the first layer only)."""
    eps = inst.case.param("pair.rescale", 0.0) if inst.case is not None else 0.0
    shift = inst.case.param("pair.w1_shift", 0.0) if inst.case is not None else 0.0
    if eps != 0.0:
        return [(1.0 + eps) * W for W in inst.Ws]
    if shift != 0.0:
        W1 = inst.Ws[0]
        return [W1 + shift / math.sqrt(W1.numel()), *inst.Ws[1:]]
    assert inst.Ws_b is not None
    return inst.Ws_b


@hst.composite
def _rescaled_pairs(draw: hst.DrawFn, acts: Sequence[str] = st.ACTIVATIONS_ALL) -> Case:
    """θ_b = (1+ε)θ_a, ε = ±10^{[−6, −0.3]} (see `point_b`)."""
    c = draw(st.cases(activations_=acts, n_max=3, max_width=3), label="base")
    e = draw(hst.floats(-6.0, -0.3), label="log10 ε")
    sign = draw(hst.sampled_from((1.0, -1.0)), label="sign ε")
    return Case(**{**c.__dict__, "pair": "noise", "params": (*c.params, ("pair.rescale", sign * 10.0**e))})


@hst.composite
def _near_kink_pairs(draw: hst.DrawFn, acts: Sequence[str] = st.SMOOTH) -> Case:
    """θ_a with W₁ = 0 (pre-activations G₁ = 0, where σ″ = β peaks) and θ_b = θ_a with W₁ moved by
    s·𝟙/√(d n₁), s‖X‖_F = 10^{[−6, 0]}: the cases on which the β-term of (20) is needed."""
    c = draw(st.cases(activations_=acts, n_max=3, max_width=3, elementwise=False), label="base")
    inst = c.build()
    Ws = [W.clone() for W in inst.Ws]
    Ws[0].zero_()
    u = draw(hst.floats(-6.0, 0.0), label="log10 s‖X‖_F")
    shift = 10.0**u / max(frob(inst.X), 1e-300)
    return Case(**{**_explicit(c, inst.X, Ws, inst.Y).__dict__, "pair": "noise",
                   "params": (*c.params, ("pair.w1_shift", shift))})


@hst.composite
def _segment_cases(draw: hst.DrawFn) -> Case:
    """Smooth-σ pairs (θ_a, θ_b); with a "gd_step" param, θ_b = θ_a − a∇Φ(θ_a) instead (the GD use)."""
    c = draw(st.pair_cases(st.cases(activations_=st.SMOOTH, n_max=4, max_width=4)), label="pair")
    if draw(hst.booleans(), label="gradient step"):
        a = draw(st.scales(-4.0, 1.0), label="step a")
        return Case(**{**c.__dict__, "params": (*c.params, ("gd_step", a))})
    return c


_TINY = 1e-140  # ‖·‖_F squares entries (torch's vector_norm does not rescale): underflow below ~1e−154


def _guard_underflow(evs: list[Evaluation]) -> list[Evaluation]:
    """Inconclusive (FloatingPointError → rejected by `check`) when a compared value is a nonzero
    number below 1e−140: Frobenius norms square the entries and products of norms underflow there
    (X = (1.8e−189, 0) gives ‖X‖_F = 0 < ‖X‖₂; entries 2.2e−308 give rhs = 0 < lhs = 4e−309), which is
    underflow, not a counterexample."""
    for e in evs:
        for v in (e.lhs, e.rhs, e.scale):
            if v != 0.0 and abs(v) < _TINY:
                raise FloatingPointError(f"{e.label}: value {v!r} at the float64 underflow threshold")
    return evs


def _requires_pair(inst: Instance) -> str | None:
    return _nguyen(inst) or (None if inst.Ws_b is not None else "needs a second parameter point θ_b")


def _requires_smooth_pair(inst: Instance) -> str | None:
    if not inst.act.smooth:
        return f"σ = {inst.act} has no Lipschitz σ′ (Assumption 2.2(iii))"
    return _requires_pair(inst)


# ============================================================================ Lemma 4.1 (1), (2)
def _grad_identity(inst: Instance, *, swap_first: bool = False) -> list[Evaluation]:
    ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act)
    out = []
    for l in range(1, inst.L + 1):
        g = grad_formula(inst, l, swap_first=swap_first)
        mag = grad_formula(inst, l, absolute=True)
        out.append(Evaluation(
            lhs=float((g - vec(ref[l - 1])).abs().max()), rhs=0.0, relation=Relation.EQ, label=f"l={l}",
            tol=TOL_IDENTITY, scale=float(mag.max()), lhs_name=f"max|formula − vec(autograd ∇_(W_{l})Φ)|"))
    return out


@claim(
    id="nguyen_mondelli20.lemma4.1.1",
    where="Nguyen & Mondelli 2020, Lemma 4.1(1), §4",
    kind=Kind.D,
    statement="vec(∇_{W_l}Φ) = (I_{n_l} ⊗ F_{l−1}ᵀ) Π_{p=l+1}^{L} Σ_{p−1}(W_p ⊗ I_N) (f_L − y) for every θ and "
              "l ∈ [L] (column-stacking vec, product left to right in p; empty for l = L)",
    hypotheses=("σ differentiable (σ′(0) = the activation's fixed convention at kinks)", "any widths"),
    requires=_nguyen,
    mutant=lambda inst: _grad_identity(inst, swap_first=True),
    cases=lambda: st.cases(n_max=4, max_width=4, targets=_NONZERO_TARGETS),
)
def gradient_kronecker_formula(inst: Instance) -> list[Evaluation]:
    """The printed Kronecker formula of the gradient against autograd (column-major vec)."""
    return _guard_underflow(_grad_identity(inst))


def _jac_identity(inst: Instance, *, swap: bool = False) -> list[Evaluation]:
    ref = jacobian_colmajor(inst.X, inst.Ws, inst.act)
    out = []
    for l in range(1, inst.L + 1):
        B = jacobian_block_formula(inst, l, swap=swap)
        mag = jacobian_block_formula(inst, l, absolute=True)
        out.append(Evaluation(
            lhs=float((B - ref[l - 1]).abs().max()) if B.shape == ref[l - 1].shape else math.inf,
            rhs=0.0, relation=Relation.EQ, label=f"l={l}", tol=TOL_IDENTITY, scale=float(mag.max()),
            lhs_name=f"max|formula − jacrev ∂f_L/∂vec(W_{l})|"))
    return out


def _jac_printed_shape(inst: Instance) -> list[Evaluation]:
    """Printed block size (proof of Thm 3.2): ∂f_L/∂vec(W_l) ∈ ℝ^{(n_L)×(n_l−1)}."""
    out = []
    for l in range(1, inst.L + 1):
        rows, cols = jacobian_block_formula(inst, l).shape
        n_l, n_L = inst.widths[l], inst.widths[-1]
        out.append(Evaluation(lhs=float(abs(rows - n_L) + abs(cols - (n_l - 1))), rhs=0.0, relation=Relation.EQ,
                              label=f"shape l={l}", tol=Tolerance(0.0, 0.0, "integer shapes, exact"),
                              scale=1.0, lhs_name="|rows − n_L| + |cols − (n_l − 1)|"))
    return out


@claim(
    id="nguyen_mondelli20.lemma4.1.2",
    where="Nguyen & Mondelli 2020, Lemma 4.1(2), §4",
    kind=Kind.D,
    statement="∂f_L/∂vec(W_l) = Π_{p=0}^{L−l−1} (W_{L−p}ᵀ ⊗ I_N) Σ_{L−p−1} (I_{n_l} ⊗ F_{l−1}) "
              "∈ ℝ^{N n_L × n_{l−1}n_l} "
              "(column-stacking vec; the printed size ℝ^{(n_L)×(n_l−1)} in the proof of Thm 3.2 is extraction damage)",
    hypotheses=("σ differentiable (σ′(0) = the activation's fixed convention at kinks)", "any widths"),
    requires=_nguyen,
    mutant=lambda inst: _jac_identity(inst, swap=True),
    variants={"printed": _jac_printed_shape},
    cases=lambda: st.cases(n_max=4, max_width=4),
)
def jacobian_kronecker_formula(inst: Instance) -> list[Evaluation]:
    """The printed Kronecker formula of the Jacobian blocks against jacrev (permuted to column-major)."""
    return _guard_underflow(_jac_identity(inst))


# ============================================================================ Lemma 4.1 (3)
def _ge_floor(inst: Instance) -> float:
    """Absolute floor of ‖∇_{W₂}Φ‖ and of σ_min(F₁)Π…‖r‖: 64ε·‖F₁‖₂Π_{p≥3}‖W_p‖₂‖r‖ (the
    magnitudes that cancel in F₁ᵀΔ₂ and the SVD's absolute error)."""
    return 64 * EPS * spectral_norm(inst.fw.F[1]) * prod(spec_norms(inst.Ws[2:])) * frob(resid(inst))


def _pl_bound(inst: Instance, *, top: bool = False) -> list[Evaluation]:
    g2 = frob(inst.grads()[1])
    rhs = pl_lower_bound(inst, top=top)
    floor = _ge_floor(inst)
    return [Evaluation(lhs=g2, rhs=rhs, relation=Relation.GE, label="W₂", tol=TOL_SVD_GE, atol=floor,
                       lhs_name="‖vec(∇_(W₂)Φ)‖₂", vacuous=rhs <= floor,
                       factors=(("σ_min(F₁)", sigma_min(inst.fw.F[1])), ("‖f_L − y‖", frob(resid(inst)))))]


_H_N1 = "n₁ ≥ N (Assumption 2.1)"
_H_TAIL = "n₂ ≥ n₃ ≥ … ≥ n_L (Assumption 2.1)"
_H_GAMMA = "σ′ ≥ γ > 0 everywhere (leaky or smooth σ)"


@claim(
    id="nguyen_mondelli20.lemma4.1.3",
    where="Nguyen & Mondelli 2020, Lemma 4.1(3), §4",
    kind=Kind.D,
    statement="‖vec(∇_{W₂}Φ)‖₂ ≥ σ_min(F₁) Π_{p=3}^{L} σ_min(Σ_{p−1}) σ_min(W_p) ‖f_L − y‖₂ for every θ "
              "(σ_min(F₁) = σ_N(F₁), σ_min(W_p) = σ_{n_p}(W_p), σ_min(Σ) = min|σ′(G)|)",
    hypotheses=(_H_N1, _H_TAIL, _H_GAMMA),
    requires=_nguyen,
    mutant=lambda inst: _pl_bound(inst, top=True),
    cases=lambda: _pyramidal(),
    probes={_H_N1: lambda: _narrow_first_layer(),
            _H_TAIL: lambda: _non_monotone_tail(),
            _H_GAMMA: lambda: _pyramidal(("relu",))},
)
def w2_gradient_lower_bound(inst: Instance) -> list[Evaluation]:
    """PL-type lower bound on the W₂ gradient under the pyramidal topology."""
    return _guard_underflow(_pl_bound(inst))


# ============================================================================ σ_min of a tall chain
def _chain_eval(mats: Sequence[torch.Tensor], label: str, *, multiplicative: bool = False) -> Evaluation:
    P = mats[0]
    for A in mats[1:]:
        P = P @ A
    lhs = sigma_min(P)
    rhs = prod(sigma_min(A) for A in mats)
    floor = 64 * EPS * max(P.shape) * prod(spectral_norm(A) for A in mats)
    if multiplicative:  # mutant: σ_min is multiplicative, σ_min(ΠA_p) = Πσ_min(A_p)
        return Evaluation(lhs=abs(lhs - rhs), rhs=0.0, relation=Relation.EQ, label=label,
                          tol=Tolerance(1e-10, 0.0, "SVD relative round-off"), atol=floor, scale=max(lhs, rhs))
    return Evaluation(lhs=lhs, rhs=rhs, relation=Relation.GE, label=label, tol=TOL_SVD_GE, atol=floor,
                      lhs_name="σ_min(Π A_p)", vacuous=rhs <= floor, factors=(("Π σ_min(A_p)", rhs),))


def _chains(inst: Instance, *, multiplicative: bool = False) -> list[Evaluation]:
    out = [_chain_eval(inst.Ws, "W₁⋯W_L", multiplicative=multiplicative)]
    if inst.L >= 2:  # the paper's A_p = Σ_{p−1}(W_p ⊗ I_N), p = 2..L (tall when n_{p−1} ≥ n_p)
        fw = inst.fw
        A = [a_factor(inst.act, fw.G[p - 1], inst.Ws[p - 1]) for p in range(2, inst.L + 1)]
        out.append(_chain_eval(A, "A₂⋯A_L", multiplicative=multiplicative))
    return out


_H_TALL = "every factor tall (rows ≥ columns)"


@claim(
    id="nguyen_mondelli20.lemma4.1.prod_smin",
    where="Nguyen & Mondelli 2020, paragraph after Lemma 4.1, §4",
    kind=Kind.D,
    statement="if A_p ∈ ℝ^{m_{p−1}×m_p} with m_{p−1} ≥ m_p for all p, then σ_min(A_a A_{a+1} ⋯ A_b) ≥ Π_p σ_min(A_p) "
              "(checked on the chain of weights W₁⋯W_L and on the paper's A_p = Σ_{p−1}(W_p ⊗ I_N))",
    hypotheses=(_H_TALL,),
    requires=None,
    mutant=lambda inst: _chains(inst, multiplicative=True),
    cases=lambda: _tall_chains(),
    probes={_H_TALL: lambda: _tall_chains(increasing_allowed=True)},
)
def tall_chain_sigma_min(inst: Instance) -> list[Evaluation]:
    """Smallest singular value of a product of tall matrices is at least the product of theirs."""
    return _guard_underflow(_chains(inst))


# ============================================================================ stationary points
def _full_rank(A: torch.Tensor, rank: int) -> bool:
    """Numerical rank = `rank` (the full one): σ_rank(A) above the SVD floor max(m,n)·ε·‖A‖₂."""
    if min(A.shape) < rank:
        return False
    s = torch.linalg.svdvals(A)
    return bool(s[rank - 1] > max(A.shape) * EPS * s[0])


def _stationary(inst: Instance, *, check_w_rank: bool = True) -> list[Evaluation]:
    g = inst.grads()
    gnorm = math.sqrt(sum(frob(x) ** 2 for x in g))
    gamma = inst.act.slope_bounds[0]
    rhs = pl_lower_bound(inst, gamma=gamma)
    floor = _ge_floor(inst)
    quantitative = Evaluation(lhs=gnorm, rhs=rhs, relation=Relation.GE, label="‖∇Φ‖ ≥ γ^(L−2)σ_min(F₁)Πσ_min(W_p)‖r‖",
                              tol=TOL_SVD_GE, atol=floor, lhs_name="‖∇Φ‖₂", vacuous=rhs <= floor)
    stationary = gnorm == 0.0  # structurally stationary: every gradient entry exactly 0
    ranks = _full_rank(inst.fw.F[1], inst.N) and (
        not check_w_rank or all(_full_rank(W, W.shape[1]) for W in inst.Ws[2:]))
    r = frob(resid(inst))
    out_mag = frob(inst.fw.out) + frob(inst.Y)
    applies = stationary and ranks  # the implication is trivially true otherwise
    qualitative = Evaluation(
        lhs=r if applies else 0.0, rhs=0.0, relation=Relation.LE, label="∇Φ = 0 ∧ full ranks ⇒ f_L = y",
        tol=Tolerance(0.0, 0.0, "atol = 4ε(‖F_L‖_F + ‖Y‖_F): rounding of the residual F_L − Y"),
        atol=4 * EPS * out_mag, lhs_name="‖f_L − y‖₂ at a stationary full-rank point",
        vacuous=not applies or r == 0.0, factors=(("‖∇Φ‖", gnorm),))
    return [quantitative, qualitative]


_H_SIGMA = "σ′(x) ≠ 0 for every x"


@claim(
    id="nguyen_mondelli20.lemma4.1.fact_stationary",
    where="Nguyen & Mondelli 2020, paragraph after Lemma 4.1 (\"The last statement of Lemma 4.1 implies…\"), §4",
    kind=Kind.D,
    statement="if σ′(x) ≠ 0 ∀x, every θ with ∇Φ(θ) = 0, rank F₁ = N and rank W_l = n_l (l = 3..L) has f_L(θ) = y; "
              "quantitatively ‖∇Φ(θ)‖₂ ≥ γ^{L−2}σ_min(F₁)Π_{p≥3}σ_min(W_p)‖f_L − y‖₂ with γ = inf σ′",
    hypotheses=("Assumption 2.1 (implied by the rank conditions)", _H_SIGMA),
    requires=_nguyen,
    mutant=lambda inst: _stationary(inst, check_w_rank=False),
    cases=lambda: _stationary_candidates(),
    probes={_H_SIGMA: lambda: _stationary_candidates(("relu",))},
)
def full_rank_stationary_is_global(inst: Instance) -> list[Evaluation]:
    """Stationary points with F₁, W_3..W_L of full rank are global minima (σ′ never 0)."""
    return _guard_underflow(_stationary(inst))


# ============================================================================ Lemma 4.2 (17), (18)
def _layer_outputs(inst: Instance, *, spectral: bool = False) -> list[Evaluation]:
    norms = spec_norms(inst.Ws)
    x = spectral_norm(inst.X) if spectral else frob(inst.X)
    out = []
    for l in range(1, inst.L + 1):
        F = inst.fw.F[l]
        lhs = spectral_norm(F) if spectral else frob(F)
        out.append(Evaluation(lhs=lhs, rhs=x * prod(norms[:l]), label=f"l={l}", tol=TOL_PRODUCT,
                              lhs_name=f"‖F_{l}‖_F", factors=(("‖X‖_F", x), ("Π‖W_p‖₂", prod(norms[:l])))))
    return out


@claim(
    id="nguyen_mondelli20.lemma4.2.eq17",
    where="Nguyen & Mondelli 2020, Lemma 4.2, eq. (17), §4",
    kind=Kind.D,
    statement="‖F_l‖_F ≤ ‖X‖_F Π_{p=1}^{l} ‖W_p‖₂ for every θ and l ∈ [L]",
    hypotheses=("|σ(x)| ≤ |x| (Assumption 2.2(ii))",),
    requires=_nguyen,
    mutant=lambda inst: _layer_outputs(inst, spectral=True),
    cases=lambda: hst.one_of(st.cases(), _isometric_first_layer()),
)
def layer_output_bound(inst: Instance) -> list[Evaluation]:
    """Layer outputs bounded by the data norm times the weights' spectral norms."""
    return _guard_underflow(_layer_outputs(inst))


def _grad_bound(inst: Instance, *, below_only: bool = False) -> list[Evaluation]:
    g = inst.grads()
    norms = spec_norms(inst.Ws)
    xf, rf = frob(inst.X), frob(resid(inst))
    out = []
    for l in range(1, inst.L + 1):
        others = prod(n for p, n in enumerate(norms, 1) if p != l and (not below_only or p < l))
        out.append(Evaluation(lhs=frob(g[l - 1]), rhs=xf * others * rf, label=f"l={l}", tol=TOL_PRODUCT,
                              lhs_name=f"‖∇_(W_{l})Φ‖_F",
                              factors=(("‖X‖_F", xf), ("Π_(p≠l)‖W_p‖₂", others), ("‖f_L − y‖", rf))))
    return out


@claim(
    id="nguyen_mondelli20.lemma4.2.eq18",
    where="Nguyen & Mondelli 2020, Lemma 4.2, eq. (18), §4",
    kind=Kind.D,
    statement="‖∇_{W_l}Φ‖_F ≤ ‖X‖_F (Π_{p∈[L], p≠l} ‖W_p‖₂) ‖f_L − y‖₂ for every θ and l ∈ [L]",
    hypotheses=("|σ′| ≤ 1 and |σ(x)| ≤ |x| (Assumption 2.2)",),
    requires=_nguyen,
    mutant=lambda inst: _grad_bound(inst, below_only=True),
    cases=lambda: st.cases(targets=_NONZERO_TARGETS),
)
def gradient_block_bound(inst: Instance) -> list[Evaluation]:
    """Gradient of one layer bounded by the other layers' spectral norms."""
    return _guard_underflow(_grad_bound(inst))


# ============================================================================ Lemma 4.2 (19), (20)
def _theta_dist(Wa: Sequence[torch.Tensor], Wb: Sequence[torch.Tensor]) -> float:
    return math.sqrt(sum(frob(a - b) ** 2 for a, b in zip(Wa, Wb, strict=True)))


def _output_lipschitz(inst: Instance, *, drop_sqrt_l: bool = False) -> list[Evaluation]:
    Wb = point_b(inst)
    Fa, Fb = inst.fw.out, inst.forward(Wb).out
    lam = lam_bar_pair(inst.Ws, Wb)
    xf = frob(inst.X)
    const = output_lipschitz_constant(xf, lam) / (math.sqrt(inst.L) if drop_sqrt_l else 1.0)
    dist = _theta_dist(inst.Ws, Wb)
    return [Evaluation(
        lhs=frob(Fa - Fb), rhs=const * dist, label="F_L", tol=TOL_PRODUCT,
        atol=1e-13 * inst.L * xf * prod(lam),
        lhs_name="‖F_L^a − F_L^b‖_F", factors=(("constant (19)", const), ("‖θ_a − θ_b‖", dist)))]


_TOL_PAIR = Tolerance(1e-10, 0.0, "products of norms ~ L·n·ε relative; atol = 1e-13·L·(magnitude of the two "
                                  "terms that cancel in the difference) for its rounding")


@claim(
    id="nguyen_mondelli20.lemma4.2.eq19",
    where="Nguyen & Mondelli 2020, Lemma 4.2, eq. (19), §4",
    kind=Kind.D,
    statement="‖F_L^a − F_L^b‖_F ≤ √L ‖X‖_F (Π_{l=1}^{L} λ̄_l / min_{l∈[L]} λ̄_l) ‖θ_a − θ_b‖₂ for all θ_a, θ_b and "
              "λ̄_l ≥ max(‖W_l^a‖₂, ‖W_l^b‖₂) (checked with the tightest λ̄_l; Πλ̄/minλ̄ = product of all but a smallest)",
    hypotheses=("Assumption 2.2 (σ 1-Lipschitz, |σ(x)| ≤ |x|)", "λ̄_l = max(‖W_l^a‖₂, ‖W_l^b‖₂)"),
    requires=_requires_pair,
    mutant=lambda inst: _output_lipschitz(inst, drop_sqrt_l=True),
    cases=lambda: hst.one_of(st.pair_cases(st.cases()), _rescaled_pairs()),
)
def output_lipschitz(inst: Instance) -> list[Evaluation]:
    """Network output is Lipschitz in θ on the box of weight norms λ̄."""
    return _guard_underflow(_output_lipschitz(inst))


def _jacobian_lipschitz(inst: Instance, *, drop_beta: bool = False) -> list[Evaluation]:
    Wb = point_b(inst)
    Ja = jacobian_reference(inst.X, inst.Ws, inst.act)
    Jb = jacobian_reference(inst.X, Wb, inst.act)
    lam = lam_bar_pair(inst.Ws, Wb)
    xf = frob(inst.X)
    const = jacobian_block_lipschitz_constant(xf, lam, inst.act.beta, drop_beta=drop_beta)
    dist = _theta_dist(inst.Ws, Wb)
    R = prod(max(1.0, x) for x in lam)
    out = []
    for l in range(1, inst.L + 1):
        out.append(Evaluation(
            lhs=spectral_norm(Ja[l - 1] - Jb[l - 1]), rhs=const * dist, label=f"l={l}", tol=_TOL_PAIR,
            atol=1e-13 * inst.L * xf * R,  # ‖J_l‖ ≤ ‖X‖_F Π λ̄ ≤ ‖X‖_F R: size of the cancelling blocks
            lhs_name=f"‖∂f_L(θ_a)/∂vec(W_{l}) − ∂f_L(θ_b)/∂vec(W_{l})‖₂",
            factors=(("constant (20)", const), ("‖θ_a − θ_b‖", dist))))
    return out


@claim(
    id="nguyen_mondelli20.lemma4.2.eq20",
    where="Nguyen & Mondelli 2020, Lemma 4.2, eq. (20), §4",
    kind=Kind.D,
    statement="‖∂f_L(θ_a)/∂vec(W_l^a) − ∂f_L(θ_b)/∂vec(W_l^b)‖₂ ≤ √L‖X‖_F R(1 + Lβ‖X‖_F R)‖θ_a − θ_b‖₂ for l ∈ [L], "
              "R = Π_p max(1, λ̄_p), λ̄_l ≥ max(‖W_l^a‖₂, ‖W_l^b‖₂)",
    hypotheses=("Assumption 2.2 with β the Lipschitz constant of σ′ (σ = eq. (2))",
                "λ̄_l = max(‖W_l^a‖₂, ‖W_l^b‖₂)"),
    requires=_requires_smooth_pair,
    mutant=lambda inst: _jacobian_lipschitz(inst, drop_beta=True),
    cases=lambda: hst.one_of(st.pair_cases(st.cases(activations_=st.SMOOTH, n_max=4, max_width=4)),
                             _near_kink_pairs(), _rescaled_pairs(st.SMOOTH)),
)
def jacobian_block_lipschitz(inst: Instance) -> list[Evaluation]:
    """Each Jacobian block is Lipschitz in θ with the β-dependent constant of (20)."""
    return _guard_underflow(_jacobian_lipschitz(inst))


# ============================================================================ Lemma 4.3
_GRID = 64


def _segment_end(inst: Instance) -> list[torch.Tensor]:
    assert inst.Ws_b is not None
    a = inst.case.param("gd_step", 0.0) if inst.case is not None else 0.0
    if a > 0.0:
        return [W - a * g for W, g in zip(inst.Ws, inst.grads(), strict=True)]
    return point_b(inst)


def _flat(Ws: Sequence[torch.Tensor]) -> torch.Tensor:
    return torch.cat([W.reshape(-1) for W in Ws])


def _descent(inst: Instance, *, factor: float = 0.5) -> list[Evaluation]:
    x, y = inst.Ws, _segment_end(inst)
    d = [b - a for a, b in zip(x, y, strict=True)]
    dn = math.sqrt(sum(frob(t) ** 2 for t in d))
    fx, fy = inst.loss(), inst.loss(y)
    gx = _flat(inst.grads())
    inner = float(gx @ _flat(d))
    lhs = fy - fx - inner
    # C on a grid of t (the sup over t ∈ (0, 1] of ‖∇f(x + t d) − ∇f(x)‖/(t‖d‖))
    c_grid = 0.0
    for k in range(1, _GRID + 1):
        t = k / _GRID
        z = [a + t * e for a, e in zip(x, d, strict=True)]
        c_grid = max(c_grid, float((_flat(inst.grads(z)) - gx).norm()) / (t * dn) if dn > 0 else 0.0)
    # provable C on the whole segment: (22) with (19), (20), λ̄ = max endpoint norms (convexity)
    lam = lam_bar_pair(x, y)
    c_seg = segment_gradient_lipschitz(frob(inst.X), lam, inst.act.beta, frob(resid(inst)))
    mag = abs(fx) + abs(fy) + abs(inner)
    tol = Tolerance(1e-6, 0.0, "C is a max over a 64-point grid of t (underestimates the sup by O(grid²) where "
                               "the ratio is smooth); atol = 16ε(|f(x)| + |f(y)| + |⟨∇f, y−x⟩|) for cancellation")
    atol = 16 * EPS * mag
    out = []
    for label, C in (("C = grid sup", c_grid), ("C = (22)+(19)+(20)", c_seg)):
        rhs = factor * C * dn * dn
        if max(lhs, rhs) <= atol:  # both sides below the rounding of f(y) − f(x) − ⟨∇f(x), y − x⟩: undecidable
            continue
        out.append(Evaluation(lhs=lhs, rhs=rhs, label=label, tol=tol, atol=atol,
                              lhs_name="f(y) − f(x) − ⟨∇f(x), y − x⟩", factors=(("C", C), ("‖y − x‖", dn))))
    return out


@claim(
    id="nguyen_mondelli20.lemma4.3",
    where="Nguyen & Mondelli 2020, Lemma 4.3, §4",
    kind=Kind.D,
    statement="if f is C² and ‖∇f(z) − ∇f(x)‖₂ ≤ C‖z − x‖₂ for every z = x + t(y − x), t ∈ [0, 1], then "
              "f(y) ≤ f(x) + ⟨∇f(x), y − x⟩ + (C/2)‖x − y‖² (f = Φ; C = grid sup, and C from (22), (19), (20))",
    hypotheses=("f = Φ is C² (σ = eq. (2))", "C ≥ the gradient's Lipschitz ratio on the segment"),
    requires=_requires_smooth_pair,
    mutant=lambda inst: _descent(inst, factor=0.25),
    cases=lambda: _segment_cases(),
)
def segment_descent_lemma(inst: Instance) -> list[Evaluation]:
    """Descent lemma with a Lipschitz constant restricted to the segment [x, y]."""
    return _guard_underflow(_descent(inst))


# ============================================================================ proof of Thm 3.2
def _f1_lipschitz(inst: Instance, *, spectral: bool = False) -> list[Evaluation]:
    X, W, Wp = inst.X, inst.Ws[0], point_b(inst)[0]
    lhs = frob(inst.act(X @ Wp) - inst.act(X @ W))
    dW = spectral_norm(Wp - W) if spectral else frob(Wp - W)
    xs = spectral_norm(X)
    mag = frob(X.abs() @ W.abs()) + frob(X.abs() @ Wp.abs())
    return [Evaluation(lhs=lhs, rhs=xs * dW, label="F₁", tol=TOL_PRODUCT, atol=8 * EPS * X.shape[1] * mag,
                       lhs_name="‖σ(XW′) − σ(XW)‖_F", factors=(("‖X‖₂", xs), ("‖W′ − W‖_F", dW)))]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.f1_lipschitz",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (bound on ‖F₁^{r+1} − F₁⁰‖_F), §4",
    kind=Kind.D,
    statement="‖σ(XW′) − σ(XW)‖_F ≤ ‖X‖₂ ‖W′ − W‖_F for all W, W′ ∈ ℝ^{d×n₁}",
    hypotheses=("σ 1-Lipschitz (Assumption 2.2(i))",),
    requires=_requires_pair,
    mutant=lambda inst: _f1_lipschitz(inst, spectral=True),
    cases=lambda: hst.one_of(st.pair_cases(st.cases()), st.pair_cases(_isometric_first_layer(st.ACTIVATIONS_ALL))),
)
def first_layer_lipschitz(inst: Instance) -> list[Evaluation]:
    """First-layer features are ‖X‖₂-Lipschitz in W₁ (Frobenius)."""
    return _guard_underflow(_f1_lipschitz(inst))


def _grad_jt(inst: Instance, *, row_major_grad: bool = False) -> list[Evaluation]:
    J = torch.cat(jacobian_colmajor(inst.X, inst.Ws, inst.act), dim=1)
    r = vec(resid(inst))
    g = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act)
    gv = torch.cat([G.reshape(-1) if row_major_grad else vec(G) for G in g])
    mag = J.abs().T @ r.abs()
    return [Evaluation(lhs=float((gv - J.T @ r).abs().max()), rhs=0.0, relation=Relation.EQ, label="∇Φ = Jᵀ(f − y)",
                       tol=TOL_IDENTITY, scale=float(mag.max()), lhs_name="max|∇Φ − Jf_Lᵀ(f_L − y)|")]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.grad_jt",
    where="Nguyen & Mondelli 2020, first line of (22), §4",
    kind=Kind.D,
    statement="∇Φ(θ) = Jf_L(θ)ᵀ(f_L(θ) − y) with ∇Φ = [vec ∇_{W₁}Φ; …; vec ∇_{W_L}Φ], "
              "Jf_L = [∂f_L/∂vec(W₁), …, ∂f_L/∂vec(W_L)], all vec column-stacking",
    hypotheses=("σ differentiable (σ′(0) = the activation's fixed convention at kinks)",),
    requires=_nguyen,
    mutant=lambda inst: _grad_jt(inst, row_major_grad=True),
    cases=lambda: st.cases(n_max=4, max_width=4, targets=_NONZERO_TARGETS),
)
def gradient_is_jacobian_transpose_residual(inst: Instance) -> list[Evaluation]:
    """The gradient is Jᵀ(residual) in the column-stacking convention."""
    return _guard_underflow(_grad_jt(inst))


def _eq22(inst: Instance, *, drop_second: bool = False) -> list[Evaluation]:
    th, thp = inst.Ws, point_b(inst)  # θ, θ′
    f, fp = inst.fw.out, inst.forward(thp).out
    J = torch.cat(jacobian_reference(inst.X, th, inst.act), dim=1)
    Jp = torch.cat(jacobian_reference(inst.X, thp, inst.act), dim=1)
    g = _flat(inst.grads(th))
    gp = _flat(inst.grads(thp))
    first = frob(fp - f) * spectral_norm(Jp)
    second = 0.0 if drop_second else spectral_norm(Jp - J) * frob(f - inst.Y)
    y = frob(inst.Y)
    mag = frob(Jp) * (frob(fp) + y) + frob(J) * (frob(f) + y)  # sizes of the terms that cancel
    return [Evaluation(lhs=float((gp - g).norm()), rhs=first + second, label="(22)", tol=TOL_PRODUCT,
                       atol=1e-13 * mag, lhs_name="‖∇Φ(θ′) − ∇Φ(θ)‖₂",
                       factors=(("‖f′ − f‖‖J′‖", first), ("‖J′ − J‖‖f − y‖", second)))]


@claim(
    id="nguyen_mondelli20.thm3.2.eq22",
    where="Nguyen & Mondelli 2020, eq. (22), §4",
    kind=Kind.D,
    statement="‖∇Φ(θ′) − ∇Φ(θ)‖₂ ≤ ‖f_L(θ′) − f_L(θ)‖₂‖Jf_L(θ′)‖₂ + ‖Jf_L(θ′) − Jf_L(θ)‖₂‖f_L(θ) − y‖₂ for all θ, θ′",
    hypotheses=("σ differentiable (σ′(0) = the activation's fixed convention at kinks)", "any widths"),
    requires=_requires_pair,
    mutant=lambda inst: _eq22(inst, drop_second=True),
    cases=lambda: st.pair_cases(st.cases(n_max=4, max_width=4, targets=_NONZERO_TARGETS)),
)
def gradient_difference_triangle(inst: Instance) -> list[Evaluation]:
    """Triangle bound on the difference of gradients at two parameter points."""
    return _guard_underflow(_eq22(inst))


def _partition(inst: Instance, *, max_only: bool = False) -> list[Evaluation]:
    out = []
    blocks_sets = {"Jf_L = [J₁, …, J_L]": jacobian_colmajor(inst.X, inst.Ws, inst.act),
                   "[F₀, F₁, …, F_L]": list(inst.fw.F)}
    for label, blocks in blocks_sets.items():
        norms = [spectral_norm(B) for B in blocks]
        rhs = max(norms) if max_only else sum(norms)
        out.append(Evaluation(lhs=spectral_norm(torch.cat(blocks, dim=1)), rhs=rhs, label=label, tol=TOL_PRODUCT,
                              lhs_name="‖[A₁, …, A_n]‖₂", factors=(("Σ‖A_i‖₂", sum(norms)),)))
    return out


@claim(
    id="nguyen_mondelli20.thm3.2.proof.partition_norm",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (\"for a partitioned matrix A = [A₁,…,A_n]\"), §4",
    kind=Kind.D,
    statement="‖[A₁, …, A_n]‖₂ ≤ Σ_i ‖A_i‖₂ for matrices with equal row counts (checked on the Jacobian blocks "
              "and on the block row of layer outputs [F₀, …, F_L])",
    hypotheses=("equal row counts",),
    requires=_nguyen,
    mutant=lambda inst: _partition(inst, max_only=True),
    cases=lambda: st.cases(n_max=4, max_width=4),
)
def block_row_norm(inst: Instance) -> list[Evaluation]:
    """Spectral norm of a block row is at most the sum of the blocks' norms."""
    return _guard_underflow(_partition(inst))


def _jac_norm(inst: Instance, *, spectral_x: bool = False) -> list[Evaluation]:
    blocks = jacobian_colmajor(inst.X, inst.Ws, inst.act)
    norms = spec_norms(inst.Ws)
    L = inst.L
    jn = spectral_norm(torch.cat(blocks, dim=1))
    s1 = sum(spectral_norm(B) for B in blocks)
    s2 = sum(prod(norms[l:]) * spectral_norm(inst.fw.F[l - 1]) for l in range(1, L + 1))
    x = spectral_norm(inst.X) if spectral_x else frob(inst.X)
    s3 = x * sum(prod(n for p, n in enumerate(norms) if p != l) for l in range(L))
    s4 = jacobian_norm_bound(frob(inst.X), norms, min_form=True)
    mk = [("‖Jf_L‖₂ ≤ Σ‖∂f_L/∂vec W_l‖₂", jn, s1), ("≤ Σ Π_(p>l)‖W_p‖₂‖F_(l−1)‖₂", s1, s2),
          ("≤ ‖X‖_F Σ Π_(p≠l)‖W_p‖₂", s2, s3), ("≤ L‖X‖_F Π‖W_p‖₂/min‖W_p‖₂", s3, s4)]
    return [Evaluation(lhs=a, rhs=b, label=lab, tol=TOL_PRODUCT, lhs_name=lab.split(" ≤")[0] or "previous link")
            for lab, a, b in mk]


@claim(
    id="nguyen_mondelli20.thm3.2.proof.jac_norm",
    where="Nguyen & Mondelli 2020, proof of Theorem 3.2 (display bounding ‖Jf_L(θ_k^t)‖₂), §4",
    kind=Kind.D,
    statement="for every θ: ‖Jf_L‖₂ ≤ Σ_l‖∂f_L/∂vec(W_l)‖₂ ≤ Σ_l (Π_{p=l+1}^{L}‖W_p‖₂)‖F_{l−1}‖₂ ≤ "
              "‖X‖_F Σ_l Π_{p≠l}‖W_p‖₂ ≤ L‖X‖_F Π_p‖W_p‖₂/min_p‖W_p‖₂ (the (3/2)λ̄ form on GD segments is class C)",
    hypotheses=("Assumption 2.2 (|σ′| ≤ 1, |σ(x)| ≤ |x|)",),
    requires=_nguyen,
    mutant=lambda inst: _jac_norm(inst, spectral_x=True),
    cases=lambda: hst.one_of(st.cases(n_max=4, max_width=4), _isometric_first_layer()),
)
def jacobian_norm_chain(inst: Instance) -> list[Evaluation]:
    """Chain of upper bounds on the Jacobian's spectral norm."""
    return _guard_underflow(_jac_norm(inst))
