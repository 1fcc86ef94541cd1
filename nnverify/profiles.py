"""Hypothesis profiles dev / ci / thorough (registered explicitly: Hypothesis loads its own
built-in "ci" profile when the CI variable is set, so ours is registered under the same name and
loaded on purpose). `deadline=None` everywhere: torch's first calls (jacrev, LAPACK) take seconds.

Chosen by `--hypothesis-profile NAME` (Hypothesis' pytest option) or $NNVERIFY_PROFILE (default dev).

Example database (`nnverify.database`): dev and thorough save every failure to `.hypothesis/examples`
and replay it first next time; ci keeps none. `$NNVERIFY_DATABASE` overrides all three (a folder, a
`redis://` URL shared across machines or CI jobs, or `none`). Hypothesis' `derandomize=True` implies
`database=None`, so a ci run given a database is not derandomised: it replays the shared failures
first, then generates from a random seed (`--hypothesis-seed N` pins it, but a forced seed also turns
the database off — Hypothesis' rule).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from nnverify.database import database_from_env
from nnverify.errors import InputError

__all__ = ["PROFILES", "active_profile", "load_profile", "register_profiles", "seed_offset"]

PROFILES = ("dev", "ci", "thorough")
_SLOW = [HealthCheck.too_slow]  # torch set-up dominates the first examples; not a strategy problem


def register_profiles() -> None:
    """Register the three profiles (idempotent; re-reads $NNVERIFY_DATABASE each time)."""
    local = database_from_env("directory")
    settings.register_profile("dev", max_examples=40, deadline=None, database=local, suppress_health_check=_SLOW)
    settings.register_profile("thorough", max_examples=1500, deadline=None, database=local,
                              suppress_health_check=_SLOW)
    shared = database_from_env("none")  # ci: none unless $NNVERIFY_DATABASE names one
    settings.register_profile("ci", max_examples=30, deadline=None, derandomize=shared is None, database=shared,
                              print_blob=True, suppress_health_check=_SLOW)


def load_profile(name: str | None = None) -> str:
    """Load `name` (or $NNVERIFY_PROFILE, default "dev"); InputError for an unknown profile."""
    register_profiles()
    name = name or os.environ.get("NNVERIFY_PROFILE", "dev")
    if name not in PROFILES:
        raise InputError(f"profile={name!r}, but should be one of {PROFILES}")
    settings.load_profile(name)
    return name


def active_profile() -> str:
    """The profile in force: $NNVERIFY_PROFILE, else the loaded Hypothesis profile if it is one of ours,
    else "dev". Statistical (P-class) tests size their scans by it ("thorough" scans wider)."""
    env = os.environ.get("NNVERIFY_PROFILE")
    if env:
        return env
    name = settings.get_current_profile_name()
    return name if name in PROFILES else "dev"


def seed_offset() -> int:
    """$NNVERIFY_P_SEED (default 0): shifts every seed of the statistical tests, for fresh-seed reruns
    (the suite's own runs use 0, so CI is deterministic)."""
    return int(os.environ.get("NNVERIFY_P_SEED", "0"))
