"""Nguyen 2021 (seed 000): one property per claim of `nnverify.claims.nguyen21`."""

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
