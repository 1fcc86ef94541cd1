"""GD steps/s with every invariant of Nguyen 2021 Thm 2.2 checked at every step (class-C claims).

Default: N = 16, d = 16, engine widths (16, 64, 64, 1) (L = 3), ReLU, construction (B) "tuned" of
`nnverify.claims.nguyen21_theorem` (LeCun directions scaled by β_min, W_L = 0, C_L saturating (9),
η = 0.9·(10)); falls back to construction (C) if the directions fail the quality check. Timings:
- plain `train.gd` (closed-form gradients, no hook) — the baseline;
- `train.gd` + `InvariantTracker` (what the claims use): Φ_k, certified ‖W_l^k‖₂ (Weyl bound from the last
  exact SVD plus the accumulated step lengths; exact SVD only when the bound reaches λ̄_l and every 64
  steps), certified σ_min(F^k_{L−1}) (eigvalsh of the N×N Gram at checkpoints), drift and path lengths,
  ‖W^k − W⁰‖_F, (5) right side from power-iteration lower bounds of ‖ΔW_l‖₂;
- the same invariants with an exact SVD of every W_l and of F_{L−1} at every step (naive).
Target: tracker ≥ 5 000 steps/s single-threaded.

    python benchmarks/trajectory_invariants.py            # 3 000 steps per timing, best of 3
    python benchmarks/trajectory_invariants.py --quick
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import torch

from nnverify.claims.nguyen21_theorem import InvariantTracker, construct
from nnverify.linalg import spectral_norm
from nnverify.net import Forward
from nnverify.train import gd
from nnverify.types import Case


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="300 steps per timing, one repeat")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    steps, repeats = (300, 1) if a.quick else (a.steps, a.repeats)
    case = Case(widths=(16, 64, 64, 1), n=16, init="lecun", data="sphere", seed=0,
                params=(("kind", 1.0), ("eta_frac", 0.9), ("C_hidden", 1.0), ("c9", 0.99)))
    inst = case.build()
    setup = construct(inst)
    if isinstance(setup, str):
        print(f"construction (B) does not apply ({setup}); using (C)")
        from nnverify.claims.nguyen21_theorem import _well_case
        inst = _well_case(16, 3, 1, 0, (("eta_frac", 0.9),)).build()
        setup = construct(inst)
        assert not isinstance(setup, str), setup
    th = dataclasses.replace(inst, Ws=list(setup.Ws), case=None)
    print(f"construction {setup.kind}: widths {inst.widths}, β = {setup.beta:.4g}, η = {setup.eta:.3g}, "
          f"guaranteed contraction ηα₀²/8 = {setup.contraction:.3g}")

    def naive_hook(k: int, Ws: list[torch.Tensor], fw: Forward, grads: list[torch.Tensor]) -> dict[str, float]:
        s = [spectral_norm(W) for W in Ws]
        sig = float(torch.linalg.svdvals(fw.F[len(Ws) - 1])[-1])
        return {"sigma": sig, **{f"w{i}": v for i, v in enumerate(s)}}

    def timed(make_hook):
        best, last = float("inf"), None
        for _ in range(repeats):
            hook = make_hook()
            t0 = time.perf_counter()
            traj = gd(th, setup.eta, steps, diagnostics=hook)
            best = min(best, time.perf_counter() - t0)
            last = (traj, hook)
        return steps / best, last

    plain, _ = timed(lambda: None)
    tracked, (tt, tr) = timed(lambda: InvariantTracker(setup, inst.Y))
    naive, _ = timed(lambda: naive_hook)
    print(f"plain gd              : {plain:9.0f} steps/s")
    print(f"gd + InvariantTracker : {tracked:9.0f} steps/s  (exact SVDs {tr.exact_spec}, exact σ_min {tr.exact_sigma},"
          f" exact drift {tr.exact_drift} over {steps + 1} iterates × {inst.L} layers)")
    print(f"gd + exact SVD/step   : {naive:9.0f} steps/s")
    print(f"Φ_K/Φ₀ = {float(tt.losses[-1] / tt.losses[0]):.4g} after {steps} steps "
          f"(bound (1 − ηα₀²/8)^K = {(1 - setup.contraction) ** steps:.4g})")
    print(f"RESULT trajectory_invariants steps_per_s={tracked:.0f} plain={plain:.0f} naive={naive:.0f} "
          f"target=5000 ok={tracked >= 5000}")


if __name__ == "__main__":
    main()
