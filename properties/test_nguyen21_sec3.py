"""Nguyen 2021 (seed 000): one property per claim of `nnverify.claims.nguyen21_sec3` (§3, class D)."""

import pytest
from hypothesis import given

from nnverify.claims import check, nguyen21_sec3
from nnverify.types import Case


@pytest.mark.claim("nguyen21.sec3.1.eq14")
@given(case=nguyen21_sec3.scaled_init_condition7.cases())
def test_scaled_init_condition7(case: Case) -> None:
    check(nguyen21_sec3.scaled_init_condition7, case)


@pytest.mark.claim("nguyen21.sec3.1.eq15")
@given(case=nguyen21_sec3.scaled_init_conditions_8_9.cases())
def test_scaled_init_conditions_8_9(case: Case) -> None:
    check(nguyen21_sec3.scaled_init_conditions_8_9, case)


@pytest.mark.claim("nguyen21.sec3.1.large_beta")
@given(case=nguyen21_sec3.conditions_hold_for_large_beta.cases())
def test_conditions_hold_for_large_beta(case: Case) -> None:
    check(nguyen21_sec3.conditions_hold_for_large_beta, case)


@pytest.mark.claim("nguyen21.sec3.2.eq16_18")
@given(case=nguyen21_sec3.two_layer_conditions.cases())
def test_two_layer_conditions(case: Case) -> None:
    check(nguyen21_sec3.two_layer_conditions, case)


@pytest.mark.claim("nguyen21.cor3.2.exponents")
@given(case=nguyen21_sec3.corollary_exponents.cases())
def test_corollary_exponents(case: Case) -> None:
    check(nguyen21_sec3.corollary_exponents, case)


@pytest.mark.claim("nguyen21.cor3.2.cond8_from_9")
@given(case=nguyen21_sec3.condition8_from_condition9.cases())
def test_condition8_from_condition9(case: Case) -> None:
    check(nguyen21_sec3.condition8_from_condition9, case)
