"""Claims of Nguyen & Mondelli (NeurIPS 2020), "one wide layer followed by pyramidal topology" (seed 001):
activations (§2), Assumption 3.1 bookkeeping (§3), the §3.1 initialisation recipe and G_* (§3.2–3.3).
The §4 lemmas are in `nguyen_mondelli20_lemmas`.

Glossary (paper → code): X, Y, N, d → `inst.X`, `inst.Y`, `inst.N`, `widths[0]`; L (weight matrices)
→ `inst.L`; W_l → `inst.Ws[l-1]` (n_{l−1}×n_l); F_l, G_l → `inst.fw.F[l]`, `inst.fw.G[l]`;
Φ = ½‖F_L − Y‖²_F → `inst.loss()`; λ̄_l, λ_l, λ_F (eq. (3)) → `lam_bar[l-1]`, `lam[l-1]`, `lam_F`;
α₀, Q₀, R, Q₁ (eqs. (6), (8)) → `alpha0`, `Q0`, `R`, `Q1`; RHS of (4)/(5) → `rhs4`, `rhs5`;
ρ₄ = RHS(4)/λ_F², ρ₅ = RHS(5)/λ_F³ → `rho4`, `rho5` (Assumption 3.1 ⇔ ρ₄ ≤ 1 and ρ₅ ≤ 1);
D_l, B_l (drift bound and budget of the proof of Thm 3.2) → `drift_bound`, `budget`;
G_*, λ_* (eq. (13)) → `nnverify.kernels.gram_star`, `lam_star`; μ_r(σ) → `kernels.hermite_coeffs*`;
X^{*r} (row-wise Kronecker power) → `_kr_pow(X, r)`.
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
from hypothesis.extra import numpy as hnp
from scipy import integrate
from scipy.special import expit, ndtr

from nnverify import kernels
from nnverify import strategies as nst
from nnverify.activations import Activation
from nnverify.claims._util import TOL_IDENTITY, TOL_PRODUCT, prod, resid, spec_norms
from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.linalg import EPS, frob, lam_min, sigma_min, spectral_norm
from nnverify.types import Case, Instance

__all__ = [
    "InitConstants",
    "assumption31",
    "assumption31_from",
    "init_constants",
    "is_pyramidal",
    "lam_star",
    "lhs11",
    "rhs11",
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


# ============================================================================ §3.1 recipe
def _eq10(inst: Instance, mutant: bool = False) -> list[Evaluation]:
    F = inst.fw.out
    yf, ff = frob(inst.Y), frob(F)
    root = math.sqrt(2 * inst.loss())
    norms = spec_norms(inst.Ws)
    xf = frob(inst.X)
    out = [
        Evaluation(lhs=root, rhs=max(yf, ff) if mutant else yf + ff,
                   label="√(2Φ(θ₀)) ≤ max(‖Y‖, ‖F_L‖)" if mutant else "√(2Φ(θ₀)) ≤ ‖Y‖_F + ‖F_L(θ₀)‖_F",
                   tol=Tolerance(1e-12, 0.0, "norms of sums: relative round-off ~ (N n_L)·ε"),
                   lhs_name="√(2Φ(θ₀))", factors=(("‖Y‖_F", yf), ("‖F_L‖_F", ff))),
        Evaluation(lhs=ff, rhs=prod(norms) * xf, label="‖F_L(θ₀)‖_F ≤ ∏‖W_l⁰‖₂‖X‖_F (17)", tol=TOL_PRODUCT,
                   lhs_name="‖F_L(θ₀)‖_F", factors=(("∏‖W_l⁰‖₂", prod(norms)), ("‖X‖_F", xf))),
    ]
    if not mutant and bool((inst.Ws[1] == 0).all()):
        lb2 = (2 / 3) * (1 + norms[1])
        out += [
            Evaluation(lhs=abs(lb2 - 2 / 3), rhs=0.0, relation=Relation.EQ, label="W₂⁰ = 0 ⇒ λ̄₂ = 2/3 ≤ 1",
                       tol=TOL_IDENTITY, scale=1.0, lhs_name="|λ̄₂ − 2/3|"),
            Evaluation(lhs=ff, rhs=0.0, relation=Relation.EQ, label="W₂⁰ = 0 ⇒ F_L(θ₀) = 0",
                       tol=Tolerance(0.0, 0.0, "exact: every entry is a sum of products with a zero factor"),
                       scale=1.0, lhs_name="‖F_L(θ₀)‖_F"),
            Evaluation(lhs=abs(root - yf), rhs=0.0, relation=Relation.EQ, label="W₂⁰ = 0 ⇒ √(2Φ(θ₀)) = ‖Y‖_F",
                       tol=TOL_IDENTITY, scale=yf, lhs_name="|√(2Φ) − ‖Y‖_F|"),
        ]
    return out


@hst.composite
def _recipe_cases(draw: hst.DrawFn, *, target_exp: tuple[float, float] = (-2.0, 1.0),
                  v_exp: tuple[float, float] = (-6.0, 0.0), relative_v: bool = False) -> Case:
    """NM §3.1 recipe (`nm_recipe`: W₁ LeCun, W₂ ~ 𝒩(0, v) with v = 0 allowed, W_l = c[I; 0] for l ≥ 3),
    pyramidal widths; with `relative_v`, v = (10^e/c^{L−2})² so that F_L(θ₀) is of size 10^e."""
    N = draw(hst.integers(1, 4), label="N")
    w = draw(nst.pyramidal_widths(N, 2, 4, 4), label="widths")
    L = len(w) - 1
    c = draw(nst.scales(0.0, 6.0) if relative_v else nst.scales(-1.0, 1.0), label="c")
    if relative_v:
        c = max(c, 1.01)
    zero_v = draw(hst.booleans(), label="v = 0")
    e = draw(hst.floats(*v_exp), label="log v")
    v = 0.0 if zero_v else ((10**e / c ** (L - 2)) ** 2 if relative_v else 10**e)
    return Case(widths=w, n=N, activation=draw(nst.activations(_GAMMA_ACTS if relative_v else nst.ACTIVATIONS_ALL)),
                init="nm_recipe", params=(("init.v", v), ("init.c", c)),
                data=draw(hst.sampled_from(("gaussian", "sphere")), label="data"),
                data_scale=draw(nst.scales(-1.0, 1.0), label="data_scale"),
                targets="gaussian", target_scale=draw(nst.scales(*target_exp), label="target_scale"),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"))


@claim(
    id="nguyen_mondelli20.sec3.1.eq10",
    where="Nguyen & Mondelli 2020, eq. (10) (§3.1) and \"v = 0 … implies that (10) holds with probability 1\"",
    kind=Kind.D,
    statement="for every θ₀: √(2Φ(θ₀)) ≤ ‖Y‖_F + ‖F_L(θ₀)‖_F ≤ ‖Y‖_F + ∏_l‖W_l⁰‖₂‖X‖_F; if W₂⁰ = 0 then "
              "λ̄₂ = 2/3 ≤ 1, F_L(θ₀) = 0 and √(2Φ(θ₀)) = ‖Y‖_F ≤ 2‖Y‖_F",
    hypotheses=("|σ(x)| ≤ |x| (for (17))",),
    mutant=lambda inst: _eq10(inst, mutant=True),
    cases=lambda: hst.one_of(_recipe_cases(), _net_cases(activations_=nst.ACTIVATIONS_ALL)),
)
def small_second_layer(inst: Instance) -> list[Evaluation]:
    """The loss chain of (10); exact at W₂⁰ = 0."""
    return _eq10(inst)


def lhs11(c: InitConstants, y_fro: float) -> float:
    """LHS of (11): λ_F²[(γ⁴/3)(6/γ²)^L·2‖X‖_F‖Y‖_F·max(2λ̄₁, 1)]^{−1}."""
    g, L = c.gamma, c.L
    return c.lam_F**2 / ((g**4 / 3) * (6 / g**2) ** L * 2 * c.x_fro * y_fro * max(2 * c.lam_bar[0], 1.0))


def rhs11(c: InitConstants) -> float:
    """RHS of (11): λ̄_{3→L}/λ_{3→L}²."""
    return prod(c.lam_bar[2:]) / prod(c.lam[2:]) ** 2


def _c_star(c: InitConstants) -> float:
    """Largest c with λ_l² ≥ cλ̄_l for every l ≥ 3 (+∞ for L = 2)."""
    return min((c.lam[l] ** 2 / c.lam_bar[l] for l in range(2, c.L)), default=math.inf)


def _requires_eq11(inst: Instance) -> str | None:
    c = init_constants(inst)
    yf = frob(inst.Y)
    if not 0 < c.gamma < 1:
        return "needs γ ∈ (0, 1)"
    if not (c.lam_F > 0 and yf > 0):
        return "needs λ_F > 0 and Y ≠ 0"
    if not c.lam_bar[1] <= 1:
        return f"(10) needs λ̄₂ ≤ 1, got {c.lam_bar[1]}"
    if not c.sqrt2phi <= 2 * yf:
        return "(10) needs √(2Φ(θ₀)) ≤ 2‖Y‖_F"
    if any(v < 1 for v in c.lam[2:]) or not _c_star(c) > 1:
        return "needs λ_l ≥ 1 and λ_l² ≥ cλ̄_l with c > 1 (l ≥ 3)"
    return None


def _eq11(inst: Instance, c_power: int = 1) -> list[Evaluation]:
    c = init_constants(inst)
    a = assumption31_from(c)
    yf = frob(inst.Y)
    lhs, rhs = lhs11(c, yf), rhs11(c)
    cs = _c_star(c)
    out = [
        Evaluation(lhs=a["rho4"], rhs=rhs / lhs, label="RHS(4)/λ_F² ≤ RHS(11)/LHS(11) under (10)",  # type: ignore[arg-type]
                   tol=TOL_PRODUCT, lhs_name="ρ₄", factors=(("RHS(11)", rhs), ("LHS(11)", lhs))),
        Evaluation(lhs=rhs, rhs=cs ** (-c_power * (c.L - 2)),
                   label=f"RHS(11) ≤ c^(−{'2' if c_power == 2 else ''}(L−2)), c = min_l λ_l²/λ̄_l", tol=TOL_PRODUCT,
                   lhs_name="λ̄_(3→L)/λ²_(3→L)", factors=(("c", cs), ("L", c.L))),
    ]
    if lhs >= rhs:
        out.append(Evaluation(lhs=c.lam_F**2, rhs=a["rhs4"], relation=Relation.GE,  # type: ignore[arg-type]
                              label="(10) + (11) ⇒ (4)", tol=TOL_PRODUCT, lhs_name="λ_F²",
                              factors=(("LHS(11)", lhs), ("RHS(11)", rhs))))
    return out


def _eq11_printed(inst: Instance) -> list[Evaluation]:
    """As printed: "(11) is satisfied for c large enough" — inf_c RHS(11) = inf_c c^{−(L−2)} is 0 for L ≥ 3 but 1
    for L = 2 (empty product), so for L = 2 it needs LHS(11) ≥ 1 whatever c is (erratum)."""
    c = init_constants(inst)
    inf_rhs = 1.0 if c.L == 2 else 0.0
    return [Evaluation(lhs=lhs11(c, frob(inst.Y)), rhs=inf_rhs, relation=Relation.GE,
                       label="(11) holds for c large enough: LHS(11) ≥ inf_c RHS(11)", tol=TOL_PRODUCT,
                       lhs_name="LHS(11)", factors=(("L", c.L),))]


@claim(
    id="nguyen_mondelli20.sec3.1.eq11",
    where="Nguyen & Mondelli 2020, eq. (11) and the paragraph after it (§3.1)",
    kind=Kind.D,
    statement="if λ̄₂ ≤ 1, √(2Φ(θ₀)) ≤ 2‖Y‖_F, λ_l ≥ 1 and λ_l² ≥ cλ̄_l (l ≥ 3, c > 1), then RHS(4)/λ_F² ≤ "
              "RHS(11)/LHS(11), so (11) λ_F²[(γ⁴/3)(6/γ²)^L·2‖X‖_F‖Y‖_F·max(2λ̄₁, 1)]^{−1} ≥ λ̄_{3→L}/λ_{3→L}² "
              "implies (4); moreover λ̄_{3→L}/λ_{3→L}² ≤ c^{−(L−2)}",
    hypotheses=("(10): λ̄₂ ≤ 1, √(2Φ(θ₀)) ≤ 2‖Y‖_F", "λ_l ≥ 1, λ_l² ≥ cλ̄_l, c > 1 (l ≥ 3)", "λ_F > 0",
                "γ ∈ (0,1)"),
    requires=_requires_eq11,
    mutant=lambda inst: _eq11(inst, c_power=2),
    variants={"printed": _eq11_printed},
    cases=lambda: _recipe_cases(target_exp=(-5.0, 0.0), v_exp=(-12.0, -6.0), relative_v=True),
)
def recipe_implies_eq4(inst: Instance) -> list[Evaluation]:
    """(10) and (11) imply (4), with c^{−(L−2)} control of the upper layers."""
    return _eq11(inst)


@hst.composite
def _duplicate_cases(draw: hst.DrawFn) -> Case:
    """Pyramidal cases with N ≥ 2 whose data have x_N = x_1 ("duplicates")."""
    c = draw(_net_cases(min_n=2, n_max=5, activations_=nst.ACTIVATIONS_ALL, datasets=("duplicates",),
                        scale_exp=(-2.0, 2.0)))
    return c


def _duplicate_pair(X: torch.Tensor) -> tuple[int, int] | None:
    for i in range(X.shape[0]):
        for j in range(i + 1, X.shape[0]):
            if bool((X[i] == X[j]).all()):
                return i, j
    return None


def _duplicates(inst: Instance, parallel: bool = False) -> list[Evaluation]:
    pair = _duplicate_pair(inst.X)
    assert pair is not None
    X = inst.X.clone()
    if parallel:  # mutant: x_j = 2x_i (parallel, not equal) also forces λ_F = 0
        X[pair[1]] = 2 * X[pair[0]]
    F1 = inst.act(X @ inst.Ws[0])
    sv = torch.linalg.svdvals(F1)
    s1, sN = float(sv[0]), (float(sv[-1]) if F1.shape[1] >= F1.shape[0] else 0.0)
    floor = 1e-13 * s1
    out = [Evaluation(lhs=sN, rhs=floor, relation=Relation.LE,
                      label="x_i = x_j ⇒ λ_F = σ_N(σ(XW₁)) = 0 (≤ SVD floor 1e−13·σ₁)",
                      tol=Tolerance(0.0, 0.0, "0 is certified by the SVD floor: absolute error ~ n·ε·σ₁ ≤ 1e−13·σ₁ "
                                    "(catalog)"),
                      lhs_name="σ_N(F₁)", factors=(("σ₁(F₁)", s1), ("i", pair[0]), ("j", pair[1])),
                      vacuous=s1 == 0.0)]
    if not parallel and 0 < inst.act.gamma < 1 and all(sigma_min(W) > 0 for W in inst.Ws[2:]):
        rhs4 = assumption31(inst)["rhs4"]
        if rhs4 > floor**2:  # type: ignore[operator]
            out.append(Evaluation(lhs=sN**2, rhs=rhs4, label="(4) fails: λ_F² < RHS(4) (X ≠ 0, Φ(θ₀) > 0)",  # type: ignore[arg-type]
                                  tol=Tolerance(0.0, 0.0, "λ_F² is 0 up to the SVD floor checked above"),
                                  lhs_name="λ_F²"))
    return out


def _requires_duplicate(inst: Instance) -> str | None:
    if inst.widths[1] < inst.N:
        return "needs n₁ ≥ N"
    return None if _duplicate_pair(inst.X) is not None else "needs two equal rows of X"


@claim(
    id="nguyen_mondelli20.sec3.1.duplicates",
    where="Nguyen & Mondelli 2020, §3.1 technical remark (\"if x_i = x_j … λ_F = 0. Thus, Assumption 3.2 [sic] "
          "cannot hold unless Φ = 0 … or X = 0\")",
    kind=Kind.D,
    statement="if x_i = x_j for some i ≠ j then σ_N(σ(XW₁)) = 0 for every W₁; so (4) (Assumption 3.1, printed "
              "\"3.2\") fails unless ‖X‖_F√(2Φ(θ₀)) = 0",
    hypotheses=("n₁ ≥ N", "two equal rows"),
    requires=_requires_duplicate,
    mutant=lambda inst: _duplicates(inst, parallel=True),
    cases=lambda: _duplicate_cases(),
)
def duplicated_samples(inst: Instance) -> list[Evaluation]:
    """Duplicated samples make F₁ rank-deficient, so Assumption 3.1 cannot hold."""
    return _duplicates(inst)


@hst.composite
def _close_point_cases(draw: hst.DrawFn) -> Case:
    """Explicit X (N ∈ [2, 4], d ∈ [1, 4]) whose last row is the first plus 10^[−8, 0]·(unit vector)."""
    if draw(hst.booleans(), label="attained family"):
        # where the bound is attained (ratio → 1 as δ → 0): N = 2, σ linear, W₁ = I, x₁ − x₀ = δe₂ ⊥ x₀ = a·e₁
        a = draw(hst.floats(0.5, 3.0), label="a")
        delta = 10 ** draw(hst.floats(-6.0, -2.0), label="log delta")
        return Case(widths=(2, 2, 1), n=2, activation="linear(1)", X=((a, 0.0), (a, delta)),
                    W=(((1.0, 0.0), (0.0, 1.0)), ((1.0,), (1.0,))), Y=((0.0,), (0.0,)))
    N = draw(hst.integers(2, 4), label="N")
    w = draw(nst.pyramidal_widths(N, 2, 3, 4), label="widths")
    d = w[0]
    el = hst.floats(-3.0, 3.0, allow_nan=False, allow_subnormal=False)
    X = draw(hnp.arrays(np.float64, (N, d), elements=el), label="X")
    u = draw(hnp.arrays(np.float64, (d,), elements=el), label="direction")
    nu = float(np.linalg.norm(u))
    u = u / nu if nu > 1e-3 else np.eye(d)[0]
    X[-1] = X[0] + 10 ** draw(hst.floats(-8.0, 0.0), label="log distance") * u
    return Case(widths=w, n=N, activation=draw(nst.activations((*nst.ACTIVATIONS_ALL, "linear(1)"))),
                init=draw(hst.sampled_from(("gaussian", "lecun", "integer")), label="init"),
                scale=draw(nst.scales(-1.0, 1.0), label="scale"), X=tuple(tuple(float(v) for v in r) for r in X),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"))


def _close_points(inst: Instance, divisor: float = math.sqrt(2.0)) -> list[Evaluation]:
    F1 = inst.fw.F[1]
    sv = torch.linalg.svdvals(F1)
    lamF = float(sv[-1])
    w1 = spectral_norm(inst.Ws[0])
    D = torch.cdist(inst.X, inst.X)
    D.fill_diagonal_(math.inf)
    dmin = float(D.min())
    return [Evaluation(lhs=lamF, rhs=w1 * dmin / divisor,
                       label=f"λ_F ≤ ‖W₁‖₂ min_(i≠j)‖x_i − x_j‖/{'√2' if divisor != 2 else '2'}",
                       tol=TOL_PRODUCT, atol=4 * (inst.N + inst.widths[1]) * EPS * float(sv[0]),
                       lhs_name="λ_F", factors=(("‖W₁‖₂", w1), ("min‖x_i − x_j‖", dmin)))]


def _requires_wide(inst: Instance) -> str | None:
    return None if inst.widths[1] >= inst.N and inst.N >= 2 else "needs n₁ ≥ N ≥ 2"


@claim(
    id="nguyen_mondelli20.sec3.1.close_points",
    where="Nguyen & Mondelli 2020, §3.1 (\"if x_i and x_j are close, then λ_F is small\"); quantitative form "
          "derived in the catalog",
    kind=Kind.D,
    statement="for every W₁ and i ≠ j: λ_F = σ_N(σ(XW₁)) ≤ ‖W₁‖₂‖x_i − x_j‖₂/√2 (test vector (e_i − e_j)/√2, "
              "σ 1-Lipschitz)",
    hypotheses=("σ 1-Lipschitz (Assumption 2.2(i))", "n₁ ≥ N"),
    requires=_requires_wide,
    mutant=lambda inst: _close_points(inst, divisor=2.0),
    cases=lambda: _close_point_cases(),
)
def close_samples_small_lambda_f(inst: Instance) -> list[Evaluation]:
    """Close samples force a small λ_F (hence a small α₀)."""
    return _close_points(inst)


# ============================================================================ §3.2–3.3: G_*
def lam_star(X: np.ndarray, act: Activation | str) -> float:
    """λ_* = λ_min(G_*) of NM (13) (closed-form G_*)."""
    return float(np.linalg.eigvalsh(kernels.gram_star(X, act))[0])


def _gram(inst: Instance, X: np.ndarray | None = None, var: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(G_*, magnitudes that cancel): closed form for library activations, 2-D GH (n = 160) for the mixes."""
    X = inst.X.numpy() if X is None else X
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation):
        return kernels.gram_star(X, sig, var), kernels.gram_star_scale(X, sig, var)
    S = kernels.covariance(X, var)
    return kernels.gram_star_gh(X, sig, 160, var), np.sqrt(np.outer(np.diag(S), np.diag(S)))


_GRAM_ACTS = ("relu", "leaky_relu(0.1)", "linear(1)", "linear(0.6)", *nst.SMOOTH, "smooth_leaky_relu(0.3,100)",
              "smooth_leaky_relu(0.01,0.1)")


@hst.composite
def _gram_cases(draw: hst.DrawFn, *, datasets: Sequence[str] = ("sphere", "gaussian", "integer", "duplicates",
                                                                 "zeros", "rademacher"),
                acts: Sequence[str] = _GRAM_ACTS, mixes: bool = True, n_max: int = 5, extra: tuple = ()) -> Case:
    """Data-only cases (widths (d, 1)) with σ a closed-form activation or (params "family") a tanh/softplus mix."""
    N = draw(hst.integers(1, n_max), label="N")
    d = draw(hst.integers(1, 5), label="d")
    fam = draw(hst.sampled_from((0, 1, 2) if mixes else (0,)), label="family")
    params: list[tuple[str, float]] = []
    if fam:
        params = [("family", float(fam)), ("gamma", draw(hst.floats(0.05, 0.95), label="gamma"))]
        if fam == 2:
            params.append(("k", draw(nst.scales(-0.5, 0.5), label="k")))
    return Case(widths=(d, 1), n=N, activation=draw(nst.activations(acts)) if not fam else "relu",
                data=draw(hst.sampled_from(tuple(datasets)), label="data"),
                data_scale=draw(nst.scales(-1.0, 1.0), label="data_scale"),
                seed=draw(hst.integers(0, 2**32 - 1), label="seed"), params=(*params, *extra))


def _on_sphere(X: np.ndarray) -> bool:
    d = X.shape[1]
    return bool(np.all(np.abs((X * X).sum(1) / d - 1) <= 1e-12))


def _eq14(inst: Instance, spectral: bool = False) -> list[Evaluation]:
    X = inst.X.numpy()
    N, d = X.shape
    G, scale = _gram(inst)
    ev = np.linalg.eigvalsh(G)
    ls, tr = float(ev[0]), float(np.trace(G)) / N
    xf2 = float((X * X).sum()) / (N * d)
    kern = 64 * EPS * float(scale.max())  # closed form (2) cancels terms of size √((a_i²+s²)(a_j²+s²))
    tol_eig = Tolerance(0.0, 0.0, "eigvalsh absolute error ~ N·ε·λ_max plus the kernel's cancellation floor")
    out = [Evaluation(lhs=ls, rhs=tr, label="λ_* ≤ tr(G_*)/N", tol=tol_eig,
                      atol=8 * N * EPS * float(np.abs(ev).max()) + kern, lhs_name="λ_*",
                      factors=(("tr(G_*)/N", tr),))]
    if spectral:  # mutant: ‖X‖₂² in place of ‖X‖_F²
        x2 = float(np.linalg.norm(X, 2)) ** 2 / (N * d)
        out.append(Evaluation(lhs=ls, rhs=x2, label="λ_* ≤ ‖X‖₂²/(Nd)", tol=tol_eig,
                              atol=8 * N * EPS * float(np.abs(ev).max()) + kern, lhs_name="λ_*"))
        return out
    out.append(Evaluation(lhs=tr, rhs=xf2, label="tr(G_*)/N = E‖σ(Xw)‖²/N ≤ E‖Xw‖²/N = ‖X‖_F²/(Nd)",
                          tol=Tolerance(1e-12, 0.0, "sums of N rounded diagonal entries"), atol=kern,
                          lhs_name="tr(G_*)/N", factors=(("‖X‖_F²/(Nd)", xf2),)))
    if _on_sphere(X):
        out.append(Evaluation(lhs=abs(xf2 - 1), rhs=0.0, relation=Relation.EQ, label="‖x_i‖ = √d ⇒ ‖X‖_F²/(Nd) = 1",
                              tol=Tolerance(1e-12, 0.0, "rows normalised to √d up to round-off"), scale=1.0,
                              lhs_name="|‖X‖_F²/(Nd) − 1|"))
    return out


@claim(
    id="nguyen_mondelli20.sec3.2.eq14",
    where="Nguyen & Mondelli 2020, eqs. (13)–(14) (§3.2)",
    kind=Kind.D,
    statement="with G_* = E_{w~𝒩(0,I_d/d)}[σ(Xw)σ(Xw)ᵀ], λ_* = λ_min(G_*): λ_* ≤ tr(G_*)/N = E‖σ(Xw)‖²/N ≤ "
              "E‖Xw‖²/N = ‖X‖_F²/(Nd), which equals 1 when every ‖x_i‖₂ = √d",
    hypotheses=("|σ(x)| ≤ |x|", "any X (sphere rows for '= 1')"),
    mutant=lambda inst: _eq14(inst, spectral=True),
    cases=lambda: _gram_cases(),
)
def lambda_star_upper_bound(inst: Instance) -> list[Evaluation]:
    """λ_* is at most the average diagonal of G_*, at most 1 on the sphere."""
    return _eq14(inst)


@hst.composite
def _sphere_cases(draw: hst.DrawFn, acts: Sequence[str] = _GRAM_ACTS, mixes: bool = True) -> Case:
    """Explicit rows on the sphere of radius √d (normalised floats), with duplicated / antipodal rows; R ∈ [1, 120]."""
    N = draw(hst.integers(1, 5), label="N")
    d = draw(hst.integers(1, 5), label="d")
    X = draw(hnp.arrays(np.float64, (N, d), elements=hst.one_of(hst.sampled_from((0.0, 1.0, -1.0)),
                                                                  hst.floats(-3.0, 3.0, allow_subnormal=False))),
             label="X")
    for i in range(N):
        n = float(np.linalg.norm(X[i]))
        X[i] = math.sqrt(d) * (X[i] / n if n > 1e-3 else np.eye(d)[0])
    if N >= 2:
        mode = draw(hst.sampled_from(("none", "duplicate", "antipodal")), label="row copy")
        if mode != "none":
            X[-1] = X[0] if mode == "duplicate" else -X[0]
    c = draw(_gram_cases(acts=acts, mixes=mixes, extra=(("R", float(draw(hst.integers(1, 120), label="R"))),)))
    return Case(**{**c.__dict__, "widths": (d, 1), "n": N, "data_scale": 1.0,
                   "X": tuple(tuple(float(v) for v in r) for r in X)})


def _kr_pow(X: np.ndarray, r: int) -> np.ndarray:
    """X^{*r}: row i is x_i ⊗ … ⊗ x_i (r factors), shape (N, d^r)."""
    out = np.ones((X.shape[0], 1))
    for _ in range(r):
        out = np.einsum("na,nb->nab", out, X).reshape(X.shape[0], -1)
    return out


def _mu_and_tail(inst: Instance, R: int) -> tuple[np.ndarray, float, float]:
    """(μ_0..μ_R, E σ(g)², quadrature error of E σ(g)² and μ) for the case's σ."""
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation):
        return kernels.hermite_coeffs_exact(sig, R), kernels.second_moment(sig), 0.0
    z, w = kernels.gh_nodes(400)
    m2 = float(w @ sig(z) ** 2)
    mu = kernels.hermite_coeffs(sig, R, 400)
    err = float(np.abs(mu - kernels.hermite_coeffs(sig, R, 200)).max()) * (R + 1) + 400 * EPS * m2
    return mu, m2, err


def _eq16(inst: Instance, power_d: bool = True) -> list[Evaluation]:
    X = inst.X.numpy()
    _N, d = X.shape
    R = int(_param(inst, "R", 80))
    mu, m2, qerr = _mu_and_tail(inst, R)
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation):
        G, eq = kernels.gram_star(X, sig), 64 * EPS * float(kernels.gram_star_scale(X, sig).max())
    else:
        G, eq = kernels.gram_star_gh_error(X, sig, 160)
    K = X @ X.T
    series = sum(mu[r] ** 2 * (K / d) ** r if power_d else mu[r] ** 2 * K**r / d for r in range(R + 1))
    tail = max(m2 - float((mu**2).sum()), 0.0)
    out = [Evaluation(lhs=float(np.abs(G - series).max()), rhs=0.0, relation=Relation.EQ,
                      label=f"G_* = Σ_(r≤{R}) μ_r²(XXᵀ)^(∘r)/d^r + tail", scale=1.0,
                      tol=Tolerance(0.0, 1e-12, "float64 sums of ≤ 121 terms of size ≤ Eσ² (catalog: +1e−12)"),
                      atol=tail + eq + qerr, lhs_name="max|G_* − series|",
                      factors=(("tail Eσ² − Σμ_r²", tail), ("quadrature error", eq + qerr), ("R", R)))]
    for r in (1, 2, 3):
        if d**r > 4096:
            break
        P = _kr_pow(X, r)
        out.append(Evaluation(lhs=float(np.abs(P @ P.T - K**r).max()), rhs=0.0, relation=Relation.EQ,
                              label=f"(X^(*{r}))(X^(*{r}))ᵀ = (XXᵀ)^(∘{r})", tol=TOL_IDENTITY,
                              scale=float(d**r) * (1 + r), lhs_name="max|Khatri–Rao Gram − Hadamard power|"))
    return out


def _requires_sphere(inst: Instance) -> str | None:
    return None if _on_sphere(inst.X.numpy()) else "needs rows exactly on the sphere of radius √d"


@claim(
    id="nguyen_mondelli20.sec3.3.eq16",
    where="Nguyen & Mondelli 2020, eq. (16) (§3.3); proof in App. D.2 (not in the text)",
    kind=Kind.D,
    statement="if ‖x_i‖₂ = √d for all i and σ ∈ L²(𝒩(0,1)): G_* = Σ_{r≥0}(μ_r(σ)²/d^r)(X^{*r})(X^{*r})ᵀ, i.e. "
              "(G_*)_{ij} = Σ_r μ_r²(⟨x_i,x_j⟩/d)^r, μ_r = E[σ(g)He_r(g)]/√(r!); (X^{*r})(X^{*r})ᵀ = (XXᵀ)^{∘r}",
    hypotheses=("rows exactly on the sphere of radius √d", "σ ∈ L²(𝒩(0,1))"),
    requires=_requires_sphere,
    mutant=lambda inst: _eq16(inst, power_d=False),
    cases=lambda: _sphere_cases(),
)
def hermite_expansion(inst: Instance) -> list[Evaluation]:
    """The Hermite (Mehler) expansion of G_* on the sphere, truncated at R with its exact tail bound."""
    return _eq16(inst)


def _certified_nonzero(inst: Instance, rmax: int) -> tuple[np.ndarray, np.ndarray]:
    """(μ_0..μ_rmax, certified-nonzero mask): exact closed form (zero iff the formula is 0, no underflow, via
    log|μ_r|) for (2)/leaky ReLU/ReLU; otherwise 400-node quadrature with |μ_r| > 10·(|μ_r(400) − μ_r(200)| +
    400ε√(Eσ²))."""
    sig = _sigma_for_gram(inst)
    if isinstance(sig, Activation) and sig.name != "linear":
        mu = kernels.hermite_coeffs_exact(sig, rmax)
        mask = np.array([kernels.hermite_log_abs_exact(sig, r) > -math.inf for r in range(rmax + 1)])
        return mu, mask
    f = kernels.as_numpy(sig) if isinstance(sig, Activation) else sig
    z, w = kernels.gh_nodes(400)
    floor = 400 * EPS * math.sqrt(float(w @ f(z) ** 2))
    mu = kernels.hermite_coeffs(f, rmax, 400)
    err = np.abs(mu - kernels.hermite_coeffs(f, rmax, 200)) + floor
    return mu, np.abs(mu) > 10 * err


def _hermite_nonzero(inst: Instance, every: bool = False) -> list[Evaluation]:
    R = int(_param(inst, "R", 0))
    W = 10
    mu, nz = _certified_nonzero(inst, R + W)
    sig = _sigma_for_gram(inst)
    if every:  # mutant: μ_r ≠ 0 for every r ≥ 2
        return [Evaluation(lhs=float(nz[2:].sum()), rhs=float(R + W - 1), relation=Relation.GE,
                           label=f"every μ_r ≠ 0, 2 ≤ r ≤ {R + W}", tol=Tolerance(0.0, 0.0, "integer count"),
                           lhs_name="#certified nonzero μ_r")]
    out = [Evaluation(lhs=float(nz[R + 1:].sum()), rhs=1.0, relation=Relation.GE,
                      label=f"some μ_r ≠ 0 with {R} < r ≤ {R + W}", tol=Tolerance(0.0, 0.0, "integer count"),
                      lhs_name="#certified nonzero μ_r in the window",
                      factors=(("max|μ_r| in window", float(np.abs(mu[R + 1:]).max())),))]
    if isinstance(sig, Activation) and sig.name == "smooth_leaky_relu" and sig.s >= 0.19:
        q = kernels.hermite_coeffs(sig, min(R + W, 60), 400)
        out.append(Evaluation(lhs=float(np.abs(q - mu[: len(q)]).max()), rhs=0.0, relation=Relation.EQ,
                              label="exact μ_r of (2) = 400-node quadrature (s ≥ 0.19)", scale=1.0,
                              tol=Tolerance(0.0, 1e-12, "GH error for the smoothed kink with s ≥ 0.19 (catalog)"),
                              lhs_name="max|μ_exact − μ_quad|"))
    return out


def _requires_hermite(inst: Instance) -> str | None:
    return None if _has(inst, "R") else "needs params R"


@hst.composite
def _hermite_cases(draw: hst.DrawFn, families: Sequence[int] = (0, 1, 2)) -> Case:
    """σ ∈ {(2) with random (γ, β), ReLU, leaky ReLU, tanh-mix, softplus-mix}, window start R ∈ [0, 60]."""
    fam = draw(hst.sampled_from(tuple(families)), label="family")
    # softplus-mix: μ_r falls below the quadrature floor (~1e−13) beyond r ≈ 50 unless k ≥ 2 (analyticity strip
    # of width π/k); windows are kept where the coefficients are numerically decidable
    R = float(draw(hst.integers(0, 40 if fam == 2 else 60), label="R"))
    if fam == 0:
        g = draw(hst.floats(0.01, 0.99), label="gamma")
        b = draw(nst.scales(-1.0, 2.0), label="beta")
        act = draw(hst.sampled_from((f"smooth_leaky_relu({g!r},{b!r})", "relu", f"leaky_relu({g!r})")), label="σ")
        return Case(widths=(1, 1), n=1, activation=act, params=(("R", R),))
    if fam in (3, 4):
        return Case(widths=(1, 1), n=1, activation="relu", params=(("R", R), ("family", float(fam)),
                                                                   ("gamma", 0.5), ("a", 0.7)))
    p: list[tuple[str, float]] = [("R", R), ("family", float(fam)), ("gamma", draw(hst.floats(0.05, 0.95)))]
    if fam == 2:
        p.append(("k", 10 ** draw(hst.floats(0.3, 0.9), label="log k")))
    return Case(widths=(1, 1), n=1, params=tuple(p))


@claim(
    id="nguyen_mondelli20.sec3.3.hermite_nonzero",
    where="Nguyen & Mondelli 2020, §3.3 after (16) (\"we can show that μ_r(σ) > 0 for arbitrarily large r\")",
    kind=Kind.D,
    statement="if σ ∈ L²(𝒩(0,1)) is not linear and |σ(x)| ≤ |x|, then for every R some r > R has μ_r(σ) ≠ 0 "
              "(read \"μ_r > 0\" as μ_r ≠ 0: the even coefficients of (2) alternate in sign); checked on the window "
              "R < r ≤ R + 10",
    hypotheses=("σ not linear", "|σ(x)| ≤ |x|", "σ ∈ L²(𝒩(0,1))"),
    requires=_requires_hermite,
    mutant=lambda inst: _hermite_nonzero(inst, every=True),
    cases=lambda: _hermite_cases(),
    probes={"σ not linear": lambda: _hermite_cases(families=(3,)),
            "|σ(x)| ≤ |x|": lambda: _hermite_cases(families=(4,))},
)
def hermite_mass_at_high_order(inst: Instance) -> list[Evaluation]:
    """Non-linear σ with |σ(x)| ≤ |x| is not a polynomial: Hermite mass at arbitrarily high order."""
    return _hermite_nonzero(inst)


def _linear_gram(inst: Instance, divide: bool = True) -> list[Evaluation]:
    X = inst.X.numpy()
    N, d = X.shape
    a = inst.act.gamma
    G = kernels.gram_star_gh(X, inst.act, 20)  # quadrature, exact for σ(u)σ(v) of degree 2
    ref = a * a * (X @ X.T) / (d if divide else 1)
    scale = a * a * float((X * X).sum(1).max()) / d
    out = [Evaluation(lhs=float(np.abs(G - ref).max()), rhs=0.0, relation=Relation.EQ,
                      label="G_* = a²XXᵀ/d" if divide else "G_* = a²XXᵀ", tol=TOL_IDENTITY,
                      scale=max(scale, float(np.abs(ref).max())), lhs_name="max|G_* − a²XXᵀ/d|")]
    if d < N and divide:
        lmax = float(np.linalg.eigvalsh(G)[-1])
        out.append(Evaluation(lhs=lam_min(torch.from_numpy(G)), rhs=0.0, label="d < N ⇒ λ_* = 0",
                              tol=Tolerance(0.0, 0.0, "eigvalsh absolute error ~ N·ε·λ_max"),
                              atol=8 * N * EPS * lmax, lhs_name="λ_*", vacuous=lmax == 0.0))
    return out


def _requires_linear(inst: Instance) -> str | None:
    return None if inst.act.name == "linear" else "needs σ(x) = a·x"


@claim(
    id="nguyen_mondelli20.sec3.3.linear_sigma",
    where="Nguyen & Mondelli 2020, §3.3 (\"otherwise G_* = (1/d)XXᵀ and λ_* = 0 when d < N\")",
    kind=Kind.D,
    statement="for σ(x) = a·x: G_* = a²XXᵀ/d (a = 1 in the paper); hence rank G_* ≤ d and λ_* = 0 if d < N",
    hypotheses=("σ linear", "any X"),
    requires=_requires_linear,
    mutant=lambda inst: _linear_gram(inst, divide=False),
    cases=lambda: _gram_cases(acts=("linear(1)", "linear(0.5)", "linear(0.9)"), mixes=False, n_max=6),
)
def linear_activation_gram(inst: Instance) -> list[Evaluation]:
    """A linear σ gives the data Gram matrix, singular when d < N (quadrature vs closed form)."""
    return _linear_gram(inst)


def _scale_remark(inst: Instance, rescale_var: bool = True) -> list[Evaluation]:
    X = inst.X.numpy()
    d = X.shape[1]
    a = _param(inst, "a", 1.0)
    G, scale = _gram(inst)
    Ga, _ = _gram(inst, a * X, 1.0 / (a * a * d) if rescale_var else 1.0 / d)
    return [Evaluation(lhs=float(np.abs(Ga - G).max()), rhs=0.0, relation=Relation.EQ,
                       label="G_*(aX; 𝒩(0, I/(a²d))) = G_*(X; 𝒩(0, I/d))" if rescale_var else
                       "G_*(aX; 𝒩(0, I/d)) = G_*(X; 𝒩(0, I/d))",
                       tol=Tolerance(1e-12, 0.0, "covariances equal up to round-off; kernel cancellation of size "
                                     "√((a_i²+s²)(a_j²+s²))"),
                       scale=float(scale.max()), lhs_name="max|ΔG_*|", factors=(("a", a),))]


@claim(
    id="nguyen_mondelli20.sec3.3.scale_remark",
    where="Nguyen & Mondelli 2020, §3.3 remark after Theorem 3.3 (\"‖x_i‖₂ = r and [W₁⁰]_ij ~ 𝒩(0, 1/r²)\")",
    kind=Kind.D,
    statement="for every X and a > 0: E_{w~𝒩(0,I/(a²d))}[σ(aXw)σ(aXw)ᵀ] = E_{w~𝒩(0,I/d)}[σ(Xw)σ(Xw)ᵀ], so "
              "Theorem 3.3 transfers to rows of norm a√d with weight variance 1/(a²d)",
    hypotheses=("none",),
    mutant=lambda inst: _scale_remark(inst, rescale_var=False),
    cases=lambda: hst.builds(lambda c, a: Case(**{**c.__dict__, "params": (*c.params, ("a", a))}),
                             _gram_cases(), nst.scales(-2.0, 2.0)),
)
def joint_rescaling_invariance(inst: Instance) -> list[Evaluation]:
    """Rescaling the data by a and the first-layer variance by 1/a² leaves G_* unchanged."""
    return _scale_remark(inst)
