r"""Gradient descent with a constant or linearly decreasing learning rate.

From a start :math:`\mathbf{w}_0`, each update moves the parameters against the gradient of
the cost :math:`J`:

.. math::

    \mathbf{w}_k = \mathbf{w}_{k-1} - \eta_k \, \nabla J(\mathbf{w}_{k-1}),
    \qquad k = 1, \dots, n .

With ``decrease`` :math:`\delta = 0` the learning rate is constant, :math:`\eta_k = \eta`. With
:math:`\delta > 0` it is lowered by :math:`\delta` *before* each update, as in part 3 of
Roelants' series: :math:`\eta_k = \eta - k\,\delta`.

The cost and its gradient are plain functions of the parameters, so the same loop trains
every model of the series; :mod:`nncore.linear_regression`, :mod:`nncore.logistic_regression`
and :mod:`nncore.rbf_network` provide them.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Callable

import numpy

from nncore._validation import float_array, positive_number


class DivergenceError(ArithmeticError):
    """Training stopped because the cost or the parameters stopped being finite numbers."""


def finite_cost(value: float, where: str, learning_rate: float) -> float:
    """``value`` as a float if it is finite; otherwise a :class:`DivergenceError` saying
    ``where`` (for example ``"after update 3"``) and suggesting a lower learning rate."""
    value = float(value)
    if value - value != 0:  # NaN or infinity (faster than numpy.isfinite on a float)
        raise DivergenceError(
            f"the cost is not finite {where}: lower the learning rate (it is {learning_rate})"
        )
    return value


@dataclass(frozen=True)
class DescentPath:
    """Every point gradient descent visited.

    Attributes
    ----------
    weights:
        Shape ``(n + 1, *parameter_shape)``: the start, then the parameters after each update.
    costs:
        Shape ``(n + 1,)``: the cost at each of those points.
    learning_rates:
        Shape ``(n,)``: the learning rate :math:`\\eta_k` of each update.
    """

    weights: numpy.ndarray
    costs: numpy.ndarray
    learning_rates: numpy.ndarray

    @property
    def updates(self) -> int:
        """The number of updates, :math:`n`."""
        return len(self.learning_rates)

    @property
    def final_weights(self) -> numpy.ndarray:
        """The parameters after the last update."""
        return self.weights[-1]

    @property
    def final_cost(self) -> float:
        """The cost after the last update."""
        return float(self.costs[-1])


def learning_rates(learning_rate: float, updates: int, decrease: float = 0.0) -> numpy.ndarray:
    r"""The learning rate of each update, :math:`\eta_k = \eta - k\,\delta`, :math:`k = 1..n`.

    Raises
    ------
    ValueError
        If ``learning_rate`` is not positive, ``decrease`` is negative, or the rate would turn
        negative before the last update (:math:`n\,\delta > \eta`).
    TypeError
        If ``updates`` is not an integer.
    """
    learning_rate = positive_number("learning_rate", learning_rate)
    if isinstance(updates, bool) or not isinstance(updates, numbers.Integral):
        raise TypeError(f"updates: expected an integer, got {type(updates).__name__}")
    if updates < 0:
        raise ValueError(f"updates: expected 0 or more, got {updates}")
    if isinstance(decrease, bool) or not isinstance(decrease, numbers.Real):
        raise TypeError(f"decrease: expected a number, got {type(decrease).__name__}")
    if not (numpy.isfinite(decrease) and decrease >= 0):
        raise ValueError(f"decrease: expected a finite number >= 0, got {decrease!r}")
    rates = learning_rate - decrease * numpy.arange(1, updates + 1)
    # n * (eta / n) may round a hair below eta: allow that, never a truly negative rate.
    if updates and rates[-1] < -1e-12 * learning_rate:
        raise ValueError(
            f"decrease: {decrease!r} per update would make the learning rate negative before "
            f"update {updates} (it starts at {learning_rate!r})"
        )
    return numpy.maximum(rates, 0.0)


def gradient_descent(
    cost: Callable[[numpy.ndarray], float],
    gradient: Callable[[numpy.ndarray], numpy.ndarray],
    start: object,
    learning_rate: float,
    updates: int,
    decrease: float = 0.0,
) -> DescentPath:
    r"""Minimise ``cost`` from ``start`` by ``updates`` steps of gradient descent.

    Parameters
    ----------
    cost:
        :math:`J(\mathbf{w})`: called with the parameters (a float array shaped like
        ``start``), returns a number.
    gradient:
        :math:`\nabla J(\mathbf{w})`: returns an array of the parameters' shape.
    start:
        The parameters :math:`\mathbf{w}_0`, a number or an array.
    learning_rate:
        :math:`\eta > 0`.
    updates:
        The number of updates :math:`n`.
    decrease:
        :math:`\delta \ge 0`, subtracted from the learning rate before each update.

    Returns
    -------
    DescentPath
        The parameters and the cost at the start and after every update.

    Raises
    ------
    DivergenceError
        If the cost, the gradient or the parameters stop being finite (the generated
        functions raise ``OverflowError`` for a result beyond float64).
    """
    if not callable(cost):
        raise TypeError(f"cost: expected a function, got {type(cost).__name__}")
    if not callable(gradient):
        raise TypeError(f"gradient: expected a function, got {type(gradient).__name__}")
    rates = learning_rates(learning_rate, updates, decrease)
    weights = float_array("start", start).copy()
    path = [weights.copy()]
    costs = [_finite_cost(cost, weights, 0)]
    for k, rate in enumerate(rates, start=1):
        step = _finite_gradient(gradient, weights, k)
        weights = weights - rate * step
        if not numpy.all(numpy.isfinite(weights)):
            raise DivergenceError(
                f"update {k}: the parameters are no longer finite; lower the learning rate "
                f"(the rate of this update was {rate!r})"
            )
        path.append(weights.copy())
        costs.append(_finite_cost(cost, weights, k))
    return DescentPath(numpy.array(path), numpy.array(costs), rates)


def _finite_cost(cost: Callable, weights: numpy.ndarray, k: int) -> float:
    try:
        value = cost(weights)
    except OverflowError as error:
        raise DivergenceError(f"after update {k}: the cost overflows float64 ({error})") from error
    value = numpy.asarray(value, dtype=numpy.float64)
    if value.shape != ():
        raise ValueError(f"cost: expected a single number, got an array of shape {value.shape}")
    if not numpy.isfinite(value):
        raise DivergenceError(f"after update {k}: the cost is {float(value)}, not a finite number")
    return float(value)


def _finite_gradient(gradient: Callable, weights: numpy.ndarray, k: int) -> numpy.ndarray:
    try:
        value = numpy.asarray(gradient(weights), dtype=numpy.float64)
    except OverflowError as error:
        raise DivergenceError(f"update {k}: the gradient overflows float64 ({error})") from error
    if value.shape != weights.shape:
        raise ValueError(
            f"gradient: expected an array of the parameters' shape {weights.shape}, "
            f"got {value.shape}"
        )
    if not numpy.all(numpy.isfinite(value)):
        raise DivergenceError(f"update {k}: the gradient is not finite")
    return value
