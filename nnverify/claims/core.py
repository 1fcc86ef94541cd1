"""Claims and the one place that compares: `check(claim, case)`.

A claim is written once (formula + metadata) with `@claim(...)`; the property, the CLI, the
mutant tests and the report all use that one object. `check` does, in this order:
1. build the instance from the case (local generators, float64);
2. if the claim's computable hypotheses fail: count it and `reject()`;
3. if any lhs/rhs is non-finite (or evaluation overflowed): count it as *inconclusive* and
   `reject()` — never a pass, never a violation;
4. `target(worst ratio, label=claim id)` so Hypothesis hunts the tightest case; `note()` the
   evaluations;
5. violated iff lhs > rhs·(1 + rtol) + atol (mirrored for ≥; for = the discrepancy is compared with
   rtol·scale + atol, scale being the magnitudes that cancel): raise `ClaimViolation`;
6. record (claim id, outcome, ratio, case) in the per-process `RECORDER`; the pytest plugin moves it
   into the test's `user_properties`, which reach the xdist controller.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import hypothesis
from hypothesis import note, reject, target

from nnverify.errors import InputError
from nnverify.types import Case, Instance

__all__ = [
    "DEFAULT_TOL",
    "PAPERS",
    "RECORDER",
    "REGISTRY",
    "CheckResult",
    "Claim",
    "ClaimViolation",
    "Evaluation",
    "Kind",
    "Recorder",
    "Relation",
    "Tolerance",
    "check",
    "claim",
]


class Kind(str, enum.Enum):
    """D deterministic · C conditional theorem · P probabilistic/asymptotic (LEMMAS.md)."""

    D = "D"
    C = "C"
    P = "P"

    @property
    def label(self) -> str:
        return {"D": "deterministic", "C": "conditional theorem", "P": "probabilistic"}[self.value]


class Relation(str, enum.Enum):
    LE = "≤"
    GE = "≥"
    EQ = "="


@dataclass(frozen=True)
class Tolerance:
    """Relative and absolute slack of a comparison, with the one-line reason it is needed."""

    rtol: float
    atol: float = 0.0
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.reason:
            raise InputError("Tolerance needs a reason (one line: why this slack is needed)")
        if not (self.rtol >= 0 and self.atol >= 0):
            raise InputError(f"Tolerance rtol={self.rtol}, atol={self.atol}, but should be ≥ 0")


DEFAULT_TOL = Tolerance(1e-12, 0.0, "float64 round-off in O(L) products and norms")

PAPERS = {
    "nguyen21": "Nguyen 2021",
    "nguyen_mondelli20": "Nguyen & Mondelli 2020",
    "allen_zhu19": "Allen-Zhu, Li & Song 2019",
    "zou_gu19": "Zou & Gu 2019",
}


@dataclass(frozen=True)
class Evaluation:
    """One comparison lhs ⟨relation⟩ rhs of a claim on one instance.

    For `Relation.EQ`, lhs is the discrepancy ‖A − B‖ and rhs is unused (0); `scale` is the size
    of the magnitudes that cancel. `atol` adds absolute slack computed from the instance (its reason
    goes into `tol.reason`). `factors` name the pieces of rhs for the message.
    """

    lhs: float
    rhs: float
    relation: Relation = Relation.LE
    label: str = ""
    tol: Tolerance = DEFAULT_TOL
    atol: float = 0.0
    scale: float = 0.0
    lhs_name: str = ""
    factors: tuple[tuple[str, float], ...] = ()
    vacuous: bool | None = None

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in (self.lhs, self.rhs, self.atol, self.scale))

    @property
    def slack(self) -> float:
        """Total absolute slack of the comparison."""
        if self.relation is Relation.EQ:
            return self.tol.rtol * self.scale + self.tol.atol + self.atol
        return self.tol.rtol * abs(self.rhs if self.relation is Relation.LE else self.lhs) + self.tol.atol + self.atol

    @property
    def violated(self) -> bool:
        if self.relation is Relation.LE:
            return self.lhs > self.rhs + self.slack
        if self.relation is Relation.GE:
            return self.rhs > self.lhs + self.slack
        return abs(self.lhs) > self.slack

    @property
    def ratio(self) -> float:
        """lhs/rhs (≤), rhs/lhs (≥), error/slack (=): > 1 means the exact inequality fails."""
        if self.relation is Relation.EQ:
            s = self.slack
            return abs(self.lhs) / s if s > 0 else (0.0 if self.lhs == 0 else math.inf)
        num, den = (self.lhs, self.rhs) if self.relation is Relation.LE else (self.rhs, self.lhs)
        if den == 0:
            return 0.0 if num <= 0 else math.inf
        return num / den

    @property
    def above_floor(self) -> bool:
        """The compared side exceeds the absolute round-off floor (tol.atol + atol); below it lhs/rhs is
        rounding noise (e.g. 37 at drifts of 1e−14), so it is not used for tightness or targeting."""
        floor = self.tol.atol + self.atol
        if self.relation is Relation.LE:
            return abs(self.lhs) > floor
        if self.relation is Relation.GE:
            return abs(self.rhs) > floor
        return True

    @property
    def is_vacuous(self) -> bool:
        """Trivially true: an upper bound on 0, or a lower bound of 0 (unless the claim says)."""
        if self.vacuous is not None:
            return self.vacuous
        if self.relation is Relation.LE:
            return self.lhs == 0.0
        if self.relation is Relation.GE:
            return self.rhs == 0.0
        return self.scale == 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "relation": self.relation.value, "lhs": self.lhs, "rhs": self.rhs,
                "lhs_hex": float(self.lhs).hex(), "rhs_hex": float(self.rhs).hex(),
                "ratio": self.ratio, "slack": self.slack, "violated": self.violated,
                "rtol": self.tol.rtol, "reason": self.tol.reason, "lhs_name": self.lhs_name,
                "factors": dict(self.factors)}


Evaluate = Callable[[Instance], Sequence[Evaluation]]


@dataclass(frozen=True)
class Claim:
    """A paper's claim: metadata, its evaluation, its computable hypotheses and its variants.

    `variants` holds plausible wrong versions: "mutant" (the suite must catch it) and, for errata,
    "printed" (the statement as printed in the seed text).
    """

    id: str
    where: str
    kind: Kind
    statement: str
    hypotheses: tuple[str, ...]
    evaluate: Evaluate
    requires: Callable[[Instance], str | None] | None = None
    variants: dict[str, Evaluate] = field(default_factory=dict)
    name: str = ""
    strategy: Callable[[], Any] | None = None
    probes: dict[str, Callable[[], Any]] = field(default_factory=dict)

    def cases(self) -> Any:
        """The Hypothesis strategy of cases meeting exactly this claim's hypotheses."""
        if self.strategy is None:
            raise InputError(f"claim {self.id} has no case strategy")
        return self.strategy()

    @property
    def paper(self) -> str:
        return PAPERS.get(self.id.split(".")[0], self.id.split(".")[0])

    def __call__(self, inst: Instance) -> Sequence[Evaluation]:
        return self.evaluate(inst)

    def evaluator(self, variant: str | None) -> Evaluate:
        if variant is None:
            return self.evaluate
        if variant not in self.variants:
            raise InputError(f"claim {self.id} has no variant {variant!r}; it has {sorted(self.variants)}")
        return self.variants[variant]


REGISTRY: dict[str, Claim] = {}


def claim(*, id: str, where: str, kind: Kind, statement: str, hypotheses: Sequence[str] = (),
          requires: Callable[[Instance], str | None] | None = None,
          mutant: Evaluate | None = None, variants: dict[str, Evaluate] | None = None,
          cases: Callable[[], Any] | None = None,
          probes: dict[str, Callable[[], Any]] | None = None) -> Callable[[Evaluate], Claim]:
    """Register a claim; the decorated function computes its evaluations on an instance.

    `cases` is a zero-argument callable returning the strategy of cases meeting exactly the
    claim's hypotheses (the property, the mutant tests and the CLI use that one strategy).
    `probes` maps a dropped hypothesis (its text) to a strategy of cases that violate only it: the
    probe runner records whether the claim then has a counterexample (a finding, not a failure).
    `variants` may hold "printed": the statement as printed in the seed text, when it is false
    (an erratum; `tests/test_mutants.py` proves it has a counterexample).
    """

    def wrap(fn: Evaluate) -> Claim:
        if id in REGISTRY:
            raise InputError(f"claim id {id!r} registered twice")
        vs = dict(variants or {})
        if mutant is not None:
            vs["mutant"] = mutant
        c = Claim(id=id, where=where, kind=kind, statement=statement, hypotheses=tuple(hypotheses),
                  evaluate=fn, requires=requires, variants=vs, name=fn.__name__, strategy=cases,
                  probes=dict(probes or {}))
        fn.__doc__ = (fn.__doc__ or "").rstrip() + (
            f"\n\n    Claim {id} [{kind.value}] — {where}\n    {statement}\n"
            f"    Hypotheses: {', '.join(hypotheses) or 'none'}\n")
        REGISTRY[id] = c
        return c

    return wrap


# ---------------------------------------------------------------------------------------- results
@dataclass
class ClaimStats:
    """Per-claim counters for one test run (merged across xdist workers by the plugin)."""

    examples: int = 0
    held: int = 0
    vacuous: int = 0
    hypotheses_failed: int = 0
    inconclusive: int = 0
    violated: int = 0
    max_ratio: float = 0.0
    max_ratio_label: str = ""
    max_ratio_case: str = ""

    def merge(self, other: dict[str, Any]) -> None:
        for k in ("examples", "held", "vacuous", "hypotheses_failed", "inconclusive", "violated"):
            setattr(self, k, getattr(self, k) + int(other.get(k, 0)))
        if float(other.get("max_ratio", 0.0)) > self.max_ratio:
            self.max_ratio = float(other["max_ratio"])
            self.max_ratio_label = str(other.get("max_ratio_label", ""))
            self.max_ratio_case = str(other.get("max_ratio_case", ""))


class Recorder:
    """Per-process accumulator of `ClaimStats` keyed by claim id (and variant)."""

    def __init__(self) -> None:
        self.stats: dict[str, ClaimStats] = {}

    def reset(self) -> dict[str, dict[str, Any]]:
        out = {k: vars(v).copy() for k, v in self.stats.items()}
        self.stats = {}
        return out

    def record(self, key: str, outcome: str, ratio: float = 0.0, label: str = "", case: str = "") -> None:
        s = self.stats.setdefault(key, ClaimStats())
        s.examples += 1
        setattr(s, outcome, getattr(s, outcome) + 1)
        if math.isfinite(ratio) and ratio > s.max_ratio and outcome in ("held", "violated"):
            s.max_ratio, s.max_ratio_label, s.max_ratio_case = ratio, label, case


RECORDER = Recorder()


# ---------------------------------------------------------------------------------------- check
@dataclass
class CheckResult:
    """What `check` saw: "held" | "vacuous" | "hypotheses_failed" | "inconclusive" | "violated"."""

    claim: Claim
    case: Case | None
    outcome: str
    evaluations: list[Evaluation]
    reason: str = ""
    variant: str | None = None

    @property
    def worst(self) -> Evaluation | None:
        """The violated comparison with the largest ratio, else the largest ratio above the round-off floor."""
        evs = [e for e in self.evaluations if e.finite]
        bad = [e for e in evs if e.violated]
        pool = bad or [e for e in evs if e.above_floor] or evs
        return max(pool, key=lambda e: e.ratio) if pool else None


class ClaimViolation(AssertionError):
    """A claim (or a variant of it) failed on a case. `str()` is the full counterexample report."""

    def __init__(self, result: CheckResult, instance: Instance) -> None:
        from nnverify.artifacts import artifact_path
        from nnverify.messages import format_violation

        self.result = result
        self.instance = instance
        self.path = artifact_path(result)
        super().__init__(format_violation(result, instance, self.path))

    def save(self) -> str:
        """Write the counterexample artifact (JSON + .npz) and return its path."""
        from nnverify.artifacts import save_artifact

        return save_artifact(self.result, self.instance, self.path)


def _in_hypothesis() -> bool:
    return hypothesis.currently_in_test_context()


def evaluate_case(c: Claim, case: Case | Instance, variant: str | None = None
                  ) -> tuple[CheckResult, Instance]:
    """Build the instance and evaluate the claim without asserting (used by check and replay)."""
    inst = case.build() if isinstance(case, Case) else case
    kase = case if isinstance(case, Case) else inst.case
    if c.requires is not None:
        why = c.requires(inst)
        if why:
            return CheckResult(c, kase, "hypotheses_failed", [], why, variant), inst
    fn = c.evaluator(variant)
    try:
        evs = list(fn(inst))
    except (OverflowError, FloatingPointError, ZeroDivisionError) as exc:
        return CheckResult(c, kase, "inconclusive", [], f"{type(exc).__name__}: {exc}", variant), inst
    if not evs:
        return CheckResult(c, kase, "vacuous", [], "no evaluation applies", variant), inst
    if not all(e.finite for e in evs):
        bad = next(e for e in evs if not e.finite)
        return CheckResult(c, kase, "inconclusive", evs,
                           f"non-finite value at {bad.label or 'evaluation'}: lhs={bad.lhs}, rhs={bad.rhs}",
                           variant), inst
    if any(e.violated for e in evs):
        return CheckResult(c, kase, "violated", evs, "", variant), inst
    if all(e.is_vacuous for e in evs):
        return CheckResult(c, kase, "vacuous", evs, "every comparison is trivially true", variant), inst
    return CheckResult(c, kase, "held", evs, "", variant), inst


def check(c: Claim, case: Case | Instance, *, variant: str | None = None, save: bool = False) -> CheckResult:
    """Check claim `c` (or one of its variants) on a case; see the module docstring for the order.

    Inside a Hypothesis test, cases outside the hypotheses and inconclusive cases are rejected;
    outside one, the result says so. Raises `ClaimViolation` on a violation (after writing the
    artifact when `save=True`; the pytest plugin writes it for the final shrunk case).
    """
    result, inst = evaluate_case(c, case, variant)
    key = c.id if variant is None else f"{c.id}#{variant}"
    worst = result.worst
    case_repr = repr(result.case) if result.case is not None else inst.describe()
    ratio = worst.ratio if worst is not None else 0.0
    RECORDER.record(key, result.outcome, ratio, worst.label if worst else "", case_repr)
    inside = _in_hypothesis()
    if inside:
        for e in result.evaluations:
            note(f"{key} {e.label}: lhs={e.lhs!r} {e.relation.value} rhs={e.rhs!r} ratio={e.ratio!r}")
    if result.outcome in ("hypotheses_failed", "inconclusive"):
        if inside:
            reject()
        return result
    if inside and worst is not None and math.isfinite(ratio):
        # Hypothesis maximises the observation: drive lhs/rhs up, towards a violation.
        target(min(ratio, 1e300), label=key)
    if result.outcome == "violated":
        err = ClaimViolation(result, inst)
        if save:
            err.save()
        raise err
    return result
