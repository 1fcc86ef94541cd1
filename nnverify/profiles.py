"""Hypothesis profiles dev / ci / thorough (registered explicitly: Hypothesis loads its own
built-in "ci" profile when the CI variable is set, so ours is registered under the same name and
loaded on purpose). `deadline=None` everywhere: torch's first calls (jacrev, LAPACK) take seconds.

Chosen by `--hypothesis-profile NAME` (Hypothesis' pytest option) or $NNVERIFY_PROFILE (default dev).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from nnverify.errors import InputError

__all__ = ["PROFILES", "register_profiles", "load_profile"]

PROFILES = ("dev", "ci", "thorough")
_SLOW = [HealthCheck.too_slow]  # torch set-up dominates the first examples; not a strategy problem


def register_profiles() -> None:
    """Register the three profiles (idempotent)."""
    settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=_SLOW)
    settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                              print_blob=True, suppress_health_check=_SLOW)
    settings.register_profile("thorough", max_examples=1500, deadline=None, suppress_health_check=_SLOW)


def load_profile(name: str | None = None) -> str:
    """Load `name` (or $NNVERIFY_PROFILE, default "dev"); InputError for an unknown profile."""
    register_profiles()
    name = name or os.environ.get("NNVERIFY_PROFILE", "dev")
    if name not in PROFILES:
        raise InputError(f"profile={name!r}, but should be one of {PROFILES}")
    settings.load_profile(name)
    return name
