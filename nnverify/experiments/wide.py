"""One very wide hidden layer, never materialised: the statistics the width-scaling experiments need.

For a fixed input F (N, m) to the wide layer, W ~ 𝒩(0, w_var)^{m×n}, H = σ(FW) (N, n) and an output layer
V ~ 𝒩(0, v_var)^{n×1}, `wide_layer` returns HHᵀ (N×N), WWᵀ (m×m), HV (N×1) and ‖V‖², accumulated over column
chunks of W (and the matching rows of V), so widths of 10⁶–10⁷ cost O(N·m·chunk) memory. From these:
σ_min(H)² = λ_min(HHᵀ) (α₀² of Nguyen 2021 (6), λ_F² of Nguyen–Mondelli 2020), ‖W‖₂ = √λ_max(WWᵀ) and, for
n_L = 1, ‖V‖₂ = ‖V‖_F. Chunks are drawn in order (W chunk, then V chunk) from one generator, so a draw is a
function of (generator state, n, chunk) only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from nnverify.errors import InputError

F64 = torch.float64
CHUNK = 1 << 15


@dataclass(frozen=True)
class WideStats:
    """Sufficient statistics of one draw of a wide layer (see the module docstring)."""

    gram: torch.Tensor  # HHᵀ, (N, N)
    w_gram: torch.Tensor  # WWᵀ, (m, m)
    out: torch.Tensor  # HV, (N, 1)
    v_sq: float  # ‖V‖_F²

    @property
    def sigma_min_sq(self) -> float:
        """σ_min(H)² = λ_min(HHᵀ), clamped at 0 (round-off can make it −1e−16·‖H‖²)."""
        return max(float(torch.linalg.eigvalsh(self.gram)[0]), 0.0)

    @property
    def w_norm(self) -> float:
        """‖W‖₂ = √λ_max(WWᵀ)."""
        return math.sqrt(max(float(torch.linalg.eigvalsh(self.w_gram)[-1]), 0.0))

    @property
    def v_norm(self) -> float:
        """‖V‖₂ = ‖V‖_F (one output column)."""
        return math.sqrt(self.v_sq)


def wide_layer(F: torch.Tensor, n: int, w_var: float, v_var: float, act: Callable[[torch.Tensor], torch.Tensor],
               g: torch.Generator, chunk: int = CHUNK) -> WideStats:
    """Draw W (m, n) ~ 𝒩(0, w_var) and V (n, 1) ~ 𝒩(0, v_var) chunk by chunk; return `WideStats` of H = act(FW)."""
    if F.ndim != 2 or F.dtype != F64:
        raise InputError(f"F should be a float64 matrix, got shape {tuple(F.shape)} dtype {F.dtype}")
    if not (isinstance(n, int) and n > 0 and chunk > 0):
        raise InputError(f"width n={n!r} and chunk={chunk!r} should be positive integers")
    if not (w_var > 0 and v_var > 0 and math.isfinite(w_var) and math.isfinite(v_var)):
        raise InputError(f"variances ({w_var!r}, {v_var!r}) should be positive and finite")
    N, m = F.shape
    gram = torch.zeros(N, N, dtype=F64)
    w_gram = torch.zeros(m, m, dtype=F64)
    out = torch.zeros(N, 1, dtype=F64)
    v_sq = 0.0
    ws, vs = math.sqrt(w_var), math.sqrt(v_var)
    for j in range(0, n, chunk):
        c = min(chunk, n - j)
        W = torch.randn(m, c, generator=g, dtype=F64) * ws
        V = torch.randn(c, 1, generator=g, dtype=F64) * vs
        H = act(F @ W)
        gram += H @ H.T
        w_gram += W @ W.T
        out += H @ V
        v_sq += float((V * V).sum())
    return WideStats(gram, w_gram, out, v_sq)
