"""Counterexample artifacts: JSON (claim, case, numbers, versions, thread count) + .npz of every
tensor with its sha256, so a replay in another process can prove it rebuilt the same bits.

Layout: `<root>/<claim id>/<hash>.json` and `.npz`, root = $NNVERIFY_ARTIFACTS or
`.nnverify/counterexamples`. The hash is over (claim id, variant, case), so the same shrunk case
always lands on the same path.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from nnverify.errors import InputError

if TYPE_CHECKING:
    from nnverify.claims.core import CheckResult
    from nnverify.types import Instance

__all__ = [
    "FORMAT",
    "artifact_path",
    "artifact_root",
    "instance_arrays",
    "load_artifact",
    "save_artifact",
    "tensor_sha256",
    "versions",
]

FORMAT = "nnverify-counterexample/1"


def artifact_root() -> Path:
    return Path(os.environ.get("NNVERIFY_ARTIFACTS", ".nnverify/counterexamples"))


def artifact_path(result: CheckResult) -> str:
    key = json.dumps([result.claim.id, result.variant, repr(result.case)], sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return str(artifact_root() / result.claim.id / f"{digest}.json")


def tensor_sha256(t: torch.Tensor) -> str:
    """sha256 of the tensor's raw float64 bytes (C order)."""
    return hashlib.sha256(t.detach().contiguous().numpy().tobytes()).hexdigest()


def instance_arrays(inst: Instance) -> dict[str, torch.Tensor]:
    arrays = {"X": inst.X, "Y": inst.Y, **{f"W_{i}": W for i, W in enumerate(inst.Ws, 1)}}
    if inst.Ws_b is not None:
        arrays.update({f"Wb_{i}": W for i, W in enumerate(inst.Ws_b, 1)})
    return arrays


def versions() -> dict[str, str]:
    import hypothesis

    import nnverify

    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
            "hypothesis": hypothesis.__version__, "nnverify": nnverify.__version__}


def save_artifact(result: CheckResult, inst: Instance, path: str | None = None) -> str:
    """Write `<path>` (JSON) and its `.npz`; returns the JSON path."""
    p = Path(path or artifact_path(result))
    p.parent.mkdir(parents=True, exist_ok=True)
    arrays = instance_arrays(inst)
    buf = io.BytesIO()
    np.savez(buf, **{k: v.detach().numpy() for k, v in arrays.items()})
    p.with_suffix(".npz").write_bytes(buf.getvalue())
    doc: dict[str, Any] = {
        "format": FORMAT,
        "claim": result.claim.id,
        "variant": result.variant,
        "where": result.claim.where,
        "kind": result.claim.kind.value,
        "statement": result.claim.statement,
        "outcome": result.outcome,
        "case": result.case.to_dict() if result.case is not None else None,
        "case_repr": repr(result.case),
        "evaluations": [e.to_dict() for e in result.evaluations],
        "arrays": {k: {"sha256": tensor_sha256(v), "shape": list(v.shape)} for k, v in arrays.items()},
        "torch_threads": torch.get_num_threads(),
        "versions": versions(),
    }
    p.write_text(json.dumps(doc, indent=1, ensure_ascii=False))
    return str(p)


def load_artifact(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate an artifact; InputError (one line) if missing, corrupt or foreign."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"artifact {str(p)!r} does not exist")
    if not p.is_file():
        raise InputError(f"artifact {str(p)!r} is not a file (give the counterexample's .json)")
    try:
        doc = json.loads(p.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"artifact {str(p)!r} is not readable JSON ({exc.__class__.__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"artifact {str(p)!r} is not an nnverify counterexample (format should be {FORMAT!r})")
    for key in ("claim", "case", "evaluations", "arrays"):
        if key not in doc:
            raise InputError(f"artifact {str(p)!r} lacks the field {key!r}")
    if doc["case"] is None:
        raise InputError(f"artifact {str(p)!r} has no case to rebuild")
    return doc
