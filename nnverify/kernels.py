"""The expected first-layer Gram matrix G_* of Nguyen & Mondelli (2020), eq. (13), and Hermite coefficients.

    G_* = E_{w ~ 𝒩(0, v·I_d)}[σ(Xw)σ(Xw)ᵀ],   v = 1/d in the paper (LeCun),   λ_* = λ_min(G_*).

(G_*)_{ij} = E[σ(u_i)σ(u_j)] depends only on the 2×2 covariance of (u_i, u_j) = (⟨w,x_i⟩, ⟨w,x_j⟩):
Σ = v·XXᵀ restricted to {i, j}.

Closed forms (`gram_star`), with a_i² = Σ_ii and ρ_ij = Σ_ij:
- ReLU (arc-cosine kernel of degree 1): E[u₊v₊] = a_i a_j (sin θ + (π − θ) cos θ)/(2π), cos θ = ρ_ij/(a_i a_j).
- leaky ReLU ℓ(u) = γu + (1−γ)u₊: E[ℓ(u)ℓ(v)] = γρ + (1−γ)² E[u₊v₊] (E[u v₊] = ρ/2).
- linear σ(u) = a·u: a²ρ.
- smoothed leaky ReLU, NM eq. (2): σ(u) = E_Z[ℓ(u + sZ)] − C, Z ~ 𝒩(0,1), s = (1−γ)/(β√(2π)),
  C = (1−γ)s·φ(0) = (1−γ)²/(2πβ) (the kernel of (2) is the 𝒩(u, s²) density). With two *independent*
  smoothing variables (also for i = j), E[σ(u_i)σ(u_j)] = E[ℓ(v_i)ℓ(v_j)] − C(E ℓ(v_i) + E ℓ(v_j)) + C²,
  where v_i = u_i + sZ₁, v_j = u_j + sZ₂: var v = a² + s², cov(v_i, v_j) = ρ_ij, E ℓ(v) = (1−γ)φ(0)√(a² + s²).
  This is exact (no quadrature); it loses ~(a² + s²)/(G_*)_{ij} relative digits to cancellation,
  which `gram_star_scale` reports (the magnitudes that cancel).

Quadrature (`gram_star_gh`) for any σ: 2-D Gauss–Hermite over (u_i, u_j) = (a g₁, b g₁ + c g₂) (Cholesky of
the 2×2 covariance), nodes from `scipy.special.roots_hermitenorm` (numpy's `hermegauss` returns NaN weights
at 400 nodes). Exact for polynomials of degree ≤ 2n − 1 in each variable; for kink-like σ (large β) its
error decays slowly — compare n with 2n (`gram_star_gh_error`).

Hermite coefficients (`hermite_coeffs`, `hermite_coeffs_exact`): μ_r(σ) = E[σ(g)He_r(g)]/√(r!), g ~ 𝒩(0,1),
He_r the probabilists' Hermite polynomials, so that {He_r/√(r!)} is orthonormal, Σ_r μ_r² = E σ(g)², and,
for rows on the sphere ‖x_i‖ = √d (NM eq. (16)): (G_*)_{ij} = Σ_r μ_r² (⟨x_i,x_j⟩/d)^r.
Exact values for (2) (s = 0 gives leaky ReLU, γ = 0 ReLU): μ₀ = (1−γ)φ(0)(√(1+s²) − s), μ₁ = (1+γ)/2,
μ_r = 0 for odd r ≥ 3 (the odd part of (2) is exactly (1+γ)x/2), and for even r ≥ 2
μ_r = (1−γ)φ(0)(1+s²)^{(1−r)/2} He_{r−2}(0)/√(r!), He_{2k}(0) = (−1)^k(2k−1)!! (Gaussian smoothing multiplies
the r-th coefficient of the positively homogeneous ℓ by (1+s²)^{(1−r)/2}).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy.special import gammaln, roots_hermitenorm

from nnverify.activations import Activation, parse_activation
from nnverify.errors import InputError

__all__ = [
    "CLOSED_FORM",
    "PHI0",
    "as_numpy",
    "covariance",
    "gh_nodes",
    "gram_star",
    "gram_star_gh",
    "gram_star_gh_error",
    "gram_star_scale",
    "hermite_coeffs",
    "hermite_coeffs_exact",
    "hermite_log_abs_exact",
    "hermite_table",
    "second_moment",
]

PHI0 = 1.0 / math.sqrt(2.0 * math.pi)  # φ(0), standard normal density at 0
CLOSED_FORM = ("relu", "leaky_relu", "linear", "smooth_leaky_relu")

ArrayFn = Callable[[np.ndarray], np.ndarray]


def as_numpy(act: Activation | str | ArrayFn) -> ArrayFn:
    """σ as a numpy function (library activations are evaluated through their torch form)."""
    if isinstance(act, (Activation, str)):
        import torch

        a = parse_activation(act)
        return lambda z: a(torch.as_tensor(np.asarray(z, dtype=np.float64))).numpy()
    return act


# ------------------------------------------------------------------------------------ Gauss–Hermite
@lru_cache(maxsize=16)
def gh_nodes(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z and weights w (Σw = 1) with Σ_k w_k f(z_k) ≈ E f(g), g ~ 𝒩(0,1)."""
    if n < 1:
        raise InputError(f"n={n}, but Gauss–Hermite needs n ≥ 1 nodes")
    z, w = roots_hermitenorm(n)
    return z, w / w.sum()


def hermite_table(z: np.ndarray, rmax: int) -> np.ndarray:
    """h_r(z) = He_r(z)/√(r!) for r = 0..rmax (rows), by the stable normalised three-term recurrence
    h_{r+1} = (z h_r − √r h_{r−1})/√(r+1)."""
    z = np.asarray(z, dtype=np.float64)
    H = np.empty((rmax + 1, *z.shape))
    H[0] = 1.0
    if rmax >= 1:
        H[1] = z
    for r in range(1, rmax):
        H[r + 1] = (z * H[r] - math.sqrt(r) * H[r - 1]) / math.sqrt(r + 1)
    return H


def hermite_coeffs(act: Activation | str | ArrayFn, rmax: int, n: int = 400) -> np.ndarray:
    """μ_r(σ) = E[σ(g)He_r(g)]/√(r!), r = 0..rmax, by n-node Gauss–Hermite quadrature."""
    z, w = gh_nodes(n)
    f = as_numpy(act)(z)
    return hermite_table(z, rmax) @ (w * f)


def _smoothing(act: Activation) -> tuple[float, float]:
    """(γ, s) of a piecewise-linear or smoothed leaky ReLU (s = 0 for the unsmoothed ones)."""
    if act.name == "smooth_leaky_relu":
        return act.gamma, act.s
    if act.name in ("relu", "leaky_relu"):
        return act.gamma, 0.0
    raise InputError(f"activation {act} has no exact Hermite coefficients here (use hermite_coeffs)")


def hermite_log_abs_exact(act: Activation | str, r: int) -> float:
    """log|μ_r| for (2)/leaky ReLU/ReLU from the closed form (−inf when μ_r = 0); no underflow."""
    a = parse_activation(act)
    g, s = _smoothing(a)
    if r == 0:
        return math.log((1 - g) * PHI0) + math.log(math.sqrt(1 + s * s) - s) if g < 1 else -math.inf
    if r == 1:
        return math.log((1 + g) / 2)
    if r % 2 == 1 or g >= 1:
        return -math.inf
    k = (r - 2) // 2  # |He_{2k}(0)| = (2k−1)!! = (2k)!/(2^k k!)
    log_dfact = gammaln(2 * k + 1) - k * math.log(2.0) - gammaln(k + 1)
    return (math.log((1 - g) * PHI0) + 0.5 * (1 - r) * math.log1p(s * s) + log_dfact - 0.5 * gammaln(r + 1))


def hermite_coeffs_exact(act: Activation | str, rmax: int) -> np.ndarray:
    """Exact μ_r, r = 0..rmax, for (2)/leaky ReLU/ReLU (see module docstring); linear σ = a·u: (0, a, 0, …)."""
    a = parse_activation(act)
    out = np.zeros(rmax + 1)
    if a.name == "linear":
        if rmax >= 1:
            out[1] = a.gamma
        return out
    for r in range(rmax + 1):
        la = hermite_log_abs_exact(a, r)
        if la > -math.inf:
            sign = 1.0 if r <= 1 else (-1.0) ** (r // 2 + 1)
            out[r] = sign * math.exp(la)
    return out


def second_moment(act: Activation | str) -> float:
    """E σ(g)², g ~ 𝒩(0,1), exactly for the closed-form activations (= (G_*)_{ii} on the sphere)."""
    return float(gram_star(np.ones((1, 1)), act)[0, 0])


# ------------------------------------------------------------------------------------ closed forms
def covariance(X: np.ndarray, var: float | None = None) -> np.ndarray:
    """Σ = v·XXᵀ, v = 1/d by default (w ~ 𝒩(0, I_d/d))."""
    X = np.asarray(X, dtype=np.float64)
    v = 1.0 / X.shape[1] if var is None else var
    return v * (X @ X.T)


def _relu_pair(ai: np.ndarray, aj: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """E[u₊v₊] for centred Gaussians with standard deviations ai, aj and covariance rho."""
    den = ai * aj
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.clip(np.where(den > 0, rho / np.where(den > 0, den, 1.0), 0.0), -1.0, 1.0)
    th = np.arccos(c)
    return den * (np.sin(th) + (math.pi - th) * c) / (2.0 * math.pi)


def _leaky_pair(g: float, vi: np.ndarray, vj: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """E[ℓ(u)ℓ(v)], ℓ(u) = γu + (1−γ)u₊, variances vi, vj, covariance rho."""
    return g * rho + (1 - g) ** 2 * _relu_pair(np.sqrt(vi), np.sqrt(vj), rho)


def gram_star(X: np.ndarray, act: Activation | str, var: float | None = None) -> np.ndarray:
    """G_* of NM (13) in closed form for ReLU, leaky ReLU, linear and the smoothed leaky ReLU (2)."""
    a = parse_activation(act)
    S = covariance(X, var)
    d = np.diag(S).copy()
    vi, vj = d[:, None] + 0 * S, d[None, :] + 0 * S
    if a.name == "linear":
        return a.gamma**2 * S
    if a.name == "relu":
        return _relu_pair(np.sqrt(vi), np.sqrt(vj), S)
    if a.name == "leaky_relu":
        return _leaky_pair(a.gamma, vi, vj, S)
    if a.name == "smooth_leaky_relu":
        g, s = a.gamma, a.s
        C = (1 - g) * s * PHI0
        mi, mj = (1 - g) * PHI0 * np.sqrt(vi + s * s), (1 - g) * PHI0 * np.sqrt(vj + s * s)
        return _leaky_pair(g, vi + s * s, vj + s * s, S) - C * (mi + mj) + C * C
    raise InputError(f"activation {a} has no closed-form G_* (use gram_star_gh)")


def gram_star_scale(X: np.ndarray, act: Activation | str, var: float | None = None) -> np.ndarray:
    """Magnitudes that cancel in `gram_star` entrywise: √((a_i² + s²)(a_j² + s²)) (s = 0 unless (2))."""
    a = parse_activation(act)
    S = covariance(X, var)
    d = np.diag(S)
    s2 = a.s**2 if a.name == "smooth_leaky_relu" else 0.0
    return np.sqrt(np.outer(d + s2, d + s2))


def gram_star_gh(X: np.ndarray, act: Activation | str | ArrayFn, n: int = 160,
                 var: float | None = None) -> np.ndarray:
    """G_* by n×n-node 2-D Gauss–Hermite quadrature per pair (any σ)."""
    f = as_numpy(act)
    S = covariance(X, var)
    N = S.shape[0]
    z, w = gh_nodes(n)
    G = np.empty((N, N))
    W2 = np.outer(w, w)
    for i in range(N):
        ai = math.sqrt(max(S[i, i], 0.0))
        fi = f(ai * z)
        G[i, i] = float(w @ (fi * fi))
        for j in range(i + 1, N):
            b = S[i, j] / ai if ai > 0 else 0.0
            c = math.sqrt(max(S[j, j] - b * b, 0.0))
            fj = f(b * z[:, None] + c * z[None, :])  # (g₁, g₂) grid
            G[i, j] = G[j, i] = float(np.sum(W2 * fi[:, None] * fj))
    return G


def gram_star_gh_error(X: np.ndarray, act: Activation | str | ArrayFn, n: int = 160,
                       var: float | None = None) -> tuple[np.ndarray, float]:
    """(G_GH(2n), max|G_GH(n) − G_GH(2n)|): a quadrature value with an a-posteriori error estimate."""
    G1, G2 = gram_star_gh(X, act, n, var), gram_star_gh(X, act, 2 * n, var)
    return G2, float(np.abs(G1 - G2).max())
