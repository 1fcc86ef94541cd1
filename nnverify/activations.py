"""Activations with explicit derivatives: ReLU, leaky ReLU(γ) and the smoothed leaky ReLU of
Nguyen & Mondelli (2020), eq. (2).

Conventions easy to get wrong:
- ReLU′(0) is a *choice*. Torch's `relu` backward gives 0, `clamp(min=0)` gives 1 and
  `maximum(u, 0)` gives ½. Here the value at 0 is the field `kink` ∈ [0, 1] (slope used at u = 0
  is γ + kink·(1 − γ)), and autograd sees exactly the same value as the closed forms: σ(u) is
  evaluated as u·s(u) with the slope s(u) built from comparisons (no gradient flows through it), so
  d/du (u·s(u)) = s(u) everywhere, kinks included. Allen-Zhu–Li–Song take kink = 1 (D = 𝟙[g ≥ 0]),
  Zou–Gu and torch take kink = 0.
- NM eq. (2) prints its integrand as max(γu, x); it must read max(γu, u) (otherwise σ(0) ≠ 0,
  see ERRATA). The closed form is evaluated in the cancellation-free form
  σ(x) = γx + (1−γ)[xΦ(x/s) + s·φ(0)·expm1(−x²/(2s²))], s = (1−γ)/(β√(2π)), because the textbook
  form γx + (1−γ)(xΦ(x/s) + sφ(x/s)) − (1−γ)²/(2πβ) gives σ(1e−20) ≈ 1.7e−18 > |x|.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import torch

from nnverify.errors import InputError

__all__ = ["Activation", "leaky_relu", "parse_activation", "relu", "smooth_leaky_relu"]

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)  # φ(0), the standard normal density at 0
_KINDS = ("relu", "leaky_relu", "smooth_leaky_relu", "linear")


@dataclass(frozen=True)
class Activation:
    """An elementwise activation σ with its derivative σ′.

    Args:
        name: one of "relu", "leaky_relu", "smooth_leaky_relu", "linear".
        gamma: slope for u < 0 (leaky and smooth; 0 for relu, and the slope a for linear σ(u) = a·u).
        beta: Lipschitz constant of σ′ for the smooth activation (NM Assumption 2.2 (iii)).
        kink: σ′(0) = γ + kink·(1 − γ) for the piecewise-linear ones, kink ∈ [0, 1].
    """

    name: str = "relu"
    gamma: float = 0.0
    beta: float = 1.0
    kink: float = 0.0

    def __post_init__(self) -> None:
        if self.name not in _KINDS:
            raise InputError(f"activation={self.name!r}, but should be one of {_KINDS}")
        for field, v in (("gamma", self.gamma), ("beta", self.beta), ("kink", self.kink)):
            if not (isinstance(v, (int, float)) and math.isfinite(v)):
                raise InputError(f"{field}={v!r}, but should be a finite number")
        if not 0.0 <= self.kink <= 1.0:
            raise InputError(f"kink={self.kink!r}, but should lie in [0, 1] (σ′(0) convention)")
        if self.name == "relu" and self.gamma != 0.0:
            raise InputError(f"gamma={self.gamma!r} for relu, but should be 0 (use leaky_relu)")
        if self.name in ("leaky_relu",) and not 0.0 <= self.gamma <= 1.0:
            raise InputError(f"gamma={self.gamma!r}, but should lie in [0, 1] for leaky_relu")
        if self.name == "smooth_leaky_relu":
            if not 0.0 < self.gamma < 1.0:
                raise InputError(f"gamma={self.gamma!r}, but should lie in (0, 1) (NM eq. 2)")
            if not self.beta > 0.0:
                raise InputError(f"beta={self.beta!r}, but should be > 0 (NM eq. 2)")

    # -- properties used by claims' hypotheses -------------------------------------------------
    @property
    def smooth(self) -> bool:
        """True when σ′ is Lipschitz (NM Assumption 2.2 (iii)); linear σ counts as smooth."""
        return self.name in ("smooth_leaky_relu", "linear")

    @property
    def slope_bounds(self) -> tuple[float, float]:
        """(inf σ′, sup σ′) over ℝ."""
        if self.name == "linear":
            return (self.gamma, self.gamma)
        return (self.gamma, 1.0)

    @property
    def s(self) -> float:
        """Kernel width s = (1−γ)/(β√(2π)) of NM eq. (2)."""
        return (1.0 - self.gamma) / (self.beta * math.sqrt(2.0 * math.pi))

    def __call__(self, u: torch.Tensor) -> torch.Tensor:
        """σ(u), differentiable by autograd and torch.func with σ′ as in `deriv`."""
        if self.name == "smooth_leaky_relu":
            return _smooth_value(u, self.gamma, self.s)
        return u * self.deriv(u).detach()

    def deriv(self, u: torch.Tensor) -> torch.Tensor:
        """σ′(u), with the `kink` convention at u = 0 for piecewise-linear σ."""
        if self.name == "smooth_leaky_relu":
            return self.gamma + (1.0 - self.gamma) * torch.special.ndtr(u / self.s)
        if self.name == "linear":
            return torch.full_like(u, self.gamma)
        at0 = self.gamma + self.kink * (1.0 - self.gamma)
        # Built in u's dtype: torch.where(c, scalar, scalar) would use torch's *default* dtype
        # (float32), rounding γ = 0.1 to 0.10000000149. heaviside is one kernel (hot path of GD).
        h = torch.heaviside(u, u.new_full((), at0))
        return h if self.gamma == 0.0 else torch.where(u < 0, self.gamma, h)

    def second_deriv(self, u: torch.Tensor) -> torch.Tensor:
        """σ″(u) (0 away from the kink for piecewise-linear σ); σ″(0) = β for eq. (2)."""
        if self.name == "smooth_leaky_relu":
            t = u / self.s
            return (1.0 - self.gamma) * _INV_SQRT_2PI * torch.exp(-0.5 * t * t) / self.s
        return torch.zeros_like(u)

    def leaky_gap(self, u: torch.Tensor) -> torch.Tensor:
        """max(γu, u) − σ(u) for eq. (2), cancellation-free (NM Lemma B.1 form).

        Equals (1−γ)s[φ(0) − (tΦ(t) + φ(t) − t₊)], t = u/s, and lies in [0, (1−γ)²/(2πβ)].
        """
        if self.name != "smooth_leaky_relu":
            return torch.maximum(self.gamma * u, u) - self(u)
        t = u / self.s
        # tΦ(t) + φ(t) − t₊ = |t|Φ(−|t|)·(−1) + φ(t) ... written for t ≥ 0 and mirrored:
        a = t.abs()
        tail = _INV_SQRT_2PI * torch.exp(-0.5 * a * a) - a * torch.special.ndtr(-a)
        return (1.0 - self.gamma) * self.s * (_INV_SQRT_2PI - tail)

    def __str__(self) -> str:
        if self.name == "relu":
            return "relu" if self.kink == 0.0 else f"relu(kink={self.kink:g})"
        if self.name == "smooth_leaky_relu":
            return f"smooth_leaky_relu({self.gamma:g},{self.beta:g})"
        if self.name == "linear":
            return f"linear({self.gamma:g})"
        return f"leaky_relu({self.gamma:g})" + ("" if self.kink == 0 else f"[kink={self.kink:g}]")


def _smooth_value(u: torch.Tensor, gamma: float, s: float) -> torch.Tensor:
    """NM eq. (2) in the cancellation-free form; exactly 0 at u = 0, |σ(u)| ≤ |u| near 0."""
    t = u / s
    inner = u * torch.special.ndtr(t) + s * _INV_SQRT_2PI * torch.expm1(-0.5 * t * t)
    return gamma * u + (1.0 - gamma) * inner


def relu(kink: float = 0.0) -> Activation:
    """ReLU with σ′(0) = kink (torch: 0; Allen-Zhu–Li–Song: 1)."""
    return Activation("relu", 0.0, 1.0, kink)


def leaky_relu(gamma: float, kink: float = 0.0) -> Activation:
    """Leaky ReLU max(γu, u), γ ∈ [0, 1]."""
    return Activation("leaky_relu", gamma, 1.0, kink)


def smooth_leaky_relu(gamma: float, beta: float) -> Activation:
    """The Gaussian-smoothed leaky ReLU of NM eq. (2); σ′ ∈ (γ, 1), σ″ ≤ β."""
    return Activation("smooth_leaky_relu", gamma, beta, 0.0)


_PATTERN = re.compile(r"^(\w+)(?:\(([^)]*)\))?$")


def parse_activation(spec: str | Activation) -> Activation:
    """Parse "relu", "relu(kink=1)", "leaky_relu(0.1)", "smooth_leaky_relu(0.5,1)", "linear(0.7)"."""
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str):
        raise InputError(f"activation={spec!r}, but should be a string such as 'relu'")
    m = _PATTERN.match(spec.replace(" ", "").split("[")[0])
    if not m or m.group(1) not in _KINDS:
        raise InputError(f"activation={spec!r}, but should be one of {_KINDS} (with arguments)")
    name, args = m.group(1), [a for a in (m.group(2) or "").split(",") if a]
    kink = 0.0
    pos: list[float] = []
    try:
        for a in args:
            if a.startswith("kink="):
                kink = float(a[5:])
            else:
                pos.append(float(a))
        if "[kink=" in spec:
            kink = float(spec.split("[kink=")[1].rstrip("]"))
    except ValueError as exc:
        raise InputError(f"activation={spec!r}: arguments should be numbers") from exc
    if name == "relu":
        return relu(kink)
    if name == "leaky_relu" and len(pos) == 1:
        return leaky_relu(pos[0], kink)
    if name == "smooth_leaky_relu" and len(pos) == 2:
        return smooth_leaky_relu(pos[0], pos[1])
    if name == "linear" and len(pos) == 1:
        return Activation("linear", pos[0])
    raise InputError(f"activation={spec!r}: wrong number of arguments")
