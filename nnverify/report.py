"""Results of a property run: the per-claim status table (CLI and report) and `nnverify report`.

Input is the results folder: `results.json` the pytest plugin writes (`nnverify.pytest_plugin`),
`probes.json` (`nnverify.probes.write_probes`) and `measurements/*.json` (`nnverify.measurements`).
The CLI's `check` table, its `--json` output and the report all come from `summarise`, so they never
disagree. The report (`write_report`: `report.md` + `index.html` + PNG plots next to them) has the
claim table, the tightness atlas (max lhs/rhs per class-D bound and the case reaching it), the probe
results, C-class convergence plots, the P-class claimed-vs-measured table with fit plots, experiment
tables, the counterexample gallery with replay commands, and ERRATA.md.

Status of a claim: "holds" (its properties passed and at least one example was non-trivially true),
"violated" (a ClaimViolation), "error" (a property failed otherwise: health check, Unsatisfiable, bug),
"inconclusive" (passed, but no example was evaluated non-trivially), "no property" (no test carries
its `claim` marker), "not run" (it has one, but this run did not select it).
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from nnverify.errors import InputError

__all__ = ["COLUMNS", "FAILING", "MATPLOTLIB_MISSING", "STATUSES", "counts", "default_properties_dir", "find_errata",
           "fmt_rate", "fmt_ratio", "load_measurements", "load_probes", "load_results", "md_to_html", "merge_folders",
           "plot_atlas", "plot_rate", "plot_slope", "plot_trajectory", "plots_available", "property_index",
           "property_tests", "results_dir", "summarise", "table_cells", "write_report"]

STATUSES = ("holds", "violated", "error", "inconclusive", "no property", "not run")
FAILING = ("violated", "error")


def results_dir() -> Path:
    """$NNVERIFY_RESULTS or `.nnverify/results` (the plugin's default too)."""
    return Path(os.environ.get("NNVERIFY_RESULTS", ".nnverify/results"))


def default_properties_dir() -> Path:
    """The project's `properties/` (next to the installed package), else `./properties`."""
    here = Path(__file__).resolve().parents[1] / "properties"
    return here if here.is_dir() else Path("properties")


def _claim_marks(obj: object) -> list[str]:
    marks = getattr(obj, "pytestmark", [])
    marks = marks if isinstance(marks, list) else [marks]
    return [str(m.args[0]) for m in marks if getattr(m, "name", "") == "claim" and getattr(m, "args", ())]


def property_tests(props_dir: Path, errors: list[str] | None = None) -> dict[str, list[str]]:
    """Every test under `props_dir` ("test_file.py::[Class::]test_fn") → the claim ids it is marked with.

    Found by importing `test_*.py` and reading `pytestmark` (module, class and function markers);
    modules that fail to import are skipped and named in `errors` (pytest reports them on collection).
    """
    tests: dict[str, list[str]] = {}
    for path in sorted(Path(props_dir).rglob("test_*.py")):
        name = f"_nnverify_props_{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]}"
        mod = sys.modules.get(name)
        if mod is None:
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                continue
            mod = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(mod)
            except Exception as exc:  # any error of a user's module: pytest shows its traceback
                if errors is not None:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            sys.modules[name] = mod
        module_marks = _claim_marks(mod)
        for attr, obj in vars(mod).items():
            if attr.startswith("test") and callable(obj) and not isinstance(obj, type):
                tests[f"{path.name}::{attr}"] = module_marks + _claim_marks(obj)
            elif attr.startswith("Test") and isinstance(obj, type):
                for m_attr, m_obj in vars(obj).items():
                    if m_attr.startswith("test") and callable(m_obj):
                        marks = module_marks + _claim_marks(obj) + _claim_marks(m_obj)
                        tests[f"{path.name}::{attr}::{m_attr}"] = marks
    return tests


def property_index(props_dir: Path) -> dict[str, list[str]]:
    """claim id → the tests under `props_dir` marked `@pytest.mark.claim(id)` (see `property_tests`)."""
    index: dict[str, list[str]] = {}
    for test, ids in property_tests(props_dir).items():
        for cid in dict.fromkeys(ids):
            index.setdefault(cid, []).append(test)
    return index


def load_results(folder: Path | str) -> dict[str, Any]:
    """Read `<folder>/results.json`; InputError (one line) if missing or not a results file."""
    p = Path(folder)
    f = p / "results.json" if p.is_dir() or not p.suffix else p
    if not f.is_file():
        raise InputError(f"no results at {str(f)!r}; run `nnverify check` (or pytest properties) first")
    try:
        doc = json.loads(f.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"results file {str(f)!r} is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), dict):
        raise InputError(f"results file {str(f)!r} has no 'claims' table; is it an nnverify results.json?")
    return doc


def _stats(entry: dict[str, Any]) -> dict[str, Any]:
    return entry.get("stats") or {}


def summarise(doc: dict[str, Any] | None, ids: Sequence[str], indexed: Iterable[str] = ()) -> list[dict[str, Any]]:
    """One row per claim id (in `ids` order, then any other claim in `doc`).

    `indexed`: ids that have a property (decides "no property" vs "not run" for absent claims).
    A property that checks a variant ("<id>#mutant") records its numbers under that key; the row
    of <id> then shows them, with `variant` set.
    """
    from nnverify.claims import REGISTRY

    claims: dict[str, Any] = dict((doc or {}).get("claims", {}))
    order = list(dict.fromkeys([*ids, *(k for k in claims if "#" not in k)]))
    has_prop = set(indexed)
    rows = []
    for cid in order:
        c = REGISTRY.get(cid)
        entry = claims.get(cid, {})
        tests = entry.get("tests", [])
        stats, variant = _stats(entry), None
        if not stats.get("examples"):
            for key, other in claims.items():
                if key.startswith(cid + "#") and _stats(other).get("examples"):
                    stats, variant = _stats(other), key.split("#", 1)[1]
                    break
        ex = int(stats.get("examples", 0))
        held, vac, viol = (int(stats.get(k, 0)) for k in ("held", "vacuous", "violated"))
        evaluated = held + vac + viol
        violations = list(entry.get("violations", []))
        errors = [t["error"] for t in tests if t.get("error")]
        failed = any(t.get("outcome") == "failed" for t in tests)
        if not tests:
            status = "not run" if (cid in has_prop or cid in claims) else "no property"
        elif failed and (violations or entry.get("artifacts") or viol):
            status = "violated"
        elif failed:
            status = "error"
        elif held == 0:
            status = "inconclusive"
        else:
            status = "holds"
        rows.append({
            "claim": cid, "paper": c.paper if c else cid.split(".")[0], "kind": c.kind.value if c else "?",
            "where": c.where if c else "", "status": status, "variant": variant,
            "examples": ex, "evaluated": evaluated, "vacuous": vac,
            "vacuity": (vac / evaluated) if evaluated else None,
            "hypotheses_failed": int(stats.get("hypotheses_failed", 0)),
            "inconclusive": int(stats.get("inconclusive", 0)), "violated": viol,
            # P claims compare interval ends with claimed exponents: lhs/rhs is no tightness measure there
            "max_ratio": (float(stats.get("max_ratio", 0.0))
                          if evaluated and (c is None or c.kind.value != "P") else None),
            "max_ratio_label": stats.get("max_ratio_label", ""), "max_ratio_case": stats.get("max_ratio_case", ""),
            "seconds": round(sum(float(t.get("seconds", 0.0)) for t in tests), 3),
            "tests": [t.get("nodeid", "") for t in tests],
            "artifacts": list(entry.get("artifacts", [])), "violations": violations, "errors": errors,
        })
    return rows


def fmt_ratio(v: float | None) -> str:
    return "—" if v is None else f"{v:.4g}"


def fmt_rate(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.0f}%"


COLUMNS = ("claim", "class", "status", "examples", "vacuity", "hyp. failed", "max ratio", "seconds")


def table_cells(row: dict[str, Any]) -> list[str]:
    """The cells of one row of the claim table (CLI and report)."""
    name = row["claim"] + (f" [{row['variant']}]" if row["variant"] else "")
    return [name, row["kind"], row["status"], str(row["examples"]), fmt_rate(row["vacuity"]),
            str(row["hypotheses_failed"]), fmt_ratio(row["max_ratio"]), f"{row['seconds']:.1f}"]


def counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    out = {s: 0 for s in STATUSES}
    for r in rows:
        out[r["status"]] += 1
    return {k: v for k, v in out.items() if v}


# ---------------------------------------------------------------------------------------- inputs
def load_measurements(folder: Path | str) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """(file stem, payload) of every `<folder>/measurements/*.json` (sorted), and one warning per
    unreadable file (`nnverify.measurements` conventions: a "type" and a "claim" per payload)."""
    out: list[tuple[str, dict[str, Any]]] = []
    warnings: list[str] = []
    for p in sorted((Path(folder) / "measurements").glob("*.json")):
        try:
            doc = json.loads(p.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            warnings.append(f"measurement {p.name} skipped: not readable JSON ({type(exc).__name__})")
            continue
        if not isinstance(doc, dict):
            warnings.append(f"measurement {p.name} skipped: not a JSON object")
            continue
        out.append((p.stem, doc))
    return out, warnings


def load_probes(folder: Path | str) -> tuple[list[dict[str, Any]] | None, list[str]]:
    """The entries of `<folder>/probes.json` (`nnverify.probes.write_probes`); None when absent."""
    p = Path(folder) / "probes.json"
    if not p.is_file():
        return None, []
    try:
        doc = json.loads(p.read_text())
        entries = doc["probes"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise TypeError
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return None, [f"{p.name} skipped: not a probes file written by `nnverify probe`"]
    return entries, []


def find_errata() -> Path | None:
    """`ERRATA.md` at the project root (next to the package), else in the working directory."""
    for p in (Path(__file__).resolve().parents[1] / "ERRATA.md", Path("ERRATA.md")):
        if p.is_file():
            return p
    return None


def _num(v: Any) -> float:
    """A JSON number, or the "inf"/"nan" strings `write_measurement` stores; NaN when not a number."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _nums(v: Any) -> list[float]:
    return [_num(x) for x in v] if isinstance(v, list) else []


def _g(v: Any) -> str:
    """A number in 4 significant digits; "inf"/"nan" strings as they are; "—" for none."""
    if v is None:
        return "—"
    x = _num(v)
    return str(v) if math.isnan(x) and isinstance(v, str) else ("—" if math.isnan(x) else f"{x:.4g}")


def _slug(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem)


# ---------------------------------------------------------------------------------------- plots
MATPLOTLIB_MISSING = "plots omitted: matplotlib is not installed (`pip install -e '.[report]'`)"


def plots_available() -> bool:
    """Whether matplotlib can be imported (the optional extra `report`)."""
    try:
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(w: float = 6.4, h: float = 3.8) -> Any:
    """A matplotlib Figure drawn by Agg — no pyplot, so no global backend or figure state changes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Any, path: Path) -> Path:
    fig.savefig(path, format="png")
    return path


def plot_atlas(rows: Sequence[dict[str, Any]], path: Path) -> Path | None:
    """Horizontal bars: max lhs/rhs reached per class-D claim (1 = the bound is attained)."""
    data = [(r["claim"], r["max_ratio"]) for r in rows
            if r["kind"] == "D" and r["max_ratio"] is not None and math.isfinite(r["max_ratio"])]
    if not data:
        return None
    fig = _figure(8.0, 0.9 + 0.22 * len(data))
    ax = fig.add_subplot()
    ax.barh(range(len(data)), [v for _, v in data], color=["#c0392b" if v > 1 else "#2e86c1" for _, v in data])
    ax.set_yticks(range(len(data)), [c for c, _ in data], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(1.0, color="k", lw=0.8, ls="--")
    ax.set_xlabel("max lhs / rhs reached (1 = bound attained)")
    ax.set_title("Tightness atlas (class D)", fontsize=10)
    return _save(fig, path)


def plot_trajectory(m: dict[str, Any], path: Path) -> Path | None:
    """Loss against the guaranteed bound along the iterations k (log scale)."""
    k, loss, bound = _nums(m.get("k")), _nums(m.get("loss")), _nums(m.get("bound"))
    if not k or len(loss) != len(k):
        return None
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot(k, loss, "o-", ms=2.5, label="loss Φ(θ_k) (measured)")
    if len(bound) == len(k):
        ax.plot(k, bound, "--", color="#c0392b", label="guaranteed bound")
    if any(v > 0 for v in loss + bound if math.isfinite(v)):
        ax.set_yscale("log")
    ax.set_xlabel("iteration k")
    ax.set_ylabel("loss")
    ax.set_title(f"{m.get('claim', '')} {m.get('label', '')}".strip(), fontsize=9)
    ax.legend(fontsize=8)
    return _save(fig, path)


def plot_slope(m: dict[str, Any], path: Path) -> Path | None:
    """log–log scatter of the measurements per seed, the fitted line, and the claimed exponent."""
    fit = m.get("fit") if isinstance(m.get("fit"), dict) else {}
    x, ys = _nums(fit.get("x")), fit.get("y")
    if not x or not isinstance(ys, list) or len(ys) != len(x):
        return None
    slope, intercept, claimed = _num(fit.get("slope")), _num(fit.get("intercept")), _num(m.get("claimed"))
    fig = _figure()
    ax = fig.add_subplot()
    # values ≥ 1e299 stand for +∞ (`experiments.crossing.INF_SENTINEL`, a condition that never holds): not drawn
    pts = [(xi, v) for xi, row in zip(x, ys, strict=True) for v in _nums(row) if v < 1e299]
    px, py = [p[0] for p in pts], [p[1] for p in pts]
    ax.plot(px, py, "o", ms=3, alpha=0.5, label="measured (each seed)")
    good = [xi for xi in x if xi > 0]
    if good and math.isfinite(slope) and math.isfinite(intercept):
        lx = [math.log(v) for v in good]
        ax.plot(good, [math.exp(intercept + slope * v) for v in lx], "-", color="#2e86c1",
                label=f"fit: slope {slope:.3g}")
        if math.isfinite(claimed):  # the claimed exponent, through the fit's centre
            cx = sum(lx) / len(lx)
            cy = intercept + slope * cx
            ax.plot(good, [math.exp(cy + claimed * (v - cx)) for v in lx], "--", color="#c0392b",
                    label=f"claimed exponent {claimed:.3g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(str(m.get("variable", "x")))
    ax.set_ylabel(str(m.get("quantity", "y"))[:60])
    ax.set_title(str(m.get("claim", "")), fontsize=9)
    ax.legend(fontsize=8)
    return _save(fig, path)


def plot_rate(m: dict[str, Any], path: Path) -> Path | None:
    """Observed failure rate with its exact interval against the claimed probability."""
    k, n, p0 = _num(m.get("failures")), _num(m.get("trials")), _num(m.get("claimed_p"))
    ci = _nums(m.get("ci"))
    if not (n > 0 and math.isfinite(k)):
        return None
    rate = k / n
    fig = _figure(5.0, 2.2)
    ax = fig.add_subplot()
    err = [[rate - ci[0]], [ci[1] - rate]] if len(ci) == 2 else None
    ax.errorbar([rate], [0], xerr=err, fmt="o", capsize=4, label=f"measured {int(k)}/{int(n)}")
    if math.isfinite(p0):
        ax.axvline(p0, color="#c0392b", ls="--", label=f"claimed ≤ {p0:.3g}")
    ax.set_yticks([])
    ax.set_xlabel(f"P({m.get('event', 'failure')})"[:70])
    ax.set_title(str(m.get("claim", "")), fontsize=9)
    ax.legend(fontsize=8)
    return _save(fig, path)


_PLOTTERS = {"trajectory": plot_trajectory, "slope": plot_slope, "rate": plot_rate}


# ---------------------------------------------------------------------------------------- document
# A report is a list of blocks, rendered once to Markdown and once to HTML (so they never disagree):
# ("h", level, text, anchor) · ("p", text) · ("table", headers, rows, row_classes) · ("img", src, alt)
# · ("pre", text) · ("cmd", text) · ("md", markdown text) · ("details", summary, blocks) (folded in HTML).
Block = tuple[Any, ...]
_SIDE = {"le": "≤", "ge": "≥", "eq": "="}


def _claims_section(doc: dict[str, Any] | None, rows: Sequence[dict[str, Any]]) -> list[Block]:
    tally = ", ".join(f"{v} {k}" for k, v in counts(rows).items())
    shards = f"{doc['shards']} shards merged · " if doc and doc.get("shards") else ""
    head = (f"{shards}Profile `{doc.get('hypothesis_profile')}` · {doc.get('seconds', '?')} s · {tally}." if doc
            else f"No results.json in this folder (run `nnverify check`) · {tally}.")
    ran = [r for r in rows if r["status"] not in ("not run", "no property")]
    rest = [r for r in rows if r["status"] in ("not run", "no property")]
    out: list[Block] = [
        ("h", 2, "Claims", "claims"), ("p", head),
        ("p", "Vacuity: share of evaluated examples on which every comparison was trivially true; max ratio: "
              "the largest lhs/rhs reached (1 = the bound is attained; > 1 + tolerance = violated)."),
        ("table", list(COLUMNS), [table_cells(r) for r in ran], [r["status"].replace(" ", "-") for r in ran])]
    if rest:  # every registered claim has a row; those this run did not reach are folded in the HTML
        out.append(("details", f"{len(rest)} registered claim(s) without results in this run", [
            ("table", list(COLUMNS), [table_cells(r) for r in rest], [r["status"].replace(" ", "-") for r in rest])]))
    return out


def _atlas_section(rows: Sequence[dict[str, Any]], img: str | None) -> list[Block]:
    d = sorted((r for r in rows if r["kind"] == "D" and r["max_ratio"] is not None),
               key=lambda r: -r["max_ratio"])
    out: list[Block] = [("h", 2, "Tightness atlas", "atlas"),
                        ("p", "For each class-D bound: the largest lhs/rhs the search reached (Hypothesis targets "
                              "it), the comparison and the case that reached it.")]
    if not d:
        return [*out, ("p", "No class-D claim was evaluated in this run.")]
    if img:
        out.append(("img", img, "tightness atlas: max lhs/rhs per class-D claim"))
    rws = [[r["claim"] + (f" [{r['variant']}]" if r["variant"] else ""), r["where"], fmt_ratio(r["max_ratio"]),
            r["max_ratio_label"] or "—", r["max_ratio_case"] or "—"] for r in d]
    return [*out, ("table", ["claim", "where", "max ratio", "comparison", "case"], rws, None)]


def _probes_section(probes: list[dict[str, Any]] | None) -> list[Block]:
    out: list[Block] = [("h", 2, "Hypothesis probes", "probes"),
                        ("p", "Each probe drops one hypothesis of a claim and searches for a counterexample. "
                              "Found: the hypothesis is needed (a finding, not a failure); none found within "
                              "the budget: it may be removable.")]
    if probes is None:
        return [*out, ("p", "No probes.json in this folder: run `nnverify probe`.")]
    rws = [[str(p.get("claim", "")), str(p.get("hypothesis", "")),
            "yes" if p.get("counterexample") else f"no (budget {p.get('budget', '?')})",
            str(p.get("counterexample") or "—"), _g(p.get("ratio"))] for p in probes]
    return [*out, ("table", ["claim", "dropped hypothesis", "counterexample found?", "shrunk case", "ratio"],
                   rws, ["finding" if p.get("counterexample") else "" for p in probes])]


def _trajectory_row(stem: str, m: dict[str, Any]) -> list[str]:
    loss, bound = _nums(m.get("loss")), _nums(m.get("bound"))
    pairs = [(a, b) for a, b in zip(loss, bound, strict=False) if math.isfinite(a) and math.isfinite(b) and b > 0]
    worst = max((a / b for a, b in pairs), default=None)
    below = "—" if not pairs or len(bound) != len(loss) else (
        "yes" if all(a <= b for a, b in pairs) and len(pairs) == len(loss) else "no")
    return [str(m.get("claim", stem)), str(m.get("label", "")), str(len(loss)), _g(loss[-1] if loss else None),
            fmt_ratio(worst), below]


def _convergence_section(ms: list[tuple[str, dict[str, Any]]], imgs: dict[str, str]) -> list[Block]:
    t = [(s, m) for s, m in ms if m.get("type") == "trajectory"]
    out: list[Block] = [("h", 2, "Convergence (class C)", "convergence"),
                        ("p", "Loss along gradient descent against the rate the theorem guarantees.")]
    if not t:
        return [*out, ("p", "No trajectory measurements in this folder.")]
    out.append(("table", ["claim", "run", "steps", "final loss", "max loss/bound", "loss ≤ bound at every k"],
                [_trajectory_row(s, m) for s, m in t], None))
    return out + [("img", imgs[s], f"{m.get('claim', s)} trajectory") for s, m in t if s in imgs]


def _measured_row(stem: str, m: dict[str, Any]) -> list[str]:
    cid, kind = str(m.get("claim", stem)), str(m.get("type"))
    if kind == "slope":
        fit = m.get("fit") if isinstance(m.get("fit"), dict) else {}
        ci = _nums(fit.get("ci"))
        level = _num(fit.get("level"))
        claimed = f"exponent of {m.get('variable', 'x')} {_SIDE.get(str(m.get('side')), '?')} {_g(m.get('claimed'))}"
        measured = f"{_g(fit.get('slope'))}" + (f" [{ci[0]:.3g}, {ci[1]:.3g}]" if len(ci) == 2 else "")
        extra = (f"{100 * level:.1f}% bootstrap over seeds" if math.isfinite(level) else "") + \
            (f"; C = {_g(fit.get('constant'))}" if fit.get("constant") is not None else "")
    else:
        ci = _nums(m.get("ci"))
        claimed = f"P({m.get('event', 'failure')}) ≤ {_g(m.get('claimed_p'))}"
        k, n = _num(m.get("failures")), _num(m.get("trials"))
        measured = f"{_g(k)}/{_g(n)}" + (f" [{ci[0]:.3g}, {ci[1]:.3g}]" if len(ci) == 2 else "")
        extra = f"p = {_g(m.get('p_value'))}"
    return [cid, str(m.get("test", kind)), str(m.get("quantity", m.get("event", ""))), claimed, measured, extra,
            str(m.get("verdict", "—"))]


def _measured_section(ms: list[tuple[str, dict[str, Any]]], imgs: dict[str, str]) -> list[Block]:
    t = [(s, m) for s, m in ms if m.get("type") in ("slope", "rate")]
    out: list[Block] = [("h", 2, "Claimed vs measured (class P)", "measured"),
                        ("p", "Scaling exponents with bootstrap intervals and failure rates with exact binomial "
                              "intervals; the constants are measured, never tuned.")]
    if not t:
        return [*out, ("p", "No slope or rate measurements in this folder.")]
    out.append(("table", ["claim", "test", "quantity", "claimed", "measured [interval]", "details", "verdict"],
                [_measured_row(s, m) for s, m in t],
                ["violated" if m.get("verdict") == "refuted" else "holds" if m.get("verdict") == "consistent" else ""
                 for _, m in t]))
    return out + [("img", imgs[s], f"{m.get('claim', s)} fit") for s, m in t if s in imgs]


def _tables_section(ms: list[tuple[str, dict[str, Any]]]) -> list[Block]:
    out: list[Block] = []
    for s, m in ms:
        if m.get("type") == "table" and isinstance(m.get("columns"), list) and isinstance(m.get("rows"), list):
            cid = str(m.get("claim", s))
            out.append(("h", 3, cid if s == cid else f"{cid} ({s})", None))
            if m.get("note"):
                out.append(("p", str(m["note"])))
            rows = [[_g(c) if isinstance(c, float) else str(c) for c in r] for r in m["rows"] if isinstance(r, list)]
            out.append(("table", [str(c) for c in m["columns"]], rows, None))
    return [("h", 2, "Experiments", "experiments"), *out] if out else []


def _gallery_section(rows: Sequence[dict[str, Any]]) -> list[Block]:
    out: list[Block] = [("h", 2, "Counterexamples", "counterexamples")]
    bad = [r for r in rows if r["status"] in FAILING]
    if not bad:
        return [*out, ("p", "None: no claim was violated and no property failed in this run.")]
    for r in bad:
        out += [("h", 3, r["claim"], r["claim"]), ("p", f"{r['where']} — {r['status']}")]
        out += [("pre", msg) for msg in r["violations"] or r["errors"]]
        out += [("cmd", f"nnverify replay {a}") for a in r["artifacts"]]
    return out


def _errata_section(errata: Path | None) -> list[Block]:
    if errata is None:
        return []
    try:
        text = errata.read_text()
    except (OSError, UnicodeDecodeError):
        return [("h", 2, "Errata", "errata"), ("p", f"{errata} could not be read.")]
    return [("h", 2, "Errata", "errata"), ("p", f"From {errata.name}: statements false as printed in the papers."),
            ("md", text)]


# ---------------------------------------------------------------------------------------- rendering
def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _markdown(blocks: Sequence[Block], title: bool = True) -> str:
    out = ["# nnverify report", ""] if title else []
    for b in blocks:
        if b[0] == "h":
            out += ["#" * b[1] + " " + b[2], ""]
        elif b[0] == "p":
            out += [b[1], ""]
        elif b[0] == "table":
            out += ["| " + " | ".join(b[1]) + " |", "|" + "---|" * len(b[1])]
            out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in b[2]] + [""]
        elif b[0] == "img":
            out += [f"![{b[2]}]({b[1]})", ""]
        elif b[0] == "pre":
            out += ["```", b[1], "```", ""]
        elif b[0] == "cmd":
            out += [f"replay: `{b[1]}`", ""]
        elif b[0] == "md":  # nested document: its headings go one level down
            out += [re.sub(r"^(#{1,5}) ", r"#\1 ", b[1].rstrip(), flags=re.M), ""]
        elif b[0] == "details":
            out += [f"{b[1]}:", "", _markdown(b[2], title=False).rstrip("\n"), ""]
    return "\n".join(out) + "\n"


def _inline(s: str) -> str:
    """Escaped text with Markdown's `code`, **bold** and [links](url)."""
    parts = re.split(r"(`[^`]+`)", s)
    out = []
    for p in parts:
        if len(p) > 1 and p.startswith("`") and p.endswith("`"):
            out.append(f"<code>{html.escape(p[1:-1])}</code>")
            continue
        t = html.escape(p)
        t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
        t = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"<a href='\2'>\1</a>", t)
        out.append(t)
    return "".join(out)


def md_to_html(text: str, shift: int = 1) -> str:
    """The Markdown subset of ERRATA.md: headings, paragraphs, lists, fenced code, pipe tables."""
    out: list[str] = []
    para: list[str] = []
    lines = text.splitlines()
    i = 0

    def flush() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()

    while i < len(lines):
        ln = lines[i]
        if ln.startswith("```"):
            flush()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append(f"<pre>{html.escape(chr(10).join(lines[i + 1:j]))}</pre>")
            i = j + 1
            continue
        h = re.match(r"^(#{1,6})\s+(.*)$", ln)
        if h:
            flush()
            n = min(6, len(h.group(1)) + shift)
            out.append(f"<h{n}>{_inline(h.group(2))}</h{n}>")
        elif re.match(r"^\s*[-*]\s+", ln):
            flush()
            items = []
            while i < len(lines) and re.match(r"^\s*[-*]\s+", lines[i]):
                items.append(re.sub(r"^\s*[-*]\s+", "", lines[i]))
                i += 1
                while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():  # continuation
                    items[-1] += " " + lines[i].strip()
                    i += 1
            out.append("<ul>" + "".join(f"<li>{_inline(t)}</li>" for t in items) + "</ul>")
            continue
        elif ln.strip().startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in re.split(r"(?<!\\)\|", lines[i].strip().strip("|"))]
                if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            if rows:
                out.append("<table><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in rows[0]) + "</tr>"
                           + "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
                           + "</table>")
            continue
        elif not ln.strip():
            flush()
        else:
            para.append(ln.strip())
        i += 1
    flush()
    return "\n".join(out)


_CSS = ("body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
        "td{max-width:48em;overflow-wrap:anywhere}"
        ".holds{background:#e6f4e6}.violated,.error{background:#fbe3e3}.inconclusive{background:#fff6d5}"
        ".finding{background:#e3eefb}"
        "pre{background:#f4f4f4;padding:.5em;overflow-x:auto}img{max-width:100%;display:block;margin:.5em 0}"
        ".warn{background:#fff6d5;padding:.3em .6em}nav a{margin-right:1em}")

# Marks the page with how many plots loaded (data-images-loaded="k/n") and shows a warning when a
# PNG is missing (index.html moved without them); also what the headless-browser test reads.
_SCRIPT = ("addEventListener('load',()=>{const im=[...document.images];"
           "const ok=im.filter(i=>i.complete&&i.naturalWidth>0).length;"
           "document.body.dataset.imagesLoaded=ok+'/'+im.length;"
           "if(ok<im.length){const w=document.getElementById('broken-images');w.hidden=false;"
           "w.textContent=(im.length-ok)+' plot(s) failed to load: keep the PNG files next to index.html.';}});")


def _html(blocks: Sequence[Block], notes: Sequence[str]) -> str:
    e = html.escape
    nav = " ".join(f"<a href='#{e(b[3])}'>{e(b[2])}</a>" for b in blocks if b[0] == "h" and b[1] == 2 and b[3])
    out = ["<!doctype html><html><head><meta charset='utf-8'><title>nnverify report</title>",
           f"<style>{_CSS}</style></head><body><h1>nnverify report</h1><nav>{nav}</nav>",
           "<p id='broken-images' class='warn' hidden></p>"]
    out += [f"<p class='warn'>{e(n)}</p>" for n in notes]
    out += _html_blocks(blocks)
    out.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def _html_blocks(blocks: Sequence[Block]) -> list[str]:
    e = html.escape
    out: list[str] = []
    for b in blocks:
        if b[0] == "h":
            anchor = f" id='{e(b[3])}'" if b[3] else ""
            out.append(f"<h{b[1]}{anchor}>{e(b[2])}</h{b[1]}>")
        elif b[0] == "p":
            out.append(f"<p>{_inline(b[1])}</p>")
        elif b[0] == "table":
            classes = b[3] or [""] * len(b[2])
            out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in b[1]) + "</tr>")
            for cls, r in zip(classes, b[2], strict=True):
                out.append(f"<tr class='{e(cls)}'>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
            out.append("</table>")
        elif b[0] == "img":
            out.append(f"<img src='{e(b[1])}' alt='{e(b[2])}'>")
        elif b[0] == "pre":
            out.append(f"<pre>{e(b[1])}</pre>")
        elif b[0] == "cmd":
            out.append(f"<p>replay: <code>{e(b[1])}</code></p>")
        elif b[0] == "md":
            out.append(md_to_html(b[1], shift=2))
        elif b[0] == "details":
            out += [f"<details><summary>{e(b[1])}</summary>", *_html_blocks(b[2]), "</details>"]
    return out


# ---------------------------------------------------------------------------------------- write
def merge_folders(folders: Sequence[Path | str]) -> tuple[dict[str, Any] | None, list[tuple[str, dict[str, Any]]],
                                                      list[dict[str, Any]] | None, list[str]]:
    """Results of several folders (CI shards) as one: (results doc or None, measurements, probes, notes).

    Per claim the tests, artifacts and violations are concatenated and the stats merged (counts
    added, the largest ratio kept with its case); seconds is the longest shard (they run side by
    side); a measurement or probe present in several folders is taken from the last. InputError when
    no folder holds results.json, probes.json or a measurement.
    """
    from nnverify.claims.core import ClaimStats

    docs, ms_by_stem, probes, notes = [], {}, {}, []
    any_probes = False
    for f in folders:
        ms, w = load_measurements(f)
        ms_by_stem.update(dict(ms))
        ps, pw = load_probes(f)
        notes += w + pw
        if ps is not None:
            any_probes = True
            probes.update({(str(e.get("claim")), str(e.get("hypothesis"))): e for e in ps})
        try:
            docs.append(load_results(f))
        except InputError as exc:
            if len(folders) == 1 and not ms and ps is None:
                raise
            if (Path(f) / "results.json").exists():  # present but unusable: say so; absent: fine
                notes.append(str(exc))
    if not docs and not ms_by_stem and not any_probes:
        raise InputError(f"no results.json, probes.json or measurements in {', '.join(map(str, folders))}; "
                         "run `nnverify check` first")
    doc: dict[str, Any] | None = None
    if len(docs) == 1:
        doc = docs[0]
    elif docs:
        claims: dict[str, Any] = {}
        for d in docs:
            for cid, e in d["claims"].items():
                m = claims.setdefault(cid, {"tests": [], "stats": ClaimStats(), "artifacts": [], "violations": []})
                for k in ("tests", "artifacts", "violations"):
                    m[k] += list(e.get(k, []))
                m["stats"].merge(e.get("stats") or {})
        profiles = sorted({str(d.get("hypothesis_profile")) for d in docs})
        doc = {"hypothesis_profile": ", ".join(profiles), "seconds": max(float(d.get("seconds", 0)) for d in docs),
               "shards": len(docs), "claims": {k: dict(v, stats=vars(v["stats"])) for k, v in claims.items()}}
    return doc, sorted(ms_by_stem.items()), list(probes.values()) if any_probes else None, notes


def write_report(results: Path | str | Sequence[Path | str], out: Path | str, props_dir: Path | None = None,
                 errata: Path | bool | None = True) -> list[Path]:
    """Write `report.md`, `index.html` and their PNG plots under `out`; returns the paths written.

    Reads `<results>/results.json` (claim table, tightness atlas, counterexamples), `<results>/probes.json`
    and `<results>/measurements/*.json` — of one folder, or of several merged (`merge_folders`: CI
    shards); every registered claim gets a row. `errata`: True finds ERRATA.md (`find_errata`), a path
    uses it, False/None leaves the section out. Without matplotlib the report is written without
    plots and says so.
    """
    from nnverify.claims import registry

    folders = [results] if isinstance(results, (str, Path)) else list(results)
    doc, ms, probes, notes = merge_folders(folders)
    index = property_index(props_dir or default_properties_dir())
    rows = summarise(doc, [c.id for c in registry()], index)
    o = Path(out)
    try:
        o.mkdir(parents=True, exist_ok=True)
        plots: list[Path] = []
        imgs: dict[str, str] = {}
        atlas = None
        if plots_available():
            atlas = plot_atlas([r for r in rows if r["kind"] == "D"], o / "fig-atlas.png")
            plots += [atlas] if atlas else []
            for stem, m in ms:
                fn = _PLOTTERS.get(str(m.get("type")))
                p = fn(m, o / f"fig-{_slug(stem)}.png") if fn else None
                if p is not None:
                    plots.append(p)
                    imgs[stem] = p.name
        else:
            notes.append(MATPLOTLIB_MISSING)
        known = {"trajectory", "slope", "rate", "table"}
        notes += [f"measurement {s}: type {m.get('type')!r} is not one the report knows ({', '.join(sorted(known))})"
                  for s, m in ms if m.get("type") not in known]
        err = find_errata() if errata is True else (errata or None)
        blocks = [*_claims_section(doc, rows), *_atlas_section(rows, atlas.name if atlas else None),
                  *_probes_section(probes), *_convergence_section(ms, imgs), *_measured_section(ms, imgs),
                  *_tables_section(ms), *_gallery_section(rows), *_errata_section(err)]
        md, page = o / "report.md", o / "index.html"
        md.write_text(_markdown([("p", f"Note: {n}") for n in notes] + blocks))
        page.write_text(_html(blocks, notes))
    except OSError as exc:
        raise InputError(f"cannot write the report to {str(o)!r} ({exc.strerror or exc})") from None
    return [md, page, *plots]
