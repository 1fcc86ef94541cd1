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


# ---------------------------------------------------------------------------- class P (statistical tests)
# Each P claim's evaluation is its whole statistical test (bootstrap CI of a log–log slope over seeds at
# level 1 − 1e−3, seeds shifted by $NNVERIFY_P_SEED; sizes by profile). The property writes the
# measurement, asserts the verdict with the data, the fit and the seeds in the message, and records the
# claim through `check`.
def _p(c) -> None:
    from nnverify.measurements import write_measurement

    res = allen_zhu19.p_result(c.id)
    write_measurement(c.id, res.payload())
    assert res.verdict == "consistent", res.describe()
    check(c, allen_zhu19._p_case())


@pytest.mark.claim("allen_zhu19.step1.relu_half")
def test_p_relu_half() -> None:
    _p(allen_zhu19.relu_half)


@pytest.mark.claim("allen_zhu19.step1.forward_norm")
def test_p_forward_norm() -> None:
    _p(allen_zhu19.forward_norm)


@pytest.mark.claim("allen_zhu19.step1.backward_norm")
def test_p_backward_norm() -> None:
    _p(allen_zhu19.backward_norm)


@pytest.mark.claim("allen_zhu19.step1.layer_norm")
def test_p_layer_norm() -> None:
    _p(allen_zhu19.layer_norm)


@pytest.mark.claim("allen_zhu19.step1.intermediate_norm")
def test_p_intermediate_norm() -> None:
    _p(allen_zhu19.intermediate_norm)


@pytest.mark.claim("allen_zhu19.step1.separation")
def test_p_separation() -> None:
    _p(allen_zhu19.separation)


@pytest.mark.claim("allen_zhu19.step2.sign_changes")
def test_p_sign_changes() -> None:
    _p(allen_zhu19.sign_changes)


@pytest.mark.claim("allen_zhu19.step2.forward_perturb")
def test_p_forward_perturb() -> None:
    _p(allen_zhu19.forward_perturb)


@pytest.mark.claim("allen_zhu19.step2.backward_perturb")
def test_p_backward_perturb() -> None:
    _p(allen_zhu19.backward_perturb)


@pytest.mark.claim("allen_zhu19.step4.forward_lipschitz")
def test_p_forward_lipschitz() -> None:
    _p(allen_zhu19.forward_lipschitz)


@pytest.mark.claim("allen_zhu19.thm3.upper")
def test_p_thm3_upper() -> None:
    _p(allen_zhu19.thm3_upper)


@pytest.mark.claim("allen_zhu19.thm3.lower")
def test_p_thm3_lower() -> None:
    _p(allen_zhu19.thm3_lower)


@pytest.mark.claim("allen_zhu19.thm4.semi_smooth")
def test_p_semi_smooth() -> None:
    _p(allen_zhu19.semi_smooth)


@pytest.mark.claim("allen_zhu19.thm1.gd")
def test_p_thm1_gd() -> None:
    _p(allen_zhu19.thm1_gd)


@pytest.mark.claim("allen_zhu19.sec3_1.remark_drift")
def test_p_remark_drift() -> None:
    _p(allen_zhu19.remark_drift)


# ---------------------------------------------------------------------------- class C (SGD trajectories)
@pytest.mark.claim("allen_zhu19.thm2.remark_interpolation")
@given(case=allen_zhu19.sgd_interpolation.cases())
def test_sgd_interpolation(case: Case) -> None:
    check(allen_zhu19.sgd_interpolation, case)


@pytest.mark.claim("allen_zhu19.thm2.sgd")
def test_p_thm2_sgd() -> None:
    _p(allen_zhu19.thm2_sgd)


@pytest.mark.claim("allen_zhu19.thm5.pl")
def test_p_thm5_pl() -> None:
    _p(allen_zhu19.thm5_pl)


@pytest.mark.claim("allen_zhu19.thm5.convex")
def test_p_thm5_convex() -> None:
    _p(allen_zhu19.thm5_convex)


@pytest.mark.claim("allen_zhu19.thm5.sgd_nonconvex")
def test_p_thm5_sgd_nonconvex() -> None:
    _p(allen_zhu19.thm5_sgd_nonconvex)


@pytest.mark.claim("allen_zhu19.thm5.cross_entropy")
def test_p_thm5_cross_entropy() -> None:
    _p(allen_zhu19.thm5_cross_entropy)


@pytest.mark.claim("allen_zhu19.thm7.resnet")
def test_p_thm7_resnet() -> None:
    _p(allen_zhu19.thm7_resnet)


@pytest.mark.claim("allen_zhu19.thm6.cnn")
def test_p_thm6_cnn() -> None:
    _p(allen_zhu19.thm6_cnn)


@pytest.mark.claim("allen_zhu19.fn2.smooth_activation")
def test_p_fn2_smooth_activation() -> None:
    _p(allen_zhu19.fn2_smooth_activation)
