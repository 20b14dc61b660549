r"""Optimisers for :class:`nncore.sequential.Sequential`, and the training loops that use them.

An optimiser's ``step(network, batch)`` runs one forward and one backward pass over the
batch, updates every parameter :math:`P` in place, and returns the cost *before* the update
(from the same forward pass: no second pass). Two rules:

.. math::

    \begin{aligned}
    \text{gradient descent:} \quad & P \leftarrow P - \eta\, \partial \xi / \partial P, \\
    \text{momentum:} \quad & V \leftarrow \mu V - \eta\, \partial \xi / \partial P, \\
    & P \leftarrow P + V,
    \end{aligned}

with :math:`V = 0` at the start. :func:`train_full_batch` takes ``n`` steps on one batch;
:func:`train_minibatches` splits the training set once, in order, into minibatches
(:meth:`nncore.sequential.Batch.split`), takes one step per minibatch in the same order every
epoch, and after each epoch computes the full training and validation costs; with early
stopping it stops after the first epoch :math:`k` whose validation costs satisfy
:math:`v_k \ge v_{k-1} \ge v_{k-2}`.

Every cost is checked with :func:`nncore.gradient_descent.finite_cost`: a run whose cost
stops being finite ends with :class:`nncore.gradient_descent.DivergenceError`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy

from nncore._validation import positive_number
from nncore.gradient_descent import finite_cost
from nncore.progress import ProgressBar
from nncore.sequential import Batch, Sequential


def _count(name: str, value: object, smallest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__}")
    if value < smallest:
        raise ValueError(f"{name}: expected an integer >= {smallest}, got {value}")
    return int(value)


def _check(network: object, batch: object, name: str = "batch") -> None:
    if not isinstance(network, Sequential):
        raise TypeError(f"network: expected an nncore.sequential.Sequential, got "
                        f"{type(network).__name__}")
    if not isinstance(batch, Batch):
        raise TypeError(f"{name}: expected a Batch from network.prepare(x, t), got "
                        f"{type(batch).__name__}")
    if batch.inputs.shape[0] != network.inputs or batch.targets.shape[0] != network.classes:
        raise ValueError(f"{name}: prepared for another network (shape {batch.x.shape} and "
                         f"{batch.t.shape})")


class GradientDescent:
    r""":math:`P \leftarrow P - \eta\, \partial\xi/\partial P`, with ``learning_rate``
    :math:`\eta > 0`.

    Raises
    ------
    TypeError, ValueError
        If ``learning_rate`` is not a positive finite number.
    """

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = positive_number("learning_rate", learning_rate)

    def step(self, network: Sequential, batch: Batch) -> float:
        """One update from the gradient of ``batch``; returns the cost before it."""
        cost = network.backpropagate(batch)
        network.parameter_vector -= self.learning_rate * network.gradient_vector
        return cost

    def __repr__(self) -> str:
        return f"GradientDescent(learning_rate={self.learning_rate!r})"


class Momentum:
    r""":math:`V \leftarrow \mu V - \eta\, \partial\xi/\partial P`, then
    :math:`P \leftarrow P + V`, with :math:`V = 0` before the first step.

    The velocity belongs to the network of the first step; stepping another network starts
    a new velocity at zero.

    Raises
    ------
    TypeError, ValueError
        If ``learning_rate`` is not a positive finite number, or ``momentum`` is not a
        number in :math:`[0, 1)`.
    """

    def __init__(self, learning_rate: float, momentum: float) -> None:
        self.learning_rate = positive_number("learning_rate", learning_rate)
        if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real):
            raise TypeError(f"momentum: expected a number in [0, 1), got "
                            f"{type(momentum).__name__}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum: expected a number in [0, 1), got {momentum!r}")
        self.momentum = float(momentum)
        self.velocity: numpy.ndarray | None = None
        self._network: Sequential | None = None

    def step(self, network: Sequential, batch: Batch) -> float:
        """One update from the gradient of ``batch``; returns the cost before it."""
        if network is not self._network:
            self._network = network
            self.velocity = numpy.zeros_like(network.parameter_vector)
        cost = network.backpropagate(batch)
        velocity = self.velocity
        velocity *= self.momentum
        velocity -= self.learning_rate * network.gradient_vector
        network.parameter_vector += velocity
        return cost

    def __repr__(self) -> str:
        return f"Momentum(learning_rate={self.learning_rate!r}, momentum={self.momentum!r})"


Optimiser = GradientDescent | Momentum


def _check_optimiser(optimiser: object) -> None:
    if not isinstance(optimiser, (GradientDescent, Momentum)):
        raise TypeError(f"optimiser: expected GradientDescent or Momentum, got "
                        f"{type(optimiser).__name__}")


@dataclass(frozen=True)
class FullBatchRun:
    """The cost before training and after each update (``iterations + 1`` values)."""

    costs: numpy.ndarray

    @property
    def iterations(self) -> int:
        """The number of updates."""
        return len(self.costs) - 1


def train_full_batch(network: Sequential, batch: Batch, optimiser: Optimiser, iterations: int,
                     progress: bool | None = None, after_step=None) -> FullBatchRun:
    """``iterations`` steps of ``optimiser`` on the whole ``batch``.

    ``progress`` shows a progress bar on standard error (``None``: only on a terminal).
    ``after_step(k)``, if given, is called after update ``k`` (for example to record the
    parameters).

    Raises
    ------
    TypeError, ValueError
        On a bad network, batch, optimiser or number of iterations.
    DivergenceError
        If the cost stops being finite.
    """
    _check(network, batch)
    _check_optimiser(optimiser)
    iterations = _count("iterations", iterations, 0)
    bar = ProgressBar(iterations, "full batch", show=progress)
    costs = numpy.empty(iterations + 1)
    learning_rate = optimiser.learning_rate
    with numpy.errstate(over="ignore", invalid="ignore"):
        for k in range(iterations):
            where = "at the start" if k == 0 else f"after update {k}"
            costs[k] = finite_cost(optimiser.step(network, batch), where, learning_rate)
            if after_step is not None:
                after_step(k + 1)
            bar.update(k + 1, costs[k])
        costs[iterations] = finite_cost(network.cost(batch),
                                        f"after update {iterations}", learning_rate)
    bar.close()
    return FullBatchRun(costs)


@dataclass(frozen=True)
class EpochRun:
    """A minibatch run: ``train_costs`` and ``validation_costs`` before training and after
    each epoch, ``batch_costs`` the cost of each minibatch just before its step, ``epochs``
    the number of epochs run, and whether early stopping ended the run."""

    train_costs: numpy.ndarray
    validation_costs: numpy.ndarray
    batch_costs: numpy.ndarray
    epochs: int
    stopped_early: bool


def stop_early(validation_costs: list[float]) -> bool:
    r"""Whether the validation cost has not decreased for two epochs in a row:
    :math:`v_k \ge v_{k-1} \ge v_{k-2}` for the last three values, after at least three
    epochs (the first value is the cost before training)."""
    v = validation_costs
    return len(v) > 3 and v[-1] >= v[-2] >= v[-3]


def train_minibatches(network: Sequential, train: Batch, validation: Batch,
                      optimiser: Optimiser, batch_size: int = 25, max_epochs: int = 300,
                      early_stopping: bool = True,
                      progress: bool | None = None) -> EpochRun:
    """Minibatch training with early stopping on ``validation``.

    ``train`` is split once into ``train.size // batch_size`` minibatches in order
    (:meth:`nncore.sequential.Batch.split`); each epoch takes one ``optimiser`` step per
    minibatch, always in that order. The network's parameters are those after the last
    epoch run.

    Raises
    ------
    TypeError, ValueError
        On a bad network, batch, optimiser, batch size or number of epochs.
    DivergenceError
        If a cost stops being finite.
    """
    _check(network, train, "train")
    _check(network, validation, "validation")
    _check_optimiser(optimiser)
    max_epochs = _count("max_epochs", max_epochs, 1)
    batches = train.split(batch_size)
    learning_rate = optimiser.learning_rate
    bar = ProgressBar(max_epochs, "epochs", show=progress)
    with numpy.errstate(over="ignore", invalid="ignore"):
        train_costs = [finite_cost(network.cost(train), "at the start", learning_rate)]
        validation_costs = [finite_cost(network.cost(validation), "at the start",
                                        learning_rate)]
        batch_costs = []
        stopped = False
        epoch = 0
        for epoch in range(1, max_epochs + 1):
            where = f"in epoch {epoch}"
            for batch in batches:
                batch_costs.append(finite_cost(optimiser.step(network, batch), where,
                                               learning_rate))
            where = f"after epoch {epoch}"
            train_costs.append(finite_cost(network.cost(train), where, learning_rate))
            validation_costs.append(finite_cost(network.cost(validation), where,
                                                learning_rate))
            bar.update(epoch, train_costs[-1])
            if early_stopping and stop_early(validation_costs):
                stopped = True
                break
    bar.close()
    return EpochRun(numpy.array(train_costs), numpy.array(validation_costs),
                    numpy.array(batch_costs), epoch, stopped)
