"""Nguyen 2021 width scaling of the initial conditions (7)–(9) of Theorem 2.2 (experiment, not an assertion).

(b) §3.2, two-layer net, LeCun (19), C₁ = C₂ = 1, n₂ = 1 ((7)–(9) read (16)–(18)): rows uniform on the sphere of
    radius √d, Y ~ 𝒩(0, 1). Paper: n₁ = Ω(N²) suffices (exponent 2 in N); the catalog (errata 6) argues (18) also
    needs n₁ ≳ N·d. Two data rules, d = 4 fixed and d = 2N, so the data decide.
(c) Corollary 3.2, L = 3, (25)–(26): W₁ ~ 𝒩(0, 1/n₀) (n₀ × m), W₂ ~ 𝒩(0, 1/m) (m × n₂, the wide layer),
    W₃ ~ 𝒩(0, n₂^{−4/3}), C = (1, n₂^{1/2}, n₂^{−1/6}) as in its proof; rows on the sphere of radius √n₀, labels ±1.
    Paper (24): n_{L−1} = Ω̃(N³max(m, n₀)³), i.e. exponent 3 in N (m = n₀ fixed) and 3 in m = n₀ (N fixed).
    Control: output variance n^{−1} (LeCun, a = 1, the catalog's mutant) — the margin should stop growing.

Each draw fixes data, labels and narrow layers and redraws only the wide layer (and the output layer) at each
width (`nnverify.experiments.wide`, chunked, never materialised); its margin is min over (7), (8), (9) of
lhs/rhs (`nguyen21.condition_sides`). Crossings and exponents: `nnverify.experiments.crossing` — every width
beyond the grid is marked as extrapolated (power law of the draw's margin through the last grid points).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import torch

from nnverify.claims.nguyen21_asymptotic import _cor_C, _gen, gauss, lam_star, ratios_from, signs, spec, sphere
from nnverify.experiments.crossing import WidthScan, exponent, scan_widths
from nnverify.experiments.wide import wide_layer

F64 = torch.float64
KEYS = ("7", "8", "9")
RULES = ("d=4", "d=2N", "d=N²")
COR = ("in_N", "in_N_fixed", "in_m")


def sec32_margin(X: torch.Tensor, Y: torch.Tensor, n1: int, g: torch.Generator) -> dict[str, float]:
    """(16)–(18) ratios (= (7)–(9) at L = 2, C = (1, 1)) for one LeCun draw of W₁ (d × n₁), W₂ (n₁ × 1)."""
    d = X.shape[1]
    s = wide_layer(X, n1, 1.0 / d, 1.0 / n1, torch.relu, g)
    rho = float(torch.linalg.vector_norm(s.out - Y))
    r = ratios_from(s.sigma_min_sq, [s.w_norm, s.v_norm], [1.0, 1.0], float(torch.linalg.vector_norm(X)), rho)
    return {**r, "alpha0^2/n": s.sigma_min_sq / n1}


def cor32_margin(X: torch.Tensor, Y: torch.Tensor, W1: torch.Tensor, n: int, g: torch.Generator,
                 out_var_exp: float = 4.0 / 3.0) -> dict[str, float]:
    """(7)–(9) ratios at L = 3 under (25)–(26) (output variance n^{−a}, a = 4/3) with the proof's C_l."""
    m = W1.shape[1]
    F1 = torch.relu(X @ W1)
    s = wide_layer(F1, n, 1.0 / m, float(n) ** (-out_var_exp), torch.relu, g)
    rho = float(torch.linalg.vector_norm(s.out - Y))
    r = ratios_from(s.sigma_min_sq, [spec(W1), s.w_norm, s.v_norm], _cor_C(3, n), float(torch.linalg.vector_norm(X)),
                    rho)
    return {**r, "alpha0^2/n": s.sigma_min_sq / n}


def sec32(quick: bool, budget_s: float) -> dict[str, Any]:
    """(b): per data rule, per N, the crossing width of (16)–(18), its power law in N, and the power law of
    crossing·λ*² (the proof's n₁ = Ω(N²λ*⁻²), λ* exact per draw: `nguyen21_asymptotic.lam_star`)."""
    Ns = (2, 3, 4) if quick else (2, 3, 4, 6, 8, 12, 16)
    draws = 5 if quick else 9
    widths = [2**j for j in range(6, (14 if quick else 20) + 1, 2)]
    deadline = time.time() + budget_s
    out: dict[str, Any] = {"paper_exponent": 2.0, "draws": draws, "widths": widths}
    rules = {"d=4": lambda N: 4, "d=2N": lambda N: 2 * N, "d=N²": lambda N: N * N}
    for rule, dfn in rules.items():
        scans, lams = [], []
        for N in Ns:
            d = dfn(N)
            data = []
            for k in range(draws):
                g = _gen(32, N, d, k)
                data.append((sphere(N, d, g), torch.randn(N, 1, generator=g, dtype=F64)))
            lam = [lam_star(X) for X, _ in data]
            lams.append(lam)
            scans.append(scan_widths(
                f"N={N}, d={d}", float(N), widths, draws,
                lambda k, n, data=data, N=N, d=d: sec32_margin(*data[k], n, _gen(320, N, d, k, n)),
                {"N": N, "d": d, "lambda_star": lam, "median_lambda_star": float(np.median(lam))}, deadline, KEYS,
                ("alpha0^2/n",)))
        out[rule] = {"scans": [s.summary() for s in scans], "fit": exponent(scans),
                     "fit_lambda": exponent(scans, scale=[[v * v for v in lam] for lam in lams])}
    return out


def cor32(quick: bool, budget_s: float) -> dict[str, Any]:
    """(c): crossing width of (7)–(9) under (25)–(26) against N with m = n₀ = 4N (the Corollary's regime, (24):
    N³·(4N)³, exponent 6), against N with m = n₀ = 8 fixed (outside it: the probability bound
    1 − δ − N²exp(−Ω(min(m, n₀)/N^{2/(r−0.1)}…)) becomes vacuous), and against m = n₀ at N = 2 (exponent 3)."""
    draws = 5 if quick else 9
    widths = [2**j for j in range(10, (16 if quick else 22) + 1, 2)]
    deadline = time.time() + budget_s
    out: dict[str, Any] = {"draws": draws, "widths": widths}

    def run(label: str, x: float, N: int, n0: int, a: float) -> WidthScan:
        data = []
        for k in range(draws):
            g = _gen(33, N, n0, k)
            X = sphere(N, n0, g)
            data.append((X, signs(N, 1, g), gauss(n0, n0, 1.0 / n0, g)))  # m = n₀
        return scan_widths(label, x, widths, draws,
                           lambda k, n: cor32_margin(*data[k], n, _gen(330, N, n0, k, n), out_var_exp=a),
                           {"N": N, "n0": n0, "m": n0, "a": a}, deadline, KEYS, ("alpha0^2/n",))

    Ns = (2, 3) if quick else (2, 3, 4, 6, 8)
    scans = [run(f"N={N}, n₀=m={4 * N}", float(N), N, 4 * N, 4 / 3) for N in Ns]
    out["in_N"] = {"scans": [s.summary() for s in scans], "fit": exponent(scans), "claimed": 6.0,
                   "title": "against N, m = n₀ = 4N (N³max(m, n₀)³ = 64N⁶)", "x": "N"}
    scans = [run(f"N={N}, n₀=m=8", float(N), N, 8, 4 / 3) for N in Ns]
    out["in_N_fixed"] = {"scans": [s.summary() for s in scans], "fit": exponent(scans), "claimed": 3.0,
                         "title": "against N, m = n₀ = 8 fixed (outside the Corollary's regime)", "x": "N"}
    scans = [run(f"N=2, n₀=m={m}", float(m), 2, m, 4 / 3) for m in ((4, 8) if quick else (4, 8, 16, 32))]
    out["in_m"] = {"scans": [s.summary() for s in scans], "fit": exponent(scans), "claimed": 3.0,
                   "title": "against m = n₀, N = 2", "x": "m = n₀"}
    out["control_a1"] = run("N=2, n₀=m=8, a=1 (LeCun output; control)", 2.0, 2, 8, 1.0).summary()
    return out


def plots(out: Any, b: dict[str, Any], c: dict[str, Any]) -> list[str]:
    """width_scaling.png (§3.2) and cor32_width.png (Corollary 3.2): fraction met, median margin, crossings."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    groups = [("width_scaling.png", [({**b[r], "title": f"§3.2 two-layer LeCun, {r}", "x": "N"}) for r in RULES]),
              ("cor32_width.png", [c[k] for k in COR])]
    for fname, rows in groups:
        fig, axs = plt.subplots(len(rows), 3, figsize=(15, 3.6 * len(rows)), squeeze=False)
        for ax, res in zip(axs, rows, strict=True):
            for i, s in enumerate(res["scans"]):
                ax[0].semilogx(s["widths"], s["fraction_met"], "o-", ms=3, color=f"C{i}", label=s["label"])
                ax[1].loglog(s["widths"], s["median_margin"], "o-", ms=3, color=f"C{i}", label=s["label"])
            ax[0].axhline(0.5, color="k", lw=0.5)
            ax[0].set(xlabel="width", ylabel="fraction meeting (7)–(9)", title=res["title"], ylim=(-0.05, 1.05))
            ax[1].axhline(1.0, color="k", lw=0.5)
            ax[1].set(xlabel="width", ylabel="median min lhs/rhs of (7)–(9)")
            ax[0].legend(fontsize=6)
            xs = [s["x"] for s in res["scans"]]
            for x, s in zip(xs, res["scans"], strict=True):
                e = s["median_is_extrapolated"]
                ax[2].loglog([x], [s["median_crossing"]], "s" if e else "o", mfc="none" if e else None, color="C0")
            fit = res["fit"]
            if fit:
                xx = np.array([min(xs), max(xs)])
                ax[2].loglog(xx, fit["constant"] * xx ** fit["slope"], "C0-",
                             label=f"slope {fit['slope']:.2f} [{fit['ci'][0]:.2f}, {fit['ci'][1]:.2f}]")
                ax[2].legend(fontsize=7)
            ax[2].set(xlabel=res["x"], ylabel="median crossing width (open: extrapolated)")
        fig.tight_layout()
        fig.savefig(out / fname, dpi=100)
        plt.close(fig)
        files.append(fname)
    return files


def _fit_line(fit: dict[str, Any] | None, claimed: float, what: str) -> str:
    if not fit:
        return f"{what}: no fit (an infinite median crossing)."
    side = "consistent with" if fit["ci"][0] <= claimed else "above"
    return (f"{what}: exponent {fit['slope']:.2f}, {100 * fit['level']:.1f}% CI [{fit['ci'][0]:.2f}, "
            f"{fit['ci'][1]:.2f}], constant {fit['constant']:.3g} — {side} the claimed ≤ {claimed:g}; sizes "
            f"whose median crossing is extrapolated: {fit['extrapolated_sizes']}.")


def _table(res: dict[str, Any], xname: str, extra: str = "") -> list[str]:
    rows = [f"| {xname} | median crossing | beyond the grid | local slope | binding at the crossing (draws) | "
            f"median α₀²/n (largest width){extra} |", "|---|---|---|---|---|---|" + ("---|" if extra else "")]
    for s in res["scans"]:
        sl = [v for v in s["local_slopes"] if math.isfinite(v)]
        p = s["params"]
        lam = f" {p['median_lambda_star']:.3g} |" if extra else ""
        rows.append(f"| {s['label']} | {s['median_crossing']:.3g} | {s['n_extrapolated']} extrapolated, "
                    f"{s['n_not_growing']} not growing of {len(s['how'])} | {np.median(sl) if sl else math.nan:.3f} | "
                    f"{_binding(s)} | {p['median_extra']['alpha0^2/n'][-1]:.3g} |{lam}")
    return [*rows, ""]


def _binding(s: dict[str, Any]) -> str:
    """"(9) ×7, (7) ×2": which condition sets each draw's crossing."""
    return ", ".join(f"({k}) ×{v}" for k, v in sorted(s["binding_at_crossing"].items(), key=lambda kv: -kv[1]))


def markdown(b: dict[str, Any], c: dict[str, Any]) -> list[str]:
    """Tables of crossings and fitted exponents."""
    md = ["## (b) §3.2: width at which (16)–(18) hold in half of the LeCun draws", "",
          f"{b['draws']} draws per N (data fixed per draw, W₁, W₂ redrawn per width), widths {b['widths']}. "
          "Paper: n₁ = Ω(N²λ*⁻²), and n₁ = Ω(N²) when λ* = Ω(1), which it derives for d ≥ N^r, r ≥ 2 (d = N² here; "
          "d = 4 and d = 2N lie outside that assumption). Local slope: the log–log slope of the draw's margin at "
          "its crossing, of the condition that sets it (½ for (16), 1 for (18), 3/2 for (17)); each condition is "
          "extrapolated with its own power law and a draw's crossing is the largest of theirs.", ""]
    for rule in RULES:
        md += [f"### {rule}", "", *_table(b[rule], "N", " | median λ*"),
               _fit_line(b[rule]["fit"], 2.0, "crossing against N"), "",
               _fit_line(b[rule]["fit_lambda"], 2.0, "crossing·λ*² against N"), ""]
    md += ["## (c) Corollary 3.2: width n₂ at which (7)–(9) hold in half of the draws (L = 3, (25)–(26))", "",
           f"{c['draws']} draws per point, widths {c['widths']}; (24): n₂ = Ω̃(N³max(m, n₀)³).", ""]
    for k in COR:
        res = c[k]
        md += [f"### {res['title']}", "", *_table(res, res["x"]), _fit_line(res["fit"], res["claimed"], "crossing"), ""]
    ctl = c["control_a1"]
    md += [f"Control, output variance n^(−1) instead of n^(−4/3) (N = 2, m = n₀ = 8): median crossing "
           f"{ctl['median_crossing']:.3g}, {ctl['n_not_growing']} of {len(ctl['how'])} draws not growing, median "
           f"local slope {np.nanmedian(ctl['local_slopes']):.3f} (a = 4/3: 1/3).", "",
           "Local slope in (c): ⅓ for (7) and (9), ⅔ for (8) (`nguyen21.cor3.2.eq30_scaling`).", ""]
    return md
