"""The statistics module: exact binomial intervals and the coverage of bootstrap slope intervals
on synthetic data with a known slope."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from nnverify.errors import InputError
from nnverify.stats import FALSE_ALARM, binomial_excess, bootstrap_slope, clopper_pearson


def test_clopper_pearson_known_values() -> None:
    lo, hi = clopper_pearson(0, 10, 0.05)
    assert lo == 0.0 and hi == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-12)
    lo, hi = clopper_pearson(10, 10, 0.05)
    assert hi == 1.0 and lo == pytest.approx(0.025 ** (1 / 10), rel=1e-12)


@pytest.mark.parametrize("p", [0.02, 0.3, 0.5])
def test_clopper_pearson_coverage_is_at_least_nominal(p: float) -> None:
    """Exact coverage computed from the binomial pmf (no simulation): ≥ 1 − α."""
    n, alpha = 40, 0.1
    cover = sum(sps.binom.pmf(k, n, p) for k in range(n + 1)
                if clopper_pearson(k, n, alpha)[0] <= p <= clopper_pearson(k, n, alpha)[1])
    assert cover >= 1 - alpha - 1e-12


def test_binomial_excess() -> None:
    assert binomial_excess(0, 100, 0.01) == 1.0
    assert binomial_excess(10, 100, 0.01) < FALSE_ALARM  # 10 failures refute "≤ 1 %"
    assert binomial_excess(2, 100, 0.01) > FALSE_ALARM


def test_bootstrap_slope_recovers_known_slope_and_covers() -> None:
    """Coverage of the 90 % interval over 200 synthetic experiments (y = 3·x^{−1/2}·lognormal noise,
    8 seeds per x). Expected 180 covered; the exact binomial band at 1e−3 for p = 0.9, n = 200 is
    about [163, 194] — anything outside means the interval is miscalibrated."""
    rng = np.random.default_rng(1)
    x = np.array([64.0, 128, 256, 512, 1024, 2048])
    covered = 0
    for rep in range(200):
        y = 3.0 * x[:, None] ** -0.5 * np.exp(0.3 * rng.standard_normal((len(x), 8)))
        fit = bootstrap_slope(x, y, level=0.9, n_boot=800, seed=rep, stat="mean")
        covered += fit.contains(-0.5)
    lo = sps.binom.ppf(FALSE_ALARM / 2, 200, 0.9)
    hi = sps.binom.ppf(1 - FALSE_ALARM / 2, 200, 0.9)
    assert lo <= covered <= hi, covered


def test_bootstrap_slope_constant_and_bad_input() -> None:
    x = np.array([1.0, 2, 4, 8])
    y = np.outer(5.0 * x**2, np.ones(3))
    fit = bootstrap_slope(x, y, n_boot=100)
    assert fit.slope == pytest.approx(2.0) and fit.constant == pytest.approx(5.0)
    assert fit.allows_at_most(2.0) and fit.allows_at_least(2.0) and not fit.allows_at_most(1.9)
    with pytest.raises(InputError):
        bootstrap_slope(x, -y)
    with pytest.raises(InputError):
        clopper_pearson(3, 2)
