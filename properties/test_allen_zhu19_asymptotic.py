"""Allen-Zhu, Li & Song 2019 (seed 002): one property per class-P claim of `nnverify.claims.allen_zhu19_asymptotic`
(Sec. 3–4 and Theorems 2, 5, 6, 7), each the claim's statistical test at seed offset $NNVERIFY_P_SEED."""

import pytest

from nnverify.claims import Claim, allen_zhu19_asymptotic, check


# ---------------------------------------------------------------------------- class P (statistical tests)
# Each P claim's evaluation is its whole statistical test (bootstrap CI of a log–log slope over seeds at
# level 1 − 1e−3, seeds shifted by $NNVERIFY_P_SEED; sizes by profile). The property writes the
# measurement, asserts the verdict with the data, the fit and the seeds in the message, and records the
# claim through `check`.
def _p(c: Claim) -> None:
    from nnverify.measurements import write_measurement

    res = allen_zhu19_asymptotic.p_result(c.id)
    write_measurement(c.id, res.payload())
    assert res.verdict == "consistent", res.describe()
    check(c, allen_zhu19_asymptotic._p_case())


@pytest.mark.claim("allen_zhu19.step1.relu_half")
def test_p_relu_half() -> None:
    _p(allen_zhu19_asymptotic.relu_half)


@pytest.mark.claim("allen_zhu19.step1.forward_norm")
def test_p_forward_norm() -> None:
    _p(allen_zhu19_asymptotic.forward_norm)


@pytest.mark.claim("allen_zhu19.step1.backward_norm")
def test_p_backward_norm() -> None:
    _p(allen_zhu19_asymptotic.backward_norm)


@pytest.mark.claim("allen_zhu19.step1.layer_norm")
def test_p_layer_norm() -> None:
    _p(allen_zhu19_asymptotic.layer_norm)


@pytest.mark.claim("allen_zhu19.step1.intermediate_norm")
def test_p_intermediate_norm() -> None:
    _p(allen_zhu19_asymptotic.intermediate_norm)


@pytest.mark.claim("allen_zhu19.step1.separation")
def test_p_separation() -> None:
    _p(allen_zhu19_asymptotic.separation)


@pytest.mark.claim("allen_zhu19.step2.sign_changes")
def test_p_sign_changes() -> None:
    _p(allen_zhu19_asymptotic.sign_changes)


@pytest.mark.claim("allen_zhu19.step2.forward_perturb")
def test_p_forward_perturb() -> None:
    _p(allen_zhu19_asymptotic.forward_perturb)


@pytest.mark.claim("allen_zhu19.step2.backward_perturb")
def test_p_backward_perturb() -> None:
    _p(allen_zhu19_asymptotic.backward_perturb)


@pytest.mark.claim("allen_zhu19.step4.forward_lipschitz")
def test_p_forward_lipschitz() -> None:
    _p(allen_zhu19_asymptotic.forward_lipschitz)


@pytest.mark.claim("allen_zhu19.thm3.upper")
def test_p_thm3_upper() -> None:
    _p(allen_zhu19_asymptotic.thm3_upper)


@pytest.mark.claim("allen_zhu19.thm3.lower")
def test_p_thm3_lower() -> None:
    _p(allen_zhu19_asymptotic.thm3_lower)


@pytest.mark.claim("allen_zhu19.thm4.semi_smooth")
def test_p_semi_smooth() -> None:
    _p(allen_zhu19_asymptotic.semi_smooth)


@pytest.mark.claim("allen_zhu19.thm1.gd")
def test_p_thm1_gd() -> None:
    _p(allen_zhu19_asymptotic.thm1_gd)


@pytest.mark.claim("allen_zhu19.sec3_1.remark_drift")
def test_p_remark_drift() -> None:
    _p(allen_zhu19_asymptotic.remark_drift)

@pytest.mark.claim("allen_zhu19.thm2.sgd")
def test_p_thm2_sgd() -> None:
    _p(allen_zhu19_asymptotic.thm2_sgd)


@pytest.mark.claim("allen_zhu19.thm5.pl")
def test_p_thm5_pl() -> None:
    _p(allen_zhu19_asymptotic.thm5_pl)


@pytest.mark.claim("allen_zhu19.thm5.convex")
def test_p_thm5_convex() -> None:
    _p(allen_zhu19_asymptotic.thm5_convex)


@pytest.mark.claim("allen_zhu19.thm5.sgd_nonconvex")
def test_p_thm5_sgd_nonconvex() -> None:
    _p(allen_zhu19_asymptotic.thm5_sgd_nonconvex)


@pytest.mark.claim("allen_zhu19.thm5.cross_entropy")
def test_p_thm5_cross_entropy() -> None:
    _p(allen_zhu19_asymptotic.thm5_cross_entropy)


@pytest.mark.claim("allen_zhu19.thm7.resnet")
def test_p_thm7_resnet() -> None:
    _p(allen_zhu19_asymptotic.thm7_resnet)


@pytest.mark.claim("allen_zhu19.thm6.cnn")
def test_p_thm6_cnn() -> None:
    _p(allen_zhu19_asymptotic.thm6_cnn)


@pytest.mark.claim("allen_zhu19.fn2.smooth_activation")
def test_p_fn2_smooth_activation() -> None:
    _p(allen_zhu19_asymptotic.fn2_smooth_activation)
