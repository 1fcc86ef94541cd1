"""Jacobian blocks and the empirical NTK K = JJᵀ = Σ_l J_lJ_lᵀ (Nguyen 2021, eq. (2)).

J_l = ∂vec(F_L)/∂vec(W_l) with **row-major** vec (torch's reshape): row index i·n_L + k, column
index a·n_l + b. In this convention J_LJ_Lᵀ = (F_{L−1}F_{L−1}ᵀ) ⊗ I_{n_L}; the paper's
I_{n_L} ⊗ (F_{L−1}F_{L−1}ᵀ) is the column-major form (same spectrum, different entries).

Structure used (never materialising J): with the per-sample back-propagated maps
M_l[i] = ∂F_L[i,:]/∂G_l[i,:] ∈ ℝ^{n_l×n_L} (M_L = I, M_l[i] = diag σ′(G_l[i]) W_{l+1} M_{l+1}[i]),
    J_l[(i,k),(a,b)] = F_{l−1}[i,a]·M_l[i,b,k],
    (J_lJ_lᵀ)[(i,k),(j,k′)] = (F_{l−1}F_{l−1}ᵀ)[i,j] · (Σ_b M_l[i,b,k]M_l[j,b,k′]),
i.e. the Gram of F_{l−1} times the Gram of the back-propagated vectors.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch.func import jacrev

from nnverify.activations import Activation
from nnverify.net import Forward, forward

__all__ = ["backward_maps", "jacobian_blocks", "jacobian_reference", "ntk", "ntk_blocks", "ntk_reference"]


def backward_maps(fw: Forward, Ws: Sequence[torch.Tensor], act: Activation) -> list[torch.Tensor]:
    """M_l for l = 1..L (list index l−1), each (N, n_l, n_L)."""
    L = len(Ws)
    N, nL = fw.out.shape
    M = [torch.eye(nL, dtype=fw.out.dtype).expand(N, nL, nL)]
    for l in range(L - 1, 0, -1):  # l = L−1 .. 1
        prev = M[-1]  # (N, n_{l+1}, n_L)
        n_next = prev.shape[1]
        # one (n_l × n_{l+1})·(n_{l+1} × N·n_L) product instead of N broadcast ones
        WM = (Ws[l] @ prev.permute(1, 0, 2).reshape(n_next, N * nL)).reshape(-1, N, nL).permute(1, 0, 2)
        M.append(act.deriv(fw.G[l]).unsqueeze(-1) * WM)
    return M[::-1]


def jacobian_blocks(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation,
                    fw: Forward | None = None) -> list[torch.Tensor]:
    """J_l: (N·n_L, n_{l−1}·n_l) for every layer, from the structure above (materialises J)."""
    fw = forward(X, Ws, act) if fw is None else fw
    Ms = backward_maps(fw, Ws, act)
    N, nL = fw.out.shape
    blocks = []
    for l, M in enumerate(Ms, start=1):
        Jl = torch.einsum("ia,ibk->ikab", fw.F[l - 1], M)
        blocks.append(Jl.reshape(N * nL, -1))
    return blocks


def ntk_blocks(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation,
               fw: Forward | None = None, layers: Sequence[int] | None = None) -> list[torch.Tensor]:
    """J_lJ_lᵀ: (N·n_L, N·n_L) for l in `layers` (1-based; default all), without forming J."""
    fw = forward(X, Ws, act) if fw is None else fw
    Ms = backward_maps(fw, Ws, act)
    N, nL = fw.out.shape
    out = []
    for l in layers if layers is not None else range(1, len(Ws) + 1):
        F = fw.F[l - 1]
        gram_f = F @ F.T  # (N, N)
        M = Ms[l - 1]  # (N, n_l, n_L)
        gram_b = torch.einsum("ibk,jbc->ikjc", M, M)  # (N, n_L, N, n_L)
        out.append((gram_f[:, None, :, None] * gram_b).reshape(N * nL, N * nL))
    return out


def ntk(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation,
        fw: Forward | None = None, layers: Sequence[int] | None = None) -> torch.Tensor:
    """K = Σ_l J_lJ_lᵀ over `layers` (default: all, eq. (2)); (N·n_L, N·n_L), row-major vec."""
    return torch.stack(ntk_blocks(X, Ws, act, fw, layers)).sum(0)


def jacobian_reference(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation) -> list[torch.Tensor]:
    """J_l by torch.func.jacrev of vec(F_L) (independent reference; same σ′(0) convention)."""
    def f(*params: torch.Tensor) -> torch.Tensor:
        return forward(X, params, act).out.reshape(-1)

    jac = jacrev(f, argnums=tuple(range(len(Ws))))(*Ws)
    return [j.reshape(j.shape[0], -1) for j in jac]


def ntk_reference(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation,
                  layers: Sequence[int] | None = None) -> torch.Tensor:
    """K = JJᵀ with J from torch.func.jacrev (the reference the structured NTK is tested against)."""
    blocks = jacobian_reference(X, Ws, act)
    idx = [l - 1 for l in layers] if layers is not None else range(len(Ws))
    return sum(blocks[i] @ blocks[i].T for i in idx)  # type: ignore[return-value]
