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

The functions take the parameters as a list of ``(W, b)`` pairs, as :mod:`nncore.network`
does, and run on :class:`nncore.sequential.Sequential` with ``cost="mean"`` and the loop of
:func:`nncore.optimisers.train_minibatches`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

from nncore import network
from nncore.optimisers import GradientDescent, train_minibatches
from nncore.sequential import split_in_order


def mean_cost(x: object, t: object, parameters: object) -> float:
    """The cross-entropy averaged over the samples (the summed cost of
    :func:`nncore.network.cost` divided by their number).

    Raises
    ------
    ValueError
        On bad shapes, NaN or infinity, or targets that do not match the
        output layer.
    """
    layered = network.layered(parameters, cost="mean")
    return layered.cost(layered.prepare(x, t))


def mean_gradients(x: object, t: object,
                   parameters: object) -> network.Parameters:
    """The gradient of :func:`mean_cost` for each layer, ``(dW, db)``."""
    layered = network.layered(parameters, cost="mean")
    layered.backpropagate(layered.prepare(x, t))
    return network.pairs(layered, of="gradients")


def batches(x: object, t: object,
            batch_size: int) -> list[tuple[numpy.ndarray, numpy.ndarray]]:
    """The samples split in order into ``len(x) // batch_size`` minibatches
    with :func:`numpy.array_split` (sizes differ by at most one); see
    :func:`nncore.sequential.split_in_order`.

    Raises
    ------
    TypeError
        If ``batch_size`` is not an integer.
    ValueError
        If ``batch_size`` is not positive or exceeds the number of samples, or
        if ``x`` and ``t`` have different numbers of rows.
    """
    return split_in_order(x, t, batch_size)


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
    layered = network.layered(parameters, cost="mean")
    optimiser = GradientDescent(learning_rate)
    training = layered.prepare(x, t)
    validation = layered.prepare(x_validation, t_validation,
                                 names=("x_validation", "t_validation"))
    run = train_minibatches(layered, training, validation, optimiser,
                            batch_size=batch_size, max_epochs=max_epochs,
                            early_stopping=early_stopping, progress=False)
    return MinibatchRun(network.pairs(layered), run.train_costs,
                        run.validation_costs, run.batch_costs, run.epochs,
                        run.stopped_early)
