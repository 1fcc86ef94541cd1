"""Zou & Gu 2019, Lemma 4.5 combining step: one representative GD run written as a trajectory
measurement for the report (loss against the bound (1 − βηγ)^t L₀)."""

import math

from nnverify.claims import zou_gu19_theorem as Z
from nnverify.measurements import write_measurement
from nnverify.types import Case


def test_lemma45_chain_trajectory() -> None:
    """One representative run of the chain, written as a trajectory measurement (loss vs bound)."""
    case = Case(widths=(5, 64, 1), n=4, form="zou_gu", init="zou_gu", data="unit_last", seed=3,
                params=(("eta_c", 0.5), ("steps", 200.0)))
    inst = case.build()
    eta, _, losses, grads = Z._gd_run(inst, monotone=True)
    evs = Z._chain(inst)
    assert evs and not evs[0].violated
    g2 = [sum(float((g[l] ** 2).sum()) for l in range(inst.L - 1)) for g in grads]
    gam = bet = math.inf
    bound = [losses[0]]
    for t in range(1, len(losses)):
        gam = min(gam, g2[t - 1] / losses[t - 1])
        bet = min(bet, (losses[t - 1] - losses[t]) / (eta * g2[t - 1]))
        bound.append((1 - bet * eta * gam) ** t * losses[0])
    write_measurement("zou_gu19.lemma4.5.chain", {"type": "trajectory", "kind": "C", "k": list(range(len(losses))),
                                                  "loss": losses, "bound": bound,
                                                  "label": "L_t vs (1 − βηγ)^t L₀, n = 4, d = 5, m = 64, η = 0.5k/m"})
