"""pytest plugin: claim markers and `--claim` selection, one torch thread per process, the
counterexample artifacts of failing claims, and the results file (tightness, vacuity, counts).

Results travel from xdist workers to the controller in each report's `user_properties`; only the
controller writes `<results dir>/results.json` (default `.nnverify/results`).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from nnverify.claims.core import RECORDER, ClaimStats, ClaimViolation
from nnverify.profiles import load_profile, register_profiles

_KEY = "nnverify"


def pytest_addoption(parser: pytest.Parser) -> None:
    # Profiles must exist before Hypothesis' own pytest_configure loads --hypothesis-profile, also
    # when the plugin is loaded with `-p nnverify.pytest_plugin` outside this project (no conftest).
    register_profiles()
    g = parser.getgroup("nnverify")
    g.addoption("--claim", action="append", default=[], metavar="ID",
                help="run only the tests marked claim(ID) (repeatable)")
    g.addoption("--nnverify-results", default=os.environ.get("NNVERIFY_RESULTS", ".nnverify/results"),
                metavar="DIR", help="folder for results.json (default .nnverify/results)")


def pytest_report_header(config: pytest.Config) -> str:
    from hypothesis import settings

    from nnverify.database import describe

    return f"nnverify: profile={settings.get_current_profile_name()} database={describe(settings().database)}"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "claim(id): the catalog claim a property checks")
    config.addinivalue_line("markers", "slow: long-running library test")
    import torch

    # One thread per process: xdist workers would oversubscribe 2 cores, and the thread count
    # changes reduction order (artifacts record it so replays match bit for bit).
    threads = int(os.environ.get("NNVERIFY_THREADS", "1"))
    torch.set_num_threads(threads)
    # numpy/scipy's BLAS (OpenBLAS) spawns its own threads too: on 2 cores under xdist they fight
    # (eigvalsh measured ~20× slower). numpy is already imported here, so limit it at run time.
    from threadpoolctl import threadpool_limits

    config._nnverify_blas_limit = threadpool_limits(limits=threads)  # type: ignore[attr-defined]
    if not config.getoption("hypothesis_profile", default=None):
        load_profile()
    config._nnverify_results = {}  # type: ignore[attr-defined]
    config._nnverify_t0 = time.time()  # type: ignore[attr-defined]


def _claim_ids(item: pytest.Item) -> list[str]:
    return [str(m.args[0]) for m in item.iter_markers("claim") if m.args]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("claim"))
    if not wanted:
        return
    from nnverify.claims import get

    for cid in wanted:
        get(cid)  # unknown id → InputError (a usage error)
    keep = [it for it in items if wanted & set(_claim_ids(it))]
    drop = [it for it in items if it not in keep]
    if drop:
        config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    RECORDER.reset()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if call.when != "call":
        return
    stats = RECORDER.reset()
    if call.excinfo is not None:
        for exc in _violations(call.excinfo.value):
            try:
                path = exc.save()
            except OSError as err:  # a read-only tree must not hide the failure itself
                path = f"(not saved: {err})"
            report.user_properties.append((f"{_KEY}.artifact", path))
            report.user_properties.append((f"{_KEY}.violation", str(exc)))
    report.user_properties.append((_KEY, {"claims": _claim_ids(item), "stats": stats}))


def _violations(exc: BaseException) -> list[ClaimViolation]:
    if isinstance(exc, ClaimViolation):
        return [exc]
    group = getattr(exc, "exceptions", None)  # (Base)ExceptionGroup, also the 3.10 backport
    if isinstance(group, (list, tuple)):
        return [v for e in group for v in _violations(e)]
    return []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    config = _CONFIG.get("config")
    if config is None or hasattr(config, "workerinput"):
        return
    results: dict[str, Any] = config._nnverify_results  # type: ignore[attr-defined]
    artifacts = [v for k, v in report.user_properties if k == f"{_KEY}.artifact"]
    violations = [v for k, v in report.user_properties if k == f"{_KEY}.violation"]
    error = _error_line(report) if report.failed and not violations else ""
    for k, v in report.user_properties:
        if k != _KEY:
            continue
        keys = set(v["claims"]) | set(v["stats"])
        for cid in keys:
            entry = results.setdefault(cid, {"tests": [], "stats": ClaimStats(), "artifacts": [],
                                             "violations": []})
            if cid in v["claims"]:
                test = {"nodeid": report.nodeid, "outcome": report.outcome, "seconds": round(report.duration, 3)}
                if error:
                    test["error"] = error
                entry["tests"].append(test)
                entry["artifacts"].extend(artifacts)
                entry["violations"].extend(violations)
            if cid in v["stats"]:
                entry["stats"].merge(v["stats"][cid])


def _error_line(report: pytest.TestReport) -> str:
    """One line saying why a test failed without a ClaimViolation (health check, Unsatisfiable, bug)."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", ""):
        return str(crash.message).splitlines()[0][:500]
    lines = [ln for ln in str(report.longrepr or "").splitlines() if ln.strip()]
    return lines[-1][:500] if lines else "failed"


_CONFIG: dict[str, pytest.Config] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _CONFIG["config"] = session.config


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if hasattr(config, "workerinput"):
        return
    results: dict[str, Any] = getattr(config, "_nnverify_results", {})
    if not results:
        return
    from hypothesis import settings

    out = Path(config.getoption("nnverify_results"))
    out.mkdir(parents=True, exist_ok=True)
    doc = {
        "profile": settings.get_current_profile_name(),
        "hypothesis_profile": (config.getoption("hypothesis_profile", default=None)
                               or os.environ.get("NNVERIFY_PROFILE", "dev")),
        "seconds": round(time.time() - config._nnverify_t0, 2),  # type: ignore[attr-defined]
        "exitstatus": int(exitstatus),
        "claims": {cid: {"tests": e["tests"], "stats": vars(e["stats"]), "artifacts": e["artifacts"],
                         "violations": e["violations"]}
                   for cid, e in sorted(results.items())},
    }
    (out / "results.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str))
