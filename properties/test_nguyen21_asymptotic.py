"""Nguyen 2021 §3.2–§3.3: the class-P claims as statistical tests (`nnverify.claims.nguyen21_asymptotic`).

Each property runs the claim's one statistical test (seed offset $NNVERIFY_P_SEED, sizes from the profile),
writes its measurements (fits / rates, with verdicts; for errata also the printed form's refuted fit) and
asserts the verdict of the claim as corrected. The failure message shows the data, the fits and the seeds.
"""

from __future__ import annotations

import pytest

from nnverify.claims import check, get
from nnverify.claims.nguyen21_asymptotic import _p_case, p_result


def _run(claim_id: str) -> None:
    res = p_result(claim_id)
    res.write()
    if "printed" in get(claim_id).variants:
        printed = p_result(claim_id, "printed")
        printed.write({"printed_verdict": "consistent" if printed.consistent else "refuted"})
    assert res.consistent, res.summary()
    check(get(claim_id), _p_case())  # the same (cached) test through the harness: counted in results.json


@pytest.mark.claim("nguyen21.sec3.2.eq20")
def test_lecun_operator_norms() -> None:
    _run("nguyen21.sec3.2.eq20")


@pytest.mark.claim("nguyen21.sec3.2.eq21")
def test_first_layer_sigma_min_failure_rate() -> None:
    _run("nguyen21.sec3.2.eq21")


@pytest.mark.claim("nguyen21.sec3.2.eq22")
def test_initial_loss_sqrt_n() -> None:
    _run("nguyen21.sec3.2.eq22")


@pytest.mark.claim("nguyen21.sec3.2.lambda_star")
def test_lambda_star_bounded_below() -> None:
    _run("nguyen21.sec3.2.lambda_star")


@pytest.mark.claim("nguyen21.sec3.2.width_n2")
def test_two_layer_width_corrected() -> None:
    _run("nguyen21.sec3.2.width_n2")


@pytest.mark.claim("nguyen21.lemma3.3.eq29")
def test_last_hidden_sigma_min_theta() -> None:
    _run("nguyen21.lemma3.3.eq29")


@pytest.mark.claim("nguyen21.cor3.2.lambda_bar")
def test_corollary_lambda_bar() -> None:
    _run("nguyen21.cor3.2.lambda_bar")


@pytest.mark.claim("nguyen21.cor3.2.eq30_scaling")
def test_condition_ratios_grow_with_width() -> None:
    _run("nguyen21.cor3.2.eq30_scaling")


@pytest.mark.claim("nguyen21.cor3.2.data_norms")
def test_data_and_output_norms() -> None:
    _run("nguyen21.cor3.2.data_norms")


@pytest.mark.claim("nguyen21.cor3.2.main")
def test_cubic_width_keeps_conditions() -> None:
    _run("nguyen21.cor3.2.main")
