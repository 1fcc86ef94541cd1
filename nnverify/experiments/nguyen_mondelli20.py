"""Nguyen & Mondelli 2020 experiments (not assertions): how conservative Theorem 3.2 is, and the width scaling
of Assumption 3.1 under LeCun initialisation (§3.2).

(a) "How conservative": for the constructions of `nnverify.claims.nguyen_mondelli20_runs` ("label" scaling,
    L = 2 and 3, and the §3.1 "recipe", L = 3; (4), (5) met, η = 0.99·min(1/α₀, 1/Q₀)), the measured per-step
    contraction of Φ (median over the guarded steps of 1 − Φ_{k+1}/Φ_k, and the overall 1 − (Φ_K/Φ₀)^{1/K})
    against the guaranteed ηα₀ of (7); and the largest step size, as a multiple m of 1/Q₀, for which Φ still
    decreased monotonically over `steps` steps (doubling, then bisection in log m).
(b) Width scaling (§3.2, (12): n₁ of order N²/λ_*²): two-layer net (L = 2, n_L = 1), σ = (2) with γ = ½, β = 1,
    rows on the sphere of radius √d with d = N/2 (N ≥ d, λ_* of constant order along N = 2d), LeCun
    [W_l]_ij ~ 𝒩(0, 1/n_{l−1}) in both layers, Y ~ 𝒩(0, 1); N ∈ {4, …, 64}. Each draw fixes X, Y and redraws
    W₁, W₂ (chunked, `experiments.wide`) on the grid n₁ = 4^j ∈ [max(16, N), 2^20]; its margin 1/max(ρ₄, ρ₅)
    gives a crossing width (interpolated inside the grid, extrapolated beyond it from the power law through the
    last three widths) and the median crossing is fitted against N (`experiments.crossing`; paper: exponent 2).

    python -m nnverify.experiments.nguyen_mondelli20 --out results/nguyen_mondelli20    # ~ 6 min, one core
    python -m nnverify.experiments.nguyen_mondelli20 --out /tmp/x --quick               # < 30 s smoke run
Writes PNG figures, results.json, results.md, and measurement files (`write_measurement`).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from nnverify.activations import parse_activation
from nnverify.claims.nguyen_mondelli20 import InitConstants, assumption31_from
from nnverify.claims.nguyen_mondelli20_runs import Run, Setup, construct, guard_ok, run
from nnverify.data import make_data
from nnverify.experiments import cli, out_dir
from nnverify.experiments.crossing import exponent, scan_widths
from nnverify.experiments.wide import wide_layer
from nnverify.kernels import gram_star
from nnverify.linalg import frob, spectral_norm
from nnverify.measurements import write_measurement
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
ACT = "smooth_leaky_relu(0.5,1)"
KEYS = ("4", "5")


def a31_margin(X: torch.Tensor, Y: torch.Tensor, n1: int, g: torch.Generator) -> dict[str, Any]:
    """Assumption 3.1 at one LeCun draw of W₁ (d × n₁), W₂ (n₁ × 1), chunked (`experiments.wide`): returns
    `assumption31_from` plus the lhs/rhs ratios "4" = 1/ρ₄ and "5" = 1/ρ₅ (≥ 1 ⟺ (4), (5) hold)."""
    act = parse_activation(ACT)
    d = X.shape[1]
    s = wide_layer(X, n1, 1.0 / d, 1.0 / n1, act, g)
    c = InitConstants(gamma=act.gamma, lam_bar=((2 / 3) * (1 + s.w_norm), (2 / 3) * (1 + s.v_norm)),
                      lam=(math.nan, math.nan),  # σ_min(W_l) enters only for l ≥ 3
                      lam_F=math.sqrt(s.sigma_min_sq), x_fro=frob(X), x_spec=spectral_norm(X),
                      sqrt2phi=float(torch.linalg.vector_norm(s.out - Y)), beta=act.beta)
    a = assumption31_from(c)
    inv = lambda r: 1.0 / float(r) if float(r) > 0 else math.inf  # noqa: E731
    return {**a, "4": inv(a["rho4"]), "5": inv(a["rho5"])}


def width_scaling(quick: bool, budget_s: float = 600.0) -> dict[str, Any]:
    """Crossing width of Assumption 3.1 (fraction ½ of draws) per N, and its power law in N (paper (12): 2)."""
    Ns = (4, 8) if quick else (4, 8, 16, 32, 64)
    draws = 5 if quick else 9
    widths = [4**j for j in range(2, (6 if quick else 10) + 1)]  # 16 … 2^20
    deadline = time.time() + budget_s
    scans, lams = [], []
    for N in Ns:
        d = max(N // 2, 1)
        data = []
        for k in range(draws):
            g = torch.Generator().manual_seed(10_000 * N + k)
            data.append((make_data("sphere", N, d, g), torch.randn(N, 1, generator=g, dtype=F64)))
        lam = [float(np.linalg.eigvalsh(gram_star(X.numpy(), ACT))[0]) for X, _ in data]  # λ_* of (13)
        lams.append(lam)
        grid = [w for w in widths if w >= N]
        scans.append(scan_widths(f"N={N}, d={d}", float(N), grid, draws,
                                 lambda k, n, data=data, N=N: a31_margin(*data[k], n, torch.Generator().manual_seed(
                                     1_000_003 * N + 1009 * k + n)),
                                 {"N": N, "d": d, "lambda_star": lam, "median_lambda_star": float(np.median(lam))},
                                 deadline, KEYS))
    return {"scans": [sc.summary() for sc in scans], "fit": exponent(scans),
            "fit_lambda": exponent(scans, scale=[[v * v for v in lam] for lam in lams]), "draws": draws,
            "widths": widths, "paper_exponent": 2.0}


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
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for i, sc in enumerate(ws["scans"]):
        axes[0].loglog(sc["widths"], sc["median_margin"], "o-", ms=3, color=f"C{i}", label=sc["label"])
        axes[1].semilogx(sc["widths"], sc["fraction_met"], "o-", ms=3, color=f"C{i}", label=sc["label"])
        e = sc["median_is_extrapolated"]
        axes[2].loglog([sc["x"]], [sc["median_crossing"]], "s" if e else "o", mfc="none" if e else None, color="C0")
    fit = ws["fit"]
    if fit:
        xx = np.array([ws["scans"][0]["x"], ws["scans"][-1]["x"]])
        axes[2].loglog(xx, fit["constant"] * xx ** fit["slope"], "C0-",
                       label=f"slope {fit['slope']:.2f} [{fit['ci'][0]:.2f}, {fit['ci'][1]:.2f}]")
        axes[2].legend(fontsize=7)
    axes[0].axhline(1.0, color="k", lw=0.8)
    axes[0].set(xlabel="n₁", ylabel="median 1/max(ρ₄, ρ₅)  (Assumption 3.1 ⇔ ≥ 1)")
    axes[1].set(xlabel="n₁", ylabel="fraction of draws meeting (4) and (5)", ylim=(-0.05, 1.05))
    axes[2].set(xlabel="N", ylabel="median crossing width (open: extrapolated)")
    axes[0].legend(fontsize=7)
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
              f"{ws['draws']} draws per N (data and labels fixed per draw, W₁, W₂ redrawn per width), widths "
              f"n₁ = 4^j ∈ [max(16, N), {ws['widths'][-1]}]; margin = 1/max(ρ₄, ρ₅) (≥ 1 ⟺ (4) and (5)). A draw's "
              "crossing is the later of the (4) and (5) crossings, each extrapolated beyond the grid from its own "
              "power law through the last three widths (`nnverify.experiments.crossing`).", "",
              "| N | fraction met at the largest width | median margin at the largest width | median crossing | "
              "beyond the grid | local slope (median; mechanism ½) | binding at the crossing (draws) | median λ_* |",
              "|---|---|---|---|---|---|---|---|"]
    for sc in ws["scans"]:
        sl = [v for v in sc["local_slopes"] if math.isfinite(v)]
        lines.append(f"| {sc['x']:g} | {sc['fraction_met'][-1]:.2f} | {sc['median_margin'][-1]:.3g} | "
                     f"{sc['median_crossing']:.3g} | {sc['n_extrapolated']} extrapolated, {sc['n_not_growing']} not "
                     f"growing of {len(sc['how'])} | {np.median(sl) if sl else math.nan:.3f} | "
                     f"{', '.join(f'({k}) ×{v}' for k, v in sc['binding_at_crossing'].items())} | "
                     f"{sc['params']['median_lambda_star']:.3g} |")
    fit = ws["fit"]
    lines += ["", (f"- crossing width ∝ N^{fit['slope']:.2f}, {100 * fit['level']:.1f}% bootstrap CI "
                   f"[{fit['ci'][0]:.2f}, {fit['ci'][1]:.2f}], constant {fit['constant']:.3g} (paper (12): exponent 2, "
                   f"from N²/λ_*² with λ_* ≍ 1); extrapolated at N = {fit['extrapolated_sizes']}")
                  if fit else "- no fit (an infinite median crossing)"]
    fl = ws["fit_lambda"]
    if fl:
        lines.append(f"- crossing·λ_*² ∝ N^{fl['slope']:.2f}, CI [{fl['ci'][0]:.2f}, {fl['ci'][1]:.2f}] (the N²/λ_*² "
                     "term of (12) with λ_* measured per draw)")
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
    out = out_dir(a.out)
    cons = conservativeness(a.quick)
    ws = width_scaling(a.quick, budget_s=20.0 if a.quick else 600.0)
    files = _plots(out, cons, ws)
    secs = time.time() - t0
    fit = ws["fit"]
    res = {"conservativeness": cons["rows"], "width_scaling": ws, "figures": files, "seconds": secs,
           "quick": a.quick}
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
        "columns": ["N", "n1", "fraction meeting (4),(5)", "median 1/max(ρ4,ρ5)"],
        "rows": [[sc["x"], w, f, m] for sc in ws["scans"]
                 for w, f, m in zip(sc["widths"], sc["fraction_met"], sc["median_margin"], strict=True)],
        "note": f"LeCun initialisation, L = 2, d = N/2, sphere data, σ = {ACT}"}, tag="width_experiment", root=root)
    if fit is not None:
        verdict = "consistent" if fit["ci"][0] <= 2.0 else "refuted"
        if fit["extrapolated_sizes"]:
            verdict = f"{verdict} (extrapolated crossings at N = {fit['extrapolated_sizes']})"
        write_measurement("nguyen_mondelli20.sec3.2.eq12", {
            "type": "slope", "kind": "P", "fit": fit, "claimed": 2.0, "side": "le", "variable": "N",
            "quantity": "median width where max(ρ4, ρ5) = 1", "test": "scaling exponent (experiment)",
            "verdict": verdict}, tag="width_crossing", root=root)
    fl = ws["fit_lambda"]
    if fl is not None:
        write_measurement("nguyen_mondelli20.sec3.2.eq12", {
            "type": "slope", "kind": "P", "fit": fl, "claimed": 2.0, "side": "le", "variable": "N",
            "quantity": "median of width·λ_*² where max(ρ4, ρ5) = 1 (the N²/λ_*² term of (12))",
            "test": "scaling exponent (experiment)",
            "verdict": ("consistent" if fl["ci"][0] <= 2.0 else "refuted")
            + (f" (extrapolated crossings at N = {fl['extrapolated_sizes']})" if fl["extrapolated_sizes"] else "")},
            tag="width_crossing_lambda", root=root)
    print((out / "results.md").read_text())
    return res


if __name__ == "__main__":
    sys.exit(cli(main))
