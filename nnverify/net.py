"""The fully-connected network of the Nguyen papers, and the two other papers' forms as views.

Engine (Nguyen 2021 eq. (1), Nguyen–Mondelli 2020 eq. (1)), rows are samples:
    F₀ = X,  G_l = F_{l−1}W_l,  F_l = σ(G_l) for l < L,  F_L = G_L = F_{L−1}W_L,
with W_l: (n_{l−1}, n_l). L counts weight matrices (L−1 hidden layers, linear output).

Views (same engine, different bookkeeping; see `Form`):
- Allen-Zhu–Li–Song 2019: h_{i,0} = φ(Ax_i), h_{i,ℓ} = φ(W_ℓh_{i,ℓ−1}), y_i = Bh_{i,L}. In rows:
  engine weights (Aᵀ, W₁ᵀ, …, W_Lᵀ, Bᵀ); only W₁…W_L trained; loss ½Σ_i‖Bh_{i,L} − y*_i‖².
  Their L counts the hidden m×m matrices, so engine depth = L_AZ + 2; ReLU′(0) = 1 in the paper.
- Zou–Gu 2019: f = Vσ(W_L⋯σ(W₁x)). In rows: engine weights (W₁ᵀ, …, W_Lᵀ, Vᵀ); V fixed;
  loss (1/n)Σ_i ½‖y_i − f(x_i)‖². Engine depth = L_ZG + 1; ReLU′(0) = 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from nnverify.activations import Activation
from nnverify.errors import InputError

__all__ = ["FORMS", "Form", "Forward", "check_shapes", "engine_weights", "forward", "paper_weights"]


@dataclass(frozen=True)
class Forward:
    """Every layer of one forward pass. `G[l]`, `F[l]` for l = 0..L (G[0] = F[0] = X; G[L] = F[L]).

    `D[l]` = σ′(G_l) (detached) where the forward pass already computed it (hidden layers of a
    piecewise-linear σ, whose value is σ(u) = u·σ′(u)); None elsewhere. Use `deriv(l, act)`.
    """

    G: tuple[torch.Tensor, ...]
    F: tuple[torch.Tensor, ...]
    D: tuple[torch.Tensor | None, ...] | None = None

    @property
    def out(self) -> torch.Tensor:
        """F_L: (N, n_L)."""
        return self.F[-1]

    def deriv(self, l: int, act: Activation) -> torch.Tensor:
        """σ′(G_l): (N, n_l), cached from the forward pass when available (bit-identical to act.deriv)."""
        d = self.D[l] if self.D is not None else None
        return act.deriv(self.G[l]) if d is None else d


@dataclass(frozen=True)
class Form:
    """How one paper reads the engine: which layers train, the loss factor, the ReLU′(0) it uses.

    `first_trained`/`last_fixed` say how many leading/trailing engine layers are fixed
    (A and B for Allen-Zhu–Li–Song; V for Zou–Gu); `mean_loss` divides Φ by N.
    """

    name: str
    fixed_first: int
    fixed_last: int
    mean_loss: bool
    paper_kink: float
    min_depth: int

    def trainable(self, L: int) -> tuple[bool, ...]:
        """Trainable mask over engine layers 1..L."""
        return tuple(self.fixed_first <= i < L - self.fixed_last for i in range(L))

    def loss_scale(self, N: int) -> float:
        """Factor c in Φ = c·½‖F_L − Y‖²_F."""
        return 1.0 / N if self.mean_loss else 1.0


FORMS: dict[str, Form] = {
    "nguyen": Form("nguyen", 0, 0, False, 0.0, 1),
    "allen_zhu": Form("allen_zhu", 1, 1, False, 1.0, 3),
    "zou_gu": Form("zou_gu", 0, 1, True, 0.0, 2),
}


def check_shapes(X: torch.Tensor, Ws: Sequence[torch.Tensor], Y: torch.Tensor | None = None) -> None:
    """Raise `InputError` unless X: (N, n₀), W_l: (n_{l−1}, n_l) chain, Y: (N, n_L), all float64."""
    if not isinstance(X, torch.Tensor) or X.ndim != 2:
        raise InputError(f"X has shape {getattr(X, 'shape', None)}, but should be 2-D (N, d)")
    if len(Ws) < 1:
        raise InputError("Ws is empty, but should hold at least one weight matrix")
    prev = X.shape[1]
    for i, W in enumerate(Ws, start=1):
        if not isinstance(W, torch.Tensor) or W.ndim != 2:
            raise InputError(f"W_{i} has shape {getattr(W, 'shape', None)}, but should be 2-D")
        if W.shape[0] != prev:
            raise InputError(
                f"W_{i} has shape {tuple(W.shape)}, but should have {prev} rows (n_{i - 1}={prev})"
            )
        prev = W.shape[1]
    if Y is not None and (Y.ndim != 2 or tuple(Y.shape) != (X.shape[0], prev)):
        raise InputError(f"Y has shape {tuple(Y.shape)}, but should be {(X.shape[0], prev)}")
    for name, t in [("X", X), *((f"W_{i}", W) for i, W in enumerate(Ws, 1))] + (
        [("Y", Y)] if Y is not None else []
    ):
        if t.dtype != torch.float64:
            raise InputError(f"{name}.dtype={t.dtype}, but should be torch.float64")


# σ(u) = u·σ′(u).detach() is exactly how `Activation.__call__` evaluates these (bit for bit), so the
# forward pass can keep σ′(G_l) for back-propagation instead of recomputing it (tests/test_train.py
# checks the identity for every activation of the library).
_HOMOGENEOUS = ("relu", "leaky_relu", "linear")


def forward(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation) -> Forward:
    """Forward pass of eq. (1); returns every G_l and F_l (and σ′(G_l) when it comes for free).

    Args: X: (N, n₀); Ws[l−1]: (n_{l−1}, n_l), l = 1..L; act: σ for the hidden layers.
    Differentiable by autograd and torch.func (σ has the convention of `act.kink`).
    """
    G: list[torch.Tensor] = [X]
    F: list[torch.Tensor] = [X]
    D: list[torch.Tensor | None] = [None]
    L = len(Ws)
    cache = act.name in _HOMOGENEOUS
    mm = torch.mm if X.ndim == 2 else torch.matmul  # mm = @ bit for bit on 2-D; skips matmul's dispatch
    for l, W in enumerate(Ws, start=1):
        g = mm(F[-1], W)
        G.append(g)
        if l == L:
            F.append(g)
            D.append(None)
        elif cache:
            d = act.deriv(g).detach()
            F.append(g * d)
            D.append(d)
        else:
            F.append(act(g))
            D.append(None)
    return Forward(tuple(G), tuple(F), tuple(D) if cache else None)


def paper_weights(form: str, Ws: Sequence[torch.Tensor]) -> dict[str, object]:
    """The paper's own matrices from engine weights (column form for Allen-Zhu and Zou–Gu).

    nguyen → {"W": [W₁…W_L]}; allen_zhu → {"A", "W": [W₁…W_L], "B"}; zou_gu → {"W": [...], "V"}.
    """
    if form == "nguyen":
        return {"W": list(Ws)}
    if form == "allen_zhu":
        return {"A": Ws[0].T, "W": [W.T for W in Ws[1:-1]], "B": Ws[-1].T}
    if form == "zou_gu":
        return {"W": [W.T for W in Ws[:-1]], "V": Ws[-1].T}
    raise InputError(f"form={form!r}, but should be one of {tuple(FORMS)}")


def engine_weights(form: str, **mats: object) -> list[torch.Tensor]:
    """Inverse of `paper_weights`: engine weights from the paper's matrices."""
    W = list(mats["W"])  # type: ignore[arg-type]
    if form == "nguyen":
        return W
    if form == "allen_zhu":
        return [mats["A"].T, *[w.T for w in W], mats["B"].T]  # type: ignore[union-attr]
    if form == "zou_gu":
        return [*[w.T for w in W], mats["V"].T]  # type: ignore[union-attr]
    raise InputError(f"form={form!r}, but should be one of {tuple(FORMS)}")
