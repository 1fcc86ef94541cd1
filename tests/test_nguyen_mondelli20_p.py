"""Nguyen & Mondelli 2020, class P: every registered mutant / printed erratum / extra variant is refuted by the same
statistical test at fixed seeds (offset 0), while the claim itself is consistent there."""

from __future__ import annotations

import pytest

from nnverify.claims import get, registry
from nnverify.claims import nguyen_mondelli20_asymptotic as nma
from nnverify.claims.core import Kind

P_IDS = [c.id for c in registry() if c.id.startswith("nguyen_mondelli20.") and c.kind is Kind.P]
VARIANTS = [(i, v) for i in P_IDS for v in sorted(get(i).variants)]


def test_every_p_claim_has_a_mutant() -> None:
    assert P_IDS and all("mutant" in get(i).variants for i in P_IDS)


@pytest.mark.parametrize(("claim_id", "variant"), VARIANTS)
def test_variant_refuted(claim_id: str, variant: str) -> None:
    """mutant (catalog), printed (erratum) and extra variants ('kernel', 'fixed_d') are all refuted at seed 0."""
    res = nma.p_result(claim_id, variant, seed=0)
    assert not res.consistent, res.summary()


@pytest.mark.parametrize("claim_id", P_IDS)
def test_claim_consistent_at_seed_zero(claim_id: str) -> None:
    res = nma.p_result(claim_id, None, seed=0)
    assert res.consistent, res.summary()


def test_p_results_are_cached_and_deterministic() -> None:
    cid = "nguyen_mondelli20.lemma3.4"
    a = nma.p_result(cid, None, seed=0)
    assert nma.p_result(cid, None, seed=0) is a
    nma._CACHE.clear()
    b = nma.p_result(cid, None, seed=0)
    assert [r.failures for r in a.rates] == [r.failures for r in b.rates]


def test_kernel_variant_isolates_the_bias() -> None:
    """The 'kernel' variant of Lemma C.2 (G_* of (2) without smoothing) fails only through the Monte Carlo scan of
    (2): the arc-cosine (ReLU) scan and the λ_F rates are unchanged."""
    res = nma.p_result("nguyen_mondelli20.sec3.2.lemmac2", "kernel", seed=0)
    bad = [s.name for s in res.scans if not s.consistent]
    assert bad == ["G_star Monte Carlo smooth_leaky_relu(0.5,1)"], res.summary()
    assert all(r.consistent for r in res.rates)


def test_linear_sigma_gives_singular_gram() -> None:
    """Theorem 3.3 mutant (σ linear): λ_* is at the rounding floor in every draw (G_* = XXᵀ/d has rank d < N)."""
    res = nma.p_result("nguyen_mondelli20.thm3.3.eq15", "mutant", seed=0)
    assert any(e.violated for e in res.checks), res.summary()
