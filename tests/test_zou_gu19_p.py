"""Mutant refutation for the Zou & Gu class-P claims: the same statistical test run (fixed seed offset 0) on each
claim's mutant quantity must report "refuted"; the claim itself must be consistent there. Also checks the closed
forms behind the a-priori finite-range margins (two-point NTK eigenvalue, lazy-limit T, Rayleigh bound of Prop. 3.6)
and the k-free law behind the grad_ub_azls k-scan."""

import math

import numpy as np
import pytest
import torch

from nnverify import zou_gu_measure as M
from nnverify.claims import zou_gu19_asymptotic as Z
from nnverify.claims.core import REGISTRY
from nnverify.claims.zou_gu19 import ntk_gram_relu

P_IDS = [i for i, c in REGISTRY.items() if i.startswith("zou_gu19.") and c.kind.value == "P"]


@pytest.mark.parametrize("claim_id", P_IDS)
def test_mutant_refuted(claim_id: str) -> None:
    mut = Z.p_result(claim_id, "mutant", seed=0)
    assert not mut.consistent, mut.summary()
    assert any(e.violated for e in mut.evaluations())
    assert Z.p_result(claim_id, seed=0).consistent, Z.p_result(claim_id, seed=0).summary()


def test_every_zou_gu_p_entry_registered() -> None:
    assert len(P_IDS) == 15, P_IDS


@pytest.mark.parametrize("phi", [1.0, 0.5, 0.25, 1e-2, 1e-5])
def test_lam_pair_is_the_two_point_gram_eigenvalue(phi: float) -> None:
    """`lam_pair` (closed form) equals λ_min of `ntk_gram_relu` on two Assumption 3.1 points at distance φ."""
    X = M.pair(phi, 3, 0.5, torch.Generator().manual_seed(0))
    lam = float(torch.linalg.eigvalsh(ntk_gram_relu(X.T))[0])
    assert math.isclose(M.lam_pair(phi), lam, rel_tol=1e-9), (phi, M.lam_pair(phi), lam)
    # the chord is a difference of stored unit-norm coordinates: absolute rounding of a few ulps of 1
    assert math.isclose(M.min_dist_cols(X), phi, rel_tol=1e-12, abs_tol=8 * 2.2e-16)


def test_lazy_T_matches_the_linearised_iteration() -> None:
    """T_lazy(φ) of thm3.3 is the first t with ‖(I − H/4)^t r₀‖² ≤ ε‖r₀‖² for r₀ ∝ (1, −1) (ηm/n = ¼)."""
    for phi in Z._PHIS33:
        X = M.pair(phi, 3, 0.5, torch.Generator().manual_seed(1))
        A = torch.eye(2, dtype=torch.float64) - ntk_gram_relu(X.T) / 4
        r = torch.tensor([1.0, -1.0], dtype=torch.float64)
        t, r0 = 0, float(r @ r)
        while float(r @ r) > Z._EPS33 * r0:
            r, t = A @ r, t + 1
        assert t == Z._T33_lazy(phi), (phi, t, Z._T33_lazy(phi))


def test_planted_pair_rayleigh_bound() -> None:
    """Prop. 3.6 margin argument: λ₀ ≤ λ₂(φ) on every planted data set (H_ii = ½), and the two-point slope s₂ < 0."""
    for s in range(5):
        for phi in Z._PHIS36:
            X = Z._planted(8, 5, 0.5, phi, M.rng(s, 10))
            assert Z._lam0(X) <= M.lam_pair(phi) * (1 + 1e-9)
    s2, margin = Z._prop36_margin()
    assert s2 < 0 and margin == -s2


def test_grad_ub_k_law_is_k_free() -> None:
    """The grad_ub_azls k-scan premise: with residual −c·uᵀ at W⁽⁰⁾ (depth 1), k‖∇L‖²/(mL) has the same law for every
    k; a two-sample check of the means over 64 draws at k = 1 and k = 16 (m = 256)."""
    st = Z._init_grad_stats(0, [256], [1, 16], 1, 64, 8, 8, False, True)
    a, b = (st[(256, k)]["lay_max"] * k / 256 for k in (1, 16))
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    assert abs(float(np.mean(a) - np.mean(b))) <= 4 * se, (np.mean(a), np.mean(b), se)
