"""The activations: NM Assumption 2.2 for the smoothed leaky ReLU of NM eq. (2), its closed form
against quadrature of the (corrected) integral, NM Lemma B.1's uniform gap, and the σ′(0) ("kink")
conventions that autograd, torch.func and the closed forms must share.

Catalog: `nguyen_mondelli20.assump2.2`, `nguyen_mondelli20.eq2`, `nguyen_mondelli20.lemmab1`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from nnverify.activations import Activation, leaky_relu, parse_activation, relu, smooth_leaky_relu
from nnverify.claims import Tolerance
from nnverify.linalg import EPS

F64 = torch.float64

#: (γ, β) pairs of eq. (2): the suite's three plus extreme ones from the catalog.
PAIRS = [(0.5, 1.0), (0.1, 5.0), (0.9, 0.2), (0.01, 0.1), (0.99, 0.01), (0.3, 100.0)]
TINY = (0.0, 1e-20, -1e-20, 1e-12, -1e-12, 1e-300, -1e-300, 5e-324)

LIP_TOL = Tolerance(1e-6, 0.0, "finite-difference Lip(σ′) on a uniform grid underestimates/overshoots σ″ by O(h²)")
ODD_TOL = Tolerance(4 * EPS, math.ulp(0.0),
                    "γx, ndtr(t) + ndtr(−t), halving round once relative to |x|; subnormal x underflow by one ulp")
QUAD_TOL = Tolerance(1e-10, 0.0, "quad returns σ as an O(1) integral minus (1−γ)²/(2πβ): scale by max(|σ|, that)")
GAP_TOL = Tolerance(1e-9, 0.0, "cancellation-free gap rounds to a few ulp of (1−γ)²/(2πβ)")
TIGHT_TOL = Tolerance(1e-6, 0.0, "at x = ±1e6 the gap equals its supremum up to Gaussian tails e^{−t²/2}")
GRAD_TOL = Tolerance(8 * EPS, 8 * EPS, "autograd of u·Φ(t) + sφ(0)expm1(−t²/2) cancels tφ(t) − tφ(t): ulps of 1")


def _grid(act: Activation, n: int = 200_001) -> torch.Tensor:
    """Uniform grid on ±50s (s the kernel width of eq. (2))."""
    return torch.linspace(-50.0 * act.s, 50.0 * act.s, n, dtype=F64)


def _probe_points(act: Activation) -> torch.Tensor:
    """Grid ∪ 10³ random points of scale 10³ ∪ tiny and huge points."""
    g = torch.Generator().manual_seed(7)
    rnd = 1e3 * torch.randn(1000, generator=g, dtype=F64)
    extra = torch.tensor([*TINY, 1e6, -1e6, 1e150, -1e150, 1e300, -1e300], dtype=F64)
    return torch.cat([_grid(act), rnd, extra])


# ---------------------------------------------------------------- NM Assumption 2.2 for eq. (2)
@pytest.mark.parametrize(("gamma", "beta"), PAIRS)
def test_smooth_assumption_2_2(gamma: float, beta: float) -> None:
    """NM Asm. 2.2: σ(0) = 0 exactly, σ′ ∈ [γ, 1], |σ(x)| ≤ |x| (tiny and huge x included)."""
    act = smooth_leaky_relu(gamma, beta)
    assert float(act(torch.zeros((), dtype=F64))) == 0.0
    x = _probe_points(act)
    y, d = act(x), act.deriv(x)
    assert bool(torch.isfinite(y).all()) and bool(torch.isfinite(d).all())
    assert float(d.min()) >= gamma and float(d.max()) <= 1.0
    assert bool((y.abs() <= x.abs()).all()), x[y.abs() > x.abs()]
    # 1-Lipschitz with σ(0) = 0 also makes the sign right: σ(x)·x ≥ 0
    assert bool((y * x >= 0).all())


@pytest.mark.parametrize(("gamma", "beta"), PAIRS)
def test_smooth_derivative_is_beta_lipschitz(gamma: float, beta: float) -> None:
    """NM Asm. 2.2 (iii): finite-difference Lip(σ′) on a uniform grid ≤ β(1 + 1e−6); σ″(0) = β, tight."""
    act = smooth_leaky_relu(gamma, beta)
    x = _grid(act)
    h = float(x[1] - x[0])
    d = act.deriv(x)
    lip = float((d[1:] - d[:-1]).abs().max()) / h
    assert lip <= beta * (1 + LIP_TOL.rtol), (lip, beta)
    assert lip >= beta * (1 - LIP_TOL.rtol), (lip, beta)  # tight: sup σ″ = σ″(0) = β
    zero = torch.zeros(1, dtype=F64)
    assert float(act.second_deriv(zero)) == pytest.approx(beta, rel=4 * EPS)
    assert float(act.second_deriv(x).max()) <= beta * (1 + 4 * EPS)
    # σ″ is the derivative of σ′: central difference at a few points (error O(h²σ⁗))
    u = torch.tensor([-3.0, -0.7, 0.0, 0.4, 2.5], dtype=F64) * act.s
    hh = 1e-5 * act.s
    fd = (act.deriv(u + hh) - act.deriv(u - hh)) / (2 * hh)
    assert torch.allclose(fd, act.second_deriv(u), rtol=1e-7, atol=1e-7 * beta)


@pytest.mark.parametrize(("gamma", "beta"), PAIRS)
def test_smooth_gap_to_leaky_relu(gamma: float, beta: float) -> None:
    """NM Lemma B.1 (exact form): 0 ≤ max(γx, x) − σ(x) ≤ (1−γ)²/(2πβ), approached as |x| → ∞."""
    act = smooth_leaky_relu(gamma, beta)
    bound = (1 - gamma) ** 2 / (2 * math.pi * beta)
    x = torch.cat([torch.linspace(-200 * act.s, 200 * act.s, 400_001, dtype=F64),
                   torch.tensor([1e6, -1e6, *TINY], dtype=F64)])
    gap = act.leaky_gap(x)
    assert float(gap.min()) >= 0.0
    assert float(gap.max()) <= bound * (1 + GAP_TOL.rtol)
    far = act.leaky_gap(torch.tensor([1e6, -1e6], dtype=F64))
    assert float(far.min()) >= bound * (1 - TIGHT_TOL.rtol)
    assert float(act.leaky_gap(torch.zeros((), dtype=F64))) == 0.0  # σ(0) = 0 = max(0, 0)
    # the naive difference agrees with the stable one up to ulps of |x|
    naive = torch.maximum(gamma * x, x) - act(x)
    assert bool(((naive - gap).abs() <= 8 * EPS * (x.abs() + bound)).all())


def _quad_sigma(x: float, gamma: float, beta: float) -> float:
    """NM eq. (2) with the corrected integrand max(γu, u), by adaptive quadrature (split at u = 0).

    The kernel (β/(1−γ))·exp(−πβ²(x−u)²/(1−γ)²) is the N(x, s²) density; outside x ± 40s it is < e^{−800}.
    """
    k = (1 - gamma) ** 2
    s = (1 - gamma) / (beta * math.sqrt(2 * math.pi))

    def f(u: float) -> float:
        return max(gamma * u, u) * math.exp(-math.pi * beta * beta * (x - u) ** 2 / k)

    lo, hi = x - 40 * s, x + 40 * s
    pts = [lo, *([0.0] if lo < 0.0 < hi else []), hi]
    total = 0.0
    for a, b in itertools.pairwise(pts):
        total += integrate.quad(f, a, b, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    return -k / (2 * math.pi * beta) + beta / (1 - gamma) * total


@pytest.mark.parametrize(("gamma", "beta"), PAIRS)
def test_smooth_closed_form_matches_quadrature(gamma: float, beta: float) -> None:
    """NM eq. (2) (integrand max(γu, u), see ERRATA 1): closed form = quadrature to
    1e−10·max(|σ(x)|, (1−γ)²/(2πβ)) at 0, ±1e−12, random·5s, ±10s, ±1e3."""
    act = smooth_leaky_relu(gamma, beta)
    c = (1 - gamma) ** 2 / (2 * math.pi * beta)
    rng = np.random.default_rng(int(gamma * 1000 + beta * 10))
    xs = [0.0, 1e-12, -1e-12, 10 * act.s, -10 * act.s, 1e3, -1e3, *(5 * act.s * rng.standard_normal(4))]
    for x in xs:
        closed = float(act(torch.tensor(x, dtype=F64)))
        q = _quad_sigma(float(x), gamma, beta)
        assert abs(closed - q) <= QUAD_TOL.rtol * max(abs(closed), c), (x, closed, q)


def test_printed_integrand_is_not_zero_at_zero() -> None:
    """ERRATA 1: with the printed integrand max(γu, x), σ(0) = (1−γ)(2γ−1)/(2πβ) ≠ 0 (γ = 0.1, β = 1)."""
    gamma, beta = 0.1, 1.0
    k = (1 - gamma) ** 2

    def f(u: float) -> float:
        return max(gamma * u, 0.0) * math.exp(-math.pi * beta * beta * u * u / k)

    val = -k / (2 * math.pi * beta) + beta / (1 - gamma) * integrate.quad(f, -np.inf, np.inf)[0]
    assert val == pytest.approx((1 - gamma) * (2 * gamma - 1) / (2 * math.pi * beta), rel=1e-8)
    assert abs(val) > 0.1


@pytest.mark.parametrize(("gamma", "beta"), PAIRS)
def test_smooth_odd_part(gamma: float, beta: float) -> None:
    """(σ(x) − σ(−x))/2 = (1+γ)x/2 (used by NM §3.3's Hermite argument)."""
    act = smooth_leaky_relu(gamma, beta)
    x = _probe_points(act)
    x = x[x.abs() < 1e300]  # (1+γ)x/2 and σ(x) − σ(−x) stay finite
    odd = 0.5 * (act(x) - act(-x))
    assert bool(((odd - 0.5 * (1 + gamma) * x).abs() <= ODD_TOL.rtol * x.abs() + ODD_TOL.atol).all())


@pytest.mark.parametrize(("gamma", "beta"), PAIRS)
def test_smooth_autograd_matches_deriv(gamma: float, beta: float) -> None:
    """autograd of σ (as written, with expm1 and ndtr) equals the closed σ′ of `.deriv`."""
    act = smooth_leaky_relu(gamma, beta)
    x = torch.cat([torch.linspace(-30 * act.s, 30 * act.s, 2001, dtype=F64),
                   torch.tensor([*TINY, 1e3, -1e3], dtype=F64)]).requires_grad_(True)
    (g,) = torch.autograd.grad(act(x).sum(), x)
    d = act.deriv(x.detach())
    assert bool(((g - d).abs() <= GRAD_TOL.atol + GRAD_TOL.rtol * d.abs()).all()), float((g - d).abs().max())


# ---------------------------------------------------------------- piecewise-linear σ and σ′(0)
@pytest.mark.parametrize("kink", [0.0, 0.5, 1.0])
def test_relu_kink_convention(kink: float) -> None:
    """relu(kink=c): autograd and torch.func derivatives at exactly 0 equal c, and `.deriv(0)` = c."""
    act = relu(kink)
    x = torch.tensor([-2.0, -0.0, 0.0, 3.0], dtype=F64, requires_grad=True)
    (g,) = torch.autograd.grad(act(x).sum(), x)
    assert g.tolist() == [0.0, kink, kink, 1.0]
    assert act.deriv(x.detach()).tolist() == [0.0, kink, kink, 1.0]
    gf = torch.func.vmap(torch.func.grad(lambda u: act(u)))(x.detach())
    assert gf.tolist() == [0.0, kink, kink, 1.0]
    assert act(x.detach()).tolist() == [0.0, 0.0, 0.0, 3.0]


@pytest.mark.parametrize(("gamma", "kink"), [(0.1, 0.0), (0.5, 1.0), (0.3, 0.5)])
def test_leaky_relu_values_and_derivatives(gamma: float, kink: float) -> None:
    """leaky_relu(γ) = max(γu, u); σ′(0) = γ + kink·(1 − γ), the same under autograd."""
    act = leaky_relu(gamma, kink)
    x = torch.tensor([-3.0, -1e-300, 0.0, 1e-300, 2.0], dtype=F64, requires_grad=True)
    (g,) = torch.autograd.grad(act(x).sum(), x)
    at0 = gamma + kink * (1 - gamma)
    assert g.tolist() == [gamma, gamma, at0, 1.0, 1.0]
    assert act.deriv(x.detach()).tolist() == g.tolist()
    assert torch.equal(act(x.detach()), torch.maximum(gamma * x.detach(), x.detach()))


@given(x=st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False),
       spec=st.sampled_from(["relu", "relu(kink=1)", "leaky_relu(0.1)", "smooth_leaky_relu(0.5,1)",
                             "smooth_leaky_relu(0.1,5)", "smooth_leaky_relu(0.9,0.2)"]))
@settings(max_examples=60)
def test_every_activation_is_one_lipschitz_through_zero(x: float, spec: str) -> None:
    """Every library σ has σ(0) = 0 and |σ(x)| ≤ |x|; σ′ within the stated slope bounds."""
    act = parse_activation(spec)
    t = torch.tensor([x], dtype=F64)
    assert abs(float(act(t))) <= abs(x)
    lo, hi = act.slope_bounds
    assert lo <= float(act.deriv(t)) <= hi


@pytest.mark.parametrize("spec", ["relu", "relu(kink=1)", "relu(kink=0.5)", "leaky_relu(0.1)",
                                  "leaky_relu(0.5)[kink=1]", "smooth_leaky_relu(0.5,1)", "linear(0.7)"])
def test_parse_round_trip(spec: str) -> None:
    """str(parse_activation(spec)) parses back to the same Activation."""
    act = parse_activation(spec)
    assert parse_activation(str(act)) == act
