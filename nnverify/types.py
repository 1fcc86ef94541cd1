"""`Case` (a frozen, evaluable description of one test case) and `Instance` (its built tensors).

A Case holds only small scalars and, for tiny element-wise cases, explicit nested tuples; every
tensor comes from `Case.build()` with local `torch.Generator`s seeded by `case.seed` (data, weights,
targets and the second parameter point each from their own stream, so changing one choice does not
reshuffle the others). Building is deterministic: the same Case gives bit-identical tensors in any
process with the same torch version and thread count.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import torch

from nnverify.activations import Activation, parse_activation
from nnverify.data import make_data
from nnverify.errors import InputError, require, require_positive_int
from nnverify.grad import gradients
from nnverify.init import initialise
from nnverify.loss import square_loss
from nnverify.net import FORMS, Form, Forward, check_shapes, forward

__all__ = ["PAIRS", "TARGETS", "Case", "Instance", "Matrix"]

F64 = torch.float64
Matrix = tuple[tuple[float, ...], ...]
TARGETS = ("gaussian", "zero", "integer")
PAIRS = ("none", "noise", "independent", "one_layer", "integer")
_STREAMS = {"data": 0, "weights": 1, "targets": 2, "pair": 3}


def _gen(seed: int, stream: str) -> torch.Generator:
    return torch.Generator().manual_seed(4 * seed + _STREAMS[stream])


def _tensor(m: Matrix, name: str) -> torch.Tensor:
    t = torch.tensor(m, dtype=F64)
    require(t.ndim == 2, f"{name} should be a nested tuple of rows (2-D), got {t.ndim}-D")
    return t


@dataclass(frozen=True)
class Case:
    """One generated case. `widths` = (n₀ = d, n₁, …, n_L) are the *engine* widths (see `net`).

    Args:
        widths: engine widths, L = len(widths) − 1 weight matrices.
        n: number of samples N.
        activation: spec for `parse_activation` ("relu", "leaky_relu(0.1)", …).
        form: "nguyen" | "allen_zhu" | "zou_gu" (which layers train, loss factor).
        init, scale: initialisation name (`init.INITS`) and its scale (β of Nguyen §3.1, …).
        data, data_scale: dataset name (`data.DATASETS`) and a factor applied to X.
        targets, target_scale: "gaussian" | "zero" | "integer", and a factor applied to Y.
        seed: seeds every generator.
        X, W, Y: explicit small arrays overriding the drawn ones (element-wise strategies).
        params: extra named scalars; "init.<k>" and "data.<k>" are passed to those builders.
        pair, pair_scale: how to build a second parameter point θᵇ (Lipschitz claims).
    """

    widths: tuple[int, ...]
    n: int
    activation: str = "relu"
    form: str = "nguyen"
    init: str = "gaussian"
    scale: float = 1.0
    data: str = "gaussian"
    data_scale: float = 1.0
    targets: str = "gaussian"
    target_scale: float = 1.0
    seed: int = 0
    X: Matrix | None = None
    W: tuple[Matrix, ...] | None = None
    Y: Matrix | None = None
    params: tuple[tuple[str, float], ...] = ()
    pair: str = "none"
    pair_scale: float = 1.0

    def __repr__(self) -> str:
        parts = [f"widths={self.widths!r}", f"n={self.n!r}"]
        for f in dataclasses.fields(self)[2:]:
            v = getattr(self, f.name)
            if v != f.default:
                parts.append(f"{f.name}={v!r}")
        return f"Case({', '.join(parts)})"

    @property
    def depth(self) -> int:
        """L, the number of engine weight matrices."""
        return len(self.widths) - 1

    def param(self, key: str, default: float) -> float:
        """The extra scalar `key`, or `default`."""
        return dict(self.params).get(key, default)

    def size(self) -> int:
        """A size for reports: N + Σ widths + depth."""
        return self.n + sum(self.widths) + self.depth

    def to_dict(self) -> dict[str, object]:
        """JSON-able dict (tuples become lists); `Case.from_dict` inverts it."""
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(d: dict[str, object]) -> Case:
        """Inverse of `to_dict` (lists back to tuples); InputError on unknown fields."""
        names = {f.name for f in dataclasses.fields(Case)}
        extra = set(d) - names
        if extra:
            raise InputError(f"case has unknown fields {sorted(extra)}")

        def tup(v: object) -> object:
            return tuple(tup(x) for x in v) if isinstance(v, list) else v

        return Case(**{k: tup(v) for k, v in d.items()})  # type: ignore[arg-type]

    def validate(self) -> None:
        """Raise InputError on a malformed case (shapes, sizes, names, non-finite scales)."""
        require(isinstance(self.widths, tuple) and len(self.widths) >= 2,
                f"widths={self.widths!r}, but should be a tuple (n₀, …, n_L) with L ≥ 1")
        for i, w in enumerate(self.widths):
            require_positive_int(w, f"widths[{i}]")
        require_positive_int(self.n, "n")
        require(self.form in FORMS, f"form={self.form!r}, but should be one of {tuple(FORMS)}")
        require(self.depth >= FORMS[self.form].min_depth,
                f"depth L={self.depth}, but form {self.form!r} needs L ≥ {FORMS[self.form].min_depth}")
        for name in ("scale", "data_scale", "target_scale", "pair_scale"):
            v = getattr(self, name)
            require(isinstance(v, (int, float)) and math.isfinite(v),
                    f"{name}={v!r}, but should be a finite number")
        require(self.targets in TARGETS, f"targets={self.targets!r}, but should be one of {TARGETS}")
        require(self.pair in PAIRS, f"pair={self.pair!r}, but should be one of {PAIRS}")
        require(isinstance(self.seed, int) and 0 <= self.seed < 2**61,
                f"seed={self.seed!r}, but should be an integer in [0, 2^61)")

    def build(self) -> Instance:
        """Build the tensors (deterministic). Raises InputError on a malformed case."""
        self.validate()
        act = parse_activation(self.activation)
        d, N, L = self.widths[0], self.n, self.depth
        init_kw = {k[5:]: v for k, v in self.params if k.startswith("init.")}
        data_kw = {k[5:]: v for k, v in self.params if k.startswith("data.")}
        if self.X is not None:
            X = _tensor(self.X, "X")
        else:
            X = make_data(self.data, N, d, _gen(self.seed, "data"), **data_kw)
        X = X * self.data_scale if self.data_scale != 1.0 else X
        if self.W is not None:
            require(len(self.W) == L, f"W has {len(self.W)} matrices, but widths give L={L}")
            Ws = [_tensor(w, f"W_{i + 1}") for i, w in enumerate(self.W)]
        else:
            Ws = initialise(self.init, self.widths, _gen(self.seed, "weights"), self.scale, **init_kw)
        nL = self.widths[-1]
        if self.Y is not None:
            Y = _tensor(self.Y, "Y")
        elif self.targets == "zero":
            Y = torch.zeros(N, nL, dtype=F64)
        elif self.targets == "integer":
            Y = torch.randint(-1, 2, (N, nL), generator=_gen(self.seed, "targets")).to(F64)
        else:
            Y = torch.randn(N, nL, generator=_gen(self.seed, "targets"), dtype=F64)
        Y = Y * self.target_scale if self.target_scale != 1.0 else Y
        require(tuple(X.shape) == (N, d), f"X has shape {tuple(X.shape)}, but should be {(N, d)}")
        check_shapes(X, Ws, Y)
        for i, W in enumerate(Ws):
            require(tuple(W.shape) == (self.widths[i], self.widths[i + 1]),
                    f"W_{i + 1} has shape {tuple(W.shape)}, but widths give {self.widths[i:i + 2]}")
        inst = Instance(X=X, Ws=Ws, Y=Y, act=act, form=FORMS[self.form], case=self)
        inst.validate_finite()
        if self.pair != "none":
            inst.Ws_b = self._second_point(Ws)
        return inst

    def _second_point(self, Ws: Sequence[torch.Tensor]) -> list[torch.Tensor]:
        g = _gen(self.seed, "pair")
        s = self.pair_scale
        if self.pair == "noise":  # θᵇ = θᵃ + relative noise of size s
            return [W + s * (W.abs().max() + 1e-300) * torch.randn(W.shape, generator=g, dtype=F64)
                    for W in Ws]
        if self.pair == "independent":
            return [s * torch.randn(W.shape, generator=g, dtype=F64) for W in Ws]
        if self.pair == "integer":
            return [W + s * torch.randint(-1, 2, W.shape, generator=g).to(F64) for W in Ws]
        k = int(torch.randint(0, len(Ws), (1,), generator=g))  # "one_layer"
        return [W + (s * torch.randn(W.shape, generator=g, dtype=F64) if i == k else 0.0)
                for i, W in enumerate(Ws)]


@dataclass
class Instance:
    """Built tensors of a case: X: (N, n₀), Y: (N, n_L), Ws[l−1]: (n_{l−1}, n_l), float64."""

    X: torch.Tensor
    Ws: list[torch.Tensor]
    Y: torch.Tensor
    act: Activation = field(default_factory=Activation)
    form: Form = FORMS["nguyen"]
    case: Case | None = None
    Ws_b: list[torch.Tensor] | None = None

    @staticmethod
    def from_arrays(X: torch.Tensor, Ws: Sequence[torch.Tensor], Y: torch.Tensor,
                    activation: str | Activation = "relu", form: str = "nguyen") -> Instance:
        """Public constructor with validation (shapes, dtype float64, finite values, form)."""
        require(form in FORMS, f"form={form!r}, but should be one of {tuple(FORMS)}")
        check_shapes(X, list(Ws), Y)
        inst = Instance(X=X, Ws=list(Ws), Y=Y, act=parse_activation(activation), form=FORMS[form])
        inst.validate_finite()
        require(inst.L >= FORMS[form].min_depth, f"depth L={inst.L}, but form {form!r} needs more")
        return inst

    def validate_finite(self) -> None:
        for name, t in [("X", self.X), ("Y", self.Y), *((f"W_{i}", W) for i, W in enumerate(self.Ws, 1))]:
            if not bool(torch.isfinite(t).all()):
                raise InputError(f"{name} contains NaN or inf, but should be finite")

    @property
    def L(self) -> int:
        return len(self.Ws)

    @property
    def N(self) -> int:
        return int(self.X.shape[0])

    @property
    def widths(self) -> tuple[int, ...]:
        return (int(self.X.shape[1]), *(int(W.shape[1]) for W in self.Ws))

    @property
    def trainable(self) -> tuple[bool, ...]:
        return self.form.trainable(self.L)

    @property
    def loss_scale(self) -> float:
        return self.form.loss_scale(self.N)

    @cached_property
    def fw(self) -> Forward:
        """Forward pass at θ = Ws (cached; Ws must not be mutated in place)."""
        return forward(self.X, self.Ws, self.act)

    def forward(self, Ws: Sequence[torch.Tensor] | None = None) -> Forward:
        return self.fw if Ws is None else forward(self.X, Ws, self.act)

    def loss(self, Ws: Sequence[torch.Tensor] | None = None) -> float:
        """Φ(θ) with the form's loss factor."""
        return float(square_loss(self.forward(Ws).out, self.Y, self.loss_scale))

    def grads(self, Ws: Sequence[torch.Tensor] | None = None) -> list[torch.Tensor]:
        """Closed-form ∇_{W_l}Φ for every engine layer (trained or not)."""
        Ws = self.Ws if Ws is None else Ws
        return gradients(self.X, Ws, self.Y, self.act, self.loss_scale, self.forward(Ws))

    def describe(self) -> str:
        """Shape summary for messages: widths, N, activation, form."""
        return f"widths={self.widths} N={self.N} σ={self.act} form={self.form.name}"


