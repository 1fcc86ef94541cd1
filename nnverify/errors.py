"""Errors raised by nnverify's public API.

`InputError` is a `ValueError`: bad input (wrong shapes, non-finite data, non-positive sizes, unknown
names or claim ids) raises it with a one-line message, and the CLI turns it into exit code 2.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch

__all__ = ["InputError", "require", "require_finite", "require_positive", "require_positive_int"]


class InputError(ValueError):
    """Bad input to the API or the CLI (the CLI exits with code 2 on it)."""


def require(ok: bool, message: str) -> None:
    """Raise `InputError(message)` unless `ok`."""
    if not ok:
        raise InputError(message)


def require_positive_int(value: object, name: str) -> int:
    """Return `value` if it is an int ≥ 1, else raise `InputError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{name}={value!r}, but should be a positive integer")
    return value


def require_positive(value: object, name: str) -> float:
    """Return `value` as float if it is finite and > 0, else raise `InputError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{name}={value!r}, but should be a positive number")
    v = float(value)
    if not (math.isfinite(v) and v > 0):
        raise InputError(f"{name}={value!r}, but should be a finite positive number")
    return v


def require_finite(tensors: Iterable[tuple[str, torch.Tensor]]) -> None:
    """Raise `InputError` naming the first tensor that is not float64 or holds NaN/inf."""
    for name, t in tensors:
        if not isinstance(t, torch.Tensor):
            raise InputError(f"{name} is {type(t).__name__}, but should be a torch.Tensor")
        if t.dtype != torch.float64:
            raise InputError(f"{name}.dtype={t.dtype}, but should be torch.float64")
        if not bool(torch.isfinite(t).all()):
            raise InputError(f"{name} contains NaN or inf, but should be finite")
