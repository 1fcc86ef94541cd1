"""`nnverify.linalg` against numpy/scipy and against matrices with known spectra, to the floors the
module states: ‖A‖₂ and singular values to ~n·ε·‖A‖₂ (absolute), eigenvalues to ~n·ε·‖K‖₂."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from nnverify.claims import Tolerance
from nnverify.linalg import EPS, frob, lam_max, lam_min, sigma_min, sigma_min_rows, spectral_norm

F64 = torch.float64
#: backward-stable SVD/eigensolvers: absolute error ≤ c·n·ε·‖A‖₂; c = 8 covers both LAPACK builds compared
FLOOR = Tolerance(8.0, 0.0, "LAPACK SVD/eigh are backward stable: error ≤ c·n·ε·‖A‖₂ (stated in nnverify.linalg)")

shapes = st.tuples(st.integers(1, 12), st.integers(1, 12))
seeds = st.integers(0, 2**31 - 1)
exps = st.floats(-3.0, 3.0)


def _rand(shape: tuple[int, int], seed: int, scale: float = 1.0) -> torch.Tensor:
    return scale * torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=F64)


def _orth(n: int, seed: int) -> torch.Tensor:
    q, r = torch.linalg.qr(_rand((n, n), seed))
    return q * torch.sign(torch.diagonal(r))


def _floor(shape: tuple[int, ...], norm2: float) -> float:
    return FLOOR.rtol * max(shape) * EPS * norm2


def test_eps_is_float64_machine_epsilon() -> None:
    assert np.finfo(np.float64).eps == EPS


@given(shape=shapes, seed=seeds, e=exps)
@settings(max_examples=40, deadline=None)
def test_against_numpy_scipy(shape: tuple[int, int], seed: int, e: float) -> None:
    """spectral_norm, sigma_min, sigma_min_rows, frob vs numpy/scipy on random Gaussian matrices."""
    A = _rand(shape, seed, 10.0**e)
    a = A.numpy()
    s = scipy.linalg.svdvals(a)
    norm2 = float(s[0])
    tol = _floor(shape, norm2)
    assert isinstance(spectral_norm(A), float)
    assert abs(spectral_norm(A) - np.linalg.norm(a, 2)) <= tol
    assert abs(sigma_min(A) - float(s[-1])) <= tol
    N, n = shape
    assert sigma_min_rows(A) == (0.0 if n < N else sigma_min(A))
    if n >= N:  # σ_min(A)² = λ_min(AAᵀ) up to the eigenvalue floor of AAᵀ
        assert abs(sigma_min_rows(A) ** 2 - float(np.linalg.eigvalsh(a @ a.T)[0])) <= _floor(shape, norm2**2)
    assert frob(A) == pytest.approx(float(np.linalg.norm(a, "fro")), rel=4 * math.sqrt(a.size) * EPS)


@given(n=st.integers(1, 12), seed=seeds, e=exps)
@settings(max_examples=40, deadline=None)
def test_lam_against_scipy(n: int, seed: int, e: float) -> None:
    """lam_min/lam_max vs scipy.linalg.eigh on symmetric K (and on K + skew, which they symmetrise)."""
    B = _rand((n, n), seed, 10.0**e)
    K = B @ B.T - 0.3 * float((B * B).sum()) / n * torch.eye(n, dtype=F64)  # indefinite
    w = scipy.linalg.eigh(K.numpy(), eigvals_only=True)
    tol = _floor((n,), float(np.abs(w).max()))
    assert abs(lam_min(K) - w[0]) <= tol and abs(lam_max(K) - w[-1]) <= tol
    skew = (B - B.T) * 10.0**e  # on K's scale: symmetrising rounds relative to |K| + |skew|
    assert abs(lam_min(K + skew) - w[0]) <= tol and abs(lam_max(K + skew) - w[-1]) <= tol
    assert isinstance(lam_min(K), float)


@given(m=st.integers(1, 10), n=st.integers(1, 10), seed=seeds,
       logs=st.lists(st.floats(-8.0, 3.0), min_size=10, max_size=10))
@settings(max_examples=40, deadline=None)
def test_known_singular_values(m: int, n: int, seed: int, logs: list[float]) -> None:
    """A = U diag(s) Vᵀ with chosen s (spread up to 1e11): spectral_norm = max s, sigma_min = min s
    to the absolute floor n·ε·‖A‖₂ (so tiny σ_min is resolved only down to that floor)."""
    k = min(m, n)
    s = sorted((10.0**x for x in logs[:k]), reverse=True)
    U, V = _orth(m, seed)[:, :k], _orth(n, seed + 1)[:, :k]
    A = U @ torch.diag(torch.tensor(s, dtype=F64)) @ V.T
    tol = _floor((m, n), s[0])
    assert abs(spectral_norm(A) - s[0]) <= tol
    assert abs(sigma_min(A) - s[-1]) <= tol
    # symmetric PSD with known eigenvalues
    Q = _orth(n, seed + 2)
    lam = torch.tensor(sorted(10.0**x for x in logs[:n]), dtype=F64)
    K = Q @ torch.diag(lam) @ Q.T
    tol = _floor((n,), float(lam[-1]))
    assert abs(lam_min(K) - float(lam[0])) <= tol and abs(lam_max(K) - float(lam[-1])) <= tol


def test_edge_cases() -> None:
    """Empty matrices give 0; rank deficiency by shape gives sigma_min_rows = 0; exact small cases."""
    empty = torch.zeros(0, 3, dtype=F64)
    assert spectral_norm(empty) == 0.0 and sigma_min(empty) == 0.0 and frob(empty) == 0.0
    A = torch.tensor([[3.0, 0.0, 0.0], [0.0, 4.0, 0.0]], dtype=F64)
    assert spectral_norm(A) == pytest.approx(4.0, rel=4 * EPS) and sigma_min(A) == pytest.approx(3.0, rel=4 * EPS)
    assert sigma_min_rows(A) == sigma_min(A)
    assert sigma_min_rows(A.T) == 0.0  # 3 rows, 2 columns: σ_3 = 0 by shape
    assert sigma_min(A.T) == pytest.approx(3.0, rel=4 * EPS)  # the min(m, n)-th singular value
    K = torch.tensor([[2.0, 1.0], [1.0, 2.0]], dtype=F64)
    assert lam_min(K) == pytest.approx(1.0, rel=4 * EPS) and lam_max(K) == pytest.approx(3.0, rel=4 * EPS)
    assert frob(A) == 5.0
    dup = torch.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], dtype=F64)  # duplicated rows: σ_min = 0
    assert sigma_min_rows(dup) <= _floor((2, 3), spectral_norm(dup))
