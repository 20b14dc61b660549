r"""Minibatch gradient descent with early stopping on a validation set (part 5).

The cost is the mean cross-entropy over the samples,
:math:`\bar\xi = -\frac{1}{N}\sum_{n,i} T_{ni} \log Y_{ni}`, and its gradient
is that of :func:`nncore.network.gradients` divided by :math:`N`. The training
set is split once, in order, into minibatches (:func:`batches`); every epoch
takes one step per minibatch, :math:`P \leftarrow P - \eta\,
\partial\bar\xi_{\text{batch}}/\partial P`, in the same fixed order. After each
epoch the full training and validation costs are recorded, and training stops
early once the validation cost has not decreased for two epochs in a row:
:math:`v_{k} \ge v_{k-1} \ge v_{k-2}`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy

from nncore import network
from nncore._validation import positive_number
from nncore.gradient_descent import DivergenceError
from nncore.multiclass import targets_for


def _samples(x: object, t: object, parameters: network.Parameters,
             names: tuple[str, str]) -> tuple[numpy.ndarray, numpy.ndarray]:
    x = network._inputs(x, parameters)
    t = targets_for(names[1], t, (x.shape[0], parameters[-1][0].shape[1]))
    return x, t


def mean_cost(x: object, t: object, parameters: object) -> float:
    """The cross-entropy averaged over the samples (the summed cost of
    :func:`nncore.network.cost` divided by their number).

    Raises
    ------
    ValueError
        On bad shapes, NaN or infinity, or targets that do not match the
        output layer.
    """
    parameters = network.check_parameters(parameters)
    x, t = _samples(x, t, parameters, ("x", "t"))
    return network.cost(x, t, parameters) / x.shape[0]


def mean_gradients(x: object, t: object,
                   parameters: object) -> network.Parameters:
    """The gradient of :func:`mean_cost` for each layer, ``(dW, db)``."""
    parameters = network.check_parameters(parameters)
    x, t = _samples(x, t, parameters, ("x", "t"))
    n = x.shape[0]
    return [(gW / n, gb / n) for gW, gb in network.gradients(x, t, parameters)]


def batches(x: object, t: object,
            batch_size: int) -> list[tuple[numpy.ndarray, numpy.ndarray]]:
    """The samples split in order into ``len(x) // batch_size`` minibatches
    with :func:`numpy.array_split` (sizes differ by at most one).

    Raises
    ------
    TypeError
        If ``batch_size`` is not an integer.
    ValueError
        If ``batch_size`` is not positive or exceeds the number of samples, or
        if ``x`` and ``t`` have different numbers of rows.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size,
                                                      numbers.Integral):
        raise TypeError(
            f"batch_size: expected an integer, got {type(batch_size).__name__}")
    x, t = numpy.asarray(x), numpy.asarray(t)
    if x.shape[:1] != t.shape[:1]:
        raise ValueError(
            f"x, t: expected the same number of rows, got {x.shape[:1]} and "
            f"{t.shape[:1]}")
    if not 1 <= batch_size <= len(x):
        raise ValueError(
            f"batch_size: expected an integer from 1 to {len(x)} (the number "
            f"of samples), got {batch_size}")
    count = len(x) // batch_size
    return list(zip(numpy.array_split(x, count), numpy.array_split(t, count)))


@dataclass(frozen=True)
class MinibatchRun:
    """A minibatch training run.

    ``train_costs`` and ``validation_costs`` hold the full costs before
    training and after each epoch; ``batch_costs`` the cost of each minibatch
    just before its step; ``epochs`` the number of epochs run.
    """

    final: network.Parameters
    train_costs: numpy.ndarray
    validation_costs: numpy.ndarray
    batch_costs: numpy.ndarray
    epochs: int
    stopped_early: bool


def _finite(x: numpy.ndarray, t: numpy.ndarray, parameters: network.Parameters,
            where: str, learning_rate: float) -> float:
    try:
        with numpy.errstate(over="ignore", invalid="ignore"):
            value = mean_cost(x, t, parameters)
    except (ValueError, OverflowError):
        value = float("nan")
    if not numpy.isfinite(value):
        raise DivergenceError(
            f"the cost is not finite {where}: lower the learning rate (it is "
            f"{learning_rate})")
    return value


def train(
    x: object,
    t: object,
    x_validation: object,
    t_validation: object,
    parameters: object,
    learning_rate: float = 0.1,
    batch_size: int = 25,
    max_epochs: int = 300,
    early_stopping: bool = True,
) -> MinibatchRun:
    r"""Minibatch gradient descent on the mean cross-entropy.

    The minibatches come from :func:`batches` and are visited in the same
    order every epoch (no reshuffling). With ``early_stopping``, training
    stops after the first epoch :math:`k \ge 3` whose validation cost satisfies
    :math:`v_k \ge v_{k-1} \ge v_{k-2}`; the parameters returned are those
    after that epoch.

    Raises
    ------
    ValueError
        On a non-positive learning rate, a bad batch size or number of epochs,
        bad shapes, NaN or infinity, or targets that do not match the output
        layer (each error names its argument).
    TypeError
        If ``batch_size`` or ``max_epochs`` is not an integer.
    DivergenceError
        If a cost stops being finite.
    """
    parameters = [(W.copy(), b.copy())
                  for W, b in network.check_parameters(parameters)]
    learning_rate = positive_number("learning_rate", learning_rate)
    if isinstance(max_epochs, bool) or not isinstance(max_epochs,
                                                      numbers.Integral):
        raise TypeError(
            f"max_epochs: expected an integer, got {type(max_epochs).__name__}")
    if max_epochs < 1:
        raise ValueError(f"max_epochs: expected at least 1, got {max_epochs}")
    x, t = _samples(x, t, parameters, ("x", "t"))
    x_validation, t_validation = _samples(
        x_validation, t_validation,
        parameters, ("x_validation", "t_validation"))
    split = batches(x, t, batch_size)
    train_costs = [mean_cost(x, t, parameters)]
    validation_costs = [mean_cost(x_validation, t_validation, parameters)]
    batch_costs = []
    stopped_early = False
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        for x_batch, t_batch in split:
            batch_costs.append(_finite(x_batch, t_batch, parameters,
                                       f"in epoch {epoch}", learning_rate))
            grads = mean_gradients(x_batch, t_batch, parameters)
            parameters = [(W - learning_rate * gW, b - learning_rate * gb)
                          for (W, b), (gW, gb) in zip(parameters, grads)]
        train_costs.append(_finite(x, t, parameters, f"after epoch {epoch}",
                                   learning_rate))
        validation_costs.append(_finite(x_validation, t_validation, parameters,
                                        f"after epoch {epoch}", learning_rate))
        v = validation_costs
        if early_stopping and len(v) > 3 and v[-1] >= v[-2] >= v[-3]:
            stopped_early = True
            break
    return MinibatchRun(parameters, numpy.array(train_costs),
                        numpy.array(validation_costs),
                        numpy.array(batch_costs), epoch, stopped_early)
