"""Structured Jacobian blocks and the empirical NTK K = JJᵀ = Σ_l J_lJ_lᵀ (Nguyen 2021 eq. (2)) against
J from torch.func.jacrev, for every form and activation; the output-layer block
J_LJ_Lᵀ = (F_{L−1}F_{L−1}ᵀ) ⊗ I_{n_L} (row-major vec; the paper's I_{n_L} ⊗ F_{L−1}F_{L−1}ᵀ is the
column-major form); float64 outputs; torch's default dtype is never changed, and results do not depend
on it.
"""

from __future__ import annotations

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnverify import strategies as S
from nnverify.claims import Tolerance
from nnverify.linalg import EPS, lam_max, lam_min
from nnverify.ntk import backward_maps, jacobian_blocks, jacobian_reference, ntk, ntk_blocks, ntk_reference
from nnverify.types import Case

F64 = torch.float64
NTK_TOL = Tolerance(1e-12, 0.0, "same sums of products as jacrev in another order: round-off ≪ 1e−12·max|K|")
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALL_FORMS = st.one_of(
    S.cases(max_depth=5, max_width=4, n_max=4),
    S.form_cases("allen_zhu", max_L=3, activations_=S.ACTIVATIONS_ALL, inits=("allen_zhu", "integer")),
    S.form_cases("zou_gu", max_L=4, activations_=S.ACTIVATIONS_ALL, inits=("zou_gu", "integer")),
)

MEASURED: dict[str, float] = {"ntk": 0.0, "blocks": 0.0, "jacobian": 0.0}


def _rel_to_max(got: torch.Tensor, ref: torch.Tensor) -> float:
    """max|got − ref| / max|ref| (0/0 := 0)."""
    m = float(ref.abs().max()) if ref.numel() else 0.0
    d = float((got - ref).abs().max()) if ref.numel() else 0.0
    return d / m if m > 0 else (0.0 if d == 0 else float("inf"))


@given(case=ALL_FORMS)
@FEW
def test_structured_ntk_equals_jacrev(case: Case) -> None:
    """K (structured, never forming J) = JJᵀ with J from torch.func.jacrev, to 1e−12·max|K|;
    also each block J_lJ_lᵀ and each J_l."""
    inst = case.build()
    X, Ws, act = inst.X, inst.Ws, inst.act
    K, R = ntk(X, Ws, act), ntk_reference(X, Ws, act)
    n_out = inst.N * inst.widths[-1]
    assert K.shape == R.shape == (n_out, n_out) and K.dtype == F64
    err = _rel_to_max(K, R)
    MEASURED["ntk"] = max(MEASURED["ntk"], err)
    assert err <= NTK_TOL.rtol, (err, case)

    J_ref = jacobian_reference(X, Ws, act)
    J = jacobian_blocks(X, Ws, act)
    scale_j = max(float(j.abs().max()) for j in J_ref)
    for l, (Jl, Jr) in enumerate(zip(J, J_ref, strict=True), start=1):
        assert Jl.shape == Jr.shape == (n_out, inst.widths[l - 1] * inst.widths[l]) and Jl.dtype == F64
        e = float((Jl - Jr).abs().max()) / scale_j if scale_j > 0 else float((Jl - Jr).abs().max())
        MEASURED["jacobian"] = max(MEASURED["jacobian"], e)
        assert e <= NTK_TOL.rtol, (l, e, case)

    blocks = ntk_blocks(X, Ws, act)
    scale_k = float(R.abs().max())
    for Bl, Jr in zip(blocks, J_ref, strict=True):
        d = float((Bl - Jr @ Jr.T).abs().max())
        e = d / scale_k if scale_k > 0 else d
        MEASURED["blocks"] = max(MEASURED["blocks"], e)
        assert e <= NTK_TOL.rtol, (e, case)


@given(case=ALL_FORMS)
@FEW
def test_output_block_is_kron(case: Case) -> None:
    """J_LJ_Lᵀ = kron(F_{L−1}F_{L−1}ᵀ, I_{n_L}) (row-major vec): exactly, since M_L = I."""
    inst = case.build()
    (KL,) = ntk_blocks(inst.X, inst.Ws, inst.act, layers=[inst.L])
    F = inst.fw.F[inst.L - 1]
    expected = torch.kron(F @ F.T, torch.eye(inst.widths[-1], dtype=F64))
    assert torch.equal(KL, expected)
    # the paper's column-major I ⊗ FFᵀ is the same matrix after the vec permutation (i,k) ↦ (k,i)
    N, nL = inst.N, inst.widths[-1]
    perm = torch.arange(N * nL).reshape(N, nL).T.reshape(-1)
    col_major = torch.kron(torch.eye(nL, dtype=F64), F @ F.T)
    assert torch.equal(KL[perm][:, perm], col_major)


@given(case=ALL_FORMS)
@FEW
def test_ntk_layers_sum_symmetric_psd(case: Case) -> None:
    """K over a subset of layers = Σ of those blocks; K symmetric and PSD up to n·ε·λ_max."""
    inst = case.build()
    X, Ws, act = inst.X, inst.Ws, inst.act
    blocks = ntk_blocks(X, Ws, act)
    layers = list(range(1, inst.L + 1, 2))
    sub = ntk(X, Ws, act, layers=layers)
    assert torch.equal(sub, torch.stack([blocks[l - 1] for l in layers]).sum(0))
    K = ntk(X, Ws, act)
    scale = float(K.abs().max())
    assert float((K - K.T).abs().max()) <= NTK_TOL.rtol * scale
    n = K.shape[0]
    assert lam_min(K) >= -4 * n * EPS * max(lam_max(K), 0.0)  # eigvalsh error ~ n·ε·‖K‖₂
    # reference over the same subset
    R = ntk_reference(X, Ws, act, layers=layers)
    assert _rel_to_max(sub, R) <= NTK_TOL.rtol


def test_backward_maps_shapes_and_last_identity() -> None:
    """M_l: (N, n_l, n_L) with M_L = I (per sample)."""
    inst = Case(widths=(3, 4, 5, 2), n=3, activation="smooth_leaky_relu(0.5,1)").build()
    Ms = backward_maps(inst.fw, inst.Ws, inst.act)
    assert [tuple(M.shape) for M in Ms] == [(3, 4, 2), (3, 5, 2), (3, 2, 2)]
    assert torch.equal(Ms[-1], torch.eye(2, dtype=F64).expand(3, 2, 2))
    assert all(M.dtype == F64 for M in Ms)


def _everything(case: Case) -> list[torch.Tensor]:
    """Every public tensor output for one case (for the dtype checks)."""
    inst = case.build()
    X, Ws, act = inst.X, inst.Ws, inst.act
    out = [X, *Ws, inst.Y, *inst.fw.G, *inst.fw.F, *inst.grads(), ntk(X, Ws, act), ntk_reference(X, Ws, act),
           *jacobian_blocks(X, Ws, act), *jacobian_reference(X, Ws, act), *ntk_blocks(X, Ws, act),
           act.deriv(X), act.second_deriv(X), act.leaky_gap(X), act(X)]
    if inst.Ws_b is not None:
        out += inst.Ws_b
    return out


DTYPE_CASES = [
    Case(widths=(3, 4, 2), n=3, activation="leaky_relu(0.1)"),
    Case(widths=(3, 4, 3, 2), n=2, activation="relu(kink=0.5)", init="integer", data="integer"),
    Case(widths=(3, 4, 4, 2), n=3, activation="smooth_leaky_relu(0.1,5)", form="zou_gu", init="zou_gu",
         data="unit_last", pair="noise"),
    Case(widths=(3, 2, 2, 2, 3), n=2, activation="relu(kink=1)", form="allen_zhu", init="allen_zhu",
         data="separated", targets="integer", pair="one_layer"),
    Case(widths=(2, 3, 3, 1), n=3, activation="leaky_relu(0.3)", init="nguyen_cor32", data="sphere", pair="integer"),
    Case(widths=(2, 3, 3, 3), n=2, activation="smooth_leaky_relu(0.5,1)", init="nm_recipe", data="rademacher",
         pair="independent"),
]


def test_outputs_float64_and_default_dtype_untouched() -> None:
    """Every public output is float64, and using the library leaves torch's default dtype alone."""
    before = torch.get_default_dtype()
    for case in DTYPE_CASES:
        for t in _everything(case):
            assert t.dtype == F64, case
    assert torch.get_default_dtype() == before


def test_results_do_not_depend_on_default_dtype() -> None:
    """Same bits whether torch's default dtype is float32 or float64 (a float32 literal would differ:
    e.g. a leaky slope 0.1 built in the default dtype is 0.10000000149)."""
    before = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float32)
        a = [_everything(c) for c in DTYPE_CASES]
        torch.set_default_dtype(torch.float64)
        b = [_everything(c) for c in DTYPE_CASES]
    finally:
        torch.set_default_dtype(before)
    for case, xs, ys in zip(DTYPE_CASES, a, b, strict=True):
        for x, y in zip(xs, ys, strict=True):
            assert torch.equal(x, y), case


def test_report_measured_errors() -> None:
    """Prints the max errors seen by this module's tests (run with -s)."""
    print(f"\nmax error / max|ref|: NTK vs jacrev {MEASURED['ntk']:.2e}, blocks {MEASURED['blocks']:.2e}, "
          f"Jacobian blocks {MEASURED['jacobian']:.2e}")
