"""Replay a counterexample artifact in a fresh process and prove it rebuilt the same bits.

`replay(path)`: load the artifact (`nnverify.artifacts`), set torch's thread count to the recorded
one (it changes reduction order), rebuild the `Case`, compare the sha256 of every rebuilt tensor with
the artifact (and the stored .npz with its own record), re-evaluate the claim or its variant with
`evaluate_case`, and compare each lhs/rhs with the stored float hex — bit for bit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from nnverify.artifacts import instance_arrays, load_artifact, tensor_sha256
from nnverify.errors import InputError

__all__ = ["ReplayResult", "replay"]


@dataclass
class ReplayResult:
    """What a replay saw. `reproduced`: the claim (variant) is violated again on the rebuilt case."""

    path: str
    claim_id: str
    variant: str | None
    threads: int
    recorded_outcome: str
    outcome: str
    reproduced: bool
    arrays_checked: int
    array_mismatches: list[str] = field(default_factory=list)
    npz_note: str = ""
    bit_identical: bool = False
    value_diffs: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def exit_code(self) -> int:
        """1 if the violation reproduces, 0 if the claim now holds (CLI convention)."""
        return 1 if self.reproduced else 0

    def render(self) -> str:
        """The violation message (same formatter as pytest) followed by the replay checks."""
        name = self.claim_id + (f" [variant: {self.variant}]" if self.variant else "")
        out = [self.message, ""]
        if self.array_mismatches:
            out.append(f"arrays:  {len(self.array_mismatches)} of {self.arrays_checked} rebuilt tensors differ "
                       f"from the artifact's sha256: {', '.join(self.array_mismatches)}")
        else:
            out.append(f"arrays:  all {self.arrays_checked} rebuilt tensors match the artifact's sha256")
        if self.npz_note:
            out.append(f"npz:     {self.npz_note}")
        if self.bit_identical:
            out.append("values:  lhs/rhs bit-identical to the artifact")
            out += [f"         {v}" for v in self.values]
        else:
            out.append("values:  lhs/rhs differ from the artifact: " + "; ".join(self.value_diffs))
        verdict = ("violation reproduced" if self.reproduced
                   else f"not reproduced: the claim now gives {self.outcome!r} (recorded {self.recorded_outcome!r})")
        out.append(f"result:  {name}: {verdict}  (torch threads = {self.threads})")
        return "\n".join(out)


def _field(doc: dict[str, Any], key: str, kind: type, path: str) -> Any:
    v = doc.get(key)
    if not isinstance(v, kind) or isinstance(v, bool):
        raise InputError(f"artifact {path!r} has {key}={v!r}, but should be a {kind.__name__}")
    return v


def _npz_check(path: Path, records: dict[str, Any]) -> str:
    """Compare the stored arrays with their recorded sha256 (integrity of the artifact itself)."""
    npz = path.with_suffix(".npz")
    if not npz.is_file():
        return f"{npz.name} missing (the JSON alone rebuilds the case)"
    try:
        with np.load(npz, allow_pickle=False) as z:
            stored = {k: hashlib.sha256(np.ascontiguousarray(z[k]).tobytes()).hexdigest() for k in z.files}
    except (OSError, ValueError) as exc:
        raise InputError(f"artifact arrays {str(npz)!r} are unreadable ({type(exc).__name__})") from None
    bad = sorted(k for k in records if stored.get(k) != records[k].get("sha256"))
    if bad:
        return f"stored arrays {', '.join(bad)} do not match their recorded sha256"
    return f"all {len(stored)} stored arrays match their recorded sha256"


def replay(path: str | Path) -> ReplayResult:
    """Re-run the counterexample stored at `path` (JSON artifact); InputError if it cannot be used."""
    from nnverify.claims import evaluate_case, get
    from nnverify.messages import format_evaluation, format_violation
    from nnverify.types import Case

    p = str(path)
    doc = load_artifact(p)
    c = get(_field(doc, "claim", str, p))
    variant = doc.get("variant")
    if variant is not None:
        c.evaluator(_field(doc, "variant", str, p))  # unknown variant → InputError naming the ones it has
    threads = doc.get("torch_threads", 1)
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise InputError(f"artifact {p!r} has torch_threads={threads!r}, but should be a positive integer")
    records = _field(doc, "arrays", dict, p)
    stored_evs = _field(doc, "evaluations", list, p)
    try:
        case = Case.from_dict(_field(doc, "case", dict, p))
    except TypeError as exc:
        raise InputError(f"artifact {p!r} holds a malformed case ({exc})") from None

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        try:
            inst = case.build()
        except (TypeError, ValueError, KeyError) as exc:  # InputError is a ValueError
            raise InputError(f"artifact {p!r}: its case cannot be rebuilt ({exc})") from None
        arrays = instance_arrays(inst)
        names = sorted(set(arrays) | set(records))
        mismatches = [k for k in names if k not in arrays or k not in records
                      or not isinstance(records[k], dict) or tensor_sha256(arrays[k]) != records[k].get("sha256")]
        result, inst = evaluate_case(c, inst, variant)
    finally:
        torch.set_num_threads(before)
    result.case = case

    diffs: list[str] = []
    values: list[str] = []
    if len(stored_evs) != len(result.evaluations):
        diffs.append(f"{len(result.evaluations)} comparisons now, {len(stored_evs)} recorded")
    for old, new in zip(stored_evs, result.evaluations, strict=False):
        now = new.to_dict()
        values.append(f"{new.label or 'evaluation'}: lhs={now['lhs_hex']} rhs={now['rhs_hex']}")
        for side in ("lhs", "rhs"):
            was = old.get(f"{side}_hex") if isinstance(old, dict) else None
            if was != now[f"{side}_hex"]:
                diffs.append(f"{new.label or 'evaluation'} {side}: {now[f'{side}_hex']} now, {was} recorded")
    reproduced = result.outcome == "violated"
    if reproduced:
        message = format_violation(result, inst, p)
    else:
        head = f"{c.id}{f' [variant: {variant}]' if variant else ''} holds on the replayed case" \
            if result.outcome == "held" else f"{c.id}: outcome {result.outcome!r} on the replayed case"
        where = c.where if c.where.startswith(c.paper) else f"{c.paper} — {c.where}"
        lines = [head, f"  {where}", f"  {c.statement}"]
        lines += [format_evaluation(e) for e in result.evaluations]
        lines += [f"  reason  {result.reason}"] if result.reason else []
        lines.append(f"  case    {case!r}")
        message = "\n".join(lines)
    return ReplayResult(
        path=p, claim_id=c.id, variant=variant, threads=threads,
        recorded_outcome=str(doc.get("outcome", "violated")), outcome=result.outcome, reproduced=reproduced,
        arrays_checked=len(names), array_mismatches=mismatches, npz_note=_npz_check(Path(p), records),
        bit_identical=not diffs, value_diffs=diffs, values=values, message=message)
