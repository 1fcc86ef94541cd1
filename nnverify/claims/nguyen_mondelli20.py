"""Claims of Nguyen & Mondelli (NeurIPS 2020), "one wide layer followed by pyramidal topology" (seed 001):
activations (§2), Assumptions 2.1, 2.2 and the Assumption 3.1 bookkeeping (§3), and shared helpers.

`InitConstants`, `init_constants`, `assumption31_from`, `assumption31`, the scalar activation families and the
case strategies are reused by `nguyen_mondelli20_sec3` (the §3.1 recipe and G_* of §3.2–3.3, class D),
`nguyen_mondelli20_theorem` (class C) and `nguyen_mondelli20_asymptotic` (class P); the §4 lemmas are in
`nguyen_mondelli20_lemmas`.

Glossary (paper → code): X, Y, N, d → `inst.X`, `inst.Y`, `inst.N`, `widths[0]`; L (weight matrices)
→ `inst.L`; W_l → `inst.Ws[l-1]` (n_{l−1}×n_l); F_l, G_l → `inst.fw.F[l]`, `inst.fw.G[l]`;
Φ = ½‖F_L − Y‖²_F → `inst.loss()`; λ̄_l, λ_l, λ_F (eq. (3)) → `lam_bar[l-1]`, `lam[l-1]`, `lam_F`;
α₀, Q₀, R, Q₁ (eqs. (6), (8)) → `alpha0`, `Q0`, `R`, `Q1`; RHS of (4)/(5) → `rhs4`, `rhs5`;
ρ₄ = RHS(4)/λ_F², ρ₅ = RHS(5)/λ_F³ → `rho4`, `rho5` (Assumption 3.1 ⇔ ρ₄ ≤ 1 and ρ₅ ≤ 1);
D_l, B_l (drift bound and budget of the proof of Thm 3.2) → `drift_bound`, `budget`.
Scalar claims (activations, bookkeeping) take their inputs from `case.params`: "x", "x2", "gamma", "beta",
"family" (0 = eq. (2) of the library, 1 = tanh-mix γx + (1−γ)tanh x, 2 = softplus-mix
γx + (1−γ)(softplus(kx) − log 2)/k, 3 = linear a·x, 4 = quadratic x + x²/2 (probe only)), "k", "a", "R";
synthetic Assumption 3.1 constants come as "const.*".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from hypothesis import strategies as hst
from scipy import integrate
from scipy.special import expit, ndtr

from nnverify import kernels
from nnverify import strategies as nst
from nnverify.activations import Activation
from nnverify.claims._util import prod, resid, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.linalg import EPS, frob, sigma_min, spectral_norm
from nnverify.types import Case, Instance

__all__ = [
    "InitConstants",
    "assumption31",
    "assumption31_from",
    "init_constants",
    "is_pyramidal",
]

PHI0 = kernels.PHI0


# ============================================================================ scalar activations
@dataclass(frozen=True)
class _Act:
    """σ with σ′, σ″ on numpy arrays, and the tight constants (γ, β) of NM Assumption 2.2."""

    kind: str  # "eq2" | "tanh" | "softplus" | "linear" | "quadratic"
    gamma: float
    beta: float
    k: float = 1.0
    a: float = 1.0
    lib: Activation | None = None

    def _t(self, x: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(x, dtype=np.float64))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        g = self.gamma
        if self.kind == "eq2":
            assert self.lib is not None
            return self.lib(self._t(x)).numpy()
        if self.kind == "tanh":
            return g * x + (1 - g) * np.tanh(x)
        if self.kind == "softplus":
            t = self.k * x  # softplus(t) − log 2 = t₊ + log1p(expm1(−|t|)/2), cancellation-free
            return g * x + (1 - g) * (np.maximum(t, 0.0) + np.log1p(np.expm1(-np.abs(t)) / 2)) / self.k
        if self.kind == "linear":
            return self.a * x
        return x + 0.5 * x * x  # quadratic (violates |σ(x)| ≤ |x|; probe only)

    def deriv(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        g = self.gamma
        if self.kind == "eq2":
            assert self.lib is not None
            return self.lib.deriv(self._t(x)).numpy()
        if self.kind == "tanh":
            with np.errstate(over="ignore"):
                return g + (1 - g) / np.cosh(x) ** 2
        if self.kind == "softplus":
            return g + (1 - g) * expit(self.k * x)
        if self.kind == "linear":
            return np.full_like(x, self.a)
        return 1 + x

    def second_deriv(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        g = self.gamma
        if self.kind == "eq2":
            assert self.lib is not None
            return self.lib.second_deriv(self._t(x)).numpy()
        if self.kind == "tanh":
            with np.errstate(over="ignore"):
                return -2 * (1 - g) * np.tanh(x) / np.cosh(x) ** 2
        if self.kind == "softplus":
            return (1 - g) * self.k * expit(self.k * x) * expit(-self.k * x)
        if self.kind == "linear":
            return np.zeros_like(x)
        return np.ones_like(x)

    def __str__(self) -> str:
        if self.kind == "eq2":
            return str(self.lib)
        return {"tanh": f"{self.gamma:g}x + (1−{self.gamma:g})tanh x",
                "softplus": f"{self.gamma:g}x + (1−{self.gamma:g})(softplus({self.k:g}x) − log 2)/{self.k:g}",
                "linear": f"{self.a:g}x", "quadratic": "x + x²/2"}[self.kind]


_FAMILIES = {0: "eq2", 1: "tanh", 2: "softplus", 3: "linear", 4: "quadratic"}


def _param(inst: Instance, key: str, default: float | None = None) -> float:
    v = inst.case.param(key, default) if inst.case is not None else default  # type: ignore[arg-type]
    if v is None:
        raise KeyError(f"case needs the parameter {key!r}")
    return float(v)


def _has(inst: Instance, key: str) -> bool:
    return inst.case is not None and key in dict(inst.case.params)


def _scalar_act(inst: Instance) -> _Act:
    """The σ a scalar case describes (family in params; eq. (2) is the case's library activation)."""
    fam = _FAMILIES[int(_param(inst, "family", 0))]
    if fam == "eq2":
        a = inst.act
        return _Act("eq2", a.gamma, a.beta, lib=a)
    g = _param(inst, "gamma", 0.5)
    if fam == "tanh":
        return _Act("tanh", g, (1 - g) * 4 / (3 * math.sqrt(3)))
    if fam == "softplus":
        k = _param(inst, "k", 1.0)
        return _Act("softplus", g, (1 - g) * k / 4, k=k)
    if fam == "linear":
        return _Act("linear", g, _param(inst, "beta", 1.0), a=_param(inst, "a", 1.0))
    return _Act("quadratic", 0.5, 1.0)


def _sigma_for_gram(inst: Instance) -> Activation | _Act:
    """σ of a G_* case: the library activation (closed form) or a private family (quadrature)."""
    if _has(inst, "family") and int(_param(inst, "family")) != 0:
        return _scalar_act(inst)
    return inst.act


_SPECIAL = (0.0, 1e-20, -1e-20, 1e-12, -1e-12, 1.0, -1.0, 1e3, -1e3, 1e6, -1e6)


def _reals() -> hst.SearchStrategy[float]:
    """Signed log-scaled reals 10^[−20, 6] plus 0, ±1e−20, ±1e−12, ±1, ±1e3, ±1e6."""
    return hst.one_of(hst.sampled_from(_SPECIAL),
                      hst.builds(lambda s, e: s * 10.0**e, hst.sampled_from((1.0, -1.0)), hst.floats(-20.0, 6.0)))


@hst.composite
def _scalar_cases(draw: hst.DrawFn, families: Sequence[int] = (0, 1, 2, 3), extra: tuple = ()) -> Case:
    """Case(widths=(1, 1), n=1) carrying σ (family, γ, β, k, a) and two points x, x′ in its params."""
    fam = draw(hst.sampled_from(tuple(families)), label="family")
    g = draw(hst.floats(0.01, 0.99), label="gamma")
    b = draw(nst.scales(-2.0, 2.0), label="beta")
    x = draw(_reals(), label="x")
    near = hst.builds(lambda s, e: x + s * 10.0**e, hst.sampled_from((1.0, -1.0)), hst.floats(-12.0, 2.0))
    x2 = draw(hst.one_of(_reals(), near), label="x2")
    params: list[tuple[str, float]] = [("family", float(fam)), ("gamma", g), ("x", x), ("x2", x2)]
    if fam == 1:
        b = (1 - g) * 4 / (3 * math.sqrt(3))
    if fam == 2:
        k = draw(nst.scales(-1.0, 1.0), label="k")
        params.append(("k", k))
        b = (1 - g) * k / 4
    if fam == 3:
        params.append(("a", draw(hst.floats(g, 1.0), label="a")))
    params.append(("beta", b))
    act = f"smooth_leaky_relu({g!r},{b!r})" if fam == 0 else "relu"
    return Case(widths=(1, 1), n=1, activation=act, params=(*params, *extra))


def _x_pair(inst: Instance) -> tuple[float, float]:
    return _param(inst, "x"), _param(inst, "x2", _param(inst, "x"))


# ------------------------------------------------------------------------------ Assumption 2.2
_TOL_SLOPE = Tolerance(2 * EPS, 0.0, "σ′ = γ + (1−γ)·p is a rounded sum: may exceed 1 or fall below γ by one ulp")
_TOL_ABS = Tolerance(4 * EPS, 0.0, "σ(x) is a sum of rounded products γx + (1−γ)(…): relative round-off ≤ 3ε")
_TOL_LIP = Tolerance(2 * EPS, 4 * EPS, "σ′ values in [γ,1] are rounded to ε each (catalog: +4ε absolute); "
                     "x − x′ rounded relatively")


def _asm22(act: _Act, x: float, x2: float, beta_factor: float = 1.0) -> list[Evaluation]:
    xs = np.array([x, x2, 0.0])
    s, d = act(xs), act.deriv(xs)
    out = []
    for name, xv, sv, dv in (("x", x, s[0], d[0]), ("x′", x2, s[1], d[1])):
        out += [
            Evaluation(lhs=float(dv), rhs=act.gamma, relation=Relation.GE, label=f"(i) σ′({name}) ≥ γ",
                       tol=_TOL_SLOPE, lhs_name=f"σ′({name})", factors=((name, xv),)),
            Evaluation(lhs=float(dv), rhs=1.0, label=f"(i) σ′({name}) ≤ 1", tol=_TOL_SLOPE,
                       lhs_name=f"σ′({name})", factors=((name, xv),)),
            Evaluation(lhs=abs(float(sv)), rhs=abs(xv), label=f"(ii) |σ({name})| ≤ |{name}|", tol=_TOL_ABS,
                       lhs_name=f"|σ({name})|", vacuous=False if xv != 0 else None),
        ]
    dx = abs(x - x2)
    beta = beta_factor * act.beta
    out += [
        Evaluation(lhs=abs(float(d[0] - d[1])), rhs=beta * dx, label="(iii) |σ′(x) − σ′(x′)| ≤ β|x − x′|",
                   tol=_TOL_LIP, lhs_name="|σ′(x) − σ′(x′)|", factors=(("β", beta), ("|x − x′|", dx))),
        Evaluation(lhs=abs(float(s[0] - s[1])), rhs=dx, label="σ 1-Lipschitz",
                   tol=Tolerance(4 * EPS, 0.0, "difference of two rounded σ values"),
                   atol=2 * EPS * (abs(float(s[0])) + abs(float(s[1]))), lhs_name="|σ(x) − σ(x′)|"),
        Evaluation(lhs=abs(float(s[2])), rhs=0.0, label="σ(0) = 0",
                   tol=Tolerance(0.0, 1e-15, "catalog: σ(0) = 0 to 1e−15 (the stable forms give exactly 0)"),
                   lhs_name="|σ(0)|", vacuous=False),
    ]
    return out


def _requires_scalar(inst: Instance) -> str | None:
    return None if _has(inst, "x") else "needs params x (scalar activation case)"


@claim(
    id="nguyen_mondelli20.assump2.2",
    where="Nguyen & Mondelli 2020, Assumption 2.2 (§2) and \"by Assumption 2.2, σ(0) = 0\" (§3.1)",
    kind=Kind.D,
    statement="for γ ∈ (0,1), β > 0: (i) σ′(x) ∈ [γ, 1], (ii) |σ(x)| ≤ |x|, (iii) |σ′(x) − σ′(x′)| ≤ β|x − x′| "
              "for all x, x′; hence σ(0) = 0 and σ is 1-Lipschitz — for (2), γx + (1−γ)tanh x "
              "(β = 4(1−γ)/(3√3)), γx + (1−γ)(softplus(kx) − log 2)/k (β = (1−γ)k/4) and a·x (a ∈ [γ, 1])",
    hypotheses=("σ differentiable", "γ ∈ (0,1), β > 0 the tight constants of each family"),
    requires=_requires_scalar,
    mutant=lambda inst: _asm22(_scalar_act(inst), *_x_pair(inst), beta_factor=0.5),
    cases=lambda: _scalar_cases(),
)
def activation_conditions(inst: Instance) -> list[Evaluation]:
    """Assumption 2.2 (i)–(iii), σ(0) = 0 and 1-Lipschitz at the case's two points."""
    return _asm22(_scalar_act(inst), *_x_pair(inst))


# ------------------------------------------------------------------------------ eq. (2)
def _kernel(diff: float, g: float, b: float) -> float:
    """The kernel of (2) as printed, at x − u = diff: (β/(1−γ)) exp(−πβ²(x−u)²/(1−γ)²)."""
    return b / (1 - g) * math.exp(-math.pi * b * b * diff * diff / (1 - g) ** 2)


def _quad_eq2(x: float, g: float, b: float, printed: bool = False) -> float:
    """(2) by adaptive quadrature: −(1−γ)²/(2πβ) + ∫ max(γu, u) K(x − u) du (printed: max(γu, x)).

    Substitution u = x + s·z (s = (1−γ)/(β√(2π)), the kernel's standard deviation), z ∈ [−40, 40]
    (the Gaussian tail beyond is < 1e−340), split where the max switches branch.
    """
    s = (1 - g) / (b * math.sqrt(2 * math.pi))

    def f(z: float) -> float:
        u = x + s * z
        m = max(g * u, x) if printed else max(g * u, u)
        return m * _kernel(-s * z, g, b) * s  # x − u = −sz exactly (x − u in floats cancels when |x| ≫ s)

    kink = ((x / g - x) / s) if printed else (-x / s)  # u = x/γ (printed) or u = 0
    pts = [-40.0, *([kink] if -40.0 < kink < 40.0 else []), 40.0]
    total = 0.0
    for lo, hi in itertools.pairwise(pts):
        total += integrate.quad(f, lo, hi, epsabs=1e-15 * (abs(x) + s), epsrel=1e-13, limit=200)[0]
    return total - (1 - g) ** 2 / (2 * math.pi * b)


def _closed_wrong_s(x: float, g: float, b: float) -> float:
    """Mutant closed form with kernel width s = (1−γ)/β (√(2π) forgotten)."""
    s = (1 - g) / b
    return g * x + (1 - g) * (x * float(ndtr(x / s)) + s * PHI0 * math.exp(-0.5 * (x / s) ** 2)) - (1 - g) ** 2 / (
        2 * math.pi * b)


def _eq2(inst: Instance, variant: str = "") -> list[Evaluation]:
    act = _scalar_act(inst)
    g, b = act.gamma, act.beta
    C = (1 - g) ** 2 / (2 * math.pi * b)
    x, x2 = _x_pair(inst)
    tol_q = Tolerance(1e-10, 0.0, "adaptive quadrature (epsrel 1e−13) of an O(|x| + s) integral minus "
                      "(1−γ)²/(2πβ): error relative to max(|σ(x)|, (1−γ)²/(2πβ)) (catalog)")
    out = []
    for name, xv in (("x", x), ("0", 0.0)):
        q = _quad_eq2(xv, g, b, printed=(variant == "printed"))
        c = _closed_wrong_s(xv, g, b) if variant == "mutant" else float(act(np.array([xv]))[0])
        if variant == "printed":
            out.append(Evaluation(lhs=abs(q - c), rhs=0.0, relation=Relation.EQ,
                                  label=f"printed integral (max(γu, x)) = closed form at {name}", tol=tol_q,
                                  scale=max(abs(c), abs(q), C), lhs_name="|quad − closed|",
                                  factors=(("quad(printed)", q), ("closed", c),
                                           ("(1−γ)(2γ−1)/(2πβ)", (1 - g) * (2 * g - 1) / (2 * math.pi * b)))))
        else:
            out.append(Evaluation(lhs=abs(q - c), rhs=0.0, relation=Relation.EQ,
                                  label=f"closed form = quadrature of (2) at {name}", tol=tol_q,
                                  scale=max(abs(c), C), lhs_name="|closed − quad|",
                                  factors=(("closed", c), ("quad", q), (name, xv))))
    if variant == "printed":  # Assumption 2.2(ii) forces σ(0) = 0; the printed integrand gives (1−γ)(2γ−1)/(2πβ)
        q0 = _quad_eq2(0.0, g, b, printed=True)
        return [*out, Evaluation(lhs=abs(q0), rhs=0.0, label="printed (2): |σ(0)| ≤ 0 (Assumption 2.2(ii))",
                                 tol=tol_q, atol=1e-10 * C, lhs_name="|σ_printed(0)|", vacuous=False,
                                 factors=(("(1−γ)(2γ−1)/(2πβ)", (1 - g) * (2 * g - 1) / (2 * math.pi * b)),))]
    sx, smx = (float(v) for v in act(np.array([x, -x])))
    out += [
        Evaluation(lhs=abs(float(act.second_deriv(np.array([0.0]))[0]) - b), rhs=0.0, relation=Relation.EQ,
                   label="σ″(0) = β (sup σ″, so (iii) holds with the β of (2))",
                   tol=Tolerance(8 * EPS, 0.0, "(1−γ)φ(0)/s with s = (1−γ)/(β√(2π)): four rounded operations"),
                   scale=b, lhs_name="|σ″(0) − β|"),
        Evaluation(lhs=abs((sx - smx) / 2 - (1 + g) * x / 2), rhs=0.0, relation=Relation.EQ,
                   label="odd part (σ(x) − σ(−x))/2 = (1+γ)x/2",
                   tol=Tolerance(8 * EPS, 0.0, "difference of two rounded values of size |σ(±x)|"),
                   scale=abs(float(sx)) + abs(float(smx)), lhs_name="|odd part − (1+γ)x/2|"),
    ]
    return out + _asm22(act, x, x2)


@claim(
    id="nguyen_mondelli20.eq2",
    where="Nguyen & Mondelli 2020, eq. (2) and the sentence after it (§2)",
    kind=Kind.D,
    statement="σ(x) = −(1−γ)²/(2πβ) + (β/(1−γ))∫ max(γu, u) e^{−πβ²(x−u)²/(1−γ)²} du "
              "= γx + (1−γ)(xΦ(x/s) + sφ(x/s)) − (1−γ)²/(2πβ), s = (1−γ)/(β√(2π)); σ′ = γ + (1−γ)Φ(x/s), "
              "σ″ ≤ σ″(0) = β, odd part (1+γ)x/2; (2) satisfies Assumption 2.2 with the same (γ, β) "
              "(integrand printed as max(γu, x): erratum)",
    hypotheses=("γ ∈ (0,1)", "β > 0"),
    requires=_requires_scalar,
    mutant=lambda inst: _eq2(inst, "mutant"),
    variants={"printed": lambda inst: _eq2(inst, "printed")},
    cases=lambda: _scalar_cases(families=(0,)),
)
def smoothed_leaky_relu(inst: Instance) -> list[Evaluation]:
    """The closed form of (2) equals its integral, and (2) meets Assumption 2.2 with its own (γ, β)."""
    return _eq2(inst)


# ------------------------------------------------------------------------------ Lemma B.1
def _lemmab1(inst: Instance, factor: float = 1.0) -> list[Evaluation]:
    act = _scalar_act(inst)
    assert act.lib is not None
    g, b = act.gamma, act.beta
    s = act.lib.s
    bound = factor * (1 - g) ** 2 / (2 * math.pi * b)
    x = _param(inst, "x")
    gap = float(act.lib.leaky_gap(torch.tensor([x], dtype=torch.float64))[0])
    naive = max(g * x, x) - float(act(np.array([x]))[0])
    far = act.lib.leaky_gap(torch.tensor([-50 * s, 50 * s], dtype=torch.float64))
    tol = Tolerance(1e-12, 0.0, "stable form (1−γ)s[φ(0) − tail(|x|/s)]: a few rounded operations")
    return [
        Evaluation(lhs=gap, rhs=0.0, relation=Relation.GE, label="max(γx,x) − σ(x) ≥ 0", tol=tol,
                   atol=8 * EPS * bound, lhs_name="max(γx,x) − σ(x)", vacuous=False),
        Evaluation(lhs=gap, rhs=bound, label="max(γx,x) − σ(x) ≤ (1−γ)²/(2πβ)", tol=tol,
                   lhs_name="max(γx,x) − σ(x)", factors=(("(1−γ)²/(2πβ)", bound), ("x", x))),
        Evaluation(lhs=float(far.min()), rhs=bound, relation=Relation.GE,
                   label="sup attained as |x| → ∞: gap(±50s) ≥ (1−γ)²/(2πβ)", tol=tol,
                   lhs_name="min gap(±50s)"),
        Evaluation(lhs=abs(gap - naive), rhs=0.0, relation=Relation.EQ,
                   label="stable gap = max(γx,x) − σ(x) computed naively",
                   tol=Tolerance(0.0, 0.0, "naive difference of two numbers of size |x|: 8·ulp(|x|) (catalog)"),
                   atol=8 * math.ulp(max(abs(x), abs(naive))) + 8 * EPS * bound, scale=abs(x) + bound,
                   lhs_name="|stable − naive|"),
    ]


@claim(
    id="nguyen_mondelli20.lemmab1",
    where="Nguyen & Mondelli 2020, sentence after (2) (§2); proof in Lemma B.1 (appendix, not in the text)",
    kind=Kind.D,
    statement="for σ of (2): 0 ≤ max(γx, x) − σ(x) ≤ (1−γ)²/(2πβ) for every x, with the supremum (1−γ)²/(2πβ) "
              "approached as |x| → ∞; hence lim_{β→∞} sup_x |σ(x) − max(γx, x)| = 0 (printed form)",
    hypotheses=("σ from (2)", "γ ∈ (0,1)", "β > 0"),
    requires=_requires_scalar,
    mutant=lambda inst: _lemmab1(inst, factor=0.5),
    cases=lambda: _scalar_cases(families=(0,)),
)
def leaky_relu_approximation(inst: Instance) -> list[Evaluation]:
    """Uniform distance of (2) from the leaky ReLU, exactly (1−γ)²/(2πβ)."""
    return _lemmab1(inst)


# ============================================================================ Assumption 2.1
def is_pyramidal(N: int, widths: Sequence[int], *, need_wide_first: bool = True) -> bool:
    """NM Assumption 2.1: n₁ ≥ N and n₂ ≥ n₃ ≥ … ≥ n_L (widths = (n₀, …, n_L); nothing between n₁, n₂)."""
    tail = list(widths[2:])
    return (not need_wide_first or widths[1] >= N) and all(a >= b for a, b in itertools.pairwise(tail))


def _norm(t: torch.Tensor) -> float:
    """‖t‖_F without underflow (entries near 1e−308 square to 0 in a plain sum of squares)."""
    m = float(t.abs().max()) if t.numel() else 0.0
    return 0.0 if m == 0.0 else m * frob(t / m)


def _pl_w2(inst: Instance, *, need_wide_first: bool = True) -> list[Evaluation]:
    """Lemma 4.1(3) on admissible topologies (vacuous otherwise)."""
    if inst.L < 2 or not is_pyramidal(inst.N, inst.widths, need_wide_first=need_wide_first):
        return [Evaluation(lhs=0.0, rhs=0.0, relation=Relation.GE, label="topology not admissible",
                           vacuous=True)]
    fw = inst.fw
    g2 = _norm(inst.grads()[1])
    sF = sigma_min(fw.F[1])
    slopes = [float(inst.act.deriv(fw.G[p - 1]).abs().min()) for p in range(3, inst.L + 1)]
    smins = [sigma_min(inst.Ws[p - 1]) for p in range(3, inst.L + 1)]
    r = _norm(resid(inst))
    rhs = sF * prod(slopes) * prod(smins) * r
    floor = 8 * (inst.N + inst.widths[1]) * EPS * spectral_norm(fw.F[1]) * prod(spec_norms(inst.Ws[2:])) * r
    return [Evaluation(lhs=g2, rhs=rhs, relation=Relation.GE, label="‖vec ∇_(W₂)Φ‖ ≥ σ_min(F₁)∏σ_min(Σ)σ_min(W)‖f−y‖",
                       tol=Tolerance(1e-10, 0.0, "SVD σ_min and L-fold products: relative round-off (catalog)"),
                       atol=floor, lhs_name="‖∇_(W₂)Φ‖_F",
                       factors=(("σ_min(F₁)", sF), ("∏ min σ′", prod(slopes)), ("∏ σ_min(W_p)", prod(smins)),
                                ("‖f_L − y‖", r)))]


@claim(
    id="nguyen_mondelli20.assump2.1",
    where="Nguyen & Mondelli 2020, Assumption 2.1 (§2); used by Lemma 4.1(3) and Theorem 3.2",
    kind=Kind.D,
    statement="the topology is admissible iff n₁ ≥ N and n₂ ≥ n₃ ≥ … ≥ n_L (no order between n₁ and n₂); on "
              "admissible topologies ‖vec ∇_{W₂}Φ‖₂ ≥ σ_min(F₁)∏_{p=3}^{L}σ_min(Σ_{p−1})σ_min(W_p)‖f_L − y‖₂",
    hypotheses=("any widths (non-admissible ones are vacuous)", "σ′ with a fixed convention at kinks"),
    requires=None,
    mutant=lambda inst: _pl_w2(inst, need_wide_first=False),
    cases=lambda: hst.one_of(nst.cases(n_max=4, max_width=4, scale_exp=(-1.0, 1.0)),
                             nst.cases(n_max=4, max_width=4, scale_exp=(-1.0, 1.0), topology="pyramidal")),
)
def pyramidal_topology(inst: Instance) -> list[Evaluation]:
    """Assumption 2.1 is what makes the PL-type bound of Lemma 4.1(3) hold."""
    return _pl_w2(inst)


# ============================================================================ Assumption 3.1
@dataclass(frozen=True)
class InitConstants:
    """The numbers Assumption 3.1 and Theorem 3.2 depend on (index 0 ↔ layer 1).

    lam_bar[l−1] = λ̄_l of (3) ((2/3)(1+‖W_l⁰‖₂) for l ≤ 2, ‖W_l⁰‖₂ for l ≥ 3); lam[l−1] = σ_min(W_l⁰) (used for
    l ≥ 3); lam_F = σ_min(σ(XW₁⁰)); x_fro, x_spec = ‖X‖_F, ‖X‖₂; sqrt2phi = √(2Φ(θ₀)); beta = Lip(σ′) (inf when
    σ′ is not Lipschitz).
    """

    gamma: float
    lam_bar: tuple[float, ...]
    lam: tuple[float, ...]
    lam_F: float
    x_fro: float
    x_spec: float
    sqrt2phi: float
    beta: float = math.inf

    @property
    def L(self) -> int:
        return len(self.lam_bar)


def init_constants(inst: Instance, gamma: float | None = None) -> InitConstants:
    """InitConstants of an instance at θ₀ = inst.Ws (γ, β from the activation unless given)."""
    Ws = inst.Ws
    norms = spec_norms(Ws)
    lam_bar = tuple((2 / 3) * (1 + n) if l < 2 else n for l, n in enumerate(norms))
    lam = tuple(sigma_min(W) for W in Ws)
    g = inst.act.gamma if gamma is None else gamma
    beta = inst.act.beta if inst.act.smooth and inst.act.name != "linear" else math.inf
    return InitConstants(gamma=g, lam_bar=lam_bar, lam=lam, lam_F=sigma_min(inst.fw.F[1]), x_fro=frob(inst.X),
                         x_spec=spectral_norm(inst.X), sqrt2phi=frob(resid(inst)), beta=beta)


def assumption31_from(c: InitConstants) -> dict[str, float | list[float]]:
    """Assumption 3.1 and Theorem 3.2 constants from InitConstants (equation numbers of NM 2020).

    Returns rhs4, rhs5 (right sides of (4), (5)), rho4 = rhs4/λ_F², rho5 = rhs5/λ_F³ (Assumption 3.1 ⇔ both ≤ 1),
    alpha0, Q0, R (6), Q1 (8), drift_bound D_l = (2/α₀)‖X‖_F(3/2)^{L−1}(λ̄_{1→L}/λ̄_l)√(2Φ₀) (proof of Thm 3.2),
    budget B_l (1 for l ≤ 2, λ_l/2 for l ≥ 3), drift_ratio D_l/B_l (max = rho4 by the identity of
    `nguyen_mondelli20.assump3.1.eq4`), f1_ratio ‖X‖₂D₁/(λ_F/2) (= rho5), margin4 = 1 − rho4, margin5 = 1 − rho5.
    Empty products are 1 and the empty min is +∞ (L = 2).
    """
    g, L = c.gamma, c.L
    lb, lam = c.lam_bar, c.lam
    lb3, l3 = prod(lb[2:]), prod(lam[2:])
    kappa = (g**4 / 3) * (6 / g**2) ** L
    mn = min((lam[l] * lb[l] for l in range(2, L)), default=math.inf)
    rhs4 = kappa * c.x_fro * c.sqrt2phi * _div(lb3, l3**2) * max(_div(2 * lb[0] * lb[1], mn), lb[0], lb[1])
    rhs5 = 2 * kappa * c.x_spec * c.x_fro * c.sqrt2phi * _div(lb3, l3**2) * lb[1]
    alpha0 = (4 / g**4) * (g**2 / 4) ** L * c.lam_F**2 * l3**2
    others = [prod(v for i, v in enumerate(lb) if i != l) for l in range(L)]  # λ̄_{1→L}/λ̄_l
    R = prod(max(1.0, 1.5 * v) for v in lb)
    Q0 = (L * math.sqrt(L) * 1.5 ** (2 * (L - 1)) * c.x_fro**2 * max(others) ** 2
          + (L * math.sqrt(L) * c.x_fro * (1 + L * c.beta * c.x_fro * R) * R * c.sqrt2phi if c.sqrt2phi else 0.0))
    Q1 = _div((4 / 3) * 1.5**L * c.x_fro * sum(others) * c.sqrt2phi, alpha0)
    D = [_div(2 * c.x_fro * 1.5 ** (L - 1) * others[l] * c.sqrt2phi, alpha0) for l in range(L)]
    B = [1.0 if l < 2 else 0.5 * lam[l] for l in range(L)]
    rho4, rho5 = _div(rhs4, c.lam_F**2), _div(rhs5, c.lam_F**3)
    return {"rhs4": rhs4, "rhs5": rhs5, "rho4": rho4, "rho5": rho5, "alpha0": alpha0, "Q0": Q0, "R": R, "Q1": Q1,
            "drift_bound": D, "budget": B, "drift_ratio": [_div(d, b) for d, b in zip(D, B, strict=False)],
            "f1_ratio": _div(c.x_spec * D[0], 0.5 * c.lam_F), "margin4": 1 - rho4, "margin5": 1 - rho5}


def _div(a: float, b: float) -> float:
    """a/b with a/0 = +∞ (a > 0) and 0/0 = 0 (a vanishing numerator wins: nothing to bound)."""
    if b == 0:
        return 0.0 if a == 0 else math.inf
    return a / b


def assumption31(inst: Instance, gamma: float | None = None) -> dict[str, float | list[float]]:
    """`assumption31_from(init_constants(inst, gamma))`: margins and ratios of Assumption 3.1 at θ₀."""
    return assumption31_from(init_constants(inst, gamma))


def _constants(inst: Instance) -> InitConstants:
    """Synthetic constants from params "const.*" (bookkeeping cases), else those of the network."""
    if not _has(inst, "const.L"):
        return init_constants(inst)
    L = int(_param(inst, "const.L"))
    lb = tuple(_param(inst, f"const.lam_bar{l}") for l in range(1, L + 1))
    lam = (0.0, 0.0, *(_param(inst, f"const.lam{l}") for l in range(3, L + 1)))
    return InitConstants(gamma=_param(inst, "const.gamma"), lam_bar=lb, lam=lam, lam_F=_param(inst, "const.lam_F"),
                         x_fro=_param(inst, "const.x_fro"), x_spec=_param(inst, "const.x_spec"),
                         sqrt2phi=_param(inst, "const.sqrt2phi"))


@hst.composite
def _constant_cases(draw: hst.DrawFn) -> Case:
    """Positive reals for every constituent of (4)/(5), log-uniform 10^[−8, 2], meeting λ̄₁, λ̄₂ ≥ 2/3,
    λ_l ≤ λ̄_l and ‖X‖₂ ≤ ‖X‖_F."""
    L = draw(hst.integers(2, 7), label="L")
    e = lambda lab: draw(hst.floats(-8.0, 2.0), label=lab)  # noqa: E731
    p: list[tuple[str, float]] = [("const.L", float(L)), ("const.gamma", draw(hst.floats(0.01, 0.99), label="γ"))]
    for l in range(1, L + 1):
        lb = (2 / 3) * (1 + 10 ** e(f"‖W{l}‖")) if l <= 2 else 10 ** e(f"λ̄{l}")
        p.append((f"const.lam_bar{l}", lb))
        if l >= 3:
            p.append((f"const.lam{l}", lb * 10 ** -draw(hst.floats(0.0, 4.0), label=f"log κ{l}")))
    xf = 10 ** e("‖X‖_F")
    p += [("const.lam_F", 10 ** e("λ_F")), ("const.x_fro", xf),
          ("const.x_spec", xf * 10 ** -draw(hst.floats(0.0, 2.0), label="log ‖X‖_F/‖X‖₂")),
          ("const.sqrt2phi", 10 ** e("√2Φ"))]
    return Case(widths=(1, 1), n=1, params=tuple(p))


_GAMMA_ACTS = ("leaky_relu(0.1)", "leaky_relu(0.5)", *nst.SMOOTH)


def _net_cases(*, topology: str = "pyramidal", min_n: int = 1, n_max: int = 4, max_width: int = 4,
               min_depth: int = 2, max_depth: int = 4, activations_: Sequence[str] = _GAMMA_ACTS,
               datasets: Sequence[str] = ("gaussian", "sphere", "integer"), inits: Sequence[str] = ("gaussian",
               "lecun", "integer"), targets: Sequence[str] = ("gaussian", "integer"),
               scale_exp: tuple[float, float] = (-1.0, 1.0)) -> hst.SearchStrategy[Case]:
    """Seeded Nguyen-form cases with N ∈ [min_n, n_max] and pyramidal (Assumption 2.1) or free widths."""

    @hst.composite
    def build(draw: hst.DrawFn) -> Case:
        N = draw(hst.integers(min_n, n_max), label="N")
        if topology == "pyramidal":
            w = draw(nst.pyramidal_widths(N, min_depth, max_depth, max_width), label="widths")
        else:
            w = draw(nst.widths_lists(min_depth, max_depth, max_width), label="widths")
        c = draw(nst.seeded_cases(widths=hst.just(w), n_max=1, activations_=activations_, inits=inits,
                                  datasets=datasets, targets=targets, scale_exp=scale_exp))
        return Case(**{**c.__dict__, "n": N})

    return build()


def _requires_a31(inst: Instance) -> str | None:
    c = _constants(inst)
    if not 0 < c.gamma < 1:
        return f"γ = {c.gamma}, needs γ ∈ (0, 1)"
    if c.L < 2:
        return "needs L ≥ 2"
    if not c.lam_F > 0:
        return "needs λ_F > 0"
    if any(not v > 0 for v in c.lam[2:]):
        return "needs λ_l > 0 for l ≥ 3"
    return None


_TOL_A31 = Tolerance(1e-12, 0.0, "(γ⁴/3)(6/γ²)^L vs (2/α₀)(3/2)^{L−1}: products of ≤ 3L + 8 rounded factors")


def _eq4_identity(inst: Instance, power_shift: int = 0) -> list[Evaluation]:
    c = _constants(inst)
    a = assumption31_from(c)
    rho4 = a["rho4"]
    if power_shift:  # mutant: (6/γ²)^{L−1} in (4)
        rho4 = rho4 * (6 / c.gamma**2) ** power_shift
    mx = max(a["drift_ratio"])  # type: ignore[arg-type]
    return [Evaluation(lhs=abs(mx - rho4), rhs=0.0, relation=Relation.EQ, label="max_l D_l/B_l = RHS(4)/λ_F²",
                       tol=_TOL_A31, scale=max(mx, rho4), lhs_name="|max D_l/B_l − ρ₄|",
                       factors=(("ρ₄", rho4), ("max D_l/B_l", mx), ("L", c.L), ("γ", c.gamma)))]


@claim(
    id="nguyen_mondelli20.assump3.1.eq4",
    where="Nguyen & Mondelli 2020, Assumption 3.1, eq. (4) (§3); its use in the proof of Theorem 3.2 (§4)",
    kind=Kind.D,
    statement="RHS(4)/λ_F² = max_{l∈[L]} D_l/B_l with D_l = (2/α₀)‖X‖_F(3/2)^{L−1}(λ̄_{1→L}/λ̄_l)√(2Φ(θ₀)), "
              "B₁ = B₂ = 1, B_l = ½λ_l (l ≥ 3), α₀ of (6); hence (4) ⇔ D_l ≤ B_l for every l "
              "(RHS(4) = (γ⁴/3)(6/γ²)^L‖X‖_F√(2Φ(θ₀))(λ̄_{3→L}/λ_{3→L}²)max(2λ̄₁λ̄₂/min_{l≥3}λ_lλ̄_l, λ̄₁, λ̄₂))",
    hypotheses=("λ_F > 0", "λ_l > 0 for l ≥ 3", "γ ∈ (0,1)", "L ≥ 2 (empty min = +∞, empty product = 1)"),
    requires=_requires_a31,
    mutant=lambda inst: _eq4_identity(inst, power_shift=-1),
    cases=lambda: hst.one_of(_constant_cases(), _net_cases()),
)
def drift_budget_identity(inst: Instance) -> list[Evaluation]:
    """(4) is exactly 'every layer's drift bound is within its budget'."""
    return _eq4_identity(inst)


def _eq5_identity(inst: Instance, factor: float = 1.0) -> list[Evaluation]:
    c = _constants(inst)
    a = assumption31_from(c)
    rho5 = factor * a["rho5"]  # type: ignore[operator]
    f1 = a["f1_ratio"]
    return [Evaluation(lhs=abs(f1 - rho5), rhs=0.0, relation=Relation.EQ,  # type: ignore[operator]
                       label="‖X‖₂D₁/(½λ_F) = RHS(5)/λ_F³", tol=_TOL_A31, scale=max(f1, rho5),  # type: ignore[type-var]
                       lhs_name="|‖X‖₂D₁/(½λ_F) − ρ₅|", factors=(("ρ₅", rho5), ("‖X‖₂D₁/(½λ_F)", f1)))]  # type: ignore[arg-type]


@claim(
    id="nguyen_mondelli20.assump3.1.eq5",
    where="Nguyen & Mondelli 2020, Assumption 3.1, eq. (5) (§3); proof of Thm 3.2 (bound on ‖F₁^{r+1} − F₁⁰‖_F)",
    kind=Kind.D,
    statement="RHS(5)/λ_F³ = ‖X‖₂D₁/(½λ_F) with D₁ = (2/α₀)‖X‖_F(3/2)^{L−1}λ̄_{2→L}√(2Φ(θ₀)), i.e. (5) ⇔ "
              "‖X‖₂D₁ ≤ ½λ_F (RHS(5) = (2γ⁴/3)(6/γ²)^L‖X‖₂‖X‖_F√(2Φ(θ₀))(λ̄_{3→L}/λ_{3→L}²)λ̄₂)",
    hypotheses=("λ_F > 0", "λ_l > 0 for l ≥ 3", "γ ∈ (0,1)", "L ≥ 2"),
    requires=_requires_a31,
    mutant=lambda inst: _eq5_identity(inst, factor=0.5),
    cases=lambda: hst.one_of(_constant_cases(), _net_cases()),
)
def feature_budget_identity(inst: Instance) -> list[Evaluation]:
    """(5) is exactly 'the first-layer features move by at most ½λ_F'."""
    return _eq5_identity(inst)
