"""Allen-Zhu, Li & Song 2019, class P: every registered mutant (and printed erratum) is refuted by the
same statistical test at fixed seeds (offset 0), while the claim itself is consistent there."""

from __future__ import annotations

import pytest

from nnverify.claims import allen_zhu19, get, registry
from nnverify.claims.core import Kind

P_IDS = [c.id for c in registry() if c.id.startswith("allen_zhu19.") and c.kind is Kind.P]
WITH_MUTANT = [i for i in P_IDS if "mutant" in get(i).variants]
PRINTED = [i for i in P_IDS if "printed" in get(i).variants]


@pytest.mark.parametrize("claim_id", WITH_MUTANT)
def test_mutant_refuted(claim_id: str) -> None:
    res = allen_zhu19.p_result(claim_id, "mutant", seed=0)
    assert res.verdict == "refuted", res.describe()


@pytest.mark.parametrize("claim_id", PRINTED)
def test_printed_refuted(claim_id: str) -> None:
    res = allen_zhu19.p_result(claim_id, "printed", seed=0)
    assert res.verdict == "refuted", res.describe()


def test_p_results_are_cached_and_deterministic() -> None:
    a = allen_zhu19.p_result("allen_zhu19.step1.backward_norm", None, seed=0)
    assert allen_zhu19.p_result("allen_zhu19.step1.backward_norm", None, seed=0) is a
    allen_zhu19._P_CACHE.clear()
    b = allen_zhu19.p_result("allen_zhu19.step1.backward_norm", None, seed=0)
    assert a.scans[0].y == b.scans[0].y
