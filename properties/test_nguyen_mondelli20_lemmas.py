"""Nguyen & Mondelli 2020 (seed 001), §4: one property per claim of `nnverify.claims.nguyen_mondelli20_lemmas`."""

import pytest
from hypothesis import given

from nnverify.claims import check
from nnverify.claims import nguyen_mondelli20_lemmas as nm4
from nnverify.types import Case


@pytest.mark.claim("nguyen_mondelli20.lemma4.1.1")
@given(case=nm4.gradient_kronecker_formula.cases())
def test_gradient_kronecker_formula(case: Case) -> None:
    check(nm4.gradient_kronecker_formula, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.1.2")
@given(case=nm4.jacobian_kronecker_formula.cases())
def test_jacobian_kronecker_formula(case: Case) -> None:
    check(nm4.jacobian_kronecker_formula, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.1.3")
@given(case=nm4.w2_gradient_lower_bound.cases())
def test_w2_gradient_lower_bound(case: Case) -> None:
    check(nm4.w2_gradient_lower_bound, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.1.prod_smin")
@given(case=nm4.tall_chain_sigma_min.cases())
def test_tall_chain_sigma_min(case: Case) -> None:
    check(nm4.tall_chain_sigma_min, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.1.fact_stationary")
@given(case=nm4.full_rank_stationary_is_global.cases())
def test_full_rank_stationary_is_global(case: Case) -> None:
    check(nm4.full_rank_stationary_is_global, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.2.eq17")
@given(case=nm4.layer_output_bound.cases())
def test_layer_output_bound(case: Case) -> None:
    check(nm4.layer_output_bound, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.2.eq18")
@given(case=nm4.gradient_block_bound.cases())
def test_gradient_block_bound(case: Case) -> None:
    check(nm4.gradient_block_bound, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.2.eq19")
@given(case=nm4.output_lipschitz.cases())
def test_output_lipschitz(case: Case) -> None:
    check(nm4.output_lipschitz, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.2.eq20")
@given(case=nm4.jacobian_block_lipschitz.cases())
def test_jacobian_block_lipschitz(case: Case) -> None:
    check(nm4.jacobian_block_lipschitz, case)


@pytest.mark.claim("nguyen_mondelli20.lemma4.3")
@given(case=nm4.segment_descent_lemma.cases())
def test_segment_descent_lemma(case: Case) -> None:
    check(nm4.segment_descent_lemma, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.f1_lipschitz")
@given(case=nm4.first_layer_lipschitz.cases())
def test_first_layer_lipschitz(case: Case) -> None:
    check(nm4.first_layer_lipschitz, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.grad_jt")
@given(case=nm4.gradient_is_jacobian_transpose_residual.cases())
def test_gradient_is_jacobian_transpose_residual(case: Case) -> None:
    check(nm4.gradient_is_jacobian_transpose_residual, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.eq22")
@given(case=nm4.gradient_difference_triangle.cases())
def test_gradient_difference_triangle(case: Case) -> None:
    check(nm4.gradient_difference_triangle, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.partition_norm")
@given(case=nm4.block_row_norm.cases())
def test_block_row_norm(case: Case) -> None:
    check(nm4.block_row_norm, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.jac_norm")
@given(case=nm4.jacobian_norm_chain.cases())
def test_jacobian_norm_chain(case: Case) -> None:
    check(nm4.jacobian_norm_chain, case)
