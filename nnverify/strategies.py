"""Hypothesis strategies for nnverify cases (plural nouns, arguments validated eagerly).

Structure (depth, widths, N, activation, init, scales, seed) is drawn by Hypothesis; bulk tensors
come from `Case.build()` with seeded local generators. A second branch (behind `one_of`, after the
seeded one so shrinking prefers it) draws tiny X, W, Y element-wise with edge values: exact zeros
(ReLU kinks), ±1, tiny and huge magnitudes, duplicated rows. Everything shrinks toward
`Case(widths=(1, 1, 1), n=1)`: L = 2, width 1, N = 1, seed 0, scales 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnverify.activations import parse_activation
from nnverify.data import DATASETS
from nnverify.errors import InputError
from nnverify.init import INITS
from nnverify.net import FORMS
from nnverify.types import PAIRS, TARGETS, Case, Matrix

__all__ = [
    "ACTIVATIONS_ALL",
    "LIPSCHITZ_ZERO_AT_ZERO",
    "PIECEWISE_LINEAR",
    "SMOOTH",
    "activations",
    "cases",
    "elementwise_cases",
    "form_cases",
    "one_wide_widths",
    "pair_cases",
    "pyramidal_widths",
    "scales",
    "seeded_cases",
    "widths_lists",
]

PIECEWISE_LINEAR = ("relu", "relu(kink=1)", "relu(kink=0.5)", "leaky_relu(0.1)", "leaky_relu(0.5)")
SMOOTH = ("smooth_leaky_relu(0.5,1)", "smooth_leaky_relu(0.1,5)", "smooth_leaky_relu(0.9,0.2)")
ACTIVATIONS_ALL = PIECEWISE_LINEAR + SMOOTH
#: σ 1-Lipschitz with σ(0) = 0 (|σ(x)| ≤ |x|): every activation of the library.
LIPSCHITZ_ZERO_AT_ZERO = ACTIVATIONS_ALL

# Element values of the element-wise branch: kinks, units, tiny and huge magnitudes.
_EDGE = (0.0, 1.0, -1.0, 2.0, -0.5, 1e-8, -1e-8, 1e6, -1e6)


def _check_range(lo: int, hi: int, name: str) -> None:
    if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
        raise InputError(f"{name}=({lo}, {hi}), but should be integers with 1 ≤ min ≤ max")


def _check_names(names: Sequence[str], allowed: Sequence[str], what: str) -> None:
    if isinstance(names, str) or not names:
        raise InputError(f"{what}s={names!r}, but should be a non-empty sequence of names")
    for name in names:
        if name not in allowed:
            raise InputError(f"{what}={name!r}, but should be one of {tuple(allowed)}")


def activations(specs: Sequence[str] = ACTIVATIONS_ALL) -> st.SearchStrategy[str]:
    """Activation specs (validated now); shrinks toward the first."""
    if not specs:
        raise InputError("activations() needs at least one spec")
    for s in specs:
        parse_activation(s)
    return st.sampled_from(tuple(specs))


def scales(lo_exp: float = -2.0, hi_exp: float = 2.0) -> st.SearchStrategy[float]:
    """10^e with e uniform in [lo_exp, hi_exp]; shrinks to 1.0 (e → 0)."""
    if not lo_exp <= 0.0 <= hi_exp:
        raise InputError(f"scale exponents ({lo_exp}, {hi_exp}) should bracket 0 so 1.0 is reachable")
    if lo_exp == hi_exp == 0.0:
        return st.just(1.0)
    return st.floats(lo_exp, hi_exp, allow_nan=False).map(lambda e: float(10.0**e))


def widths_lists(min_depth: int = 2, max_depth: int = 4, max_width: int = 5,
                 min_width: int = 1) -> st.SearchStrategy[tuple[int, ...]]:
    """(n₀, …, n_L) with L ∈ [min_depth, max_depth]; one list (not "draw L, then L widths")."""
    _check_range(min_depth, max_depth, "depth")
    _check_range(min_width, max_width, "width")
    return st.lists(st.integers(min_width, max_width), min_size=min_depth + 1,
                    max_size=max_depth + 1).map(tuple)


@st.composite
def pyramidal_widths(draw: st.DrawFn, N: int, min_depth: int = 2, max_depth: int = 4,
                     max_width: int = 5, max_extra: int = 3) -> tuple[int, ...]:
    """NM Assumption 2.1: n₁ ≥ N and n₂ ≥ n₃ ≥ … ≥ n_L (n₂ > n₁ allowed)."""
    d = draw(st.integers(1, max_width), label="d")
    n1 = N + draw(st.integers(0, max_extra), label="n1 - N")
    tail = draw(st.lists(st.integers(1, max_width), min_size=min_depth - 1, max_size=max_depth - 1),
                label="n2..nL")
    return (d, n1, *sorted(tail, reverse=True))


@st.composite
def one_wide_widths(draw: st.DrawFn, N: int, min_depth: int = 2, max_depth: int = 4,
                    max_width: int = 5, max_extra: int = 3) -> tuple[int, ...]:
    """Nguyen 2021's topology: n_{L−1} ≥ N (one wide last hidden layer), others free."""
    head = draw(st.lists(st.integers(1, max_width), min_size=min_depth - 1, max_size=max_depth - 1),
                label="n0..n_(L-2)")
    wide = N + draw(st.integers(0, max_extra), label="n_(L-1) - N")
    out = draw(st.integers(1, max_width), label="n_L")
    return (*head, wide, out)


def _matrix(shape: tuple[int, int], elements: st.SearchStrategy[float]) -> st.SearchStrategy[Matrix]:
    return hnp.arrays(np.float64, shape, elements=elements).map(
        lambda a: tuple(tuple(float(x) for x in row) for row in a))


def _elements() -> st.SearchStrategy[float]:
    return st.one_of(st.sampled_from(_EDGE), st.floats(-4.0, 4.0, allow_nan=False, allow_subnormal=False))


def elementwise_cases(*, n_max: int = 2, max_width: int = 2, min_depth: int = 2, max_depth: int = 3,
                      activations_: Sequence[str] = ACTIVATIONS_ALL, form: str = "nguyen") -> st.SearchStrategy[Case]:
    """Tiny cases with X, W, Y drawn element-wise (kinks, duplicated rows, 1e±6/1e−8 entries).
    Arguments are validated now (InputError), not at the first draw."""
    _check_range(1, n_max, "n")
    _check_range(1, max_width, "width")
    _check_range(min_depth, max_depth, "depth")
    activations(activations_)
    _check_names((form,), tuple(FORMS), "form")
    if min_depth < FORMS[form].min_depth:
        raise InputError(f"min_depth={min_depth}, but form {form!r} needs depth ≥ {FORMS[form].min_depth}")
    return _elementwise_cases(n_max=n_max, max_width=max_width, min_depth=min_depth, max_depth=max_depth,
                              activations_=tuple(activations_), form=form)


@st.composite
def _elementwise_cases(draw: st.DrawFn, *, n_max: int, max_width: int, min_depth: int, max_depth: int,
                       activations_: Sequence[str], form: str) -> Case:
    widths = draw(widths_lists(min_depth, max_depth, max_width), label="widths")
    N = draw(st.integers(1, n_max), label="N")
    act = draw(activations(activations_), label="activation")
    el = _elements()
    X = draw(_matrix((N, widths[0]), el), label="X")
    if N >= 2 and draw(st.booleans(), label="duplicate row"):
        X = (*X[:-1], X[0])
    W = tuple(draw(_matrix((widths[i], widths[i + 1]), el), label=f"W_{i + 1}")
              for i in range(len(widths) - 1))
    Y = draw(_matrix((N, widths[-1]), el), label="Y")
    return Case(widths=widths, n=N, activation=act, form=form, X=X, W=W, Y=Y)


def seeded_cases(*, widths: st.SearchStrategy[tuple[int, ...]] | None = None,
                 n_max: int = 5, activations_: Sequence[str] = ACTIVATIONS_ALL,
                 inits: Sequence[str] = ("gaussian", "lecun", "integer"),
                 datasets: Sequence[str] = ("gaussian", "integer", "duplicates", "zeros"),
                 targets: Sequence[str] = TARGETS, scale_exp: tuple[float, float] = (-2.0, 2.0),
                 form: str = "nguyen", params: tuple[tuple[str, float], ...] = ()) -> st.SearchStrategy[Case]:
    """Cases whose tensors come from seeded generators; structure drawn here.
    Arguments are validated now (InputError), not at the first draw."""
    _check_range(1, n_max, "n")
    activations(activations_)
    _check_names(inits, tuple(INITS), "init")
    _check_names(datasets, tuple(DATASETS), "data")
    _check_names(targets, TARGETS, "targets")
    scales(*scale_exp)
    _check_names((form,), tuple(FORMS), "form")
    if widths is not None and not isinstance(widths, st.SearchStrategy):
        raise InputError(f"widths={widths!r}, but should be a strategy of width tuples (or None)")
    return _seeded_cases(widths=widths, n_max=n_max, activations_=tuple(activations_), inits=tuple(inits),
                         datasets=tuple(datasets), targets=tuple(targets), scale_exp=scale_exp, form=form,
                         params=params)


@st.composite
def _seeded_cases(draw: st.DrawFn, *, widths: st.SearchStrategy[tuple[int, ...]] | None, n_max: int,
                  activations_: Sequence[str], inits: Sequence[str], datasets: Sequence[str],
                  targets: Sequence[str], scale_exp: tuple[float, float], form: str,
                  params: tuple[tuple[str, float], ...]) -> Case:
    N = draw(st.integers(1, n_max), label="N")
    w = draw(widths if widths is not None else widths_lists(), label="widths")
    return Case(
        widths=w, n=N,
        activation=draw(activations(activations_), label="activation"),
        form=form,
        init=draw(st.sampled_from(tuple(inits)), label="init"),
        scale=draw(scales(*scale_exp), label="scale"),
        data=draw(st.sampled_from(tuple(datasets)), label="data"),
        data_scale=draw(scales(*scale_exp), label="data_scale"),
        targets=draw(st.sampled_from(tuple(targets)), label="targets"),
        seed=draw(st.integers(0, 2**32 - 1), label="seed"),
        params=params,
    )


def cases(*, n_max: int = 5, max_width: int = 5, min_depth: int = 2, max_depth: int = 4,
          activations_: Sequence[str] = ACTIVATIONS_ALL,
          inits: Sequence[str] = ("gaussian", "lecun", "integer"),
          datasets: Sequence[str] = ("gaussian", "integer", "duplicates", "zeros"),
          targets: Sequence[str] = TARGETS, scale_exp: tuple[float, float] = (-2.0, 2.0),
          topology: str = "any", elementwise: bool = True) -> st.SearchStrategy[Case]:
    """General Nguyen-form cases. `topology`: "any" | "pyramidal" (NM Asm. 2.1) | "one_wide"
    (n_{L−1} ≥ N). The element-wise branch (tiny shapes) is added when `elementwise`."""
    _check_names(inits, tuple(INITS), "init")
    _check_names(datasets, tuple(DATASETS), "data")
    _check_names(targets, TARGETS, "targets")
    if topology not in ("any", "pyramidal", "one_wide"):
        raise InputError(f"topology={topology!r}, but should be 'any', 'pyramidal' or 'one_wide'")
    _check_range(min_depth, max_depth, "depth")
    _check_range(1, n_max, "n")
    _check_range(1, max_width, "width")
    activations(activations_)
    scales(*scale_exp)

    @st.composite
    def structured(draw: st.DrawFn) -> Case:
        N = draw(st.integers(1, n_max), label="N")
        if topology == "pyramidal":
            w = draw(pyramidal_widths(N, min_depth, max_depth, max_width), label="widths")
        elif topology == "one_wide":
            w = draw(one_wide_widths(N, min_depth, max_depth, max_width), label="widths")
        else:
            w = draw(widths_lists(min_depth, max_depth, max_width), label="widths")
        c = draw(seeded_cases(widths=st.just(w), n_max=1, activations_=activations_, inits=inits,
                              datasets=datasets, targets=targets, scale_exp=scale_exp))
        return Case(**{**c.__dict__, "n": N})

    seeded = structured()
    if not elementwise or topology != "any":
        return seeded
    return st.one_of(seeded, elementwise_cases(min_depth=min_depth, max_depth=max(min_depth, min(max_depth, 3)),
                                               activations_=activations_))


def pair_cases(base: st.SearchStrategy[Case] | None = None,
               kinds: Sequence[str] = ("noise", "independent", "one_layer", "integer")
               ) -> st.SearchStrategy[Case]:
    """Cases with a second parameter point θᵇ (Lipschitz claims): noise of relative size
    10^{−6}…10, an independent draw of scale 10^{±2}, one layer changed, or an integer shift."""
    for k in kinds:
        if k not in PAIRS or k == "none":
            raise InputError(f"pair kind {k!r}, but should be one of {PAIRS[1:]}")
    if base is not None and not isinstance(base, st.SearchStrategy):
        raise InputError(f"base={base!r}, but should be a strategy of Cases (or None)")
    base = base if base is not None else cases(elementwise=False)

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        c = draw(base, label="base case")
        kind = draw(st.sampled_from(tuple(kinds)), label="pair kind")
        s = draw(scales(-6.0, 1.0) if kind == "noise" else scales(-2.0, 2.0), label="pair scale")
        return Case(**{**c.__dict__, "pair": kind, "pair_scale": s})

    return build()


def form_cases(form: str, *, n_max: int = 4, max_m: int = 5, max_d: int = 4, min_L: int = 1,
               max_L: int = 3, activations_: Sequence[str] = ("relu",),
               inits: Sequence[str] | None = None,
               datasets: Sequence[str] = ("unit_last", "integer", "duplicates")) -> st.SearchStrategy[Case]:
    """Allen-Zhu–Li–Song (widths (d, m, …, m, d), L_AZ hidden m×m layers) or Zou–Gu (widths
    (d, m, …, m, k), L_ZG trained layers) cases in the engine's layout."""
    if form not in FORMS or form == "nguyen":
        raise InputError(f"form={form!r}, but should be 'allen_zhu' or 'zou_gu'")
    _check_range(min_L, max_L, "L")
    _check_range(1, n_max, "n")
    _check_range(1, max_m, "m")
    _check_range(2, max_d, "d")
    activations(activations_)
    inits = tuple(inits or (form, "integer"))
    _check_names(inits, tuple(INITS), "init")
    _check_names(datasets, tuple(DATASETS), "data")

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        N = draw(st.integers(1, n_max), label="n")
        d = draw(st.integers(2, max_d), label="d")
        m = draw(st.integers(1, max_m), label="m")
        L = draw(st.integers(min_L, max_L), label="L (paper)")
        if form == "allen_zhu":
            widths = (d, *([m] * (L + 1)), d)
        else:
            k = draw(st.integers(1, 3), label="k")
            widths = (d, *([m] * L), k)
        return Case(widths=widths, n=N, form=form,
                    activation=draw(activations(activations_), label="activation"),
                    init=draw(st.sampled_from(inits), label="init"),
                    data=draw(st.sampled_from(tuple(datasets)), label="data"),
                    targets=draw(st.sampled_from(TARGETS), label="targets"),
                    seed=draw(st.integers(0, 2**32 - 1), label="seed"))

    return build()
