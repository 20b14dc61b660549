"""Every formula that ``make generate`` turns into a function of ``nncore/_generated.py``.

To add a generated function, build its :class:`~derivations.formula.Formula` in the module
of its derivation and list it here: in ``FORMULAS`` for a function that checks its
arguments and its results, in ``KERNELS`` for one that does neither, for code that checks
its data once and then calls it at every training step (:mod:`nncore.layers`), and in
``CLASS_KERNELS`` for such a kernel over the classes of each sample. A formula that both a
reader and the training code use is listed once, in ``FORMULAS``, and names its kernel
(``Formula.kernel``): the generator writes the kernel, which evaluates it, and the checked
function, which calls the kernel; no quantity is computed by two generated functions.
"""

from __future__ import annotations

from derivations.circuits import CIRCUITS
from derivations.cross_entropy import LOGIT_CROSS_ENTROPY, LOGIT_CROSS_ENTROPY_GRADIENT
from derivations.formula import Formula
from derivations.linear_regression import LINEAR_REGRESSION_COST, LINEAR_REGRESSION_GRADIENT
from derivations.logistic import (
    LOGISTIC,
    LOGISTIC_DERIVATIVE,
    LOGISTIC_LAYER_BACKWARD,
    LOGIT,
)
from derivations.logistic_regression import (
    LOGISTIC_REGRESSION_COST,
    LOGISTIC_REGRESSION_GRADIENT,
)
from derivations.rbf import (
    GAUSSIAN_LAYER_BACKWARD,
    RBF,
    RBF_DERIVATIVE,
    RBF_NETWORK_OUTPUT_COST,
    RBF_NETWORK_OUTPUT_GRADIENT,
)
from derivations.softmax import (
    TWO_CLASS_CROSS_ENTROPY,
    TWO_CLASS_CROSS_ENTROPY_GRADIENT,
    TWO_CLASS_SOFTMAX,
)
from derivations.softmax_output import SOFTMAX_CROSS_ENTROPY_LAYER, SOFTMAX_LAYER

FORMULAS: tuple[Formula, ...] = (
    LOGISTIC,
    LOGISTIC_DERIVATIVE,
    LOGIT,
    *(f for circuit in CIRCUITS for f in (circuit.function, circuit.gradient)),
    LINEAR_REGRESSION_COST,
    LINEAR_REGRESSION_GRADIENT,
    LOGIT_CROSS_ENTROPY,
    LOGIT_CROSS_ENTROPY_GRADIENT,
    LOGISTIC_REGRESSION_COST,
    LOGISTIC_REGRESSION_GRADIENT,
    RBF,
    RBF_DERIVATIVE,
    RBF_NETWORK_OUTPUT_COST,
    RBF_NETWORK_OUTPUT_GRADIENT,
    TWO_CLASS_SOFTMAX,
    TWO_CLASS_CROSS_ENTROPY,
    TWO_CLASS_CROSS_ENTROPY_GRADIENT,
)

#: Kernels besides those of the formulas above that name one (``Formula.kernel``: the
#: forward kernels of the logistic and Gaussian layers are those of ``LOGISTIC`` and ``RBF``).
KERNELS: tuple[Formula, ...] = (
    LOGISTIC_LAYER_BACKWARD,
    GAUSSIAN_LAYER_BACKWARD,
)

#: Kernels over the classes of each sample (arrays with the classes along the first axis);
#: their tests are in ``tests/test_softmax_output.py``.
CLASS_KERNELS: tuple[Formula, ...] = (
    SOFTMAX_LAYER,
    SOFTMAX_CROSS_ENTROPY_LAYER,
)
