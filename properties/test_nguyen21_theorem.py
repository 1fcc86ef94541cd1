"""Nguyen 2021 Theorem 2.2 (seed 000) along real GD: one property per class-C claim of
`nnverify.claims.nguyen21_theorem` (K steps per profile, every iterate k ≤ K checked)."""

import pytest
from hypothesis import given

from nnverify.claims import check, nguyen21_theorem
from nnverify.types import Case


@pytest.mark.claim("nguyen21.thm2.2.eq11")
@given(case=nguyen21_theorem.linear_convergence.cases())
def test_linear_convergence(case: Case) -> None:
    check(nguyen21_theorem.linear_convergence, case)


@pytest.mark.claim("nguyen21.thm2.2.inv12_norms")
@given(case=nguyen21_theorem.weights_stay_in_ball.cases())
def test_weights_stay_in_ball(case: Case) -> None:
    check(nguyen21_theorem.weights_stay_in_ball, case)


@pytest.mark.claim("nguyen21.thm2.2.inv12_sigma")
@given(case=nguyen21_theorem.last_hidden_well_conditioned.cases())
def test_last_hidden_well_conditioned(case: Case) -> None:
    check(nguyen21_theorem.last_hidden_well_conditioned, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_path")
@given(case=nguyen21_theorem.path_length.cases())
def test_path_length(case: Case) -> None:
    check(nguyen21_theorem.path_length, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_drift")
@given(case=nguyen21_theorem.hidden_drift.cases())
def test_hidden_drift(case: Case) -> None:
    check(nguyen21_theorem.hidden_drift, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_step_printed")
@given(case=nguyen21_theorem.printed_step.cases())
def test_printed_step(case: Case) -> None:
    check(nguyen21_theorem.printed_step, case)
