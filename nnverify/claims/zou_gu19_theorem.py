"""Claims of Zou & Gu (NeurIPS 2019), "An improved analysis of training over-parameterized deep
neural networks" (seed 003): the conditional (class C) entry of `lemmas/zou_gu19.md`, the reconstructed
combining step of Lemma 4.5's proof (gradient lower bound + sufficient decrease ⇒ linear rate), checked
along real GD runs. The GD kernel `_gd_run`, the case strategy `_gd_cases` and the hypothesis checks
`_zou_gu`, `_requires_distinct` come from `nnverify.claims.zou_gu19`.
"""

from __future__ import annotations

import math

from nnverify.claims.core import Evaluation, Kind, Relation, Tolerance, claim
from nnverify.claims.zou_gu19 import _gd_cases, _gd_run, _requires_distinct, _zou_gu
from nnverify.linalg import EPS
from nnverify.types import Instance


# =========================================================================== class C: Lemma 4.5 chain
def _chain(inst: Instance, *, drop_beta: bool = False) -> list[Evaluation]:
    """Along GD (monotone prefix, stop at L ≤ 1e−20·L₀): γ_s = ‖∇L_s‖²/L_s, β_s = (L_s − L_{s+1})/(η‖∇L_s‖²);
    with γ = min_{s<t}γ_s, β = min_{s<t}β_s: L_t ≤ (1 − βηγ)^t L₀ at every t (worst t reported)."""
    eta, _its, losses, grads = _gd_run(inst, monotone=True)
    L0 = losses[0]
    g2 = [sum(float((g[l] ** 2).sum()) for l in range(inst.L - 1)) for g in grads]
    gam, bet = math.inf, math.inf
    worst: Evaluation | None = None
    for t in range(1, len(losses)):
        s = t - 1
        gam = min(gam, g2[s] / losses[s])
        if g2[s] > 0:
            bet = min(bet, (losses[s] - losses[s + 1]) / (eta * g2[s]))
        b = 1.0 if drop_beta else (bet if math.isfinite(bet) else 0.0)
        q = 1 - b * eta * gam
        bound = q**t * L0
        ev = Evaluation(lhs=losses[t], rhs=bound, relation=Relation.LE, label=f"k={t}",
                        tol=Tolerance(1e-12, 0.0, "rounding of 1 − βηγ (absolute ε) compounded t times, and of L₀"),
                        atol=4 * (t + 1) * EPS * L0 * max(abs(q), 1.0) ** max(t - 1, 0),
                        lhs_name="L(W^(t))", factors=(("β", b), ("γ", gam), ("η", eta), ("L₀", L0)))
        if worst is None or ev.ratio > worst.ratio:
            worst = ev
    return [worst] if worst is not None else []


def _requires_chain(inst: Instance) -> str | None:
    return _zou_gu(inst) or _requires_distinct(inst)


@claim(
    id="zou_gu19.lemma4.5.chain",
    where="Zou & Gu 2019, proof of Lemma 4.5 (reconstructed combining step)",
    kind=Kind.C,
    statement="if for every s < t (a) ‖∇L(W^{(s)})‖_F² ≥ γL(W^{(s)}) and (b) L(W^{(s+1)}) ≤ L(W^{(s)}) − "
              "βη‖∇L(W^{(s)})‖_F² with β, γ ≥ 0, then L(W^{(t)}) ≤ (1 − βηγ)^t L(W⁽⁰⁾); checked along real GD "
              "runs with the measured γ = min_{s<t}γ_s, β = min_{s<t}β_s, for every k ≤ K of the monotone prefix",
    hypotheses=("GD of Alg. 1 (V fixed), η = c·k/(L²m)", "monotone prefix (β ≥ 0); stop at L ≤ 1e−20·L₀",
                "pairwise distinct data, n ≥ 2"),
    requires=_requires_chain,
    mutant=lambda inst: _chain(inst, drop_beta=True),
    cases=lambda: _gd_cases(n_min=2, datasets=("unit_last", "integer"), c_exp=(-2.0, 1.2), steps_max=8),
)
def chain(inst: Instance) -> list[Evaluation]:
    """Gradient lower bound + sufficient decrease ⇒ linear rate (the algebra of Lemma 4.5's proof)."""
    return _chain(inst)
