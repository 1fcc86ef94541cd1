"""Nguyen 2021 class-P claims: every mutant (and every printed erratum) is refuted by the same statistical test
at a fixed seed offset (0), while the claim itself is consistent there; and each registered P claim's
evaluation agrees with its test's verdict (via `evaluate_case`)."""

from __future__ import annotations

import pytest

from nnverify.claims import evaluate_case, get
from nnverify.claims.core import Kind
from nnverify.claims.nguyen21_asymptotic import _p_case, p_result

IDS = ["nguyen21.sec3.2.eq20", "nguyen21.sec3.2.eq21", "nguyen21.sec3.2.eq22", "nguyen21.sec3.2.lambda_star",
       "nguyen21.sec3.2.width_n2", "nguyen21.lemma3.3.eq29", "nguyen21.cor3.2.lambda_bar",
       "nguyen21.cor3.2.eq30_scaling", "nguyen21.cor3.2.data_norms", "nguyen21.cor3.2.main"]
PRINTED = ["nguyen21.sec3.2.eq20", "nguyen21.sec3.2.width_n2", "nguyen21.cor3.2.data_norms"]


@pytest.mark.parametrize("claim_id", IDS)
def test_mutant_refuted(claim_id: str) -> None:
    assert get(claim_id).kind is Kind.P
    mut = p_result(claim_id, "mutant", seed=0)
    assert not mut.consistent, f"mutant not refuted:\n{mut.summary()}"
    assert p_result(claim_id, None, seed=0).consistent, p_result(claim_id, None, seed=0).summary()
    assert any(e.violated for e in mut.evaluations())


@pytest.mark.parametrize("claim_id", PRINTED)
def test_printed_refuted(claim_id: str) -> None:
    pr = p_result(claim_id, "printed", seed=0)
    assert not pr.consistent, f"printed form not refuted:\n{pr.summary()}"


def test_width_n2_printed_slope_near_minus_one() -> None:
    """Errata 6: along the printed n₁ = 4N² (d = N²) the (18) ratio decays like N^{−1} (catalog pilot −0.83)."""
    fit = p_result("nguyen21.sec3.2.width_n2", "printed", seed=0).scans[0].fit
    assert fit is not None and fit.ci[1] < -0.5, fit


@pytest.mark.parametrize("claim_id", ["nguyen21.sec3.2.eq22", "nguyen21.cor3.2.eq30_scaling"])
def test_evaluate_case_matches_verdict(claim_id: str) -> None:
    c = get(claim_id)
    case = _p_case()
    assert evaluate_case(c, case)[0].outcome != "violated"
    assert evaluate_case(c, case, "mutant")[0].outcome == "violated"
