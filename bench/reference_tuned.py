r"""A hand-tuned NumPy reference for the part 4 network (2-3-2, summed cross-entropy,
momentum): the same mathematics as :mod:`bench.reference_numpy`, written for speed.

With :math:`\tilde X = [X^{\mathsf{T}}; \mathbf{1}^{\mathsf{T}}]` (one column per sample, a
row of ones below the inputs) and each layer's weights and bias stacked into one matrix,
:math:`\tilde W_h = [W_h; b_h]`, :math:`\tilde W_o = [W_o; b_o]`, a step computes

.. math::

    \begin{aligned}
    H &= \sigma(\tilde W_h^{\mathsf{T}} \tilde X) = 1 / (1 + e^{\tilde W_h^{\mathsf{T}}
        (-\tilde X)}), &
    \tilde H &= [H; \mathbf{1}^{\mathsf{T}}], \\
    Z &= \tilde W_o^{\mathsf{T}} \tilde H, \quad m_n = \max_i Z_{in}, &
    s_n &= \sum_i e^{Z_{in} - m_n}, \quad Y_{in} = e^{Z_{in} - m_n} / s_n, \\
    \xi &= \sum_n \log s_n - \sum_{i,n} T_{in} (Z_{in} - m_n), &
    E_o &= Y - T, \quad E_h = H \odot (1 - H) \odot (W_o E_o), \\
    \frac{\partial \xi}{\partial \tilde W_o} &= \tilde H E_o^{\mathsf{T}}, &
    \frac{\partial \xi}{\partial \tilde W_h} &= \tilde X E_h^{\mathsf{T}}, \\
    V &\leftarrow \mu V - \eta\, \partial\xi/\partial P, &
    P &\leftarrow P + V,
    \end{aligned}

where :math:`T` is the targets transposed (one column per sample) and :math:`P`, :math:`V`
and the gradient are each one flat vector of 17 numbers, with :math:`\tilde W_h` (3 x 3) and
:math:`\tilde W_o` (4 x 2) as views into it. The cost :math:`\xi` is the one before the
update, from the same forward pass (the log-sum-exp form is finite even where a probability
rounds to 0), as nncore's step returns it.

What makes it fast, against the plain reference:

* the features-by-samples layout: every elementwise operation runs along rows of ``N``
  contiguous numbers, never along rows of 2 or 3;
* the bias rides in the matrix product (the row of ones), so a layer is one ``matmul``, and
  its weight and bias gradients are one ``matmul`` too, written straight into the flat
  gradient vector; the inputs are negated once, so the product gives :math:`-Z_h` for the
  exponential directly;
* every array is allocated once, in the constructor, and every operation writes into one
  (``out=``): a step allocates nothing the size of the data;
* the momentum update is three operations on one vector of 17 numbers.

Plain NumPy only: no compiled code of its own.
"""

from __future__ import annotations

import numpy as np


class MomentumTraining:
    """Full-batch momentum training of the part 4 network, tuned, one :meth:`step` at a time.

    Same interface as :class:`bench.reference_numpy.MomentumTraining`: ``X`` of shape
    ``(samples, inputs)``, one-hot ``T`` of shape ``(samples, classes)``, ``parameters`` as
    ``[(W_h, b_h), (W_o, b_o)]`` (copied, never changed). Works for any layer sizes
    ``inputs-hidden-classes``, not only 2-3-2. :meth:`step` returns the cost *before* the
    update, as nncore's step does (the plain reference returns the cost after it).
    """

    def __init__(self, X, T, parameters, learning_rate, momentum):
        (Wh, bh), (Wo, bo) = parameters
        samples, inputs = X.shape
        hidden, classes = Wo.shape
        self.learning_rate, self.momentum = float(learning_rate), float(momentum)
        # The data, transposed once: [X^T; 1] and its negative, and T^T.
        self.X1 = np.ones((inputs + 1, samples))
        self.X1[:inputs] = X.T
        self.X1_negated = -self.X1
        self.T = np.ascontiguousarray(T.T, dtype=float)
        # Parameters, velocity and gradient: one flat vector each, [W_h; b_h] then [W_o; b_o].
        size_h, size_o = (inputs + 1) * hidden, (hidden + 1) * classes
        self.P = np.empty(size_h + size_o)
        self.V = np.zeros_like(self.P)
        self.G = np.empty_like(self.P)
        self.Wh1 = self.P[:size_h].reshape(inputs + 1, hidden)
        self.Wo1 = self.P[size_h:].reshape(hidden + 1, classes)
        self.Wo = self.Wo1[:hidden]  # W_o without its bias row, for the backward pass
        self.Gh1 = self.G[:size_h].reshape(inputs + 1, hidden)
        self.Go1 = self.G[size_h:].reshape(hidden + 1, classes)
        self.Wh1[:inputs], self.Wh1[inputs] = Wh, bh[0]
        self.Wo1[:hidden], self.Wo1[hidden] = Wo, bo[0]
        # Work arrays of the forward and backward passes.
        self.H1 = np.ones((hidden + 1, samples))  # [H; 1], the last row stays 1
        self.H = self.H1[:hidden]
        self.Z = np.empty((classes, samples))  # logits, then shifted logits
        self.Y = np.empty((classes, samples))  # softmax, then E_o = Y - T
        self.Eh = np.empty((hidden, samples))
        self.D = np.empty((hidden, samples))  # 1 - H
        self.m = np.empty(samples)  # max of each column
        self.s = np.empty(samples)  # sum of each column's exponentials, then its log

    def backpropagate(self):
        r"""One forward and one backward pass at the current parameters: writes
        :math:`\partial\xi/\partial P` into ``G`` and returns :math:`\xi`."""
        H, Z, Y, Eh, D, m, s = self.H, self.Z, self.Y, self.Eh, self.D, self.m, self.s
        # Hidden layer: H = 1 / (1 + exp(-Z_h)), with -Z_h = W~_h^T (-X~).
        np.matmul(self.Wh1.T, self.X1_negated, out=H)
        np.exp(H, out=H)
        H += 1.0
        np.reciprocal(H, out=H)
        # Output layer: max-shifted softmax of Z = W~_o^T H~.
        np.matmul(self.Wo1.T, self.H1, out=Z)
        np.maximum.reduce(Z, axis=0, out=m)
        Z -= m
        np.exp(Z, out=Y)
        np.add.reduce(Y, axis=0, out=s)
        Y /= s
        # The cost from the same pass: sum_n log s_n - sum T * (Z - m).
        np.log(s, out=s)
        cost = float(np.add.reduce(s)) - float(np.vdot(self.T, Z))
        # Backward: E_o = Y - T, then the gradients straight into G.
        Y -= self.T
        np.matmul(self.H1, Y.T, out=self.Go1)
        np.matmul(self.Wo, Y, out=Eh)
        np.subtract(1.0, H, out=D)
        Eh *= H
        Eh *= D
        np.matmul(self.X1, Eh.T, out=self.Gh1)
        return cost

    def step(self):
        r"""One update, :math:`V \leftarrow \mu V - \eta G`, :math:`P \leftarrow P + V`;
        returns the cost before it (from the same forward pass as the gradient)."""
        cost = self.backpropagate()
        G, V = self.G, self.V
        G *= self.learning_rate
        V *= self.momentum
        V -= G
        self.P += V
        return cost

    def parameters(self):
        """The current parameters as ``[(W_h, b_h), (W_o, b_o)]`` (copies)."""
        return [(self.Wh1[:-1].copy(), self.Wh1[-1:].copy()),
                (self.Wo1[:-1].copy(), self.Wo1[-1:].copy())]
