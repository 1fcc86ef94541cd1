"""`nnverify report`: every section from a synthetic results folder, plots as PNG files next to
index.html, a report without matplotlib, and the page rendered by a real headless Chromium.

The results folder is written by hand in the documented formats (results.json of the pytest plugin,
`nnverify.probes.write_probes`, `nnverify.measurements.write_measurement`), so the test does not
depend on which C/P measurements the suite produces today.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnverify.claims import registry
from nnverify.cli import main
from nnverify.measurements import write_measurement
from nnverify.probes import ProbeResult, write_probes
from nnverify.report import md_to_html, write_report
from nnverify.stats import bootstrap_slope

HOLDS = "nguyen21.lemma2.1.eq4"
VIOLATED = "nguyen21.lemma2.1.eq5"
ARTIFACT = ".nnverify/counterexamples/nguyen21.lemma2.1.eq5/0123abcd.json"
ERRATA = """# Errata

Statements that are **false as printed**.

## nguyen21.example

- printed: `‖A‖ ≤ 1`
- corrected: `‖A‖ ≤ 2`

| claim | printed | corrected |
|---|---|---|
| x | a | b |
"""


def _results(folder: Path) -> Path:
    """A results folder: results.json, probes.json and one measurement of every documented type."""
    folder.mkdir(parents=True, exist_ok=True)
    stats = {"examples": 30, "held": 24, "vacuous": 6, "hypotheses_failed": 2, "inconclusive": 0, "violated": 0,
             "max_ratio": 0.97, "max_ratio_label": "l=2", "max_ratio_case": "Case(widths=(2, 3, 1), n=2)"}
    bad = dict(stats, held=3, violated=1, max_ratio=2.0, max_ratio_label="l=1",
               max_ratio_case="Case(widths=(1, 1, 1), n=1)")
    doc = {"hypothesis_profile": "ci", "seconds": 3.2, "exitstatus": 1, "claims": {
        HOLDS: {"tests": [{"nodeid": "properties/test_nguyen21.py::test_a", "outcome": "passed", "seconds": 1.5}],
                "stats": stats, "artifacts": [], "violations": []},
        VIOLATED: {"tests": [{"nodeid": "properties/test_nguyen21.py::test_b", "outcome": "failed", "seconds": 0.7}],
                   "stats": bad, "artifacts": [ARTIFACT],
                   "violations": [f"ClaimViolation: {VIOLATED} violated at l=1\n  ratio = 2.0"]}}}
    (folder / "results.json").write_text(json.dumps(doc))
    write_probes([ProbeResult(HOLDS, "σ′ ∈ [0, 1] (1-Lipschitz)", "Case(widths=(1, 1, 1), n=1, activation='linear(2)')",
                              2.0, 100),
                  ProbeResult(VIOLATED, "σ 1-Lipschitz", None, None, 100)], folder)
    ks = list(range(0, 50, 5))
    write_measurement("nguyen21.thm2.2", {"type": "trajectory", "kind": "C", "k": ks,
                                          "loss": [0.9 ** k for k in ks], "bound": [0.95 ** k for k in ks],
                                          "label": "seed 0"}, tag="seed0", root=folder)
    x = [8.0, 16.0, 32.0, 64.0]
    y = [[xi ** -0.5 * (1 + 0.05 * s) for s in range(4)] for xi in x]
    fit = bootstrap_slope(x, y, n_boot=200, seeds=range(4))
    write_measurement("zou_gu19.thm3.3", {"type": "slope", "kind": "P", "fit": fit.to_dict(), "claimed": -0.5,
                                          "side": "le", "variable": "m", "quantity": "‖W_k − W_0‖_F",
                                          "test": "scaling exponent", "verdict": "consistent"}, root=folder)
    write_measurement("allen_zhu19.lemma7.1", {"type": "rate", "kind": "P", "failures": 2, "trials": 200,
                                               "claimed_p": 0.05, "p_value": 0.998, "ci": [0.0006, 0.045],
                                               "event": "‖h‖ ∉ [1/2, 2]", "test": "failure rate",
                                               "verdict": "consistent"}, root=folder)
    write_measurement("nguyen_mondelli20.exp", {"type": "table", "kind": "P", "columns": ["N", "λ_min"],
                                                "rows": [[4, 0.5], [8, float("inf")]], "note": "a sweep"},
                      root=folder)
    write_measurement("zou_gu19.odd", {"type": "histogram", "kind": "P"}, root=folder)
    (folder / "measurements" / "broken.json").write_text("{not json")
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    errata = root / "ERRATA.md"
    errata.write_text(ERRATA)
    out = root / "out"
    paths = write_report(_results(root / "results"), out, errata=errata)
    assert paths[:2] == [out / "report.md", out / "index.html"]
    return out


def test_every_section_in_markdown(report: Path) -> None:
    md = (report / "report.md").read_text()
    for cid in (c.id for c in registry()):  # every registered claim has a row
        assert f"| {cid} |" in md or f"| {cid} [" in md, cid
    assert re.search(rf"\| {re.escape(HOLDS)} \| D \| holds \| 30 \| 20% \| 2 \| 0\.97 \| 1\.5 \|", md)
    assert re.search(rf"\| {re.escape(VIOLATED)} \| D \| violated \|", md)
    atlas = md[md.index("## Tightness atlas"):md.index("## Hypothesis probes")]
    assert atlas.index(VIOLATED) < atlas.index(HOLDS)  # sorted by max ratio, highest first
    assert "| 0.97 | l=2 | Case(widths=(2, 3, 1), n=2) |" in atlas
    probes = md[md.index("## Hypothesis probes"):md.index("## Convergence")]
    assert "| yes | Case(widths=(1, 1, 1), n=1, activation='linear(2)') | 2 |" in probes
    assert "| no (budget 100) | — | — |" in probes
    conv = md[md.index("## Convergence"):md.index("## Claimed vs measured")]
    assert "| nguyen21.thm2.2 | seed 0 | 10 |" in conv and "| yes |" in conv
    measured = md[md.index("## Claimed vs measured"):md.index("## Experiments")]
    assert "exponent of m ≤ -0.5" in measured and "| consistent |" in measured
    assert "P(‖h‖ ∉ [1/2, 2]) ≤ 0.05" in measured and "2/200 [0.0006, 0.045]" in measured
    assert "| 8 | inf |" in md  # experiment tables keep the inf stored as a string
    gallery = md[md.index("## Counterexamples"):]
    assert f"replay: `nnverify replay {ARTIFACT}`" in gallery and "ratio = 2.0" in gallery
    assert "## Errata" in md and "### nguyen21.example" in md  # ERRATA headings one level down
    assert "type 'histogram' is not one the report knows" in md
    assert "broken.json skipped" in md


def test_plots_are_png_files_next_to_index_and_referenced(report: Path) -> None:
    page = (report / "index.html").read_text()
    srcs = re.findall(r"<img src='([^']+)'", page)
    expected = {"fig-atlas.png", "fig-nguyen21.thm2.2.seed0.png", "fig-zou_gu19.thm3.3.png",
                "fig-allen_zhu19.lemma7.1.png"}
    assert set(srcs) == expected
    for s in srcs:
        assert "/" not in s and (report / s).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "matplotlib is not installed" not in page


def test_errata_rendered_as_html(report: Path) -> None:
    page = (report / "index.html").read_text()
    assert "<b>false as printed</b>" in page and "<li>printed: <code>‖A‖ ≤ 1</code></li>" in page
    assert "<th>claim</th><th>printed</th><th>corrected</th>" in page


def test_md_to_html_escapes_and_keeps_code_verbatim() -> None:
    got = md_to_html("# T <x>\n\ntext `a**b**<c>` **bold**\n\n```\n<raw> **no**\n```", shift=0)
    assert got.splitlines() == ["<h1>T &lt;x&gt;</h1>", "<p>text <code>a**b**&lt;c&gt;</code> <b>bold</b></p>",
                                "<pre>&lt;raw&gt; **no**</pre>"]


def test_without_matplotlib_the_report_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)  # `import` of a None entry raises ImportError
    paths = write_report(_results(tmp_path / "results"), tmp_path / "out", errata=False)
    assert [p.name for p in paths] == ["report.md", "index.html"]
    page = (tmp_path / "out" / "index.html").read_text()
    assert "plots omitted: matplotlib is not installed" in page and "<img" not in page
    assert "| nguyen21.thm2.2 | seed 0 |" in (tmp_path / "out" / "report.md").read_text()  # tables stay
    assert not list((tmp_path / "out").glob("*.png"))


def test_cli_report_and_bad_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _results(tmp_path / "results")
    assert main(["report", "--results", str(src), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [str(tmp_path / "o" / "report.md"), str(tmp_path / "o" / "index.html"), "4 plot(s)"]
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("")
    for bad in ("empty", "file", "missing"):
        assert main(["report", "--results", str(tmp_path / bad)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("nnverify: error: "), err


# ---------------------------------------------------------------------------------------- browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,2000"]  # small /dev/shm in containers


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)")
def test_index_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    url = (report / "index.html").as_uri()
    # The DOM after the load event (the virtual-time budget lets every image finish loading first):
    # the page's script writes data-images-loaded="<loaded>/<total>" on <body>.
    dom = _chromium(["--virtual-time-budget=5000", "--dump-dom", url], tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    m = re.search(r'data-images-loaded="(\d+)/(\d+)"', dom.stdout)
    assert m, dom.stdout[:2000]
    assert m.group(1) == m.group(2) == "4"  # every <img> decoded (naturalWidth > 0)
    assert "<th>claim</th><th>class</th><th>status</th>" in dom.stdout and HOLDS in dom.stdout

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-screenshot.png"
    shot.unlink(missing_ok=True)
    run = _chromium([f"--screenshot={shot}", url], tmp_path / "p2")
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as im:
        assert im.size == (1280, 2000)
        px = np.asarray(im.convert("RGB").resize((320, 500))).reshape(-1, 3)
    non_white = float(np.mean(px.min(axis=1) < 235))
    colours = len(np.unique(px, axis=0))
    # text + table shading + plots: a blank or error page has (almost) one colour
    assert non_white > 0.03 and colours > 50, (non_white, colours)


def test_shards_merge_into_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _results(tmp_path / "a")  # HOLDS: 30 examples, max ratio 0.97; VIOLATED
    b = tmp_path / "b"
    b.mkdir()
    stats = {"examples": 10, "held": 10, "max_ratio": 0.99, "max_ratio_label": "l=3", "max_ratio_case": "Case(n=3)"}
    (b / "results.json").write_text(json.dumps({"hypothesis_profile": "ci", "seconds": 9.0, "claims": {HOLDS: {
        "tests": [{"nodeid": "properties/test_nguyen21.py::test_a", "outcome": "passed", "seconds": 2.0}],
        "stats": stats, "artifacts": [], "violations": []}}}))
    out = tmp_path / "merged"
    assert main(["report", "--results", str(a), "--results", str(b), "--out", str(out)]) == 0
    md = (out / "report.md").read_text()
    assert "2 shards merged · Profile `ci` · 9.0 s" in md
    assert re.search(rf"\| {re.escape(HOLDS)} \| D \| holds \| 40 \| 15% \| 2 \| 0\.99 \| 3\.5 \|", md), md
    assert "| 0.99 | l=3 | Case(n=3) |" in md and re.search(rf"\| {re.escape(VIOLATED)} \| D \| violated \|", md)
    capsys.readouterr()
    assert main(["report", "--results", str(a), "--results", str(b)]) == 2  # a merged report needs --out
    assert "need --out" in capsys.readouterr().err
