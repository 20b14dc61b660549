r"""Optimisers for :class:`nncore.sequential.Sequential`, and the training loop that uses them.

An optimiser's ``step(network, batch)`` runs one forward and one backward pass over the
batch, updates every parameter :math:`P` in place, and returns the cost *before* the update
(from the same forward pass: no second pass). Two rules:

.. math::

    \begin{aligned}
    \text{gradient descent:} \quad & P \leftarrow P - \eta\, \partial \xi / \partial P, \\
    \text{momentum:} \quad & V \leftarrow \mu V - \eta\, \partial \xi / \partial P, \\
    & P \leftarrow P + V,
    \end{aligned}

with :math:`V = 0` at the start. :func:`train` splits the training set once, in order, into
minibatches (:meth:`nncore.sequential.Batch.split`; without a batch size the whole set is one
batch: full-batch training), takes one step per minibatch in the same order every epoch, and
after each epoch computes the training cost and, given a validation set, the validation
cost; with early stopping it stops after the first epoch :math:`k` whose validation costs
satisfy :math:`v_k \ge v_{k-1} \ge v_{k-2}`. A cost that stops being finite ends the run
with :class:`DivergenceError`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

from nncore._validation import count, number
from nncore.progress import ProgressBar
from nncore.sequential import Batch, Sequential


class DivergenceError(ArithmeticError):
    """Training stopped because the cost or the parameters stopped being finite numbers."""


def _diverged(where: str, learning_rate: float) -> DivergenceError:
    return DivergenceError(
        f"the cost is not finite {where}: lower the learning rate (it is {learning_rate})")


def finite_cost(value: float, where: str, learning_rate: float) -> float:
    """``value`` as a float if it is finite; otherwise a :class:`DivergenceError` saying
    ``where`` (for example ``"in epoch 3"``) and suggesting a lower learning rate."""
    value = float(value)
    if value - value != 0:  # NaN or infinity (faster than numpy.isfinite on a float)
        raise _diverged(where, learning_rate)
    return value


def _check(network: object, batch: object, name: str) -> None:
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
        self.learning_rate = number("learning_rate", learning_rate, above=0)

    def step(self, network: Sequential, batch: Batch) -> float:
        """One update from the gradient of ``batch``; returns the cost before it."""
        cost = network.backpropagate(batch)
        network.parameter_vector -= self.learning_rate * network.gradient_vector
        return cost


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
        self.learning_rate = number("learning_rate", learning_rate, above=0)
        self.momentum = number("momentum", momentum, at_least=0, below=1)
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


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` recorded: ``train_costs`` (and, given a validation set,
    ``validation_costs``; otherwise empty) before training and after each epoch,
    ``batch_costs`` the cost of each batch just before its step, ``epochs`` the number of
    epochs run, and whether early stopping ended the run."""

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


def train(network: Sequential, data: Batch, optimiser: GradientDescent | Momentum,
          epochs: int, batch_size: int | None = None, validation: Batch | None = None,
          early_stopping: bool = True, after_step=None,
          progress: bool | None = None) -> TrainingRun:
    """At most ``epochs`` passes of ``optimiser`` over ``data``, split once, in order, into
    ``data.size // batch_size`` minibatches (one batch of all samples if ``batch_size`` is
    ``None``: full-batch training), one step per minibatch, always in that order.

    With a ``validation`` set and ``early_stopping``, the run stops after the first epoch
    for which :func:`stop_early` holds. ``after_step(k)``, if given, is called after step
    ``k`` (for example to record the parameters). ``progress`` shows a progress bar on
    standard error (``None``: only on a terminal). The network keeps the parameters of the
    last step.

    Raises
    ------
    TypeError, ValueError
        On a bad network, batch, optimiser, batch size or number of epochs.
    DivergenceError
        If a cost stops being finite.
    """
    _check(network, data, "data")
    if validation is not None:
        _check(network, validation, "validation")
    if not isinstance(optimiser, (GradientDescent, Momentum)):
        raise TypeError(f"optimiser: expected GradientDescent or Momentum, got "
                        f"{type(optimiser).__name__}")
    epochs = count("epochs", epochs, 0)
    batches = [data] if batch_size is None else data.split(batch_size)
    rate = optimiser.learning_rate
    bar = ProgressBar(epochs, "epochs", show=progress)
    train_costs, validation_costs, batch_costs = [], [], []

    def record(where: str) -> None:
        try:
            train_costs.append(network.cost(data))
            if validation is not None:
                validation_costs.append(network.cost(validation))
        except OverflowError:  # Sequential.cost refuses to return an infinite cost
            raise _diverged(where, rate) from None

    epoch, stopped = 0, False
    with numpy.errstate(over="ignore", invalid="ignore"):
        record("at the start")
        for epoch in range(1, epochs + 1):
            for batch in batches:
                cost = optimiser.step(network, batch)
                batch_costs.append(finite_cost(cost, f"in epoch {epoch}", rate))
                if after_step is not None:
                    after_step(len(batch_costs))
            record(f"after epoch {epoch}")
            bar.update(epoch, train_costs[-1])
            if validation is not None and early_stopping and stop_early(validation_costs):
                stopped = True
                break
    bar.close()
    return TrainingRun(numpy.array(train_costs), numpy.array(validation_costs),
                       numpy.array(batch_costs), epoch, stopped)
