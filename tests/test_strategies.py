"""The case strategies: every example builds and meets its topology, the edge cases are reachable
(Hypothesis `find`), everything shrinks to the smallest case, and bad arguments fail eagerly."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
import torch
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from nnverify import strategies as S
from nnverify.activations import parse_activation
from nnverify.errors import InputError
from nnverify.types import Case

F64 = torch.float64
FIND = settings(max_examples=400, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink])
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _valid(case: Case) -> None:
    """case.build() works and agrees with the Case's own description."""
    inst = case.build()
    assert inst.widths == case.widths and inst.N == case.n and inst.L == case.depth
    assert all(t.dtype == F64 for t in (inst.X, inst.Y, *inst.Ws))
    assert inst.act == parse_activation(case.activation)
    assert all(bool(torch.isfinite(t).all()) for t in (inst.X, inst.Y, *inst.Ws))
    if case.pair != "none":
        assert inst.Ws_b is not None and [W.shape for W in inst.Ws_b] == [W.shape for W in inst.Ws]


def _pyramidal(c: Case) -> bool:
    """NM Assumption 2.1: n₁ ≥ N and n₂ ≥ n₃ ≥ … ≥ n_L."""
    w = c.widths
    return w[1] >= c.n and all(a >= b for a, b in itertools.pairwise(w[2:]))


def _one_wide(c: Case) -> bool:
    """Nguyen 2021: n_{L−1} ≥ N."""
    return c.widths[-2] >= c.n


@given(case=S.cases(max_depth=5))
@FEW
def test_cases_any_valid(case: Case) -> None:
    _valid(case)
    assert 2 <= case.depth <= 5 and 1 <= case.n <= 5


@given(case=S.cases(topology="pyramidal"))
@FEW
def test_cases_pyramidal_valid(case: Case) -> None:
    _valid(case)
    assert _pyramidal(case), case


@given(case=S.cases(topology="one_wide"))
@FEW
def test_cases_one_wide_valid(case: Case) -> None:
    _valid(case)
    assert _one_wide(case), case


@given(case=S.pair_cases())
@FEW
def test_pair_cases_valid(case: Case) -> None:
    _valid(case)
    assert case.pair in ("noise", "independent", "one_layer", "integer")


@given(case=st.one_of(S.form_cases("allen_zhu"), S.form_cases("zou_gu")))
@FEW
def test_form_cases_valid(case: Case) -> None:
    """Allen-Zhu–Li–Song: engine widths (d, m, …, m, d), A and B fixed; Zou–Gu: (d, m, …, m, k), V fixed."""
    _valid(case)
    inst = case.build()
    w = case.widths
    if case.form == "allen_zhu":
        assert w[0] == w[-1] and len(set(w[1:-1])) == 1 and case.depth >= 3
        assert inst.trainable == (False, *([True] * (case.depth - 2)), False)
    else:
        assert len(set(w[1:-1])) == 1 and case.depth >= 2
        assert inst.trainable == (*([True] * (case.depth - 1)), False)
        assert inst.loss_scale == 1.0 / case.n


@given(case=S.elementwise_cases())
@FEW
def test_elementwise_cases_valid(case: Case) -> None:
    _valid(case)
    assert case.X is not None and case.W is not None and case.Y is not None


@given(case=S.cases(min_depth=4, max_depth=5))
@FEW
def test_deep_cases_valid(case: Case) -> None:
    """min_depth > 3 keeps the element-wise branch valid (it used to draw from an empty depth range)."""
    _valid(case)
    assert 4 <= case.depth <= 5


# ---------------------------------------------------------------- edge cases are reachable
def _has_zero_preactivation(c: Case) -> bool:
    inst = c.build()
    return any(bool((inst.fw.G[l] == 0).any()) for l in range(1, inst.L))


def _has_duplicate_row(c: Case) -> bool:
    X = c.build().X
    return any(torch.equal(X[i], X[j]) for i in range(X.shape[0]) for j in range(i))


def _has_1e6_entry(c: Case) -> bool:
    if c.X is None or c.W is None or c.Y is None:
        return False
    return any(abs(x) == 1e6 for m in (c.X, *c.W, c.Y) for row in m for x in row)


EDGES: dict[str, Callable[[Case], bool]] = {
    "zero pre-activation": _has_zero_preactivation,
    "duplicated row": _has_duplicate_row,
    "depth 4": lambda c: c.depth == 4,
    "element-wise 1e6 entry": _has_1e6_entry,
}


@pytest.mark.parametrize("edge", list(EDGES))
def test_edge_case_reachable(edge: str) -> None:
    """`find` reaches each edge case from `cases()` within 400 examples; the result builds and is small
    (depth ≤ 4, N·Σwidths ≤ 60, as in tests/test_mutants.py)."""
    found = find(S.cases(), EDGES[edge], settings=FIND)
    _valid(found)
    assert EDGES[edge](found)
    assert found.depth <= 4 and found.n * sum(found.widths) <= 60, found


# ---------------------------------------------------------------- shrink targets
SMALLEST = Case(widths=(1, 1, 1), n=1)


def test_cases_shrink_target() -> None:
    assert find(S.cases(), lambda c: True, settings=FIND) == SMALLEST


@pytest.mark.parametrize("topology", ["pyramidal", "one_wide"])
def test_topology_shrink_target(topology: str) -> None:
    assert find(S.cases(topology=topology), lambda c: True, settings=FIND) == SMALLEST


def test_pair_cases_shrink_target() -> None:
    assert find(S.pair_cases(), lambda c: True, settings=FIND) == Case(widths=(1, 1, 1), n=1, pair="noise")


def test_form_cases_shrink_targets() -> None:
    """Smallest paper cases: AZ L = 1 hidden m×m layer with m = 1, d = 2; ZG L = 1, m = k = 1, d = 2."""
    az = find(S.form_cases("allen_zhu"), lambda c: True, settings=FIND)
    assert az == Case(widths=(2, 1, 1, 2), n=1, form="allen_zhu", init="allen_zhu", data="unit_last")
    zg = find(S.form_cases("zou_gu"), lambda c: True, settings=FIND)
    assert zg == Case(widths=(2, 1, 1), n=1, form="zou_gu", init="zou_gu", data="unit_last")


def test_elementwise_shrinks_to_zeros() -> None:
    found = find(S.elementwise_cases(), lambda c: True, settings=FIND)
    assert found == Case(widths=(1, 1, 1), n=1, X=((0.0,),), W=(((0.0,),), ((0.0,),)), Y=((0.0,),))


# ---------------------------------------------------------------- eager argument validation
BAD: dict[str, Callable[[], object]] = {
    "unknown init": lambda: S.cases(inits=("nope",)),
    "unknown data": lambda: S.cases(datasets=("nope",)),
    "unknown targets": lambda: S.cases(targets=("nope",)),
    "unknown activation": lambda: S.cases(activations_=("tanh",)),
    "empty activations": lambda: S.activations(()),
    "unknown topology": lambda: S.cases(topology="square"),
    "depth range reversed": lambda: S.cases(min_depth=4, max_depth=2),
    "depth zero": lambda: S.widths_lists(min_depth=0),
    "n_max zero": lambda: S.cases(n_max=0),
    "max_width zero": lambda: S.cases(max_width=0),
    "scales not bracketing 0": lambda: S.scales(1.0, 2.0),
    "cases scale_exp": lambda: S.cases(scale_exp=(1.0, 2.0)),
    "pair kind": lambda: S.pair_cases(kinds=("none",)),
    "pair base not a strategy": lambda: S.pair_cases(Case(widths=(1, 1), n=1)),  # type: ignore[arg-type]
    "form nguyen": lambda: S.form_cases("nguyen"),
    "form unknown": lambda: S.form_cases("resnet"),
    "form L range": lambda: S.form_cases("zou_gu", min_L=3, max_L=1),
    "form activation": lambda: S.form_cases("zou_gu", activations_=("nope",)),
    "form init": lambda: S.form_cases("zou_gu", inits=("nope",)),
    "form data": lambda: S.form_cases("allen_zhu", datasets=("nope",)),
    "elementwise n_max": lambda: S.elementwise_cases(n_max=0),
    "elementwise activation": lambda: S.elementwise_cases(activations_=("nope",)),
    "elementwise form depth": lambda: S.elementwise_cases(form="allen_zhu", min_depth=2),
    "seeded init": lambda: S.seeded_cases(inits=("nope",)),
    "seeded data": lambda: S.seeded_cases(datasets=("nope",)),
}


@pytest.mark.parametrize("what", list(BAD))
def test_bad_arguments_raise_eagerly(what: str) -> None:
    """Calling the strategy function (no draw) raises InputError with a one-line message."""
    with pytest.raises(InputError) as info:
        BAD[what]()
    assert "\n" not in str(info.value) and str(info.value)
