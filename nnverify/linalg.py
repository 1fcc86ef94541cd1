"""Spectral helpers in float64 with their floating-point floors stated.

- `spectral_norm(A)` = σ_max(A) = ‖A‖₂ (LAPACK SVD; relative error ~ n·ε·‖A‖₂).
- `sigma_min(A)`: smallest of the min(m, n) singular values (Nguyen–Mondelli's convention).
- `sigma_min_rows(A)`: √λ_min(AAᵀ), the N-th singular value of an N×n matrix, 0 when n < N
  (Nguyen 2021's σ_min(F_{L−1})). Absolute error ~ n·ε·‖A‖₂; values below that floor are noise.
- `lam_min`, `lam_max`: extreme eigenvalues of a symmetric matrix (eigvalsh; absolute error
  ~ n·ε·‖K‖₂, which is why claims compare them with tolerances scaled by λ_max, not by λ_min).
"""

from __future__ import annotations

import torch

__all__ = ["EPS", "frob", "lam_max", "lam_min", "sigma_min", "sigma_min_rows", "spectral_norm"]

EPS = torch.finfo(torch.float64).eps  # 2.22e−16, unit round-off ×2 of float64


def frob(A: torch.Tensor) -> float:
    """‖A‖_F, rescaled by max|A| first so that entries below ~1e−154 do not underflow to 0 when squared
    (torch's vector_norm does not rescale; an unscaled ‖X‖_F = 0 next to ‖X‖₂ > 0 gave false alarms)."""
    if A.numel() == 0:
        return 0.0
    m = float(A.abs().max())
    if m == 0.0 or not torch.isfinite(A).all():
        return m if m == 0.0 else float(torch.linalg.vector_norm(A))
    return m * float(torch.linalg.vector_norm(A / m))


def spectral_norm(A: torch.Tensor) -> float:
    """‖A‖₂ (0 for an empty matrix)."""
    if A.numel() == 0:
        return 0.0
    return float(torch.linalg.matrix_norm(A, ord=2))


def sigma_min(A: torch.Tensor) -> float:
    """Smallest of the min(m, n) singular values of A."""
    if A.numel() == 0:
        return 0.0
    return float(torch.linalg.svdvals(A)[-1])


def sigma_min_rows(A: torch.Tensor) -> float:
    """√λ_min(AAᵀ) for A: (N, n); 0 when n < N (rank-deficient by shape)."""
    N, n = A.shape
    if n < N:
        return 0.0
    return sigma_min(A)


def lam_min(K: torch.Tensor) -> float:
    """λ_min of a symmetric matrix (symmetrised first: (K + Kᵀ)/2)."""
    return float(torch.linalg.eigvalsh(0.5 * (K + K.T))[0])


def lam_max(K: torch.Tensor) -> float:
    """λ_max of a symmetric matrix."""
    return float(torch.linalg.eigvalsh(0.5 * (K + K.T))[-1])
