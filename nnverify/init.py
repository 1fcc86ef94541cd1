"""Initialisations by paper. Every function takes an explicit `generator=` (never torch's global RNG)
and returns engine weights W_l: (n_{l−1}, n_l) in float64 (rows-are-samples layout, see `net`).

Variances are of entries; "fan-out" below means n_l, the width a column-form matrix maps *into*.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch

from nnverify.errors import InputError, require_positive_int

__all__ = [
    "INITS",
    "gaussian",
    "he_allen_zhu",
    "initialise",
    "integer",
    "lecun",
    "nguyen_cor32",
    "nguyen_scaled",
    "nm_recipe",
    "zou_gu",
]

F64 = torch.float64


def _randn(shape: tuple[int, int], std: float, g: torch.Generator) -> torch.Tensor:
    return std * torch.randn(shape, generator=g, dtype=F64)


def _shapes(widths: Sequence[int]) -> list[tuple[int, int]]:
    return [(widths[i], widths[i + 1]) for i in range(len(widths) - 1)]


def gaussian(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """Entries N(0, scale²) (generic draw; no paper)."""
    return [_randn(s, scale, generator) for s in _shapes(widths)]


def lecun(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """LeCun: [W_l]_ij ~ N(0, scale²/n_{l−1}) (Nguyen 2021 (19), Nguyen–Mondelli §3.2)."""
    return [_randn(s, scale / s[0] ** 0.5, generator) for s in _shapes(widths)]


def he_allen_zhu(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """Allen-Zhu–Li–Song Def. 2.3: A, W_ℓ ~ N(0, 2/m), B ~ N(0, 1/d).

    In the engine (transposed) layout this is N(0, 2/n_l) for every layer but the last and
    N(0, 1/n_L) for the last (B: d×m, d = n_L). `scale` multiplies every matrix.
    """
    sh = _shapes(widths)
    return [_randn(s, scale * ((2.0 / s[1]) if i < len(sh) - 1 else (1.0 / s[1])) ** 0.5, generator)
            for i, s in enumerate(sh)]


def zou_gu(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """Zou–Gu Alg. 1: rows of W_l ~ N(0, (2/m)I) (W₁ too), rows of V ~ N(0, I/k).

    Engine layout: N(0, 2/n_l) for the hidden layers, N(0, 1/n_L) for Vᵀ — the same law as
    `he_allen_zhu`; kept as its own name so a case says which paper it follows.
    """
    return he_allen_zhu(widths, generator, scale)


def nguyen_scaled(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """Nguyen 2021 §3.1: θ̃⁰ = (βW₁⁰, …, βW_{L−1}⁰, W_L = 0), W⁰ LeCun, β = `scale`."""
    Ws = lecun(widths, generator)
    return [scale * W for W in Ws[:-1]] + [torch.zeros_like(Ws[-1])]


def nguyen_cor32(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """Nguyen 2021 Cor. 3.2, (25)–(26): LeCun for l ≤ L−1, [W_L]_ij ~ N(0, n_{L−1}^{−4/3})."""
    sh = _shapes(widths)
    Ws = [_randn(s, scale / s[0] ** 0.5, generator) for s in sh[:-1]]
    s = sh[-1]
    return [*Ws, _randn(s, scale * s[0] ** (-2.0 / 3.0), generator)]


def nm_recipe(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0, v: float = 0.0,
              c: float = 1.0, upper: str = "identity") -> list[torch.Tensor]:
    """Nguyen–Mondelli §3.1: W₁ LeCun; W₂ entries N(0, v) (v = 0 allowed); W_l for l ≥ 3 either
    c·[I; 0] ("identity", needs n_{l−1} ≥ n_l) or N(0, (200c)²/n_{l−1}) ("gaussian"). `scale` is unused
    by the recipe (kept for a uniform signature) and must be 1."""
    if upper not in ("identity", "gaussian"):
        raise InputError(f"upper={upper!r}, but should be 'identity' or 'gaussian'")
    sh = _shapes(widths)
    if len(sh) < 2:
        raise InputError(f"depth L={len(sh)}, but the NM §3.1 recipe needs L ≥ 2")
    Ws = [_randn(sh[0], 1.0 / sh[0][0] ** 0.5, generator), _randn(sh[1], v**0.5, generator)]
    for s in sh[2:]:
        if upper == "identity":
            if s[0] < s[1]:
                raise InputError(f"W of shape {s} cannot be c·[I; 0]: needs n_(l-1) ≥ n_l (pyramidal)")
            Ws.append(c * torch.eye(s[0], s[1], dtype=F64))
        else:
            Ws.append(_randn(s, 200.0 * c / s[0] ** 0.5, generator))
    return [scale * W for W in Ws]


def integer(widths: Sequence[int], generator: torch.Generator, scale: float = 1.0) -> list[torch.Tensor]:
    """Entries uniform on {−1, 0, 1}·scale: exact zeros and exact ReLU kinks (G_l = 0 entries)."""
    return [scale * (torch.randint(-1, 2, s, generator=generator).to(F64)) for s in _shapes(widths)]


INITS: dict[str, Callable[..., list[torch.Tensor]]] = {
    "gaussian": gaussian,
    "lecun": lecun,
    "he": he_allen_zhu,
    "allen_zhu": he_allen_zhu,
    "zou_gu": zou_gu,
    "nguyen_scaled": nguyen_scaled,
    "nguyen_cor32": nguyen_cor32,
    "nm_recipe": nm_recipe,
    "integer": integer,
}


def initialise(name: str, widths: Sequence[int], generator: torch.Generator, scale: float = 1.0,
               **kwargs: object) -> list[torch.Tensor]:
    """Dispatch by name; validates widths (every n_l ≥ 1, at least one layer)."""
    if name not in INITS:
        raise InputError(f"init={name!r}, but should be one of {tuple(INITS)}")
    if len(widths) < 2:
        raise InputError(f"widths={tuple(widths)!r}, but should have at least 2 entries (n₀, …, n_L)")
    for i, w in enumerate(widths):
        require_positive_int(w, f"widths[{i}]")
    return INITS[name](widths, generator, scale, **kwargs)
