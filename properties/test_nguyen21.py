"""Nguyen 2021 (seed 000): one property per claim of `nnverify.claims.nguyen21` (§1–§2)."""

import pytest
from hypothesis import given

from nnverify.claims import check, nguyen21
from nnverify.types import Case


@pytest.mark.claim("nguyen21.lemma2.1.eq4")
@given(case=nguyen21.gradient_bound.cases())
def test_gradient_bound(case: Case) -> None:
    check(nguyen21.gradient_bound, case)


@pytest.mark.claim("nguyen21.lemma2.1.eq5")
@given(case=nguyen21.layer_lipschitz.cases())
def test_layer_lipschitz(case: Case) -> None:
    check(nguyen21.layer_lipschitz, case)


@pytest.mark.claim("nguyen21.eq2")
@given(case=nguyen21.ntk_sum_of_blocks.cases())
def test_ntk_sum_of_blocks(case: Case) -> None:
    check(nguyen21.ntk_sum_of_blocks, case)


@pytest.mark.claim("nguyen21.eq2.kron_last")
@given(case=nguyen21.ntk_output_block_kron.cases())
def test_ntk_output_block_kron(case: Case) -> None:
    check(nguyen21.ntk_output_block_kron, case)


@pytest.mark.claim("nguyen21.eq3")
@given(case=nguyen21.ntk_lower_bound.cases())
def test_ntk_lower_bound(case: Case) -> None:
    check(nguyen21.ntk_lower_bound, case)


@pytest.mark.claim("nguyen21.sec1.pl")
@given(case=nguyen21.pl_inequality.cases())
def test_pl_inequality(case: Case) -> None:
    check(nguyen21.pl_inequality, case)


@pytest.mark.claim("nguyen21.sec1.pl_last_layer")
@given(case=nguyen21.pl_last_layer.cases())
def test_pl_last_layer(case: Case) -> None:
    check(nguyen21.pl_last_layer, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_grad_wl")
@given(case=nguyen21.output_layer_gradient.cases())
def test_output_layer_gradient(case: Case) -> None:
    check(nguyen21.output_layer_gradient, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_decomp")
@given(case=nguyen21.loss_decomposition.cases())
def test_loss_decomposition(case: Case) -> None:
    check(nguyen21.loss_decomposition, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_q1")
@given(case=nguyen21.one_step_output_move.cases())
def test_one_step_output_move(case: Case) -> None:
    check(nguyen21.one_step_output_move, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_q2")
@given(case=nguyen21.one_step_cross_term.cases())
def test_one_step_cross_term(case: Case) -> None:
    check(nguyen21.one_step_cross_term, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_descent")
@given(case=nguyen21.one_step_descent_term.cases())
def test_one_step_descent_term(case: Case) -> None:
    check(nguyen21.one_step_descent_term, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_step_derived")
@given(case=nguyen21.one_step_loss_bound.cases())
def test_one_step_loss_bound(case: Case) -> None:
    check(nguyen21.one_step_loss_bound, case)


@pytest.mark.claim("nguyen21.thm2.2.proof_step_chain")
@given(case=nguyen21.contraction_factor_chain.cases())
def test_contraction_factor_chain(case: Case) -> None:
    check(nguyen21.contraction_factor_chain, case)


@pytest.mark.claim("nguyen21.thm2.2.remark_fit")
@given(case=nguyen21.exact_fit_when_full_rank.cases())
def test_exact_fit_when_full_rank(case: Case) -> None:
    check(nguyen21.exact_fit_when_full_rank, case)

