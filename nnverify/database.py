"""Where Hypothesis keeps the counterexamples it found: the example database of the profiles.

A failure found once is saved (shrunk) and replayed first on the next run, before any new
generation. `$NNVERIFY_DATABASE` chooses the database:

- unset: the profile's default — `.hypothesis/examples` (a `DirectoryBasedExampleDatabase`) for
  dev and thorough, none for ci (derandomised runs, see `nnverify.profiles`);
- `none` (or `off`, `0`, empty): no database;
- `redis://[:password@]host:port/db` (or `rediss://` for TLS, `unix://` for a socket): Hypothesis'
  `RedisExampleDatabase` — one database shared by several machines or CI jobs (needs the `redis`
  package, in the `[dev]` extra). Keys are prefixed `nnverify-example:`; unused entries expire after
  `$NNVERIFY_DATABASE_TTL_DAYS` days (default 8, Hypothesis' own default: a weekly job keeps them);
- anything else: a folder for a `DirectoryBasedExampleDatabase`.

The Redis client connects lazily, so a profile can be registered without a reachable server; the
first test that saves or replays an example then fails with redis' own connection error.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Literal

from hypothesis.database import DirectoryBasedExampleDatabase, ExampleDatabase

from nnverify.errors import InputError

__all__ = ["DEFAULT_DIR", "ENV", "REDIS_PREFIX", "database_from_env", "describe", "parse_database"]

ENV = "NNVERIFY_DATABASE"
DEFAULT_DIR = Path(".hypothesis/examples")  # Hypothesis' own default location, relative to the cwd
REDIS_PREFIX = b"nnverify-example:"
_OFF = ("", "none", "off", "0", "false", "no")
_REDIS = ("redis://", "rediss://", "unix://")


def _ttl() -> timedelta:
    raw = os.environ.get("NNVERIFY_DATABASE_TTL_DAYS", "8")
    try:
        days = float(raw)
    except ValueError:
        days = -1.0
    if not days > 0:
        raise InputError(f"NNVERIFY_DATABASE_TTL_DAYS={raw!r}, but should be a positive number of days")
    return timedelta(days=days)


def parse_database(value: str) -> ExampleDatabase | None:
    """The example database a `$NNVERIFY_DATABASE` value names (see the module docstring)."""
    v = value.strip()
    if v.lower() in _OFF:
        return None
    if v.lower().startswith(_REDIS):
        try:
            import redis
            from hypothesis.extra.redis import RedisExampleDatabase
        except ImportError:
            raise InputError(f"{ENV}={v!r} needs the redis package (`pip install redis`, "
                             "or the [dev] extra)") from None
        try:
            client = redis.Redis.from_url(v)
        except ValueError as exc:
            raise InputError(f"{ENV}={v!r} is not a valid Redis URL ({exc})") from None
        return RedisExampleDatabase(client, expire_after=_ttl(), key_prefix=REDIS_PREFIX)
    if "://" in v:
        raise InputError(f"{ENV}={v!r}, but should be a folder, a redis:// URL or 'none'")
    return DirectoryBasedExampleDatabase(str(Path(v).expanduser()))


def database_from_env(default: Literal["directory", "none"] = "directory") -> ExampleDatabase | None:
    """$NNVERIFY_DATABASE if set, else the profile default: `.hypothesis/examples` or no database."""
    value = os.environ.get(ENV)
    if value is not None:
        return parse_database(value)
    return DirectoryBasedExampleDatabase(str(DEFAULT_DIR)) if default == "directory" else None


def describe(db: ExampleDatabase | None) -> str:
    """One line naming the database (for headers and logs); never prints a Redis password."""
    if db is None:
        return "no example database"
    if isinstance(db, DirectoryBasedExampleDatabase):
        return f"directory {db.path}"
    client = getattr(db, "redis", None)
    if client is not None:
        kw = client.connection_pool.connection_kwargs
        where = kw.get("path") or f"{kw.get('host', '?')}:{kw.get('port', '?')}"
        return f"redis {where}/{kw.get('db', 0)}"
    return type(db).__name__
