"""Zou & Gu 2019 (seed 003): one property per claim of `nnverify.claims.zou_gu19`."""

import pytest
from hypothesis import given

from nnverify.claims import check, zou_gu19
from nnverify.types import Case


@pytest.mark.claim("zou_gu19.asm3.1")
@given(case=zou_gu19.unit_norm_data.cases())
def test_unit_norm_data(case: Case) -> None:
    check(zou_gu19.unit_norm_data, case)


@pytest.mark.claim("zou_gu19.asm3.2")
@given(case=zou_gu19.separation.cases())
def test_separation(case: Case) -> None:
    check(zou_gu19.separation, case)


@pytest.mark.claim("zou_gu19.fn2.xnorm")
@given(case=zou_gu19.data_spectral_norm.cases())
def test_data_spectral_norm(case: Case) -> None:
    check(zou_gu19.data_spectral_norm, case)


@pytest.mark.claim("zou_gu19.prop3.6.equiv")
@given(case=zou_gu19.ntk_gram_definite_iff_distinct.cases())
def test_ntk_gram_definite_iff_distinct(case: Case) -> None:
    check(zou_gu19.ntk_gram_definite_iff_distinct, case)


@pytest.mark.claim("zou_gu19.sec4.1.grad_wlj")
@given(case=zou_gu19.last_hidden_row_gradient.cases())
def test_last_hidden_row_gradient(case: Case) -> None:
    check(zou_gu19.last_hidden_row_gradient, case)


@pytest.mark.claim("zou_gu19.sec4.1.grad_decomp")
@given(case=zou_gu19.gradient_norm_decomposition.cases())
def test_gradient_norm_decomposition(case: Case) -> None:
    check(zou_gu19.gradient_norm_decomposition, case)


@pytest.mark.claim("zou_gu19.sec4.3.top_layer_grad")
@given(case=zou_gu19.top_layer_gradient.cases())
def test_top_layer_gradient(case: Case) -> None:
    check(zou_gu19.top_layer_gradient, case)


@pytest.mark.claim("zou_gu19.eq4.1.step_identity")
@given(case=zou_gu19.gd_step_length.cases())
def test_gd_step_length(case: Case) -> None:
    check(zou_gu19.gd_step_length, case)


@pytest.mark.claim("zou_gu19.eq4.1.telescope")
@given(case=zou_gu19.telescoped_trajectory.cases())
def test_telescoped_trajectory(case: Case) -> None:
    check(zou_gu19.telescoped_trajectory, case)


@pytest.mark.claim("zou_gu19.rem3.4")
@given(case=zou_gu19.gd_improvement_factors.cases())
def test_gd_improvement_factors(case: Case) -> None:
    check(zou_gu19.gd_improvement_factors, case)


@pytest.mark.claim("zou_gu19.rem3.7")
@given(case=zou_gu19.lambda0_translation.cases())
def test_lambda0_translation(case: Case) -> None:
    check(zou_gu19.lambda0_translation, case)


@pytest.mark.claim("zou_gu19.rem3.9")
@given(case=zou_gu19.sgd_improvement_factors.cases())
def test_sgd_improvement_factors(case: Case) -> None:
    check(zou_gu19.sgd_improvement_factors, case)


@pytest.mark.claim("zou_gu19.rem3.11")
@given(case=zou_gu19.two_layer_sgd_width.cases())
def test_two_layer_sgd_width(case: Case) -> None:
    check(zou_gu19.two_layer_sgd_width, case)


@pytest.mark.claim("zou_gu19.eq4.3.t_from_eta")
@given(case=zou_gu19.iterations_from_step_size.cases())
def test_iterations_from_step_size(case: Case) -> None:
    check(zou_gu19.iterations_from_step_size, case)


@pytest.mark.claim("zou_gu19.thm3.3.width_vs_lemma4.2")
@given(case=zou_gu19.width_gives_radius.cases())
def test_width_gives_radius(case: Case) -> None:
    check(zou_gu19.width_gives_radius, case)


@pytest.mark.claim("zou_gu19.lemma4.4.tau_range")
@given(case=zou_gu19.radius_in_semismooth_range.cases())
def test_radius_in_semismooth_range(case: Case) -> None:
    check(zou_gu19.radius_in_semismooth_range, case)
