"""Nguyen & Mondelli 2020 experiments (not assertions): how conservative Theorem 3.2 is, and the width scaling
of Assumption 3.1 under LeCun initialisation (§3.2).

(a) "How conservative": for the constructions of `nnverify.claims.nguyen_mondelli20_theorem` ("label" scaling,
    L = 2 and 3, and the §3.1 "recipe", L = 3; (4), (5) met, η = 0.99·min(1/α₀, 1/Q₀)), the measured per-step
    contraction of Φ (median over the guarded steps of 1 − Φ_{k+1}/Φ_k, and the overall 1 − (Φ_K/Φ₀)^{1/K})
    against the guaranteed ηα₀ of (7); and the largest step size, as a multiple m of 1/Q₀, for which Φ still
    decreased monotonically over `steps` steps (doubling, then bisection in log m).
(b) Width scaling (§3.2, (12): n₁ of order N²/λ_*²): two-layer net (L = 2, n_L = 1), σ = (2) with γ = ½, β = 1,
    rows on the sphere of radius √d with d = N/2 (N ≥ d, λ_* of constant order along N = 2d), LeCun
    [W_l]_ij ~ 𝒩(0, 1/n_{l−1}) in both layers, Y ~ 𝒩(0, 1). For each N the fraction of draws meeting (4) and (5)
    is measured on a grid n₁ = 4^j ≥ N (16, 64, …) up to `max_width`; where it never reaches ½ the crossing width is
    extrapolated from the per-replicate power-law fit of max(ρ₄, ρ₅) against n₁ (crossing at max(ρ₄, ρ₅) = 1),
    and log(crossing) is fitted against log N with `nnverify.stats.bootstrap_slope` (paper: exponent 2).

    python -m nnverify.experiments.nguyen_mondelli20 --out results/nguyen_mondelli20    # < 3 min, one core
    python -m nnverify.experiments.nguyen_mondelli20 --out /tmp/x --quick               # < 30 s smoke run
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

from nnverify.claims.nguyen_mondelli20 import assumption31
from nnverify.claims.nguyen_mondelli20_theorem import Run, Setup, construct, guard_ok, run
from nnverify.data import make_data
from nnverify.linalg import frob
from nnverify.measurements import write_measurement
from nnverify.stats import bootstrap_slope
from nnverify.train import gd
from nnverify.types import Case, Instance

F64 = torch.float64


# ------------------------------------------------------------------------------ (a) conservativeness
def _cases(quick: bool) -> list[tuple[str, Case]]:
    out = []
    seeds = range(2 if quick else 4)
    for s in seeds:
        out.append(("label L=2", Case(widths=(3, 16, 3), n=4, activation="smooth_leaky_relu(0.5,1.0)", init="lecun",
                                      seed=s, params=(("construction", 0.0), ("v", 0.0), ("eta_frac", 0.99),
                                                      ("upper", 0.0), ("margin", 0.99)))))
        out.append(("label L=3", Case(widths=(3, 8, 3, 2), n=3, activation="smooth_leaky_relu(0.9,1.0)", init="lecun",
                                      seed=s, params=(("construction", 0.0), ("v", 0.0), ("eta_frac", 0.99),
                                                      ("upper", 0.0), ("margin", 0.99)))))
        out.append(("recipe L=3", Case(widths=(3, 4, 3, 2), n=4, activation="smooth_leaky_relu(0.5,1.0)", init="lecun",
                                       seed=s, params=(("construction", 1.0), ("v", 0.0), ("eta_frac", 0.99)))))
    return out


def _monotone(th: Instance, eta: float, steps: int) -> bool:
    traj = gd(th, eta, steps)
    phi = traj.losses.numpy()
    if traj.diverged or not np.all(np.isfinite(phi)):
        return False
    yf = frob(th.Y)
    for k in range(len(phi) - 1):
        if not guard_ok(float(phi[k + 1]), 0.0, yf):  # rounding level reached: monotone so far
            return True
        if phi[k + 1] > phi[k]:
            return False
    return True


def largest_monotone_multiple(inst: Instance, setup: Setup, steps: int) -> float:
    """Largest m (doubling from 1, then 8 bisections in log m) with Φ monotone for η = m/Q₀."""
    th = setup.instance(inst)
    Q0 = setup.Q0
    lo, hi = 1.0, 2.0
    if not _monotone(th, lo / Q0, steps):
        return 0.0
    while _monotone(th, hi / Q0, steps):
        lo, hi = hi, 2 * hi
        if hi > 2.0**60:
            return hi
    for _ in range(8):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if _monotone(th, mid / Q0, steps) else (lo, mid)
    return lo


def conservativeness(quick: bool) -> dict[str, Any]:
    K = 150 if quick else 400
    rows, runs = [], {}
    for name, case in _cases(quick):
        inst = case.build()
        s = construct(inst)
        if isinstance(s, str):
            rows.append({"construction": name, "seed": case.seed, "skipped": s})
            continue
        r = run(s, inst, K)
        kg = min(r.kg, r.K)
        ratio = r.phi[1:kg + 1] / r.phi[:kg]
        per_step = 1 - ratio
        overall = 1 - (r.phi[kg] / r.phi[0]) ** (1 / kg) if kg > 0 else math.nan
        m = largest_monotone_multiple(inst, s, 60 if quick else 150)
        rows.append({"construction": name, "seed": case.seed, "L": inst.L, "N": inst.N, "widths": list(inst.widths),
                     "eta": s.eta, "alpha0": s.alpha0, "Q0": s.Q0, "c": s.c, "rho4": float(s.a31["rho4"]),
                     "rho5": float(s.a31["rho5"]), "guaranteed": s.contraction,
                     "measured_median": float(np.median(per_step)), "measured_min": float(np.min(per_step)),
                     "measured_overall": float(overall), "ratio_median": float(np.median(per_step)) / s.contraction,
                     "ratio_min": float(np.min(per_step)) / s.contraction, "K": r.K, "kg": r.kg,
                     "max_monotone_eta_multiple_of_1_over_Q0": m})
        runs.setdefault(name, r)
    return {"rows": rows, "runs": runs}


# ------------------------------------------------------------------------------ (b) width scaling
def _rhos(N: int, n1: int, seed: int) -> tuple[float, float]:
    d = max(N // 2, 1)
    g = torch.Generator().manual_seed(10_000 * N + seed)
    X = make_data("sphere", N, d, g)
    W1 = torch.randn(d, n1, generator=g, dtype=F64) / math.sqrt(d)
    W2 = torch.randn(n1, 1, generator=g, dtype=F64) / math.sqrt(n1)
    Y = torch.randn(N, 1, generator=g, dtype=F64)
    inst = Instance.from_arrays(X, [W1, W2], Y, "smooth_leaky_relu(0.5,1)")
    a = assumption31(inst)
    return float(a["rho4"]), float(a["rho5"])


def width_scaling(quick: bool) -> dict[str, Any]:
    Ns = (4, 8) if quick else (4, 8, 16, 32)
    reps = 4 if quick else 8
    max_width = 2**11 if quick else 2**14
    table, per_N = [], {}
    for N in Ns:
        widths = [2**j for j in range(4, 31, 2) if N <= 2**j <= max_width]  # same grid for every N (n₁ ≥ N)
        P = np.array([[_rhos(N, w, s) for s in range(reps)] for w in widths])  # (widths, reps, 2): ρ₄, ρ₅
        R = P.max(axis=2)
        met = (R <= 1).mean(axis=1)
        for w, f, row in zip(widths, met, R, strict=True):
            table.append([N, w, float(f), float(np.median(row)), float(row.min())])
        # per replicate: power law of max(ρ₄, ρ₅) in n₁ over the two largest decades, crossing where it is 1
        sl, cross = [], []
        for s in range(reps):
            lx, ly = np.log(widths[-3:]), np.log(R[-3:, s])
            b, a = np.polyfit(lx, ly, 1)
            sl.append(b)
            cross.append(math.exp(-a / b) if b < 0 else math.inf)
        per_N[N] = {"widths": widths, "fraction_met": met.tolist(), "median_rho": np.median(R, axis=1).tolist(),
                    "slope_in_n1": float(np.median(sl)), "crossing": cross,
                    "never_met_up_to": max_width if not met.any() else None, "rho_at_max": R[-1].tolist(),
                    "rho4_median": np.median(P[:, :, 0], axis=1).tolist(),
                    "rho5_median": np.median(P[:, :, 1], axis=1).tolist()}
    xs = [float(N) for N in Ns]
    ys = [[c for c in per_N[N]["crossing"]] for N in Ns]
    fit = None
    if all(np.isfinite(v).all() and min(v) > 0 for v in map(np.asarray, ys)):
        fit = bootstrap_slope(xs, ys, n_boot=2000, seed=1)
    # steadier: max(ρ₄, ρ₅) at the largest width against N (slope a); with ρ ∝ N^a n₁^(−½) the crossing width
    # scales as N^(2a) (the −½ in n₁ is the catalog's mechanism, measured per N above)
    at_max = [[float(x) for x in per_N[N]["rho_at_max"]] for N in Ns]
    fit_rho = bootstrap_slope(xs, at_max, n_boot=2000, seed=2)
    return {"table": table, "per_N": per_N, "fit": fit, "fit_rho": fit_rho, "max_width": max_width, "reps": reps}


# ------------------------------------------------------------------------------ figures and report
def _plots(out: Path, cons: dict[str, Any], ws: dict[str, Any]) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for ax, (name, r) in zip(axes, cons["runs"].items(), strict=False):
        k = np.arange(r.kg + 1)
        ax.semilogy(k, r.phi[: r.kg + 1], label="Φ(θ_k)")
        ax.semilogy(k, r.phi[0] * (1 - r.setup.contraction) ** k, "--", label="(1 − ηα₀)^kΦ(θ₀)")
        ax.set_title(f"{name}: ηα₀ = {r.setup.contraction:.2g}")
        ax.set_xlabel("k")
        ax.legend()
    fig.tight_layout()
    fig.savefig(out / "trajectories.png", dpi=110)
    plt.close(fig)
    files.append("trajectories.png")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for N, d in ws["per_N"].items():
        axes[0].loglog(d["widths"], d["median_rho"], "o-", label=f"N = {N}")
        axes[1].semilogx(d["widths"], d["fraction_met"], "o-", label=f"N = {N}")
    axes[0].axhline(1.0, color="k", lw=0.8)
    axes[0].set_xlabel("n₁")
    axes[0].set_ylabel("median max(ρ₄, ρ₅)  (Assumption 3.1 ⇔ ≤ 1)")
    axes[1].set_xlabel("n₁")
    axes[1].set_ylabel("fraction of draws meeting (4) and (5)")
    axes[0].legend()
    axes[1].set_ylim(-0.05, 1.05)
    fig.tight_layout()
    fig.savefig(out / "width_scaling.png", dpi=110)
    plt.close(fig)
    files.append("width_scaling.png")
    return files


def _markdown(cons: dict[str, Any], ws: dict[str, Any], secs: float) -> str:
    lines = ["# Nguyen & Mondelli 2020, Theorem 3.2: experiments", "",
             "## (a) How conservative is Theorem 3.2", "",
             "| construction | seed | L | ηα₀ (guaranteed) | measured median 1 − Φ_{k+1}/Φ_k | ratio (median) | "
             "ratio (min) | largest monotone η·Q₀ |", "|---|---|---|---|---|---|---|---|"]
    for r in cons["rows"]:
        if "skipped" in r:
            lines.append(f"| {r['construction']} | {r['seed']} | skipped: {r['skipped']} | | | | | |")
            continue
        lines.append(f"| {r['construction']} | {r['seed']} | {r['L']} | {r['guaranteed']:.3g} | "
                     f"{r['measured_median']:.3g} | {r['ratio_median']:.3g} | {r['ratio_min']:.3g} | "
                     f"{r['max_monotone_eta_multiple_of_1_over_Q0']:.3g} |")
    lines += ["", "## (b) Width scaling of Assumption 3.1 under LeCun initialisation (L = 2, d = N/2)", "",
              f"{ws['reps']} draws per point, widths n₁ = 4^j ∈ [max(16, N), {ws['max_width']}].", "",
              "| N | n₁ | fraction meeting (4),(5) | median max(ρ₄,ρ₅) | min max(ρ₄,ρ₅) |", "|---|---|---|---|---|"]
    for N, w, f, med, mn in ws["table"]:
        lines.append(f"| {N} | {w} | {f:.2f} | {med:.3g} | {mn:.3g} |")
    lines.append("")
    for N, d in ws["per_N"].items():
        never = f"never met up to width {d['never_met_up_to']}; " if d["never_met_up_to"] else ""
        lines.append(f"- N = {N}: {never}slope of max(ρ₄,ρ₅) in n₁ = {d['slope_in_n1']:.3f} (mechanism: −½); "
                     f"extrapolated crossing width (median over draws) ≈ {np.median(d['crossing']):.3g}")
    fit = ws["fit"]
    if fit is not None:
        lines.append(f"- crossing width ∝ N^{fit.slope:.2f}, {100 * fit.level:.1f}% bootstrap CI "
                     f"[{fit.ci[0]:.2f}, {fit.ci[1]:.2f}] (paper (12): exponent 2, from N²/λ_*² with λ_* ≍ 1)")
    fr = ws["fit_rho"]
    lines.append(f"- max(ρ₄,ρ₅) at n₁ = {ws['max_width']} ∝ N^{fr.slope:.2f}, CI [{fr.ci[0]:.2f}, {fr.ci[1]:.2f}]; "
                 f"with the −½ slope in n₁ the crossing width scales as N^{2 * fr.slope:.2f} "
                 f"(CI [{2 * fr.ci[0]:.2f}, {2 * fr.ci[1]:.2f}]) against the paper's N²")
    lines += ["", f"Run time {secs:.1f} s."]
    return "\n".join(lines) + "\n"


_TRAJ_CLAIMS = ("eq7", "proof.step_contraction", "eq9", "inv21_sigmin_f1", "inv21_norms", "proof.drift", "proof.pl")


def _trajectory_payloads(name: str, r: Run) -> dict[str, dict[str, Any]]:
    s, kg = r.setup, r.kg
    k = np.arange(kg + 1)
    out: dict[str, dict[str, Any]] = {}
    base = {"type": "trajectory", "kind": "C", "k": k.tolist(), "note": f"{name}; η = {s.eta:.3g}, ηα₀ = "
            f"{s.contraction:.3g}, ρ₄ = {float(s.a31['rho4']):.3g}, ρ₅ = {float(s.a31['rho5']):.3g}"}
    out["eq7"] = {**base, "loss": r.phi[: kg + 1].tolist(),
                  "bound": (r.phi[0] * (1 - s.contraction) ** k).tolist(), "label": "Φ(θ_k) vs (1 − ηα₀)^kΦ(θ₀)"}
    out["proof.step_contraction"] = {**base, "k": k[1:].tolist(), "loss": (r.phi[1: kg + 1] / r.phi[:kg]).tolist(),
                                     "bound": [1 - s.contraction] * kg, "label": "Φ_(k+1)/Φ_k vs 1 − ηα₀"}
    steps = r.step_norms()[:kg]
    tail = np.cumsum(steps[::-1])[::-1]
    out["eq9"] = {**base, "k": k[:-1].tolist(), "loss": tail.tolist(),
                  "bound": (s.u ** k[:-1] * float(s.a31["Q1"])).tolist(), "label": "Σ_(s≥k)‖θ_(s+1) − θ_s‖ vs u^kQ₁"}
    out["inv21_sigmin_f1"] = {**base, "loss": r.f1_svals()[:, -1].tolist(), "bound": [0.5 * s.cst.lam_F] * (kg + 1),
                              "label": "σ_min(F₁^k) vs ½λ_F (lower bound)"}
    out["inv21_norms"] = {**base, "loss": r.svals(1)[:, 0].tolist(), "bound": [1.5 * s.cst.lam_bar[0]] * (kg + 1),
                          "label": "‖W₁^k‖₂ vs (3/2)λ̄₁"}
    out["proof.drift"] = {**base, "loss": r.dW_fro()[: kg + 1, 1].tolist(),
                          "bound": [float(s.a31["drift_bound"][1])] * (kg + 1), "label": "‖W₂^k − W₂⁰‖_F vs D₂"}
    g2 = r.grad_fro()[: kg + 1, 1] ** 2
    out["proof.pl"] = {**base, "loss": g2.tolist(), "bound": (2 * s.alpha0 * r.phi[: kg + 1]).tolist(),
                       "label": "‖∇_(W₂)Φ(θ_k)‖² vs 2α₀Φ(θ_k) (lower bound)"}
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="results/nguyen_mondelli20")
    p.add_argument("--quick", action="store_true", help="< 30 s smoke run")
    p.add_argument("--measurements", default=None,
                   help="results root for write_measurement (default: $NNVERIFY_RESULTS or .nnverify/results)")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cons = conservativeness(a.quick)
    ws = width_scaling(a.quick)
    files = _plots(out, cons, ws)
    secs = time.time() - t0
    fit = ws["fit"]
    res = {"conservativeness": cons["rows"], "width_scaling": {
        "table": ws["table"], "per_N": {str(k): v for k, v in ws["per_N"].items()},
        "fit": fit.to_dict() if fit is not None else None, "fit_rho_at_max_width": ws["fit_rho"].to_dict(),
        "claimed_exponent": 2.0},
        "figures": files, "seconds": secs, "quick": a.quick}
    (out / "results.json").write_text(json.dumps(res, indent=1, default=float))
    (out / "results.md").write_text(_markdown(cons, ws, secs))
    root = Path(a.measurements) if a.measurements else None
    write_measurement("nguyen_mondelli20.thm3.2.eq7", {
        "type": "table", "kind": "C", "test": "experiment",
        "columns": ["construction", "seed", "L", "guaranteed ηα₀", "measured median contraction", "ratio",
                    "largest monotone η·Q₀"],
        "rows": [[r["construction"], r["seed"], r["L"], r["guaranteed"], r["measured_median"], r["ratio_median"],
                  r["max_monotone_eta_multiple_of_1_over_Q0"]] for r in cons["rows"] if "skipped" not in r],
        "note": "how conservative: measured per-step contraction vs the guaranteed ηα₀ of (7)"},
        tag="conservativeness", root=root)
    for name, r in cons["runs"].items():
        tag = name.replace(" ", "_").replace("=", "")
        for cid, payload in _trajectory_payloads(name, r).items():
            write_measurement(f"nguyen_mondelli20.thm3.2.{cid}", payload, tag=f"trajectory_{tag}", root=root)
    write_measurement("nguyen_mondelli20.sec3.2.eq12", {
        "type": "table", "kind": "P", "test": "experiment",
        "columns": ["N", "n1", "fraction meeting (4),(5)", "median max(ρ4,ρ5)", "min max(ρ4,ρ5)"], "rows": ws["table"],
        "note": "LeCun initialisation, L = 2, d = N/2, sphere data, σ = (2) with γ = ½, β = 1"},
        tag="width_experiment", root=root)
    if fit is not None:
        write_measurement("nguyen_mondelli20.sec3.2.eq12", {
            "type": "slope", "kind": "P", "fit": fit.to_dict(), "claimed": 2.0, "side": "le", "variable": "N",
            "quantity": "extrapolated width where max(ρ4, ρ5) = 1 (never reached at measured widths)",
            "test": "scaling exponent", "verdict": "consistent" if fit.allows_at_most(2.0) else "refuted",
            "note": "extrapolation from per-draw power laws over the largest widths"}, tag="width_crossing", root=root)
    return res


if __name__ == "__main__":
    _args = argparse.ArgumentParser(add_help=False)
    _args.add_argument("--out", default="results/nguyen_mondelli20")
    _out = Path(_args.parse_known_args()[0].out)
    main()
    print((_out / "results.md").read_text())
