"""One registrar for the class-P claims of every paper (each module had its own copy).

A P claim's evaluation is ONE statistical test run from the case's seed offset; the case itself is a
placeholder whose only content is that seed. `p_claim_registrar(experiments, evaluations)` returns the
module's decorator: it stores `fn(seed offset, variant) -> result` in `experiments[id]` and registers the claim
with its "mutant" (unless `has_mutant=False`), "printed" (if `printed`) and `extra` variants, each evaluated
by `evaluations(id, variant, seed)` (the module's cached test → list of Evaluations).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as hst

from nnverify.claims.core import Evaluation, Kind, claim
from nnverify.profiles import seed_offset
from nnverify.types import Case, Instance

__all__ = ["p_case", "p_claim_registrar"]

Evaluations = Callable[[str, "str | None", "int | None"], list[Evaluation]]


def p_case() -> Case:
    """The placeholder case of every P claim (the test reads only its seed = the seed offset)."""
    return Case(widths=(1, 1), n=1, seed=seed_offset())


def p_claim_registrar(experiments: dict[str, Any], evaluations: Evaluations) -> Callable[..., Callable[[Any], object]]:
    """The `_p_claim(id=…, where=…, statement=…, hypotheses=…, test=…)` decorator of one P module."""

    def p_claim(*, id: str, where: str, statement: str, hypotheses: Sequence[str], test: str, printed: bool = False,
                extra: Sequence[str] = (), has_mutant: bool = True) -> Callable[[Any], object]:
        def wrap(fn: Callable[..., Any]) -> object:
            experiments[id] = fn

            def variant(name: str | None) -> Callable[[Instance], list[Evaluation]]:
                def ev(inst: Instance) -> list[Evaluation]:
                    return evaluations(id, name, inst.case.seed if inst.case is not None else None)

                return ev

            evaluate = variant(None)
            evaluate.__name__, evaluate.__doc__ = fn.__name__, fn.__doc__
            vs = {name: variant(name) for name in (("printed",) if printed else ()) + tuple(extra)}
            return claim(id=id, where=where, kind=Kind.P, statement=f"{statement} [P test: {test}]",
                         hypotheses=tuple(hypotheses), cases=lambda: hst.just(p_case()),
                         mutant=variant("mutant") if has_mutant else None, variants=vs or None)(evaluate)

        return wrap

    return p_claim
