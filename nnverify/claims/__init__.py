"""The claim registry: one module per paper (paper order), re-exported here.

`registry()` lists every claim; `get(id)` finds one (InputError naming close ids when unknown).
"""

from __future__ import annotations

import difflib

from nnverify.claims import (
    allen_zhu19,
    allen_zhu19_asymptotic,
    allen_zhu19_theorem,
    nguyen21,
    nguyen21_asymptotic,
    nguyen21_sec3,
    nguyen21_theorem,
    nguyen_mondelli20,
    nguyen_mondelli20_asymptotic,
    nguyen_mondelli20_lemmas,
    nguyen_mondelli20_sec3,
    nguyen_mondelli20_theorem,
    zou_gu19,
    zou_gu19_asymptotic,
    zou_gu19_theorem,
)
from nnverify.claims.core import (
    REGISTRY,
    CheckResult,
    Claim,
    ClaimViolation,
    Evaluation,
    Kind,
    Relation,
    Tolerance,
    check,
    claim,
    evaluate_case,
)
from nnverify.errors import InputError

__all__ = [
    "CheckResult",
    "Claim",
    "ClaimViolation",
    "Evaluation",
    "Kind",
    "Relation",
    "Tolerance",
    "allen_zhu19",
    "allen_zhu19_asymptotic",
    "allen_zhu19_theorem",
    "check",
    "claim",
    "evaluate_case",
    "get",
    "nguyen21",
    "nguyen21_asymptotic",
    "nguyen21_sec3",
    "nguyen21_theorem",
    "nguyen_mondelli20",
    "nguyen_mondelli20_asymptotic",
    "nguyen_mondelli20_lemmas",
    "nguyen_mondelli20_sec3",
    "nguyen_mondelli20_theorem",
    "registry",
    "select",
    "zou_gu19",
    "zou_gu19_asymptotic",
    "zou_gu19_theorem",
]


def registry() -> list[Claim]:
    """Every registered claim, in paper order then definition order."""
    order = {p: i for i, p in enumerate(("nguyen21", "nguyen_mondelli20", "allen_zhu19", "zou_gu19"))}
    return sorted(REGISTRY.values(), key=lambda c: order.get(c.id.split(".")[0], 99))


def get(claim_id: str) -> Claim:
    """The claim with this id; InputError with suggestions when unknown."""
    if claim_id in REGISTRY:
        return REGISTRY[claim_id]
    close = difflib.get_close_matches(claim_id, list(REGISTRY), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else " (see `nnverify list`)"
    raise InputError(f"unknown claim id {claim_id!r}{hint}")


def select(ids: list[str] | None = None, paper: str | None = None, kind: str | None = None,
           text: str | None = None) -> list[Claim]:
    """Claims filtered by ids, paper prefix, kind (D/C/P) and a substring of id/where/statement."""
    if kind is not None and kind not in ("D", "C", "P"):
        raise InputError(f"kind={kind!r}, but should be D, C or P")
    papers = {c.id.split(".")[0] for c in REGISTRY.values()}
    if paper is not None and paper not in papers:
        raise InputError(f"paper={paper!r}, but should be one of {sorted(papers)}")
    out = [get(i) for i in ids] if ids else registry()
    if paper:
        out = [c for c in out if c.id.split(".")[0] == paper]
    if kind:
        out = [c for c in out if c.kind.value == kind]
    if text:
        t = text.lower()
        out = [c for c in out if t in f"{c.id} {c.where} {c.statement}".lower()]
    return out
