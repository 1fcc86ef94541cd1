"""Nguyen & Mondelli 2020 §4: hypothesis probes of Lemma 4.1(3) and its corollary, and the Q₀ identity
(library tests; the properties live in properties/test_nguyen_mondelli20_lemmas.py)."""

import math

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample

from nnverify.claims import evaluate_case, get
from nnverify.claims import nguyen_mondelli20_lemmas as nm4
from nnverify.types import Case

# ---------------------------------------------------------------------------- hypothesis probes
# Dropping one hypothesis of Lemma 4.1(3) / its stationary-point corollary: the catalog's
# counterexamples must be reachable (n₁ < N; n₃ > n₂; ReLU dead units), while dropping γ > 0 from
# Lemma 4.1(3) alone is harmless (σ_min(Σ) = 0 makes its right side 0; only the corollary needs σ′ ≠ 0).
PROBE_BUDGET = settings(max_examples=150, derandomize=True, database=None, deadline=None,
                        suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.target, Phase.shrink])
PROBES = [(c.id, h) for c in (nm4.w2_gradient_lower_bound, nm4.tall_chain_sigma_min,
                              nm4.full_rank_stationary_is_global) for h in c.probes]
HARMLESS = {("nguyen_mondelli20.lemma4.1.3", "σ′ ≥ γ > 0 everywhere (leaky or smooth σ)")}


@pytest.mark.parametrize(("claim_id", "hypothesis"), PROBES)
def test_dropped_hypothesis_probe(claim_id: str, hypothesis: str) -> None:
    c = get(claim_id)

    def violated(case: Case) -> bool:
        return evaluate_case(c, case)[0].outcome == "violated"

    if (claim_id, hypothesis) in HARMLESS:
        with pytest.raises(NoSuchExample):
            find(c.probes[hypothesis](), violated, settings=PROBE_BUDGET)
        return
    found = find(c.probes[hypothesis](), violated, settings=PROBE_BUDGET)
    assert found.depth <= 4 and found.n * sum(found.widths) <= 60, found


def test_q0_is_the_segment_constant_with_three_halves() -> None:
    """Eq. (6): Q₀ = (22)+(19)+(20) with λ̄ → (3/2)λ̄ (eq. (23)), the min form of the Jacobian bound
    and ‖f_L(θ_k) − y‖ ≤ √(2Φ(θ₀)) (the class-C entries reuse both functions)."""
    examples = [([0.8, 1.3, 2.0, 0.5], 2.3, 1.7, 0.37), ([2.0, 0.7], 0.1, 5.0, 3.0), ([1.0] * 3, 1.0, 1.0, 0.5)]
    for lam, xf, beta, phi0 in examples:
        a = nm4.q0(xf, lam, beta, phi0)
        b = nm4.segment_gradient_lipschitz(xf, [1.5 * x for x in lam], beta, math.sqrt(2 * phi0), min_form=True)
        assert abs(a - b) <= 1e-14 * a
