"""Closed-form gradients (NM Lemma 4.1 (1); AZ Fact 2.6; ZG's chain rule) against autograd and
against central finite differences, for the three network forms and every library activation.

Three references, each independent of the one before:
- `autograd_gradients` (torch.autograd through `nnverify.net.forward`, same σ′(0) convention);
- `_native_gradients`: torch.autograd through a forward written here with torch's own primitives
  (torch.relu has σ′(0) = 0, clamp(min=0) has 1, maximum(u, 0) has ½, F.leaky_relu has γ; the
  smoothed σ written out again, differentiated through ndtr/expm1), so ReLU′(0) conventions are
  checked against torch, not against `Activation.deriv`;
- projected central differences ⟨∇Φ, V⟩ vs D(ε) = (Φ(θ+εV) − Φ(θ−εV))/(2ε) with ‖V‖ = ‖θ‖ (trainable
  layers), one Richardson step R(ε) = (4D(ε/2) − D(ε))/3: error O(ε⁴) truncation + O(u|Φ|/ε) rounding,
  u = 2.2e−16. No single ε serves every case (tiny ∇Φ next to large Φ needs large ε; σ″ = β = 5 at
  large pre-activations needs small ε), so ε is picked from 10^{−1.5} … 10^{−6} (relative to ‖θ‖) where
  consecutive R agree best (Ridders' rule); that disagreement is the FD's own error estimate, and a case
  whose estimate exceeds the tolerance is inconclusive (rejected, never passed). Measured ≤ 8.2e−10
  over 1 000 drawn cases (typically 1e−11).

Closed form vs autograd is compared entrywise relative to the magnitudes summed into each entry
(`_magnitudes`): equal to the plain relative error unless samples cancel.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnverify import strategies as S
from nnverify.activations import Activation
from nnverify.claims import Tolerance
from nnverify.grad import autograd_gradients, backprop, gradients
from nnverify.net import forward
from nnverify.types import Case, Instance

F64 = torch.float64

AUTOGRAD_TOL = Tolerance(1e-12, 0.0, "same float64 products in another order: O(L·n·u) of the summed magnitudes")
FD_TOL = Tolerance(1e-8, 0.0, "Richardson central difference: O(ε⁴) truncation + O(u/ε) rounding, ≈ 1e−10")
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: every form, depth 2–5 (engine), every library activation (relu kinks 0, ½, 1; leaky; smooth).
ALL_FORMS = st.one_of(
    S.cases(max_depth=5, max_width=4, n_max=4),
    S.form_cases("allen_zhu", max_L=3, activations_=S.ACTIVATIONS_ALL, inits=("allen_zhu", "integer", "lecun")),
    S.form_cases("zou_gu", max_L=4, activations_=S.ACTIVATIONS_ALL, inits=("zou_gu", "integer", "lecun")),
)

#: generic draws for finite differences (no forced kinks: gaussian/sphere/unit_last data, Gaussian weights).
GENERIC = st.one_of(
    S.cases(max_depth=5, max_width=4, n_max=4, inits=("lecun", "gaussian"), datasets=("gaussian", "duplicates"),
            targets=("gaussian", "zero"), scale_exp=(-0.5, 0.5), elementwise=False),
    S.form_cases("allen_zhu", max_L=3, activations_=S.ACTIVATIONS_ALL, inits=("allen_zhu",),
                 datasets=("unit_last", "duplicates")),
    S.form_cases("zou_gu", max_L=4, activations_=S.ACTIVATIONS_ALL, inits=("zou_gu",),
                 datasets=("unit_last", "duplicates")),
)

#: exact zero pre-activations: integer data and weights in {−1, 0, 1}, piecewise-linear σ.
KINKED = st.one_of(
    S.cases(max_depth=5, max_width=4, n_max=4, activations_=S.PIECEWISE_LINEAR, inits=("integer",),
            datasets=("integer", "zeros"), targets=("integer",), scale_exp=(0.0, 0.0), elementwise=False),
    S.elementwise_cases(activations_=S.PIECEWISE_LINEAR),
    S.form_cases("allen_zhu", max_L=3, activations_=S.PIECEWISE_LINEAR, inits=("integer",), datasets=("integer",)),
    S.form_cases("zou_gu", max_L=4, activations_=S.PIECEWISE_LINEAR, inits=("integer",), datasets=("integer",)),
)


def _norm(ts: Sequence[torch.Tensor]) -> float:
    return math.sqrt(sum(float((t * t).sum()) for t in ts))


def _rel_err(got: Sequence[torch.Tensor], ref: Sequence[torch.Tensor]) -> float:
    """‖got − ref‖ / ‖ref‖ over all layers (0 when both vanish exactly)."""
    num = _norm([a - b for a, b in zip(got, ref, strict=True)])
    den = _norm(ref)
    return num / den if den > 0 else (0.0 if num == 0 else math.inf)


def _magnitudes(inst: Instance) -> list[torch.Tensor]:
    """|F_{l−1}|ᵀΔ̄_l, Δ̄_L = c(|F_L| + |Y|), Δ̄_l = (Δ̄_{l+1}|W_{l+1}|ᵀ)⊙|σ′(G_l)|: the sizes of the terms
    summed into each gradient entry (what float64 round-off is relative to when terms cancel)."""
    fw, c = inst.fw, inst.loss_scale
    d = c * (fw.out.abs() + inst.Y.abs())
    mags = [fw.F[inst.L - 1].abs().T @ d]
    for l in range(inst.L - 1, 0, -1):
        d = (d @ inst.Ws[l].abs().T) * inst.act.deriv(fw.G[l]).abs()
        mags.append(fw.F[l - 1].abs().T @ d)
    return mags[::-1]


def _scaled_err(inst: Instance, got: Sequence[torch.Tensor], ref: Sequence[torch.Tensor]) -> float:
    """max over entries of |got − ref| / (magnitude of the summed terms); 0/0 := 0.

    Equals the plain relative error when nothing cancels; when samples cancel (Y = ±1e−8 on duplicated
    rows, ∇Φ ≈ 1e−19) round-off is relative to the cancelling terms, not to their tiny sum.
    """
    worst = 0.0
    for a, b, m in zip(got, ref, _magnitudes(inst), strict=True):
        diff = (a - b).abs()
        if bool((diff[m == 0] != 0).any()):
            return math.inf
        if bool((m > 0).any()):
            worst = max(worst, float((diff[m > 0] / m[m > 0]).max()))
    return worst


# ---------------------------------------------------------------- independent torch-native reference
def _native_sigma(act: Activation) -> Callable[[torch.Tensor], torch.Tensor]:
    """σ from torch primitives whose derivative at 0 is documented torch behaviour."""
    g = act.gamma
    if act.name == "relu":
        return {0.0: torch.relu, 1.0: lambda u: torch.clamp(u, min=0.0),
                0.5: lambda u: torch.maximum(u, torch.zeros_like(u))}[act.kink]
    if act.name == "leaky_relu":
        if act.kink == 0.0:
            return lambda u: torch.nn.functional.leaky_relu(u, g)
        assert act.kink == 1.0
        return lambda u: torch.where(u >= 0, u, g * u)
    assert act.name == "smooth_leaky_relu"
    s = (1 - g) / (act.beta * math.sqrt(2 * math.pi))
    # NM eq. (2) closed form γx + (1−γ)(xΦ(x/s) + sφ(x/s)) − (1−γ)²/(2πβ), with sφ(x/s) − (1−γ)²/(2πβ)
    # folded into sφ(0)·expm1(−x²/2s²) (the textbook order leaves σ(0) ≈ 1e−17 ≠ 0, and W = 0 then
    # gets a spurious gradient); autograd differentiates through ndtr/expm1, not through `.deriv`.
    return lambda u: g * u + (1 - g) * (u * torch.special.ndtr(u / s)
                                        + s / math.sqrt(2 * math.pi) * torch.expm1(-0.5 * (u / s) ** 2))


def _native_gradients(inst: Instance) -> list[torch.Tensor]:
    sig = _native_sigma(inst.act)
    Ws = [W.detach().clone().requires_grad_(True) for W in inst.Ws]
    F = inst.X
    for l, W in enumerate(Ws, start=1):
        F = F @ W if l == len(Ws) else sig(F @ W)
    phi = 0.5 / inst.N * ((F - inst.Y) ** 2).sum() if inst.form.name == "zou_gu" else 0.5 * ((F - inst.Y) ** 2).sum()
    return [g.detach() for g in torch.autograd.grad(phi, Ws)]


# ---------------------------------------------------------------- finite differences
#: steps ε (relative to ‖θ‖) tried, largest first: 10^{−1.5} … 10^{−6}.
FD_LADDER = tuple(10.0 ** (-k / 2) for k in range(3, 13))


def _stencil_clear(inst: Instance, V: Sequence[torch.Tensor], eps: float) -> bool:
    """Every hidden pre-activation stays farther from the kink than twice its move over θ ± εV."""
    fw0 = inst.fw
    fwp = inst.forward([W + eps * v for W, v in zip(inst.Ws, V, strict=True)])
    fwm = inst.forward([W - eps * v for W, v in zip(inst.Ws, V, strict=True)])
    for l in range(1, inst.L):
        reach = torch.maximum((fwp.G[l] - fw0.G[l]).abs(), (fwm.G[l] - fw0.G[l]).abs())
        if not bool((fw0.G[l].abs() > 2 * reach).all()):
            return False
    return True


def _fd_error(inst: Instance, piecewise: bool) -> tuple[float, float, float] | None:
    """(relative error, a-posteriori FD error estimate, chosen ε) of the projected central difference.

    V: random on the trainable layers, ‖V‖ = ‖θ‖. D(ε) = (Φ(θ+εV) − Φ(θ−εV))/(2ε) has error
    c₂ε² + c₄ε⁴ + … + O(u|Φ|/ε); one Richardson step R(ε) = (4D(ε/2) − D(ε))/3 removes c₂ε² (error
    O(ε⁴) + O(u|Φ|/ε)). ε is the ladder step where consecutive R agree best (Ridders-style): its
    disagreement is the error estimate. Errors are relative to ‖∇Φ‖·‖V‖. None when a piecewise-linear
    σ leaves fewer than two steps whose stencil clears every kink.
    """
    g = torch.Generator().manual_seed(int(inst.case.seed % 2**31) if inst.case else 0)
    tr = inst.trainable
    V = [torch.randn(W.shape, generator=g, dtype=F64) if t else torch.zeros_like(W)
         for W, t in zip(inst.Ws, tr, strict=True)]
    theta = _norm([W for W, t in zip(inst.Ws, tr, strict=True) if t])
    theta = theta if theta > 0.0 else 1.0  # e.g. Nguyen's W_L = 0: steps relative to 1
    V = [v * (theta / _norm(V)) for v in V]

    def D(eps: float) -> float:
        return (inst.loss([W + eps * v for W, v in zip(inst.Ws, V, strict=True)])
                - inst.loss([W - eps * v for W, v in zip(inst.Ws, V, strict=True)])) / (2 * eps)

    steps = [e for e in FD_LADDER if not piecewise or _stencil_clear(inst, V, e)]
    if len(steps) < 2:
        return None
    R = [(4 * D(e / 2) - D(e)) / 3 for e in steps]
    diffs = [abs(a - b) for a, b in itertools.pairwise(R)]
    k = min(range(len(diffs)), key=diffs.__getitem__)
    grads = inst.grads()
    dot = sum(float((gl * v).sum()) for gl, v in zip(grads, V, strict=True))
    den = _norm([gl for gl, t in zip(grads, tr, strict=True) if t]) * _norm(V)
    if den == 0.0:
        return (0.0, 0.0, steps[k + 1]) if R[k + 1] == 0.0 else (math.inf, math.inf, steps[k + 1])
    return abs(R[k + 1] - dot) / den, diffs[k] / den, steps[k + 1]


MEASURED: dict[str, float] = {"autograd": 0.0, "native": 0.0, "fd": 0.0}


@given(case=ALL_FORMS)
@FEW
def test_closed_form_equals_autograd(case: Case) -> None:
    """NM Lemma 4.1 (1) recursion = autograd of Φ (form's loss factor, 1/N for Zou–Gu), every layer."""
    inst = case.build()
    closed = inst.grads()
    ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act, inst.loss_scale)
    err = _scaled_err(inst, closed, ref)
    MEASURED["autograd"] = max(MEASURED["autograd"], err)
    assert err <= AUTOGRAD_TOL.rtol, (err, case)
    assert all(g.dtype == F64 and g.shape == W.shape for g, W in zip(closed, inst.Ws, strict=True))


@given(case=st.one_of(ALL_FORMS, KINKED))
@FEW
def test_closed_form_equals_torch_native_autograd(case: Case) -> None:
    """Closed form = autograd through torch.relu / clamp / maximum / leaky_relu (σ′(0) = 0, 1, ½, γ)."""
    inst = case.build()
    err = _scaled_err(inst, inst.grads(), _native_gradients(inst))
    MEASURED["native"] = max(MEASURED["native"], err)
    assert err <= AUTOGRAD_TOL.rtol, (err, case)


@given(case=KINKED)
@FEW
def test_kinks_closed_form_equals_autograd(case: Case) -> None:
    """Exact zero pre-activations: closed form and autograd use the same σ′(0) (`kink`)."""
    inst = case.build()
    ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act, inst.loss_scale)
    assert _scaled_err(inst, inst.grads(), ref) <= AUTOGRAD_TOL.rtol, case


@pytest.mark.parametrize("form", ["nguyen", "allen_zhu", "zou_gu"])
def test_kink_convention_matters_and_matches_torch(form: str) -> None:
    """Non-vacuity: on an integer case with exact zeros, kink = 0 and 1 give different gradients, and
    kink = 0, ½, 1 each equal autograd through the torch primitive with that σ′(0) exactly."""
    widths = {"nguyen": (3, 3, 3, 2), "allen_zhu": (3, 3, 3, 3, 3), "zou_gu": (3, 3, 3, 2)}[form]
    found = False
    for seed in range(50):
        base = Case(widths=widths, n=3, form=form, init="integer", data="integer", targets="integer", seed=seed)
        inst = base.build()
        if not any(bool((inst.fw.G[l] == 0).any()) for l in range(1, inst.L)):
            continue
        gs = []
        for kink in (0.0, 0.5, 1.0):
            k_inst = Case(**{**base.__dict__, "activation": f"relu(kink={kink:g})"}).build()
            g = k_inst.grads()
            assert _rel_err(g, _native_gradients(k_inst)) == 0.0  # integer arithmetic: exact
            gs.append(g)
        if any(not torch.equal(a, b) for a, b in zip(gs[0], gs[2], strict=True)):
            found = True
            break
    assert found, "no integer case where ReLU′(0) changes the gradient"


@given(case=GENERIC)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_closed_form_equals_finite_differences(case: Case) -> None:
    """⟨∇Φ, V⟩ = Richardson central difference to 1e−8·‖∇Φ‖‖V‖ (error O(ε⁴) + O(u|Φ|/ε), ε from the
    ladder); piecewise-linear σ only where the stencil stays clear of every kink."""
    inst = case.build()
    res = _fd_error(inst, piecewise=not inst.act.smooth)
    assume(res is not None and res[1] <= FD_TOL.rtol)  # stencil clear of kinks, FD itself resolved
    err, _, _ = res
    MEASURED["fd"] = max(MEASURED["fd"], err)
    assert err <= FD_TOL.rtol, (err, case)


@pytest.mark.parametrize(("form", "depth"), [(f, L) for f, lo in (("nguyen", 2), ("allen_zhu", 3), ("zou_gu", 2))
                                              for L in range(lo, 6)])
@pytest.mark.parametrize("activation", ["relu", "relu(kink=1)", "relu(kink=0.5)", "leaky_relu(0.1)",
                                        "smooth_leaky_relu(0.5,1)", "smooth_leaky_relu(0.1,5)"])
def test_finite_differences_grid(form: str, depth: int, activation: str) -> None:
    """Deterministic sweep: every form × engine depth 2–5 (Allen-Zhu: 3–5) × activation, three seeds each."""
    init = {"nguyen": "lecun", "allen_zhu": "allen_zhu", "zou_gu": "zou_gu"}[form]
    data = "gaussian" if form == "nguyen" else "unit_last"
    checked = 0
    for seed in range(3):
        case = Case(widths=(3, *([4] * (depth - 1)), 2), n=3, activation=activation, form=form, init=init,
                    data=data, seed=seed)
        inst = case.build()
        res = _fd_error(inst, piecewise=not inst.act.smooth)
        if res is None:
            continue
        err, estimate, _ = res
        assert estimate <= FD_TOL.rtol, ("finite differences inconclusive", estimate, case)
        checked += 1
        MEASURED["fd"] = max(MEASURED["fd"], err)
        assert err <= FD_TOL.rtol, (err, case)
        # and the closed form = autograd on the same case
        ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act, inst.loss_scale)
        assert _scaled_err(inst, inst.grads(), ref) <= AUTOGRAD_TOL.rtol
    assert checked >= 1, "every seed crossed a kink"


def test_zou_gu_loss_factor_is_one_over_n() -> None:
    """Zou–Gu eq. (2.1): Φ = (1/n)Σ½‖·‖², so its gradients are the Nguyen-form ones divided by N."""
    case = Case(widths=(3, 4, 4, 2), n=5, form="zou_gu", init="zou_gu", data="unit_last")
    zg = case.build()
    ng = Case(**{**case.__dict__, "form": "nguyen"}).build()
    assert zg.loss_scale == 1 / 5 and ng.loss_scale == 1.0
    assert zg.loss() == pytest.approx(ng.loss() / 5, rel=1e-15)
    for a, b in zip(zg.grads(), ng.grads(), strict=True):
        assert torch.allclose(a, b / 5, rtol=1e-14, atol=0.0)


def test_backprop_deltas_are_dphi_dG() -> None:
    """Δ_l = ∂Φ/∂G_l (NM Lemma 4.1's recursion), checked against autograd w.r.t. each G_l."""
    inst = Case(widths=(3, 4, 3, 2), n=4, activation="smooth_leaky_relu(0.5,1)", init="lecun").build()
    fw = forward(inst.X, inst.Ws, inst.act)
    deltas = backprop(fw, inst.Ws, inst.Y, inst.act)
    for l in range(1, inst.L + 1):
        G = fw.G[l].detach().clone().requires_grad_(True)
        F = G if l == inst.L else inst.act(G)
        for W in inst.Ws[l:]:
            pre = F @ W
            F = pre if W is inst.Ws[-1] else inst.act(pre)
        (dG,) = torch.autograd.grad(0.5 * ((F - inst.Y) ** 2).sum(), G)
        assert torch.allclose(deltas[l - 1], dG, rtol=1e-13, atol=1e-15 * float(dG.abs().max()))
    assert len(gradients(inst.X, inst.Ws, inst.Y, inst.act)) == inst.L


def test_report_measured_errors() -> None:
    """Prints the max errors seen by this module's tests (run with -s)."""
    print(f"\nmax relative error: closed vs autograd {MEASURED['autograd']:.2e}, closed vs torch-native "
          f"{MEASURED['native']:.2e}, closed vs central FD {MEASURED['fd']:.2e}")
