"""Structured NTK (`nnverify.ntk.ntk`) vs the torch.func.jacrev contraction (`ntk_reference`).

K = JJᵀ = Σ_l J_lJ_lᵀ (Nguyen 2021, eq. (2)). Default: N = 128 samples, d = 32, three hidden layers of
width 512 and a linear output (engine widths (32, 512, 512, 512, n_L), L = 4 weight matrices), ReLU,
float64, one thread. Reported for n_L = 1 (the headline) and n_L = 2. Median wall time over repeats,
speed-up = reference / structured, relative error ‖K − K_ref‖_F / ‖K_ref‖_F.

    python benchmarks/ntk_vs_jacrev.py            # full size (~1 min single-threaded)
    python benchmarks/ntk_vs_jacrev.py --quick    # N = 32, widths 128: a smoke run
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch

from nnverify.ntk import ntk, ntk_reference
from nnverify.types import Case


def median_time(fn: Callable[[], torch.Tensor], repeats: int) -> tuple[float, torch.Tensor]:
    """Median wall time of `repeats` calls (after one warm-up call) and the last result."""
    out = fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def run(N: int, d: int, width: int, hidden: int, n_out: int, repeats: int, ref_repeats: int) -> dict[str, float]:
    widths = (d, *([width] * hidden), n_out)
    inst = Case(widths=widths, n=N, activation="relu", init="lecun", seed=0).build()
    t_s, K = median_time(lambda: ntk(inst.X, inst.Ws, inst.act), repeats)
    t_r, K_ref = median_time(lambda: ntk_reference(inst.X, inst.Ws, inst.act), ref_repeats)
    rel = float(torch.linalg.matrix_norm(K - K_ref) / torch.linalg.matrix_norm(K_ref))
    print(f"widths={widths} N={N} K: {tuple(K.shape)}  structured {t_s * 1e3:9.2f} ms  "
          f"jacrev {t_r * 1e3:9.1f} ms  speed-up {t_r / t_s:8.1f}x  rel_err {rel:.1e}")
    return {"speedup": t_r / t_s, "rel_err": rel, "t_struct": t_s, "t_ref": t_r}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    p.add_argument("--repeats", type=int, default=5, help="timed calls of the structured NTK")
    p.add_argument("--ref-repeats", type=int, default=3, help="timed calls of the jacrev reference")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    N, d, width = (32, 16, 128) if a.quick else (128, 32, 512)
    reps, ref_reps = (3, 1) if a.quick else (a.repeats, a.ref_repeats)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), float64")
    one = run(N, d, width, 3, 1, reps, ref_reps)
    two = run(N, d, width, 3, 2, reps, ref_reps)
    print(f"RESULT ntk_speedup={one['speedup']:.1f}x rel_err={one['rel_err']:.1e} "
          f"(n_L=1; target >= 50x, <= 1e-12)  n_L=2: speedup={two['speedup']:.1f}x rel_err={two['rel_err']:.1e}")


if __name__ == "__main__":
    main()
