"""Allen-Zhu, Li & Song 2019 (seed 002): one property per class-D claim of `nnverify.claims.allen_zhu19`."""

import pytest
from hypothesis import given

from nnverify.claims import allen_zhu19, check
from nnverify.types import Case


@pytest.mark.claim("allen_zhu19.fn3.normalisation")
@given(case=allen_zhu19.data_normalisation.cases())
def test_data_normalisation(case: Case) -> None:
    check(allen_zhu19.data_normalisation, case)


@pytest.mark.claim("allen_zhu19.fn3.bias")
@given(case=allen_zhu19.bias_coordinate.cases())
def test_bias_coordinate(case: Case) -> None:
    check(allen_zhu19.bias_coordinate, case)


@pytest.mark.claim("allen_zhu19.def2.2.h_eq_dg")
@given(case=allen_zhu19.h_equals_dg.cases())
def test_h_equals_dg(case: Case) -> None:
    check(allen_zhu19.h_equals_dg, case)


@pytest.mark.claim("allen_zhu19.fact2.6.row")
@given(case=allen_zhu19.gradient_row_form.cases())
def test_gradient_row_form(case: Case) -> None:
    check(allen_zhu19.gradient_row_form, case)


@pytest.mark.claim("allen_zhu19.fact2.6.matrix")
@given(case=allen_zhu19.gradient_matrix_form.cases())
def test_gradient_matrix_form(case: Case) -> None:
    check(allen_zhu19.gradient_matrix_form, case)


@pytest.mark.claim("allen_zhu19.sec1.duplicate_floor")
@given(case=allen_zhu19.duplicate_floor.cases())
def test_duplicate_floor(case: Case) -> None:
    check(allen_zhu19.duplicate_floor, case)


@pytest.mark.claim("allen_zhu19.thm5.l2_gradient_dominant")
@given(case=allen_zhu19.l2_gradient_dominant.cases())
def test_l2_gradient_dominant(case: Case) -> None:
    check(allen_zhu19.l2_gradient_dominant, case)


@pytest.mark.claim("allen_zhu19.fn5.not_gradient_dominant")
@given(case=allen_zhu19.not_gradient_dominant.cases())
def test_not_gradient_dominant(case: Case) -> None:
    check(allen_zhu19.not_gradient_dominant, case)


@pytest.mark.claim("allen_zhu19.fn7.ce_quarter")
@given(case=allen_zhu19.ce_quarter_accuracy.cases())
def test_ce_quarter_accuracy(case: Case) -> None:
    check(allen_zhu19.ce_quarter_accuracy, case)
