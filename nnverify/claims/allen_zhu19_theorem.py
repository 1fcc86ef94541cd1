"""Claims of Allen-Zhu, Li & Song (ICML 2019), "A Convergence Theory for Deep Learning via
Over-Parameterization" (seed 002): the conditional (class C) entry, the remark after Theorem 2 (SGD on a
strongly convex sum with a common minimiser converges linearly), checked exactly in expectation along real
SGD trajectories of an interpolating least-squares sum.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as hst

from nnverify.claims.allen_zhu19 import _big, _tuples
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.types import Case, Instance

F64 = torch.float64


# ============================================================================ class C (remark after Theorem 2)
# Catalog's formalisation of the remark: fᵢ(x) = ½(aᵢᵀx − bᵢ)² with a common minimiser x* (b = Ax*),
# AᵀA ≻ 0, SGD x_{k+1} = x_k − η∇f_{i_k}(x_k), i_k uniform on [n], η ≤ 1/maxᵢ‖aᵢ‖². A real SGD trajectory
# (K steps, i_k from a local generator seeded by the case) is run; at every iterate k ≤ K the conditional
# expectation E[‖x_{k+1} − x*‖² | x_k] is enumerated exactly over i and compared with (1 − ηλ_min(AᵀA)/n)‖x_k − x*‖².
_TOL_SGD_ROUND = 64.0 * 2.0 ** -52  # rounding of one SGD step: a few flops per coordinate, magnitudes ≤ M_k
TOL_INTERP = Tolerance(1e-12, 0.0, "rounding of the exact n-term average of squared norms (relative to the bound "
                                   "(1 − ηλ/n)‖e_k‖²); the step's own rounding enters as atol ≈ 64·eps·‖e_k‖·M_k")


def _interp_setup(inst: Instance) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, float, float, int]:
    """A (n, p) = inst.X, x* and x₀ from the case seed, η = frac/maxᵢ‖aᵢ‖², λ_min(AᵀA), K."""
    A = inst.X
    p = A.shape[1]
    seed = inst.case.seed if inst.case else 0
    g = torch.Generator().manual_seed(int(seed) + 4242)
    xs = torch.randn(p, generator=g, dtype=F64) * 10.0 ** (inst.case.param("xstar_scale", 0.0) if inst.case else 0.0)
    x0 = xs + torch.randn(p, generator=g, dtype=F64)
    eta = (inst.case.param("eta_frac", 1.0) if inst.case else 1.0) / float((A * A).sum(1).max())
    lam = float(torch.linalg.eigvalsh(A.T @ A)[0])
    K = int(inst.case.param("K", 200)) if inst.case else 200
    return A, xs, x0, eta, lam, K


def _interp_requires(inst: Instance) -> str | None:
    A = inst.X
    if float((A * A).sum(1).min()) == 0.0:
        return "a zero row aᵢ (fᵢ constant)"
    ev = torch.linalg.eigvalsh(A.T @ A)
    if not float(ev[0]) > 1e-10 * float(ev[-1]):
        return f"AᵀA not ≻ 0 (λ_min/λ_max = {float(ev[0] / ev[-1]):.2e})"
    _, _, _, eta, lam, _ = _interp_setup(inst)
    if eta * lam / A.shape[0] < 1e-6:
        return f"guaranteed contraction ηλ_min/n = {eta * lam / A.shape[0]:.2e} negligible"
    return None


def _interp(inst: Instance, *, per_n: bool = True) -> list[Evaluation]:
    A, xs, x, eta, lam, K = _interp_setup(inst)
    n = A.shape[0]
    b = A @ xs
    rate = eta * lam / (n if per_n else 1)
    g = torch.Generator().manual_seed((inst.case.seed if inst.case else 0) + 777)
    idx = torch.randint(0, n, (K,), generator=g)
    an = (A * A).sum(1).sqrt()
    worst: tuple[float, int, float, float, float] | None = None  # (ratio/excess key, k, lhs, rhs, atol) normalised
    mono: tuple[float, int, float, float, float] | None = None
    guard = K
    for k in range(K + 1):
        e = x - xs
        ee = float(e @ e)
        M = float((x.norm() + eta * an * (an * x.norm() + b.abs())).max()) + float(xs.norm())  # step magnitudes
        if math.sqrt(ee) <= 1e3 * _TOL_SGD_ROUND * M:  # rounding-level residual: stop asserting
            guard = k
            break
        X1 = x.unsqueeze(0) - eta * A * (A @ x - b).unsqueeze(1)  # all n possible next iterates
        E = float(((X1 - xs) ** 2).sum(1).mean())
        lhs, rhs, at = E / ee, 1.0 - rate, 2.0 * _TOL_SGD_ROUND * M / math.sqrt(ee)
        key = (lhs - rhs - TOL_INTERP.rtol * abs(rhs) - at) / (abs(lhs) + abs(rhs) + 1e-300)
        if worst is None or key > worst[0]:
            worst = (key, k, lhs, rhs, at)
        if k == K:
            break
        x_new = X1[int(idx[k])]
        e1 = x_new - xs
        ml, ma = float(e1 @ e1) / ee, 2.0 * _TOL_SGD_ROUND * M / math.sqrt(ee)
        mkey = (ml - 1.0 - ma) / (ml + 1.0)
        if mono is None or mkey > mono[0]:
            mono = (mkey, k, ml, 1.0, ma)
        x = x_new
    fac = (("η", eta), ("λ_min(AᵀA)", lam), ("n", float(n)), ("rate ηλ/n", eta * lam / n), ("K", float(K)),
           ("guard k", float(guard)))
    if worst is None:
        return [Evaluation(lhs=0.0, rhs=0.0, label="no iterate above rounding level", tol=TOL_INTERP, vacuous=True)]
    out = [Evaluation(lhs=worst[2], rhs=worst[3], relation=Relation.LE, tol=TOL_INTERP, atol=worst[4],
                      label=f"E[‖x_(k+1) − x*‖² | x_k]/‖x_k − x*‖² ≤ 1 − ηλ_min{'/n' if per_n else ''} k={worst[1]}",
                      lhs_name="E‖e_(k+1)‖²/‖e_k‖² (exact over i)", factors=fac)]
    if mono is not None:
        out.append(Evaluation(lhs=mono[2], rhs=mono[3], relation=Relation.LE, tol=TOL_INTERP, atol=mono[4],
                              label=f"proof step: ‖e_(k+1)‖² = ‖e_k‖² − η(2 − η‖a_i‖²)(a_iᵀe_k)² ≤ ‖e_k‖² k={mono[1]}",
                              lhs_name="‖e_(k+1)‖²/‖e_k‖² (drawn i_k)", factors=fac))
    return out


@hst.composite
def _interp_cases(draw: hst.DrawFn) -> Case:
    """Rows aᵢ (n ≤ 6, p ≤ n): Gaussian rows with duplicates and row scales 10^{±2}, or p = 1 with ±s rows
    (factor exactly 0 at the maximal step); η = frac/maxᵢ‖aᵢ‖² with frac mostly 1 (the upper bound)."""
    n = draw(hst.integers(1, 6), label="n")
    p = draw(hst.integers(1, n), label="p")
    g = torch.Generator().manual_seed(draw(hst.integers(0, 2**32 - 1), label="seed"))
    if p == 1 and draw(hst.booleans(), label="±s rows"):
        s = 10.0 ** draw(hst.sampled_from((0.0, 2.0, -2.0)), label="log10 s")
        A = torch.tensor([[draw(hst.sampled_from((s, -s)))] for _ in range(n)], dtype=F64)
    else:
        A = torch.randn(n, p, generator=g, dtype=F64)
        for i in range(1, n):
            if draw(hst.integers(0, 3), label=f"duplicate {i}") == 0:
                A[i] = A[draw(hst.integers(0, i - 1))]
        for i in range(n):
            A[i] *= 10.0 ** draw(hst.sampled_from((0.0, 0.0, 2.0, -2.0, 1.0, -1.0)), label=f"row scale {i}")
    frac = draw(hst.sampled_from((1.0, 1.0, 1.0, 0.5, 0.1)), label="η / (1/maxᵢ‖aᵢ‖²)")
    return Case(widths=(p, p), n=n, X=_tuples(A), seed=draw(hst.integers(0, 2**16), label="trajectory seed"),
                params=(("eta_frac", frac), ("K", 200.0 if not _big() else 1000.0),
                        ("xstar_scale", draw(hst.sampled_from((0.0, 0.0, 3.0, -3.0)), label="log10 ‖x*‖"))))


@claim(
    id="allen_zhu19.thm2.remark_interpolation",
    cases=lambda: _interp_cases(),
    where="Allen-Zhu, Li & Song 2019, remark after Theorem 2 (strongly convex sum with a common minimiser)",
    kind=Kind.C,
    statement="Catalog's formalisation of the remark: for fᵢ(x) = ½(aᵢᵀx − bᵢ)² with a common minimiser x* "
              "(Ax* = b), AᵀA ≻ 0 and η ≤ 1/maxᵢ‖aᵢ‖², SGD x_(k+1) = x_k − η∇f_(i_k)(x_k) with i_k uniform on [n] "
              "satisfies E[‖x_(k+1) − x*‖² | x_k] ≤ (1 − ηλ_min(AᵀA)/n)‖x_k − x*‖² (checked exactly over i at every "
              "iterate k ≤ K of a real SGD trajectory, K = 200 in ci; also the proof step ‖x_(k+1) − x*‖ ≤ ‖x_k − x*‖)",
    hypotheses=("interpolation: Ax* = b", "λ_min(AᵀA) > 10⁻¹⁰λ_max", "η ≤ 1/maxᵢ‖aᵢ‖²",
                "ηλ_min/n ≥ 10⁻⁶ (non-vacuous)"),
    requires=_interp_requires,
    mutant=lambda inst: _interp(inst, per_n=False),
)
def sgd_interpolation(inst: Instance) -> list[Evaluation]:
    """SGD on an interpolating strongly convex least-squares sum contracts linearly in expectation."""
    return _interp(inst)
