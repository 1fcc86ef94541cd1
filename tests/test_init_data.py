"""Initialisations and datasets: determinism (same seed → same bits, separate streams), shapes,
entry variances against a chi-square band, data norms; `Case` repr/dict round trips.

Variance checks: for W with k i.i.d. N(0, v) entries, S = Σw²/v ~ χ²_k and Σw/√(kv) ~ N(0, 1).
The bands are the two-sided (α/2, 1 − α/2) quantiles with α = 1e−9 per check, so a correct
initialisation fails a check with probability 1e−9 (all ≈ 60 checks together: < 1e−7); the seeds are
fixed, so the outcome is deterministic. At k = 512² a wrong variance by 1 % is already far outside
(relative half-width of the band ≈ 6.1·√(2/k) ≈ 1.7 %; a factor 2 mistake is off by ~500σ).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from nnverify import strategies as S
from nnverify.data import DATASETS, make_data, min_distance
from nnverify.init import INITS, initialise
from nnverify.linalg import EPS
from nnverify.types import Case

F64 = torch.float64
ALPHA = 1e-9
WIDE = (512, 512, 512, 256)  # n₀ … n_L: three layers, 512² entries in the first two


def _gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _check_gaussian(W: torch.Tensor, var: float, what: str) -> None:
    """Entries i.i.d. N(0, var): chi-square band for Σw²/var and normal band for the mean."""
    k = W.numel()
    s = float((W * W).sum()) / var
    lo, hi = stats.chi2.ppf(ALPHA / 2, k), stats.chi2.isf(ALPHA / 2, k)
    assert lo <= s <= hi, f"{what}: Σw²/v = {s:.1f}, band [{lo:.1f}, {hi:.1f}] (k={k})"
    z = float(W.sum()) / math.sqrt(k * var)
    assert abs(z) <= stats.norm.isf(ALPHA / 2), f"{what}: mean z-score {z:.2f}"


# ---------------------------------------------------------------- variances by paper
def _expected(name: str, widths: tuple[int, ...], scale: float) -> list[float | None]:
    """Entry variance of each engine layer (None: not Gaussian, checked separately)."""
    sh = [(widths[i], widths[i + 1]) for i in range(len(widths) - 1)]
    if name == "gaussian":
        return [scale**2 for _ in sh]
    if name == "lecun":  # Nguyen 2021 (19), NM §3.2: N(0, 1/n_{l−1})
        return [scale**2 / a for a, _ in sh]
    if name in ("he", "allen_zhu", "zou_gu"):  # AZ Def. 2.3 / ZG Alg. 1 (transposed): 2/n_l, last 1/n_L
        return [scale**2 * (2.0 / b if i < len(sh) - 1 else 1.0 / b) for i, (_, b) in enumerate(sh)]
    if name == "nguyen_cor32":  # Nguyen 2021 Cor. 3.2 (25)–(26): 1/n_{l−1}, last n_{L−1}^{−4/3}
        return [scale**2 / a for a, _ in sh[:-1]] + [scale**2 * sh[-1][0] ** (-4.0 / 3.0)]
    if name == "nguyen_scaled":  # Nguyen 2021 §3.1: β·LeCun, W_L = 0
        return [scale**2 / a for a, _ in sh[:-1]] + [None]
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["gaussian", "lecun", "he", "allen_zhu", "zou_gu", "nguyen_cor32", "nguyen_scaled"])
@pytest.mark.parametrize("scale", [1.0, 0.3])
def test_gaussian_init_variances(name: str, scale: float) -> None:
    Ws = initialise(name, WIDE, _gen(11), scale)
    assert [tuple(W.shape) for W in Ws] == [(512, 512), (512, 512), (512, 256)]
    assert all(W.dtype == F64 for W in Ws)
    for l, (W, v) in enumerate(zip(Ws, _expected(name, WIDE, scale), strict=True), start=1):
        if v is None:
            assert torch.equal(W, torch.zeros_like(W)), f"{name}: W_L should be 0"
        else:
            _check_gaussian(W, v, f"{name} W_{l}")


def test_nm_recipe() -> None:
    """NM §3.1: W₁ LeCun, W₂ ~ N(0, v) (v = 0 allowed), W_l (l ≥ 3) c·[I; 0] or N(0, (200c)²/n_{l−1})."""
    widths = (256, 512, 512, 256)
    Ws = initialise("nm_recipe", widths, _gen(3), v=0.25, c=2.0)
    _check_gaussian(Ws[0], 1 / 256, "nm W_1")
    _check_gaussian(Ws[1], 0.25, "nm W_2")
    assert torch.equal(Ws[2], 2.0 * torch.eye(512, 256, dtype=F64))
    Ws = initialise("nm_recipe", widths, _gen(3), v=0.0, c=0.5, upper="gaussian")
    assert torch.equal(Ws[1], torch.zeros(512, 512, dtype=F64))
    _check_gaussian(Ws[2], (200 * 0.5) ** 2 / 512, "nm W_3 gaussian")


def test_integer_init_is_uniform_on_three_values() -> None:
    """Entries uniform on {−1, 0, 1}·scale: Pearson chi-square (2 dof) within the α band."""
    Ws = initialise("integer", WIDE, _gen(5), 2.0)
    for W in Ws:
        vals = W / 2.0
        assert bool(((vals == -1) | (vals == 0) | (vals == 1)).all())
        k = vals.numel()
        counts = [int((vals == v).sum()) for v in (-1, 0, 1)]
        pearson = sum((c - k / 3) ** 2 / (k / 3) for c in counts)
        assert pearson <= stats.chi2.isf(ALPHA, 2), counts


# ---------------------------------------------------------------- datasets
def test_gaussian_and_named_data() -> None:
    g = make_data("gaussian", 512, 512, _gen(1))
    assert g.shape == (512, 512) and g.dtype == F64
    _check_gaussian(g, 1.0, "gaussian data")
    r = make_data("rademacher", 64, 9, _gen(1))
    assert bool((r.abs() == 1).all()) and torch.equal(r.norm(dim=1), torch.full((64,), 3.0, dtype=F64))
    i = make_data("integer", 64, 9, _gen(1))
    assert bool(((i == -1) | (i == 0) | (i == 1)).all())
    d = make_data("duplicates", 5, 3, _gen(1))
    assert torch.equal(d[-1], d[0])
    z = make_data("zeros", 5, 3, _gen(1))
    assert torch.equal(z[0], torch.zeros(3, dtype=F64)) and bool((z[1:] != 0).all())


@pytest.mark.parametrize("d", [1, 2, 7, 100])
def test_sphere_radius(d: int) -> None:
    """Nguyen 2021 §3 / NM §3.2: ‖x_i‖ = √d (to a few ulps)."""
    X = make_data("sphere", 50, d, _gen(d))
    assert torch.allclose(X.norm(dim=1), torch.full((50,), math.sqrt(d), dtype=F64), rtol=8 * EPS, atol=0)


@pytest.mark.parametrize("mu", [1 / math.sqrt(2), 0.3, 1.0])
def test_unit_last(mu: float) -> None:
    """AZ / ZG Asm. 3.1: ‖x_i‖ = 1 and last coordinate exactly μ."""
    X = make_data("unit_last", 40, 5, _gen(2), mu=mu)
    assert bool((X[:, -1] == mu).all())
    assert torch.allclose(X.norm(dim=1), torch.ones(40, dtype=F64), rtol=8 * EPS, atol=0)


@pytest.mark.parametrize(("N", "d", "delta"), [(5, 3, 0.5), (20, 4, 0.2), (2, 2, 1.0)])
def test_separated_min_distance(N: int, d: int, delta: float) -> None:
    """AZ Asm. 2.1 / ZG Asm. 3.2: min_{i≠j}‖x_i − x_j‖ ≥ δ, rows still unit with last coordinate μ."""
    X = make_data("separated", N, d, _gen(N), delta=delta)
    assert min_distance(X) >= delta
    assert torch.allclose(X.norm(dim=1), torch.ones(N, dtype=F64), rtol=8 * EPS, atol=0)
    D = torch.cdist(X, X) + torch.diag(torch.full((N,), math.inf, dtype=F64))
    assert float(D.min()) == min_distance(X)
    assert min_distance(X[:1]) == math.inf


# ---------------------------------------------------------------- determinism and streams
def _tensors(case: Case) -> list[torch.Tensor]:
    inst = case.build()
    return [inst.X, *inst.Ws, inst.Y, *(inst.Ws_b or [])]


@pytest.mark.parametrize("init", list(INITS))
def test_same_seed_same_bits_every_init(init: str) -> None:
    widths = (3, 4, 4, 2)
    for seed in (0, 7):
        a, b = initialise(init, widths, _gen(seed)), initialise(init, widths, _gen(seed))
        assert all(torch.equal(x, y) for x, y in zip(a, b, strict=True))
    if init not in ("nm_recipe",):  # nm_recipe's upper layers are deterministic c·[I; 0]
        c = initialise(init, widths, _gen(1))
        assert any(not torch.equal(x, y) for x, y in zip(a, c, strict=True)), "seed ignored"


@pytest.mark.parametrize("data", list(DATASETS))
def test_same_seed_same_bits_every_dataset(data: str) -> None:
    a, b, c = (make_data(data, 4, 3, _gen(s)) for s in (0, 0, 1))
    assert torch.equal(a, b) and not torch.equal(a, c)


@given(case=st.one_of(S.cases(), S.pair_cases(), S.form_cases("allen_zhu"), S.form_cases("zou_gu")))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_case_build_is_deterministic(case: Case) -> None:
    assert all(torch.equal(x, y) for x, y in zip(_tensors(case), _tensors(case), strict=True))


def test_streams_are_separate() -> None:
    """Data, weights, targets, pair each have their own stream: changing one choice leaves the others'
    bits alone, and no two streams coincide."""
    base = Case(widths=(3, 3, 3), n=3, pair="independent", seed=5)
    inst = base.build()
    X, Ws, Y, Wb = inst.X, inst.Ws, inst.Y, inst.Ws_b
    assert Wb is not None
    # same-shaped draws from different streams differ
    assert not torch.equal(X, Ws[0]) and not torch.equal(Ws[0], Wb[0]) and not torch.equal(Y, X)
    other_init = Case(widths=(3, 3, 3), n=3, pair="independent", seed=5, init="lecun").build()
    assert torch.equal(other_init.X, X) and torch.equal(other_init.Y, Y)
    assert all(torch.equal(a, b) for a, b in zip(other_init.Ws_b, Wb, strict=True))
    other_data = Case(widths=(3, 3, 3), n=3, pair="independent", seed=5, data="sphere").build()
    assert all(torch.equal(a, b) for a, b in zip(other_data.Ws, Ws, strict=True)) and torch.equal(other_data.Y, Y)
    other_targets = Case(widths=(3, 3, 3), n=3, pair="independent", seed=5, targets="integer").build()
    assert torch.equal(other_targets.X, X) and all(torch.equal(a, b) for a, b in zip(other_targets.Ws, Ws,
                                                                                       strict=True))
    # neighbouring seeds do not reuse a stream (4·seed + stream index)
    nxt = Case(widths=(3, 3, 3), n=3, pair="independent", seed=6).build()
    pool = [X, Y, *Ws, *Wb]
    assert not any(torch.equal(t, u) for t in (nxt.X, nxt.Y, *nxt.Ws) for u in pool)


_SUBPROCESS = """
import hashlib, sys, torch
from nnverify.types import Case
inst = Case(widths=(3, 4, 2), n=3, activation="leaky_relu(0.1)", pair="noise", seed=42).build()
h = hashlib.sha256()
for t in [inst.X, *inst.Ws, inst.Y, *inst.Ws_b]:
    h.update(t.numpy().tobytes())
print(h.hexdigest())
"""


def test_bits_identical_in_another_process() -> None:
    """The same Case gives the same bits in a fresh interpreter (no hidden global state)."""
    import hashlib

    inst = Case(widths=(3, 4, 2), n=3, activation="leaky_relu(0.1)", pair="noise", seed=42).build()
    h = hashlib.sha256()
    for t in [inst.X, *inst.Ws, inst.Y, *(inst.Ws_b or [])]:
        h.update(t.numpy().tobytes())
    out = subprocess.run([sys.executable, "-c", _SUBPROCESS], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == h.hexdigest()


def test_global_rng_untouched() -> None:
    """Building cases never draws from torch's global generator."""
    state = torch.get_rng_state()
    for case in (Case(widths=(3, 4, 2), n=3, pair="noise"), Case(widths=(2, 3, 3, 2), n=2, form="allen_zhu",
                                                                 init="allen_zhu", data="separated", pair="one_layer")):
        case.build()
    assert torch.equal(torch.get_rng_state(), state)


# ---------------------------------------------------------------- Case repr / dict round trips
ANY_CASE = st.one_of(S.cases(), S.pair_cases(), S.form_cases("allen_zhu"), S.form_cases("zou_gu"),
                     S.elementwise_cases())


@given(case=ANY_CASE)
@settings(max_examples=60, deadline=None)
def test_case_repr_and_dict_round_trip(case: Case) -> None:
    """eval(repr(case)) == case; Case.from_dict(case.to_dict()) == case, also through JSON."""
    assert eval(repr(case), {"Case": Case}) == case
    assert Case.from_dict(case.to_dict()) == case
    assert Case.from_dict(json.loads(json.dumps(case.to_dict()))) == case


def test_case_repr_with_every_field() -> None:
    case = Case(widths=(2, 2, 2), n=2, activation="smooth_leaky_relu(0.5,1)", form="zou_gu", init="zou_gu",
                scale=0.5, data="separated", data_scale=2.0, targets="integer", target_scale=3.0, seed=9,
                X=((1.0, 0.0), (0.0, -1e-08)), W=(((1.0, 2.0), (3.0, 4.0)), ((1e6, 0.0), (0.0, 1.0))),
                Y=((0.0, 1.0), (1.0, 0.0)), params=(("data.delta", 0.1),), pair="noise", pair_scale=1e-6)
    assert eval(repr(case), {"Case": Case}) == case
    assert Case.from_dict(json.loads(json.dumps(case.to_dict()))) == case
    assert repr(Case(widths=(1, 1, 1), n=1)) == "Case(widths=(1, 1, 1), n=1)"
