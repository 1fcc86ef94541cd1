"""Measurements of C- and P-class tests (fits, failure rates, trajectories, experiments) as JSON.

One file per claim id and test (`<results>/measurements/<id>[.<tag>].json`), so xdist workers never
write the same file; the report reads them all. `<results>` is $NNVERIFY_RESULTS or
`.nnverify/results` (the same folder as the plugin's results.json).

Payload conventions (the report understands these "type"s):
- "slope": {"fit": SlopeFit.to_dict(), "claimed": a, "side": "le"|"ge"|"eq", "variable": "m",
  "quantity": "...", "test": "scaling exponent"|"bounded ratio", "verdict": "consistent"|"refuted"}
- "rate": {"failures": k, "trials": n, "claimed_p": p0, "p_value": ..., "ci": [lo, hi], "event": "...",
  "test": "failure rate", "verdict": ...}
- "trajectory": {"k": [...], "loss": [...], "bound": [...], "label": "..."}  (C-class plots)
- "table": {"columns": [...], "rows": [[...], ...]} (experiments)
Every payload also has "claim" and "kind" and may carry "seeds" and "note".
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

__all__ = ["read_measurements", "results_root", "write_measurement"]


def results_root() -> Path:
    return Path(os.environ.get("NNVERIFY_RESULTS", ".nnverify/results"))


def _clean(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # JSON has no inf/nan; keep them visible as strings
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


def write_measurement(claim_id: str, payload: dict[str, Any], tag: str = "",
                      root: Path | None = None) -> Path:
    """Write one measurement; returns its path."""
    folder = (root or results_root()) / "measurements"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (f"{claim_id}.{tag}.json" if tag else f"{claim_id}.json")
    path.write_text(json.dumps(_clean({"claim": claim_id, **payload}), indent=1, ensure_ascii=False))
    return path


def read_measurements(root: Path | None = None) -> list[dict[str, Any]]:
    """Every measurement under `<root>/measurements`, sorted by file name."""
    folder = (root or results_root()) / "measurements"
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.glob("*.json")):
        try:
            out.append(json.loads(p.read_text()))
        except (OSError, json.JSONDecodeError):
            continue
    return out
