"""Nguyen & Mondelli 2020 (seed 001): one property per claim of `nnverify.claims.nguyen_mondelli20_sec3` (§3.1–3.3)."""

import pytest
from hypothesis import given

from nnverify.claims import check, nguyen_mondelli20_sec3
from nnverify.types import Case


@pytest.mark.claim("nguyen_mondelli20.sec3.1.eq10")
@given(case=nguyen_mondelli20_sec3.small_second_layer.cases())
def test_small_second_layer(case: Case) -> None:
    check(nguyen_mondelli20_sec3.small_second_layer, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.eq11")
@given(case=nguyen_mondelli20_sec3.recipe_implies_eq4.cases())
def test_recipe_implies_eq4(case: Case) -> None:
    check(nguyen_mondelli20_sec3.recipe_implies_eq4, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.duplicates")
@given(case=nguyen_mondelli20_sec3.duplicated_samples.cases())
def test_duplicated_samples(case: Case) -> None:
    check(nguyen_mondelli20_sec3.duplicated_samples, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.close_points")
@given(case=nguyen_mondelli20_sec3.close_samples_small_lambda_f.cases())
def test_close_samples_small_lambda_f(case: Case) -> None:
    check(nguyen_mondelli20_sec3.close_samples_small_lambda_f, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.2.eq14")
@given(case=nguyen_mondelli20_sec3.lambda_star_upper_bound.cases())
def test_lambda_star_upper_bound(case: Case) -> None:
    check(nguyen_mondelli20_sec3.lambda_star_upper_bound, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.eq16")
@given(case=nguyen_mondelli20_sec3.hermite_expansion.cases())
def test_hermite_expansion(case: Case) -> None:
    check(nguyen_mondelli20_sec3.hermite_expansion, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.hermite_nonzero")
@given(case=nguyen_mondelli20_sec3.hermite_mass_at_high_order.cases())
def test_hermite_mass_at_high_order(case: Case) -> None:
    check(nguyen_mondelli20_sec3.hermite_mass_at_high_order, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.linear_sigma")
@given(case=nguyen_mondelli20_sec3.linear_activation_gram.cases())
def test_linear_activation_gram(case: Case) -> None:
    check(nguyen_mondelli20_sec3.linear_activation_gram, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.scale_remark")
@given(case=nguyen_mondelli20_sec3.joint_rescaling_invariance.cases())
def test_joint_rescaling_invariance(case: Case) -> None:
    check(nguyen_mondelli20_sec3.joint_rescaling_invariance, case)
