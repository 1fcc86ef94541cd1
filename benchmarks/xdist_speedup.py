"""Wall time of the verification suite serial (`-n 0`) over two xdist workers (`-n 2`), one run each.

Runs `python -m pytest properties -q -n {0,2} --hypothesis-profile ci -p no:cacheprovider` in
subprocesses (results to a temporary folder), prints both times and their ratio (goal ≥ 1.7× on 2
cores), and explains a shortfall with what it measures in the same run: the interpreter + import
cost every process pays (`import torch, hypothesis, nnverify.claims`), and the best 2-worker
split of the serial run's per-test durations (longest-first schedule), i.e. the speed-up that
uneven test sizes allow at best. Oversubscription: every worker uses one torch thread (plugin).

    python benchmarks/xdist_speedup.py              # the whole properties/ suite
    python benchmarks/xdist_speedup.py --quick      # two cheap properties of Nguyen 2021
"""

from __future__ import annotations

import argparse
import heapq
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SUMMARY = re.compile(r"\d+ (passed|failed|error)|no tests ran")
_DURATION = re.compile(r"^\s*([0-9.]+)s\s+(setup|call|teardown)\s+(\S+)")


def run_pytest(targets: list[str], workers: int, extra: list[str]) -> tuple[float, str, int]:
    """(wall seconds, output, exit code) of one pytest run."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pytest", *targets, "-q", "-n", str(workers), "--hypothesis-profile", "ci",
               "-p", "no:cacheprovider", "--nnverify-results", tmp, *extra]
        t = time.perf_counter()
        env = {**os.environ, "NNVERIFY_THREADS": "1"}
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
        return time.perf_counter() - t, proc.stdout + proc.stderr, proc.returncode


def summary_line(out: str) -> str:
    """pytest's final "N passed … in T s" line (warnings may follow it)."""
    lines = [ln.strip("= ") for ln in out.splitlines() if _SUMMARY.search(ln)]
    return lines[-1] if lines else out.strip().splitlines()[-1][:120]


def import_time() -> float:
    """Wall time of a fresh interpreter importing what every worker imports."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch, hypothesis, pytest, xdist, nnverify.claims"], cwd=ROOT,
                   check=True)
    return time.perf_counter() - t


def lpt_makespan(durations: list[float], workers: int) -> float:
    """Longest-processing-time-first schedule length on `workers` machines (≤ 4/3 × optimal)."""
    loads = [0.0] * workers
    heapq.heapify(loads)
    for d in sorted(durations, reverse=True):
        heapq.heappush(loads, heapq.heappop(loads) + d)
    return max(loads)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="two cheap properties only")
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args()
    targets = ["properties"]
    extra = ["-k", "gradient_bound or output_layer_gradient"] if a.quick else []
    if a.quick:
        targets = ["properties/test_nguyen21.py"]
    cores = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{cores} cores, load average {load:.2f} before the runs; targets {targets} {' '.join(extra)}")
    t_imp = import_time()
    t1, out1, rc1 = run_pytest(targets, 0, [*extra, "--durations=0", "--durations-min=0"])
    t2, out2, rc2 = run_pytest(targets, a.workers, extra)
    tail1, tail2 = summary_line(out1), summary_line(out2)
    print(f"  -n 0: {t1:7.1f} s  (exit {rc1}; {tail1})")
    print(f"  -n {a.workers}: {t2:7.1f} s  (exit {rc2}; {tail2})")
    per_test: dict[str, float] = {}
    for line in out1.splitlines():
        m = _DURATION.match(line)
        if m:
            per_test[m.group(3)] = per_test.get(m.group(3), 0.0) + float(m.group(1))
    busy = sum(per_test.values())
    if per_test:
        span = lpt_makespan(list(per_test.values()), a.workers)
        top = sorted(per_test.items(), key=lambda kv: -kv[1])[:3]
        print(f"  serial test time {busy:.1f} s in {len(per_test)} tests; best {a.workers}-way split {span:.1f} s "
              f"(≤ {busy / span:.2f}x from test sizes); largest: "
              + ", ".join(f"{k.split('::')[-1]} {v:.1f}s" for k, v in top))
    print(f"  fresh-interpreter import cost {t_imp:.1f} s (paid by the controller and by every worker); "
          f"serial overhead outside tests {t1 - busy:.1f} s")
    ratio = t1 / t2
    why = ""
    if ratio < 1.7:
        reasons = []
        if per_test and busy / span < 1.7:
            reasons.append("uneven test sizes")
        if t_imp > 0.1 * t2:
            reasons.append("worker start-up/import time")
        if load > 0.5 * (cores or 2):
            reasons.append("other processes on the cores (oversubscription)")
        why = " below goal: " + (", ".join(reasons) or "see lines above")
    print(f"RESULT xdist_speedup={ratio:.2f}x serial={t1:.1f}s parallel={t2:.1f}s workers={a.workers} "
          f"(goal >= 1.7x){why}")


if __name__ == "__main__":
    main()
