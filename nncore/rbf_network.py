r"""A network with one hidden RBF unit, trained by backpropagation (part 3).

The forward pass, for each sample :math:`x_i`:

.. math::

    z_h = x\,w_h, \qquad h = e^{-z_h^2}, \qquad z_o = h\,w_o - 1, \qquad y = \sigma(z_o).

The backward pass multiplies the local derivatives from the cost back to each weight
(derived link by link in :mod:`derivations.rbf`):

.. math::

    \begin{aligned}
    \frac{\partial \xi}{\partial w_o} &= (y - t)\,h, &
    \frac{\partial \xi}{\partial h} &= (y - t)\,w_o, \\
    \frac{\partial \xi}{\partial z_h} &= \frac{\partial \xi}{\partial h}\,(-2 z_h h), &
    \frac{\partial \xi}{\partial w_h} &= \frac{\partial \xi}{\partial z_h}\,x .
    \end{aligned}

The cost sums the cross-entropies of the samples, as the series does (not their mean), and
so the gradient sums the per-sample gradients. The weights travel together as one array
``(w_h, w_o)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

from nncore._generated import (
    logistic,
    rbf,
    rbf_derivative,
    rbf_network_output_cost,
    rbf_network_output_gradient,
)
from nncore._validation import finite_results, inputs_and_targets, samples, weights

OUTPUT_BIAS = -1.0


@dataclass(frozen=True)
class ForwardPass:
    """The values of the forward pass, one entry per sample."""

    x: numpy.ndarray
    hidden_logit: numpy.ndarray
    hidden: numpy.ndarray
    output_logit: numpy.ndarray
    output: numpy.ndarray


@dataclass(frozen=True)
class BackwardPass:
    """The gradients of each sample's cost, link by link from the output back to the input."""

    output_weight: numpy.ndarray
    hidden: numpy.ndarray
    hidden_logit: numpy.ndarray
    hidden_weight: numpy.ndarray


def forward(w: object, x: object) -> ForwardPass:
    """The forward pass for the weights ``w = (w_h, w_o)``."""
    w_h, w_o = weights("w", w, 2)
    x = samples("x", x)
    z_h = x * w_h
    h = rbf(z_h)
    z_o = h * w_o + OUTPUT_BIAS
    return ForwardPass(x, z_h, h, z_o, logistic(z_o))


def backward(w: object, x: object, t: object) -> BackwardPass:
    """The backward pass: each sample's gradient, computed from the stored forward values."""
    w_h, w_o = weights("w", w, 2)
    x, t = inputs_and_targets(x, t, labels=True)
    values = forward(w, x)
    d_output_weight, d_hidden = rbf_network_output_gradient(w_o, values.hidden, t)
    d_hidden_logit = d_hidden * rbf_derivative(values.hidden_logit)
    d_hidden_weight = d_hidden_logit * x
    return BackwardPass(d_output_weight, d_hidden, d_hidden_logit, d_hidden_weight)


def cost(w: object, x: object, t: object) -> float:
    r""":math:`J(w_h, w_o)`, the cross-entropy summed over the samples."""
    w_h, w_o = weights("w", w, 2)
    x, t = inputs_and_targets(x, t, labels=True)
    costs = rbf_network_output_cost(w_o, rbf(x * w_h), t)
    return float(finite_results("rbf_network.cost", numpy.sum(costs)))


def gradient(w: object, x: object, t: object) -> numpy.ndarray:
    r""":math:`(\partial J/\partial w_h, \partial J/\partial w_o)`, summed over the samples."""
    grads = backward(w, x, t)
    gradient = numpy.array([numpy.sum(grads.hidden_weight), numpy.sum(grads.output_weight)])
    return finite_results("rbf_network.gradient", gradient)


def classify(w: object, x: object) -> numpy.ndarray:
    r"""The predicted class of each sample: 1 (blue) where :math:`y > 1/2`, else 0 (red)."""
    return (forward(w, x).output > 0.5).astype(int)

