"""Nguyen & Mondelli 2020 (seed 001), Theorem 3.2 along real GD: one property per class-C claim of
`nnverify.claims.nguyen_mondelli20_theorem` (K steps per profile, every guarded iterate k ≤ K checked).

Every property draws from the same strategy with the same Hypothesis seed (`SHARED`), so the 14 Theorem 3.2
properties see the same trajectories and the run cache of `nguyen_mondelli20_runs` computes each GD run once
(the cost of a property is its trajectory; the claims are 14 views of it). `@seed` also turns the example
database off for these tests (Hypothesis' rule); failures are reproduced from the printed case.
"""

import pytest
from hypothesis import given, seed

from nnverify.claims import check
from nnverify.claims import nguyen_mondelli20_theorem as nmt
from nnverify.types import Case

SHARED = seed(20201)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.eq7")
@SHARED
@given(case=nmt.linear_convergence.cases())
def test_linear_convergence(case: Case) -> None:
    check(nmt.linear_convergence, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.eq9")
@SHARED
@given(case=nmt.parameter_convergence.cases())
def test_parameter_convergence(case: Case) -> None:
    check(nmt.parameter_convergence, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.inv21_sigmin_w")
@SHARED
@given(case=nmt.upper_layers_conditioned.cases())
def test_upper_layers_conditioned(case: Case) -> None:
    check(nmt.upper_layers_conditioned, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.inv21_norms")
@SHARED
@given(case=nmt.weight_norms_bounded.cases())
def test_weight_norms_bounded(case: Case) -> None:
    check(nmt.weight_norms_bounded, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.inv21_sigmin_f1")
@SHARED
@given(case=nmt.first_layer_features_full_rank.cases())
def test_first_layer_features_full_rank(case: Case) -> None:
    check(nmt.first_layer_features_full_rank, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.drift")
@SHARED
@given(case=nmt.weight_drift_chain.cases())
def test_weight_drift_chain(case: Case) -> None:
    check(nmt.weight_drift_chain, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.f1_drift")
@SHARED
@given(case=nmt.first_layer_feature_drift.cases())
def test_first_layer_feature_drift(case: Case) -> None:
    check(nmt.first_layer_feature_drift, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.eq23")
@SHARED
@given(case=nmt.segment_weight_norms.cases())
def test_segment_weight_norms(case: Case) -> None:
    check(nmt.segment_weight_norms, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.f_lipschitz_segment")
@SHARED
@given(case=nmt.output_lipschitz_on_segments.cases())
def test_output_lipschitz_on_segments(case: Case) -> None:
    check(nmt.output_lipschitz_on_segments, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.jac_lipschitz_segment")
@SHARED
@given(case=nmt.jacobian_lipschitz_on_segments.cases())
def test_jacobian_lipschitz_on_segments(case: Case) -> None:
    check(nmt.jacobian_lipschitz_on_segments, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.grad_lipschitz_q0")
@SHARED
@given(case=nmt.gradient_lipschitz_q0.cases())
def test_gradient_lipschitz_q0(case: Case) -> None:
    check(nmt.gradient_lipschitz_q0, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.descent")
@SHARED
@given(case=nmt.sufficient_decrease.cases())
def test_sufficient_decrease(case: Case) -> None:
    check(nmt.sufficient_decrease, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.pl")
@SHARED
@given(case=nmt.pl_along_iterates.cases())
def test_pl_along_iterates(case: Case) -> None:
    check(nmt.pl_along_iterates, case)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.proof.step_contraction")
@SHARED
@given(case=nmt.per_step_contraction.cases())
def test_per_step_contraction(case: Case) -> None:
    check(nmt.per_step_contraction, case)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.construction")
@SHARED
@given(case=nmt.recipe_meets_assumption.cases())
def test_recipe_meets_assumption(case: Case) -> None:
    check(nmt.recipe_meets_assumption, case)
