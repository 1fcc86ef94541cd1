"""Width-scaling machinery of the experiments: chunked wide layers agree with the dense library formulas, and
crossings/exponents recover known power laws (interpolated, extrapolated, not growing)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from nnverify.claims.nguyen21 import conditions
from nnverify.claims.nguyen21_asymptotic import _cor_C, gauss, signs, sphere
from nnverify.claims.nguyen_mondelli20 import assumption31
from nnverify.errors import InputError
from nnverify.experiments import nguyen21_width as W
from nnverify.experiments import nguyen_mondelli20 as NM
from nnverify.experiments.crossing import WidthScan, draw_crossing, exponent, scan_widths
from nnverify.experiments.wide import wide_layer
from nnverify.types import Instance

F64 = torch.float64
REL = 1e-9  # same products in another order (chunked Gram vs dense SVD): float64 round-off of O(N) eigen solves


def _dense(m: int, n: int, w_var: float, v_var: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """W, V as `wide_layer` draws them when n ≤ its chunk (one W block, then one V block)."""
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(m, n, generator=g, dtype=F64) * math.sqrt(w_var),
            torch.randn(n, 1, generator=g, dtype=F64) * math.sqrt(v_var))


def test_wide_layer_chunks_match_dense() -> None:
    F = torch.randn(3, 4, generator=torch.Generator().manual_seed(0), dtype=F64)
    g = torch.Generator().manual_seed(1)
    s = wide_layer(F, 50, 0.25, 0.02, torch.relu, g, chunk=16)
    g = torch.Generator().manual_seed(1)
    Ws, Vs = [], []
    for j in range(0, 50, 16):
        c = min(16, 50 - j)
        Ws.append(torch.randn(4, c, generator=g, dtype=F64) * 0.5)
        Vs.append(torch.randn(c, 1, generator=g, dtype=F64) * math.sqrt(0.02))
    Wd, Vd = torch.cat(Ws, 1), torch.cat(Vs, 0)
    H = torch.relu(F @ Wd)
    torch.testing.assert_close(s.gram, H @ H.T, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(s.out, H @ Vd, rtol=1e-12, atol=1e-12)
    assert math.isclose(s.w_norm, float(torch.linalg.matrix_norm(Wd, 2)), rel_tol=REL)
    assert math.isclose(s.sigma_min_sq, float(torch.linalg.svdvals(H)[-1]) ** 2, rel_tol=1e-7)


@pytest.mark.parametrize("bad", [dict(n=0), dict(w_var=-1.0), dict(F=torch.zeros(3))])
def test_wide_layer_rejects_bad_input(bad: dict) -> None:
    args = {"F": torch.zeros(2, 2, dtype=F64), "n": 4, "w_var": 1.0, "v_var": 1.0, **bad}
    with pytest.raises(InputError):
        wide_layer(args["F"], args["n"], args["w_var"], args["v_var"], torch.relu, torch.Generator())


def test_sec32_margin_is_library_conditions() -> None:
    g = torch.Generator().manual_seed(3)
    N, d, n1 = 3, 4, 40
    X, Y = sphere(N, d, g), torch.randn(N, 1, generator=g, dtype=F64)
    r = W.sec32_margin(X, Y, n1, torch.Generator().manual_seed(7))
    W1, W2 = _dense(d, n1, 1 / d, 1 / n1, 7)
    c = conditions(Instance.from_arrays(X, [W1, W2], Y), [1.0, 1.0])
    for k in W.KEYS:
        assert math.isclose(r[k], c.margins[k], rel_tol=REL), k


def test_cor32_margin_is_library_conditions() -> None:
    g = torch.Generator().manual_seed(4)
    N, n0, n = 3, 5, 60
    X, Y, W1 = sphere(N, n0, g), signs(N, 1, g), gauss(n0, n0, 1 / n0, g)
    r = W.cor32_margin(X, Y, W1, n, torch.Generator().manual_seed(9))
    W2, W3 = _dense(n0, n, 1 / n0, n ** (-4 / 3), 9)
    c = conditions(Instance.from_arrays(X, [W1, W2, W3], Y), _cor_C(3, n))
    for k in W.KEYS:
        assert math.isclose(r[k], c.margins[k], rel_tol=REL), k


def test_nm_margin_is_library_assumption31() -> None:
    g = torch.Generator().manual_seed(5)
    N, d, n1 = 4, 2, 30
    X, Y = sphere(N, d, g), torch.randn(N, 1, generator=g, dtype=F64)
    r = NM.a31_margin(X, Y, n1, torch.Generator().manual_seed(11))
    W1, W2 = _dense(d, n1, 1 / d, 1 / n1, 11)
    a = assumption31(Instance.from_arrays(X, [W1, W2], Y, NM.ACT))
    assert math.isclose(r["rho4"], float(a["rho4"]), rel_tol=REL)
    assert math.isclose(r["rho5"], float(a["rho5"]), rel_tol=REL)
    assert math.isclose(r["4"] * float(a["rho4"]), 1.0, rel_tol=REL)


def test_draw_crossing_recovers_power_laws() -> None:
    w = [4.0**j for j in range(6)]  # 1 … 1024
    c = draw_crossing(w, [(x / 10.0) ** 0.5 for x in w])
    assert c.how == "interpolated" and math.isclose(c.width, 10.0, rel_tol=1e-12) and math.isclose(c.slope, 0.5)
    c = draw_crossing(w, [(x / 1e6) ** (1 / 3) for x in w])
    assert c.how == "extrapolated" and math.isclose(c.width, 1e6, rel_tol=1e-9) and math.isclose(c.slope, 1 / 3)
    assert draw_crossing(w, [1.0 / (1 + x) for x in w]).width == math.inf
    assert draw_crossing(w, [2.0] * 6).how == "at first grid point"
    with pytest.raises(InputError):
        draw_crossing(w, [math.nan] * 6)


def _synthetic(N: int, a: float, seed: int) -> WidthScan:
    """Margins (n/(5·N^a·noise))^{1/2} on 4^j, j ≤ 8: crossing 5·N^a·noise (inside or beyond the grid)."""
    rng = np.random.default_rng(seed)
    widths = [4**j for j in range(1, 9)]
    cross = 5.0 * N**a * np.exp(0.2 * rng.standard_normal(9))
    M = np.array([[(n / c) ** 0.5 for c in cross] for n in widths])
    return WidthScan(f"N={N}", float(N), widths, M)


@pytest.mark.parametrize("a", [2.0, 3.0])
def test_exponent_recovers_known_slope(a: float) -> None:
    scans = [_synthetic(N, a, N) for N in (2, 4, 8, 16, 32)]
    fit = exponent(scans)
    assert fit is not None and fit["ci"][0] < a < fit["ci"][1] and abs(fit["slope"] - a) < 0.3
    # 5·N^a beyond the last grid width 4^8: extrapolated, and said so (a = 3 from N = 32; a = 2: never)
    assert fit["extrapolated_sizes"] == ([32.0] if a == 3.0 else [])


def test_exponent_none_for_a_flat_margin() -> None:
    flat = WidthScan("flat", 4.0, [4, 16, 64], np.full((3, 5), 0.5))
    assert exponent([_synthetic(2, 2.0, 0), flat]) is None


def test_scan_widths_stops_once_every_draw_met() -> None:
    calls: list[int] = []

    def fn(k: int, n: int) -> dict[str, float]:
        calls.append(n)
        return {"a": n / 16.0, "b": 10.0}

    sc = scan_widths("t", 1.0, [4, 16, 64, 256], 3, fn, {}, math.inf, ("a", "b"))
    assert sorted(set(calls)) == [4, 16] and sc.tested() == 2
    s = sc.summary()
    assert s["params"]["binding"] == ["a", "a"] and s["crossings"] == [16.0] * 3  # margin exactly 1 at 16


def test_crossing_is_the_latest_condition_each_with_its_own_power_law() -> None:
    """n/10⁵ (binding on the grid, slope 1) and (n/10⁶)^{1/2} on 4^j ≤ 4096: the draw's crossing is 10⁶, set by
    the second condition; extrapolating their minimum would give 10⁵."""
    widths = [4**j for j in range(7)]
    a = np.array([[n / 1e5] * 3 for n in widths])
    b = np.array([[(n / 1e6) ** 0.5] * 3 for n in widths])
    sc = WidthScan("two", 1.0, widths, np.minimum(a, b), per={"a": a, "b": b})
    for c in sc.crossings():
        assert c.how == "extrapolated" and math.isclose(c.width, 1e6, rel_tol=1e-9) and math.isclose(c.slope, 0.5)
    assert sc.summary()["binding_at_crossing"] == {"b": 3}
    assert math.isclose(WidthScan("min only", 1.0, widths, np.minimum(a, b)).crossings()[0].width, 1e5, rel_tol=1e-9)


@pytest.mark.parametrize("module", ["nnverify.experiments.__main__", "nnverify.experiments.nguyen21",
                                    "nnverify.experiments.nguyen_mondelli20"])
def test_experiment_cli_bad_out_is_exit_2(module: str, tmp_path, capsys) -> None:
    import importlib

    from nnverify.experiments import cli

    blocker = tmp_path / "a_file"
    blocker.write_text("")
    assert cli(importlib.import_module(module).main, ["--out", str(blocker / "x"), "--quick"]) == 2
    assert "cannot create the folder" in capsys.readouterr().err


def test_infinite_ratio_counts_as_holding() -> None:
    """lhs/rhs = +∞ (rhs = 0) means the condition holds: it must not turn into a 'never' crossing."""
    widths = [4, 16, 64]
    a = np.full((3, 2), np.inf)
    b = np.array([[n / 16.0] * 2 for n in widths])
    sc = WidthScan("inf", 1.0, widths, np.minimum(a, b), per={"a": a, "b": b})
    assert [c.width for c in sc.crossings()] == [16.0, 16.0]
