"""Library tests of `nnverify.claims.nguyen_mondelli20_runs` (constructions, batched quantities) and
`nnverify.claims.nguyen_mondelli20_theorem` (extra mutants), and a smoke run of
`nnverify.experiments.nguyen_mondelli20 --quick`."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, Phase, find, settings

from nnverify.claims import evaluate_case, get
from nnverify.claims import nguyen_mondelli20_runs as nmr
from nnverify.claims import nguyen_mondelli20_theorem as nmt
from nnverify.claims.nguyen_mondelli20 import assumption31
from nnverify.grad import gradients
from nnverify.ntk import jacobian_reference
from nnverify.train import gd
from nnverify.types import Case

BUDGET = settings(max_examples=400, derandomize=True, database=None, deadline=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.target, Phase.shrink])


def _label(seed: int = 0, widths: tuple[int, ...] = (3, 8, 3), n: int = 3, margin: float = 0.99,
           act: str = "smooth_leaky_relu(0.5,1.0)", upper: float = 1.0, v: float = 0.0) -> Case:
    return Case(widths=widths, n=n, activation=act, init="lecun", seed=seed,
                params=(("construction", 0.0), ("v", v), ("eta_frac", 0.99), ("upper", upper), ("margin", margin)))


def _recipe(seed: int = 0, widths: tuple[int, ...] = (3, 4, 3, 2), n: int = 4) -> Case:
    return Case(widths=widths, n=n, activation="smooth_leaky_relu(0.5,1.0)", init="lecun", seed=seed,
                params=(("construction", 1.0), ("v", 0.0), ("eta_frac", 0.99)))


@pytest.mark.parametrize("margin", [0.5, 0.99])
def test_label_scaling_meets_assumption_with_the_margin(margin: float) -> None:
    """Label scaling: max(ρ₄, ρ₅) equals the margin m (both are linear in √(2Φ(θ₀)) = t‖Y_dir‖)."""
    s = nmr.construct(_label(margin=margin).build())
    assert isinstance(s, nmr.Setup)
    worst = max(float(s.a31["rho4"]), float(s.a31["rho5"]))
    assert abs(worst - margin) <= 1e-12 * margin
    assert s.eta == pytest.approx(0.99 * min(1 / s.alpha0, 1 / s.Q0), rel=1e-15)


def test_recipe_scales_c_and_meets_assumption() -> None:
    """§3.1 recipe with W₂⁰ = 0: c = (2 max ρ(1))^{1/(L−2)}, then ρ₅ = ρ₅(1)/c^{L−2} = ½·ρ₅(1)/max ρ(1) ≤ ½."""
    inst = _recipe().build()
    s = nmr.construct(inst)
    assert isinstance(s, nmr.Setup) and s.c > 1
    a = assumption31(s.instance(inst))
    assert a["rho4"] <= 0.5 * (1 + 1e-12) and a["rho5"] <= 0.5 * (1 + 1e-12)
    assert float(a["rho5"]) * s.c == pytest.approx(s.rho_c1[1], rel=1e-10)
    assert all(torch.equal(W, s.c * torch.eye(*W.shape, dtype=torch.float64)) for W in s.Ws[2:])


def test_recipe_is_refused_for_two_layers() -> None:
    """Catalog erratum 4: for L = 2, c does not enter (4), so the recipe is not a construction."""
    assert isinstance(nmr.construct(_recipe(widths=(3, 4, 1)).build()), str)


def test_run_matches_train_and_library_gradients() -> None:
    """The run's accumulated updates equal `train.gd`'s, its stored gradients the library's, its batched
    forward the cached one; the batched Jacobian blocks have the spectral norms of autograd's."""
    inst = _label(widths=(3, 6, 3, 2), n=3).build()
    s = nmr.construct(inst)
    assert isinstance(s, nmr.Setup)
    r = nmr.run(s, inst, 30)
    traj = gd(s.instance(inst), s.eta, 30)
    for l in range(r.L):
        assert np.array_equal(r.dW[l][-1], traj.accumulated[l].numpy())
        assert np.array_equal(r.W[l][-1], traj.Ws[l].numpy())
    th = s.instance(inst)
    g0 = gradients(th.X, th.Ws, th.Y, th.act)
    assert all(np.allclose(r.g[l][0], g0[l].numpy(), rtol=1e-13, atol=0) for l in range(r.L))
    Gs, Fs = nmr._fwd(th.X, [W[None] for W in th.Ws], th.act)
    blocks = nmr._jacobian_blocks(Gs, Fs, [W[None] for W in th.Ws], th.act)
    ref = jacobian_reference(th.X, th.Ws, th.act)
    for b, J in zip(blocks, ref, strict=True):
        Jr = J.reshape(b.shape[1], -1)
        assert torch.linalg.matrix_norm(b[0], 2).item() == pytest.approx(torch.linalg.matrix_norm(Jr, 2).item(),
                                                                         rel=1e-12)


def test_gauss_legendre_feature_drift_matches_direct_difference() -> None:
    """ΔF₁ from the accumulated ΔW₁ (Gauss–Legendre mean value) equals σ(XW₁^k) − σ(XW₁⁰) where that is
    not cancellation-dominated."""
    inst = _label(widths=(3, 6, 2), n=3).build()
    s = nmr.construct(inst)
    assert isinstance(s, nmr.Setup)
    r = nmr.run(s, inst, 50)
    th = s.instance(inst)
    F0 = th.act(th.X @ s.Ws[0])
    direct = (th.act(th.X @ torch.from_numpy(r.W[0][r.kg])) - F0).numpy()
    # the direct difference is rounded to ~ε·|F₁| per entry (that is why the run uses Gauss–Legendre)
    assert np.abs(direct).max() > 0
    assert np.allclose(r.dF1()[r.kg], direct, rtol=0, atol=8 * np.finfo(float).eps * float(F0.abs().max()))


def test_guard_truncates_rounding_level_iterates() -> None:
    """Fast instances (N = 1, L = 2) reach rounding-level loss; the run's kg stops before it (numerics (c))."""
    inst = _label(widths=(2, 3, 1), n=1, margin=0.5).build()
    s = nmr.construct(inst)
    assert isinstance(s, nmr.Setup)
    r = nmr.run(s, inst, 3000)
    yf = float(torch.linalg.vector_norm(s.Y))
    assert all(nmr.guard_ok(float(r.phi[k]), float(r.out_fro[k]), yf) for k in range(r.kg + 1))
    if r.kg < r.K:
        assert not nmr.guard_ok(float(r.phi[r.kg + 1]), float(r.out_fro[r.kg + 1]), yf)


@pytest.mark.parametrize("variant", ["rate_top", "rate_q0"])
def test_rate_mutants_of_eq7_are_caught(variant: str) -> None:
    """Rate constant too large (α₀ with ‖F₁⁰‖₂ for λ_F) and rate confused with Q₀: counterexamples exist."""
    c = get("nguyen_mondelli20.thm3.2.eq7")
    found = find(c.cases(), lambda case: evaluate_case(c, case, variant)[0].outcome == "violated", settings=BUDGET)
    assert evaluate_case(c, found)[0].outcome == "held"


def test_eta_without_q0_diverges() -> None:
    """Catalog mutant of (7): η = 0.99/α₀ (η < 1/Q₀ dropped) makes Φ increase at once."""
    inst = _label(widths=(3, 16, 3), n=4).build()
    bad = nmr.construct(inst, eta_rule="alpha_only")
    assert isinstance(bad, nmr.Setup) and bad.eta * bad.Q0 > 1
    traj = gd(bad.instance(inst), bad.eta, 5)
    assert traj.diverged or float(traj.losses[1]) > float(traj.losses[0])


def test_theorem_holds_on_fixed_instances() -> None:
    """All 15 claims hold (or are vacuous) on a label-scaling and a recipe instance."""
    ids = [c for c in (get(i) for i in (
        "nguyen_mondelli20.thm3.2.eq7", "nguyen_mondelli20.thm3.2.eq9", "nguyen_mondelli20.thm3.2.inv21_sigmin_w",
        "nguyen_mondelli20.thm3.2.inv21_norms", "nguyen_mondelli20.thm3.2.inv21_sigmin_f1",
        "nguyen_mondelli20.thm3.2.proof.drift", "nguyen_mondelli20.thm3.2.proof.f1_drift",
        "nguyen_mondelli20.thm3.2.eq23", "nguyen_mondelli20.thm3.2.proof.f_lipschitz_segment",
        "nguyen_mondelli20.thm3.2.proof.jac_lipschitz_segment", "nguyen_mondelli20.thm3.2.proof.grad_lipschitz_q0",
        "nguyen_mondelli20.thm3.2.proof.descent", "nguyen_mondelli20.thm3.2.proof.pl",
        "nguyen_mondelli20.thm3.2.proof.step_contraction", "nguyen_mondelli20.sec3.1.construction"))]
    for case in (_label(widths=(3, 6, 3, 2), n=3, act="smooth_leaky_relu(0.9,1.0)", upper=1.0), _recipe(seed=3)):
        assert nmt._requires(case.build()) is None, nmt._requires(case.build())
        for c in ids:
            out = evaluate_case(c, case)[0].outcome
            ok = ("held", "hypotheses_failed") if c.id.endswith("construction") else ("held",)  # label: not §3.1
            assert out in ok, (c.id, case, out)


def test_quick_experiment(tmp_path: Path) -> None:
    from nnverify.experiments import nguyen_mondelli20 as exp

    t0 = time.time()
    res = exp.main(["--out", str(tmp_path), "--quick", "--measurements", str(tmp_path / "m")])
    assert time.time() - t0 < 60
    assert (tmp_path / "results.md").exists() and (tmp_path / "width_scaling.png").exists()
    rows = [r for r in res["conservativeness"] if "skipped" not in r]
    assert rows and all(r["ratio_min"] >= 1 and math.isfinite(r["guaranteed"]) for r in rows)
    assert any((tmp_path / "m" / "measurements").glob("nguyen_mondelli20.thm3.2.eq7.trajectory_*.json"))
