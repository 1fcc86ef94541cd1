"""Closed-form gradients by back-propagation.

Nguyen–Mondelli 2020, Lemma 4.1 (1): vec(∇_{W_l}Φ) = (I_{n_l} ⊗ F_{l−1}ᵀ) ∏_{p=l+1}^{L} Σ_{p−1}(W_p ⊗ I_N)
(f_L − y) (column-major vec), which in matrix form is the recursion
    Δ_L = c(F_L − Y),  Δ_l = (Δ_{l+1}W_{l+1}ᵀ) ⊙ σ′(G_l),  ∇_{W_l}Φ = F_{l−1}ᵀΔ_l,
with Δ_l = ∂Φ/∂G_l: (N, n_l). Allen-Zhu–Li–Song Fact 2.6 is the same recursion in column form with
D_{i,ℓ} = 𝟙[g ≥ 0] (σ′(0) = 1, i.e. `kink=1`). σ′ at exact zeros follows `act.kink`, which is also
what autograd of `act` uses, so the two agree at kinks.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from nnverify.activations import Activation
from nnverify.net import Forward, forward

__all__ = ["autograd_gradients", "backprop", "gradients"]


def backprop(fw: Forward, Ws: Sequence[torch.Tensor], Y: torch.Tensor, act: Activation,
             scale: float = 1.0) -> list[torch.Tensor]:
    """Δ_l = ∂Φ/∂G_l for l = 1..L (list index l−1), each (N, n_l)."""
    L = len(Ws)
    r = fw.out - Y
    deltas: list[torch.Tensor] = [r if scale == 1.0 else scale * r]  # 1.0·r = r bit for bit
    for l in range(L - 1, 0, -1):  # l = L−1 .. 1
        deltas.append(torch.mm(deltas[-1], Ws[l].T) * fw.deriv(l, act))
    return deltas[::-1]


def gradients(X: torch.Tensor, Ws: Sequence[torch.Tensor], Y: torch.Tensor, act: Activation,
              scale: float = 1.0, fw: Forward | None = None) -> list[torch.Tensor]:
    """∇_{W_l}Φ = F_{l−1}ᵀΔ_l for every layer (NM Lemma 4.1 (1)); list of (n_{l−1}, n_l)."""
    fw = forward(X, Ws, act) if fw is None else fw
    deltas = backprop(fw, Ws, Y, act, scale)
    return [torch.mm(fw.F[l].T, deltas[l]) for l in range(len(Ws))]


def autograd_gradients(X: torch.Tensor, Ws: Sequence[torch.Tensor], Y: torch.Tensor,
                       act: Activation, scale: float = 1.0) -> list[torch.Tensor]:
    """Reference: torch.autograd of Φ with the same σ′(0) convention."""
    params = [W.detach().clone().requires_grad_(True) for W in Ws]
    out = forward(X, params, act).out
    phi = 0.5 * scale * ((out - Y) ** 2).sum()
    return [g.detach() for g in torch.autograd.grad(phi, params)]
