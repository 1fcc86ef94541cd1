"""Every mutant (plausible wrong variant) of every claim is caught, and its counterexample is small.

A derandomised `find` over the claim's own case strategy (the one its property uses) must reach a
case on which the variant is violated, within a ci-sized budget. The shrunk case must be small:
depth ≤ 4 and N·Σwidths ≤ 60 (sizes reached are printed with `-s`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, find, settings

from nnverify.claims import evaluate_case, get, registry
from nnverify.types import Case

MUTANT_BUDGET = settings(max_examples=400, derandomize=True, database=None, deadline=None,
                         suppress_health_check=list(HealthCheck),
                         phases=[Phase.generate, Phase.target, Phase.shrink])

WITH_MUTANT = [c.id for c in registry() if "mutant" in c.variants]
ERRATA = [c.id for c in registry() if "printed" in c.variants]


def _violated(claim_id: str, variant: str) -> Callable[[Case], bool]:
    c = get(claim_id)

    def cond(case: Case) -> bool:
        return evaluate_case(c, case, variant)[0].outcome == "violated"

    return cond


def _small(case: Case) -> bool:
    return case.depth <= 4 and case.n * sum(case.widths) <= 60


@pytest.mark.parametrize("claim_id", WITH_MUTANT)
def test_mutant_is_caught(claim_id: str) -> None:
    c = get(claim_id)
    found = find(c.cases(), _violated(claim_id, "mutant"), settings=MUTANT_BUDGET)
    # the original claim holds on the same case: the mutant, not the case, is what fails
    assert evaluate_case(c, found)[0].outcome != "violated", f"{claim_id} itself fails on {found!r}"
    print(f"{claim_id}: mutant caught at size depth={found.depth} N={found.n} widths={found.widths}")
    assert _small(found), f"{claim_id}: shrunk counterexample is large: {found!r}"


def test_halved_gradient_bound_shrinks_to_depth_two() -> None:
    """Nguyen Lemma 2.1 (4) with its right side halved is false; Hypothesis finds it and shrinks it
    to depth 2, widths ≤ 2, N ≤ 2 (the issue's shrinking requirement)."""
    c = get("nguyen21.lemma2.1.eq4")
    found = find(c.cases(), _violated(c.id, "halved"), settings=MUTANT_BUDGET)
    assert found.depth == 2 and max(found.widths) <= 2 and found.n <= 2, found


@pytest.mark.parametrize("claim_id", ERRATA)
def test_printed_form_has_counterexample(claim_id: str) -> None:
    """An erratum: the statement as printed in the seed text is false (shrunk counterexample found),
    while the corrected claim holds on that case (the property checks the corrected form)."""
    c = get(claim_id)
    found = find(c.cases(), _violated(claim_id, "printed"), settings=MUTANT_BUDGET)
    assert evaluate_case(c, found)[0].outcome != "violated", f"{claim_id}: corrected form fails on {found!r}"
    print(f"{claim_id}: printed form refuted at depth={found.depth} N={found.n} widths={found.widths}")


def test_every_claim_with_variants_is_tested() -> None:
    assert all(get(i).strategy is not None for i in WITH_MUTANT + ERRATA)
