"""Nguyen & Mondelli 2020 (seed 001), class P: one property per claim of `nnverify.claims.nguyen_mondelli20_asymptotic`.

Each claim's evaluation is its whole statistical test (failure rate with an exact binomial test, or a bootstrap CI
of a log–log slope over seeds, level 1 − 1e−3; seeds shifted by $NNVERIFY_P_SEED; sizes by profile). The property
writes the measurement(s), asserts the verdict with the data, the fits and the seeds in the message, and records
the claim through `check`.
"""

import pytest

from nnverify.claims import Claim, check
from nnverify.claims import nguyen_mondelli20_asymptotic as nma


def _p(c: Claim) -> None:
    res = nma.p_result(c.id)
    res.write()
    assert res.consistent, res.summary()
    check(c, nma.p_case())


@pytest.mark.claim("nguyen_mondelli20.sec3.2.lemmac2")
def test_lemma_c2() -> None:
    _p(nma.lemma_c2)


@pytest.mark.claim("nguyen_mondelli20.thm3.3.eq15")
def test_theorem33() -> None:
    _p(nma.theorem33)


@pytest.mark.claim("nguyen_mondelli20.lemma3.4")
def test_lemma34() -> None:
    _p(nma.lemma34)


@pytest.mark.claim("nguyen_mondelli20.sec3.3.step_hermite")
def test_step_hermite() -> None:
    _p(nma.step_hermite)


@pytest.mark.claim("nguyen_mondelli20.sec3.2.xnorm")
def test_xnorm() -> None:
    _p(nma.xnorm)


@pytest.mark.claim("nguyen_mondelli20.sec3.1.recipe_gauss")
def test_recipe_gauss() -> None:
    """Corrected statement asserted; the printed one (suspected erratum 3) is recorded as refuted."""
    _p(nma.recipe_gauss)
    printed = nma.p_result(nma.recipe_gauss.id, "printed")
    printed.write()
    assert not printed.consistent, printed.summary()


@pytest.mark.claim("nguyen_mondelli20.sec3.1.footnote2")
def test_footnote2() -> None:
    _p(nma.footnote2)


@pytest.mark.claim("nguyen_mondelli20.sec3.2.eq12")
def test_eq12() -> None:
    _p(nma.eq12)


@pytest.mark.claim("nguyen_mondelli20.sec3.2.iterations")
def test_iterations() -> None:
    _p(nma.iterations)


@pytest.mark.claim("nguyen_mondelli20.thm3.2.limit")
def test_limit() -> None:
    _p(nma.limit)
