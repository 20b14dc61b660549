r"""Logistic regression on two inputs, no bias, as in part 2 of Roelants' series.

A sample :math:`\mathbf{x} = (x_1, x_2)` gets the logit :math:`z = w_1 x_1 + w_2 x_2` and the
probability :math:`y = \sigma(z)` of belonging to class 1 (blue); its cost is the cross-entropy
of :mod:`derivations.cross_entropy`,

.. math::

    \xi(w_1, w_2; x_1, x_2, t) = -t \log y - (1 - t) \log(1 - y).

By the chain rule through the logit, :math:`\partial\xi/\partial w_j = (y - t)\,x_j`. The
series sums the cost over the samples (not the mean): :mod:`nncore.logistic_regression` sums
these per-sample formulas.
"""

from __future__ import annotations

import sympy

from derivations.chain_rule import ChainRule
from derivations.cross_entropy import logit_cross_entropy, t, z
from derivations.formula import gradient_formula, scalar_formula

w1, w2, x1, x2 = sympy.symbols("w_1 w_2 x_1 x_2", real=True)

#: The logit of one sample, :math:`z = w_1 x_1 + w_2 x_2` (no bias).
LOGIT = w1 * x1 + w2 * x2

_textbook, _stable = logit_cross_entropy(LOGIT, t)

LOGISTIC_REGRESSION_COST = scalar_formula(
    name="logistic_regression_cost",
    summary="Cross-entropy of y = sigma(w1 x1 + w2 x2) for one sample with target t.",
    arguments=(w1, w2, x1, x2, t),
    textbook=_textbook,
    stable=_stable,
    output_name=r"\xi",
    source="derivations.logistic_regression.LOGISTIC_REGRESSION_COST",
)

LOGISTIC_REGRESSION_GRADIENT = gradient_formula(
    LOGISTIC_REGRESSION_COST,
    name="logistic_regression_gradient",
    summary="Gradient of the cross-entropy of one sample with respect to w1 and w2.",
    output_name=r"\xi",
    with_respect_to=(w1, w2),
)


def chain(weight: sympy.Symbol) -> ChainRule:
    r"""The chain rule through the logit: :math:`\partial\xi/\partial z \cdot
    \partial z/\partial w_j`, with the cost written as a function of :math:`z` (stable form).

    Raises
    ------
    ValueError
        If ``weight`` is not :math:`w_1` or :math:`w_2`.
    """
    if weight not in (w1, w2):
        raise ValueError(f"weight: expected w_1 or w_2, got {weight}")
    _, stable_of_z = logit_cross_entropy(z, t)
    return ChainRule(outer=stable_of_z, intermediate=z, inner=LOGIT, variable=weight)
