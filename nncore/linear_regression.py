r"""Linear regression with one weight, :math:`y = x\,w` (part 1).

The cost sums the squared errors of the samples, as the series does (not their mean):

.. math::

    J(w) = \sum_i (t_i - x_i w)^2, \qquad
    \frac{\partial J}{\partial w} = \sum_i -2 x_i (t_i - x_i w).

Each term comes from the generated functions :func:`nncore._generated.linear_regression_cost` and
:func:`nncore._generated.linear_regression_gradient` (derived in :mod:`derivations.linear_regression`).
"""

from __future__ import annotations

import numpy

from nncore._generated import linear_regression_cost, linear_regression_gradient
from nncore._validation import finite_results, inputs_and_targets, samples, weights


def predict(w: object, x: object) -> numpy.ndarray:
    r"""The predictions :math:`y_i = x_i w`."""
    return samples("x", x) * weights("w", w)


def cost(w: object, x: object, t: object) -> float:
    r""":math:`J(w) = \sum_i (t_i - x_i w)^2`."""
    w = weights("w", w)
    x, t = inputs_and_targets(x, t)
    costs = linear_regression_cost(w, x, t)
    return float(finite_results("linear_regression.cost", numpy.sum(costs)))


def gradient(w: object, x: object, t: object) -> numpy.ndarray:
    r""":math:`\partial J / \partial w = \sum_i -2 x_i (t_i - x_i w)`, shaped like ``w``."""
    w = weights("w", w)
    x, t = inputs_and_targets(x, t)
    gradients = linear_regression_gradient(w, x, t)
    return finite_results("linear_regression.gradient", numpy.sum(gradients))

