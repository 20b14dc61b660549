r"""The benchmark's two networks in PyTorch eager mode (autograd, CPU, float64), behind the
same interface as :mod:`bench.reference_numpy`: construct, :meth:`step` (returns a cost),
:meth:`parameters` (a list of ``(W, b)`` NumPy copies). Used only when ``import torch`` works
(``pip install -e ".[bench]"``).

Part 4 uses ``torch.optim.SGD(momentum=0.9)``, which keeps a buffer
:math:`B \leftarrow \mu B + G` (:math:`B = G` at the first step) and moves
:math:`P \leftarrow P - \eta B`. With :math:`V = -\eta B` and a constant :math:`\eta` that is
exactly the series' :math:`V \leftarrow \mu V - \eta G`, :math:`P \leftarrow P + V`, starting
from :math:`V = 0`.

The cost each step returns is the one autograd differentiates, at the parameters before the
update: the summed cross-entropy for part 4, the batch's mean cross-entropy for the digits
(``torch.nn.functional.cross_entropy``, a log-softmax inside).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def _tensors(parameters):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True)
            for pair in parameters for a in pair]


def _pairs(tensors):
    values = [p.detach().numpy().copy() for p in tensors]
    return list(zip(values[0::2], values[1::2]))


def _logits(x, tensors):
    r""":math:`Z_L` of logistic hidden layers :math:`H_l = \sigma(H_{l-1} W_l + b_l)`."""
    a = x
    for l in range(0, len(tensors) - 2, 2):
        a = torch.sigmoid(a @ tensors[l] + tensors[l + 1])
    return a @ tensors[-2] + tensors[-1]


def _labels(t):
    return torch.from_numpy(t.argmax(axis=1))


class MomentumTraining:
    """Full-batch momentum training of the part 4 network (summed cross-entropy)."""

    def __init__(self, x, t, parameters, learning_rate, momentum):
        self.x = torch.tensor(x, dtype=torch.float64)
        self.labels = _labels(t)
        self.tensors = _tensors(parameters)
        self.optimiser = torch.optim.SGD(self.tensors, lr=learning_rate, momentum=momentum)

    def step(self):
        """One update; returns the cost before it."""
        self.optimiser.zero_grad()
        loss = F.cross_entropy(_logits(self.x, self.tensors), self.labels, reduction="sum")
        loss.backward()
        self.optimiser.step()
        return loss.item()

    def parameters(self):
        """The current parameters as a list of ``(W, b)`` pairs (NumPy copies)."""
        return _pairs(self.tensors)


class MinibatchTraining:
    """Plain minibatch gradient descent on the digits network (mean cross-entropy), visiting
    ``batches`` in order, over and over."""

    def __init__(self, batches, parameters, learning_rate):
        self.batches = [(torch.tensor(x, dtype=torch.float64), _labels(t)) for x, t in batches]
        self.tensors = _tensors(parameters)
        self.optimiser = torch.optim.SGD(self.tensors, lr=learning_rate)
        self.count = 0

    def step(self):
        """One update on the next minibatch; returns its mean cost before the update."""
        x, labels = self.batches[self.count % len(self.batches)]
        self.count += 1
        self.optimiser.zero_grad()
        loss = F.cross_entropy(_logits(x, self.tensors), labels)
        loss.backward()
        self.optimiser.step()
        return loss.item()

    def parameters(self):
        """The current parameters as a list of ``(W, b)`` pairs (NumPy copies)."""
        return _pairs(self.tensors)
