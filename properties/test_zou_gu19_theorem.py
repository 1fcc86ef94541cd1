"""Zou & Gu 2019 (seed 003): the property of the class-C claim of `nnverify.claims.zou_gu19_theorem` (the
combining step of Lemma 4.5, checked along real GD runs)."""

import pytest
from hypothesis import given

from nnverify.claims import check, zou_gu19_theorem
from nnverify.types import Case


@pytest.mark.claim("zou_gu19.lemma4.5.chain")
@given(case=zou_gu19_theorem.chain.cases())
def test_lemma45_chain(case: Case) -> None:
    check(zou_gu19_theorem.chain, case)
