"""Nguyen 2021 experiments (not assertions): how conservative Theorem 2.2 is, and width scaling of (16)–(18).

(a) "How conservative": for constructions (B) "tuned" and (C) "well" of `nnverify.claims.nguyen21_theorem`
    (conditions (7)–(10) met), the measured per-step contraction of Φ, 1 − (Φ_K/Φ₀)^{1/K} over the guarded
    range, against the guaranteed ηα₀²/8 of (11); and the largest step size, as a multiple m of the bound (10),
    for which Φ still decreased monotonically over `steps` steps (doubling, then bisection in log m).
(b) Width scaling, §3.2 two-layer net under LeCun (19), C₁ = C₂ = 1, n₂ = 1: data on the sphere of radius
    √d, Y ~ N(0, 1). For each N and each d-rule (d = 4 fixed, d = 2N) the fraction of draws meeting all of
    (16)–(18) is measured on a grid n₁ = 2^j; the width where it crosses 1/2 (log-linear interpolation) is
    fitted as a power of N with `nnverify.stats.bootstrap_slope` over independent replicate sets. The paper
    claims n₁ = Ω(N²) (exponent 2); the catalog (errata 6) argues (18) also needs n₁ ≳ 64·N·d.
    The conditions are computed in closed form from chunked products (N×N Gram of σ(XW₁), d×d Gram of W₁),
    never materialising W₁ beyond one chunk, and agree with `nguyen21.conditions` (tests).
Corollary 3.2 (n_{L−1} of order N³, output variance n^{−4/3}) is not scanned: the catalog extrapolates
n_{L−1} ≈ 5e11 already at N = 2, beyond any feasible width.

    python -m nnverify.experiments.nguyen21 --out results/nguyen21          # ~3 min, one core
    python -m nnverify.experiments.nguyen21 --out /tmp/x --quick            # < 30 s smoke run
Writes PNG figures, results.json, results.md, and measurement files (`write_measurement`).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from nnverify.claims.nguyen21_theorem import CONSTRUCTIONS, Setup, _well_case, construct, run
from nnverify.measurements import write_measurement
from nnverify.stats import bootstrap_slope
from nnverify.train import gd
from nnverify.types import Case, Instance

F64 = torch.float64


# ------------------------------------------------------------------------------ (a) conservativeness
def _cases(quick: bool) -> list[Case]:
    out = []
    Ns = (2, 3) if quick else (2, 3, 4, 6)
    for N in Ns:
        for L in ((2, 3) if quick else (2, 3, 4)):
            out.append(_well_case(N, L, 1, 0, (("eta_frac", 0.9),)))
            for seed in range(1 if quick else 3):
                out.append(Case(widths=(2 * N, *([4] * (L - 2)), N + 4, 1), n=N, init="lecun", data="sphere",
                                seed=seed, params=(("kind", 1.0), ("eta_frac", 0.9), ("C_hidden", 1.0),
                                                   ("c9", 0.99))))
    return out


def _monotone(inst: Instance, setup: Setup, mult: float, steps: int) -> bool:
    import dataclasses

    th = dataclasses.replace(inst, Ws=list(setup.Ws), case=None)
    tr = gd(th, mult * setup.eta / _frac(inst), steps)  # η = m·(right side of (10))
    ph = tr.losses.numpy()
    return bool(np.isfinite(ph).all() and len(ph) == steps + 1 and (np.diff(ph) <= 0).all())


def _frac(inst: Instance) -> float:
    return inst.case.param("eta_frac", 0.99) if inst.case is not None else 0.99


def largest_monotone_multiple(inst: Instance, setup: Setup, steps: int, cap: float = 2.0 ** 40) -> float:
    """Largest m (η = m·bound(10)) with Φ non-increasing over `steps` steps: doubling, then 12 bisections."""
    lo, hi = 1.0, 2.0
    if not _monotone(inst, setup, 1.0, steps):
        return 1.0
    while _monotone(inst, setup, hi, steps):
        lo, hi = hi, hi * 2.0
        if hi > cap:
            return cap
    for _ in range(12):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if _monotone(inst, setup, mid, steps) else (lo, mid)
    return lo


def conservative(quick: bool) -> dict[str, Any]:
    K = 300 if quick else 1500
    Kb = 100 if quick else 300
    rows, rejected = [], {}
    reps: dict[str, Any] = {}
    for case in _cases(quick):
        inst = case.build()
        s = construct(inst)
        kind = CONSTRUCTIONS[int(case.param("kind", 1.0))]
        if isinstance(s, str):
            rejected[kind] = rejected.get(kind, 0) + 1
            continue
        r = run(s, inst, K)
        k = max(r.guarded, 1)
        measured = 1.0 - (r.phi[k] / r.phi[0]) ** (1.0 / k)
        m = largest_monotone_multiple(inst, s, Kb)
        rows.append({"kind": kind, "N": inst.N, "L": inst.L, "widths": list(inst.widths), "beta": s.beta,
                     "eta": s.eta, "guaranteed": s.contraction, "measured": measured,
                     "ratio": measured / s.contraction, "phi_K_over_phi_0": float(r.phi[k] / r.phi[0]),
                     "K": k, "max_monotone_multiple": m})
        if kind not in reps:
            reps[kind] = (r, s)
    # construction (A), the paper's §3.1: report its guaranteed contraction only
    paper = []
    for case in _cases(quick):
        if case.param("kind", 1.0) != 1.0:
            continue
        import dataclasses
        c = dataclasses.replace(case, params=tuple((k, 2.0 if k == "kind" else v) for k, v in case.params))
        s = construct(c.build())
        if not isinstance(s, str):
            paper.append({"N": c.n, "L": c.depth, "beta": s.beta, "guaranteed": s.contraction})
    return {"rows": rows, "rejected": rejected, "paper_A": paper, "K": K, "K_bisection": Kb, "reps": reps}


# ------------------------------------------------------------------------------ (b) width scaling
def two_layer_margin(N: int, d: int, n1: int, g: torch.Generator, chunk: int = 1 << 16) -> float:
    """min over (16), (17), (18) of lhs/rhs at one LeCun draw (C₁ = C₂ = 1, n₂ = 1); ≥ 1 ⟺ all hold."""
    X = torch.randn(N, d, generator=g, dtype=F64)
    X = X / torch.linalg.vector_norm(X, dim=1, keepdim=True) * math.sqrt(d)
    Y = torch.randn(N, 1, generator=g, dtype=F64)
    G = torch.zeros(N, N, dtype=F64)
    Wg = torch.zeros(d, d, dtype=F64)
    out = torch.zeros(N, 1, dtype=F64)
    w2sq = 0.0
    for j in range(0, n1, chunk):
        m = min(chunk, n1 - j)
        W1 = torch.randn(d, m, generator=g, dtype=F64) / math.sqrt(d)
        W2 = torch.randn(m, 1, generator=g, dtype=F64) / math.sqrt(n1)
        F1 = torch.relu(X @ W1)
        G += F1 @ F1.T
        Wg += W1 @ W1.T
        out += F1 @ W2
        w2sq += float((W2 * W2).sum())
    a0sq = max(float(torch.linalg.eigvalsh(G)[0]), 0.0)
    l1 = math.sqrt(max(float(torch.linalg.eigvalsh(Wg)[-1]), 0.0)) + 1.0
    l2 = math.sqrt(w2sq) + 1.0
    xf = float(torch.linalg.vector_norm(X))
    rho = float(torch.linalg.vector_norm(out - Y))
    m16 = a0sq / (16.0 * xf * max(l2, l1) * rho)
    m17 = a0sq ** 1.5 / (32.0 * xf * xf * l2 * rho)
    m18 = a0sq / (16.0 * xf * xf * l2 * l2)
    return min(m16, m17, m18)


def _crossing(widths: list[int], frac: list[float]) -> float:
    """Width where the fraction first reaches 1/2 (log-linear interpolation); nan if never."""
    for i, p in enumerate(frac):
        if p >= 0.5:
            if i == 0:
                return float(widths[0])
            p0, p1 = frac[i - 1], p
            t = (0.5 - p0) / (p1 - p0) if p1 > p0 else 1.0
            return float(math.exp(math.log(widths[i - 1]) + t * (math.log(widths[i]) - math.log(widths[i - 1]))))
    return math.nan


def width_scaling(quick: bool, budget_s: float) -> dict[str, Any]:
    Ns = (2, 3) if quick else (2, 3, 4, 6, 8)
    rules = {"d=4": lambda N: 4, "d=2N": lambda N: 2 * N}
    reps, draws = (2, 3) if quick else (3, 4)
    jmax = 15 if quick else 19
    t0 = time.time()
    res: dict[str, Any] = {}
    for rule, dfn in rules.items():
        per_N = {}
        for N in Ns:
            d = dfn(N)
            curves = []
            for rep in range(reps):
                g = torch.Generator().manual_seed(10_000 * N + 100 * d + rep)
                ws, fr = [], []
                for j in range(6, jmax + 1):
                    n1 = 2 ** j
                    hits = sum(two_layer_margin(N, d, n1, g) >= 1.0 for _ in range(draws))
                    ws.append(n1)
                    fr.append(hits / draws)
                    if fr[-1] == 1.0 or time.time() - t0 > budget_s:
                        break
                curves.append({"widths": ws, "fraction": fr, "crossing": _crossing(ws, fr)})
            per_N[N] = {"d": d, "curves": curves}
        fitN = [N for N in Ns if all(math.isfinite(c["crossing"]) for c in per_N[N]["curves"])]
        fit = None
        if len(fitN) >= 2:
            y = [[c["crossing"] for c in per_N[N]["curves"]] for N in fitN]
            fit = bootstrap_slope(fitN, y, n_boot=2000, seed=1).to_dict()
        res[rule] = {"per_N": per_N, "fit": fit, "fitted_N": fitN}
    res["paper_exponent"] = 2.0
    res["draws_per_width"] = draws
    res["replicates"] = reps
    return res


# ------------------------------------------------------------------------------ output
def _plots(out: Path, a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    for kind, mk in (("well", "o"), ("tuned", "s")):
        rr = [r for r in a["rows"] if r["kind"] == kind]
        if rr:
            ax[0].loglog([r["guaranteed"] for r in rr], [r["measured"] for r in rr], mk, label=kind)
            ax[1].semilogy([r["N"] + 0.1 * r["L"] for r in rr], [r["max_monotone_multiple"] for r in rr], mk,
                           label=kind)
    lim = [min(r["guaranteed"] for r in a["rows"]), max(r["measured"] for r in a["rows"])]
    ax[0].loglog(lim, lim, "k--", label="measured = guaranteed")
    ax[0].set_xlabel("guaranteed contraction ηα₀²/8")
    ax[0].set_ylabel("measured 1 − (Φ_K/Φ₀)^(1/K)")
    ax[0].legend()
    ax[1].set_xlabel("N (+0.1·L)")
    ax[1].set_ylabel("largest monotone η / bound (10)")
    ax[1].legend()
    fig.tight_layout()
    fig.savefig(out / "conservative.png", dpi=110)
    files.append("conservative.png")
    plt.close(fig)
    for kind, (r, s) in a["reps"].items():
        fig, axx = plt.subplots(figsize=(5, 3.5))
        k = np.arange(len(r.phi))
        axx.semilogy(k, r.phi, label="Φ(θ^k)")
        axx.semilogy(k, r.phi[0] * (1 - s.contraction) ** k, "--", label="(1 − ηα₀²/8)^k Φ(θ⁰)")
        axx.set_xlabel("k")
        axx.legend()
        axx.set_title(f"construction {kind}")
        fig.tight_layout()
        fig.savefig(out / f"trajectory_{kind}.png", dpi=110)
        files.append(f"trajectory_{kind}.png")
        plt.close(fig)
    fig, axs = plt.subplots(1, 3, figsize=(14, 4))
    for i, rule in enumerate(("d=4", "d=2N")):
        for N, v in b[rule]["per_N"].items():
            for j, c in enumerate(v["curves"]):
                axs[i].semilogx(c["widths"], c["fraction"], "-o", ms=3, color=f"C{list(b[rule]['per_N']).index(N)}",
                                label=f"N={N}" if j == 0 else None)
        axs[i].axhline(0.5, color="k", lw=0.5)
        axs[i].set_title(f"two-layer LeCun, {rule}: P[(16)–(18) hold]")
        axs[i].set_xlabel("n₁")
        axs[i].legend(fontsize=7)
        fit = b[rule]["fit"]
        if fit:
            Ns = b[rule]["fitted_N"]
            cr = [np.median([c["crossing"] for c in b[rule]["per_N"][N]["curves"]]) for N in Ns]
            lab = f"{rule}: slope {fit['slope']:.2f} [{fit['ci'][0]:.2f}, {fit['ci'][1]:.2f}]"
            axs[2].loglog(Ns, cr, "o-", label=lab)
    axs[2].set_xlabel("N")
    axs[2].set_ylabel("n₁ at fraction 1/2")
    axs[2].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "width_scaling.png", dpi=110)
    files.append("width_scaling.png")
    plt.close(fig)
    return files


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="results/nguyen21")
    p.add_argument("--quick", action="store_true", help="< 30 s smoke run")
    p.add_argument("--no-plots", action="store_true")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    A = conservative(a.quick)
    B = width_scaling(a.quick, budget_s=8.0 if a.quick else 100.0)
    files = [] if a.no_plots else _plots(out, A, B)
    reps = A.pop("reps")
    rows = A["rows"]
    summary = {"conservative": A, "width_scaling": B, "seconds": time.time() - t0, "figures": files}
    (out / "results.json").write_text(json.dumps(summary, indent=1, default=str))
    md = ["# Nguyen 2021 experiments", "", "## (a) How conservative is Theorem 2.2", "",
          "| construction | N | L | guaranteed ηα₀²/8 | measured | ratio | Φ_K/Φ₀ | max monotone η/bound(10) |",
          "|---|---|---|---|---|---|---|---|"]
    md += [f"| {r['kind']} | {r['N']} | {r['L']} | {r['guaranteed']:.3g} | {r['measured']:.3g} | {r['ratio']:.1f} | "
           f"{r['phi_K_over_phi_0']:.3g} | {r['max_monotone_multiple']:.3g} |" for r in rows]
    md += ["", "Construction (A) (§3.1, C_l = 1): guaranteed contraction "
           + ", ".join(f"{r['guaranteed']:.2g}" for r in A["paper_A"]), "",
           f"Rejected draws per construction: {A['rejected']}", "",
           "## (b) Width at which (16)–(18) hold in half of the LeCun draws", ""]
    for rule in ("d=4", "d=2N"):
        fit = B[rule]["fit"]
        crs = {N: [round(c["crossing"]) if math.isfinite(c["crossing"]) else None for c in v["curves"]]
               for N, v in B[rule]["per_N"].items()}
        md.append(f"- {rule}: crossings {crs}; " + (f"fitted exponent {fit['slope']:.2f}, CI {fit['ci'][0]:.2f}–"
                                                     f"{fit['ci'][1]:.2f} (paper: 2)" if fit else "no fit"))
    (out / "results.md").write_text("\n".join(md) + "\n")
    write_measurement("nguyen21.thm2.2.eq11", {"type": "table", "kind": "C", "test": "experiment",
                                               "columns": list(rows[0]) if rows else [],
                                               "rows": [list(r.values()) for r in rows]}, tag="conservative")
    for kind, (r, s) in reps.items():
        k = list(range(len(r.phi)))
        for cid in ("eq11", "inv12_norms", "inv12_sigma", "proof_path", "proof_drift", "proof_step_printed"):
            payload = {"type": "trajectory", "kind": "C", "k": k, "loss": r.phi.tolist(),
                       "bound": (r.phi[0] * (1 - s.contraction) ** np.arange(len(k))).tolist(),
                       "label": f"construction {kind}, N={r.tracker.Y.shape[0]}, L={len(s.Ws)}"}
            if cid == "inv12_norms":
                payload["norm_ratio"] = (r.wnorm / np.asarray(s.cond.lam_bar)).max(axis=1).tolist()
            if cid == "inv12_sigma":
                payload["sigma_ratio"] = (r.sigma / (s.cond.alpha0 / 2)).tolist()
            write_measurement(f"nguyen21.thm2.2.{cid}", payload, tag=f"trajectory_{kind}")
    for rule in ("d=4", "d=2N"):
        fit = B[rule]["fit"]
        if fit:
            write_measurement("nguyen21.sec3.2.width_n2", {
                "type": "slope", "kind": "P", "fit": fit, "claimed": 2.0, "side": "le", "variable": "N",
                "quantity": f"n₁ where P[(16)–(18)] = 1/2 ({rule})", "test": "scaling exponent",
                "verdict": "consistent" if fit["ci"][0] <= 2.0 else "refuted"}, tag=rule.replace("=", ""))
    print((out / "results.md").read_text())
    print(f"done in {time.time() - t0:.1f} s; figures {files}")
    return summary


if __name__ == "__main__":
    main()
