"""Bad input to the public API raises `nnverify.errors.InputError` (a ValueError) with a clear
one-line message that names the offending argument; unknown claim ids suggest close ones."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch

from nnverify import Instance, claims
from nnverify.activations import Activation, leaky_relu, parse_activation, relu, smooth_leaky_relu
from nnverify.claims import Tolerance
from nnverify.data import make_data
from nnverify.errors import InputError, require_finite, require_positive, require_positive_int
from nnverify.init import initialise
from nnverify.net import check_shapes, engine_weights, paper_weights
from nnverify.types import Case

F64 = torch.float64


def _gen() -> torch.Generator:
    return torch.Generator().manual_seed(0)


def _ok() -> tuple[torch.Tensor, list[torch.Tensor], torch.Tensor]:
    g = _gen()
    X = torch.randn(3, 2, generator=g, dtype=F64)
    Ws = [torch.randn(2, 4, generator=g, dtype=F64), torch.randn(4, 1, generator=g, dtype=F64)]
    return X, Ws, torch.randn(3, 1, generator=g, dtype=F64)


def _with(i: int, value: float) -> Callable[[], object]:
    """from_arrays with entry [0, 0] of tensor i (0 = X, 1 = W₁, 2 = W₂, 3 = Y) set to value."""
    def call() -> object:
        X, Ws, Y = _ok()
        (X, Ws[0], Ws[1], Y)[i][0, 0] = value
        return Instance.from_arrays(X, Ws, Y)
    return call


def _cast(i: int, dtype: torch.dtype) -> Callable[[], object]:
    def call() -> object:
        X, Ws, Y = _ok()
        ts = [X, *Ws, Y]
        ts[i] = ts[i].to(dtype)
        return Instance.from_arrays(ts[0], ts[1:3], ts[3])
    return call


X0, WS0, Y0 = _ok()

#: (call, words the message must contain)
BAD: dict[str, tuple[Callable[[], object], tuple[str, ...]]] = {
    # shapes
    "X 1-D": (lambda: Instance.from_arrays(X0[0], WS0, Y0), ("X", "2-D")),
    "W chain mismatch": (lambda: Instance.from_arrays(X0, [WS0[0], torch.zeros(3, 1, dtype=F64)], Y0), ("W_2",)),
    "W 3-D": (lambda: check_shapes(X0, [WS0[0][None]], None), ("W_1", "2-D")),
    "no weights": (lambda: check_shapes(X0, [], None), ("Ws",)),
    "Y rows": (lambda: Instance.from_arrays(X0, WS0, Y0[:2]), ("Y", "(3, 1)")),
    "Y columns": (lambda: Instance.from_arrays(X0, WS0, torch.zeros(3, 2, dtype=F64)), ("Y",)),
    # non-finite data
    "X NaN": (_with(0, math.nan), ("X", "NaN")),
    "X inf": (_with(0, math.inf), ("X", "inf")),
    "W inf": (_with(1, -math.inf), ("W_1",)),
    "W NaN": (_with(2, math.nan), ("W_2",)),
    "Y NaN": (_with(3, math.nan), ("Y",)),
    # dtypes
    "X float32": (_cast(0, torch.float32), ("X", "float64")),
    "W float32": (_cast(1, torch.float32), ("W_1", "float64")),
    "Y float16": (_cast(3, torch.float16), ("Y", "float64")),
    "X int64": (_cast(0, torch.int64), ("X", "float64")),
    "require_finite list": (lambda: require_finite([("A", [1.0])]), ("A", "Tensor")),  # type: ignore[list-item]
    # sizes
    "width 0": (lambda: Case(widths=(0, 1), n=1).build(), ("widths[0]",)),
    "width negative": (lambda: Case(widths=(2, -3, 1), n=1).build(), ("widths[1]",)),
    "width float": (lambda: Case(widths=(2, 2.0, 1), n=1).build(), ("widths[1]",)),  # type: ignore[arg-type]
    "width bool": (lambda: Case(widths=(2, True, 1), n=1).build(), ("widths[1]",)),
    "widths too short": (lambda: Case(widths=(2,), n=1).build(), ("widths",)),
    "widths a list": (lambda: Case(widths=[2, 2, 1], n=1).build(), ("widths",)),  # type: ignore[arg-type]
    "N 0": (lambda: Case(widths=(2, 2, 1), n=0).build(), ("n=0",)),
    "N negative": (lambda: Case(widths=(2, 2, 1), n=-1).build(), ("n=-1",)),
    "init widths 0": (lambda: initialise("lecun", (2, 0, 1), _gen()), ("widths[1]",)),
    "init widths short": (lambda: initialise("lecun", (2,), _gen()), ("widths",)),
    "data N 0": (lambda: make_data("gaussian", 0, 2, _gen()), ("N",)),
    "data d 0": (lambda: make_data("sphere", 2, 0, _gen()), ("d",)),
    "require_positive_int": (lambda: require_positive_int(0, "m"), ("m=0",)),
    "require_positive nan": (lambda: require_positive(math.nan, "delta"), ("delta",)),
    "separated delta 0": (lambda: make_data("separated", 3, 3, _gen(), delta=0.0), ("delta",)),
    "separated unreachable": (lambda: make_data("separated", 20, 2, _gen(), delta=5.0, tries=3), ("delta",)),
    "unit_last d 1": (lambda: make_data("unit_last", 3, 1, _gen()), ("d=1",)),
    "unit_last mu": (lambda: make_data("unit_last", 3, 3, _gen(), mu=1.5), ("mu",)),
    # names
    "activation name": (lambda: parse_activation("tanh"), ("tanh",)),
    "activation args": (lambda: parse_activation("leaky_relu(a)"), ("leaky_relu(a)",)),
    "activation arity": (lambda: parse_activation("smooth_leaky_relu(0.5)"), ("arguments",)),
    "activation not str": (lambda: parse_activation(3), ("activation",)),  # type: ignore[arg-type]
    "Activation name": (lambda: Activation("swish"), ("swish",)),
    "kink out of range": (lambda: relu(2.0), ("kink",)),
    "leaky gamma": (lambda: leaky_relu(1.5), ("gamma",)),
    "smooth gamma": (lambda: smooth_leaky_relu(1.0, 1.0), ("gamma",)),
    "smooth beta": (lambda: smooth_leaky_relu(0.5, 0.0), ("beta",)),
    "gamma nan": (lambda: Activation("leaky_relu", math.nan), ("gamma",)),
    "Case activation": (lambda: Case(widths=(2, 2, 1), n=1, activation="gelu").build(), ("gelu",)),
    "init name": (lambda: initialise("xavier", (2, 2, 1), _gen()), ("xavier",)),
    "Case init": (lambda: Case(widths=(2, 2, 1), n=1, init="xavier").build(), ("xavier",)),
    "data name": (lambda: make_data("mnist", 2, 2, _gen()), ("mnist",)),
    "Case data": (lambda: Case(widths=(2, 2, 1), n=1, data="mnist").build(), ("mnist",)),
    "form name": (lambda: Case(widths=(2, 2, 1), n=1, form="resnet").build(), ("resnet",)),
    "from_arrays form": (lambda: Instance.from_arrays(X0, WS0, Y0, form="resnet"), ("resnet",)),
    "paper_weights form": (lambda: paper_weights("resnet", WS0), ("resnet",)),
    "engine_weights form": (lambda: engine_weights("resnet", W=WS0), ("resnet",)),
    "nm_recipe upper": (lambda: initialise("nm_recipe", (2, 2, 2), _gen(), upper="x"), ("upper",)),
    "nm_recipe depth": (lambda: initialise("nm_recipe", (2, 2), _gen()), ("L=1",)),
    "nm_recipe identity shape": (lambda: initialise("nm_recipe", (2, 2, 2, 3), _gen()), ("cannot",)),
    # malformed Case
    "Case form depth": (lambda: Case(widths=(2, 2, 2), n=1, form="allen_zhu").build(), ("L=2", "allen_zhu")),
    "from_arrays form depth": (lambda: Instance.from_arrays(X0, WS0, Y0, form="allen_zhu"), ("allen_zhu",)),
    "Case scale nan": (lambda: Case(widths=(2, 2, 1), n=1, scale=math.nan).build(), ("scale",)),
    "Case data_scale inf": (lambda: Case(widths=(2, 2, 1), n=1, data_scale=math.inf).build(), ("data_scale",)),
    "Case targets": (lambda: Case(widths=(2, 2, 1), n=1, targets="ones").build(), ("ones",)),
    "Case pair": (lambda: Case(widths=(2, 2, 1), n=1, pair="twin").build(), ("twin",)),
    "Case seed negative": (lambda: Case(widths=(2, 2, 1), n=1, seed=-1).build(), ("seed",)),
    "Case seed float": (lambda: Case(widths=(2, 2, 1), n=1, seed=1.5).build(), ("seed",)),  # type: ignore[arg-type]
    "Case X shape": (lambda: Case(widths=(2, 2, 1), n=1, X=((1.0, 2.0, 3.0),)).build(), ("X",)),
    "Case X not 2-D": (lambda: Case(widths=(2, 2, 1), n=1, X=(1.0, 2.0)).build(), ("X",)),  # type: ignore[arg-type]
    "Case W count": (lambda: Case(widths=(1, 1, 1), n=1, W=(((1.0,),),)).build(), ("W",)),
    "Case W shape": (lambda: Case(widths=(1, 1, 1), n=1, W=(((1.0, 2.0),), ((1.0,),))).build(), ("W_",)),
    "Case Y shape": (lambda: Case(widths=(1, 1, 1), n=1, Y=((1.0, 2.0),)).build(), ("Y",)),
    "Case X NaN": (lambda: Case(widths=(1, 1, 1), n=1, X=((math.nan,),)).build(), ("X", "NaN")),
    "Case data_scale overflows": (lambda: Case(widths=(2, 2, 1), n=1, X=((1e308, 1.0),), data_scale=10.0).build(),
                                  ("X", "inf")),
    "from_dict unknown field": (lambda: Case.from_dict({"widths": [1, 1], "n": 1, "depth": 2}), ("depth",)),
    # tolerances and claims
    "Tolerance without reason": (lambda: Tolerance(1e-12), ("reason",)),
    "Tolerance negative": (lambda: Tolerance(-1.0, 0.0, "x"), ("rtol",)),
    "claim id": (lambda: claims.get("nope"), ("nope",)),
    "claims select kind": (lambda: claims.select(kind="Z"), ("kind",)),
    "claims select paper": (lambda: claims.select(paper="smith99"), ("smith99",)),
}


@pytest.mark.parametrize("what", list(BAD))
def test_bad_input_raises_input_error(what: str) -> None:
    """InputError (a ValueError), one line, naming the offending argument."""
    call, words = BAD[what]
    with pytest.raises(InputError) as info:
        call()
    assert isinstance(info.value, ValueError)
    msg = str(info.value)
    assert msg and "\n" not in msg, msg
    for w in words:
        assert w in msg, (w, msg)


def test_unknown_claim_suggests_close_ids() -> None:
    """A mistyped id names the close ones; a hopeless one points at `nnverify list`."""
    some = claims.registry()[0].id
    typo = some[:-1] + ("x" if some[-1] != "x" else "y")
    with pytest.raises(InputError, match="did you mean") as info:
        claims.get(typo)
    assert some in str(info.value)
    with pytest.raises(InputError, match="nnverify list"):
        claims.get("nope")


def test_good_input_passes() -> None:
    """The same calls with valid input do not raise (the errors above are about the input)."""
    X, Ws, Y = _ok()
    inst = Instance.from_arrays(X, Ws, Y, activation="leaky_relu(0.1)")
    assert inst.L == 2 and inst.N == 3
    assert Case(widths=(2, 2, 2), n=1).build().L == 2
    assert claims.get(claims.registry()[0].id).id == claims.registry()[0].id
