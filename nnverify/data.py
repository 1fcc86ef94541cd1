"""Datasets named by the assumption they satisfy. Every function takes `generator=`; X: (N, d).

- `gaussian`: i.i.d. N(0, 1) entries (no assumption).
- `sphere`: rows uniform on the sphere of radius √d (Nguyen 2021 §3, Nguyen–Mondelli §3.2).
- `unit_last`: ‖x_i‖ = 1 with last coordinate μ (Allen-Zhu–Li–Song, μ = 1/√2; Zou–Gu Asm. 3.1).
- `separated`: `unit_last` rows redrawn until min_{i≠j}‖x_i − x_j‖ ≥ δ (AZ Asm. 2.1, ZG Asm. 3.2).
- `rademacher`: i.i.d. ±1 entries: sub-Gaussian, isotropic, and ‖x_i‖ = √d exactly.
- `integer`: entries in {−1, 0, 1} (exact ReLU kinks, possibly duplicated or zero rows).
- `duplicates`: `gaussian` with the last row a copy of the first (N ≥ 2).
- `zeros`: `gaussian` with the first row zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from nnverify.errors import InputError, require_positive, require_positive_int

__all__ = [
    "DATASETS",
    "duplicates",
    "gaussian",
    "integer",
    "make_data",
    "min_distance",
    "rademacher",
    "separated",
    "sphere",
    "unit_last",
    "zeros",
]

F64 = torch.float64


def gaussian(N: int, d: int, generator: torch.Generator) -> torch.Tensor:
    return torch.randn(N, d, generator=generator, dtype=F64)


def sphere(N: int, d: int, generator: torch.Generator) -> torch.Tensor:
    X = gaussian(N, d, generator)
    return math.sqrt(d) * X / torch.linalg.vector_norm(X, dim=1, keepdim=True)


def unit_last(N: int, d: int, generator: torch.Generator, mu: float = 1.0 / math.sqrt(2.0)) -> torch.Tensor:
    """‖x_i‖ = 1, (x_i)_d = μ; the first d−1 coordinates are uniform on the sphere of radius √(1−μ²)."""
    if d < 2:
        raise InputError(f"d={d}, but unit_last data needs d ≥ 2 (one free coordinate plus μ)")
    if not 0.0 < mu <= 1.0:
        raise InputError(f"mu={mu!r}, but should lie in (0, 1]")
    Z = gaussian(N, d - 1, generator)
    Z = math.sqrt(1.0 - mu * mu) * Z / torch.linalg.vector_norm(Z, dim=1, keepdim=True)
    return torch.cat([Z, torch.full((N, 1), mu, dtype=F64)], dim=1)


def min_distance(X: torch.Tensor) -> float:
    """min_{i≠j}‖x_i − x_j‖ (inf for N = 1)."""
    if X.shape[0] < 2:
        return math.inf
    D = torch.cdist(X, X)
    D.fill_diagonal_(math.inf)
    return float(D.min())


def separated(N: int, d: int, generator: torch.Generator, delta: float = 0.1,
              mu: float = 1.0 / math.sqrt(2.0), tries: int = 1000) -> torch.Tensor:
    """`unit_last` data with min pairwise distance ≥ δ (redraws; InputError if δ is unreachable)."""
    require_positive(delta, "delta")
    for _ in range(tries):
        X = unit_last(N, d, generator, mu)
        if min_distance(X) >= delta:
            return X
    raise InputError(f"delta={delta!r}: no {N}×{d} unit_last set with that separation in {tries} draws")


def rademacher(N: int, d: int, generator: torch.Generator) -> torch.Tensor:
    return 2.0 * torch.randint(0, 2, (N, d), generator=generator).to(F64) - 1.0


def integer(N: int, d: int, generator: torch.Generator) -> torch.Tensor:
    return torch.randint(-1, 2, (N, d), generator=generator).to(F64)


def duplicates(N: int, d: int, generator: torch.Generator) -> torch.Tensor:
    X = gaussian(N, d, generator)
    if N >= 2:
        X[-1] = X[0]
    return X


def zeros(N: int, d: int, generator: torch.Generator) -> torch.Tensor:
    X = gaussian(N, d, generator)
    X[0] = 0.0
    return X


DATASETS: dict[str, Callable[..., torch.Tensor]] = {
    "gaussian": gaussian, "sphere": sphere, "unit_last": unit_last, "separated": separated,
    "rademacher": rademacher, "integer": integer, "duplicates": duplicates, "zeros": zeros,
}


def make_data(name: str, N: int, d: int, generator: torch.Generator, **kwargs: object) -> torch.Tensor:
    """Dispatch by name with validation."""
    if name not in DATASETS:
        raise InputError(f"data={name!r}, but should be one of {tuple(DATASETS)}")
    require_positive_int(N, "N")
    require_positive_int(d, "d")
    return DATASETS[name](N, d, generator, **kwargs)
