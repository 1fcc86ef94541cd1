"""Allen-Zhu, Li & Song 2019 (seed 002): the property of the class-C claim of `nnverify.claims.allen_zhu19_theorem`
(the remark after Theorem 2, checked exactly in expectation along real SGD trajectories)."""

import pytest
from hypothesis import given

from nnverify.claims import allen_zhu19_theorem, check
from nnverify.types import Case


@pytest.mark.claim("allen_zhu19.thm2.remark_interpolation")
@given(case=allen_zhu19_theorem.sgd_interpolation.cases())
def test_sgd_interpolation(case: Case) -> None:
    check(allen_zhu19_theorem.sgd_interpolation, case)
