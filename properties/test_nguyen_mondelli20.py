"""Nguyen & Mondelli 2020 (seed 001): one property per claim of `nnverify.claims.nguyen_mondelli20`."""

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


@pytest.mark.claim("nguyen_mondelli20.sec3.1.eq10")
@given(case=nguyen_mondelli20.small_second_layer.cases())
def test_small_second_layer(case: Case) -> None:
    check(nguyen_mondelli20.small_second_layer, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.eq11")
@given(case=nguyen_mondelli20.recipe_implies_eq4.cases())
def test_recipe_implies_eq4(case: Case) -> None:
    check(nguyen_mondelli20.recipe_implies_eq4, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.duplicates")
@given(case=nguyen_mondelli20.duplicated_samples.cases())
def test_duplicated_samples(case: Case) -> None:
    check(nguyen_mondelli20.duplicated_samples, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.close_points")
@given(case=nguyen_mondelli20.close_samples_small_lambda_f.cases())
def test_close_samples_small_lambda_f(case: Case) -> None:
    check(nguyen_mondelli20.close_samples_small_lambda_f, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.2.eq14")
@given(case=nguyen_mondelli20.lambda_star_upper_bound.cases())
def test_lambda_star_upper_bound(case: Case) -> None:
    check(nguyen_mondelli20.lambda_star_upper_bound, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.eq16")
@given(case=nguyen_mondelli20.hermite_expansion.cases())
def test_hermite_expansion(case: Case) -> None:
    check(nguyen_mondelli20.hermite_expansion, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.hermite_nonzero")
@given(case=nguyen_mondelli20.hermite_mass_at_high_order.cases())
def test_hermite_mass_at_high_order(case: Case) -> None:
    check(nguyen_mondelli20.hermite_mass_at_high_order, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.linear_sigma")
@given(case=nguyen_mondelli20.linear_activation_gram.cases())
def test_linear_activation_gram(case: Case) -> None:
    check(nguyen_mondelli20.linear_activation_gram, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.scale_remark")
@given(case=nguyen_mondelli20.joint_rescaling_invariance.cases())
def test_joint_rescaling_invariance(case: Case) -> None:
    check(nguyen_mondelli20.joint_rescaling_invariance, case)
