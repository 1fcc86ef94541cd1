"""Full-batch gradient descent and mini-batch SGD with a recorded `Trajectory`.

GD (Nguyen 2021 Thm 2.2, Nguyen–Mondelli 2020 Thm 3.2, Allen-Zhu–Li–Song 2019 Thm 1, Zou–Gu 2019
Alg. 1 with B = n):  θ_{k+1} = θ_k − η∇Φ(θ_k), updating only the layers with `inst.trainable[l]`
(Allen-Zhu–Li–Song: A and B fixed; Zou–Gu: V fixed). Gradients are the closed forms of
`nnverify.grad.gradients` (NM Lemma 4.1), computed from the forward pass that also gives Φ(θ_k).

SGD. Per-sample loss ℓ_i = ½‖f(x_i) − y_i‖² (no 1/n), Φ = c·Σ_iℓ_i with c = `inst.loss_scale`
(1, or 1/n for Zou–Gu). Each step draws a batch S_k of B distinct indices uniformly (without
replacement, `torch.randperm` on the caller's generator) and updates W_l ← W_l − η·g_l with
- `reduction="unbiased"` (default): g = (c·n/B)·Σ_{s∈S_k}∇ℓ_s, so E[g] = ∇Φ and B = n is GD.
  Zou–Gu (c = 1/n): g = (1/B)Σ_s∇ℓ_s, exactly their Alg. 1 line 9 W ← W − (η/B)Σ_{s∈𝓑}∇ℓ_s.
  Allen-Zhu–Li–Song (c = 1): g = (n/b)Σ_{i∈S}∇F_i, the catalog's reconstruction of their
  unprinted SGD step (`allen_zhu19.thm2.sgd`). Nguyen's papers have no SGD; same rule.
- `reduction="mean"`: g = (1/B)Σ_s∇ℓ_s for every form (the batch mean; = ∇Φ/n in expectation when c = 1).
- `reduction="sum"`: g = Σ_s∇ℓ_s (no 1/B: the `zou_gu19.thm3.10` mutant).

Catalog conventions: drifts come from `Trajectory.accumulated` (ΔW_l = −ηΣ_s g_l(θ_s), summed as
its own array), never from differences of stored iterates; step lengths are ‖η·g(θ_k)‖.
Numerics: float64; the loop runs under `torch.no_grad()`; a non-finite Φ_k stops the run and
marks the trajectory `diverged` (never a silent NaN trajectory).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch

from nnverify.errors import require, require_finite, require_positive, require_positive_int
from nnverify.grad import gradients
from nnverify.loss import square_loss
from nnverify.net import Forward, forward
from nnverify.types import Instance

__all__ = ["RECORDABLE", "REDUCTIONS", "Diagnostic", "Trajectory", "gd", "sgd"]

RECORDABLE = ("loss", "step_norm", "layer_step_norms")
REDUCTIONS = ("unbiased", "mean", "sum")

Diagnostic = Callable[[int, list[torch.Tensor], Forward, list[torch.Tensor]], dict[str, float]]
"""(k, Ws = θ_k, forward pass at θ_k, full-batch ∇_{W_l}Φ(θ_k) for every engine layer) → named values."""


@dataclass
class Trajectory:
    """A GD/SGD run: Φ_k for k = 0..K and the accumulated updates (K = `steps` updates done).

    Attributes:
        losses: (K+1,) float64, Φ(θ_k) with the form's loss factor (last entry non-finite if diverged).
        accumulated: per engine layer, ΔW_l = θ_K − θ_0 = −ηΣ_{k<K} g_l(θ_k) accumulated as its own
            array (zeros for fixed layers): (n_{l−1}, n_l).
        Ws: θ_K, the last iterate (engine layout; the non-finite one if diverged).
        step_norms: (K,) ‖θ_{k+1} − θ_k‖₂ = η‖g(θ_k)‖ over all weights, if "step_norm" was recorded.
        layer_step_norms: (K, L) η‖g_l(θ_k)‖_F per layer, if "layer_step_norms" was recorded.
        thetas, theta_steps: θ_k at the steps k in `theta_steps` (if `keep_thetas`).
        diagnostics, diagnostic_steps: the hook's dicts and the steps k where it ran.
        batches: (K, B) int64 sorted batch indices of each SGD step (None for GD).
        diverged: Φ became non-finite; stop_reason: why the run ended before `requested` steps.
    """

    losses: torch.Tensor
    accumulated: list[torch.Tensor]
    Ws: list[torch.Tensor]
    eta: float
    requested: int
    method: str = "gd"
    step_norms: torch.Tensor | None = None
    layer_step_norms: torch.Tensor | None = None
    thetas: list[list[torch.Tensor]] | None = None
    theta_steps: list[int] = field(default_factory=list)
    diagnostics: list[dict[str, float]] = field(default_factory=list)
    diagnostic_steps: list[int] = field(default_factory=list)
    batches: torch.Tensor | None = None
    batch: int | None = None
    reduction: str | None = None
    diverged: bool = False
    stop_reason: str | None = None

    @property
    def steps(self) -> int:
        """K, the number of updates performed."""
        return int(self.losses.numel()) - 1

    @property
    def final_loss(self) -> float:
        """Φ(θ_K)."""
        return float(self.losses[-1])

    def instance(self, inst: Instance, k: int | None = None) -> Instance:
        """`inst` with weights θ_K (or the stored θ_k); data, σ, form and θᵇ are kept.

        `case` is dropped (None): the case builds θ_0, so it must not label θ_k in messages/replays.
        """
        if k is None:
            Ws = self.Ws
        else:
            require(self.thetas is not None and k in self.theta_steps,
                    f"k={k}, but θ_k was stored only at {self.theta_steps} (use keep_thetas=True, every=)")
            Ws = self.thetas[self.theta_steps.index(k)]  # type: ignore[index]
        return dataclasses.replace(inst, Ws=list(Ws), case=None)

    def series(self, name: str) -> tuple[torch.Tensor, torch.Tensor]:
        """(steps, values) of one diagnostic over the steps where the hook ran; float64 values."""
        require(all(name in d for d in self.diagnostics), f"diagnostic {name!r} was not recorded at every step")
        return (torch.tensor(self.diagnostic_steps, dtype=torch.int64),
                torch.tensor([float(d[name]) for d in self.diagnostics], dtype=torch.float64))


def _validate(inst: Instance, eta: float, steps: int, record: Sequence[str], every: int,
              stop_below: float | None, diagnostics: Diagnostic | None) -> tuple[float, frozenset[str]]:
    require(isinstance(inst, Instance), f"inst is {type(inst).__name__}, but should be an Instance")
    require_finite([("X", inst.X), ("Y", inst.Y), *((f"W_{i}", W) for i, W in enumerate(inst.Ws, 1))])
    eta = require_positive(eta, "eta")
    require(isinstance(steps, int) and not isinstance(steps, bool) and steps >= 0,
            f"steps={steps!r}, but should be an integer ≥ 0")
    require_positive_int(every, "every")
    require(not isinstance(record, str), f"record={record!r}, but should be a tuple of names from {RECORDABLE}")
    unknown = [r for r in record if r not in RECORDABLE]
    require(not unknown, f"record has {unknown}, but should name only {RECORDABLE}")
    if stop_below is not None:
        require(isinstance(stop_below, (int, float)) and not isinstance(stop_below, bool)
                and math.isfinite(stop_below), f"stop_below={stop_below!r}, but should be a finite number")
    require(diagnostics is None or callable(diagnostics), "diagnostics should be a callable (k, Ws, fw, grads)")
    return eta, frozenset(record)


def _run(inst: Instance, eta: float, steps: int, *, record: frozenset[str], every: int,
         stop_below: float | None, keep_thetas: bool, diagnostics: Diagnostic | None,
         sampler: Callable[[], torch.Tensor] | None, batch_scale: float) -> Trajectory:
    """The loop shared by GD (`sampler` None) and SGD."""
    X, Y, act, c = inst.X, inst.Y, inst.act, inst.loss_scale
    trained = [i for i, t in enumerate(inst.trainable) if t]
    Ws = list(inst.Ws)  # iterates are never mutated in place: a hook or `thetas` may keep references
    acc = [torch.zeros_like(W) for W in Ws]
    acc_t = [acc[i] for i in trained]
    losses: list[float] = []
    norms: list[torch.Tensor] = []
    batches: list[torch.Tensor] = []
    traj = Trajectory(losses=torch.empty(0, dtype=torch.float64), accumulated=acc, Ws=Ws, eta=eta, requested=steps,
                      method="gd" if sampler is None else "sgd", thetas=[] if keep_thetas else None)
    want_step, want_layer = "step_norm" in record, "layer_step_norms" in record
    with torch.no_grad():
        for k in range(steps + 1):
            fw = forward(X, Ws, act)
            phi = float(square_loss(fw.out, Y, c))
            losses.append(phi)
            if not math.isfinite(phi):
                traj.diverged = True
                traj.stop_reason = f"Φ_{k}={phi} is not finite (diverged; η={eta:g})"
                break
            last = k == steps or (stop_below is not None and phi < stop_below)
            hook_now = k % every == 0 or last
            need_full = (sampler is None and not last) or (hook_now and diagnostics is not None)
            g_full = gradients(X, Ws, Y, act, c, fw) if need_full else None
            if hook_now:
                if keep_thetas:
                    traj.thetas.append(Ws)  # type: ignore[union-attr]
                    traj.theta_steps.append(k)
                if diagnostics is not None:
                    traj.diagnostics.append(dict(diagnostics(k, Ws, fw, g_full)))  # type: ignore[arg-type]
                    traj.diagnostic_steps.append(k)
            if last:
                if k < steps:
                    traj.stop_reason = f"Φ_{k}={phi:.6g} < stop_below={stop_below:g}"
                break
            if sampler is None:
                g = [g_full[i] for i in trained]  # type: ignore[index]
            else:
                idx = sampler()
                batches.append(idx)
                gb = gradients(X[idx], Ws, Y[idx], act, batch_scale)
                g = [gb[i] for i in trained]
            if want_step or want_layer:
                norms.append(torch.stack([torch.linalg.vector_norm(x) for x in g]))
            step = torch._foreach_mul(g, -eta)  # −η·g_l, once; added to both the iterate and ΔW_l
            torch._foreach_add_(acc_t, step)
            new = torch._foreach_add([Ws[i] for i in trained], step)
            Ws = list(Ws)
            for i, W in zip(trained, new, strict=True):
                Ws[i] = W
    traj.Ws = Ws
    traj.losses = torch.tensor(losses, dtype=torch.float64)
    if want_step or want_layer:
        per_layer = eta * torch.stack(norms) if norms else torch.zeros(0, len(trained), dtype=torch.float64)
        if want_step:
            traj.step_norms = torch.linalg.vector_norm(per_layer, dim=1)
        if want_layer:
            full = torch.zeros(per_layer.shape[0], inst.L, dtype=torch.float64)
            full[:, trained] = per_layer
            traj.layer_step_norms = full
    if sampler is not None:
        traj.batches = torch.stack(batches) if batches else torch.zeros(0, 0, dtype=torch.int64)
    return traj


def gd(inst: Instance, eta: float, steps: int, *, record: Sequence[str] = ("loss",), every: int = 1,
       stop_below: float | None = None, keep_thetas: bool = False,
       diagnostics: Diagnostic | None = None) -> Trajectory:
    """Full-batch GD θ_{k+1} = θ_k − η∇Φ(θ_k) on the trainable layers, for `steps` updates.

    Args:
        inst: the case's built instance (not modified); its form says which layers train.
        eta: step size η > 0. steps: K ≥ 0 updates (fewer if Φ diverges or drops below `stop_below`).
        record: per-step series among `RECORDABLE`; "loss" is always recorded (it is free, and
            divergence is detected from it).
        every: the hook runs (and θ_k is kept) at k = 0, every, 2·every, … and at the last iterate.
        stop_below: stop once Φ_k < stop_below. keep_thetas: store θ_k at those steps.
        diagnostics: hook (k, θ_k, forward at θ_k, ∇Φ(θ_k) per engine layer) → dict of floats;
            its arguments are reused by the loop, so it must not modify them.
    Returns: a `Trajectory`. One forward and one backward pass per step (Φ_k from the same forward).
    """
    eta, rec = _validate(inst, eta, steps, record, every, stop_below, diagnostics)
    return _run(inst, eta, steps, record=rec, every=every, stop_below=stop_below, keep_thetas=keep_thetas,
                diagnostics=diagnostics, sampler=None, batch_scale=1.0)


def sgd(inst: Instance, eta: float, steps: int, batch: int, generator: torch.Generator, *,
        reduction: str = "unbiased", record: Sequence[str] = ("loss",), every: int = 1,
        stop_below: float | None = None, keep_thetas: bool = False,
        diagnostics: Diagnostic | None = None) -> Trajectory:
    """Mini-batch SGD (module docstring: batch of `batch` distinct samples, `reduction` convention).

    Same arguments as `gd`, plus batch size B ∈ [1, N], the caller's `torch.Generator` (the only
    randomness; same seed → same batches, bit-identical run) and `reduction`. Φ_k in `losses` is
    the full-batch loss (one extra forward per step); the hook gets the full-batch ∇Φ(θ_k), not the
    stochastic step. With B = N and "unbiased", every batch is [0, N) and the run equals `gd` bit for bit.
    """
    eta, rec = _validate(inst, eta, steps, record, every, stop_below, diagnostics)
    N = inst.N
    require(isinstance(batch, int) and not isinstance(batch, bool) and 1 <= batch <= N,
            f"batch={batch!r}, but should be an integer in [1, N={N}]")
    require(isinstance(generator, torch.Generator), f"generator is {type(generator).__name__}, "
            "but should be a torch.Generator (never the global RNG)")
    require(reduction in REDUCTIONS, f"reduction={reduction!r}, but should be one of {REDUCTIONS}")
    if reduction == "unbiased":  # c·N/B, written so that B = N gives exactly c (1.0/N or 1.0)
        scale = 1.0 / batch if inst.form.mean_loss else N / batch
    else:
        scale = 1.0 / batch if reduction == "mean" else 1.0

    def sampler() -> torch.Tensor:
        return torch.sort(torch.randperm(N, generator=generator)[:batch]).values

    traj = _run(inst, eta, steps, record=rec, every=every, stop_below=stop_below, keep_thetas=keep_thetas,
                diagnostics=diagnostics, sampler=sampler, batch_scale=scale)
    traj.batch, traj.reduction = batch, reduction
    return traj
