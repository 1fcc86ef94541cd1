"""Claims of Allen-Zhu, Li & Song (ICML 2019), "A Convergence Theory for Deep Learning via
Over-Parameterization" (seed 002): the deterministic (class D) entries, the paper's network
in column form and the case strategies. The class-C remark after Theorem 2 is in `allen_zhu19_theorem`, the
class-P statistical tests (Sec. 3–4, Theorems 2, 5, 6, 7) in `allen_zhu19_asymptotic`.

Glossary (paper → code). The paper writes one sample as a column; the engine batches rows
(engine weights (Aᵀ, W₁ᵀ, …, W_Lᵀ, Bᵀ), engine depth L + 2, see `nnverify.net`).
- n, d, m, L → `inst.N`, `inst.widths[0]`, `inst.widths[1]`, `inst.L − 2`; xᵢ, y*ᵢ → `inst.X[i]`, `inst.Y[i]`.
- A, W_ℓ, B (column form) → `_Pass.A`, `_Pass.W[ℓ−1]`, `_Pass.B` (from `paper_weights("allen_zhu", …)`).
- g_{i,ℓ}, h_{i,ℓ}, D_{i,ℓ} (ℓ = 0..L) → `_Pass.g[ℓ][:, i]`, `_Pass.h[ℓ + 1][:, i]` (`h[0]` is
  h_{i,−1} = xᵢ), `_Pass.D[ℓ][:, i]` = 𝟙[g ≥ 0] (the paper's ReLU′(0) = 1); every mask comes from the
  engine's one batched forward pass, the one autograd differentiates.
- lossᵢ = Bh_{i,L} − y*ᵢ → `_Pass.loss[:, i]`; Fᵢ, F = Σᵢ Fᵢ → `inst.loss()` (sum, factor ½).
- Back_{i,ℓ} = BD_{i,L}W_L⋯D_{i,ℓ}W_ℓ (Back_{i,L+1} = B) → `_back(p, i, ℓ)`; u_{i,ℓ} = Back_{i,ℓ}ᵀlossᵢ
  → the recursion in `_grad_recursion`.
- f(y) = ½‖y − y*‖² (Thm 5) with y → `inst.X`, y* → `inst.Y`; logits yᵢ and labels cᵢ (footnote 7)
  → `inst.X[i]`, param "label.<i>", sigmoid label signs → `inst.Y`.
- raw data x̂ᵢ ∈ ℝ^{d−2} (footnote 3) → `inst.X[i]`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import torch
from hypothesis import strategies as hst

from nnverify import allen_zhu_measure as _M
from nnverify import strategies as st
from nnverify.activations import relu
from nnverify.claims._util import TOL_IDENTITY, require_form
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.data import make_data
from nnverify.grad import autograd_gradients
from nnverify.net import engine_weights, paper_weights
from nnverify.types import TARGETS, Case, Instance, Matrix

F64 = torch.float64
_SQRT_HALF = 1.0 / math.sqrt(2.0)
_az = require_form("allen_zhu")
_PAPER_RELU = relu(1.0)  # D = 𝟙[g ≥ 0] (Def. 2.2)

TOL_GRAD = Tolerance(1e-12, 0.0, "round-off of O(L) products, relative to Σᵢ of per-sample gradient magnitudes "
                                 "(|B|ᵀ|loss| pushed through |W_ℓ|ᵀ; ∇F itself may cancel to 0)")
TOL_EXACT = Tolerance(0.0, 0.0, "exact: only multiplications by 0/1 and max(·, 0), no rounding")


def _tuples(t: torch.Tensor) -> Matrix:
    return tuple(tuple(float(v) for v in row) for row in t.tolist())


def _big() -> bool:
    """True under the thorough profile (wider scans, longer runs); used by the C and P modules."""
    return _M.profile() == "thorough"


# ============================================================================ the paper's network
@dataclass(frozen=True)
class _Pass:
    """Column form of one engine forward pass (Def. 2.2): g[ℓ], D[ℓ] for ℓ = 0..L; h[ℓ+1] = h_ℓ."""

    A: torch.Tensor
    W: list[torch.Tensor]
    B: torch.Tensor
    g: list[torch.Tensor]
    h: list[torch.Tensor]
    D: list[torch.Tensor]
    loss: torch.Tensor

    @property
    def L(self) -> int:
        return len(self.W)

    @property
    def N(self) -> int:
        return int(self.loss.shape[1])


def _pass(inst: Instance, Ws: Sequence[torch.Tensor] | None = None, *, strict: bool = False) -> _Pass:
    """One batched forward pass read in column form; `strict` uses D = 𝟙[g > 0] (torch's ReLU′(0) = 0)."""
    Ws = inst.Ws if Ws is None else list(Ws)
    fw = inst.forward(Ws)
    p = paper_weights("allen_zhu", Ws)
    L = len(p["W"])  # type: ignore[arg-type]
    g = [fw.G[l + 1].T for l in range(L + 1)]
    h = [fw.F[l].T for l in range(L + 2)]
    D = [(gl > 0) if strict else (gl >= 0) for gl in g]
    return _Pass(A=p["A"], W=list(p["W"]), B=p["B"], g=g, h=h, D=[d.to(F64) for d in D],  # type: ignore[arg-type]
                 loss=(fw.out - inst.Y).T)


def _back(p: _Pass, i: int, l: int) -> torch.Tensor:
    """Back_{i,ℓ} = B D_{i,L}W_L ⋯ D_{i,ℓ}W_ℓ ∈ ℝ^{d×m} (Def. 2.5), the literal left-to-right product."""
    M = p.B
    for q in range(p.L, l - 1, -1):
        M = M @ torch.diag(p.D[q][:, i]) @ p.W[q - 1]
    return M


def _grad_row(p: _Pass, *, shift: int = 1) -> list[torch.Tensor]:
    """Fact 2.6 row form: ∇_{[W_ℓ]_k}F = Σᵢ (Back_{i,ℓ+shift}ᵀlossᵢ)_k · h_{i,ℓ−1} · 𝟙[⟨[W_ℓ]_k, h_{i,ℓ−1}⟩ ≥ 0].

    ⟨[W_ℓ]_k, h_{i,ℓ−1}⟩ is (g_{i,ℓ})_k of the same forward pass (one set of masks, see the catalog).
    """
    out = []
    for l in range(1, p.L + 1):
        m = p.W[l - 1].shape[0]
        rows = []
        for k in range(m):
            r = torch.zeros(p.h[l].shape[0], dtype=F64)
            for i in range(p.N):
                if p.D[l][k, i] != 0:
                    v = _back(p, i, l + shift).T @ p.loss[:, i]
                    r = r + v[k] * p.h[l][:, i]
            rows.append(r)
        out.append(torch.stack(rows))
    return out


def _grad_matrix(p: _Pass) -> list[torch.Tensor]:
    """Fact 2.6 matrix form with explicit Back: ∇_{W_ℓ}F = Σᵢ D_{i,ℓ}(Back_{i,ℓ+1}ᵀlossᵢ)h_{i,ℓ−1}ᵀ."""
    out = []
    for l in range(1, p.L + 1):
        G = torch.zeros_like(p.W[l - 1])
        for i in range(p.N):
            v = torch.diag(p.D[l][:, i]) @ (_back(p, i, l + 1).T @ p.loss[:, i])
            G = G + torch.outer(v, p.h[l][:, i])
        out.append(G)
    return out


def _grad_recursion(p: _Pass) -> list[torch.Tensor]:
    """u_{i,L+1} = Bᵀlossᵢ, u_{i,ℓ} = W_ℓᵀD_{i,ℓ}u_{i,ℓ+1}; ∇_{W_ℓ}F = Σᵢ (D_{i,ℓ}u_{i,ℓ+1})h_{i,ℓ−1}ᵀ."""
    u = p.B.T @ p.loss
    out: list[torch.Tensor] = [torch.empty(0)] * p.L
    for l in range(p.L, 0, -1):
        du = p.D[l] * u
        out[l - 1] = du @ p.h[l].T
        u = p.W[l - 1].T @ du
    return out


def _grad_scales(p: _Pass) -> tuple[float, float]:
    """(Σᵢ‖∇_{W⃗}Fᵢ‖_F, the same with |B|, |W_ℓ|, |lossᵢ|): the catalog's normaliser and the round-off
    scale (the magnitudes that cancel). Each ∇_{W_ℓ}Fᵢ has rank one: ‖D u‖·‖h_{i,ℓ−1}‖."""
    u, ua = p.B.T @ p.loss, p.B.abs().T @ p.loss.abs()
    sq = torch.zeros(p.N, dtype=F64)
    sqa = torch.zeros(p.N, dtype=F64)
    for l in range(p.L, 0, -1):
        du, dua = p.D[l] * u, p.D[l] * ua
        hn = (p.h[l] ** 2).sum(0)
        sq += (du**2).sum(0) * hn
        sqa += (dua**2).sum(0) * hn
        u, ua = p.W[l - 1].T @ du, p.W[l - 1].abs().T @ dua
    return float(sq.sqrt().sum()), float(sqa.sqrt().sum())


def _autograd_paper(inst: Instance, Ws: Sequence[torch.Tensor] | None = None, *,
                    case_act: bool = False) -> list[torch.Tensor]:
    """∇_{W_ℓ}F by torch autograd of the engine, in column form (ℓ = 1..L), with ReLU′(0) = 1
    (or, with `case_act`, with the case's activation: relu(kink=1) in the claims' strategies)."""
    Ws = inst.Ws if Ws is None else list(Ws)
    g = autograd_gradients(inst.X, Ws, inst.Y, inst.act if case_act else _PAPER_RELU)
    return [x.T for x in g[1:-1]]


def _tuple_dist(a: Sequence[torch.Tensor], b: Sequence[torch.Tensor]) -> float:
    return math.sqrt(sum(float(((x - y) ** 2).sum()) for x, y in zip(a, b, strict=True)))


def _grad_eval(G: Sequence[torch.Tensor], ref: Sequence[torch.Tensor], p: _Pass, label: str,
               name: str) -> Evaluation:
    norm, scale = _grad_scales(p)
    err = _tuple_dist(G, ref)
    return Evaluation(lhs=err, rhs=0.0, relation=Relation.EQ, label=label, tol=TOL_GRAD, scale=scale,
                      lhs_name=name,
                      factors=(("Σᵢ‖∇Fᵢ‖_F", norm), ("normalised error", err / norm if norm > 0 else 0.0)))


_REF_KINK1 = "the reference (autograd of the case's activation) takes ReLU′(0) = 1: relu(kink=1)"


def _requires_paper_relu(inst: Instance) -> str | None:
    bad = _az(inst)
    if bad:
        return bad
    a = inst.act
    return None if (a.name == "relu" and a.kink == 1.0) else f"activation {a}, claim needs relu(kink=1) (D = 𝟙[g ≥ 0])"


# ============================================================================ strategies
_FAMILIES = ("plain", "zero_row", "zero_row_A", "kink_support", "dead_layer", "scaled", "symmetric")


@hst.composite
def _az_cases(draw: hst.DrawFn, *, families: Sequence[str] = _FAMILIES,
              activations_: Sequence[str] = ("relu(kink=1)",), n_min: int = 1, n_max: int = 4,
              max_L: int = 3, scale_exp: float = 6.0, inits: Sequence[str] = ("allen_zhu", "integer"),
              datasets: Sequence[str] = ("unit_last", "integer", "duplicates"),
              targets: Sequence[str] = TARGETS, min_m: int = 1) -> Case:
    """Allen-Zhu cases (widths (d, m, …, m, d)) plus kink/degenerate families built explicitly:
    a zero row of some W_ℓ or of A (g ≡ 0 there), a row of W_ℓ supported on the zero coordinates of
    h_{1,ℓ−1}, a dead layer W_ℓ = −𝟙𝟙ᵀ, A/W⃗/B scaled by 10^{±scale_exp}, and a duplicated first/last
    sample with targets symmetric about their common output (∇F cancels)."""
    base = draw(st.form_cases("allen_zhu", n_max=n_max, max_L=max_L, activations_=tuple(activations_),
                              inits=tuple(inits), datasets=tuple(datasets)), label="base")
    d, m = base.widths[0], max(base.widths[1], min_m)
    base = dataclasses.replace(base, n=max(base.n, n_min), widths=(d, *([m] * (base.depth - 1)), d),
                               targets=draw(hst.sampled_from(tuple(targets)), label="targets"))
    fam = draw(hst.sampled_from(tuple(families)), label="family")
    if fam == "plain" or (fam == "symmetric" and base.n < 2):
        return base
    inst = base.build()
    p = paper_weights("allen_zhu", inst.Ws)
    A, W, B = p["A"].clone(), [w.clone() for w in p["W"]], p["B"].clone()  # type: ignore[union-attr]
    X, Y = inst.X.clone(), inst.Y.clone()
    L, m = len(W), A.shape[0]
    if fam == "zero_row":
        l, k = draw(hst.integers(1, L), label="layer"), draw(hst.integers(0, m - 1), label="row")
        W[l - 1][k] = 0.0
    elif fam == "zero_row_A":
        A[draw(hst.integers(0, m - 1), label="row")] = 0.0
    elif fam == "kink_support":
        l, k = draw(hst.integers(1, L), label="layer"), draw(hst.integers(0, m - 1), label="row")
        h_prev = inst.fw.F[l][0]  # h_{1,ℓ−1}
        W[l - 1][k] = torch.where(h_prev == 0, W[l - 1][k], torch.zeros_like(h_prev))
    elif fam == "dead_layer":
        l = draw(hst.integers(1, L), label="layer")
        W[l - 1] = -torch.ones_like(W[l - 1])
    elif fam == "scaled":
        s = 10.0 ** draw(hst.floats(-scale_exp, scale_exp), label="log10 scale")
        which = draw(hst.sampled_from(("W", "A", "B")), label="scaled matrix")
        if which == "W":
            W = [s * w for w in W]
        elif which == "A":
            A = s * A
        else:
            B = s * B
    else:  # symmetric: x_1 = x_n, y*_{1,n} = y ± v about the common output y
        X[-1] = X[0]
        Ws = engine_weights("allen_zhu", A=A, W=W, B=B)
        y = Instance.from_arrays(X, Ws, Y, base.activation, "allen_zhu").fw.out[0]
        g = torch.Generator().manual_seed(base.seed)
        v = torch.randn(y.shape, generator=g, dtype=F64)
        v = v / v.norm() * (10.0 ** draw(hst.floats(-3.0, 2.0), label="log10 ‖v‖")) * max(1.0, float(y.norm()))
        Y[0], Y[-1] = y + v, y - v
    Ws = engine_weights("allen_zhu", A=A, W=W, B=B)
    return Case(widths=base.widths, n=base.n, activation=base.activation, form="allen_zhu", seed=base.seed,
                X=_tuples(X), W=tuple(_tuples(w) for w in Ws), Y=_tuples(Y))


# ============================================================================ footnote 3
def _normalise(Xr: torch.Tensor, *, pad: float = _SQRT_HALF) -> tuple[torch.Tensor, float]:
    """Footnote 3: x̄ = x̂/s, s = √2·maxᵢ‖x̂ᵢ‖; x = (x̄, √(max(0, ½ − ‖x̄‖²)), pad)."""
    s = math.sqrt(2.0) * float(torch.linalg.vector_norm(Xr, dim=1).max())
    Xb = Xr / s
    mid = torch.sqrt(torch.clamp(0.5 - (Xb**2).sum(1, keepdim=True), min=0.0))
    return torch.cat([Xb, mid, torch.full_like(mid, pad)], dim=1), s


def _normalisation(inst: Instance, *, pad: float = _SQRT_HALF) -> list[Evaluation]:
    Xr = inst.X
    X, s = _normalise(Xr, pad=pad)
    norms = torch.linalg.vector_norm(X, dim=1)
    out = [
        Evaluation(lhs=float((norms - 1.0).abs().max()), rhs=0.0, relation=Relation.EQ, label="‖xᵢ‖ = 1",
                   tol=Tolerance(1e-15, 0.0, "a few ulps of 1 from the square root and the norm"), scale=1.0,
                   lhs_name="maxᵢ|‖xᵢ‖ − 1|"),
        Evaluation(lhs=float((X[:, -1] - _SQRT_HALF).abs().max()), rhs=0.0, relation=Relation.EQ,
                   label="(xᵢ)_d = 1/√2", tol=TOL_EXACT, vacuous=False, lhs_name="maxᵢ|(xᵢ)_d − 1/√2|"),
    ]
    for i in range(inst.N):
        for j in range(i + 1, inst.N):
            old = float(torch.linalg.vector_norm(Xr[i] - Xr[j])) / s
            new = float(torch.linalg.vector_norm(X[i] - X[j]))
            out.append(Evaluation(
                lhs=new, rhs=old, relation=Relation.GE, label=f"‖x_{i + 1} − x_{j + 1}‖",
                tol=Tolerance(0.0, 1e-15, "absolute: rounding of x̂/s and of √(½ − ‖x̄‖²) in unit-size vectors"),
                lhs_name="‖xᵢ − xⱼ‖", factors=(("‖x̂ᵢ − x̂ⱼ‖/s", old),)))
    return out


def _requires_nonzero_data(inst: Instance) -> str | None:
    return None if bool((inst.X != 0).any()) else "raw data all zero (footnote 3 needs some x̂ᵢ ≠ 0)"


@hst.composite
def _raw_data_cases(draw: hst.DrawFn) -> Case:
    """Raw data x̂ ∈ ℝ^{N×k} of scale 10^{±8}, with zero rows, duplicates, near-duplicates, antipodal pairs."""
    N = draw(hst.integers(1, 6), label="n")
    k = draw(hst.integers(1, 4), label="raw dim d−2")
    gen = torch.Generator().manual_seed(draw(hst.integers(0, 2**32 - 1), label="seed"))
    X = make_data(draw(hst.sampled_from(("gaussian", "integer", "duplicates", "zeros")), label="data"), N, k, gen)
    mod = draw(hst.sampled_from(("none", "near_duplicate", "antipodal")), label="modification")
    if N >= 2 and mod == "near_duplicate":
        X[-1] = X[0] * (1.0 + 1e-12) + 1e-12 * torch.randn(k, generator=gen, dtype=F64)
    elif N >= 2 and mod == "antipodal":
        X[-1] = -X[0]
    X = X * 10.0 ** draw(hst.floats(-8.0, 8.0), label="log10 scale")
    return Case(widths=(k, 1), n=N, X=_tuples(X))


@claim(
    id="allen_zhu19.fn3.normalisation",
    cases=lambda: _raw_data_cases(),
    where="Allen-Zhu, Li & Song 2019, footnote 3 (Sec. 2)",
    kind=Kind.D,
    statement="For raw x̂₁…x̂ₙ ∈ ℝ^{d−2} (not all 0), s = √2·maxᵢ‖x̂ᵢ‖, x̄ᵢ = x̂ᵢ/s, xᵢ = (x̄ᵢ, √(½ − ‖x̄ᵢ‖²), 1/√2): "
              "‖xᵢ‖ = 1, (xᵢ)_d = 1/√2 and ‖xᵢ − xⱼ‖ ≥ ‖x̂ᵢ − x̂ⱼ‖/s (δ̂-separated data become δ̂/s-separated)",
    hypotheses=("some x̂ᵢ ≠ 0", "finite data"),
    requires=_requires_nonzero_data,
    mutant=lambda inst: _normalisation(inst, pad=0.5),
)
def data_normalisation(inst: Instance) -> list[Evaluation]:
    """The two paddings of footnote 3 give unit data with last coordinate 1/√2 and keep separation."""
    return _normalisation(inst)


def _bias(inst: Instance, *, factor: float = _SQRT_HALF) -> list[Evaluation]:
    A = paper_weights("allen_zhu", inst.Ws)["A"]
    m, d = A.shape  # type: ignore[union-attr]
    Y = inst.X[:, : d - 1]  # y ∈ ℝ^{d−1}, one per sample
    V = torch.cat([Y * _SQRT_HALF, torch.full((inst.N, 1), _SQRT_HALF, dtype=F64)], dim=1)
    b = A[:, d - 1] * factor  # type: ignore[index]
    lhs = V @ A.T  # type: ignore[union-attr]
    rhs = torch.cat([Y, torch.zeros(inst.N, 1, dtype=F64)], dim=1) @ (A * _SQRT_HALF).T + b  # type: ignore[operator]
    scale = float((V.abs() @ A.abs().T).max())  # type: ignore[union-attr]
    out = [Evaluation(lhs=float((lhs - rhs).abs().max()), rhs=0.0, relation=Relation.EQ,
                      label="A(y/√2, 1/√2) = (A/√2)(y, 0) + b", tol=TOL_IDENTITY, scale=scale,
                      lhs_name="max|A(y/√2, 1/√2) − (A/√2)(y, 0) − b|")]
    on = inst.X[:, -1] == _SQRT_HALF  # unit_last rows: the network's g_{i,0} = Axᵢ is the same identity
    if bool(on.any()):
        Xs = inst.X[on]
        rhs0 = torch.cat([Xs[:, :-1] * math.sqrt(2.0), torch.zeros(Xs.shape[0], 1, dtype=F64)], dim=1) \
            @ (A * _SQRT_HALF).T + b  # type: ignore[operator]
        out.append(Evaluation(lhs=float((inst.fw.G[1][on] - rhs0).abs().max()), rhs=0.0, relation=Relation.EQ,
                              label="g_{i,0} = (A/√2)(√2x̄ᵢ, 0) + b", tol=TOL_IDENTITY,
                              scale=float((Xs.abs() @ A.abs().T).max()) * 2.0,  # type: ignore[union-attr]
                              lhs_name="max|g_{i,0} − (A/√2)(√2x̄ᵢ, 0) − b|"))
    # law of b_k under Def. 2.3: A_{kd} ~ N(0, 2/m), so Var(b_k) = factor²·2/m (claimed 1/m); exact rationals
    f2 = Fraction(1, 2) if factor == _SQRT_HALF else Fraction(factor).limit_denominator() ** 2
    var_gap = abs(f2 * Fraction(2, m) - Fraction(1, m))
    out.append(Evaluation(lhs=float(var_gap), rhs=0.0, relation=Relation.EQ, label="Var(b_k) = 1/m",
                          tol=TOL_EXACT, vacuous=False, lhs_name="|Var(b_k) − 1/m| (Def. 2.3)",
                          factors=(("m", float(m)),)))
    return out


@claim(
    id="allen_zhu19.fn3.bias",
    cases=lambda: _az_cases(families=("plain", "zero_row_A", "scaled"), activations_=("relu(kink=1)", "relu"),
                            datasets=("unit_last", "integer", "duplicates", "gaussian")),
    where="Allen-Zhu, Li & Song 2019, footnote 3 (damaged text \"A( y√2, 1√2) = A√2(y, 0)+b\")",
    kind=Kind.D,
    statement="For every A ∈ ℝ^{m×d} and y ∈ ℝ^{d−1}: A(y/√2, 1/√2) = (A/√2)(y, 0) + b with b = A_{:,d}/√2; "
              "under Def. 2.3 (A_{kd} ~ N(0, 2/m)) b ~ N(0, (1/m)I)",
    hypotheses=("any A and y (identity)", "Def. 2.3 for the law of b (checked as exact variance arithmetic)"),
    requires=_az,
    mutant=lambda inst: _bias(inst, factor=1.0),
)
def bias_coordinate(inst: Instance) -> list[Evaluation]:
    """The constant last coordinate 1/√2 acts as a bias b = A_{:,d}/√2 of variance 1/m."""
    return _bias(inst)


# ============================================================================ Definition 2.2
def _h_eq_dg(inst: Instance, *, wrong_side: bool = False) -> list[Evaluation]:
    p = paper_weights("allen_zhu", inst.Ws)
    mats = [p["A"], *p["W"]]  # type: ignore[misc]
    h = inst.X.T  # h_{−1} = x, columns are samples
    out = []
    fw = inst.fw
    for l, M in enumerate(mats):
        g = M @ h
        h_new = torch.maximum(g, torch.zeros_like(g))  # φ = max{0, ·}, column form
        D = (g >= 0).to(F64)
        if wrong_side:
            if l == 0:  # W₀ D h_{−1} needs m = d; the mutant only makes sense for ℓ ≥ 1
                h = h_new
                continue
            alt = M @ (D * h)  # W_ℓ D_{i,ℓ} h_{i,ℓ−1}
            out.append(Evaluation(lhs=float((h_new - alt).abs().max()), rhs=0.0, relation=Relation.EQ,
                                  label=f"ℓ={l}", tol=TOL_IDENTITY, scale=float((M.abs() @ h.abs()).max()),
                                  lhs_name="max|h_{i,ℓ} − W_ℓD_{i,ℓ}h_{i,ℓ−1}|"))
        else:
            out.append(Evaluation(lhs=float((h_new - D * g).abs().max()), rhs=0.0, relation=Relation.EQ,
                                  label=f"ℓ={l} column", tol=TOL_EXACT, vacuous=False,
                                  lhs_name="max|h_{i,ℓ} − D_{i,ℓ}g_{i,ℓ}| (column form)"))
            Ge, Fe = fw.G[l + 1], fw.F[l + 1]  # the engine's batched pass, φ = inst.act
            out.append(Evaluation(lhs=float((Fe - (Ge >= 0).to(F64) * Ge).abs().max()), rhs=0.0,
                                  relation=Relation.EQ, label=f"ℓ={l} engine", tol=TOL_EXACT, vacuous=False,
                                  lhs_name="max|h_{i,ℓ} − D_{i,ℓ}g_{i,ℓ}| (engine rows)"))
        h = h_new
    return out


_PHI_RELU = "φ = ReLU, either ReLU′(0) (φ(0) = 0; by the case strategy)"


def _requires_az_relu(inst: Instance) -> str | None:
    return _az(inst) or (None if inst.act.name == "relu" else f"activation {inst.act}, claim needs ReLU")


@claim(
    id="allen_zhu19.def2.2.h_eq_dg",
    cases=lambda: _az_cases(activations_=("relu(kink=1)", "relu")),
    where="Allen-Zhu, Li & Song 2019, Definition 2.2 and the sentence after it (Sec. 2)",
    kind=Kind.D,
    statement="h_{i,ℓ} = D_{i,ℓ}W_ℓh_{i,ℓ−1} = D_{i,ℓ}g_{i,ℓ} for every i ∈ [n], ℓ ∈ {0,…,L}, with "
              "(D_{i,ℓ})_{kk} = 𝟙[(g_{i,ℓ})_k ≥ 0], W₀ = A, h_{i,−1} = xᵢ (compared by value, exactly)",
    hypotheses=(_PHI_RELU, "any A, W⃗, B and data"),
    requires=_az,
    mutant=lambda inst: _h_eq_dg(inst, wrong_side=True),
    probes={_PHI_RELU:
            lambda: _az_cases(families=("plain",), activations_=("leaky_relu(0.1)",))},
)
def h_equals_dg(inst: Instance) -> list[Evaluation]:
    """Post-activations are the sign mask times the pre-activations, at every layer."""
    return _h_eq_dg(inst)


# ============================================================================ Fact 2.6
def _fact_row(inst: Instance, *, shift: int = 1) -> list[Evaluation]:
    p = _pass(inst)
    return [_grad_eval(_grad_row(p, shift=shift), _autograd_paper(inst, case_act=True), p, "row form vs autograd",
                       "‖∇F(row form) − ∇F(autograd, ReLU′(0)=1)‖_F")]


@claim(
    id="allen_zhu19.fact2.6.row",
    cases=lambda: _az_cases(),
    where="Allen-Zhu, Li & Song 2019, Fact 2.6, first display (Sec. 2.1)",
    kind=Kind.D,
    statement="∇_{[W_ℓ]_k}F(W⃗) = Σᵢ (Back_{i,ℓ+1}ᵀlossᵢ)_k · h_{i,ℓ−1} · 𝟙[⟨[W_ℓ]_k, h_{i,ℓ−1}⟩ ≥ 0] for every "
              "ℓ ∈ [L], k ∈ [m] (at kinks: the gradient with ReLU′(0) = 1, as autograd of relu(kink=1))",
    hypotheses=("ReLU; D = 𝟙[g ≥ 0] in Back and the indicator", _REF_KINK1,
                "every mask from one forward pass", "any A, W⃗, B, data"),
    requires=_requires_az_relu,
    mutant=lambda inst: _fact_row(inst, shift=0),
    probes={_REF_KINK1: lambda: _az_cases(activations_=("relu",))},
)
def gradient_row_form(inst: Instance) -> list[Evaluation]:
    """Fact 2.6 evaluated literally row by row with explicit Back matrices, against autograd."""
    return _fact_row(inst)


def _fact_matrix(inst: Instance, *, strict: bool = False) -> list[Evaluation]:
    ref = _autograd_paper(inst, case_act=True)
    if strict:  # torch's default ReLU′(0) = 0 inside the formula
        p = _pass(inst, strict=True)
        return [_grad_eval(_grad_recursion(p), ref, _pass(inst), "recursion (ReLU′(0)=0) vs autograd",
                           "‖∇F(recursion, D = 𝟙[g > 0]) − ∇F(autograd)‖_F")]
    p = _pass(inst)
    rec, lit, row = _grad_recursion(p), _grad_matrix(p), _grad_row(p)
    return [
        _grad_eval(rec, ref, p, "recursion vs autograd", "‖∇F(u-recursion) − ∇F(autograd)‖_F"),
        _grad_eval(lit, ref, p, "explicit Back vs autograd", "‖∇F(ΣᵢD(Backᵀloss)hᵀ) − ∇F(autograd)‖_F"),
        _grad_eval(lit, rec, p, "explicit Back vs recursion", "‖∇F(explicit Back) − ∇F(u-recursion)‖_F"),
        _grad_eval(row, lit, p, "row form vs matrix form", "‖∇F(row form) − ∇F(matrix form)‖_F"),
    ]


@claim(
    id="allen_zhu19.fact2.6.matrix",
    cases=lambda: _az_cases(),
    where="Allen-Zhu, Li & Song 2019, Fact 2.6, second display (Sec. 2.1)",
    kind=Kind.D,
    statement="∇_{W_ℓ}F(W⃗) = Σᵢ D_{i,ℓ}(Back_{i,ℓ+1}ᵀlossᵢ)h_{i,ℓ−1}ᵀ (Back_{i,L+1} = B) for every ℓ ∈ [L]; "
              "equivalently u_{i,L+1} = Bᵀlossᵢ, u_{i,ℓ} = W_ℓᵀD_{i,ℓ}u_{i,ℓ+1}, "
              "∇_{W_ℓ}F = Σᵢ(D_{i,ℓ}u_{i,ℓ+1})h_{i,ℓ−1}ᵀ",
    hypotheses=("ReLU; D = 𝟙[g ≥ 0] in the formula", _REF_KINK1, "every mask from one forward pass",
                "any A, W⃗, B, data"),
    requires=_requires_az_relu,
    mutant=lambda inst: _fact_matrix(inst, strict=True),
    probes={_REF_KINK1: lambda: _az_cases(activations_=("relu",))},
)
def gradient_matrix_form(inst: Instance) -> list[Evaluation]:
    """Fact 2.6 matrix form: u-recursion, explicit Back and row form agree with each other and autograd."""
    return _fact_matrix(inst)


# ============================================================================ Sec. 1.1
def _duplicate_floor(inst: Instance, *, factor: float = 0.25) -> list[Evaluation]:
    out_ = inst.fw.out
    a, b = inst.Y[0], inst.Y[-1]
    r1, r2 = out_[0] - a, out_[-1] - b
    F1, F2 = 0.5 * float(r1 @ r1), 0.5 * float(r2 @ r2)
    F = inst.loss()
    gap = float(torch.linalg.vector_norm(a - b)) ** 2
    # outputs of equal inputs are equal in exact arithmetic; if the batched pass rounds them apart by
    # δ, F₂ moves by at most ‖δ‖(‖loss₂‖ + ‖δ‖/2): that much absolute slack (0 when bitwise equal)
    same = bool((inst.X[0] == inst.X[-1]).all())
    dlt = float(torch.linalg.vector_norm(out_[0] - out_[-1])) if same else 0.0
    return [
        Evaluation(lhs=F, rhs=F1 + F2, relation=Relation.GE, label="F ≥ F₁ + F_n",
                   tol=Tolerance(1e-13, 0.0, "the same nonnegative terms summed in a different order"),
                   lhs_name="F(W⃗)", factors=(("F₁", F1), ("F_n", F2))),
        Evaluation(lhs=F1 + F2, rhs=factor * gap, relation=Relation.GE, label="F₁ + F_n ≥ ¼‖y*₁ − y*_n‖²",
                   tol=Tolerance(1e-12, 0.0, "few-ulp rounding of squared norms (tight when y = (y*₁ + y*_n)/2)"),
                   atol=dlt * (math.sqrt(2.0 * F2) + dlt / 2.0),
                   lhs_name="F₁ + F_n", factors=(("‖y*₁ − y*_n‖²", gap), ("‖y₁ − y_n‖ (rounding)", dlt))),
    ]


def _requires_pair(inst: Instance) -> str | None:
    """Form and n ≥ 2; x₁ = x_n itself is guaranteed by the case strategy (and dropped by the probe)."""
    return _az(inst) or (None if inst.N >= 2 else "needs n ≥ 2")


@hst.composite
def _duplicate_cases(draw: hst.DrawFn, *, duplicate: bool = True) -> Case:
    """AZ cases with x_n = x₁, weights scaled by 10^{±5}, targets random or y ± v about the common
    output y (the bound is then tight), ‖v‖/max(1, ‖y‖) ∈ [10⁻⁸, 10²]. With `duplicate=False`
    (probe), x_n ≠ x₁ and the targets are the outputs themselves (F = 0)."""
    base = draw(st.form_cases("allen_zhu", n_max=4, max_L=3, activations_=("relu(kink=1)", "relu"),
                              inits=("allen_zhu", "integer"), datasets=("unit_last", "integer")), label="base")
    N = max(base.n, 2)
    base = dataclasses.replace(base, n=N)
    inst = base.build()
    X = inst.X.clone()
    if duplicate:
        X[-1] = X[0]
    elif bool((X[-1] == X[0]).all()):
        X[-1, 0] += 1.0
    s = 10.0 ** draw(hst.floats(-5.0, 5.0), label="log10 weight scale")
    Ws = [s * w if 0 < l < len(inst.Ws) - 1 else w for l, w in enumerate(inst.Ws)]
    Y = inst.Y.clone()
    mode = draw(hst.sampled_from(("random", "adversarial")), label="targets") if duplicate else "fitted"
    out = Instance.from_arrays(X, Ws, Y, base.activation, "allen_zhu").fw.out
    if mode == "adversarial":
        y = out[0]
        g = torch.Generator().manual_seed(base.seed)
        v = torch.randn(y.shape, generator=g, dtype=F64)
        v = v / v.norm() * (10.0 ** draw(hst.floats(-8.0, 2.0), label="log10 ‖v‖")) * max(1.0, float(y.norm()))
        Y[0], Y[-1] = y + v, y - v
    elif mode == "fitted":
        Y = out.clone()
    return Case(widths=base.widths, n=N, activation=base.activation, form="allen_zhu", seed=base.seed,
                X=_tuples(X), W=tuple(_tuples(w) for w in Ws), Y=_tuples(Y))


@claim(
    id="allen_zhu19.sec1.duplicate_floor",
    cases=lambda: _duplicate_cases(),
    where="Allen-Zhu, Li & Song 2019, Sec. 1.1 (\"the same input x₁ = x₂ and different labels y₁ ≠ y₂ can not "
          "be trained to zero error\")",
    kind=Kind.D,
    statement="If x₁ = x₂ then for every A, W⃗, B: F(W⃗) ≥ F₁ + F₂ ≥ ¼‖y*₁ − y*₂‖² (> 0 when y*₁ ≠ y*₂), "
              "with equality iff Bh_{1,L} = (y*₁ + y*₂)/2; here samples 1 and 2 are the first and last",
    hypotheses=("x₁ = x₂ (first and last sample; by the case strategy)", "any parameters and targets"),
    requires=_requires_pair,
    mutant=lambda inst: _duplicate_floor(inst, factor=0.5),
    probes={"x₁ = x₂ (first and last sample; by the case strategy)": lambda: _duplicate_cases(duplicate=False)},
)
def duplicate_floor(inst: Instance) -> list[Evaluation]:
    """Duplicated inputs with different targets cannot be fitted: ½‖y−a‖² + ½‖y−b‖² ≥ ¼‖a−b‖²."""
    return _duplicate_floor(inst)


# ============================================================================ Sec. 5 after Thm 5
def _gradient_dominance(inst: Instance, *, sigma: float = 1.0) -> list[Evaluation]:
    y = inst.X.detach().clone().requires_grad_(True)
    f = 0.5 * ((y - inst.Y) ** 2).sum()
    (grad,) = torch.autograd.grad(f, y)
    fv, g2 = float(f.detach()), float((grad**2).sum())
    f_star = 0.5 * float(((inst.Y - inst.Y) ** 2).sum())  # min f = f(y*) = 0
    rel = Tolerance(1e-12, 0.0, "a few ulps in two sums of the same squares")
    out = [Evaluation(lhs=fv - f_star, rhs=g2 / (2.0 * sigma), relation=Relation.LE,
                      label=f"f − f* ≤ ‖∇f‖²/(2·{sigma:g})", tol=rel, lhs_name="f(y) − min f",
                      factors=(("‖∇f(y)‖²", g2),))]
    if sigma == 1.0:
        out.append(Evaluation(lhs=abs(0.5 * g2 - (fv - f_star)), rhs=0.0, relation=Relation.EQ,
                              label="equality: f − f* = ½‖∇f‖²", tol=rel, scale=fv,
                              lhs_name="|½‖∇f‖² − (f − f*)|"))
    return out


@hst.composite
def _output_target_cases(draw: hst.DrawFn) -> Case:
    """Points y (as X) and targets y* (as Y) in ℝ^d, each of scale 10^{±8}, zeros and integers included."""
    d = draw(hst.integers(1, 5), label="d")
    return Case(widths=(d, d), n=draw(hst.integers(1, 4), label="n"),
                data=draw(hst.sampled_from(("gaussian", "integer", "zeros")), label="y"),
                data_scale=10.0 ** draw(hst.floats(-8.0, 8.0), label="log10 ‖y‖"),
                targets=draw(hst.sampled_from(("gaussian", "integer", "zero")), label="y*"),
                target_scale=10.0 ** draw(hst.floats(-8.0, 8.0), label="log10 ‖y*‖"),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"))


@claim(
    id="allen_zhu19.thm5.l2_gradient_dominant",
    cases=lambda: _output_target_cases(),
    where="Allen-Zhu, Li & Song 2019, Sec. 5 after Theorem 5 (\"the ℓ₂ loss is 1-gradient dominant\")",
    kind=Kind.D,
    statement="f(y) = ½‖y − y*‖² is σ-gradient dominant with σ = 1: f(y) − min f ≤ ‖∇f(y)‖²/(2σ) for all y, "
              "with equality (definition of Appendix H, absent, reconstructed in the standard form)",
    hypotheses=("σ-gradient dominance read as f − min f ≤ ‖∇f‖²/(2σ)",),
    requires=None,
    mutant=lambda inst: _gradient_dominance(inst, sigma=2.0),
)
def l2_gradient_dominant(inst: Instance) -> list[Evaluation]:
    """ℓ₂ loss: f − f* = ½‖∇f‖² exactly (∇f by autograd)."""
    return _gradient_dominance(inst)


# ============================================================================ footnote 5
def _witness(inst: Instance, *, sigma: float | None = None) -> list[Evaluation]:
    assert inst.case is not None
    l, c = _witness_layer(inst), inst.case.param("witness.c", 1.0)
    assert l is not None  # guaranteed by `requires`
    Ww = [w.clone() for w in inst.Ws]
    Ww[l] = -c * torch.ones_like(Ww[l])  # engine index ℓ holds W_ℓᵀ; −c𝟙𝟙ᵀ is symmetric
    Fw = inst.loss(Ww)
    grads = _grad_recursion(_pass(inst, Ww))
    auto = _autograd_paper(inst, Ww)
    gnorm = max(math.sqrt(sum(float((x**2).sum()) for x in grads)),
                math.sqrt(sum(float((x**2).sum()) for x in auto)))
    if sigma is not None:  # mutant: "F is globally σ-PL: ‖∇F‖² ≥ σF"
        return [Evaluation(lhs=gnorm**2, rhs=sigma * Fw, relation=Relation.GE, label=f"‖∇F‖² ≥ {sigma:g}·F",
                           tol=TOL_EXACT, lhs_name="‖∇F(W⃗_w)‖²_F", factors=(("F(W⃗_w)", Fw),))]
    half_y2 = 0.5 * float((inst.Y**2).sum())
    cert = _lower_certificate(inst)
    assert cert is not None  # guaranteed by `requires`
    Fc, dec = inst.loss(cert), _predicted_decrease(inst, cert)
    return [
        Evaluation(lhs=gnorm, rhs=0.0, relation=Relation.EQ, label="∇F(W⃗_w) = 0", tol=TOL_EXACT, vacuous=False,
                   lhs_name="‖∇F(W⃗_w)‖_F (Fact 2.6 and autograd)"),
        Evaluation(lhs=abs(Fw - half_y2), rhs=0.0, relation=Relation.EQ, label="F(W⃗_w) = ½Σ‖y*ᵢ‖²",
                   tol=Tolerance(1e-15, 0.0, "output exactly 0: the same squares summed"), scale=half_y2,
                   lhs_name="|F(W⃗_w) − ½Σ‖y*ᵢ‖²|"),
        Evaluation(lhs=Fc, rhs=Fw - dec / 2.0, relation=Relation.LE, label="inf F < F(W⃗_w)",
                   tol=Tolerance(1e-12, 0.0, "round-off of two loss evaluations; half the predicted decrease "
                                             "(≥ 5·10⁻⁹F) is kept as margin"),
                   lhs_name="F(certificate)", factors=(("F(W⃗_w)", Fw), ("predicted decrease", dec))),
    ]


def _scaled_last(inst: Instance, Ws: list[torch.Tensor]) -> tuple[list[torch.Tensor], float] | None:
    """W_L → t*W_L (F(tW_L) = ½Σ‖t oᵢ − y*ᵢ‖² by ReLU homogeneity, t* = Σ⟨oᵢ, y*ᵢ⟩/Σ‖oᵢ‖² > 0)."""
    o = inst.forward(Ws).out
    c, S = float((o * inst.Y).sum()), float((o * o).sum())
    if not (c > 0 and S > 0):
        return None
    L = len(Ws) - 2
    return [w * (c / S) if i == L else w for i, w in enumerate(Ws)], c * c / (2.0 * S)


def _candidates(inst: Instance) -> list[tuple[list[torch.Tensor], float]]:
    """Rescalings of W_L for W⃗ itself and for W_L = e_k h_{j,L−1}ᵀ (a single live neuron)."""
    L = inst.L - 2
    out = []
    base = _scaled_last(inst, list(inst.Ws))
    if base:
        out.append(base)
    H = inst.fw.F[L]  # rows h_{j,L−1}
    m = H.shape[1]
    for j in range(inst.N):
        for k in range(m):
            Wl = torch.zeros(m, m, dtype=F64)
            Wl[:, k] = H[j]  # engine W_Lᵀ of W_L = e_k h_jᵀ
            c = _scaled_last(inst, [Wl if i == L else w for i, w in enumerate(inst.Ws)])
            if c:
                out.append(c)
    return out


def _lower_certificate(inst: Instance) -> list[torch.Tensor] | None:
    half_y2 = 0.5 * float((inst.Y**2).sum())
    best = max(_candidates(inst), key=lambda t: t[1], default=None)
    return best[0] if best is not None and best[1] >= 1e-8 * half_y2 else None


def _predicted_decrease(inst: Instance, Ws: list[torch.Tensor]) -> float:
    o = inst.forward(Ws).out
    # at t*, o = t*·o₀ so Σ⟨o, y*⟩ = t*c and Σ‖o‖² = t*²S: c²/(2S) = (Σ⟨o,y*⟩)²/(2Σ‖o‖²)
    return float((o * inst.Y).sum()) ** 2 / (2.0 * float((o * o).sum()))


def _witness_layer(inst: Instance) -> int | None:
    """The dead layer ℓ: the drawn "witness.layer", or the next one (cyclically) with h_{i,ℓ−1} ≠ 0 ∀i."""
    assert inst.case is not None
    L = inst.L - 2
    first = int(inst.case.param("witness.layer", 1))
    for l in [(first - 1 + j) % L + 1 for j in range(L)]:
        if not bool((inst.fw.F[l].abs().sum(1) == 0).any()):  # F[ℓ] rows are h_{i,ℓ−1}
            return l
    return None


def _requires_witness(inst: Instance) -> str | None:
    bad = _requires_paper_relu(inst)
    if bad:
        return bad
    if not bool((inst.Y != 0).any()):
        return "needs y* ≠ 0"
    if _witness_layer(inst) is None:
        return "needs a layer ℓ with h_{i,ℓ−1} ≠ 0 for every i (else −c𝟙𝟙ᵀ does not kill layer ℓ)"
    if _lower_certificate(inst) is None:
        return "no lower-F certificate (rescaled W_L) for these A, B, y*: inf F may equal ½Σ‖y*‖² here"
    return None


@hst.composite
def _witness_cases(draw: hst.DrawFn) -> Case:
    base = draw(_az_cases(families=("plain", "zero_row", "scaled"), scale_exp=3.0,
                          targets=("gaussian", "integer"), min_m=3), label="base")
    L = base.depth - 2
    params = (("witness.layer", float(draw(hst.integers(1, L), label="witness layer"))),
              ("witness.c", 10.0 ** draw(hst.floats(-2.0, 2.0), label="log10 c")))
    return dataclasses.replace(base, params=params)


@claim(
    id="allen_zhu19.fn5.not_gradient_dominant",
    cases=lambda: _witness_cases(),
    where="Allen-Zhu, Li & Song 2019, footnote 5 (Sec. 5)",
    kind=Kind.D,
    statement="F(W⃗) = Σᵢ ½‖Bh_{i,L} − y*ᵢ‖² is not σ-gradient dominant in W⃗ for any σ > 0: W⃗_w with W_ℓ = −c𝟙𝟙ᵀ "
              "has ∇F(W⃗_w) = 0 (ReLU′(0) = 1) and F(W⃗_w) = ½Σ‖y*ᵢ‖² > inf F (a W⃗ with lower F, same A, B, "
              "is exhibited)",
    hypotheses=("y* ≠ 0", "h_{i,ℓ−1} ≠ 0 for every i at the dead layer ℓ", "ReLU′(0) = 1",
                "some W⃗ (same A, B) has F < ½Σ‖y*‖² (found among rescalings of W_L)"),
    requires=_requires_witness,
    mutant=lambda inst: _witness(inst, sigma=1e-6),
)
def not_gradient_dominant(inst: Instance) -> list[Evaluation]:
    """A dead layer is a non-global critical point: the composite objective is not gradient dominant."""
    return _witness(inst)


# ============================================================================ footnote 7
_Q = math.exp(-0.25)  # p ≥ e^{−1/4} for a sample with CEᵢ ≤ 1/4
_MARGIN = math.log(_Q / (1.0 - _Q))  # ≈ 1.2587: p_c ≥ q > ½ ⇒ y_c − y_j = log(p_c/p_j) ≥ log(q/(1 − q))
_TOL_CE = Tolerance(1e-12, 0.0, "log-softmax / log-sigmoid round-off on logits of size ≤ 10^1.5")


def _labels(inst: Instance) -> list[int]:
    assert inst.case is not None
    return [int(inst.case.param(f"label.{i}", 0.0)) for i in range(inst.N)]


def _ce_quarter(inst: Instance, *, mean: bool = False) -> list[Evaluation]:
    Z, S = inst.X, inst.Y  # logits; sigmoid label signs ±1
    c = torch.tensor(_labels(inst))
    ce = -torch.log_softmax(Z, dim=1)[torch.arange(inst.N), c]
    bce = torch.nn.functional.softplus(-S * Z)  # −log σ(s·y)
    F_ce, F_bce = float(ce.sum()), float(bce.sum())
    if mean:
        F_ce, F_bce = F_ce / inst.N, F_bce / inst.N
    out: list[Evaluation] = []
    others = Z.clone()
    others[torch.arange(inst.N), c] = -math.inf
    margin = Z[torch.arange(inst.N), c] - others.max(1).values
    if F_ce <= 0.25:
        for i in range(inst.N):
            if mean:  # the mutant claims only 100% accuracy: margin > 0
                out.append(Evaluation(lhs=float(margin[i]), rhs=0.0, relation=Relation.GE, label=f"argmax y_{i + 1}",
                                      tol=_TOL_CE, vacuous=False, lhs_name="y_c − max_{j≠c} y_j"))
                continue
            out.append(Evaluation(lhs=float(torch.exp(-ce[i])), rhs=_Q, relation=Relation.GE,
                                  label=f"p_(c_{i + 1}) ≥ e^(−1/4)", tol=_TOL_CE, lhs_name="softmax(yᵢ)_{cᵢ}",
                                  factors=(("F_CE", F_ce),)))
            out.append(Evaluation(lhs=float(margin[i]), rhs=_MARGIN, relation=Relation.GE,
                                  label=f"argmax y_{i + 1} = c_{i + 1}", tol=_TOL_CE,
                                  lhs_name="y_c − max_{j≠c} y_j", factors=(("F_CE", F_ce),)))
    if F_bce <= 0.25:
        sm = (S * Z).min()
        out.append(Evaluation(lhs=float(sm), rhs=0.0 if mean else _MARGIN, relation=Relation.GE,
                              label="sigmoid signs", tol=_TOL_CE, vacuous=False,
                              lhs_name="min_{i,c} s_{ic}·y_{ic}", factors=(("F_sigmoid", F_bce),)))
    if not out:
        out.append(Evaluation(lhs=0.0, rhs=0.0, relation=Relation.LE, label="premise F ≤ 1/4 fails",
                              tol=_TOL_CE, vacuous=True, factors=(("F_CE", F_ce), ("F_sigmoid", F_bce))))
    return out


_EDGE_LOGITS = (0.0, 0.3, -0.3, 1.0, -1.0, 5.0, -5.0, 20.0, -20.0)
_LOW_LOGITS = (0.0, 0.3, -0.3, 1.0, -1.0, -5.0, -20.0)
_TIE_LOGITS = (0.0, 0.1, 0.3, -0.3)


@hst.composite
def _logit_row(draw: hst.DrawFn, k: int) -> tuple[list[float], int]:
    """One sample: confident (label logit 5 or 20 above low others), near-tie, or edge values."""
    kind = draw(hst.sampled_from(("confident", "confident", "confident", "near_tie", "edge")), label="row kind")
    if kind == "confident":
        c = draw(hst.integers(0, k - 1), label="label")
        row = [draw(hst.sampled_from(_LOW_LOGITS)) for _ in range(k)]
        row[c] = draw(hst.sampled_from((20.0, 5.0)), label="label logit")
        return row, c
    row = [draw(hst.sampled_from(_TIE_LOGITS if kind == "near_tie" else _EDGE_LOGITS)) for _ in range(k)]
    return row, draw(hst.integers(0, k - 1), label="label")


@hst.composite
def _logit_cases(draw: hst.DrawFn) -> Case:
    """Logits (N ≤ 5, classes 2..5) of scale 10^{[−1, 1.5]} with labels mostly the argmax (signs) of
    noisily perturbed logits; or rows drawn element-wise (confident, near-tie, edge values)."""
    N, k = draw(hst.integers(1, 5), label="n"), draw(hst.integers(2, 5), label="classes")
    if draw(hst.booleans(), label="element-wise"):
        rows = [draw(_logit_row(k), label=f"row {i}") for i in range(N)]
        Z = torch.tensor([r for r, _ in rows], dtype=F64)
        labels = [c for _, c in rows]
        flip = draw(hst.booleans(), label="random signs")
        S = torch.tensor([[draw(hst.sampled_from((1.0, -1.0))) if flip else (1.0 if z >= 0 else -1.0)
                           for z in row] for row in Z.tolist()], dtype=F64)
    else:
        g = torch.Generator().manual_seed(draw(hst.integers(0, 2**32 - 1), label="seed"))
        Z0 = torch.randn(N, k, generator=g, dtype=F64)
        noise = 10.0 ** draw(hst.floats(-3.0, 0.5), label="log10 label noise")
        labels = (Z0 + noise * torch.randn(N, k, generator=g, dtype=F64)).argmax(1).tolist()
        S = torch.where(Z0 + noise * torch.randn(N, k, generator=g, dtype=F64) >= 0, 1.0, -1.0).to(F64)
        # push the labelled logit (and every logit along its sign label) out by a drawn margin, so that
        # the premise F ≤ 1/4 holds in a fair share of draws
        boost = draw(hst.sampled_from((0.0, 1.0, 3.0, 10.0)), label="label margin boost")
        Z0 = Z0 + boost * 0.5 * S
        Z0[torch.arange(N), torch.tensor(labels)] += boost
        Z = Z0 * 10.0 ** draw(hst.floats(-1.0, 1.5), label="log10 scale")
    return Case(widths=(k, k), n=N, X=_tuples(Z), Y=_tuples(S),
                params=tuple((f"label.{i}", float(c)) for i, c in enumerate(labels)))


@claim(
    id="allen_zhu19.fn7.ce_quarter",
    cases=lambda: _logit_cases(),
    where="Allen-Zhu, Li & Song 2019, footnote 7 (Theorem 5, cross-entropy bullet)",
    kind=Kind.D,
    statement="If F_CE = Σᵢ −log softmax(yᵢ)_{cᵢ} ≤ 1/4 then every sample has p_{cᵢ} ≥ e^{−1/4} > ½, so argmax yᵢ = cᵢ "
              "uniquely (margin ≥ log(e^{−1/4}/(1 − e^{−1/4})) ≈ 1.26); likewise per label for sigmoid CE",
    hypotheses=("the objective is a sum over samples (Sec. 2.1)",),
    requires=None,
    mutant=lambda inst: _ce_quarter(inst, mean=True),
)
def ce_quarter_accuracy(inst: Instance) -> list[Evaluation]:
    """Cross-entropy objective ≤ 1/4 forces 100% training accuracy."""
    return _ce_quarter(inst)
