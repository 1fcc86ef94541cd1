"""Zou & Gu 2019 (seed 003): class-P properties (statistical tests, `nnverify.claims.zou_gu19_asymptotic`; the
class-C combining step of Lemma 4.5 is in `test_zou_gu19_theorem.py`). Each P test runs at seed offset
$NNVERIFY_P_SEED (default 0), writes its measurements and asserts the verdict; the assertion message shows the
data, the fits and the seeds."""

import pytest

from nnverify.claims import check, get
from nnverify.claims import zou_gu19_asymptotic as Z


def _run(claim_id: str) -> None:
    """Run the claim's statistical test, write its measurement, assert the verdict (and the claim's check)."""
    res = Z.p_result(claim_id)
    res.write()
    if claim_id == "zou_gu19.sec4.1.traj_azls":  # erratum 5: the printed L²(W⁽⁰⁾) reading, recorded as refuted
        printed = Z.p_result(claim_id, "printed")
        printed.write()
        assert not printed.consistent, printed.summary()
    assert res.consistent, res.summary()
    check(get(claim_id), Z._p_case())


@pytest.mark.claim("zou_gu19.eq4.1")
def test_eq4_1() -> None:
    _run("zou_gu19.eq4.1")


@pytest.mark.claim("zou_gu19.sec4.1.grad_ub_azls")
def test_sec4_1_grad_ub_azls() -> None:
    _run("zou_gu19.sec4.1.grad_ub_azls")


@pytest.mark.claim("zou_gu19.sec4.1.traj_azls")
def test_sec4_1_traj_azls() -> None:
    _run("zou_gu19.sec4.1.traj_azls")


@pytest.mark.claim("zou_gu19.prop3.6.lambda0_lb")
def test_prop3_6_lambda0_lb() -> None:
    _run("zou_gu19.prop3.6.lambda0_lb")


@pytest.mark.claim("zou_gu19.lemma4.1")
def test_lemma4_1() -> None:
    _run("zou_gu19.lemma4.1")


@pytest.mark.claim("zou_gu19.lemma4.2")
def test_lemma4_2() -> None:
    _run("zou_gu19.lemma4.2")


@pytest.mark.claim("zou_gu19.lemma4.3")
def test_lemma4_3() -> None:
    _run("zou_gu19.lemma4.3")


@pytest.mark.claim("zou_gu19.lemma4.4.eq4.2")
def test_lemma4_4_eq4_2() -> None:
    _run("zou_gu19.lemma4.4.eq4.2")


@pytest.mark.claim("zou_gu19.lemma4.5")
def test_lemma4_5() -> None:
    _run("zou_gu19.lemma4.5")


@pytest.mark.claim("zou_gu19.lemma4.5.descent")
def test_lemma4_5_descent() -> None:
    _run("zou_gu19.lemma4.5.descent")


@pytest.mark.claim("zou_gu19.thm3.3")
def test_thm3_3() -> None:
    _run("zou_gu19.thm3.3")


@pytest.mark.claim("zou_gu19.eq4.3")
def test_eq4_3() -> None:
    _run("zou_gu19.eq4.3")


@pytest.mark.claim("zou_gu19.cor3.5")
def test_cor3_5() -> None:
    _run("zou_gu19.cor3.5")


@pytest.mark.claim("zou_gu19.thm3.8")
def test_thm3_8() -> None:
    _run("zou_gu19.thm3.8")


@pytest.mark.claim("zou_gu19.thm3.10")
def test_thm3_10() -> None:
    _run("zou_gu19.thm3.10")

