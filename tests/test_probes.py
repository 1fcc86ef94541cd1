"""Hypothesis probes and `nnverify probe`: a dropped hypothesis with a counterexample is a finding
(exit 0), probes.json is merged across runs, and bad usage exits 2 with one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nnverify.claims import get, select
from nnverify.cli import main
from nnverify.probes import run_probe

NEEDED = "nguyen21.lemma2.1.eq4"  # σ′ ∈ [0, 1] dropped: σ = linear(2) doubles the gradient (ratio 2)
NEEDED_H = "σ′ ∈ [0, 1] (1-Lipschitz)"
BARE = next(c.id for c in select() if not c.probes)
NOT_FOUND = "nguyen_mondelli20.lemma4.1.fact_stationary"  # 30 examples find no stationary point with σ′ = 0 somewhere


def test_run_probe_finds_the_shrunk_counterexample() -> None:
    r = run_probe(get(NEEDED), NEEDED_H, budget=30)
    assert r.needed and r.counterexample == "Case(widths=(1, 1, 1), n=1, activation='linear(2)')"
    assert r.ratio == pytest.approx(2.0, rel=1e-12)  # exact: linear(2) doubles the one derivative factor


def test_cli_probe_table_json_and_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    res = tmp_path / "res"
    assert main(["probe", NEEDED, "--budget", "30", "--results", str(res)]) == 0
    cap = capsys.readouterr()
    assert re.search(r"^claim\s+dropped hypothesis\s+counterexample found\?\s+shrunk case\s+ratio$", cap.out, re.M)
    assert re.search(rf"^{re.escape(NEEDED)}\s+{re.escape(NEEDED_H)}\s+yes\s+Case\(widths=\(1, 1, 1\).*\s2$",
                     cap.out, re.M), cap.out
    assert "1 probe(s): 1 found a counterexample" in cap.out
    assert main(["probe", NOT_FOUND, "--budget", "30", "--results", str(res)]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^{re.escape(NOT_FOUND)}\s+.*\sno\s+—\s+—$", out, re.M), out
    doc = json.loads((res / "probes.json").read_text())
    got = {(p["claim"], p["needed"], p["budget"]) for p in doc["probes"]}
    assert got == {(NEEDED, True, 30), (NOT_FOUND, False, 30)}  # the first run's entry was kept


@pytest.mark.parametrize("argv", [
    ["probe", BARE],  # a claim that declares no probes
    ["probe", "nguyen21.nope"],
    ["probe", NEEDED, "--budget", "0"],
    ["probe", NEEDED, "--budget", "many"],
    ["probe", "--paper", "nguyen99"],
    ["probe", "--kind", "X"],
])
def test_probe_bad_usage_exits_2(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--results", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nnverify: error: "), err
    assert not (tmp_path / "probes.json").exists()
