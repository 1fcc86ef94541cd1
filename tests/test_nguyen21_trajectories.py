"""Nguyen 2021 Thm 2.2 class-C machinery: constructions, certified tracker, mutants on the catalog's cases,
the experiments' smoke run."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import torch

from nnverify.claims import evaluate_case
from nnverify.claims import nguyen21_theorem as T
from nnverify.claims.nguyen21 import conditions
from nnverify.experiments import nguyen21 as E
from nnverify.linalg import sigma_min_rows, spectral_norm
from nnverify.types import Case


def _well(N: int = 2, L: int = 2, **p: float) -> Case:
    return T._well_case(N, L, 1, 0, tuple({"eta_frac": 0.99, **p}.items()))


def test_well_construction_meets_conditions_and_is_minimal() -> None:
    inst = _well(2, 3).build()
    s = T.construct(inst)
    assert isinstance(s, T.Setup) and all(s.cond.holds.values())
    assert s.eta < s.cond.eta_max and s.contraction > T.MIN_CONTRACTION
    # F_{L−1} = β^{L−1}[I, 0]: α₀ = β²
    assert math.isclose(s.cond.alpha0, s.beta ** 2, rel_tol=1e-12)
    below = [0.999 * s.beta * W for W in inst.Ws[:-1]] + [torch.zeros_like(inst.Ws[-1])]
    lam_ok = conditions(inst, s.C, below)
    assert not all(lam_ok.holds.values())  # β_min is (nearly) the smallest β


def test_paper_construction_is_nearly_vacuous() -> None:
    case = Case(widths=(4, 5, 6, 1), n=3, init="lecun", data="sphere", seed=1, params=(("kind", 2.0),))
    s = T.construct(case.build())
    assert isinstance(s, T.Setup) and s.contraction < 1e-6  # catalog (A): 9e−8 … 3e−13
    assert T._requires(case.build()) is not None


def test_tracker_matches_exact_values() -> None:
    inst = _well(3, 3).build()
    s = T.construct(inst)
    r = T.run(s, inst, 150, refresh=1_000_000)
    th = dataclasses.replace(inst, Ws=list(s.Ws), case=None)
    from nnverify.train import gd

    traj = gd(th, s.eta, 150, keep_thetas=True)
    for k in (0, 37, 150):
        Ws = traj.thetas[traj.theta_steps.index(k)]
        for l, W in enumerate(Ws):
            ex = spectral_norm(W)
            assert ex <= r.wnorm[k, l] * (1 + 1e-12) and r.wnorm[k, l] <= s.cond.lam_bar[l]  # certified ≥ exact
        F = inst.forward(Ws).F[2]
        assert r.sigma[k] <= sigma_min_rows(F) * (1 + 1e-12)  # certified ≤ exact
    assert np.allclose(r.phi, traj.losses.numpy(), rtol=0, atol=0)


def test_claims_hold_and_mutants_fail_on_catalog_cases() -> None:
    case = _well(2, 2)
    for c in (T.linear_convergence, T.weights_stay_in_ball, T.last_hidden_well_conditioned, T.path_length,
              T.hidden_drift, T.printed_step):
        assert evaluate_case(c, case)[0].outcome == "held", c.id
        assert evaluate_case(c, case, "mutant")[0].outcome == "violated", c.id
    # (10) without its second term diverges (catalog eq11 mutant)
    assert evaluate_case(T.linear_convergence, case, "no_second_term_10")[0].outcome == "violated"


def test_quarter_rate_is_not_a_mutant() -> None:
    """(11) with α₀²/4 (even 5α₀²/16) follows from the proof's own chain with corrected constants
    (errata 3: 1 − 2ησ_min² + η²Q₁² + 2ηQ₂ ≤ 1 − 5ηα₀²/16 under (10), (9), σ_min ≥ α₀/2): it must hold."""
    for case in (_well(2, 2), _well(3, 3), _well(1, 2)):
        for v in ("quarter", "corrected_5_16"):
            assert evaluate_case(T.linear_convergence, case, v)[0].outcome == "held", (case, v)


def test_experiment_quick_smoke(tmp_path) -> None:
    import os

    os.environ["NNVERIFY_RESULTS"] = str(tmp_path / "res")
    try:
        out = E.main(["--out", str(tmp_path / "x"), "--quick", "--no-plots"])
    finally:
        del os.environ["NNVERIFY_RESULTS"]
    rows = out["conservative"]["rows"]
    assert rows and all(r["measured"] >= r["guaranteed"] for r in rows)
    assert (tmp_path / "x" / "results.md").exists()
    assert list((tmp_path / "res" / "measurements").glob("nguyen21.thm2.2.eq11*.json"))
    # width scans: every measured exponent has a verdict; scans outside the hypotheses never read "refuted"
    import json

    ms = {p.name: json.loads(p.read_text()) for p in (tmp_path / "res" / "measurements").glob("*.width_*.json")}
    assert "nguyen21.cor3.2.main.width_in_N.json" in ms and "nguyen21.sec3.2.width_n2.width_dN2.json" in ms
    for name in ("nguyen21.cor3.2.main.width_in_N_fixed.json", "nguyen21.sec3.2.width_n2.width_d4.json"):
        assert name not in ms or ms[name]["verdict"].startswith("outside the hypotheses"), ms[name]["verdict"]
    assert out["width_scaling"]["d=N²"]["scans"] and out["cor32_width"]["in_m"]["scans"]
