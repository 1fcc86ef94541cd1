"""Hypothesis probes: drop one hypothesis of a claim and search for a counterexample.

Each claim may declare `probes={"<hypothesis>": strategy}`: cases that violate only that hypothesis.
A probe runs a derandomised `find` for a violation of the claim on those cases (the claim's computable
`requires` is bypassed, since it would reject them). A counterexample is a *finding* — the hypothesis
is needed — not a failure of the suite; "none found" within the budget says the hypothesis may be
removable. Results: `<results>/probes.json`.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample

from nnverify.claims.core import Claim, evaluate_case
from nnverify.measurements import results_root
from nnverify.types import Case

__all__ = ["ProbeResult", "run_probe", "run_probes", "write_probes"]


@dataclass(frozen=True)
class ProbeResult:
    claim: str
    hypothesis: str
    counterexample: str | None  # repr of the shrunk case, or None
    ratio: float | None
    budget: int

    @property
    def needed(self) -> bool:
        return self.counterexample is not None


def run_probe(c: Claim, hypothesis: str, budget: int = 300) -> ProbeResult:
    """Search `c.probes[hypothesis]` for a case violating the claim (hypotheses not enforced)."""
    free = dataclasses.replace(c, requires=None)
    cfg = settings(max_examples=budget, derandomize=True, database=None, deadline=None,
                   suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.target, Phase.shrink])

    def violated(case: Case) -> bool:
        try:
            return evaluate_case(free, case)[0].outcome == "violated"
        except (ValueError, ArithmeticError):  # a probe case the claim cannot even evaluate
            return False

    try:
        found = find(c.probes[hypothesis](), violated, settings=cfg)
    except NoSuchExample:
        return ProbeResult(c.id, hypothesis, None, None, budget)
    res = evaluate_case(free, found)[0]
    worst = res.worst
    return ProbeResult(c.id, hypothesis, repr(found), worst.ratio if worst else None, budget)


def run_probes(claims: list[Claim], budget: int = 300) -> list[ProbeResult]:
    return [run_probe(c, h, budget) for c in claims for h in c.probes]


def write_probes(results: list[ProbeResult], root: Path | None = None) -> Path:
    folder = root or results_root()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "probes.json"
    doc: dict[str, Any] = {"probes": [dataclasses.asdict(r) | {"needed": r.needed} for r in results]}
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False))
    return path
