"""Square loss Φ(θ) = c·½‖F_L − Y‖²_F.

Paper: Nguyen 2021 / Nguyen–Mondelli 2020 (c = 1), Allen-Zhu–Li–Song 2019 F = Σ_i ½‖Bh_{i,L} − y*_i‖²
(c = 1), Zou–Gu 2019 eq. (2.1) L(W) = (1/n)Σ_i ½‖y_i − f(x_i)‖² (c = 1/n).
"""

from __future__ import annotations

import torch

__all__ = ["residual_norm", "square_loss"]


def square_loss(out: torch.Tensor, Y: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
    """Φ = scale·½‖out − Y‖²_F (a 0-d float64 tensor). out, Y: (N, n_L)."""
    r = out - Y
    return 0.5 * scale * (r * r).sum()


def residual_norm(out: torch.Tensor, Y: torch.Tensor) -> float:
    """‖F_L − Y‖_F = √(2Φ) for c = 1."""
    return float(torch.linalg.matrix_norm(out - Y))
