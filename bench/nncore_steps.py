r"""nncore's training steps behind the benchmark's interface: construct from data and initial
parameters, then :meth:`step` (returns a cost) and :meth:`parameters` (a list of ``(W, b)``
copies), the same as :mod:`bench.reference_numpy` and :mod:`bench.torch_steps`.

Each step is what nncore's training loop (:func:`nncore.optimisers.train`) does per update:
one optimiser step on a batch prepared (validated, transposed) once before the loop, which
returns the cost before the update from the same forward pass, and the check that this cost
is finite. (The loop also enters ``numpy.errstate`` once, around all its steps; here that
would be once per step, so it is left out: no step of the benchmark overflows.)

* part 4: :class:`nncore.optimisers.Momentum`, :math:`V \leftarrow \mu V - \eta G`,
  :math:`P \leftarrow P + V`, on the summed cross-entropy;
* digits: :class:`nncore.optimisers.GradientDescent`, :math:`P \leftarrow P - \eta G`, on the
  mean cross-entropy of each minibatch.
"""

from __future__ import annotations

from nncore.layers import Linear
from nncore.optimisers import GradientDescent, Momentum, finite_cost
from nncore.sequential import Sequential


class _Training:
    def __init__(self, parameters, optimiser, cost):
        self.network = Sequential.from_pairs(parameters, cost=cost)
        self.optimiser = optimiser

    def _step(self, batch):
        return finite_cost(self.optimiser.step(self.network, batch), "in the benchmark",
                           self.optimiser.learning_rate)

    def parameters(self):
        """The current parameters as a list of ``(W, b)`` pairs (copies)."""
        return [(layer.parameters["W"].copy(), layer.parameters["b"].copy())
                for layer in self.network.layers if isinstance(layer, Linear)]


class MomentumTraining(_Training):
    """Full-batch momentum training of the part 4 network with nncore."""

    def __init__(self, x, t, parameters, learning_rate, momentum):
        super().__init__(parameters, Momentum(learning_rate, momentum), cost="sum")
        self.batch = self.network.prepare(x, t)

    def step(self):
        """One update; returns the cost before it."""
        return self._step(self.batch)


class MinibatchTraining(_Training):
    """Minibatch gradient descent on the digits network with nncore, visiting ``batches``
    (a list of ``(x, t)`` pairs) in order, over and over."""

    def __init__(self, batches, parameters, learning_rate):
        super().__init__(parameters, GradientDescent(learning_rate), cost="mean")
        self.batches = [self.network.prepare(x, t) for x, t in batches]
        self.count = 0

    def step(self):
        """One update; returns the batch's mean cost before it."""
        batch = self.batches[self.count % len(self.batches)]
        self.count += 1
        return self._step(batch)
