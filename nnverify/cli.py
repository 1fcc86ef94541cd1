"""`nnverify list | check | replay | report | probe` — a thin front over the same pytest properties.

`check` runs `python -m pytest <properties> -p xdist -n W --hypothesis-profile P --claim ID …` in a
subprocess (not a second engine), follows its `-v` lines for progress, and prints the per-claim table
from the plugin's results.json (`nnverify.report.summarise`).

`probe` runs the claims' hypothesis probes (`nnverify.probes`) in this process and merges them into
`<results>/probes.json`; a counterexample there is a finding (exit 0), not a failure.

Exit codes: 0 every checked claim holds (or is inconclusive / has no property yet); 1 a claim is
violated or its property failed otherwise; 2 bad usage (unknown id, paper, kind or profile, bad
--workers, missing or corrupt file: one line on stderr, no traceback); 3 the pytest run itself broke
(collection error, internal error: its log tail is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from nnverify.errors import InputError

__all__ = ["main"]


class _Usage(Exception):
    """An argparse usage error, turned into one line and exit code 2 by `main`."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, soft_wrap=False)


_NARROW = ("class", "property", "status", "examples", "vacuity", "max ratio", "seconds")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """A rich table on a terminal; aligned plain text otherwise (logs, pipes, tests)."""
    con = _console()
    if con.is_terminal:
        from rich.table import Table

        t = Table(title=title or None, show_lines=False)
        for i, h in enumerate(headers):  # ids stay whole (copy-pasted into commands); text wraps
            t.add_column(h, no_wrap=i == 0 or h in _NARROW, overflow="fold")
        for r in rows:
            t.add_row(*r)
        con.print(t)
        return
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    if title:
        print(title)
    for r in [list(headers), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


# ---------------------------------------------------------------------------------------- list
def cmd_list(args: argparse.Namespace) -> int:
    from nnverify.claims import select
    from nnverify.report import default_properties_dir, property_index

    claims = select(None, args.paper, args.kind, args.text)
    index = property_index(default_properties_dir())
    rows = [[c.id, c.paper, c.where, c.kind.value, "yes" if c.id in index else "—", c.statement] for c in claims]
    _table(["id", "paper", "where", "class", "property", "statement"], rows)
    print(f"{len(claims)} claims, {sum(c.id in index for c in claims)} with a property")
    return 0


# ---------------------------------------------------------------------------------------- check
_SERIAL = re.compile(r"^(\S+::\S+)\s+(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b")
_XDIST = re.compile(r"^\[gw\d+\]\s+\[\s*\d+%\]\s+(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\s+(\S+::\S+)")
_TOTAL = (re.compile(r"(\d+) selected"), re.compile(r"\[(\d+) items?\]"), re.compile(r"collected (\d+) items?"))


def _workers(value: str) -> str:
    if value == "auto" or (value.isdigit() and int(value) >= 0):
        return value
    raise InputError(f"--workers={value!r}, but should be 'auto' or an integer ≥ 0")


class _Progress:
    """Tests done / failed from pytest's -v lines: a rich bar on a terminal, one line per test otherwise."""

    def __init__(self, test_claims: dict[str, list[str]]) -> None:
        self.test_claims = test_claims
        self.done: dict[str, str] = {}
        self.failed = 0
        self.total: int | None = None
        con = _console(stderr=True)
        self.live = None
        if con.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.live = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=con, transient=True)
            self.task = self.live.add_task("properties", total=None)
            self.live.start()

    def _claims(self, nodeid: str) -> list[str]:
        key = re.sub(r"\[.*\]$", "", nodeid.split("/")[-1])
        return self.test_claims.get(key, [])

    def feed(self, line: str) -> None:
        if self.total is None:
            found = next((m for m in (r.search(line) for r in _TOTAL) if m), None)
            if found is not None:
                self.total = int(found.group(1))
                if self.live is not None:
                    self.live.update(self.task, total=self.total)
        m, x = _SERIAL.match(line), _XDIST.match(line)
        if not (m or x):
            return
        nodeid, outcome = (m.group(1), m.group(2)) if m else (x.group(2), x.group(1))  # type: ignore[union-attr]
        if nodeid in self.done:
            return
        self.done[nodeid] = outcome
        self.failed += outcome in ("FAILED", "ERROR")
        claims = ", ".join(self._claims(nodeid)) or "no claim marker"
        if self.live is not None:
            self.live.update(self.task, completed=len(self.done),
                             description=f"properties ({self.failed} failed) · {claims}")
        else:
            of = f"/{self.total}" if self.total else ""
            print(f"  [{len(self.done)}{of}] {outcome:<7} {nodeid}  ({claims})", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()


def _run_pytest(cmd: list[str], cwd: Path, env: dict[str, str], log: Path, progress: _Progress) -> int:
    with log.open("w") as fh, subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                               stderr=subprocess.STDOUT, text=True, bufsize=1) as proc:
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                fh.write(line)
                progress.feed(line.rstrip("\n"))
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            raise
        finally:
            progress.close()


def cmd_check(args: argparse.Namespace) -> int:
    from nnverify.claims import registry, select
    from nnverify.profiles import PROFILES
    from nnverify.report import (
        COLUMNS,
        FAILING,
        counts,
        default_properties_dir,
        property_index,
        property_tests,
        results_dir,
        summarise,
        table_cells,
    )

    if args.profile not in PROFILES:
        raise InputError(f"--profile={args.profile!r}, but should be one of {', '.join(PROFILES)}")
    workers = _workers(args.workers)
    from nnverify.database import database_from_env

    database_from_env()  # a bad $NNVERIFY_DATABASE is a usage error here, not a conftest traceback
    filtered = bool(args.ids or args.paper or args.kind)
    selected = [c.id for c in (select(args.ids or None, args.paper, args.kind) if filtered else registry())]
    props = Path(args.properties).resolve() if args.properties else default_properties_dir().resolve()
    if not props.is_dir():
        raise InputError(f"properties folder {str(props)!r} does not exist")
    tests = property_tests(props)
    index = property_index(props)
    runnable = [cid for cid in selected if cid in index]

    out_dir = results_dir().resolve()
    t0 = time.time()
    doc, rc = None, 0
    if runnable or not filtered:
        tmp = Path(tempfile.mkdtemp(prefix="nnverify-check-"))
        cmd = [sys.executable, "-m", "pytest", props.name, "-p", "nnverify.pytest_plugin", "-p", "xdist",
               "-n", workers, "--hypothesis-profile", args.profile, "-v", "--color=no", "--tb=short", "-rfE",
               "--nnverify-results", str(tmp)]
        if filtered:
            cmd += [a for cid in runnable for a in ("--claim", cid)]
        if args.seed is not None:
            cmd += ["--hypothesis-seed", str(args.seed)]
        env = dict(os.environ, PYTHONUNBUFFERED="1", NNVERIFY_PROFILE=args.profile)
        env.setdefault("NNVERIFY_ARTIFACTS", str(Path(".nnverify/counterexamples").resolve()))
        print(f"checking {len(runnable)} claim(s) with a property "
              f"({len(selected) - len(runnable)} without) · profile {args.profile} · workers {workers}",
              file=sys.stderr, flush=True)
        log = tmp / "pytest.log"
        rc = _run_pytest(cmd, props.parent, env, log, _Progress(tests))
        if (tmp / "results.json").is_file():
            doc = json.loads((tmp / "results.json").read_text())
        tail = log_tail(log) if rc not in (0, 1, 5) else ""
        try:  # keep the latest run for `nnverify report`; never leave an older results.json behind
            out_dir.mkdir(parents=True, exist_ok=True)
            for f in ("results.json", "pytest.log"):
                if (tmp / f).is_file():
                    shutil.copy2(tmp / f, out_dir / f)
                else:
                    (out_dir / f).unlink(missing_ok=True)
        except OSError as exc:
            print(f"nnverify: warning: results not copied to {out_dir} ({exc})", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
        if rc not in (0, 1, 5):
            print(tail, file=sys.stderr)
            print(f"nnverify: error: pytest stopped with exit code {rc} (log: {out_dir / 'pytest.log'})",
                  file=sys.stderr)
            return 3

    rows = summarise(doc, selected, index)
    _table(list(COLUMNS), [table_cells(r) for r in rows], title=f"nnverify check · profile {args.profile}")
    tally = ", ".join(f"{v} {k}" for k, v in counts(rows).items())
    print(f"{len(rows)} claims: {tally} · {time.time() - t0:.1f} s · results in {out_dir}")
    for r in rows:
        if r["status"] in FAILING:
            print()
            for msg in r["violations"] or [f"{r['claim']}: property failed: {e}" for e in r["errors"]]:
                print(msg)
    code = 1 if any(r["status"] in FAILING for r in rows) or rc == 1 else 0
    if args.json:
        payload = {"profile": args.profile, "workers": workers, "seed": args.seed, "exit_code": code,
                   "pytest_exit_code": rc, "seconds": round(time.time() - t0, 2), "claims": rows}
        try:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(payload, indent=1, ensure_ascii=False))
        except OSError as exc:
            raise InputError(f"cannot write --json {args.json!r} ({exc.strerror or exc})") from None
    return code


def log_tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------- replay / report
def cmd_replay(args: argparse.Namespace) -> int:
    from nnverify.replay import replay

    res = replay(args.path)
    print(res.render())
    return res.exit_code


def cmd_report(args: argparse.Namespace) -> int:
    from nnverify.report import MATPLOTLIB_MISSING, plots_available, results_dir, write_report

    srcs = [Path(r) for r in args.results] if args.results else [results_dir()]
    for src in srcs:
        if not src.is_dir():
            raise InputError(f"results folder {str(src)!r} does not exist; run `nnverify check` first")
    if len(srcs) > 1 and not args.out:
        raise InputError("several --results folders (shards) need --out for the merged report")
    paths = write_report(srcs, Path(args.out) if args.out else srcs[0])
    for p in paths[:2]:
        print(p)
    print(f"{len(paths) - 2} plot(s)" if plots_available() else MATPLOTLIB_MISSING)
    return 0


# ---------------------------------------------------------------------------------------- probe
def _budget(value: str) -> int:
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise InputError(f"--budget={value!r}, but should be a positive integer (examples per probe)")


def _merge_probes(old: Path, new: list[Any]) -> list[Any]:
    """Earlier probes.json entries for other (claim, hypothesis) pairs, then the new results."""
    from nnverify.probes import ProbeResult
    from nnverify.report import load_probes

    entries, _ = load_probes(old)
    done = {(r.claim, r.hypothesis) for r in new}
    kept = []
    for e in entries or []:
        try:
            r = ProbeResult(str(e["claim"]), str(e["hypothesis"]), e.get("counterexample"),
                            None if e.get("ratio") is None else float(e["ratio"]), int(e.get("budget", 0)))
        except (KeyError, TypeError, ValueError):
            continue  # a malformed old entry is dropped, not carried forward
        if (r.claim, r.hypothesis) not in done:
            kept.append(r)
    return kept + new


def cmd_probe(args: argparse.Namespace) -> int:
    from nnverify.claims import select
    from nnverify.probes import run_probe, write_probes
    from nnverify.report import fmt_ratio, results_dir

    budget = _budget(args.budget)
    claims = select(args.ids or None, args.paper, args.kind)
    if args.ids:
        bare = [c.id for c in claims if not c.probes]
        if bare:
            raise InputError(f"{', '.join(bare)} declare(s) no probes; claims with probes: "
                             f"{', '.join(c.id for c in select() if c.probes)}")
    claims = [c for c in claims if c.probes]
    if not claims:
        raise InputError("no selected claim declares probes (see `nnverify probe --help`)")
    out = Path(args.results) if args.results else results_dir()
    t0 = time.time()
    found = []
    n = sum(len(c.probes) for c in claims)
    for c in claims:
        for h in c.probes:
            print(f"  [{len(found) + 1}/{n}] {c.id}: without {h!r} …", file=sys.stderr, flush=True)
            found.append(run_probe(c, h, budget))
    try:
        path = write_probes(_merge_probes(out, found), out)
    except OSError as exc:
        raise InputError(f"cannot write probes.json to {str(out)!r} ({exc.strerror or exc})") from None
    rows = [[r.claim, r.hypothesis, "yes" if r.needed else "no", r.counterexample or "—", fmt_ratio(r.ratio)]
            for r in found]
    _table(["claim", "dropped hypothesis", "counterexample found?", "shrunk case", "ratio"], rows,
           title=f"nnverify probe · budget {budget} examples per probe")
    print(f"{len(found)} probe(s): {sum(r.needed for r in found)} found a counterexample (the hypothesis is "
          f"needed), {sum(not r.needed for r in found)} none within the budget · {time.time() - t0:.1f} s · {path}")
    return 0


# ---------------------------------------------------------------------------------------- main
def _parser() -> _Parser:
    p = _Parser(prog="nnverify", description="Property-based checks of four convergence papers' claims.",
                epilog="exit codes: 0 holds · 1 violated/failed · 2 bad usage · 3 pytest broke")
    sub = p.add_subparsers(dest="command", required=True, metavar="{list,check,replay,report,probe}")

    def filters(q: argparse.ArgumentParser) -> None:
        q.add_argument("--paper", help="nguyen21 | nguyen_mondelli20 | allen_zhu19 | zou_gu19")
        q.add_argument("--kind", help="D (deterministic) | C (conditional) | P (probabilistic)")

    q = sub.add_parser("list", help="table of the registered claims")
    filters(q)
    q.add_argument("--text", help="substring of id, where or statement (case-insensitive)")
    q.set_defaults(func=cmd_list)

    q = sub.add_parser("check", help="run the claims' properties (pytest) and print a per-claim table")
    q.add_argument("ids", nargs="*", metavar="ID", help="claim ids (default: all)")
    filters(q)
    q.add_argument("--profile", default="dev", help="Hypothesis profile: dev | ci | thorough (default dev)")
    q.add_argument("--workers", default="auto", help="xdist workers: an integer ≥ 0 or 'auto' (default)")
    q.add_argument("--json", metavar="FILE", help="also write the table as JSON")
    q.add_argument("--seed", type=int, help="Hypothesis seed (--hypothesis-seed)")
    q.add_argument("--properties", metavar="DIR", help="folder of properties (default: the project's)")
    q.set_defaults(func=cmd_check)

    q = sub.add_parser("replay", help="re-run a counterexample artifact and compare it bit for bit")
    q.add_argument("path", help="the artifact's .json file")
    q.set_defaults(func=cmd_replay)

    q = sub.add_parser("report", help="report.md, index.html and plots from the results folder")
    q.add_argument("--results", metavar="DIR", action="append",
                   help="folder holding results.json, probes.json, measurements/ (default .nnverify/results); "
                        "repeat it to merge the folders of several CI shards")
    q.add_argument("--out", metavar="DIR", help="output folder (default: the results folder)")
    q.set_defaults(func=cmd_report)

    q = sub.add_parser("probe", help="drop one hypothesis at a time and search for a counterexample")
    q.add_argument("ids", nargs="*", metavar="ID", help="claim ids (default: every claim that declares probes)")
    filters(q)
    q.add_argument("--budget", default="300", help="examples per probe (default 300)")
    q.add_argument("--results", metavar="DIR", help="folder for probes.json (default .nnverify/results)")
    q.set_defaults(func=cmd_probe)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `nnverify` console script; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        return int(args.func(args))
    except (_Usage, InputError) as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        print(f"nnverify: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nnverify: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
