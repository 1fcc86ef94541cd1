"""GD / SGD of `nnverify.train`: closed-form steps equal autograd steps, the accumulated update is
θ_K − θ_0, only trainable layers move, the Zou–Gu SGD rule W ← W − (η/B)Σ_{s∈𝓑}∇ℓ_s, determinism,
divergence and input validation. Also the forward pass's cached σ′ (perf path in `net.forward`)."""

from __future__ import annotations

import math

import pytest
import torch

from nnverify.activations import parse_activation
from nnverify.claims import Tolerance
from nnverify.errors import InputError
from nnverify.grad import autograd_gradients, gradients
from nnverify.linalg import EPS
from nnverify.net import Forward, forward
from nnverify.strategies import ACTIVATIONS_ALL
from nnverify.train import gd, sgd
from nnverify.types import Case, Instance

F64 = torch.float64

STEP_TOL = Tolerance(1e-12, 0.0, "closed form and autograd sum the same O(L·n) products in different orders")
SGD_TOL = Tolerance(1e-12, 0.0, "batch gradient vs a per-sample autograd sum: summation order only")

NGUYEN = Case(widths=(3, 5, 4, 2), n=4, activation="smooth_leaky_relu(0.5,1)", init="lecun", seed=1)
AZ = Case(widths=(3, 6, 6, 6, 3), n=4, activation="relu(kink=1)", form="allen_zhu", init="allen_zhu", seed=2)
ZG = Case(widths=(3, 6, 6, 2), n=5, activation="relu", form="zou_gu", init="zou_gu", seed=3)
FORMS = [NGUYEN, AZ, ZG]


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(torch.linalg.vector_norm(a - b) / torch.linalg.vector_norm(b))


def test_small_step_decreases_loss() -> None:
    # Φ is C² for the smooth σ of NM eq. (2): the descent lemma gives Φ_{k+1} < Φ_k for small η
    inst = NGUYEN.build()
    traj = gd(inst, 1e-3, 200)
    assert traj.losses.dtype == F64 and traj.losses.shape == (201,) and traj.steps == 200
    assert bool((traj.losses[1:] < traj.losses[:-1]).all())
    assert traj.losses[0].item() == inst.loss()  # Φ_0 from the same forward pass as Instance.loss
    assert not traj.diverged and traj.stop_reason is None


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.form)
def test_gd_step_equals_autograd_step(case: Case) -> None:
    inst = case.build()
    eta = 0.05
    traj = gd(inst, eta, 1, keep_thetas=True)
    ref = autograd_gradients(inst.X, inst.Ws, inst.Y, inst.act, inst.loss_scale)
    for l, (train, W0, W1, dW, g) in enumerate(
            zip(inst.trainable, inst.Ws, traj.Ws, traj.accumulated, ref, strict=True), start=1):
        if not train:
            continue
        step = -eta * g
        assert _rel(dW, step) <= STEP_TOL.rtol, f"layer {l}"
        assert _rel(W1, W0 + step) <= STEP_TOL.rtol, f"layer {l}"
    assert traj.losses[1].item() == traj.instance(inst).loss()


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.form)
def test_accumulated_equals_endpoint_difference(case: Case) -> None:
    inst = case.build()
    K = 60
    traj = gd(inst, 0.02, K, keep_thetas=True)
    assert traj.theta_steps == list(range(K + 1))
    M = max(float(W.abs().max()) for th in traj.thetas for W in th)  # type: ignore[union-attr]
    # each iterate and each partial sum of ΔW rounds once per step, by ≤ ε·max|θ| (|ΔW_k| ≤ 2 max|θ|)
    atol = 4 * (K + 1) * EPS * M
    for W0, WK, dW in zip(inst.Ws, traj.Ws, traj.accumulated, strict=True):
        assert float((dW - (WK - W0)).abs().max()) <= atol


@pytest.mark.parametrize("case", [AZ, ZG], ids=lambda c: c.form)
def test_only_trainable_layers_move(case: Case) -> None:
    inst = case.build()
    Ws0 = [W.clone() for W in inst.Ws]
    for traj in (gd(inst, 0.02, 20), sgd(inst, 0.02, 20, 2, torch.Generator().manual_seed(0))):
        for train, W0, WK, dW in zip(inst.trainable, inst.Ws, traj.Ws, traj.accumulated, strict=True):
            if train:
                assert not torch.equal(W0, WK) and bool(dW.abs().max() > 0)
            else:  # A, B (Allen-Zhu–Li–Song) and V (Zou–Gu) are never touched
                assert torch.equal(W0, WK) and not bool(dW.any())
    assert inst.trainable == ((False, True, True, False) if case.form == "allen_zhu"
                              else (True, True, False))
    assert all(torch.equal(a, b) for a, b in zip(Ws0, inst.Ws, strict=True))  # inst is not modified


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.form)
def test_sgd_full_batch_is_gd(case: Case) -> None:
    inst = case.build()
    a = gd(inst, 0.02, 15, record=("loss", "step_norm"))
    b = sgd(inst, 0.02, 15, inst.N, torch.Generator().manual_seed(5), record=("loss", "step_norm"))
    assert torch.equal(a.losses, b.losses) and torch.equal(a.step_norms, b.step_norms)  # type: ignore[arg-type]
    assert all(torch.equal(x, y) for x, y in zip(a.Ws, b.Ws, strict=True))
    assert all(torch.equal(x, y) for x, y in zip(a.accumulated, b.accumulated, strict=True))
    assert torch.equal(b.batches, torch.arange(inst.N).expand(15, inst.N))  # type: ignore[arg-type]


def test_sgd_step_is_zou_gu_alg1() -> None:
    # Zou–Gu Alg. 1 line 9: W_l ← W_l − (η/B)Σ_{s∈𝓑}∇_{W_l}ℓ(f(x_s), y_s), ℓ = ½‖·‖² (no 1/n)
    inst = ZG.build()
    eta, B = 0.1, 2
    traj = sgd(inst, eta, 1, B, torch.Generator().manual_seed(11))
    idx = traj.batches[0].tolist()  # type: ignore[index]
    assert len(set(idx)) == B
    per_sample = [autograd_gradients(inst.X[s:s + 1], inst.Ws, inst.Y[s:s + 1], inst.act) for s in idx]
    for l, train in enumerate(inst.trainable):
        if train:
            ref = -(eta / B) * sum(g[l] for g in per_sample)
            assert _rel(traj.accumulated[l], ref) <= SGD_TOL.rtol
    # the three reductions differ only by their constant factor (same generator → same batch)
    n = inst.N
    for reduction, factor in (("mean", 1.0), ("sum", B)):
        other = sgd(inst, eta / factor, 1, B, torch.Generator().manual_seed(11), reduction=reduction)
        assert _rel(other.accumulated[0], traj.accumulated[0]) <= SGD_TOL.rtol
    az = AZ.build()  # sum-loss form: "unbiased" is (n/B)Σ∇ℓ_s, i.e. n × the batch mean
    u = sgd(az, eta, 1, B, torch.Generator().manual_seed(3))
    m = sgd(az, eta * az.N, 1, B, torch.Generator().manual_seed(3), reduction="mean")
    assert _rel(u.accumulated[1], m.accumulated[1]) <= SGD_TOL.rtol and n == 5


def test_sgd_deterministic_given_seed() -> None:
    inst = NGUYEN.build()
    runs = [sgd(inst, 0.05, 25, 2, torch.Generator().manual_seed(s)) for s in (42, 42, 43)]
    assert torch.equal(runs[0].losses, runs[1].losses) and torch.equal(runs[0].batches, runs[1].batches)
    assert all(torch.equal(x, y) for x, y in zip(runs[0].Ws, runs[1].Ws, strict=True))
    assert not torch.equal(runs[0].batches, runs[2].batches)


def test_step_norms_diagnostics_and_thetas() -> None:
    inst = AZ.build()
    eta, K = 0.05, 12
    seen: list[int] = []

    def hook(k: int, Ws: list[torch.Tensor], fw: Forward, grads: list[torch.Tensor]) -> dict[str, float]:
        seen.append(k)
        ref = gradients(inst.X, Ws, inst.Y, inst.act, inst.loss_scale)
        assert all(torch.equal(a, b) for a, b in zip(grads, ref, strict=True))
        return {"phi": 0.5 * float(((fw.out - inst.Y) ** 2).sum()), "g": float(grads[1].norm())}

    traj = gd(inst, eta, K, record=("loss", "step_norm", "layer_step_norms"), every=5,
              keep_thetas=True, diagnostics=hook)
    assert seen == traj.diagnostic_steps == traj.theta_steps == [0, 5, 10, 12]
    steps, phi = traj.series("phi")
    assert torch.equal(phi, traj.losses[steps])  # c = 1 for allen_zhu; same forward pass
    for k in traj.theta_steps:
        assert traj.instance(inst, k).loss() == traj.losses[k].item()
    lsn = traj.layer_step_norms
    assert lsn is not None and lsn.shape == (K, inst.L) and not bool(lsn[:, [0, -1]].any())
    assert traj.step_norms is not None and traj.step_norms.shape == (K,)
    assert _rel(traj.step_norms, torch.linalg.vector_norm(lsn, dim=1)) <= 4 * EPS
    assert math.isclose(lsn[0, 1].item(), eta * traj.diagnostics[0]["g"], rel_tol=1e-14)  # η‖g‖ vs ‖ηg‖: 1 rounding
    with pytest.raises(InputError):
        traj.instance(inst, 3)


def test_divergence_and_stop_below_are_recorded() -> None:
    inst = Case(widths=(3, 5, 2), n=4, activation="linear(1)", init="gaussian", seed=4).build()
    traj = gd(inst, 1e3, 10_000)
    assert traj.diverged and traj.stop_reason is not None and "not finite" in traj.stop_reason
    assert traj.steps < 10_000 and not math.isfinite(traj.final_loss)
    assert bool(torch.isfinite(traj.losses[:-1]).all())
    small = NGUYEN.build()
    target = 0.9 * small.loss()
    stopped = gd(small, 0.01, 10_000, stop_below=target)
    assert not stopped.diverged and stopped.final_loss < target <= stopped.losses[-2].item()
    assert stopped.stop_reason is not None and "stop_below" in stopped.stop_reason
    zero = gd(small, 0.01, 0)
    assert zero.steps == 0 and zero.losses.shape == (1,) and zero.stop_reason is None


@pytest.mark.parametrize("kwargs", [
    {"eta": 0.0}, {"eta": -1.0}, {"eta": math.nan}, {"eta": math.inf}, {"eta": "0.1"}, {"eta": True},
    {"steps": -1}, {"steps": 1.5}, {"steps": True}, {"every": 0}, {"record": "loss"},
    {"record": ("loss", "bogus")}, {"stop_below": math.nan}, {"diagnostics": 3},
    {"batch": 0}, {"batch": 5}, {"batch": 2.0}, {"generator": None}, {"reduction": "avg"},
])
def test_bad_inputs_raise(kwargs: dict[str, object]) -> None:
    inst = NGUYEN.build()
    args: dict[str, object] = {"eta": 0.1, "steps": 2}
    sgd_only = {"batch", "generator", "reduction"}
    if not sgd_only & set(kwargs):
        with pytest.raises(InputError):
            gd(inst, **{**args, **kwargs})  # type: ignore[arg-type]
    full = {**args, "batch": 2, "generator": torch.Generator().manual_seed(0), **kwargs}
    with pytest.raises(InputError):
        sgd(inst, **full)  # type: ignore[arg-type]


def test_bad_instance_raises() -> None:
    with pytest.raises(InputError):
        gd("not an instance", 0.1, 1)  # type: ignore[arg-type]
    inst = NGUYEN.build()
    bad = Instance(X=inst.X, Ws=[inst.Ws[0] * math.inf, *inst.Ws[1:]], Y=inst.Y, act=inst.act)
    with pytest.raises(InputError):
        gd(bad, 0.1, 1)


@pytest.mark.parametrize("spec", [*ACTIVATIONS_ALL, "linear(0.7)", "leaky_relu(0.3,kink=0.5)"])
def test_forward_cached_derivative_is_bit_identical(spec: str) -> None:
    # net.forward keeps σ′(G_l) for back-propagation; it must equal σ(G_l) and σ′(G_l) bit for bit
    act = parse_activation(spec)
    g = torch.Generator().manual_seed(0)
    X = torch.randn(5, 3, generator=g, dtype=F64)
    X[0] = 0.0  # exact kinks in every hidden layer for the first sample
    Ws = [torch.randn(3, 4, generator=g, dtype=F64), torch.randn(4, 4, generator=g, dtype=F64),
          torch.randn(4, 2, generator=g, dtype=F64)]
    Y = torch.randn(5, 2, generator=g, dtype=F64)
    fw = forward(X, Ws, act)
    for l in (1, 2):
        assert torch.equal(fw.F[l], act(fw.G[l])) and torch.equal(fw.deriv(l, act), act.deriv(fw.G[l]))
    plain = Forward(fw.G, fw.F)  # no cache: back-propagation recomputes σ′
    for a, b in zip(gradients(X, Ws, Y, act, 0.5, fw), gradients(X, Ws, Y, act, 0.5, plain), strict=True):
        assert torch.equal(a, b)
