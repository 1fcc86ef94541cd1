"""Shared machinery of the class-P tests (Nguyen 2021 and Nguyen & Mondelli 2020 modules).

`Scan` (a log–log scan over seeds with a bootstrap slope CI and the side the claim allows), `bounded`
(a bounded-ratio scan), `Rate` (a failure rate with an exact binomial test) and `PResult` (one claim's
test: its scans, rates and D side checks, as Evaluations and as a measurement file). Level:
`nnverify.stats.FALSE_ALARM` per test.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from nnverify.claims.core import Evaluation, Relation, Tolerance
from nnverify.profiles import active_profile as profile
from nnverify.profiles import seed_offset
from nnverify.stats import FALSE_ALARM, SlopeFit, binomial_excess, bootstrap_slope, clopper_pearson

__all__ = ["TOL_STAT", "PResult", "Rate", "Scan", "bounded"]

TOL_STAT = Tolerance(0.0, 0.0, "statistical: CI at level 1 − 1e−3 via bootstrap over seeds (or exact binomial "
                     "p-value vs 1e−3); the CI side / p-value is the test, no extra slack")


@dataclass
class Scan:
    """One log–log scan y[i][s] at x[i] (s = seeds).

    side "le": O(x^claimed) (CI low ≤ claimed + margin); "ge": Ω (CI high ≥ claimed − margin); "both": Θ.
    """

    name: str
    variable: str
    quantity: str
    x: list[float]
    y: list[list[float]]
    claimed: float
    side: str
    margin: float = 0.0
    margin_reason: str = "none: the claimed exponent itself"
    seeds: list[int] = field(default_factory=list)
    fit: SlopeFit | None = None

    def run(self) -> Scan:
        for r in self.y:
            for v in r:
                if not (math.isfinite(v) and v > 0):
                    raise FloatingPointError(f"{self.name}: non-positive/non-finite measurement {v!r}")
        self.fit = bootstrap_slope(self.x, self.y, stat="median", seeds=self.seeds, seed=12345)
        return self

    def _ok(self, side: str) -> bool:
        assert self.fit is not None
        if side == "le":
            return self.fit.allows_at_most(self.claimed + self.margin)
        return self.fit.allows_at_least(self.claimed - self.margin)

    @property
    def consistent(self) -> bool:
        return all(self._ok(s) for s in (("le", "ge") if self.side == "both" else (self.side,)))

    def evaluations(self) -> list[Evaluation]:
        f = self.fit
        assert f is not None
        fac = (("slope", f.slope), ("CI low", f.ci[0]), ("CI high", f.ci[1]), ("constant", f.constant),
               ("margin", self.margin))
        out = []
        if self.side in ("le", "both"):
            out.append(Evaluation(lhs=f.ci[0], rhs=self.claimed + self.margin, relation=Relation.LE, tol=TOL_STAT,
                                  vacuous=False, lhs_name="CI low", factors=fac,
                                  label=f"{self.name}: slope of {self.quantity} in {self.variable}, CI low ≤ "
                                  f"{self.claimed:g}+{self.margin:.3g}"))
        if self.side in ("ge", "both"):
            out.append(Evaluation(lhs=f.ci[1], rhs=self.claimed - self.margin, relation=Relation.GE, tol=TOL_STAT,
                                  vacuous=False, lhs_name="CI high", factors=fac,
                                  label=f"{self.name}: slope of {self.quantity} in {self.variable}, CI high ≥ "
                                  f"{self.claimed:g}−{self.margin:.3g}"))
        return out

    def payload(self) -> dict[str, object]:
        assert self.fit is not None
        return {"type": "slope", "fit": self.fit.to_dict(), "claimed": self.claimed, "side": self.side,
                "margin": self.margin, "margin_reason": self.margin_reason, "variable": self.variable,
                "quantity": self.quantity, "verdict": "consistent" if self.consistent else "refuted",
                "seeds": self.seeds}


def bounded(name: str, variable: str, quantity: str, x: Sequence[float], y: list[list[float]], side: str,
            seeds: list[int]) -> Scan:
    """A bounded-ratio scan (claimed exponent 0) with the resolution margin μ = ln 2/ln(x_max/x_min)."""
    mu = math.log(2.0) / math.log(max(x) / min(x))
    return Scan(name, variable, quantity, [float(v) for v in x], y, 0.0, side, mu,
                "bounded at the scan's resolution: fitted drift < 2× over the range (Θ(1) constants approach "
                "their limits from one side)", seeds)


@dataclass
class Rate:
    """Failure-rate test: `failures` of `trials` draws had `event`; claimed P(event) ≤ p0."""

    name: str
    event: str
    failures: int
    trials: int
    p0: float
    seeds: list[int] = field(default_factory=list)

    @property
    def p_value(self) -> float:
        return binomial_excess(self.failures, self.trials, self.p0)

    @property
    def consistent(self) -> bool:
        return self.p_value >= FALSE_ALARM

    def evaluations(self) -> list[Evaluation]:
        return [Evaluation(lhs=self.p_value, rhs=FALSE_ALARM, relation=Relation.GE, tol=TOL_STAT, vacuous=False,
                           label=f"{self.name}: P({self.event}) ≤ {self.p0:g}; {self.failures}/{self.trials} "
                           "failures, binomial p-value ≥ 1e−3", lhs_name="p-value",
                           factors=(("failures", self.failures), ("trials", self.trials), ("p0", self.p0)))]

    def payload(self) -> dict[str, object]:
        return {"type": "rate", "failures": self.failures, "trials": self.trials, "claimed_p": self.p0,
                "p_value": self.p_value, "ci": list(clopper_pearson(self.failures, self.trials)),
                "event": self.event, "verdict": "consistent" if self.consistent else "refuted", "seeds": self.seeds}


@dataclass
class PResult:
    """The statistical test of one claim (variant): scans, rates and deterministic side checks."""

    claim: str
    test: str
    scans: list[Scan] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    checks: list[Evaluation] = field(default_factory=list)
    notes: dict[str, object] = field(default_factory=dict)
    variant: str | None = None

    @property
    def consistent(self) -> bool:
        return (all(s.consistent for s in self.scans) and all(r.consistent for r in self.rates)
                and not any(e.violated for e in self.checks))

    @property
    def verdict(self) -> str:
        return "consistent" if self.consistent else "refuted"

    def evaluations(self) -> list[Evaluation]:
        return ([e for s in self.scans for e in s.evaluations()] + [e for r in self.rates for e in r.evaluations()]
                + list(self.checks))

    def summary(self) -> str:
        lines = [f"{self.claim} [{self.variant or 'claim'}] {self.test}: "
                 f"{'consistent' if self.consistent else 'REFUTED'} (profile {profile()}, seed offset {seed_offset()})"]
        for s in self.scans:
            f = s.fit
            assert f is not None
            lines.append(f"  {s.name}: {s.quantity} vs {s.variable} x={s.x} slope={f.slope:.3f} CI=({f.ci[0]:.3f}, "
                         f"{f.ci[1]:.3f}) claimed {s.side} {s.claimed:g} (margin {s.margin:.3g}) "
                         f"const={f.constant:.3g} → {'ok' if s.consistent else 'REFUTED'}; "
                         f"y={[[float(f'{v:.4g}') for v in r] for r in s.y]} seeds={s.seeds}")
        for r in self.rates:
            lines.append(f"  {r.name}: {r.failures}/{r.trials} with {r.event}, p0={r.p0}, p={r.p_value:.3g} → "
                         f"{'ok' if r.consistent else 'REFUTED'}; seeds={r.seeds[:3]}…")
        for e in self.checks:
            lines.append(f"  {e.label}: {e.lhs:.6g} {e.relation.value} {e.rhs:.6g} (slack {e.slack:.3g}) → "
                         f"{'VIOLATED' if e.violated else 'ok'}")
        if self.notes:
            lines.append(f"  notes: {self.notes}")
        return "\n".join(lines)

    def write(self, extra: dict[str, object] | None = None) -> None:
        """One measurement file per scan / rate (`write_measurement(id, …, tag)`)."""
        from nnverify.measurements import write_measurement

        for part in [*self.scans, *self.rates]:
            tag = re.sub(r"[^A-Za-z0-9]+", "_", part.name).strip("_")
            if self.variant:
                tag = f"{self.variant}.{tag}"
            write_measurement(self.claim, {"kind": "P", "test": self.test, "variant": self.variant,
                                           "profile": profile(), "seed_offset": seed_offset(),
                                           "checks": [e.to_dict() for e in self.checks],
                                           "note": self.notes, **(extra or {}), **part.payload()}, tag=tag)
