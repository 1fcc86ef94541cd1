"""Measurement kernels for the class-P claims of Allen-Zhu, Li & Song (2019) at large width.

Everything is in the paper's column form (Sec. 2), batched over S independent seeds with stacked
tensors: A: (S, m, d), W_ℓ: (S, m, m) for ℓ = 1..L, B: (S, d, m), data X: (d, n) (one data set shared
by the seeds, or (S, d, n)). g_{i,ℓ} = W_ℓh_{i,ℓ−1} (W₀ = A, h_{i,−1} = xᵢ), h_{i,ℓ} = φ(g_{i,ℓ}),
D_{i,ℓ} = 𝟙[g_{i,ℓ} ≥ 0] (Def. 2.2, ReLU′(0) = 1), yᵢ = Bh_{i,L}.
Spectral norms of m×m products use batched power iteration on matvecs (never a dense m×m product or
a full SVD at m ≥ 1024); Back_{i,a} = BD_{i,L}W_L⋯D_{i,a}W_a is d×m and is built from the left
(d·m² per layer). Randomness: local `torch.Generator`s only; float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import torch

from nnverify.profiles import active_profile as profile
from nnverify.profiles import seed_offset

__all__ = [
    "F64",
    "Net",
    "Pass",
    "adversarial_flip",
    "back",
    "coherent",
    "forward",
    "gd_run",
    "grad",
    "init_net",
    "kernel_separation",
    "pair_at_distance",
    "power_norm",
    "product_norm",
    "profile",
    "seed_offset",
    "unit_data",
]

F64 = torch.float64
_SQRT_HALF = 1.0 / math.sqrt(2.0)


@dataclass(frozen=True)
class Net:
    """S stacked networks of Def. 2.3 (column form)."""

    A: torch.Tensor
    W: tuple[torch.Tensor, ...]
    B: torch.Tensor

    @property
    def L(self) -> int:
        return len(self.W)

    @property
    def S(self) -> int:
        return int(self.A.shape[0])

    def with_W(self, W: Sequence[torch.Tensor]) -> Net:
        return replace(self, W=tuple(W))


def init_net(S: int, d: int, m: int, L: int, seed: int, *, var: float = 2.0) -> Net:
    """Def. 2.3: A, W_ℓ ~ N(0, var/m) entrywise (var = 2 in the paper), B ~ N(0, 1/d); S seeds."""
    g = torch.Generator().manual_seed(int(seed))
    s = math.sqrt(var / m)
    A = s * torch.randn(S, m, d, generator=g, dtype=F64)
    W = tuple(s * torch.randn(S, m, m, generator=g, dtype=F64) for _ in range(L))
    B = torch.randn(S, d, m, generator=g, dtype=F64) / math.sqrt(d)
    return Net(A, W, B)


def unit_data(n: int, d: int, seed: int) -> torch.Tensor:
    """(d, n) unit inputs with last coordinate 1/√2 (Sec. 2), random directions in the first d − 1."""
    g = torch.Generator().manual_seed(int(seed) + 7919)
    Z = torch.randn(d - 1, n, generator=g, dtype=F64)
    Z = Z / torch.linalg.vector_norm(Z, dim=0, keepdim=True) * _SQRT_HALF
    return torch.cat([Z, torch.full((1, n), _SQRT_HALF, dtype=F64)], dim=0)


def pair_at_distance(delta: float, d: int, seed: int) -> torch.Tensor:
    """(d, 2) two admissible inputs at distance exactly δ ≤ √2 (up to rounding)."""
    g = torch.Generator().manual_seed(int(seed) + 104729)
    u = torch.randn(d - 1, generator=g, dtype=F64)
    u = u / u.norm()
    v = torch.randn(d - 1, generator=g, dtype=F64)
    v = v - (v @ u) * u
    v = v / v.norm()
    theta = 2.0 * math.asin(delta / math.sqrt(2.0))  # ‖x₁ − x₂‖ = (1/√2)·2 sin(θ/2) = δ
    w = math.cos(theta) * u + math.sin(theta) * v
    last = torch.full((1,), _SQRT_HALF, dtype=F64)
    return torch.stack([torch.cat([u * _SQRT_HALF, last]), torch.cat([w * _SQRT_HALF, last])], dim=1)


@dataclass(frozen=True)
class Pass:
    """g[ℓ], h[ℓ], D[ℓ] for ℓ = 0..L, each (S, m, n); `x` = h_{−1} (S, d, n); `y` = Bh_L (S, d, n)."""

    x: torch.Tensor
    g: list[torch.Tensor]
    h: list[torch.Tensor]
    D: list[torch.Tensor]
    y: torch.Tensor

    def h_prev(self, l: int) -> torch.Tensor:
        """h_{ℓ−1} (ℓ = 0 gives x)."""
        return self.x if l == 0 else self.h[l - 1]


def forward(net: Net, X: torch.Tensor, *, act: Callable[[torch.Tensor], torch.Tensor] | None = None) -> Pass:
    """The network of Sec. 2 on X (d, n) or (S, d, n), batched over seeds."""
    x = X.expand(net.S, *X.shape[-2:]) if X.ndim == 2 else X
    g = [net.A @ x]
    for Wl in net.W:
        g.append(Wl @ (g[-1].clamp_min(0.0) if act is None else act(g[-1])))
    h = [gl.clamp_min(0.0) if act is None else act(gl) for gl in g]
    D = [(gl >= 0).to(F64) for gl in g]
    return Pass(x, g, h, D, net.B @ h[-1])


def back(net: Net, p: Pass, i: int, a: int) -> torch.Tensor:
    """Back_{i,a} = B D_{i,L}W_L ⋯ D_{i,a}W_a: (S, d, m); a = L + 1 gives B."""
    M = net.B
    for q in range(net.L, a - 1, -1):
        M = (M * p.D[q][:, :, i].unsqueeze(1)) @ net.W[q - 1]
    return M


def power_norm(mv: Callable[[torch.Tensor], torch.Tensor], rmv: Callable[[torch.Tensor], torch.Tensor],
               S: int, n_in: int, seed: int, iters: int = 60, tol: float = 1e-10) -> torch.Tensor:
    """Largest singular value (S,) of a batched linear map by power iteration on MᵀM (matvecs only).

    Stops when every estimate changed by < tol relative; `iters` caps the work. The estimate is a
    lower bound converging from below (monotone in exact arithmetic).
    """
    g = torch.Generator().manual_seed(int(seed) + 31337)
    v = torch.randn(S, n_in, 1, generator=g, dtype=F64)
    v = v / torch.linalg.vector_norm(v, dim=1, keepdim=True)
    est = torch.zeros(S, dtype=F64)
    for _ in range(iters):
        w = rmv(mv(v))
        nw = torch.linalg.vector_norm(w, dim=1, keepdim=True)
        v = w / nw
        new = nw.reshape(S).sqrt()
        if bool(((new - est).abs() <= tol * new).all()):
            est = new
            break
        est = new
    return torch.linalg.vector_norm(mv(v), dim=1).reshape(S)


def product_norm(net: Net, p: Pass, i: int, b: int, a: int, seed: int, iters: int = 80) -> torch.Tensor:
    """‖D_{i,a}W_a ⋯ D_{i,b}W_b‖₂ (S,) by power iteration (1 ≤ b ≤ a ≤ L)."""

    def mv(v: torch.Tensor) -> torch.Tensor:
        for q in range(b, a + 1):
            v = p.D[q][:, :, i:i + 1] * (net.W[q - 1] @ v)
        return v

    def rmv(v: torch.Tensor) -> torch.Tensor:
        for q in range(a, b - 1, -1):
            v = net.W[q - 1].transpose(1, 2) @ (p.D[q][:, :, i:i + 1] * v)
        return v

    return power_norm(mv, rmv, net.S, net.W[0].shape[-1], seed, iters)


def grad(net: Net, p: Pass, dy: torch.Tensor) -> list[torch.Tensor]:
    """Fact 2.6 with a general output loss: ∇_{W_ℓ} = Σᵢ D_{i,ℓ}(Back_{i,ℓ+1}ᵀ∂f/∂yᵢ)h_{i,ℓ−1}ᵀ; dy (S, d, n)."""
    u = net.B.transpose(1, 2) @ dy
    out: list[torch.Tensor] = [torch.empty(0)] * net.L
    for l in range(net.L, 0, -1):
        du = p.D[l] * u
        out[l - 1] = du @ p.h[l - 1].transpose(1, 2)
        u = net.W[l - 1].transpose(1, 2) @ du
    return out


LossFn = Callable[[torch.Tensor], tuple[torch.Tensor, torch.Tensor]]
"""y (S, d, n) → (F per seed (S,), ∂F/∂y (S, d, n))."""


def l2_loss(Ystar: torch.Tensor) -> LossFn:
    """F = Σᵢ ½‖yᵢ − y*ᵢ‖² (Sec. 2.1)."""

    def f(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        r = y - Ystar
        return 0.5 * (r * r).sum((1, 2)), r

    return f


@dataclass
class Run:
    """A batched GD/SGD run: losses (T+1, S), drift max_ℓ‖W_ℓ − W_ℓ⁽⁰⁾‖_F-free spectral drift at the end."""

    losses: torch.Tensor
    net: Net
    extra: dict[str, torch.Tensor]


def gd_run(net: Net, X: torch.Tensor, loss: LossFn, eta: float | torch.Tensor, steps: int, *,
           batch: int | None = None, gen: torch.Generator | None = None,
           monitor: Callable[[int, Net, Pass, list[torch.Tensor]], None] | None = None) -> Run:
    """GD W⃗ ← W⃗ − η∇F (A, B fixed), or SGD with the unbiased step (n/b)Σ_{i∈S_t}∇Fᵢ on a uniform
    b-subset (catalog reconstruction of Thm 2); losses are full-batch F_t for t = 0..steps."""
    n = X.shape[-1]
    Ws = list(net.W)
    losses = []
    for t in range(steps + 1):
        cur = net.with_W(Ws)
        p = forward(cur, X)
        F, dy = loss(p.y)
        losses.append(F)
        if t == steps:
            break
        if batch is not None and batch < n:
            assert gen is not None
            idx = torch.stack([torch.randperm(n, generator=gen)[:batch] for _ in range(net.S)])  # (S, b)
            mask = torch.zeros(net.S, 1, n, dtype=F64)
            mask.scatter_(2, idx.unsqueeze(1), 1.0)
            dy = dy * mask * (n / batch)
        G = grad(cur, p, dy)
        if monitor is not None:
            monitor(t, cur, p, G)
        e = eta if isinstance(eta, float) else eta.reshape(-1, 1, 1)
        Ws = [w - e * gw for w, gw in zip(Ws, G, strict=True)]
    return Run(torch.stack(losses), net.with_W(Ws), {})


def adversarial_flip(g: torch.Tensor, hprev: torch.Tensor, omega: float, tau: float = 1e-3) -> torch.Tensor:
    """Catalog's adversarial rank-one flip at one layer and one sample, batched over seeds.

    g: (S, m) = g⁽⁰⁾_{i,ℓ}, hprev: (S, k) = h_{i,ℓ−1}. Returns W′ (S, m, k) = u hᵀ/‖h‖² with
    u_k = −(1+τ)g_k on the s smallest |g_k| (largest s with (1+τ)‖g_S‖/‖h‖ ≤ ω): ‖W′‖₂ = ‖u‖/‖h‖ ≤ ω.
    """
    hn = torch.linalg.vector_norm(hprev, dim=1, keepdim=True)  # (S, 1)
    order = g.abs().argsort(dim=1)
    gs = torch.gather(g, 1, order)
    cum = (1 + tau) * (gs * gs).cumsum(1).sqrt() / hn  # (S, m) spectral norm using the s+1 smallest
    keep_sorted = cum <= omega
    keep = torch.zeros_like(g, dtype=torch.bool).scatter(1, order, keep_sorted)
    u = torch.where(keep, -(1 + tau) * g, torch.zeros_like(g))
    return u.unsqueeze(2) * (hprev / (hn * hn)).unsqueeze(1)


def coherent(net: Net, p: Pass, i: int, omega: float, seed: int) -> list[torch.Tensor]:
    """Catalog's coherent perturbation: W′_ℓ = ω z_ℓ (h_{i,ℓ−1}/‖h_{i,ℓ−1}‖)ᵀ with z_ℓ ∝ D_{i,ℓ}r_ℓ,
    r_L = top left singular vector q of D_{i,L}W_L⋯D_{i,1}W₁, r_{ℓ−1} = W_ℓᵀD_{i,ℓ}r_ℓ."""
    L, S = net.L, net.S

    def mv(v: torch.Tensor) -> torch.Tensor:
        for q in range(1, L + 1):
            v = p.D[q][:, :, i:i + 1] * (net.W[q - 1] @ v)
        return v

    def rmv(v: torch.Tensor) -> torch.Tensor:
        for q in range(L, 0, -1):
            v = net.W[q - 1].transpose(1, 2) @ (p.D[q][:, :, i:i + 1] * v)
        return v

    # left singular vector: power iteration on MMᵀ (swap roles)
    g = torch.Generator().manual_seed(int(seed) + 271828)
    r = torch.randn(S, net.W[-1].shape[1], 1, generator=g, dtype=F64)
    for _ in range(60):
        r = mv(rmv(r))
        r = r / torch.linalg.vector_norm(r, dim=1, keepdim=True)
    out: list[torch.Tensor] = [torch.empty(0)] * L
    for l in range(L, 0, -1):
        z = p.D[l][:, :, i:i + 1] * r
        z = z / torch.linalg.vector_norm(z, dim=1, keepdim=True)
        hp = p.h[l - 1][:, :, i:i + 1]
        out[l - 1] = omega * z @ (hp / torch.linalg.vector_norm(hp, dim=1, keepdim=True)).transpose(1, 2)
        r = net.W[l - 1].transpose(1, 2) @ (p.D[l][:, :, i:i + 1] * r)
    return out


def kernel_separation(delta: float, layers: int) -> list[float]:
    """Infinite-width ReLU (variance 2/m) limit of ‖h_{1,ℓ} − h_{2,ℓ}‖ for ℓ = 0..layers−1, unit inputs
    at distance δ: cos θ′ = (sin θ + (π − θ)cos θ)/π per layer, from cos θ = 1 − δ²/2."""
    c = 1.0 - delta * delta / 2.0
    out = []
    for _ in range(layers):
        th = math.acos(max(-1.0, min(1.0, c)))
        c = (math.sin(th) + (math.pi - th) * math.cos(th)) / math.pi
        out.append(math.sqrt(max(0.0, 2.0 - 2.0 * c)))
    return out


def spec2(M: torch.Tensor) -> torch.Tensor:
    """Spectral norm of a batch (S, a, b): exact singular values when min(a, b) ≤ 512, else power iteration."""
    if min(M.shape[-2:]) <= 512:
        return torch.linalg.matrix_norm(M, ord=2)
    return power_norm(lambda v: M @ v, lambda v: M.transpose(1, 2) @ v, M.shape[0], M.shape[-1], 0, 200)


def gram(net: Net, p: Pass) -> torch.Tensor:
    """K(W⃗) = JJᵀ (S, nd, nd), rows (i, c) (catalog's Gram identity):
    K_{(i,c),(j,c′)} = Σ_ℓ ⟨D_{i,ℓ}Back_{i,ℓ+1}ᵀe_c, D_{j,ℓ}Back_{j,ℓ+1}ᵀe_{c′}⟩⟨h_{i,ℓ−1}, h_{j,ℓ−1}⟩."""
    S, d, n = net.S, net.B.shape[1], p.x.shape[-1]
    M = net.B.unsqueeze(1).expand(S, n, d, -1)  # Back_{i,L+1} = B: (S, n, d, m)
    K = torch.zeros(S, n * d, n * d, dtype=F64)
    for l in range(net.L, 0, -1):
        V = M * p.D[l].transpose(1, 2).unsqueeze(2)  # rows (Back_{i,ℓ+1} D_{i,ℓ})_c: (S, n, d, m)
        Vf = V.reshape(S, n * d, -1)
        H = p.h[l - 1].transpose(1, 2) @ p.h[l - 1]  # (S, n, n)
        K = K + (Vf @ Vf.transpose(1, 2)) * H.repeat_interleave(d, 1).repeat_interleave(d, 2)
        M = V @ net.W[l - 1].unsqueeze(1)
    return K


# ============================================================================ statistical verdicts
@dataclass
class Scan:
    """One scan: the variable's values, the measured quantity per seed, and the exponent claim.

    side: "le" (an upper bound O(x^a) as x grows: consistent iff the CI reaches down to a),
    "ge" (consistent iff the CI reaches up to a: an upper bound O(x^a) as x → 0, or a lower bound
    Ω(x^a) as x grows), "eq" (the CI contains a).
    """

    name: str
    variable: str
    quantity: str
    x: list[float]
    y: list[list[float]]
    claimed: float
    side: str
    stat: str = "median"
    fit: object = None

    def verdict(self) -> str:
        from nnverify.stats import bootstrap_slope

        if self.fit is None:
            self.fit = bootstrap_slope(self.x, self.y, stat=self.stat, seeds=())
        f = self.fit
        ok = {"le": f.allows_at_most, "ge": f.allows_at_least, "eq": f.contains}[self.side](self.claimed)
        return "consistent" if ok else "refuted"

    def to_dict(self) -> dict[str, object]:
        v = self.verdict()
        return {"name": self.name, "variable": self.variable, "quantity": self.quantity, "claimed": self.claimed,
                "side": self.side, "fit": self.fit.to_dict(), "verdict": v}  # type: ignore[union-attr]


@dataclass
class PResult:
    """A P-class test outcome: its scans (every one must be consistent), the seeds, extra numbers."""

    claim: str
    test: str
    scans: list[Scan]
    seeds: list[int]
    notes: dict[str, object]
    variant: str | None = None

    @property
    def verdict(self) -> str:
        return "consistent" if all(s.verdict() == "consistent" for s in self.scans) else "refuted"

    def describe(self) -> str:
        lines = [f"{self.claim} [{self.variant or 'claim'}] {self.test}: {self.verdict}; seeds {self.seeds}"]
        for s in self.scans:
            f = s.fit if s.fit is not None else None
            s.verdict()
            f = s.fit
            lines.append(f"  {s.name}: {s.quantity} vs {s.variable} = {s.x}: slope {f.slope:.4f} "  # type: ignore[union-attr]
                         f"CI {tuple(round(c, 4) for c in f.ci)} claimed {s.side} {s.claimed:g} → {s.verdict()}")  # type: ignore[union-attr]
            data = [[float(f"{v:.4g}") for v in r] for r in s.y]
            lines.append(f"    data (rows = {s.variable}, columns = seeds): {data}")
        if self.notes:
            lines.append(f"  notes: {self.notes}")
        return "\n".join(lines)

    def payload(self) -> dict[str, object]:
        main = self.scans[0]
        main.verdict()
        return {"type": "slope", "kind": "P", "test": self.test, "fit": main.fit.to_dict(),  # type: ignore[union-attr]
                "claimed": main.claimed, "side": main.side, "variable": main.variable, "quantity": main.quantity,
                "verdict": self.verdict, "seeds": self.seeds, "scans": [s.to_dict() for s in self.scans],
                "variant": self.variant or "claim", "note": self.notes}


def hit_time(net: Net, X: torch.Tensor, loss: LossFn, eta: float, frac: float, cap: int, *,
             batch: int | None = None, gen: torch.Generator | None = None,
             thresholds: torch.Tensor | None = None) -> list[float]:
    """Per seed, the first t with full-batch F_t ≤ frac·F₀ (frac·thresholds·F₀ when given, per seed) along GD,
    or SGD with the unbiased step (n/b)Σ_{i∈S_t}∇Fᵢ on uniform b-subsets (as `gd_run`); stops when every seed
    has hit; inf past `cap`."""
    n, S = X.shape[-1], net.S
    Ws = list(net.W)
    T = [math.inf] * S
    F0: torch.Tensor | None = None
    for t in range(cap + 1):
        cur = net.with_W(Ws)
        p = forward(cur, X)
        F, dy = loss(p.y)
        if F0 is None:
            F0 = F if thresholds is None else F * thresholds
        for s in torch.nonzero(F <= frac * F0).flatten().tolist():
            T[s] = min(T[s], float(max(t, 1)))
        if all(v < math.inf for v in T) or t == cap:
            break
        if batch is not None and batch < n:
            assert gen is not None
            idx = torch.rand(S, n, generator=gen, dtype=F64).argsort(dim=1)[:, :batch]  # uniform b-subsets
            mask = torch.zeros(S, 1, n, dtype=F64)
            mask.scatter_(2, idx.unsqueeze(1), 1.0)
            dy = dy * mask * (n / batch)
        G = grad(cur, p, dy)
        Ws = [w - eta * gw for w, gw in zip(Ws, G, strict=True)]
    return T


def pl_loss(Ystar: torch.Tensor) -> LossFn:
    """Thm 5 σ-PL example (catalog): f(y; y*) = Σ_c (r_c² + 3 sin² r_c), r = y − y*: nonconvex, smooth, PL."""

    def f(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        r = y - Ystar
        return (r * r + 3.0 * torch.sin(r) ** 2).sum((1, 2)), 2.0 * r + 3.0 * torch.sin(2.0 * r)

    return f


def logistic_loss(signs: torch.Tensor) -> LossFn:
    """Thm 5 convex example (catalog): f(y) = Σ_c log(1 + e^{−s_c y_c}), s = ±1; infimum 0 not attained."""

    def f(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = -signs * y
        return torch.nn.functional.softplus(z).sum((1, 2)), -signs * torch.sigmoid(z)

    return f


def ce_loss(labels: torch.Tensor) -> LossFn:
    """Cross-entropy (Thm 5, footnote 7): Σᵢ −log softmax(yᵢ)_{cᵢ}; labels (S, n) in [d]."""

    def f(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ls = torch.log_softmax(y, dim=1)
        oh = torch.nn.functional.one_hot(labels, y.shape[1]).transpose(1, 2).to(F64)
        return -(ls * oh).sum((1, 2)), ls.exp() - oh

    return f


def autograd_gd(forward_fn: Callable[[list[torch.Tensor], torch.Tensor], torch.Tensor], params: list[torch.Tensor],
                X: torch.Tensor, loss: LossFn, eta: float, K: int, *, stop: float | None = None,
                min_steps: int = 0) -> torch.Tensor:
    """GD on `params` (each (S, …), batched over seeds) for an architecture given by `forward_fn(params, X)` →
    outputs (S, d, n); gradients by autograd through F = Σ_s F_s (seeds are independent). Returns F_t (t+1, S)
    for t ≤ K, stopping early (t ≥ min_steps) once every seed has F_t ≤ stop·F₀."""
    ps = [p.detach().clone().requires_grad_(True) for p in params]
    out: list[torch.Tensor] = []
    for t in range(K + 1):
        F, _ = loss(forward_fn(ps, X))
        out.append(F.detach())
        if t == K or (stop is not None and t >= min_steps and bool((F <= stop * out[0]).all())):
            break
        G = torch.autograd.grad(F.sum(), ps)
        with torch.no_grad():
            for p, g in zip(ps, G, strict=True):
                p -= eta * g
    return torch.stack(out)


def resnet_forward(A: torch.Tensor, B: torch.Tensor) -> Callable[[list[torch.Tensor], torch.Tensor], torch.Tensor]:
    """Thm 7 residual network (column form): h₀ = φ(Ax), h_ℓ = φ(h_{ℓ−1} + W_ℓh_{ℓ−1}), y = Bh_L; A, B fixed."""

    def fwd(W: list[torch.Tensor], X: torch.Tensor) -> torch.Tensor:
        h = (A @ X).clamp_min(0.0)
        for Wl in W:
            h = (h + Wl @ h).clamp_min(0.0)
        return B @ h

    return fwd


def cnn_forward(A: torch.Tensor, B: torch.Tensor, k: int) -> Callable[[list[torch.Tensor], torch.Tensor], torch.Tensor]:
    """Suite's own Thm 6 construction (the paper's Appendix I is absent): each hidden layer holds d points
    with m channels, h (S, n, m, d). A: circular 1-D convolution 1 → m channels, kernel k (fixed);
    W₁..W_{L−1}: circular convolutions m → m, kernel k, (S, m, m, k) (trained); W_L: fully connected
    md → md, (S, md, md) (trained); B: fully connected md → d (fixed), (S, d, md)."""

    def conv(h: torch.Tensor, w: torch.Tensor) -> torch.Tensor:  # h (S, n, c, d), w (S, m, c, k): circular conv
        cols = torch.stack([torch.roll(h, shifts=k // 2 - j, dims=3) for j in range(k)], dim=-1)  # (S, n, c, d, k)
        return torch.einsum("sncdj,smcj->snmd", cols, w)

    def fwd(W: list[torch.Tensor], X: torch.Tensor) -> torch.Tensor:
        S = A.shape[0]
        h = conv(X.T.reshape(1, -1, 1, X.shape[0]).expand(S, -1, 1, -1), A).clamp_min(0.0)
        for Wl in W[:-1]:
            h = conv(h, Wl).clamp_min(0.0)
        v = h.reshape(S, h.shape[1], -1).transpose(1, 2)  # (S, md, n)
        return B @ (W[-1] @ v).clamp_min(0.0)

    return fwd
