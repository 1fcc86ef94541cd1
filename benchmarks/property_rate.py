"""Examples per second of a cheap D-claim property vs Hypothesis' own rate on the same strategy.

For each claim, two properties share `claim.cases()` and the settings (max_examples, derandomize,
database=None, deadline=None, all health checks off so neither run stops early): one calls
`nnverify.claims.check(claim, case)` (build the instance, evaluate, compare, `target`, `note`),
the other does nothing with the case (Hypothesis' generation, shrinking-free run, bookkeeping).
Best of `--repeats` alternating runs. The fraction = claim rate / trivial rate says how much of the
budget the library's check costs (target ≥ 0.5 for cheap claims). Examples = calls of the test
body, rejected ones included.

    python benchmarks/property_rate.py            # max_examples = 300
    python benchmarks/property_rate.py --quick    # max_examples = 50
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import torch
from hypothesis import HealthCheck, given, settings

from nnverify.claims import Claim, check, nguyen21
from nnverify.types import Case


def rate(claim: Claim, body: Callable[[Case], object], max_examples: int) -> tuple[float, int]:
    """(examples/s, examples) of one derandomised run of `body` over `claim.cases()`."""
    calls = [0]

    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=claim.cases())
    def prop(case: Case) -> None:
        calls[0] += 1
        body(case)

    t = time.perf_counter()
    prop()
    dt = time.perf_counter() - t
    return calls[0] / dt, calls[0]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="max_examples = 50")
    p.add_argument("--max-examples", type=int, default=300)
    p.add_argument("--repeats", type=int, default=2, help="alternating runs of each; best rate kept")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    n = 50 if a.quick else a.max_examples
    claims = [nguyen21.output_layer_gradient, nguyen21.gradient_bound]
    rate(claims[0], lambda c: check(claims[0], c), 5)  # warm-up: imports, torch's first calls
    fractions = {}
    for c in claims:
        trivial, real, n_t, n_r = 0.0, 0.0, 0, 0
        for _ in range(1 if a.quick else a.repeats):  # alternate, so a load spike hits both alike
            r_t, n_t = rate(c, lambda case: None, n)
            r_r, n_r = rate(c, lambda case, c=c: check(c, case), n)
            trivial, real = max(trivial, r_t), max(real, r_r)
        fractions[c.id] = real / trivial
        print(f"{c.id:<36} check {real:8.1f} ex/s ({n_r} ex)   trivial {trivial:8.1f} ex/s ({n_t} ex)   "
              f"fraction {real / trivial:.2f}")
    summary = " ".join(f"{k}={v:.2f}" for k, v in fractions.items())
    print(f"RESULT property_rate_fraction min={min(fractions.values()):.2f} {summary} "
          f"(max_examples={n}; target >= 0.5)")


if __name__ == "__main__":
    main()
