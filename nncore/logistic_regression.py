r"""Logistic regression on two inputs, no bias (part 2).

A sample :math:`\mathbf{x}_i = (x_{i1}, x_{i2})` is blue (class 1) with probability
:math:`y_i = \sigma(z_i)`, :math:`z_i = w_1 x_{i1} + w_2 x_{i2}`. The cost sums the
cross-entropies of the samples, as the series does (not their mean):

.. math::

    J(\mathbf{w}) = \sum_i -t_i \log y_i - (1 - t_i) \log(1 - y_i), \qquad
    \frac{\partial J}{\partial w_j} = \sum_i (y_i - t_i)\, x_{ij}.

Each term comes from the generated functions :func:`nncore._generated.logistic_regression_cost` and
:func:`nncore._generated.logistic_regression_gradient` (derived in :mod:`derivations.logistic_regression`).
"""

from __future__ import annotations

import numpy

from nncore._generated import logistic, logistic_regression_cost, logistic_regression_gradient
from nncore._validation import finite_results, inputs_and_targets, samples, weights


def probability(w: object, x: object) -> numpy.ndarray:
    r"""The probability of class 1 (blue) for each sample, :math:`y_i = \sigma(\mathbf{x}_i
    \cdot \mathbf{w})`."""
    w = weights("w", w, 2)
    x = samples("x", x, 2)
    return logistic(x[:, 0] * w[0] + x[:, 1] * w[1])


def classify(w: object, x: object) -> numpy.ndarray:
    r"""The predicted class of each sample: 1 where :math:`y_i > 1/2`, else 0 (the series
    rounds :math:`y_i`, and NumPy rounds :math:`1/2` to 0)."""
    return (probability(w, x) > 0.5).astype(int)


def cost(w: object, x: object, t: object) -> float:
    r""":math:`J(\mathbf{w})`, the cross-entropy summed over the samples."""
    w = weights("w", w, 2)
    x, t = inputs_and_targets(x, t, features=2, labels=True)
    costs = logistic_regression_cost(w[0], w[1], x[:, 0], x[:, 1], t)
    return float(finite_results("logistic_regression.cost", numpy.sum(costs)))


def gradient(w: object, x: object, t: object) -> numpy.ndarray:
    r""":math:`\nabla J(\mathbf{w}) = \sum_i (y_i - t_i)\,\mathbf{x}_i`, shape ``(2,)``."""
    w = weights("w", w, 2)
    x, t = inputs_and_targets(x, t, features=2, labels=True)
    g1, g2 = logistic_regression_gradient(w[0], w[1], x[:, 0], x[:, 1], t)
    gradient = numpy.array([numpy.sum(g1), numpy.sum(g2)])
    return finite_results("logistic_regression.gradient", gradient)

