"""Nguyen & Mondelli 2020, Theorem 3.2: the GD-trajectory machinery of `nguyen_mondelli20_theorem`.

Provides the constructions of θ₀ meeting Assumption 3.1 ((4), (5)) (`Setup`, `construct`), a forward,
gradient and Jacobian pass batched over iterates, GD runs with lazily computed per-iterate quantities
(`Run`, `run`), the per-process run cache (`setup_of`, `run_of`) and the worst-over-k reduction of a
comparison to one Evaluation (`_worst`). A case fixes data, directions and a *construction* that provably
meets (4), (5) (catalog `nguyen_mondelli20.thm3.2.eq7`, check):

- "label" (label scaling): X ~ 𝒩(0,1), W₁⁰ LeCun, W₂⁰ entries 𝒩(0, v) (v = 0 allowed), W_l⁰ (l ≥ 3) LeCun
  Gaussian or [I; 0]; Y = F_L(θ₀) + t·Y_dir with t = m/max(ρ₄(1), ρ₅(1)), ρ₄(1), ρ₅(1) the ratios of (4), (5)
  with √(2Φ(θ₀)) replaced by ‖Y_dir‖_F (both are linear in it), margin m ∈ {0.5, 0.99}: so ρ₄, ρ₅ ≤ m.
- "recipe" (§3.1, L ≥ 3): W₁⁰ LeCun, W₂⁰ entries 𝒩(0, v/c^{2(L−2)}) (v = 0: the paper's "trivial choice"; the
  1/c^{L−2} keeps F_L(θ₀) of fixed size, "v depends on c"), W_l⁰ = c[I; 0], arbitrary Gaussian Y,
  c = max(1, (2·max(ρ₄(c=1), ρ₅(c=1)))^{1/(L−2)}) (catalog; doubled while the exact check at θ₀ still fails).

η = `eta_frac`·min(1/α₀, 1/Q₀). Rounding-level instances are refused (catalog numerics (c)): Φ(θ₀) < 1e−16
or √(2Φ(θ₀)) < 1e−4(‖F_L(θ₀)‖_F + ‖Y‖_F).

GD runs K steps (`steps_for_profile`: 200 at ci/dev, 1 000 at thorough) through `nnverify.train.gd`, whose
hook keeps every θ_k and ∇Φ(θ_k). Everything else is computed lazily and batched over k (`Run`), with the
accumulated updates ΔW_l^k = −ηΣ_{s<k}∇_{W_l}Φ(θ_s) summed as their own arrays (catalog numerics (b)).
Per-iterate rounding guard (numerics (c)): `Run.kg` is the last iterate before the first θ_k whose loss is
at rounding level.
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import numpy as np
import torch

from nnverify.activations import Activation
from nnverify.claims.core import Evaluation, Relation, Tolerance
from nnverify.claims.nguyen_mondelli20 import (
    InitConstants,
    assumption31,
    assumption31_from,
    init_constants,
    is_pyramidal,
)
from nnverify.linalg import EPS, frob
from nnverify.net import Forward
from nnverify.train import gd
from nnverify.types import Instance

__all__ = [
    "CONSTRUCTIONS",
    "Run",
    "Setup",
    "construct",
    "guard_ok",
    "run",
    "run_of",
    "setup_of",
    "steps_for_profile",
]

F64 = torch.float64
CONSTRUCTIONS = ("label", "recipe")
#: catalog numerics (c): rounding-level loss
GUARD_ABS, GUARD_REL = 1e-16, 1e-4


def steps_for_profile() -> int:
    """K per Hypothesis profile: 200 for ci/dev (≤ 50 examples), 1 000 for thorough."""
    return 200 if hypothesis.settings.default.max_examples <= 50 else 1000


def guard_ok(phi: float, out_fro: float, y_fro: float) -> bool:
    """Catalog numerics (c): the loss is above rounding level (Φ ≥ 1e−16, √(2Φ) ≥ 1e−4(‖F_L‖ + ‖Y‖))."""
    return math.isfinite(phi) and phi >= GUARD_ABS and math.sqrt(2 * phi) >= GUARD_REL * (out_fro + y_fro)


# ================================================================================== constructions
@dataclass(frozen=True)
class Setup:
    """θ₀, Y, η and the constants of Theorem 3.2 at θ₀ for one construction."""

    kind: str
    Ws: tuple[torch.Tensor, ...]
    Y: torch.Tensor
    eta: float
    cst: InitConstants
    a31: dict[str, Any]
    c: float = 1.0
    t: float = 0.0
    rho_c1: tuple[float, float] = (math.nan, math.nan)

    @property
    def alpha0(self) -> float:
        return float(self.a31["alpha0"])

    @property
    def Q0(self) -> float:
        return float(self.a31["Q0"])

    @property
    def contraction(self) -> float:
        """Guaranteed per-step contraction ηα₀ of (7)."""
        return self.eta * self.alpha0

    @property
    def u(self) -> float:
        """u = √(1 − ηα₀) (proof of Theorem 3.2)."""
        return math.sqrt(max(1.0 - self.contraction, 0.0))

    def instance(self, inst: Instance) -> Instance:
        return dataclasses.replace(inst, Ws=list(self.Ws), Y=self.Y, case=None, Ws_b=None)


def _param(inst: Instance, key: str, default: float) -> float:
    return float(inst.case.param(key, default)) if inst.case is not None else default


def _with(inst: Instance, Ws: Sequence[torch.Tensor], Y: torch.Tensor) -> Instance:
    return dataclasses.replace(inst, Ws=list(Ws), Y=Y, case=None, Ws_b=None)


def _recipe_weights(inst: Instance, c: float, v: float) -> list[torch.Tensor]:
    W1, W2 = inst.Ws[0], inst.Ws[1] * math.sqrt(inst.widths[1])  # W2: standard normal entries
    L = inst.L
    ups = [c * torch.eye(W.shape[0], W.shape[1], dtype=F64) for W in inst.Ws[2:]]
    return [W1, (math.sqrt(v) / c ** (L - 2)) * W2, *ups]


def construct(inst: Instance, *, eta_rule: str = "thm") -> Setup | str:
    """The case's construction (module docstring); a string says why it does not apply.

    `eta_rule`: "thm" (η = eta_frac·min(1/α₀, 1/Q₀)) or "alpha_only" (η = eta_frac/α₀: the mutant that drops
    η < 1/Q₀, catalog `nguyen_mondelli20.thm3.2.eq7`).
    """
    act = inst.act
    if inst.form.name != "nguyen" or act.name != "smooth_leaky_relu":
        return "needs the Nguyen form with σ of (2) (Assumption 2.2 with a finite β)"
    L, N = inst.L, inst.N
    if L < 2:
        return "Theorem 3.2 needs L ≥ 2"
    if not is_pyramidal(N, inst.widths):
        return "Assumption 2.1 fails (n₁ ≥ N, n₂ ≥ … ≥ n_L)"
    kind = CONSTRUCTIONS[int(_param(inst, "construction", 0.0))]
    v = _param(inst, "v", 0.0)
    c, t, rho1 = 1.0, 0.0, (math.nan, math.nan)
    if kind == "label":
        Ws = [inst.Ws[0], math.sqrt(v) * inst.Ws[1] * math.sqrt(inst.widths[1])]
        for W in inst.Ws[2:]:
            Ws.append(W if _param(inst, "upper", 1.0) else torch.eye(W.shape[0], W.shape[1], dtype=F64))
        out = inst.forward(Ws).out
        ydir = inst.Y
        c1 = dataclasses.replace(init_constants(_with(inst, Ws, out + ydir)), sqrt2phi=frob(ydir))
        a1 = assumption31_from(c1)
        worst = max(float(a1["rho4"]), float(a1["rho5"]))
        if not (math.isfinite(worst) and worst > 0):
            return f"ρ₄(1), ρ₅(1) = {a1['rho4']}, {a1['rho5']}: λ_F = 0 or λ_l = 0 (l ≥ 3)"
        t = _param(inst, "margin", 0.99) / worst
        rho1 = (float(a1["rho4"]), float(a1["rho5"]))
        Y = out + t * ydir
    else:
        if L < 3:
            return "the §3.1 recipe needs L ≥ 3 (for L = 2 c has no effect: catalog erratum 4)"
        if any(W.shape[0] < W.shape[1] for W in inst.Ws[2:]):
            return "c[I; 0] needs n_(l−1) ≥ n_l"
        Y = inst.Y
        a1 = assumption31(_with(inst, _recipe_weights(inst, 1.0, v), Y))
        rho1 = (float(a1["rho4"]), float(a1["rho5"]))
        worst = max(rho1)
        if not (math.isfinite(worst) and worst > 0):
            return f"ρ₄(1), ρ₅(1) = {rho1}: λ_F = 0"
        c = max(1.0, (2.0 * worst) ** (1.0 / (L - 2)))
        for _ in range(40):
            a = assumption31(_with(inst, _recipe_weights(inst, c, v), Y))
            if a["rho4"] <= 1 and a["rho5"] <= 1:  # type: ignore[operator]
                break
            c *= 2.0
        else:
            return f"(4)/(5) still fail at c = {c:.3g}"
        Ws = _recipe_weights(inst, c, v)
    th = _with(inst, Ws, Y)
    cst = init_constants(th)
    a31 = assumption31_from(cst)
    if not (a31["rho4"] <= 1 and a31["rho5"] <= 1):  # type: ignore[operator]
        return f"Assumption 3.1 fails at θ₀ after rounding: ρ₄ = {a31['rho4']:.6g}, ρ₅ = {a31['rho5']:.6g}"
    phi0 = th.loss()
    if not guard_ok(phi0, frob(th.fw.out), frob(Y)):
        return f"rounding-level instance (catalog numerics (c)): Φ(θ₀) = {phi0:.3g}"
    alpha0, Q0 = float(a31["alpha0"]), float(a31["Q0"])
    frac = _param(inst, "eta_frac", 0.99)
    eta = frac / alpha0 if eta_rule == "alpha_only" else frac * min(1.0 / alpha0, 1.0 / Q0)
    return Setup(kind, tuple(Ws), Y, eta, cst, a31, c, t, rho1)


# ================================================================================== batched network
def _fwd(X: torch.Tensor, Ws: Sequence[torch.Tensor], act: Activation) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """Forward pass batched over a leading axis of every W_l: G[l], F[l] of shape (B, N, n_l), l = 0..L."""
    F = X.expand(Ws[0].shape[0], *X.shape)
    Gs, Fs = [F], [F]
    for l, W in enumerate(Ws):
        G = torch.matmul(F, W)
        F = act(G) if l < len(Ws) - 1 else G
        Gs.append(G)
        Fs.append(F)
    return Gs, Fs


def _grads(Gs: list[torch.Tensor], Fs: list[torch.Tensor], Ws: Sequence[torch.Tensor], Y: torch.Tensor,
           act: Activation) -> list[torch.Tensor]:
    """Closed-form ∇_{W_l}Φ (NM Lemma 4.1(1), matrix form), batched: (B, n_{l−1}, n_l)."""
    L = len(Ws)
    D = Fs[L] - Y
    out: list[torch.Tensor] = [torch.empty(0)] * L
    for l in range(L, 0, -1):
        out[l - 1] = Fs[l - 1].transpose(-1, -2) @ D
        if l > 1:
            D = (D @ Ws[l - 1].transpose(-1, -2)) * act.deriv(Gs[l - 1])
    return out


def _jacobian_blocks(Gs: list[torch.Tensor], Fs: list[torch.Tensor], Ws: Sequence[torch.Tensor],
                     act: Activation) -> list[torch.Tensor]:
    """∂f_L/∂vec(W_l) batched: (B, N·n_L, n_{l−1}·n_l). Rows/columns in row-major order (a permutation of the
    paper's column stacking: spectral norms of blocks and of their differences are unchanged)."""
    L = len(Ws)
    B, N, nL = Fs[L].shape
    M = N * nL
    D = torch.eye(M, dtype=F64).reshape(1, M, N, nL).expand(B, M, N, nL)
    out: list[torch.Tensor] = [torch.empty(0)] * L
    for l in range(L, 0, -1):
        Fp = Fs[l - 1].unsqueeze(1).transpose(-1, -2)  # (B, 1, n_{l−1}, N)
        out[l - 1] = (Fp @ D).reshape(B, M, -1)
        if l > 1:
            D = (D @ Ws[l - 1].transpose(-1, -2).unsqueeze(1)) * act.deriv(Gs[l - 1]).unsqueeze(1)
    return out


def _svals(A: np.ndarray) -> np.ndarray:
    """Singular values batched over the leading axis (descending), (B, min(m, n))."""
    return np.linalg.svd(A, compute_uv=False)


def _norm(A: np.ndarray, axes: tuple[int, ...] = (-2, -1)) -> np.ndarray:
    return np.sqrt(np.sum(A * A, axis=axes))


# ================================================================================== runs
@dataclass
class Run:
    """A GD run from a construction: θ_k, ∇Φ(θ_k), Φ_k for k = 0..K (numpy, stacked over k) and lazily
    computed, cached per-iterate quantities. `kg`: the last guarded iterate (catalog numerics (c))."""

    setup: Setup
    inst: Instance
    phi: np.ndarray
    W: list[np.ndarray]  # per layer (K+1, n_{l−1}, n_l)
    g: list[np.ndarray]  # per layer (K+1, n_{l−1}, n_l): ∇_{W_l}Φ(θ_k)
    dW: list[np.ndarray]  # per layer (K+1, ...): ΔW_l^k = −ηΣ_{s<k}∇_{W_l}Φ(θ_s), accumulated
    out_fro: np.ndarray  # ‖F_L^k‖_F
    kg: int = 0
    diverged: bool = False
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def K(self) -> int:
        return len(self.phi) - 1

    @property
    def L(self) -> int:
        return len(self.W)

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def ks(self, start: int = 0) -> np.ndarray:
        return np.arange(start, self.kg + 1)

    def svals(self, l: int) -> np.ndarray:
        """Singular values of W_l^k (k = 0..kg), l 1-based."""
        return self.memo(f"sv{l}", lambda: _svals(self.W[l - 1][: self.kg + 1]))

    def forward(self) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        """Forward pass at every guarded θ_k (batched)."""
        return self.memo("fwd", lambda: _fwd(self.inst.X, [torch.from_numpy(W[: self.kg + 1]) for W in self.W],
                                             self.inst.act))

    def f1_svals(self) -> np.ndarray:
        return self.memo("f1sv", lambda: _svals(self.forward()[1][1].numpy()))

    def grad_fro(self) -> np.ndarray:
        """(K+1, L) ‖∇_{W_l}Φ(θ_k)‖_F."""
        return self.memo("gf", lambda: np.stack([_norm(g) for g in self.g], axis=1))

    def grad_spec(self) -> np.ndarray:
        """(K+1, L) ‖∇_{W_l}Φ(θ_k)‖₂."""
        return self.memo("gs", lambda: np.stack([_svals(g)[:, 0] for g in self.g], axis=1))

    def dW_fro(self) -> np.ndarray:
        """(K+1, L) ‖ΔW_l^k‖_F from the accumulated updates."""
        return self.memo("dwf", lambda: np.stack([_norm(d) for d in self.dW], axis=1))

    def dF1(self) -> np.ndarray:
        """ΔF₁^k = σ(X(W₁⁰ + ΔW₁^k)) − σ(XW₁⁰) = (XΔW₁) ⊙ ∫₀¹σ′(XW₁⁰ + sXΔW₁)ds (8-point Gauss–Legendre:
        positive weights summing to 1, so |ΔF₁| ≤ |XΔW₁| holds for the computed values; no cancellation)."""
        def make() -> np.ndarray:
            X = self.inst.X
            A = X @ torch.as_tensor(self.setup.Ws[0])
            dA = torch.matmul(X, torch.from_numpy(self.dW[0][: self.kg + 1]))
            nodes, weights = np.polynomial.legendre.leggauss(8)
            avg = torch.zeros_like(dA)
            for s, w in zip((nodes + 1) / 2, weights / 2, strict=True):
                avg += float(w) * self.inst.act.deriv(A + float(s) * dA)
            return (dA * avg).numpy()
        return self.memo("df1", make)

    def step_norms(self) -> np.ndarray:
        """‖θ_{k+1} − θ_k‖₂ = η‖∇Φ(θ_k)‖₂ over all layers (k = 0..K)."""
        return self.setup.eta * np.sqrt(np.sum(self.grad_fro() ** 2, axis=1))

    def segments(self) -> dict[str, np.ndarray]:
        """Quantities at θ_k^t = θ_k − tη∇Φ(θ_k), t ∈ {¼, ½, 1}, for k on a grid of ≤ 25 guarded steps."""
        return self.memo("seg", self._segments)

    def _segments(self) -> dict[str, np.ndarray]:
        inst, s = self.inst, self.setup
        kmax = min(self.kg, self.K - 1)
        if kmax < 0:
            return {"k": np.zeros(0, int)}
        ks = np.unique(np.linspace(0, kmax, min(25, kmax + 1)).round().astype(int))
        ts = np.array([0.25, 0.5, 1.0])
        kk, tt = np.repeat(ks, len(ts)), np.tile(ts, len(ks))
        Wk = [torch.from_numpy(W[kk]) for W in self.W]
        gk = [torch.from_numpy(g[kk]) for g in self.g]
        # θ_k^t = θ_k + t(−η∇Φ(θ_k)): the step −η∇Φ is formed exactly as in train.gd, then scaled by t
        Wt = [W + torch.from_numpy(tt).reshape(-1, 1, 1) * (g * (-s.eta)) for W, g in zip(Wk, gk, strict=True)]
        G0, F0 = _fwd(inst.X, Wk, inst.act)
        Gt, Ft = _fwd(inst.X, Wt, inst.act)
        grad_t = _grads(Gt, Ft, Wt, s.Y, inst.act)
        dist = tt * s.eta * np.sqrt(sum(_norm(g.numpy()) ** 2 for g in gk))
        wt_spec = np.stack([_svals(W.numpy())[:, 0] for W in Wt], axis=1)
        drift_t = np.stack([_norm((torch.from_numpy(self.dW[l][kk]) + torch.from_numpy(tt).reshape(-1, 1, 1)
                                   * (gk[l] * (-s.eta))).numpy()) for l in range(self.L)], axis=1)
        dfl = _norm((Ft[-1] - F0[-1]).numpy())
        dgrad = np.sqrt(sum(_norm((a - b).numpy()) ** 2 for a, b in zip(grad_t, gk, strict=True)))
        wk_spec = np.stack([self.svals(l + 1)[kk, 0] for l in range(self.L)], axis=1)
        xf = frob(inst.X)
        yf = frob(s.Y)
        mF = xf * np.prod(np.maximum(wk_spec, wt_spec), axis=1)  # (17): ≥ ‖F_L‖ at both ends
        mG = sum(xf * np.prod(np.delete(np.maximum(wk_spec, wt_spec), l, axis=1), axis=1)
                 for l in range(self.L)) * (mF + yf)  # (18)-type magnitude of the gradient terms
        nmax = max(inst.widths) + inst.N
        return {"k": kk, "t": tt, "dist": dist, "wt_spec": wt_spec, "drift_t": drift_t, "dfl": dfl, "dgrad": dgrad,
                "floor_f": 16 * self.L * nmax * EPS * mF, "floor_g": 32 * self.L * nmax * EPS * mG,
                "resid_k": np.sqrt(2 * self.phi[kk]), "_Wk": Wk, "_Wt": Wt, "_G0": G0, "_F0": F0, "_Gt": Gt,
                "_Ft": Ft, "mF": mF}

    def jacobian_segments(self) -> dict[str, np.ndarray]:
        """‖Jf_L(θ_k^t) − Jf_L(θ_k)‖₂ and Σ_l of the block differences on the segment grid."""
        def make() -> dict[str, np.ndarray]:
            sg = self.segments()
            if len(sg["k"]) == 0:
                return {"k": sg["k"]}
            act = self.inst.act
            J0 = _jacobian_blocks(sg["_G0"], sg["_F0"], sg["_Wk"], act)
            Jt = _jacobian_blocks(sg["_Gt"], sg["_Ft"], sg["_Wt"], act)
            diffs = [(a - b).numpy() for a, b in zip(Jt, J0, strict=True)]
            full = _svals(np.concatenate(diffs, axis=2))[:, 0]
            blocks = np.stack([_svals(d)[:, 0] for d in diffs], axis=1)
            mag = np.sqrt(sum(_norm(a.numpy()) ** 2 + _norm(b.numpy()) ** 2 for a, b in zip(Jt, J0, strict=True)))
            nmax = max(self.inst.widths) + self.inst.N
            return {"k": sg["k"], "t": sg["t"], "dist": sg["dist"], "full": full, "blocks": blocks,
                    "floor": 16 * self.L * nmax * EPS * mag}
        return self.memo("jac", make)


def run(setup: Setup, inst: Instance, steps: int) -> Run:
    """GD from the construction's θ₀ for `steps` updates; the hook keeps θ_k and ∇Φ(θ_k) (references)."""
    th = setup.instance(inst)
    keep: list[tuple[list[torch.Tensor], list[torch.Tensor]]] = []

    def hook(k: int, Ws: list[torch.Tensor], fw: Forward, grads: list[torch.Tensor]) -> dict[str, float]:
        keep.append((Ws, grads))
        return {}

    traj = gd(th, setup.eta, steps, diagnostics=hook)
    n = len(keep)
    phi = traj.losses.numpy()[:n].astype(float)
    W = [np.stack([kp[0][l].numpy() for kp in keep]) for l in range(th.L)]
    g = [np.stack([kp[1][l].numpy() for kp in keep]) for l in range(th.L)]
    dW = []
    for l in range(th.L):  # ΔW_l^k accumulated as its own array, same operations as train.gd
        acc = np.zeros_like(W[l])
        for k in range(1, n):
            acc[k] = acc[k - 1] + g[l][k - 1] * (-setup.eta)
        dW.append(acc)
    out_fro = _norm(_fwd(th.X, [torch.from_numpy(w) for w in W], th.act)[1][-1].numpy())
    yf = frob(setup.Y)
    ok = [guard_ok(float(p), float(o), yf) for p, o in zip(phi, out_fro, strict=True)]
    kg = (ok.index(False) - 1) if False in ok else n - 1
    return Run(setup, th, phi, W, g, dW, out_fro, kg=max(kg, 0), diverged=traj.diverged)


# ================================================================================== caching
_CACHE: OrderedDict[tuple[object, ...], object] = OrderedDict()


def _cached(key: tuple[object, ...], make: Callable[[], object]) -> object:
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    val = make()
    _CACHE[key] = val
    while len(_CACHE) > 96:
        _CACHE.popitem(last=False)
    return val


def _key(inst: Instance) -> object:
    return inst.case if inst.case is not None else id(inst)


def setup_of(inst: Instance, eta_rule: str = "thm") -> Setup | str:
    return _cached(("setup", _key(inst), eta_rule), lambda: construct(inst, eta_rule=eta_rule))  # type: ignore


def run_of(inst: Instance, eta_rule: str = "thm", steps: int | None = None) -> Run:
    s = setup_of(inst, eta_rule)
    assert isinstance(s, Setup), s
    K = steps_for_profile() if steps is None else steps
    return _cached(("run", _key(inst), eta_rule, K), lambda: run(s, inst, K))  # type: ignore[return-value]




# ================================================================================== worst over k
def _worst(label: str, lhs: Any, rhs: Any, ks: Any, tol: Tolerance, *, atol: Any = 0.0,
           relation: Relation = Relation.LE, lhs_name: str = "",
           factors: tuple[tuple[str, float], ...] = ()) -> Evaluation:
    """One Evaluation at the worst iterate: the largest normalised excess if any k violates, else the largest
    ratio lhs/rhs (≤) or rhs/lhs (≥). Non-finite entries (a diverged tail) are left out."""
    lhs, rhs, at, ks = np.broadcast_arrays(np.asarray(lhs, float), np.asarray(rhs, float), np.asarray(atol, float),
                                           np.asarray(ks))
    fin = np.isfinite(lhs) & np.isfinite(rhs) & np.isfinite(at)
    if not fin.any():
        return Evaluation(lhs=0.0, rhs=0.0, relation=relation, label=f"{label} (no iterate)", tol=tol, vacuous=True)
    lhs, rhs, at, ks = lhs[fin], rhs[fin], at[fin], ks[fin]
    big, small = (lhs, rhs) if relation is Relation.LE else (rhs, lhs)
    slack = tol.rtol * np.abs(small) + tol.atol + at
    excess = big - small - slack
    with np.errstate(divide="ignore", invalid="ignore"):
        if (excess > 0).any():
            i = int(np.argmax(excess / (np.abs(big) + np.abs(small) + 1e-300)))
        else:
            ratio = np.where(small > 0, big / np.where(small > 0, small, 1.0), np.where(big <= 0, 0.0, np.inf))
            i = int(np.argmax(ratio))
    return Evaluation(lhs=float(lhs[i]), rhs=float(rhs[i]), relation=relation, label=f"{label} k={int(ks[i])}",
                      tol=tol, atol=float(at[i]), lhs_name=lhs_name, factors=factors)


def _facts(s: Setup) -> tuple[tuple[str, float], ...]:
    return (("η", s.eta), ("α₀", s.alpha0), ("Q₀", s.Q0), ("ηα₀", s.contraction), ("ρ₄", float(s.a31["rho4"])),
            ("ρ₅", float(s.a31["rho5"])), ("c", s.c), ("construction", float(CONSTRUCTIONS.index(s.kind))))


def _phi_floor(r: Run, ks: np.ndarray) -> np.ndarray:
    """Absolute rounding of Φ_k: r_k = F_L − Y is rounded to ~ nε(‖F_L‖ + ‖Y‖), so Φ to √(2Φ)·that."""
    n = r.inst.N * r.inst.widths[-1] + max(r.inst.widths)
    return 4 * n * EPS * np.sqrt(2 * r.phi[ks]) * (r.out_fro[ks] + frob(r.setup.Y))


def _vacuous(label: str) -> list[Evaluation]:
    return [Evaluation(lhs=0.0, rhs=0.0, label=label, vacuous=True)]
