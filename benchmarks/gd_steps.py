"""Full-batch GD steps per second: closed form (`nnverify.train.gd`) vs an autograd loop.

Default: N = 16, d = 16, two hidden layers of width 64, scalar output (engine widths (16, 64, 64, 1),
L = 3), ReLU, LeCun init, float64, one thread, η = 1e-3. Also the closed form with a cheap invariant
checked at every step through the `diagnostics` hook (a preview of C-class claims, which check the
proofs' induction invariants at every iterate): Φ monotone, plus ‖W_l‖₂ of every layer either by
`torch.linalg.matrix_norm(ord=2)` (an SVD per layer) or by 2 warm-started power iterations.
Targets: closed form ≥ 15 000 steps/s, closed form + invariant ≥ 5 000 steps/s.

    python benchmarks/gd_steps.py            # 3 000 steps per timing, best of 3
    python benchmarks/gd_steps.py --quick
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import torch

from nnverify.loss import square_loss
from nnverify.net import Forward, forward
from nnverify.train import gd
from nnverify.types import Case, Instance


def autograd_gd(inst: Instance, eta: float, steps: int) -> list[torch.Tensor]:
    """The same GD with torch.autograd for ∇Φ (the baseline): returns θ_K."""
    Ws = [W.clone() for W in inst.Ws]
    c = inst.loss_scale
    for _ in range(steps):
        params = [W.requires_grad_(True) for W in Ws]
        phi = square_loss(forward(inst.X, params, inst.act).out, inst.Y, c)
        float(phi.detach())  # Φ_k is read every step in the closed-form loop too
        grads = torch.autograd.grad(phi, params)
        with torch.no_grad():
            Ws = [W.detach() - eta * g if t else W.detach()
                  for W, g, t in zip(params, grads, inst.trainable, strict=True)]
    return Ws


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="300 steps per timing, one repeat")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--repeats", type=int, default=3, help="best of this many timings")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    steps, repeats = (300, 1) if a.quick else (a.steps, a.repeats)
    inst = Case(widths=(16, 64, 64, 1), n=16, activation="relu", init="lecun", seed=0).build()
    eta = 1e-3
    Y = inst.Y

    def monotone_and_svd() -> Callable[..., dict[str, float]]:
        last = [float("inf")]

        def hook(k: int, Ws: list[torch.Tensor], fw: Forward, grads: list[torch.Tensor]) -> dict[str, float]:
            phi = float(square_loss(fw.out, Y))
            mono = phi <= last[0]
            last[0] = phi
            s = [float(torch.linalg.matrix_norm(W, ord=2)) for W in Ws]
            return {"monotone": float(mono), **{f"norm{l}": v for l, v in enumerate(s, 1)}}
        return hook

    def monotone_and_power() -> Callable[..., dict[str, float]]:
        last = [float("inf")]
        vs: list[torch.Tensor | None] = [None] * inst.L

        def hook(k: int, Ws: list[torch.Tensor], fw: Forward, grads: list[torch.Tensor]) -> dict[str, float]:
            phi = float(square_loss(fw.out, Y))
            mono = phi <= last[0]
            last[0] = phi
            out = {"monotone": float(mono)}
            for l, W in enumerate(Ws):
                v = vs[l] if vs[l] is not None else torch.ones(W.shape[1], dtype=W.dtype)
                for _ in range(2):  # warm-started: W barely moves per step, so 2 iterations track σ_max
                    v = W.T @ (W @ v)
                    v = v / torch.linalg.vector_norm(v)
                vs[l] = v
                out[f"norm{l + 1}"] = float(torch.linalg.vector_norm(W @ v))  # ≤ ‖W‖₂ (Rayleigh)
            return out
        return hook

    def best(fn: Callable[[], object]) -> float:
        fn()  # warm-up
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return steps / min(times)

    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), widths {inst.widths}, N={inst.N}, "
          f"{steps} steps, best of {repeats}")
    rates = {
        "closed": best(lambda: gd(inst, eta, steps)),
        "autograd": best(lambda: autograd_gd(inst, eta, steps)),
        "closed+mono+svd": best(lambda: gd(inst, eta, steps, diagnostics=monotone_and_svd())),
        "closed+mono+power": best(lambda: gd(inst, eta, steps, diagnostics=monotone_and_power())),
    }
    # the two loops compute the same iterates (up to round-off): a sanity check of what is timed
    ref, traj = autograd_gd(inst, eta, 50), gd(inst, eta, 50)
    rel = max(float((a - b).norm() / b.norm()) for a, b in zip(traj.Ws, ref, strict=True))
    for k, v in rates.items():
        print(f"  {k:<20} {v:10.0f} steps/s   {1e6 / v:7.1f} µs/step")
    print(f"  closed/autograd speed-up {rates['closed'] / rates['autograd']:.2f}x; θ_50 rel. difference {rel:.1e}")
    print(f"RESULT gd_closed={rates['closed']:.0f}/s autograd={rates['autograd']:.0f}/s "
          f"speedup={rates['closed'] / rates['autograd']:.2f}x invariant_svd={rates['closed+mono+svd']:.0f}/s "
          f"invariant_power={rates['closed+mono+power']:.0f}/s (targets 15000/s, 5000/s)")


if __name__ == "__main__":
    main()
