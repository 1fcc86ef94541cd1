"""Experiment scripts (measurements and plots, not assertions): `python -m nnverify.experiments.<name>`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from nnverify.errors import InputError


def out_dir(path: str) -> Path:
    """Create the output folder, or raise `InputError` naming it (never a traceback for a bad --out)."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"--out {path!r}: cannot create the folder ({e.strerror or e})") from None
    return p


def cli(main: Callable[[list[str] | None], object], argv: list[str] | None = None) -> int:
    """Run an experiment's `main`; bad input → one-line error on stderr and exit status 2."""
    try:
        main(argv)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0
