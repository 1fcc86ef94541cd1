"""Claims of Nguyen (ICML 2021): deep ReLU networks with one wide layer (seed 000).

Glossary (paper → code): N → `inst.N`; L (weight matrices) → `inst.L`; X, Y → `inst.X`, `inst.Y`;
W_l → `inst.Ws[l-1]`: (n_{l−1}, n_l); F_l → `inst.fw.F[l]`; Φ = ½‖F_L − Y‖²_F → `inst.loss()`;
r = F_L − Y → `resid(inst)`; J_l, K → `jacobian_blocks`, `ntk` (row-major vec, see `nnverify.ntk`);
λ̄_l → `lam_bar`; σ_min(F_{L−1}) = √λ_min(F_{L−1}F_{L−1}ᵀ) → `sigma_min_rows`.
σ is any activation of the library with σ(0) = 0, |σ′| ≤ 1 (the proofs use only these; ReLU is the
paper's), and ∇ uses the activation's fixed σ′(0) convention (`kink`).
"""

from __future__ import annotations

import torch

from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, prod, require_form, resid, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.linalg import EPS, frob, lam_max, lam_min, sigma_min_rows
from nnverify.ntk import jacobian_blocks, jacobian_reference, ntk
from nnverify import strategies as st
from nnverify.types import Instance

_nguyen = require_form("nguyen")


def _requires_pair(inst: Instance) -> str | None:
    return _nguyen(inst) or (None if inst.Ws_b is not None else "needs a second parameter point θᵇ")


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
)
def gradient_bound(inst: Instance) -> list[Evaluation]:
    """Gradient of Φ in one layer is bounded by the other layers' spectral norms."""
    return _gradient_bound(inst)


# ------------------------------------------------------------------------------ Lemma 2.1, eq. (5)
def _lipschitz(inst: Instance, *, drop_inverse: bool = False) -> list[Evaluation]:
    assert inst.Ws_b is not None
    Fa, Fb = inst.forward(inst.Ws).F, inst.forward(inst.Ws_b).F
    lam = [max(a, b) for a, b in zip(spec_norms(inst.Ws), spec_norms(inst.Ws_b))]
    dW = [float(torch.linalg.matrix_norm(a - b, ord=2))
          for a, b in zip(inst.Ws, inst.Ws_b)]
    xf = frob(inst.X)
    out = []
    for l in range(1, inst.L + 1):
        if drop_inverse:
            rhs = xf * prod(lam[:l]) * sum(dW[:l])
        else:
            rhs = xf * sum(prod(lam[q] for q in range(l) if q != p) * dW[p] for p in range(l))
        out.append(Evaluation(
            lhs=frob(Fa[l] - Fb[l]), rhs=rhs, label=f"l={l}", tol=TOL_PRODUCT,
            # the difference F_l(θᵃ) − F_l(θᵇ) cancels terms of size ‖X‖_F∏λ̄_p: round-off floor
            atol=1e-12 * l * xf * prod(lam[:l]),
            lhs_name=f"‖F_{l}(θᵃ) − F_{l}(θᵇ)‖_F",
            factors=(("‖X‖_F", xf), ("λ̄", prod(lam[:l])), ("Σ‖ΔW_p‖₂", sum(dW[:l])))))
    return out


@claim(
    id="nguyen21.lemma2.1.eq5",
    cases=lambda: st.pair_cases(),
    where="Nguyen 2021, Lemma 2.1, eq. (5)",
    kind=Kind.D,
    statement="‖F_l(θᵃ) − F_l(θᵇ)‖_F ≤ ‖X‖_F Σ_{p≤l} (∏_{q≤l, q≠p} λ̄_q) ‖W_pᵃ − W_pᵇ‖₂ "
              "for λ̄_q ≥ max(‖W_qᵃ‖₂, ‖W_qᵇ‖₂) (printed ∏_{l=1}^{l}λ̄_l read as ∏_{p=1}^{l}λ̄_p)",
    hypotheses=("σ 1-Lipschitz", "σ(0) = 0", "no biases", "λ̄_q = max spectral norm (tightest choice)"),
    requires=_requires_pair,
    mutant=lambda inst: _lipschitz(inst, drop_inverse=True),
)
def layer_lipschitz(inst: Instance) -> list[Evaluation]:
    """Layer outputs are Lipschitz in the weights, with the other layers' norms as constants."""
    return _lipschitz(inst)


# ------------------------------------------------------------------------------ eq. (2), eq. (3)
def _ntk_identity(inst: Instance, *, drop_last: bool = False) -> list[Evaluation]:
    J = torch.cat(jacobian_reference(inst.X, inst.Ws, inst.act), dim=1)
    K_ref = J @ J.T
    layers = list(range(1, inst.L + (0 if drop_last else 1)))
    K = ntk(inst.X, inst.Ws, inst.act, inst.fw, layers) if layers else torch.zeros_like(K_ref)
    scale = float(K_ref.diagonal().max())  # K ⪰ 0, so max|K| is its largest diagonal entry
    return [Evaluation(lhs=float((K - K_ref).abs().max()), rhs=0.0, relation=Relation.EQ, label="K",
                       tol=TOL_IDENTITY, scale=scale, lhs_name="max|Σ_l J_lJ_lᵀ − JJᵀ|")]


@claim(
    id="nguyen21.eq2",
    cases=lambda: st.cases(max_width=4, n_max=4),
    where="Nguyen 2021, eq. (2), §1",
    kind=Kind.D,
    statement="K(θ) = JJᵀ = Σ_{l=1}^{L} J_lJ_lᵀ (structured per-layer Grams equal the jacrev NTK)",
    hypotheses=("any θ", "one fixed σ′(0) convention"),
    requires=_nguyen,
    mutant=lambda inst: _ntk_identity(inst, drop_last=True),
)
def ntk_sum_of_blocks(inst: Instance) -> list[Evaluation]:
    """The NTK is the sum of per-layer Gram blocks (computed without materialising J)."""
    return _ntk_identity(inst)


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
    cases=lambda: st.cases(),
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
    g = inst.grads()
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
                   label="∇Φ = Jᵀr", tol=Tolerance(1e-13, 0.0, "round-off relative to ‖J‖_F‖r‖, the size of the summands"),
                   scale=frob(J) * float(r.norm()), lhs_name="max|∇Φ − Jᵀvec(r)|"),
        Evaluation(lhs=g2, rhs=factor * lmin * phi, relation=Relation.GE, label="PL",
                   tol=Tolerance(0.0, 0.0, "λ_min by eigvalsh has absolute error ~ n·ε·λ_max(K): atol = 1e-10·Φ·λ_max(K)"),
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
    g = inst.grads()
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


def _one_wide(inst: Instance) -> str | None:
    return _nguyen(inst) or (None if inst.widths[-2] >= inst.N else "needs n_{L−1} ≥ N")


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
    from nnverify.grad import autograd_gradients

    F = inst.fw.F[inst.L - 1]
    r = resid(inst)
    ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act)[-1]
    return [Evaluation(lhs=float((sign * F.T @ r - ref).abs().max()), rhs=0.0, relation=Relation.EQ,
                       label="∇_(W_L)Φ", tol=Tolerance(1e-14, 0.0, "round-off relative to ‖F_(L−1)‖_F‖r‖_F (entries can cancel)"),
                       scale=frob(F) * frob(r), lhs_name="max|F_(L−1)ᵀ(F_L − Y) − autograd|")]


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
