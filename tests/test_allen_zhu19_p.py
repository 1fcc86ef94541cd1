"""Allen-Zhu, Li & Song 2019, class P: every registered mutant (and printed erratum) is refuted by the
same statistical test at fixed seeds (offset 0), while the claim itself is consistent there."""

from __future__ import annotations

import pytest

from nnverify.claims import allen_zhu19, allen_zhu19_asymptotic, allen_zhu19_theorem, get, registry
from nnverify.claims.core import Kind

P_IDS = [c.id for c in registry() if c.id.startswith("allen_zhu19.") and c.kind is Kind.P]
WITH_MUTANT = [i for i in P_IDS if "mutant" in get(i).variants]
PRINTED = [i for i in P_IDS if "printed" in get(i).variants]


@pytest.mark.parametrize("claim_id", WITH_MUTANT)
def test_mutant_refuted(claim_id: str) -> None:
    res = allen_zhu19_asymptotic.p_result(claim_id, "mutant", seed=0)
    assert res.verdict == "refuted", res.describe()


@pytest.mark.parametrize("claim_id", PRINTED)
def test_printed_refuted(claim_id: str) -> None:
    res = allen_zhu19_asymptotic.p_result(claim_id, "printed", seed=0)
    assert res.verdict == "refuted", res.describe()


def test_p_results_are_cached_and_deterministic() -> None:
    a = allen_zhu19_asymptotic.p_result("allen_zhu19.step1.backward_norm", None, seed=0)
    assert allen_zhu19_asymptotic.p_result("allen_zhu19.step1.backward_norm", None, seed=0) is a
    allen_zhu19_asymptotic._P_CACHE.clear()
    b = allen_zhu19_asymptotic.p_result("allen_zhu19.step1.backward_norm", None, seed=0)
    assert a.scans[0].y == b.scans[0].y


def test_interpolation_trajectory_measurement() -> None:
    """One representative SGD trajectory of allen_zhu19.thm2.remark_interpolation (n = 5, p = 3, η at the upper
    bound): the realised ‖x_k − x*‖² against the expectation bound (1 − ηλ_min/n)^k‖x₀ − x*‖², written for the
    report; the claim itself (checked per iterate on conditional expectations) holds on this case."""
    import math

    import torch

    from nnverify.claims import evaluate_case
    from nnverify.measurements import write_measurement
    from nnverify.types import Case

    A = torch.randn(5, 3, generator=torch.Generator().manual_seed(11), dtype=torch.float64)
    case = Case(widths=(3, 3), n=5, X=allen_zhu19._tuples(A), seed=3, params=(("eta_frac", 1.0), ("K", 200.0)))
    assert evaluate_case(allen_zhu19_theorem.sgd_interpolation, case)[0].outcome == "held"
    _, xs, x, eta, lam, K = allen_zhu19_theorem._interp_setup(case.build())
    b = A @ xs
    idx = torch.randint(0, 5, (K,), generator=torch.Generator().manual_seed(case.seed + 777))
    errs = [float((x - xs) @ (x - xs))]
    for k in range(K):
        a = A[int(idx[k])]
        x = x - eta * a * (a @ x - b[int(idx[k])])
        errs.append(float((x - xs) @ (x - xs)))
    rate = eta * lam / 5
    write_measurement("allen_zhu19.thm2.remark_interpolation",
                      {"type": "trajectory", "kind": "C", "k": list(range(K + 1)), "loss": errs,
                       "bound": [errs[0] * (1 - rate) ** k for k in range(K + 1)],
                       "label": "realised ‖x_k − x*‖² vs expectation bound (1 − ηλ_min/n)^k‖x₀ − x*‖²"})
    assert all(math.isfinite(e) for e in errs) and errs[-1] < errs[0]
