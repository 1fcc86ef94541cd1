"""Small helpers shared by the claims modules (products of norms, residuals, common tolerances)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from nnverify.claims.core import Tolerance
from nnverify.linalg import frob, spectral_norm
from nnverify.types import Instance

__all__ = ["TOL_IDENTITY", "TOL_PRODUCT", "prod", "require_form", "resid", "spec_norms"]

#: spectral norms by SVD and L-fold products: relative round-off ≲ L·n·ε ≈ 1e−14 at the suite's
#: sizes; 1e−10 leaves margin for entries of size 10^{±6} and exact-equality cases (ratio 1).
TOL_PRODUCT = Tolerance(1e-10, 0.0, "SVD spectral norms and L-fold products of norms: relative round-off ≲ L·n·ε")
#: matrix identities: discrepancy relative to the magnitudes that cancel, not to the result.
TOL_IDENTITY = Tolerance(1e-12, 0.0, "float64 round-off of sums whose terms have the size of `scale`")


def prod(xs: Sequence[float]) -> float:
    """∏ xs (1 for an empty product)."""
    return math.prod(xs)


def spec_norms(Ws: Sequence[torch.Tensor]) -> list[float]:
    """‖W_l‖₂ for every layer."""
    return [spectral_norm(W) for W in Ws]


def resid(inst: Instance, Ws: Sequence[torch.Tensor] | None = None) -> torch.Tensor:
    """F_L − Y: (N, n_L)."""
    return inst.forward(Ws).out - inst.Y


def require_form(form: str):
    """A `requires=` hook accepting only instances of the given paper form."""

    def requires(inst: Instance) -> str | None:
        return None if inst.form.name == form else f"form={inst.form.name}, claim needs {form}"

    return requires


__all__ += ["frob"]
