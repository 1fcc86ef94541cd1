"""Results of a property run, per claim: status table, JSON, Markdown and HTML (first version).

Input is the `results.json` the pytest plugin writes (`nnverify.pytest_plugin`); the CLI's `check`
table, its `--json` output and `nnverify report` all come from `summarise`, so they never disagree.

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
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from nnverify.errors import InputError

__all__ = ["COLUMNS", "FAILING", "STATUSES", "counts", "default_properties_dir", "fmt_rate", "fmt_ratio",
           "load_results", "property_index", "property_tests", "results_dir", "summarise", "table_cells",
           "write_report"]

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
            "max_ratio": float(stats.get("max_ratio", 0.0)) if evaluated else None,
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


# ---------------------------------------------------------------------------------------- files
def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _markdown(doc: dict[str, Any], rows: Sequence[dict[str, Any]]) -> str:
    tally = ", ".join(f"{v} {k}" for k, v in counts(rows).items())
    out = ["# nnverify report", "",
           f"Profile `{doc.get('hypothesis_profile')}` · {doc.get('seconds', '?')} s · {tally}.", "",
           "Vacuity: share of evaluated examples on which every comparison was trivially true; max ratio: "
           "the largest lhs/rhs reached (1 = the bound is attained; > 1 + tolerance = violated).", "",
           "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    out += ["| " + " | ".join(_md_cell(c) for c in table_cells(r)) + " |" for r in rows]
    bad = [r for r in rows if r["status"] in FAILING]
    out += ["", "## Counterexamples and errors", ""]
    if not bad:
        out.append("None.")
    for r in bad:
        out += [f"### {r['claim']}", "", f"{r['where']} — **{r['status']}**", ""]
        for msg in r["violations"] or r["errors"]:
            out += ["```", msg, "```", ""]
        for a in r["artifacts"]:
            out += [f"replay: `nnverify replay {a}`", ""]
    return "\n".join(out) + "\n"


_CSS = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
        ".holds{background:#e6f4e6}.violated,.error{background:#fbe3e3}.inconclusive{background:#fff6d5}"
        "pre{background:#f4f4f4;padding:.5em;overflow-x:auto}")


def _html(doc: dict[str, Any], rows: Sequence[dict[str, Any]]) -> str:
    e = html.escape
    tally = ", ".join(f"{v} {k}" for k, v in counts(rows).items())
    out = ["<!doctype html><html><head><meta charset='utf-8'><title>nnverify report</title>",
           f"<style>{_CSS}</style></head><body><h1>nnverify report</h1>",
           f"<p>Profile <code>{e(str(doc.get('hypothesis_profile')))}</code> · {e(str(doc.get('seconds', '?')))} s"
           f" · {e(tally)}</p>",
           "<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in COLUMNS) + "</tr>"]
    for r in rows:
        cells = table_cells(r)
        first = f"<a href='#{e(r['claim'])}'>{e(cells[0])}</a>" if r["status"] in FAILING else e(cells[0])
        out.append(f"<tr class='{r['status'].replace(' ', '-')}' title='{e(r['where'])}'><td>{first}</td>"
                   + "".join(f"<td>{e(c)}</td>" for c in cells[1:]) + "</tr>")
    out.append("</table><h2>Counterexamples and errors</h2>")
    bad = [r for r in rows if r["status"] in FAILING]
    if not bad:
        out.append("<p>None.</p>")
    for r in bad:
        out.append(f"<h3 id='{e(r['claim'])}'>{e(r['claim'])}</h3><p>{e(r['where'])} — <b>{e(r['status'])}</b></p>")
        out += [f"<pre>{e(msg)}</pre>" for msg in r["violations"] or r["errors"]]
        out += [f"<p>replay: <code>nnverify replay {e(a)}</code></p>" for a in r["artifacts"]]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_report(results: Path | str, out: Path | str, props_dir: Path | None = None) -> list[Path]:
    """Write `report.md` and `index.html` under `out` from `<results>/results.json`; returns the paths.

    Every registered claim gets a row (those this run did not reach: "no property" / "not run").
    """
    from nnverify.claims import registry

    doc = load_results(results)
    index = property_index(props_dir or default_properties_dir())
    rows = summarise(doc, [c.id for c in registry()], index)
    o = Path(out)
    try:
        o.mkdir(parents=True, exist_ok=True)
        md, page = o / "report.md", o / "index.html"
        md.write_text(_markdown(doc, rows))
        page.write_text(_html(doc, rows))
    except OSError as exc:
        raise InputError(f"cannot write the report to {str(o)!r} ({exc.strerror or exc})") from None
    return [md, page]
