"""One formatter for violations: used by pytest failures, the CLI and `nnverify replay`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nnverify.claims.core import CheckResult
    from nnverify.types import Instance

__all__ = ["format_evaluation", "format_violation"]


def format_evaluation(e: object) -> str:
    """lhs / rhs / ratio lines of one evaluation, 16 significant digits."""
    from nnverify.claims.core import Relation

    ev = e  # type: ignore[assignment]
    lines = []
    if ev.relation is Relation.EQ:  # type: ignore[attr-defined]
        lines.append(f"    error = {ev.lhs:.15e}    {ev.lhs_name}")  # type: ignore[attr-defined]
        lines.append(f"    slack = {ev.slack:.15e}    rtol·scale + atol (scale={ev.scale:.6e})")  # type: ignore[attr-defined]
    else:
        facts = " · ".join(f"{k}={v:.6g}" for k, v in ev.factors)  # type: ignore[attr-defined]
        lines.append(f"    lhs   = {ev.lhs:.15e}    {ev.lhs_name}")  # type: ignore[attr-defined]
        lines.append(f"    rhs   = {ev.rhs:.15e}    {facts}")  # type: ignore[attr-defined]
    thr = f"violation when beyond slack {ev.slack:.3e}"  # type: ignore[attr-defined]
    lines.append(f"    ratio = {ev.ratio!r}    ({thr}; tolerance: rtol={ev.tol.rtol:g}, "  # type: ignore[attr-defined]
                 f"{ev.tol.reason})")  # type: ignore[attr-defined]
    return "\n".join(lines)


def format_violation(result: CheckResult, inst: Instance, path: str) -> str:
    """The counterexample report: id, paper and equation, statement, numbers, case, replay, pin."""
    c = result.claim
    bad = [e for e in result.evaluations if e.violated]
    worst = max(bad, key=lambda e: e.ratio)
    name = c.id if result.variant is None else f"{c.id} [variant: {result.variant}]"
    at = f" at {worst.label}" if worst.label else ""
    out = [
        f"{name} violated{at}          [{c.kind.value} · {c.kind.label}]",
        f"  {c.where}" if c.where.startswith(c.paper) else f"  {c.paper} — {c.where}",
        f"  {c.statement}",
        format_evaluation(worst),
    ]
    if len(bad) > 1:
        out.append(f"  ({len(bad)} of {len(result.evaluations)} comparisons violated; worst shown)")
    case = result.case
    out.append(f"  case    {case!r}" if case is not None else "  case    (explicit arrays)")
    out.append(f"  shape   {inst.describe()}  X: {tuple(inst.X.shape)}  seed={getattr(case, 'seed', None)}")
    out.append(f"  replay  nnverify replay {path}")
    if case is not None:
        out.append(f"  pin     @example(case={case!r})")
    return "\n".join(out)
