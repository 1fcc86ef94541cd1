"""Claims of Allen-Zhu, Li & Song (ICML 2019), "A Convergence Theory for Deep Learning via
Over-Parameterization" (seed 002): the probabilistic/asymptotic (class P) entries — Sec. 3–4 (Steps 1, 2, 4;
Theorems 3, 4, 1; the drift remark of Sec. 3.1) and Theorems 2, 5, 6, 7 (SGD, general losses, CNN / ResNet,
footnote 2 on smooth activations).

Each claim's evaluation runs ONE statistical test from the case's seed offset ($NNVERIFY_P_SEED, default 0)
and returns one Evaluation per scan: the bootstrap CI (level 1 − FALSE_ALARM, over seeds) of a log–log slope
against the claimed exponent, on the side the claim allows (`allen_zhu_measure.Scan`). The measurement kernels
live in `nnverify.allen_zhu_measure` (column form, batched over seeds); sizes grow under the thorough profile
(`_big`, from `nnverify.claims.allen_zhu19`). Results are cached per (claim, variant, seed offset, profile)
(`p_result`), so the property, the mutant test and the report share one run.
"""

from __future__ import annotations

import math

import torch

from nnverify import allen_zhu_measure as _M
from nnverify.allen_zhu_measure import PResult, Scan
from nnverify.claims._pclaim import p_case, p_claim_registrar
from nnverify.claims.allen_zhu19 import _SQRT_HALF, _big
from nnverify.claims.core import Evaluation, Relation, Tolerance

F64 = torch.float64


# ============================================================================ class P (Sec. 3–4)
# Every P claim below is registered (`_p_claim`) with an evaluate function that runs the whole statistical
# test (seeds = `NNVERIFY_P_SEED` offset, the case's `seed`) and returns one Evaluation per scan.
TOL_STAT = Tolerance(0.0, 0.0, "statistical: bootstrap CI over seeds at level 1 − 1e−3; the CI side is the test")
_P_EXPERIMENTS: dict[str, object] = {}
_P_CACHE: dict[tuple[str, str | None, int, str], PResult] = {}


def p_result(claim_id: str, variant: str | None = None, seed: int | None = None) -> PResult:
    """The (cached) statistical test of a P claim at seed offset `seed` (default $NNVERIFY_P_SEED)."""
    seed = _M.seed_offset() if seed is None else int(seed)
    key = (claim_id, variant, seed, _M.profile())
    if key not in _P_CACHE:
        res = _P_EXPERIMENTS[claim_id](seed, variant)  # type: ignore[operator]
        res.variant = variant
        _P_CACHE[key] = res
    return _P_CACHE[key]


def _p_evals(res: PResult) -> list[Evaluation]:
    out = []
    for s in res.scans:
        s.verdict()
        f = s.fit
        fac = (("slope", f.slope), ("CI low", f.ci[0]), ("CI high", f.ci[1]), ("constant", f.constant))  # type: ignore[union-attr]
        if s.side in ("le", "eq"):
            out.append(Evaluation(lhs=f.ci[0], rhs=s.claimed, relation=Relation.LE, tol=TOL_STAT, vacuous=False,  # type: ignore[union-attr]
                                  label=f"{s.name}: slope of {s.quantity} in {s.variable}, CI low ≤ {s.claimed:g}",
                                  lhs_name="CI low", factors=fac))
        if s.side in ("ge", "eq"):
            out.append(Evaluation(lhs=f.ci[1], rhs=s.claimed, relation=Relation.GE, tol=TOL_STAT, vacuous=False,  # type: ignore[union-attr]
                                  label=f"{s.name}: slope of {s.quantity} in {s.variable}, CI high ≥ {s.claimed:g}",
                                  lhs_name="CI high", factors=fac))
    return out


_p_case = p_case
#: `@_p_claim(id=…, …, has_mutant=…)` registers a P claim whose measurement is fn(seed offset, variant) → PResult.
_p_claim = p_claim_registrar(_P_EXPERIMENTS, lambda cid, v, s: _p_evals(p_result(cid, v, s)))


def _seeds(seed: int, k: int) -> list[int]:
    return [1000 * seed + j for j in range(k)]


def _tol_pos(y: list[list[float]]) -> list[list[float]]:
    """Guard for log–log fits: every value must be finite and > 0 (else the test is inconclusive)."""
    for r in y:
        for v in r:
            if not (math.isfinite(v) and v > 0):
                raise FloatingPointError(f"non-positive or non-finite measurement {v!r}: log–log fit undefined")
    return y


# ---------------------------------------------------------------------------- Step 1
@_p_claim(
    id="allen_zhu19.step1.relu_half",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 1 (‖Wy‖² ≈ 2, ‖φ(Wy)‖ ≈ 1)",
    statement="For a fixed unit y and W with N(0, 2/m) entries: E‖φ(Wy)‖² = 1 (E‖Wy‖² = 2), with fluctuations "
              "Var‖φ(Wy)‖² = 5/m: the mean squared deviation of ‖φ(Wy)‖² from 1 scales as m^{−1}",
    hypotheses=("Def. 2.3 variance 2/m", "y independent of W"),
    test="scaling exponent: mean over draws of (‖φ(Wy)‖² − 1)² and of (‖Wy‖² − 2)² against m, CI contains −1 "
         "(a wrong mean leaves a plateau, exponent 0)",
)
def relu_half(seed: int, variant: str | None) -> PResult:
    """Sec. 4 Step 1: ReLU keeps half the squared norm of a Gaussian layer of variance 2/m."""
    ms = [64, 128, 256, 512, 1024] if _big() else [64, 128, 256, 512]
    R = 48 if _big() else 32
    target = 0.5 if variant == "mutant" else 1.0  # mutant: E‖φ(Wy)‖² = ½‖y‖² (variance-1/m rule)
    y1, y2 = [], []
    for m in ms:
        g = torch.Generator().manual_seed(1000 * seed + m)
        y = torch.randn(m, 1, generator=g, dtype=F64)
        y = y / y.norm()
        z = (math.sqrt(2.0 / m) * torch.randn(R, m, m, generator=g, dtype=F64) @ y).squeeze(-1)
        y1.append((((z.clamp_min(0) ** 2).sum(1) - target) ** 2).tolist())
        y2.append((((z**2).sum(1) - 2.0) ** 2).tolist())
    scans = [Scan("φ", "m", "(‖φ(Wy)‖² − 1)²" if target == 1 else "(‖φ(Wy)‖² − ½)²", ms, _tol_pos(y1), -1.0, "eq",
                  stat="mean"),
             Scan("linear", "m", "(‖Wy‖² − 2)²", ms, _tol_pos(y2), -1.0, "eq", stat="mean")]
    notes = {"m·mean (‖φ(Wy)‖²−1)² (theory 5)": [m * sum(r) / len(r) for m, r in zip(ms, y1, strict=True)]}
    return PResult("allen_zhu19.step1.relu_half", "scaling exponent", scans, [1000 * seed + m for m in ms], notes)


@_p_claim(
    id="allen_zhu19.step1.forward_norm",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 1 (‖h_{i,ℓ}‖ ≈ 1)",
    statement="At random initialisation ‖h_{i,ℓ}‖ ∈ [1 − ε, 1 + ε] for all i and ℓ ∈ {0..L}, ε → 0 as m → ∞; read as "
              "ε = Õ(√(L/m)): max_{i,ℓ}|‖h_{i,ℓ}‖ − 1| = O(m^{−1/2})",
    hypotheses=("Def. 2.3", "‖xᵢ‖ = 1, (xᵢ)_d = 1/√2"),
    test="scaling exponent: median over seeds of max_{i,ℓ}|‖h_{i,ℓ}‖ − 1| against m; CI reaches down to −1/2",
)
def forward_norm(seed: int, variant: str | None) -> PResult:
    """Forward norms neither explode nor vanish (the mutant initialises with variance 1/m)."""
    ms = [64, 128, 256, 512, 1024] if _big() else [64, 128, 256, 512]
    S, n, d, L = (8 if _big() else 6), 4, 8, 3
    var = 1.0 if variant == "mutant" else 2.0
    X = _M.unit_data(n, d, seed)
    ys = []
    for m in ms:
        net = _M.init_net(S, d, m, L, 1000 * seed + m, var=var)
        p = _M.forward(net, X)
        dev = torch.stack([(torch.linalg.vector_norm(h, dim=1) - 1).abs().amax(1) for h in p.h]).amax(0)
        ys.append(dev.tolist())
    return PResult("allen_zhu19.step1.forward_norm", "scaling exponent",
                   [Scan("m-scan", "m", "max_{i,ℓ}|‖h_{i,ℓ}‖ − 1|", ms, _tol_pos(ys), -0.5, "le")],
                   [1000 * seed + m for m in ms], {"n": n, "d": d, "L": L, "seeds per m": S, "init variance": var})


@_p_claim(
    id="allen_zhu19.step1.backward_norm",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 1 (‖BD_{i,L}W_L⋯D_{i,a}W_a‖₂ ≤ O(√(m/d)))",
    statement="At random initialisation ‖Back_{i,a}‖₂ ≤ C√(m/d) for all i and a ∈ [L + 1], C absolute (no L factor)",
    hypotheses=("Def. 2.3", "m ≥ poly(n, L)·d (the scan keeps m = 64d)"),
    test="bounded ratio: median over seeds of max_{i,a}‖Back_{i,a}‖₂/√(m/d) against m ∈ {128, 256, 512} (d = 4, "
         "L = 3); slope CI reaches ≤ 0. Mutant O(√m/d): fixed-aspect d-scan (m = 32d, d ∈ {8, 16, 32}) of "
         "max‖Back‖₂·d/√m must stay bounded (CI reaches ≤ 0); it grows like √d",
)
def backward_norm(seed: int, variant: str | None) -> PResult:
    """Backward matrices have spectral norm O(√(m/d)); the mutant's shape is √m/d."""
    S, n, L = 4, 2, 3

    def ratio(d: int, m: int, s: int, shape: float) -> list[float]:
        net = _M.init_net(S, d, m, L, s)
        p = _M.forward(net, _M.unit_data(n, d, seed))
        best = torch.zeros(S, dtype=F64)
        for i in range(n):  # one sweep: Back_{i,L+1} = B, Back_{i,a} = Back_{i,a+1}D_{i,a}W_a
            Mb = net.B
            best = torch.maximum(best, torch.linalg.matrix_norm(Mb, ord=2))
            for a in range(L, 0, -1):
                Mb = (Mb * p.D[a][:, :, i].unsqueeze(1)) @ net.W[a - 1]
                best = torch.maximum(best, torch.linalg.matrix_norm(Mb, ord=2))
        return (best / shape).tolist()

    if variant == "mutant":
        ds = [8, 16, 32]
        ys = [ratio(d, 32 * d, 1000 * seed + d, math.sqrt(32 * d) / d) for d in ds]
        return PResult("allen_zhu19.step1.backward_norm", "bounded ratio",
                       [Scan("d-scan (m = 32d)", "d", "max‖Back‖₂·d/√m", ds, _tol_pos(ys), 0.0, "le")],
                       [1000 * seed + d for d in ds], {"n": n, "L": L, "seeds": S})
    ms, d = ([128, 256, 512, 1024] if _big() else [128, 256, 512]), 4
    ys = [ratio(d, m, 1000 * seed + m, math.sqrt(m / d)) for m in ms]
    return PResult("allen_zhu19.step1.backward_norm", "bounded ratio",
                   [Scan("m-scan (d = 4)", "m", "max‖Back‖₂/√(m/d)", ms, _tol_pos(ys), 0.0, "le")],
                   [1000 * seed + m for m in ms], {"n": n, "L": L, "d": d, "seeds": S})


_EDGE = 1.0 + math.sqrt(2.0)  # limit of ‖D_{i,a}W_a‖₂: √(2/m)(√(m/2) + √m)


@_p_claim(
    id="allen_zhu19.step1.layer_norm",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 1 (‖D_{i,a}W_a‖₂ ≈ 2)",
    statement="At initialisation ‖D_{i,a}W_a‖₂ tends to a constant > 1 (so the naive product bound is exponential "
              "in L); the constant is 1 + √2 ≈ 2.414, not the printed ≈ 2 (erratum 4): "
              "|‖D_{i,a}W_a‖₂ − (1 + √2)| = O(m^{−1/2})",
    hypotheses=("Def. 2.3",),
    test="scaling exponent: median over seeds of max_a|‖D_{i,a}W_a‖₂ − c| against m, c = 1 + √2; CI reaches down to "
         "−1/2 (mutant c = 1, printed c = 2: plateaus, exponent 0)",
    printed=True,
)
def layer_norm(seed: int, variant: str | None) -> PResult:
    """One layer has spectral norm → 1 + √2 > 1 (exact singular values at m ≤ 512, power iteration above)."""
    ms = [128, 256, 512, 1024] if _big() else [64, 128, 256, 512]
    S, n, d, L = 4, 1, 4, 2
    c = {"mutant": 1.0, "printed": 2.0}.get(variant or "", _EDGE)
    ys, raw = [], []
    for m in ms:
        net = _M.init_net(S, d, m, L, 1000 * seed + m)
        p = _M.forward(net, _M.unit_data(n, d, seed))
        norms = torch.stack([_M.spec2(p.D[a][:, :, 0:1] * net.W[a - 1]) for a in range(1, L + 1)])  # (L, S)
        raw.append(norms.tolist())
        ys.append((norms - c).abs().amax(0).tolist())
    return PResult("allen_zhu19.step1.layer_norm", "scaling exponent",
                   [Scan("m-scan", "m", f"max_a|‖D_(i,a)W_a‖₂ − {c:.4g}|", ms, _tol_pos(ys), -0.5, "le")],
                   [1000 * seed + m for m in ms], {"‖D W‖₂ per m (layers × seeds)": raw})


@_p_claim(
    id="allen_zhu19.step1.intermediate_norm",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 1 (‖D_{i,a}W_a⋯D_{i,b}W_b‖₂ ≤ O(√L))",
    statement="At initialisation ‖D_{i,a}W_a⋯D_{i,b}W_b‖₂ ≤ C√L for 1 ≤ b ≤ a ≤ L: the norm grows at most like k^{1/2} "
              "in the number of factors k = a − b + 1 (not exponentially)",
    hypotheses=("Def. 2.3", "m ≥ poly(L)"),
    test="scaling exponent: median over seeds of the product norm against k; CI reaches down to 1/2 "
         "(mutant O(1): exponent 0)",
)
def intermediate_norm(seed: int, variant: str | None) -> PResult:
    """Products of k layers have norm ≈ √(e(k+1)) (power iteration on matvecs)."""
    ks = [1, 2, 4, 8, 12] if _big() else [1, 2, 4, 8]
    m, S, n, d = (1024 if _big() else 256), 4, 1, 4
    net = _M.init_net(S, d, m, max(ks), 1000 * seed + 17)
    p = _M.forward(net, _M.unit_data(n, d, seed))
    ys = []
    for k in ks:
        if m <= 512:  # exact singular values of the dense product (cheap at this size)
            P = torch.eye(m, dtype=F64).expand(S, m, m)
            for q in range(1, k + 1):
                P = p.D[q][:, :, 0:1] * (net.W[q - 1] @ P)
            ys.append(torch.linalg.matrix_norm(P, ord=2).tolist())
        else:
            ys.append(_M.product_norm(net, p, 0, 1, k, seed, iters=300).tolist())
    a = 0.0 if variant == "mutant" else 0.5
    return PResult("allen_zhu19.step1.intermediate_norm", "scaling exponent",
                   [Scan("k-scan", "k", "‖D_kW_k⋯D_1W_1‖₂", ks, _tol_pos(ys), a, "le")], [1000 * seed + 17],
                   {"m": m, "seeds": S, "norm/√(e(k+1))": [sorted(r)[len(r) // 2] / math.sqrt(math.e * (k + 1))
                                                          for k, r in zip(ks, ys, strict=True)]})


@_p_claim(
    id="allen_zhu19.step1.separation",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 1 (‖xᵢ − xⱼ‖ ≥ δ ⇒ ‖h_{i,ℓ} − h_{j,ℓ}‖ ≥ Ω(δ))",
    statement="(corrected, erratum 1) At initialisation ‖h_{i,ℓ} − h_{j,ℓ}‖ ≥ c·δ for all ℓ ∈ [L] when δ ≤ c′/L; the "
              "printed L-uniform form at fixed δ is false (separation decays like 1/L at δ = 1)",
    hypotheses=("Def. 2.3", "unit inputs with last coordinate 1/√2", "m ≥ poly(L, 1/δ)"),
    test="scaling exponent: (a) δ-scan at L = 4: min_ℓ separation has δ-exponent ≤ 1 (CI reaches down to 1; mutant "
         "√δ: ≤ 1/2); (b) L-scan at δ = 1/(2L): min_ℓ separation/δ has L-exponent ≥ 0 (printed: δ = 1, same test)",
    printed=True,
)
def separation(seed: int, variant: str | None) -> PResult:
    """Separated inputs stay Ω(δ)-separated for δ ≤ O(1/L) (one net per seed; prefixes give smaller L)."""
    m, S, d = (1024 if _big() else 512), 6, 6
    deltas, Ls = [0.05, 0.1, 0.2, 0.4, 0.8], ([1, 2, 4, 8, 16] if _big() else [1, 2, 4, 8])
    net = _M.init_net(S, d, m, max(Ls), 1000 * seed + 23)

    def sep(delta: float, L: int) -> torch.Tensor:
        sub = _M.Net(net.A, net.W[:L], net.B)
        p = _M.forward(sub, _M.pair_at_distance(delta, d, seed))
        return torch.stack([torch.linalg.vector_norm(h[:, :, 0] - h[:, :, 1], dim=1) for h in p.h[1:]]).amin(0)

    y_delta = [sep(dl, 4).tolist() for dl in deltas]
    a = 0.5 if variant == "mutant" else 1.0
    scans = [Scan("δ-scan (L = 4)", "δ", "min_ℓ‖h_{1,ℓ} − h_{2,ℓ}‖", deltas, _tol_pos(y_delta), a, "le")]
    if variant != "mutant":
        y_L = [(sep(1.0 if variant == "printed" else 1.0 / (2 * L), L) / (1.0 if variant == "printed" else
                                                                          1.0 / (2 * L))).tolist() for L in Ls]
        scans.append(Scan("L-scan" + (" (δ = 1)" if variant == "printed" else " (δ = 1/(2L))"), "L",
                          "min_ℓ separation/δ", Ls, _tol_pos(y_L), 0.0, "ge"))
    kern = {f"δ={dl}": min(_M.kernel_separation(dl, 5)[1:]) / dl for dl in deltas}
    return PResult("allen_zhu19.step1.separation", "scaling exponent", scans, [1000 * seed + 23],
                   {"m": m, "seeds": S, "kernel-limit min_ℓ separation/δ at L = 4": kern})


# ---------------------------------------------------------------------------- Step 2 and Step 4
def _flips(p0: _M.Pass, p1: _M.Pass) -> torch.Tensor:
    """max_{i,ℓ}‖D_{i,ℓ} − D⁽⁰⁾_{i,ℓ}‖₀ per seed."""
    return torch.stack([(a != b).sum(1).amax(1) for a, b in zip(p0.D, p1.D, strict=True)]).amax(0).to(F64)


@_p_claim(
    id="allen_zhu19.step2.sign_changes",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 2 (a)",
    statement="For every W⃗ with ‖W_ℓ − W_ℓ⁽⁰⁾‖₂ ≤ ω (ω ≤ 1/poly(L)): ‖D_{i,ℓ} − D⁽⁰⁾_{i,ℓ}‖₀ ≤ C·m·ω^{2/3}·L; the "
              "adversarial rank-one flip attains the exponent 2/3, so the flip count decays at least like ω^{2/3}",
    hypotheses=("Def. 2.3", "m·ω^{2/3} ≥ 1 (below, a single flip has only polynomially small probability)"),
    test="scaling exponent: median over seeds of the flip count under the adversarial rank-one flip (layer 2 of 3) "
         "against ω ∈ [10⁻³, 10⁻¹]; as ω → 0 an O(ω^{2/3}) bound needs the CI to reach up to 2/3 (mutant O(ω): 1)",
)
def sign_changes(seed: int, variant: str | None) -> PResult:
    """Few ReLU sign changes in a spectral ball; the adversary spends ω on the smallest |g_k|."""
    m, S, d, L, layer = (2048 if _big() else 512), 6, 4, 3, 2
    omegas = [10.0 ** e for e in (-3.0, -2.5, -2.0, -1.5, -1.0)]
    net = _M.init_net(S, d, m, L, 1000 * seed + 29)
    X = _M.unit_data(1, d, seed)
    p0 = _M.forward(net, X)
    ys = []
    for om in omegas:
        Wp = _M.adversarial_flip(p0.g[layer][:, :, 0], p0.h[layer - 1][:, :, 0], om)
        # rank one W′ = u hᵀ/‖h‖²: ‖W′‖₂ = ‖W′h‖/‖h‖ = ‖u‖/‖h‖ ≤ ω by construction
        h = p0.h[layer - 1][:, :, 0:1]
        assert float((torch.linalg.vector_norm(Wp @ h, dim=(1, 2)) / torch.linalg.vector_norm(h, dim=(1, 2))).max()) \
            <= om * (1 + 1e-12)
        W = list(net.W)
        W[layer - 1] = W[layer - 1] + Wp
        ys.append(_flips(p0, _M.forward(net.with_W(W), X)).tolist())
    a = 1.0 if variant == "mutant" else 2.0 / 3.0
    return PResult("allen_zhu19.step2.sign_changes", "scaling exponent",
                   [Scan("ω-scan (adversarial)", "ω", "max_{i,ℓ} sign flips", omegas, _tol_pos(ys), a, "ge")],
                   [1000 * seed + 29], {"m": m, "L": L, "seeds": S,
                                        "flips/(m ω^{2/3}) (prediction 0.985)":
                                            [sorted(r)[len(r) // 2] / (m * o ** (2 / 3))
                                             for o, r in zip(omegas, ys, strict=True)]})


@_p_claim(
    id="allen_zhu19.step2.forward_perturb",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 2 (b)",
    statement="For every W⃗ with ‖W_ℓ − W_ℓ⁽⁰⁾‖₂ ≤ ω: ‖h_{i,ℓ} − h⁽⁰⁾_{i,ℓ}‖ ≤ C·ω·L^{5/2}; the change is at most "
              "linear in ω as ω → 0",
    hypotheses=("Def. 2.3", "ω ≤ 1/poly(L)"),
    test="scaling exponent: median over seeds of max_ℓ‖Δh_ℓ‖ under the coherent perturbation against ω ∈ [10⁻⁵, 10⁻²]; "
         "as ω → 0 an O(ω) bound needs the CI to reach up to 1 (mutant O(ω²): 2)",
)
def forward_perturb(seed: int, variant: str | None) -> PResult:
    """Forward stability under the coherent (linearised worst-case) perturbation."""
    m, S, d, L = (1024 if _big() else 256), 4, 4, 4
    omegas = [1e-5, 1e-4, 1e-3, 1e-2]
    net = _M.init_net(S, d, m, L, 1000 * seed + 31)
    X = _M.unit_data(1, d, seed)
    p0 = _M.forward(net, X)
    ys, ratio = [], []
    unit = _M.coherent(net, p0, 0, 1.0, seed)  # rank one per layer, ‖W′_ℓ‖₂ = 1; scaled by ω below
    for om in omegas:
        p1 = _M.forward(net.with_W([w + om * dw for w, dw in zip(net.W, unit, strict=True)]), X)
        dh = torch.stack([torch.linalg.vector_norm(a - b, dim=(1, 2)) for a, b in zip(p1.h[1:], p0.h[1:], strict=True)])
        ys.append(dh.amax(0).tolist())
        ratio.append(float(dh.amax()) / (om * L**2.5))
    a = 2.0 if variant == "mutant" else 1.0
    return PResult("allen_zhu19.step2.forward_perturb", "scaling exponent",
                   [Scan("ω-scan (coherent)", "ω", "max_ℓ‖h_ℓ − h⁽⁰⁾_ℓ‖", omegas, _tol_pos(ys), a, "ge")],
                   [1000 * seed + 31], {"m": m, "L": L, "seeds": S, "max ‖Δh‖/(ω L^{5/2})": ratio})


def _back_change(net: _M.Net, X: torch.Tensor, omega: float) -> torch.Tensor:
    """max_a‖Back_{0,a} − Back⁽⁰⁾_{0,a}‖₂ (S,) after adversarial flips at every layer (each ‖W′_ℓ‖₂ ≤ ω)."""
    p0 = _M.forward(net, X)
    W = [w + _M.adversarial_flip(p0.g[l][:, :, 0], p0.h[l - 1][:, :, 0], omega) for l, w in enumerate(net.W, 1)]
    p1 = _M.forward(net.with_W(W), X)
    net1 = net.with_W(W)
    return torch.stack([torch.linalg.matrix_norm(_M.back(net1, p1, 0, a) - _M.back(net, p0, 0, a), ord=2)
                        for a in range(1, net.L + 1)]).amax(0)


@_p_claim(
    id="allen_zhu19.step2.backward_perturb",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 2 (\"does not change by more than O(ω^{1/3}L²√(m/d))\")",
    statement="(corrected, erratum 2) For ω ≥ Ω((d/m)^{3/2}) and every W⃗ with ‖W_ℓ − W_ℓ⁽⁰⁾‖₂ ≤ ω: "
              "‖Back_{i,a} − Back⁽⁰⁾_{i,a}‖₂ ≤ C·ω^{1/3}L²√(m/d); printed without the lower limit on ω",
    hypotheses=("Def. 2.3", "ω ≤ 1/poly(L)", "ω ≥ (d/m)^{3/2}·const (corrected form)"),
    test="bounded ratio: median over seeds of max_a‖ΔBack_a‖₂/(ω^{1/3}√(m/d)) under adversarial flips at every layer, "
         "ω = 10⁻², against m; slope CI reaches ≤ 0. Mutant O(ω^{1/2}): ω-scan at the largest m, the change must "
         "decay like ω^{1/2} as ω → 0 (CI reaches up to 1/2). Printed: single smallest-|g_k| flip, d-scan at fixed m, "
         "ratio bounded in d (CI reaches ≤ 0)",
    printed=True,
)
def backward_perturb(seed: int, variant: str | None) -> PResult:
    """The backward matrix changes by O(ω^{1/3}√(m/d)) under adversarial sign flips."""
    S, d, L = 4, 4, 2
    ms = [128, 256, 512, 1024] if _big() else [128, 256, 512]
    X = _M.unit_data(1, d, seed)
    if variant == "printed":  # a single flip at ω ≈ |g_k|/‖h‖ ~ m^{−3/2}: ΔBack ≈ √2‖Be_k‖ regardless of d
        m, ds, ys = ms[-1], [1, 4, 16], []
        for dd in ds:
            net = _M.init_net(S, dd, m, 1, 1000 * seed + dd)
            Xd = _M.unit_data(1, max(dd, 2), seed)[-dd:] if dd == 1 else _M.unit_data(1, dd, seed)
            if dd == 1:
                Xd = torch.ones(1, 1, dtype=F64)
            p0 = _M.forward(net, Xd)
            g, h = p0.g[1][:, :, 0], p0.h[0][:, :, 0]
            om = 1.001 * 1.001 * g.abs().amin(1) / torch.linalg.vector_norm(h, dim=1)  # just above one flip
            Wp = torch.stack([_M.adversarial_flip(g[s:s + 1], h[s:s + 1], float(om[s]))[0] for s in range(S)])
            net1 = net.with_W([net.W[0] + Wp])
            p1 = _M.forward(net1, Xd)
            dB = torch.linalg.matrix_norm(_M.back(net1, p1, 0, 1) - _M.back(net, p0, 0, 1), ord=2)
            ys.append((dB / (om ** (1 / 3) * math.sqrt(m / dd))).tolist())
        return PResult("allen_zhu19.step2.backward_perturb", "bounded ratio",
                       [Scan("single-flip d-scan", "d", "‖ΔBack‖₂/(ω^{1/3}√(m/d))", ds, _tol_pos(ys), 0.0, "le")],
                       [1000 * seed + dd for dd in ds], {"m": m, "L": 1, "seeds": S})
    if variant == "mutant":
        omegas = [1e-3, 1e-2, 1e-1]
        net = _M.init_net(S, d, ms[-1], L, 1000 * seed + ms[-1])
        ys = [_back_change(net, X, om).tolist() for om in omegas]
        return PResult("allen_zhu19.step2.backward_perturb", "scaling exponent",
                       [Scan("ω-scan", "ω", "max_a‖ΔBack_a‖₂", omegas, _tol_pos(ys), 0.5, "ge")],
                       [1000 * seed + ms[-1]], {"m": ms[-1], "L": L, "seeds": S})
    om, ys = 1e-2, []
    for m in ms:
        net = _M.init_net(S, d, m, L, 1000 * seed + m)
        ys.append((_back_change(net, X, om) / (om ** (1 / 3) * math.sqrt(m / d))).tolist())
    return PResult("allen_zhu19.step2.backward_perturb", "bounded ratio",
                   [Scan("m-scan (ω = 10⁻²)", "m", "max_a‖ΔBack_a‖₂/(ω^{1/3}√(m/d))", ms, _tol_pos(ys), 0.0, "le")],
                   [1000 * seed + m for m in ms], {"d": d, "L": L, "seeds": S})


@_p_claim(
    id="allen_zhu19.step4.forward_lipschitz",
    where="Allen-Zhu, Li & Song 2019, Sec. 4 Step 4 (‖h_{i,ℓ} − h̆_{i,ℓ}‖ ≤ O(L^{1.5})‖W⃗′‖₂)",
    statement="Near initialisation the forward map is O(L^{1.5})-Lipschitz: ‖h_{i,L} − h̆_{i,L}‖ ≤ C·L^{1.5}·‖W⃗′‖₂; the "
              "coherent perturbation attains the exponent 1.5",
    hypotheses=("Def. 2.3", "W̆ = W⃗⁽⁰⁾", "‖W⃗′‖₂ = 10⁻⁴ (linear regime)"),
    test="scaling exponent: median over seeds of ‖Δh_{i,L}‖/‖W⃗′‖₂ (coherent W⃗′) against L; CI reaches down to 1.5 "
         "(mutant O(√L): 0.5)",
)
def forward_lipschitz(seed: int, variant: str | None) -> PResult:
    """Coherent perturbations move h_L by ≈ L^{1.5}·ω (prefix networks of one deep net per seed)."""
    m, S, d, om = (1024 if _big() else 256), 4, 4, 1e-4
    Ls = [1, 2, 4, 6, 8, 10] if _big() else [1, 2, 4, 8]
    net = _M.init_net(S, d, m, max(Ls), 1000 * seed + 37)
    X = _M.unit_data(1, d, seed)
    ys = []
    for L in Ls:
        sub = _M.Net(net.A, net.W[:L], net.B)
        p0 = _M.forward(sub, X)
        Wp = _M.coherent(sub, p0, 0, om, seed)
        p1 = _M.forward(sub.with_W([w + dw for w, dw in zip(sub.W, Wp, strict=True)]), X)
        ys.append((torch.linalg.vector_norm(p1.h[-1] - p0.h[-1], dim=(1, 2)) / om).tolist())
    a = 0.5 if variant == "mutant" else 1.5
    return PResult("allen_zhu19.step4.forward_lipschitz", "scaling exponent",
                   [Scan("L-scan (coherent)", "L", "‖Δh_L‖/‖W⃗′‖₂", Ls, _tol_pos(ys), a, "le")], [1000 * seed + 37],
                   {"m": m, "seeds": S,
                    "ratio/L^1.5": [sorted(r)[len(r) // 2] / L**1.5 for L, r in zip(Ls, ys, strict=True)]})


# ---------------------------------------------------------------------------- Theorems 3, 4, 1
def _chain(n: int, d: int, step: float, seed: int) -> torch.Tensor:
    """(d, n) admissible inputs on a chain: consecutive points at distance ≈ `step` (near-duplicates)."""
    x0 = _M.unit_data(1, d, seed)
    g = torch.Generator().manual_seed(int(seed) + 4242)
    cols = [x0[:, 0]]
    for _ in range(n - 1):
        v = torch.randn(d - 1, generator=g, dtype=F64)
        z = cols[-1][:-1] + step * v / v.norm()
        z = z / z.norm() * _SQRT_HALF
        cols.append(torch.cat([z, torch.full((1,), _SQRT_HALF, dtype=F64)]))
    return torch.stack(cols, dim=1)


@_p_claim(
    id="allen_zhu19.thm3.upper",
    where="Allen-Zhu, Li & Song 2019, Theorem 3 (first inequality)",
    statement="W.h.p., for every W⃗ near W⃗⁽⁰⁾: ‖∇F(W⃗)‖²_F ≤ C·F(W⃗)·Lnm/d; by the Gram identity the worst case over y* "
              "is 2λ_max(K(W⃗))·d/(Lnm) ≤ C",
    hypotheses=("Def. 2.3", "‖W⃗ − W⃗⁽⁰⁾‖₂ ≤ 1/poly (here W⃗ = W⃗⁽⁰⁾ + random of spectral size 10⁻²)"),
    test="bounded ratio: median over seeds of 2λ_max(K)·d/(Lnm) against m (n = 4, d = 6, L = 2) and, with "
         "near-duplicate inputs (chain at distance 10⁻³), against n; both slope CIs reach ≤ 0 (mutant without n: "
         "the n-scan ratio grows like n)",
)
def thm3_upper(seed: int, variant: str | None) -> PResult:
    """Gradient upper bound via λ_max of the Gram matrix K = JJᵀ (exact: ‖∇F‖² = lossᵀK loss)."""
    S, d, L = 3, 6, 2
    ms, ns = ([128, 256, 512, 1024] if _big() else [128, 256, 512]), [1, 2, 4, 8]

    def lam_max(m: int, X: torch.Tensor, s: int) -> torch.Tensor:
        net = _M.init_net(S, d, m, L, s)
        g = torch.Generator().manual_seed(s + 1)
        W = []
        for w in net.W:  # W⃗⁽⁰⁾ + a random perturbation of spectral norm 10⁻² per layer
            R = torch.randn(w.shape, generator=g, dtype=F64)
            W.append(w + 1e-2 * R / _M.spec2(R).reshape(-1, 1, 1))
        net = net.with_W(W)
        return torch.linalg.eigvalsh(_M.gram(net, _M.forward(net, X)))[:, -1]

    scans = []
    if variant != "mutant":
        n = 4
        X = _M.unit_data(n, d, seed)
        ym = [(2 * lam_max(m, X, 1000 * seed + m) * d / (L * n * m)).tolist() for m in ms]
        scans.append(Scan("m-scan", "m", "2λ_max(K)·d/(Lnm)", ms, _tol_pos(ym), 0.0, "le"))
    m = 256
    yn = [(2 * lam_max(m, _chain(n, d, 1e-3, seed), 1000 * seed + 7 * n) * d /
           (L * m * (1 if variant == "mutant" else n))).tolist() for n in ns]
    scans.append(Scan("near-duplicate n-scan (m = 256)", "n",
                      "2λ_max(K)·d/(Lm)" if variant == "mutant" else "2λ_max(K)·d/(Lnm)", ns, _tol_pos(yn), 0.0, "le"))
    return PResult("allen_zhu19.thm3.upper", "bounded ratio", scans, [1000 * seed], {"d": d, "L": L, "seeds": S})


@_p_claim(
    id="allen_zhu19.thm3.lower",
    where="Allen-Zhu, Li & Song 2019, Theorem 3 (second inequality)",
    statement="W.h.p., for every W⃗ near W⃗⁽⁰⁾: ‖∇F(W⃗)‖²_F ≥ c·F(W⃗)·δm/(dn²); strengthened (Sec. 4 Step 3): "
              "2λ_min(K(W⃗))·dn²/(δm) ≥ c, i.e. the ratio stays bounded below as m grows",
    hypotheses=("Def. 2.3", "Assumption 2.1 (δ > 0)", "unit inputs with last coordinate 1/√2"),
    test="bounded ratio: median over seeds of 2λ_min(K)·dn²/(δm) against m (n = 4, d = 6, L = 2): slope CI reaches "
         "≥ 0 (bounded below). Mutant without δ: a pair at distance δ ∈ {0.1, 0.3, 1} (m = 512), 2λ_min·d/m must not "
         "decrease as δ → 0 (δ-slope CI reaches ≤ 0); it falls like δ",
)
def thm3_lower(seed: int, variant: str | None) -> PResult:
    """Gradient lower bound via λ_min of the Gram matrix."""
    S, d, L = 3, 6, 2
    if variant == "mutant":
        deltas, m, ys = [0.1, 0.3, 1.0], 512, []
        for dl in deltas:
            net = _M.init_net(S, d, m, L, 1000 * seed + 3)
            ys.append((2 * torch.linalg.eigvalsh(_M.gram(net, _M.forward(net, _M.pair_at_distance(dl, d, seed))))[:, 0]
                       * d / m).tolist())
        return PResult("allen_zhu19.thm3.lower", "bounded ratio",
                       [Scan("pair δ-scan", "δ", "2λ_min(K)·d/m", deltas, _tol_pos(ys), 0.0, "le")], [1000 * seed + 3],
                       {"m": m, "L": L, "seeds": S})
    n = 4
    ms = [128, 256, 512, 1024] if _big() else [128, 256, 512]
    X = _M.unit_data(n, d, seed)
    delta = min(float((X[:, i] - X[:, j]).norm()) for i in range(n) for j in range(i + 1, n))
    ys = []
    for m in ms:
        net = _M.init_net(S, d, m, L, 1000 * seed + m)
        lam = torch.linalg.eigvalsh(_M.gram(net, _M.forward(net, X)))[:, 0]
        ys.append((2 * lam * d * n * n / (delta * m)).tolist())
    return PResult("allen_zhu19.thm3.lower", "bounded ratio",
                   [Scan("m-scan", "m", "2λ_min(K)·dn²/(δm)", ms, _tol_pos(ys), 0.0, "ge")], [1000 * seed],
                   {"δ": delta, "n": n, "d": d, "L": L, "seeds": S})


def _semi_smooth_terms(net: _M.Net, X: torch.Tensor, Ys: torch.Tensor, Wp: list[torch.Tensor],
                       sp: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(R, Q, Lin) of Theorem 4 at W̆ = net.W for the perturbation W⃗′ (poly(L) := 1, the most stringent)."""
    loss = _M.l2_loss(Ys)
    p = _M.forward(net, X)
    F0, dy = loss(p.y)
    G = _M.grad(net, p, dy)
    F1, _ = loss(_M.forward(net.with_W([w + dw for w, dw in zip(net.W, Wp, strict=True)]), X).y)
    inner = sum((g * dw).sum((1, 2)) for g, dw in zip(G, Wp, strict=True))
    if sp is None:  # ‖W⃗′‖₂ = max_ℓ‖W′_ℓ‖₂ (callers that normalised W⃗′ pass it)
        sp = torch.stack([_M.spec2(dw) for dw in Wp]).amax(0)
    n, d, m, L = X.shape[-1], net.B.shape[1], net.W[0].shape[-1], net.L
    Q = n * L * L * m / d * sp**2
    Lin = math.sqrt(n * m * math.log(m) / d) * sp * F0.sqrt()
    return F1 - F0 - inner, Q, Lin


@_p_claim(
    id="allen_zhu19.thm4.semi_smooth",
    where="Allen-Zhu, Li & Song 2019, Theorem 4 (semi-smoothness)",
    statement="W.h.p., for W̆ near W⃗⁽⁰⁾ and small W⃗′: F(W̆ + W⃗′) ≤ F(W̆) + ⟨∇F(W̆), W⃗′⟩ + C·(nL²m/d)‖W⃗′‖₂² + "
              "poly(L)·√(nm log m/d)·‖W⃗′‖₂·F(W̆)^{1/2}; with poly(L) := 1, R/(Q + Lin) ≤ C uniformly in m",
    hypotheses=("Def. 2.3", "W̆ = W⃗⁽⁰⁾ + random of spectral size 10⁻²", "‖W⃗′‖₂ ∈ {10⁻⁴, 10⁻²}",
                "the paper's gradient (ReLU′(0) = 1)"),
    test="bounded ratio: median over seeds of max over W⃗′ ∈ {−∇F, random} × sizes {10⁻⁴, 10⁻²} of |R|/Q against m; "
         "slope CI reaches ≤ 0. |R|/Q ≥ R/(Q + Lin), so this is stricter than the claim (R/(Q + Lin) itself "
         "still rises at m ≤ 512, where Lin dominates Q: recorded in the notes). Mutant (no first-order term): at a "
         "kink point (row k of W̆₁ projected so g_k ≈ 0, W⃗′ = ∓ε e_k ĥᵀ), R/Q must stay bounded as ε → 0: "
         "ε-slope CI reaches ≥ 0; it is −1",
)
def semi_smooth(seed: int, variant: str | None) -> PResult:
    """Semi-smoothness: the first-order term is what kink points need."""
    S, n, d, L = 3, 4, 4, 2
    if variant == "mutant":
        m, eps = 256, [1e-4, 1e-6, 1e-8]
        net = _M.init_net(S, d, m, L, 1000 * seed + 41)
        X = _M.unit_data(n, d, seed)
        Ys = torch.randn(S, d, n, generator=torch.Generator().manual_seed(seed + 5), dtype=F64)
        p = _M.forward(net, X)
        u = (_M.back(net, p, 0, 2).transpose(1, 2) @ (p.y[:, :, 0:1] - Ys[:, :, 0:1]))[:, :, 0]  # Back_{0,2}ᵀloss₀
        h = p.h[0][:, :, 0]
        W1 = net.W[0].clone()
        ks = []
        for s in range(S):
            g = p.g[1][s, :, 0].abs().masked_fill(u[s] <= 0, math.inf)
            k = int(g.argmin())
            ks.append(k)
            W1[s, k] = W1[s, k] - (p.g[1][s, k, 0] / (h[s] @ h[s])) * h[s]
        kink = net.with_W([W1, *net.W[1:]])
        pk = _M.forward(kink, X)
        ys = []
        for e in eps:
            Wp = [torch.zeros_like(w) for w in kink.W]
            for s, k in enumerate(ks):
                sign = -1.0 if bool(pk.D[1][s, k, 0] > 0) else 1.0
                Wp[0][s, k] = sign * e * h[s] / h[s].norm()
            R, Q, _ = _semi_smooth_terms(kink, X, Ys, Wp)
            ys.append((R.abs() / Q).tolist())
        return PResult("allen_zhu19.thm4.semi_smooth", "bounded ratio",
                       [Scan("kink ε-scan", "ε", "|R|/Q", eps, _tol_pos(ys), 0.0, "ge")], [1000 * seed + 41],
                       {"m": m, "seeds": S})
    ms = [128, 256, 512, 1024] if _big() else [128, 256, 512]
    ys, ysQ = [], []
    for m in ms:
        net = _M.init_net(S, d, m, L, 1000 * seed + m)
        g = torch.Generator().manual_seed(1000 * seed + m + 1)
        W = []
        for w in net.W:
            Rn = torch.randn(w.shape, generator=g, dtype=F64)
            W.append(w + 1e-2 * Rn / _M.spec2(Rn).reshape(-1, 1, 1))
        net = net.with_W(W)
        X = _M.unit_data(n, d, seed)
        Ys = torch.randn(S, d, n, generator=g, dtype=F64)
        p = _M.forward(net, X)
        G = _M.grad(net, p, p.y - Ys)
        dirs = [[-x for x in G], [torch.randn(w.shape, generator=g, dtype=F64) for w in net.W]]
        best = torch.zeros(S, dtype=F64)
        bestQ = torch.zeros(S, dtype=F64)
        for D_ in dirs:
            sp = torch.stack([_M.spec2(x) for x in D_]).amax(0).reshape(-1, 1, 1)
            for size in (1e-4, 1e-2):
                R, Q, Lin = _semi_smooth_terms(net, X, Ys, [size * x / sp for x in D_],
                                               torch.full((S,), size, dtype=F64))
                best = torch.maximum(best, R.abs() / (Q + Lin))
                bestQ = torch.maximum(bestQ, R.abs() / Q)
        ys.append(best.tolist())
        ysQ.append(bestQ.tolist())
    return PResult("allen_zhu19.thm4.semi_smooth", "bounded ratio",
                   [Scan("m-scan", "m", "max |R|/Q", ms, _tol_pos(ysQ), 0.0, "le")], [1000 * seed],
                   {"n": n, "d": d, "L": L, "seeds": S, "max |R|/(Q + Lin) (per m × seeds)": ys})


def _separated(n: int, d: int, seed: int, delta: float) -> torch.Tensor:
    """`unit_data` redrawn (seed + 7919k) until min_{i≠j}‖xᵢ − xⱼ‖ ≥ δ (Assumption 2.1 with a fixed δ)."""
    for k in range(1000):
        X = _M.unit_data(n, d, seed + 7919 * k)
        if min(float((X[:, i] - X[:, j]).norm()) for i in range(n) for j in range(i + 1, n)) >= delta:
            return X
    raise FloatingPointError(f"no {delta}-separated draw of {n} points in dimension {d}")


def _gd_T(m: int, d: int, seed: int, *, eta_c: float, with_d: bool = True, S: int = 3, n: int = 4, L: int = 2,
          frac: float = 1e-2, cap: int = 3000, d0: int = 4, data_seed: int = 0) -> tuple[list[float], list[float]]:
    """GD of Theorem 1 (η = c·d/(mLn), or c/(mLn) without d) on data padded from dimension d0 to d (δ and F₀ kept):
    per seed the first t with F_t ≤ frac·F₀, and the drift max_ℓ‖W_ℓ,t − W_ℓ⁽⁰⁾‖₂/√F₀ at that t."""
    X0 = _separated(n, d0, data_seed, 0.3)
    X = torch.zeros(d, n, dtype=F64)
    X[: d0 - 1], X[-1] = X0[: d0 - 1], X0[-1]
    Y = torch.zeros(S, d, n, dtype=F64)
    Y[:, :d0] = torch.randn(S, d0, n, generator=torch.Generator().manual_seed(data_seed + 99), dtype=F64)
    net = _M.init_net(S, d, m, L, seed)
    eta = eta_c * (d if with_d else 1.0) / (m * L * n)
    loss = _M.l2_loss(Y)
    W = list(net.W)
    T = [math.inf] * S
    drift = [math.inf] * S
    F0 = None
    for t in range(cap + 1):
        cur = net.with_W(W)
        p = _M.forward(cur, X)
        F, dy = loss(p.y)
        if F0 is None:
            F0 = F
        hit = [s for s in range(S) if T[s] == math.inf and float(F[s]) <= frac * float(F0[s])]
        if hit:
            dr = torch.stack([_M.spec2(w - w0) for w, w0 in zip(W, net.W, strict=True)]).amax(0)
            for s in hit:  # drift per unit of the initial residual √F₀ (targets differ between seeds)
                T[s], drift[s] = float(max(t, 1)), float(dr[s]) / math.sqrt(float(F0[s]))
        if all(v < math.inf for v in T) or t == cap:
            break
        G = _M.grad(cur, p, dy)
        W = [w - eta * g for w, g in zip(W, G, strict=True)]
    return T, drift


_GD_CACHE: dict[tuple[int, bool], dict[str, object]] = {}


def _gd_scans(seed: int) -> dict[str, object]:
    key = (seed, _big())
    if key not in _GD_CACHE:
        ms = [64, 128, 256, 512, 1024] if _big() else [64, 128, 256]
        runs = [_gd_T(m, 4, 1000 * seed + m, eta_c=1.0, data_seed=1000 * seed, S=6) for m in ms]
        _GD_CACHE[key] = {"ms": ms, "T": [r[0] for r in runs], "drift": [r[1] for r in runs]}
    return _GD_CACHE[key]


@_p_claim(
    id="allen_zhu19.thm1.gd",
    where="Allen-Zhu, Li & Song 2019, Theorem 1",
    statement="For m ≥ Ω̃(poly(n, L, δ⁻¹)·d), GD with η = Θ(dδ/(poly(n, L)·m)) reaches F ≤ ε within "
              "T = Θ(poly(n, L)/δ²·log ε⁻¹) iterations, independent of m and of d",
    hypotheses=("Def. 2.3", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "η = d/(mLn)", "ε = 10⁻²·F₀", "n = 4, L = 2"),
    test="bounded ratio: median over seeds of T(10⁻²F₀) against m ∈ {64, 128, 256} (d = 4) and against d ∈ {4, 8, 16} "
         "(m = 16d, zero-padded data keeping δ and F₀; at m = 8d T still grows with d): both slope CIs reach ≤ 0. "
         "Mutant η = 4/(mLn) (no d): the "
         "d-scan "
         "T grows like d",
)
def thm1_gd(seed: int, variant: str | None) -> PResult:
    """Linear convergence of GD in iterations independent of m and d."""
    scans = []
    if variant != "mutant":
        sc = _gd_scans(seed)
        scans.append(Scan("m-scan", "m", "T(10⁻²F₀)", sc["ms"], _tol_pos(sc["T"]), 0.0, "le"))  # type: ignore[arg-type]
    ds = [4, 8, 16]
    yd = [_gd_T(16 * d, d, 1000 * seed + 7, eta_c=4.0 if variant == "mutant" else 1.0, with_d=variant != "mutant",
                data_seed=1000 * seed, S=4)[0] for d in ds]
    scans.append(Scan("d-scan (m = 16d)", "d", "T(10⁻²F₀)", ds, _tol_pos(yd), 0.0, "le"))
    return PResult("allen_zhu19.thm1.gd", "bounded ratio", scans, [1000 * seed], {"n": 4, "L": 2, "seeds": 3})


@_p_claim(
    id="allen_zhu19.sec3_1.remark_drift",
    where="Allen-Zhu, Li & Song 2019, Sec. 3.1 remark after Theorem 4",
    statement="Along GD as in Theorem 1, max_t‖W⃗_t − W⃗⁽⁰⁾‖₂ ≤ 1/poly(n, L, δ⁻¹), independent of m and "
              "non-increasing in "
              "it (∝ √(d/m) from Theorem 3 and η ∝ d/m)",
    hypotheses=("as in Theorem 1 (the runs of allen_zhu19.thm1.gd)",),
    test="scaling exponent: median over seeds of the drift max_ℓ‖W_ℓ,T − W_ℓ⁽⁰⁾‖₂/√F₀ at T(10⁻²F₀) against m; "
         "CI reaches "
         "down to 0 (non-increasing). The catalog's mutant (\"drift independent of m\", CI contains 0) is not refuted "
         "at ci sizes (m ≤ 256, 6 seeds: CI ≈ (−1.2, 0.2)), so it is not registered",
    has_mutant=False,
)
def remark_drift(seed: int, variant: str | None) -> PResult:
    """The iterates stay in a spectral ball whose radius shrinks with m."""
    sc = _gd_scans(seed)
    side = "eq" if variant == "mutant" else "le"
    return PResult("allen_zhu19.sec3_1.remark_drift", "scaling exponent",
                   [Scan("m-scan", "m", "max_ℓ‖W_ℓ,T − W_ℓ⁽⁰⁾‖₂/√F₀", sc["ms"], _tol_pos(sc["drift"]), 0.0, side)],  # type: ignore[arg-type]
                   [1000 * seed], {"n": 4, "L": 2, "d": 4, "seeds": 6})


# ============================================================================ class P (Theorems 2, 5, 6, 7)
_SGD_CACHE: dict[tuple[int, bool], dict[str, object]] = {}


def _sgd_scan(seed: int) -> dict[str, object]:
    """T(10⁻²F₀) per seed of SGD (unbiased step, catalog reconstruction) at η = (b/n)·4d/(mLn), b ∈ {1, 2, 4};
    the same initialisations and targets for every b (common random numbers), m = 64 (ci) or 256 (thorough)."""
    key = (seed, _big())
    if key not in _SGD_CACHE:
        n, d, L, S = 4, 4, 2, 8
        m = 256 if _big() else 64
        X = _separated(n, d, 1000 * seed, 0.3)
        Y = torch.randn(S, d, n, generator=torch.Generator().manual_seed(1000 * seed + 99), dtype=F64)
        net = _M.init_net(S, d, m, L, 1000 * seed)
        bs = [1, 2, 4]
        T = [_M.hit_time(net, X, _M.l2_loss(Y), (b / n) * 4.0 * d / (m * L * n), 1e-2, 8000 // b, batch=b,
                         gen=torch.Generator().manual_seed(1000 * seed + 5 + b)) for b in bs]
        _SGD_CACHE[key] = {"bs": bs, "T": T, "m": m, "n": n, "d": d, "L": L, "S": S}
    return _SGD_CACHE[key]


@_p_claim(
    id="allen_zhu19.thm2.sgd",
    where="Allen-Zhu, Li & Song 2019, Theorem 2",
    statement="SGD with mini-batch b and η = Θ(bδd/(poly(n, L)·m·log²m)) reaches F ≤ ε in "
              "T = Θ(poly(n, L)·log²m/(δ²b)·log ε⁻¹) iterations, i.e. T ∝ 1/b at fixed m "
              "(SGD step reconstructed as the unbiased W⃗ ← W⃗ − η(n/b)Σ_{i∈S_t}∇Fᵢ, S_t a uniform b-subset)",
    hypotheses=("Def. 2.3", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "η = (b/n)·4d/(mLn)", "ε = 10⁻²·F₀",
                "n = 4, d = 4, L = 2, m = 64 (ci), 8 seeds sharing initialisation across b"),
    test="scaling exponent: median over seeds of T(10⁻²F₀) against b ∈ {1, 2, 4}; the slope CI contains −1. "
         "Mutant T ∝ 1/b² (the plain-sum step at η ∝ b): the same data's CI excludes −2",
)
def thm2_sgd(seed: int, variant: str | None) -> PResult:
    """SGD iterations scale as 1/b."""
    sc = _sgd_scan(seed)
    claimed = -2.0 if variant == "mutant" else -1.0
    return PResult("allen_zhu19.thm2.sgd", "scaling exponent",
                   [Scan("b-scan", "b", "T(10⁻²F₀)", sc["bs"], _tol_pos(sc["T"]), claimed, "eq")],  # type: ignore[arg-type]
                   [1000 * seed], {k: sc[k] for k in ("m", "n", "d", "L", "S")})


# ---------------------------------------------------------------------------- Theorem 5 (general losses)
# One batched run per (loss, m, seed offset, duplicated inputs, batch): n = 4, d = 4, L = 2, 8 seeds,
# η = c·d/(mLn). Records F_t and max_i‖∂f/∂yᵢ‖ (the output-space stationarity of footnote 6) for t ≤ K.
# "dup" drops Assumption 2.1: x₂ = x₁ with conflicting targets (the catalog's mutant for these bullets).
_T5_CACHE: dict[tuple[str, int, int, bool, int | None, int], tuple[torch.Tensor, torch.Tensor]] = {}
_T5_ETA = {"pl": 0.5, "logistic": 4.0, "ce": 4.0}
_T5_KS = [50, 100, 200, 400]
_T5_KS_SLOW = [100, 200, 400, 800]


def _t5_loss(kind: str, S: int, d: int, n: int, seed: int, dup: bool) -> _M.LossFn:
    g = torch.Generator().manual_seed(seed + 99)
    Y = torch.randn(S, d, n, generator=g, dtype=F64)
    if kind == "pl":
        if dup:  # same input, targets 2 apart in coordinate 1: F ≥ min_y f(y) + f(y − 2) = 6.17
            Y[:, :, 1] = Y[:, :, 0]
            Y[:, 0, 1] += 2.0
        return _M.pl_loss(Y)
    if kind == "logistic":
        s = torch.where(Y >= 0, 1.0, -1.0).to(F64)
        if dup:
            s[:, :, 1] = -s[:, :, 0]
        return _M.logistic_loss(s)
    labels = torch.randint(0, d, (S, n), generator=g)
    if dup:
        labels[:, 1] = (labels[:, 0] + 1) % d
    return _M.ce_loss(labels)


def _t5_run(kind: str, m: int, K: int, seed: int, *, dup: bool = False,
            batch: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(F_t (K+1, S), max_i‖∂f/∂yᵢ‖ at t (K+1, S)) along GD (or SGD with mini-batch `batch`)."""
    key = (kind, m, seed, dup, batch, K)
    if key not in _T5_CACHE:
        n, d, L, S = 4, 4, 2, 8
        X = _separated(n, d, 1000 * seed, 0.3)
        if dup:
            X[:, 1] = X[:, 0]
        base = _t5_loss(kind, S, d, n, 1000 * seed, dup)
        gn: list[torch.Tensor] = []

        def loss(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            F, dy = base(y)
            gn.append(torch.linalg.vector_norm(dy, dim=1).amax(1))
            return F, dy

        net = _M.init_net(S, d, m, L, 1000 * seed + m)
        gen = torch.Generator().manual_seed(1000 * seed + 5) if batch else None
        r = _M.gd_run(net, X, loss, _T5_ETA[kind] * d / (m * L * n), K, batch=batch, gen=gen)
        _T5_CACHE[key] = (r.losses, torch.stack(gn))
    return _T5_CACHE[key]


def _k_scan(name: str, hist: torch.Tensor, Ks: list[int], claimed: float, quantity: str) -> Scan:
    """min_{t≤K} of a per-seed history (relative to t = 0) against the iteration budget K (side "le")."""
    best = torch.cummin(hist / hist[0], 0).values
    return Scan(name, "K", quantity, Ks, _tol_pos([best[k].tolist() for k in Ks]), claimed, "le")


def _t5_m_scan(kind: str, seed: int, frac: float) -> Scan:
    ms = [64, 128, 256, 512] if _big() else [64, 128, 256]
    T = []
    for m in ms:
        n, d, L, S = 4, 4, 2, 8
        X = _separated(n, d, 1000 * seed, 0.3)
        net = _M.init_net(S, d, m, L, 1000 * seed + m)
        loss = _t5_loss(kind, S, d, n, 1000 * seed, False)
        F0 = loss(_M.forward(net, X).y)[0]
        f = frac / F0 if kind == "ce" else torch.full_like(F0, frac)  # ce: absolute level F ≤ frac
        T.append(_M.hit_time(net, X, loss, _T5_ETA[kind] * d / (m * L * n), 1.0, 4000, thresholds=f))
    label = f"T(F ≤ {frac:g})" if kind == "ce" else f"T({frac:g}·F₀)"
    return Scan("m-scan", "m", label, ms, _tol_pos(T), 0.0, "le")


@_p_claim(
    id="allen_zhu19.thm5.pl",
    where="Allen-Zhu, Li & Song 2019, Theorem 5, first bullet",
    statement="GD on F = Σᵢ f(Bh_{i,L}; y*ᵢ) with f nonconvex and σ-gradient dominant finds F ≤ ε in "
              "T = Õ(poly(n, L)/(σδ²)·log ε⁻¹) iterations, independent of m; f = Σ_c (r_c² + 3 sin² r_c) (catalog's "
              "nonconvex PL loss). A linear rate makes min_{t≤K}F_t decay faster than every power of K: on the window "
              "K ∈ {50, …, 400} the suite tests the power 2 (the suite's own operationalisation)",
    hypotheses=("Def. 2.3", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "η = 0.5·d/(mLn)", "n = 4, d = 4, L = 2",
                "8 seeds"),
    test="scaling exponent: median over seeds of min_{t≤K}F_t/F₀ against K ∈ {50, 100, 200, 400} (m = 64): CI reaches "
         "≤ −2; bounded ratio: T(10⁻⁴F₀) against m ∈ {64, 128, 256}: CI reaches ≤ 0. Mutant (catalog): dropping "
         "Assumption 2.1 (x₂ = x₁, targets 2 apart: F ≥ 6.17 for every W⃗): the K-scan's CI stays above −2",
)
def thm5_pl(seed: int, variant: str | None) -> PResult:
    """GD with a PL (nonconvex) output loss converges linearly, in iterations bounded in m."""
    dup = variant == "mutant"
    scans = [_k_scan("K-scan (m = 64)", _t5_run("pl", 64, _T5_KS[-1], seed, dup=dup)[0], _T5_KS, -2.0,
                     "min_{t≤K} F_t/F₀")]
    if not dup:
        scans.append(_t5_m_scan("pl", seed, 1e-4))
    return PResult("allen_zhu19.thm5.pl", "scaling exponent", scans, [1000 * seed],
                   {"n": 4, "d": 4, "L": 2, "seeds": 8, "duplicated inputs": dup})


@_p_claim(
    id="allen_zhu19.thm5.convex",
    where="Allen-Zhu, Li & Song 2019, Theorem 5, second bullet",
    statement="GD on F = Σᵢ f(Bh_{i,L}) with f convex finds F − inf F ≤ ε in T = Õ(poly(n, L)/δ²·1/ε) iterations, "
              "i.e. min_{t≤K}F_t = Õ(1/K); f(y) = Σ_c log(1 + e^{−s_c y_c}) (catalog's logistic loss, inf F = 0 not "
              "attained)",
    hypotheses=("Def. 2.3", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "η = 4d/(mLn)", "n = 4, d = 4, L = 2, m = 64",
                "signs s = sign of Gaussian draws", "8 seeds"),
    test="scaling exponent: median over seeds of min_{t≤K}F_t/F₀ against K ∈ {100, 200, 400, 800}: CI reaches ≤ −1. "
         "Mutant (catalog): a linear rate, operationalised as in allen_zhu19.thm5.pl (power 2 on the window): "
         "CI stays above −2",
)
def thm5_convex(seed: int, variant: str | None) -> PResult:
    """GD with a convex output loss reaches ε-error in O(1/ε) iterations."""
    hist = _t5_run("logistic", 64, _T5_KS_SLOW[-1], seed)[0]
    claimed = -2.0 if variant == "mutant" else -1.0
    return PResult("allen_zhu19.thm5.convex", "scaling exponent",
                   [_k_scan("K-scan (m = 64)", hist, _T5_KS_SLOW, claimed, "min_{t≤K} F_t/F₀")], [1000 * seed],
                   {"n": 4, "d": 4, "L": 2, "seeds": 8})


@_p_claim(
    id="allen_zhu19.thm5.sgd_nonconvex",
    where="Allen-Zhu, Li & Song 2019, Theorem 5, third bullet (footnote 6)",
    statement="SGD on F = Σᵢ f(Bh_{i,L}) with f nonconvex and smooth finds a point with ‖∇f‖ ≤ ε, ∇f taken in the "
              "outputs (footnote 6), within T = Õ(poly(n, L)/δ²·1/ε²) iterations, i.e. min_{t≤K} max_i‖∂f/∂yᵢ‖ "
              "= Õ(K^(−1/2)); f = Σ_c (r_c² + 3 sin² r_c) (nonconvex), b = 1",
    hypotheses=("Def. 2.3", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "η = 0.5·d/(mLn)",
                "SGD step reconstructed as in allen_zhu19.thm2.sgd, b = 1", "n = 4, d = 4, L = 2, m = 64", "8 seeds"),
    test="scaling exponent: median over seeds of min_{t≤K} max_i‖∂f/∂yᵢ‖ (relative to t = 0) against "
         "K ∈ {100, 200, 400, 800}: CI reaches ≤ −1/2. Mutant: dropping Assumption 2.1 (x₂ = x₁, targets 2 apart: "
         "the two output gradients cannot vanish together): CI stays above −1/2. The catalog's mutant (stationarity "
         "in W⃗) is not a statement this scan can refute, so it is replaced",
)
def thm5_sgd_nonconvex(seed: int, variant: str | None) -> PResult:
    """SGD finds ε-stationary outputs in O(1/ε²) iterations."""
    dup = variant == "mutant"
    gn = _t5_run("pl", 64, _T5_KS_SLOW[-1], seed, dup=dup, batch=1)[1]
    return PResult("allen_zhu19.thm5.sgd_nonconvex", "scaling exponent",
                   [_k_scan("K-scan (m = 64, b = 1)", gn, _T5_KS_SLOW, -0.5, "min_{t≤K} max_i‖∂f/∂yᵢ‖")],
                   [1000 * seed], {"n": 4, "d": 4, "L": 2, "seeds": 8, "duplicated inputs": dup})


@_p_claim(
    id="allen_zhu19.thm5.cross_entropy",
    where="Allen-Zhu, Li & Song 2019, Theorem 5, fourth bullet (footnote 7)",
    statement="GD on the cross-entropy objective reaches 100% training accuracy in T = Õ(poly(n, L)/δ²) iterations, "
              "independent of m; route of footnote 7: F_CE ≤ 1/4 (which forces 100% accuracy, "
              "allen_zhu19.fn7.ce_quarter), reached because F_CE (convex in the outputs) decays like Õ(1/K)",
    hypotheses=("Def. 2.3", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "η = 4d/(mLn)", "n = 4, d = 4, L = 2",
                "labels uniform on [d]", "8 seeds"),
    test="bounded ratio: median over seeds of T(F_CE ≤ 1/4) against m ∈ {64, 128, 256}: CI reaches ≤ 0; scaling "
         "exponent: min_{t≤K}F_CE/F₀ against K ∈ {100, …, 800} (m = 64): CI reaches ≤ −1. Mutant (catalog): "
         "dropping Assumption 2.1 (x₂ = x₁ with different labels: accuracy ≤ 50% and F_CE ≥ 2 ln 2 > 1/4 for "
         "every W⃗): the K-scan's CI stays above −1",
)
def thm5_cross_entropy(seed: int, variant: str | None) -> PResult:
    """Cross-entropy GD reaches F_CE ≤ 1/4, hence 100% training accuracy, in iterations bounded in m."""
    dup = variant == "mutant"
    scans = [_k_scan("K-scan (m = 64)", _t5_run("ce", 64, _T5_KS_SLOW[-1], seed, dup=dup)[0], _T5_KS_SLOW, -1.0,
                     "min_{t≤K} F_CE/F₀")]
    if not dup:
        scans.append(_t5_m_scan("ce", seed, 0.25))
    return PResult("allen_zhu19.thm5.cross_entropy", "bounded ratio", scans, [1000 * seed],
                   {"n": 4, "d": 4, "L": 2, "seeds": 8, "duplicated inputs": dup})


# ---------------------------------------------------------------------------- Theorems 6 and 7 (extensions)
_ARCH_CACHE: dict[tuple[str, int, int, bool, int], torch.Tensor] = {}


def _arch_run(arch: str, m: int, K: int, seed: int, *, dup: bool = False, stop: float | None = None) -> torch.Tensor:
    """F_t (≤ K+1, S) of GD (autograd) on the suite's ResNet ("res", L = 4, W_ℓ ~ N(0, 1/(Lm)), η = d/(mn), 8 seeds)
    or CNN ("cnn", `cnn_forward`, He fan-in init, η = 0.25/(mn) = 0.25d/(md·n), 6 seeds) construction; n = 4,
    d = 4, ℓ₂ targets N(0, 1); "dup": x₂ = x₁ with targets 1 apart."""
    key = (arch, m, seed, dup, K if stop is None else -K)
    if key not in _ARCH_CACHE:
        n, d, S = 4, 4, (8 if arch == "res" else 6)
        X = _separated(n, d, 1000 * seed, 0.3)
        Y = torch.randn(S, d, n, generator=torch.Generator().manual_seed(1000 * seed + 99), dtype=F64)
        if dup:
            X[:, 1] = X[:, 0]
            Y[:, :, 1] = Y[:, :, 0]
            Y[:, 0, 1] += 1.0
        g = torch.Generator().manual_seed(1000 * seed + m)
        if arch == "res":
            L = 4
            A = torch.randn(S, m, d, generator=g, dtype=F64) * math.sqrt(2.0 / m)
            B = torch.randn(S, d, m, generator=g, dtype=F64) / math.sqrt(d)
            W = [torch.randn(S, m, m, generator=g, dtype=F64) / math.sqrt(L * m) for _ in range(L)]
            fwd, eta = _M.resnet_forward(A, B), 1.0 * d / (m * n)
        elif arch == "cnn":  # L = 3: conv A (1 → m, k = 3), conv W₁, W₂ (m → m), FC W₃ (md → md), FC B (md → d)
            k, L = 3, 3
            A = torch.randn(S, m, 1, k, generator=g, dtype=F64) * math.sqrt(2.0 / k)
            B = torch.randn(S, d, m * d, generator=g, dtype=F64) / math.sqrt(d)
            W = [torch.randn(S, m, m, k, generator=g, dtype=F64) * math.sqrt(2.0 / (m * k)) for _ in range(L - 1)]
            W.append(torch.randn(S, m * d, m * d, generator=g, dtype=F64) * math.sqrt(2.0 / (m * d)))
            fwd, eta = _M.cnn_forward(A, B, k), 0.25 / (m * n)
        else:
            raise ValueError(arch)
        _ARCH_CACHE[key] = _M.autograd_gd(fwd, W, X, _M.l2_loss(Y), eta, K, stop=stop)
    return _ARCH_CACHE[key]


def _first_hit(hist: torch.Tensor, frac: float) -> list[float]:
    r = hist / hist[0]
    return [float(max(1, int((r[:, s] <= frac).nonzero()[0, 0]))) if bool((r[:, s] <= frac).any()) else math.inf
            for s in range(r.shape[1])]


@_p_claim(
    id="allen_zhu19.thm7.resnet",
    where="Allen-Zhu, Li & Song 2019, Theorem 7 (Appendix J absent)",
    statement="For the residual network h_ℓ = φ(h_{ℓ−1} + W_ℓh_{ℓ−1}) with an appropriate random initialisation, "
              "GD finds an ε-error ℓ₂ solution in T = Õ(poly(n, L)/δ²·log ε⁻¹) iterations, independent of m. "
              "Suite's own construction (the initialisation is not given in the text): W_ℓ ~ N(0, 1/(Lm)), A, B as "
              "Def. 2.3, L = 4, η = d/(mn); linear rate operationalised as in allen_zhu19.thm5.pl",
    hypotheses=("the suite's ResNet construction", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "n = 4, d = 4",
                "8 seeds"),
    test="scaling exponent: median over seeds of min_{t≤K}F_t/F₀ against K ∈ {25, 50, 100, 200} (m = 64): CI reaches "
         "≤ −2; bounded ratio: T(10⁻⁴F₀) against m ∈ {32, 64, 128}: CI reaches ≤ 0. Mutant (catalog): dropping "
         "Assumption 2.1 (x₂ = x₁, targets 1 apart: F ≥ ¼ for every W⃗): the K-scan's CI stays above −2",
)
def thm7_resnet(seed: int, variant: str | None) -> PResult:
    """GD on a ResNet converges linearly in iterations bounded in m."""
    dup = variant == "mutant"
    Ks = [25, 50, 100, 200]
    hist = _arch_run("res", 32 if dup else 64, Ks[-1] if dup else 300, seed, dup=dup)
    scans = [_k_scan("K-scan", hist, Ks, -2.0, "min_{t≤K} F_t/F₀")]
    if not dup:  # T at m = 64 from the K-scan's run (300 steps); other widths stop once every seed has hit
        ms = [32, 64, 128, 256] if _big() else [32, 64, 128]
        T = [_first_hit(hist if m == 64 else _arch_run("res", m, 600, seed, stop=1e-4), 1e-4) for m in ms]
        scans.append(Scan("m-scan", "m", "T(10⁻⁴F₀)", ms, _tol_pos(T), 0.0, "le"))
    return PResult("allen_zhu19.thm7.resnet", "scaling exponent", scans, [1000 * seed],
                   {"n": 4, "d": 4, "L": 4, "seeds": 8, "duplicated inputs": dup})


@_p_claim(
    id="allen_zhu19.thm6.cnn",
    where="Allen-Zhu, Li & Song 2019, Theorem 6 (Appendix I absent)",
    statement="For a CNN whose A, W₁…W_{L−1} are convolutional and W_L, B fully connected (d points with m channels "
              "per hidden layer), if m ≥ Ω̃(poly(n, L, d, δ⁻¹)·d) then w.h.p. GD finds an ε-error ℓ₂ solution in "
              "T = Õ(poly(n, L, d)/δ²·log ε⁻¹) iterations, independent of m. Suite's own construction (patch "
              "structure and initialisation are not given in the text): L = 3, the input x ∈ ℝᵈ read as d points with "
              "1 channel; A: circular 1-D convolution 1 → m channels, kernel 3, N(0, 2/3), fixed; W₁, W₂: circular "
              "convolutions m → m, kernel 3, N(0, 2/(3m)); W₃: fully connected md → md, N(0, 2/(md)); B: fully "
              "connected md → d, N(0, 1/d), fixed; ReLU; η = 0.25/(mn); linear rate operationalised as in "
              "allen_zhu19.thm5.pl",
    hypotheses=("the suite's CNN construction", "Assumption 2.1 with δ ≥ 0.3 (redrawn)", "n = 4, d = 4", "6 seeds"),
    test="scaling exponent: median over seeds of min_{t≤K}F_t/F₀ against K ∈ {25, 50, 100, 200} (m = 16): CI reaches "
         "≤ −2; bounded ratio: T(10⁻⁴F₀) against m ∈ {16, 24, 32}: CI reaches ≤ 0. Mutant (catalog): dropping "
         "Assumption 2.1 (x₂ = x₁, targets 1 apart: F ≥ ¼ for every weight): the K-scan's CI stays above −2",
)
def thm6_cnn(seed: int, variant: str | None) -> PResult:
    """GD on a CNN converges linearly in iterations bounded in m."""
    dup = variant == "mutant"
    Ks = [25, 50, 100, 200]
    hist = _arch_run("cnn", 16, Ks[-1], seed, dup=dup)
    scans = [_k_scan("K-scan", hist, Ks, -2.0, "min_{t≤K} F_t/F₀")]
    if not dup:
        ms = [16, 24, 32, 48] if _big() else [16, 24, 32]
        T = [_first_hit(_arch_run("cnn", m, 1500, seed, stop=1e-4), 1e-4) for m in ms]
        # a seed stuck on a plateau at these small widths (a "w.h.p." failure, ~1 in 60 draws) is censored at the
        # cap 1500 and counted in the notes; the median over 6 seeds is exact while fewer than half are censored
        censored = sum(t == math.inf for r in T for t in r)
        T = [[min(t, 1500.0) for t in r] for r in T]
        scans.append(Scan("m-scan", "m", "T(10⁻⁴F₀) (censored at 1500)", ms, _tol_pos(T), 0.0, "le"))
    return PResult("allen_zhu19.thm6.cnn", "scaling exponent", scans, [1000 * seed],
                   {"n": 4, "d": 4, "L": 3, "kernel": 3, "seeds": 6, "duplicated inputs": dup,
                    "censored T": 0 if dup else censored})


def _grad_lipschitz(L: int, radii: list[float], seed: int, smooth: bool, m: int = 32, S: int = 8) -> list[list[float]]:
    """Per radius r and seed, max_± ‖∇F(W⃗ ± rU) − ∇F(W⃗)‖/r (U a random unit direction over all W_ℓ; F = ℓ₂ loss,
    n = d = 4, targets N(0, 1)) at a Def. 2.3 initialisation moved onto a kink: row 1 of W₁ is projected so that
    g_{1,1}[1] = 0 (the worst case for a non-smooth φ). φ = softplus (smooth) or ReLU (the mutant)."""
    n, d = 4, 4
    act = torch.nn.functional.softplus if smooth else (lambda z: z.clamp_min(0.0))
    X = _separated(n, d, 1000 * seed, 0.3)
    net = _M.init_net(S, d, m, L, 1000 * seed + L)
    Y = torch.randn(S, d, n, generator=torch.Generator().manual_seed(1000 * seed + 99), dtype=F64)
    W = [w.clone() for w in net.W]
    h0 = _M.forward(net, X, act=act).h[0][:, :, 0]  # (S, m) = h_{1,0}
    W[0][:, 0, :] -= ((W[0][:, 0, :] * h0).sum(1, keepdim=True) / (h0 * h0).sum(1, keepdim=True)) * h0
    loss = _M.l2_loss(Y)

    def G(Ws: list[torch.Tensor]) -> tuple[torch.Tensor, ...]:
        ps = [w.clone().requires_grad_(True) for w in Ws]
        F, _ = loss(_M.forward(net.with_W(ps), X, act=act).y)
        return torch.autograd.grad(F.sum(), ps)

    g0 = G(W)
    gen = torch.Generator().manual_seed(1000 * seed + 7 + L)
    U = [torch.randn(w.shape, generator=gen, dtype=F64) for w in W]
    nu = torch.sqrt(sum((u * u).sum((1, 2)) for u in U)).reshape(S, 1, 1)
    U = [u / nu for u in U]
    out = []
    for r in radii:
        best = torch.zeros(S, dtype=F64)
        for sg in (1.0, -1.0):
            g1 = G([w + sg * r * u for w, u in zip(W, U, strict=True)])
            sq = sum(((a - b) ** 2).sum((1, 2)) for a, b in zip(g1, g0, strict=True))
            best = torch.maximum(best, torch.sqrt(sq) / r)
        out.append(best.tolist())
    return out


@_p_claim(
    id="allen_zhu19.fn2.smooth_activation",
    where="Allen-Zhu, Li & Song 2019, footnote 2 (Sec. 1)",
    statement="If the activation is Lipschitz-smooth, the objective is 2^{O(L)}-Lipschitz smooth (bounded weights). "
              "Suite's own construction: φ = softplus, Def. 2.3 initialisation (m = 32, n = d = 4, ℓ₂ targets "
              "N(0, 1)) moved onto a kink (g_{1,1}[1] = 0); smoothness constant estimated by the gradient-Lipschitz "
              "ratio β(r) = max_± ‖∇F(W⃗ ± rU) − ∇F(W⃗)‖/r along a random unit direction U of all W_ℓ",
    hypotheses=("softplus (¼-smooth)", "weights at a Def. 2.3 initialisation (bounded w.h.p.)", "8 seeds"),
    test="scaling exponent: β(r) against r ∈ {10⁻², …, 10⁻⁵} at L = 4: bounded as r → 0 (CI reaches up to 0); "
         "β(10⁻⁴) against 2^L for L ∈ {2, 4, 6, 8}: the growth exponent c in β ≈ C·2^{cL} has CI reaching ≤ 1 (the "
         "suite's explicit O(L) constant). Mutant: ReLU (not smooth): β(r) ∝ r⁻¹ at the kink, the r-scan's CI "
         "stays below 0",
)
def fn2_smooth_activation(seed: int, variant: str | None) -> PResult:
    """Smooth activation ⇒ gradient Lipschitz with a constant at most exponential in L."""
    smooth = variant != "mutant"
    radii = [1e-2, 1e-3, 1e-4, 1e-5]
    scans = [Scan("r-scan", "r", "β(r) (L = 4)", radii, _tol_pos(_grad_lipschitz(4, radii, seed, smooth)), 0.0, "ge")]
    Ls = [2, 4, 6, 8]
    beta = [_grad_lipschitz(L, [1e-4], seed, smooth)[0] for L in Ls]
    scans.append(Scan("L-scan", "2^L", "β(10⁻⁴)", [2.0**L for L in Ls], _tol_pos(beta), 1.0, "le"))
    return PResult("allen_zhu19.fn2.smooth_activation", "scaling exponent", scans, [1000 * seed],
                   {"m": 32, "n": 4, "d": 4, "seeds": 8, "activation": "softplus" if smooth else "relu"})
