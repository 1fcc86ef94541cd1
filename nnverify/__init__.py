"""nnverify — property-based verification of deep-learning optimisation theory.

Public API (explicit re-exports): the case types, the network core, claims and `check`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from nnverify.activations import Activation, leaky_relu, parse_activation, relu, smooth_leaky_relu
from nnverify.errors import InputError
from nnverify.grad import autograd_gradients, gradients
from nnverify.net import FORMS, Forward, forward
from nnverify.ntk import jacobian_blocks, ntk, ntk_reference
from nnverify.types import Case, Instance

__all__ = [
           "FORMS",
           "Activation",
           "Case",
           "Forward",
           "InputError",
           "Instance",
           "__version__",
           "autograd_gradients",
           "forward",
           "gradients",
           "jacobian_blocks",
           "leaky_relu",
           "ntk",
           "ntk_reference",
           "parse_activation",
           "relu",
           "smooth_leaky_relu",
]
