"""Nguyen & Mondelli 2020 (seed 001): one property per claim of `nnverify.claims.nguyen_mondelli20` (§2, Asm. 3.1)."""

import pytest
from hypothesis import given

from nnverify.claims import check, nguyen_mondelli20
from nnverify.types import Case


@pytest.mark.claim("nguyen_mondelli20.assump2.1")
@given(case=nguyen_mondelli20.pyramidal_topology.cases())
def test_pyramidal_topology(case: Case) -> None:
    check(nguyen_mondelli20.pyramidal_topology, case)


@pytest.mark.claim("nguyen_mondelli20.assump2.2")
@given(case=nguyen_mondelli20.activation_conditions.cases())
def test_activation_conditions(case: Case) -> None:
    check(nguyen_mondelli20.activation_conditions, case)


@pytest.mark.claim("nguyen_mondelli20.eq2")
@given(case=nguyen_mondelli20.smoothed_leaky_relu.cases())
def test_smoothed_leaky_relu(case: Case) -> None:
    check(nguyen_mondelli20.smoothed_leaky_relu, case)


@pytest.mark.claim("nguyen_mondelli20.lemmab1")
@given(case=nguyen_mondelli20.leaky_relu_approximation.cases())
def test_leaky_relu_approximation(case: Case) -> None:
    check(nguyen_mondelli20.leaky_relu_approximation, case)


@pytest.mark.claim("nguyen_mondelli20.assump3.1.eq4")
@given(case=nguyen_mondelli20.drift_budget_identity.cases())
def test_drift_budget_identity(case: Case) -> None:
    check(nguyen_mondelli20.drift_budget_identity, case)


@pytest.mark.claim("nguyen_mondelli20.assump3.1.eq5")
@given(case=nguyen_mondelli20.feature_budget_identity.cases())
def test_feature_budget_identity(case: Case) -> None:
    check(nguyen_mondelli20.feature_budget_identity, case)
