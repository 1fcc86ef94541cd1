"""The counterexample database: `$NNVERIFY_DATABASE` → the profiles' Hypothesis example database, a
failure found once is replayed first on the next run (directory database), and a real Redis server
shares it between two clients as two CI jobs would.

The counting property fails on x ≥ 50000 (x drawn from [0, 2¹⁶]; a monotone condition, so it
always shrinks to exactly 50000). Hypothesis' first call is always the simplest example (x = 0,
which passes), so a run without a saved failure cannot fail on call 1; with the failure saved, the
next run fails on its very first call, with the shrunk value 50000. (No `@seed`: an explicit seed
turns the database off.)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase, ExampleDatabase

from nnverify.database import REDIS_PREFIX, describe, parse_database
from nnverify.errors import InputError
from nnverify.profiles import register_profiles


def _first_failure(parent: settings) -> tuple[int, int, int]:
    """Run the counting property under `parent`: (index of the first failing call, calls, shrunk x)."""
    calls: list[int] = []
    failing: list[int] = []

    @settings(parent, max_examples=2000, deadline=None, report_multiple_bugs=False, print_blob=False)
    @given(st.integers(0, 2**16))
    def prop(x: int) -> None:
        calls.append(x)
        if x >= 50_000:
            failing.append(len(calls))
            raise AssertionError(x)

    with pytest.raises(AssertionError) as err:
        prop()
    return failing[0], len(calls), int(err.value.args[0])


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set $NNVERIFY_DATABASE in a test; the profiles are registered again from a clean env after it."""
    monkeypatch.delenv("NNVERIFY_DATABASE", raising=False)
    monkeypatch.delenv("NNVERIFY_DATABASE_TTL_DAYS", raising=False)
    yield monkeypatch
    monkeypatch.undo()
    register_profiles()


def test_values(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    for off in ("none", "NONE", "off", "0", ""):
        assert parse_database(off) is None
    db = parse_database(str(tmp_path / "db"))
    assert isinstance(db, DirectoryBasedExampleDatabase) and Path(db.path) == tmp_path / "db"
    for bad in ("http://example.org/db", "s3://bucket/x"):
        with pytest.raises(InputError, match="should be a folder, a redis:// URL or 'none'"):
            parse_database(bad)
    pytest.importorskip("redis", reason="the redis package is in the [dev] extra")
    r = parse_database("redis://:secret@127.0.0.1:6399/3")
    assert describe(r) == "redis 127.0.0.1:6399/3"  # no password in logs
    env.setenv("NNVERIFY_DATABASE_TTL_DAYS", "-1")
    with pytest.raises(InputError, match="positive number of days"):
        parse_database("redis://127.0.0.1:6399/0")


def test_profiles_default_and_override(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    register_profiles()
    for name in ("dev", "thorough"):
        db = settings.get_profile(name).database
        assert isinstance(db, DirectoryBasedExampleDatabase) and Path(db.path) == Path(".hypothesis/examples")
    ci = settings.get_profile("ci")
    assert ci.database is None and ci.derandomize  # ci keeps no database unless told
    env.setenv("NNVERIFY_DATABASE", str(tmp_path / "shared"))
    register_profiles()
    for name in ("dev", "ci", "thorough"):
        db = settings.get_profile(name).database
        assert isinstance(db, DirectoryBasedExampleDatabase) and Path(db.path) == tmp_path / "shared", name
    assert not settings.get_profile("ci").derandomize  # Hypothesis: derandomize=True implies database=None
    env.setenv("NNVERIFY_DATABASE", "none")
    register_profiles()
    assert all(settings.get_profile(n).database is None for n in ("dev", "ci", "thorough"))


def test_directory_database_replays_the_failure_first(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    env.setenv("NNVERIFY_DATABASE", str(tmp_path / "examples"))
    register_profiles()
    dev = settings.get_profile("dev")
    first, calls1, x1 = _first_failure(dev)
    assert any((tmp_path / "examples").iterdir())  # the shrunk failure was saved
    second, calls2, x2 = _first_failure(dev)
    control, _, x3 = _first_failure(settings(dev, database=None))
    assert x1 == x2 == x3 == 50_000
    assert first > 1 and control > 1  # without a saved failure, call 1 is x = 0 (passes)
    assert second == 1 and calls2 < calls1  # with it, the very first call replays the failure


# ---------------------------------------------------------------------------------------- redis
REDIS = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throw-away redis-server on loopback (no persistence), stopped after the test."""
    if REDIS is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install -y redis-server)")
    redis = pytest.importorskip("redis", reason="the redis package is in the [dev] extra (pip install redis)")
    port = _free_port()
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    pytest.fail(f"redis-server did not start on port {port}: {out[-1000:]}")
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def test_redis_database_is_shared_between_jobs(redis_url: str, env: pytest.MonkeyPatch) -> None:
    import redis

    env.setenv("NNVERIFY_DATABASE", redis_url)
    register_profiles()  # "job A": the ci profile, as `.ci/run` would load it
    ci = settings.get_profile("ci")
    assert describe(ci.database) == f"redis {redis_url.removeprefix('redis://')}" and not ci.derandomize
    first, _, x1 = _first_failure(ci)

    raw = redis.Redis.from_url(redis_url)
    keys = raw.keys(REDIS_PREFIX + b"*")
    assert keys and all(raw.ttl(k) > 0 for k in keys)  # saved under our prefix, with an expiry
    raw.close()

    job_b: ExampleDatabase | None = parse_database(redis_url)  # another client, as another machine
    assert job_b is not None and job_b is not ci.database
    second, _, x2 = _first_failure(settings(ci, database=job_b))
    assert x1 == x2 == 50_000 and first > 1 and second == 1


def test_bad_value_is_a_usage_error_of_the_cli(env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from nnverify.cli import main

    env.setenv("NNVERIFY_DATABASE", "ftp://example.org/db")
    assert main(["check", "nguyen21.lemma2.1.eq4", "--workers", "0"]) == 2  # before any pytest run
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["nnverify: error: NNVERIFY_DATABASE='ftp://example.org/db', but should be a folder, "
                   "a redis:// URL or 'none'"]
