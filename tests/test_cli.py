"""`nnverify list | check | replay | report`: exit codes 0 / 1 / 2, tables, messages, no tracebacks.

`check` runs pytest in a subprocess (two such runs here, ~5–10 s each): one cheap claim that holds,
and a temporary properties folder whose property checks the claim's "mutant" variant (a
deterministic violation through exactly the code path of a real one).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nnverify.claims import select
from nnverify.cli import main

CHEAP = "nguyen21.thm2.2.proof_grad_wl"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a temporary folder, with results and artifacts kept there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NNVERIFY_RESULTS", str(tmp_path / "results"))
    monkeypatch.setenv("NNVERIFY_ARTIFACTS", str(tmp_path / "cx"))
    return tmp_path


def _listed(out: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^(\S+)\s", out, re.M)} - {"id"}


@pytest.mark.parametrize("args,kw", [
    (["--paper", "nguyen21"], {"paper": "nguyen21"}),
    (["--kind", "D"], {"kind": "D"}),
    (["--paper", "nguyen21", "--text", "theorem 2.2"], {"paper": "nguyen21", "text": "theorem 2.2"}),
    (["--text", "F_{L−1}ᵀ(F_L − Y)"], {"text": "F_{L−1}ᵀ(F_L − Y)"}),
])
def test_list_filters(args: list[str], kw: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", *args]) == 0
    out = capsys.readouterr().out
    want = {c.id for c in select(**kw)}
    assert want and _listed(out) >= want
    assert not (_listed(out) & ({c.id for c in select()} - want))
    assert f"{len(want)} claims" in out


def test_list_without_filters_shows_every_claim(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert {c.id for c in select()} <= _listed(out)
    assert re.search(rf"^{re.escape(CHEAP)}\s+Nguyen 2021\s.*\sD\s+yes\s", out, re.M)


def test_check_cheap_claim_holds_then_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", CHEAP, "--profile", "ci", "--workers", "0", "--json", "table.json"])
    out = capsys.readouterr().out
    assert code == 0, out
    row = re.search(rf"^{re.escape(CHEAP)}\s+D\s+holds\s+(\d+)\s", out, re.M)
    assert row and int(row.group(1)) >= 1, out
    doc = json.loads((workdir / "table.json").read_text())
    assert doc["exit_code"] == 0 and doc["profile"] == "ci"
    (r,) = doc["claims"]
    assert r["claim"] == CHEAP and r["status"] == "holds" and r["examples"] >= 1 and r["violated"] == 0
    assert (workdir / "results" / "results.json").is_file()

    assert main(["report", "--out", str(workdir / "rep")]) == 0
    md = (workdir / "rep" / "report.md").read_text()
    assert re.search(rf"\| {re.escape(CHEAP)} \| D \| holds \|", md)
    assert CHEAP in (workdir / "rep" / "index.html").read_text()


MUTANT_PROPERTY = f'''
    import pytest
    from hypothesis import given

    from nnverify.claims import check, nguyen21


    @pytest.mark.claim("{CHEAP}")
    @given(case=nguyen21.output_layer_gradient.cases())
    def test_output_layer_gradient_mutant(case):
        check(nguyen21.output_layer_gradient, case, variant="mutant")
'''


def test_check_violation_exits_1_with_counterexample(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    props = workdir / "props"
    props.mkdir()
    (props / "test_mutant.py").write_text(textwrap.dedent(MUTANT_PROPERTY))
    code = main(["check", CHEAP, "--properties", str(props), "--profile", "ci", "--workers", "0"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert re.search(rf"^{re.escape(CHEAP)} \[mutant\]\s+D\s+violated\s", out, re.M), out
    assert f"{CHEAP} [variant: mutant] violated" in out
    assert "@example(case=Case(" in out
    m = re.search(r"replay  nnverify replay (\S+\.json)", out)
    assert m and Path(m.group(1)).is_file()
    assert Path(m.group(1)).parent == workdir / "cx" / CHEAP

    assert main(["replay", m.group(1)]) == 1
    assert "bit-identical" in capsys.readouterr().out


def _bad_inputs(tmp: Path) -> list[list[str]]:
    (tmp / "corrupt.json").write_text("{not json")
    (tmp / "foreign.json").write_text(json.dumps({"format": "something-else/1", "claim": CHEAP}))
    return [
        ["check", "nguyen21.eq33"],
        ["check", CHEAP, "--profile", "fast"],
        ["check", CHEAP, "--workers", "many"],
        ["check", CHEAP, "--seed", "x"],
        ["check", "--paper", "nguyen99"],
        ["list", "--kind", "X"],
        ["report", "--results", str(tmp / "missing")],
        ["replay", str(tmp / "corrupt.json")],
        ["replay", str(tmp / "foreign.json")],
        ["replay", str(tmp / "absent.json")],
        ["replay", str(tmp)],
        ["frobnicate"],
        [],
    ]


def test_bad_usage_exits_2_with_one_line(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in _bad_inputs(workdir):
        code = main(argv)
        cap = capsys.readouterr()
        lines = cap.err.strip().splitlines()
        assert code == 2, (argv, cap.out, cap.err)
        assert len(lines) == 1 and lines[0].startswith("nnverify: error: "), (argv, cap.err)
        assert "Traceback" not in cap.err + cap.out


def test_unknown_claim_names_close_ids() -> None:
    # warnings of third-party imports are not the CLI's output (they would add stderr lines)
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run([sys.executable, "-m", "nnverify.cli", "check", "nguyen21.eq33"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("nnverify: error: unknown claim id 'nguyen21.eq33'; did you mean "), proc.stderr
    assert "nguyen21.eq3" in lines[0] and "Traceback" not in proc.stderr
