r"""Hand-tuned NumPy references for the benchmark: the same mathematics as
:mod:`bench.reference_numpy`, written for speed. :class:`MomentumTraining` is the part 4
network (2-3-2, summed cross-entropy, momentum), described here; :class:`MinibatchTraining`
is the digits network (64-20-20-10, mean cross-entropy, minibatch gradient descent), tuned
the same way.

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


def softmax_cross_entropy(Z, T, Y, m, s):
    r"""The summed cross-entropy :math:`\xi` of the max-shifted softmax of each column of the
    logits ``Z`` against targets ``T`` (both one column per sample), from one pass: ``Z``
    becomes :math:`Z - m`, ``Y`` the error :math:`Y - T` at the logits, ``m`` and ``s`` are
    work arrays of one entry per sample.

    .. math::

        m_n = \max_i Z_{in}, \quad s_n = \sum_i e^{Z_{in} - m_n}, \quad
        Y_{in} = e^{Z_{in} - m_n} / s_n, \quad
        \xi = \sum_n \log s_n - \sum_{i,n} T_{in} (Z_{in} - m_n).
    """
    np.maximum.reduce(Z, axis=0, out=m)
    Z -= m
    np.exp(Z, out=Y)
    np.add.reduce(Y, axis=0, out=s)
    Y /= s
    np.log(s, out=s)
    Y -= T
    return float(np.add.reduce(s)) - float(np.vdot(T, Z))


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
        # Output layer: Z = W~_o^T H~, its softmax and the cost, and E_o = Y - T into Y.
        np.matmul(self.Wo1.T, self.H1, out=Z)
        cost = softmax_cross_entropy(Z, self.T, Y, m, s)
        # Backward: the gradients straight into G.
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


class MinibatchTraining:
    r"""Plain minibatch gradient descent on the digits network (64-20-20-10: logistic hidden
    layers, softmax output, mean cross-entropy), tuned the same way, one :meth:`step` per
    minibatch, visiting ``batches`` (a list of ``(X, T)`` pairs) in order, over and over.

    Same interface as :class:`bench.reference_numpy.MinibatchTraining`. Layer by layer, with
    :math:`\tilde A_0 = [X^{\mathsf{T}}; \mathbf{1}^{\mathsf{T}}]` and
    :math:`\tilde W_l = [W_l; b_l]`:

    .. math::

        A_l = \sigma(\tilde W_l^{\mathsf{T}} \tilde A_{l-1}),\ \tilde A_l = [A_l;
        \mathbf{1}^{\mathsf{T}}], \quad
        E_L = Y - T,\ E_l = A_l \odot (1 - A_l) \odot (W_{l+1} E_{l+1}), \quad
        \frac{\partial \xi}{\partial \tilde W_l} = \tilde A_{l-1} E_l^{\mathsf{T}},

    with :math:`Y` the max-shifted softmax of the last layer's logits and :math:`\xi` the
    summed cross-entropy of the batch; the mean cost is :math:`\xi / N` and its gradient
    :math:`G / N`, so the update is :math:`P \leftarrow P - (\eta / N)\, G`, on one flat
    vector. :meth:`step` returns the batch's mean cost before the update.
    """

    def __init__(self, batches, parameters, learning_rate):
        self.learning_rate = float(learning_rate)
        self.count = 0
        sizes = [parameters[0][0].shape[0]] + [W.shape[1] for W, _ in parameters]
        # Each batch once: [X^T; 1], its negative (the first logistic layer's exponent), T^T.
        self.batches = []
        for X, T in batches:
            X1 = np.ones((X.shape[1] + 1, X.shape[0]))
            X1[:-1] = X.T
            self.batches.append((X1, -X1, np.ascontiguousarray(T.T, dtype=float)))
        samples = batches[0][0].shape[0]
        if any(X.shape[0] != samples for X, _ in batches):
            raise ValueError("batches: expected minibatches of one size")
        # Parameters and gradient: one flat vector each, with [W_l; b_l] views.
        blocks = [(n_in + 1, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.P = np.empty(sum(r * c for r, c in blocks))
        self.G = np.empty_like(self.P)
        self.Wb, self.Gb, start = [], [], 0
        for (rows, columns), (W, b) in zip(blocks, parameters):
            stop = start + rows * columns
            self.Wb.append(self.P[start:stop].reshape(rows, columns))
            self.Gb.append(self.G[start:stop].reshape(rows, columns))
            self.Wb[-1][:-1], self.Wb[-1][-1] = W, b[0]
            start = stop
        # [A_l; 1] of each hidden layer, the logits, the errors and 1 - A_l.
        self.A1 = [np.ones((n + 1, samples)) for n in sizes[1:-1]]
        self.Z = np.empty((sizes[-1], samples))
        self.Y = np.empty((sizes[-1], samples))
        self.E = [np.empty((n, samples)) for n in sizes[1:-1]]
        self.D = [np.empty((n, samples)) for n in sizes[1:-1]]
        self.m, self.s = np.empty(samples), np.empty(samples)

    def backpropagate(self, X1, X1_negated, T):
        r"""Forward and backward pass on one batch: writes the gradient of the *summed*
        cost :math:`\xi` into ``G`` and returns :math:`\xi`."""
        Z, Y, m, s = self.Z, self.Y, self.m, self.s
        hidden = len(self.A1)
        for l in range(hidden):  # A_l = 1 / (1 + exp(-W~_l^T A~_{l-1}))
            A = self.A1[l][:-1]
            if l == 0:
                np.matmul(self.Wb[0].T, X1_negated, out=A)
            else:
                np.matmul(self.Wb[l].T, self.A1[l - 1], out=A)
                np.negative(A, out=A)
            np.exp(A, out=A)
            A += 1.0
            np.reciprocal(A, out=A)
        np.matmul(self.Wb[-1].T, self.A1[-1], out=Z)
        cost = softmax_cross_entropy(Z, T, Y, m, s)
        E = Y  # E_L = Y - T
        for l in range(hidden, -1, -1):
            below = X1 if l == 0 else self.A1[l - 1]
            np.matmul(below, E.T, out=self.Gb[l])
            if l > 0:
                A, E_below, D = below[:-1], self.E[l - 1], self.D[l - 1]
                np.matmul(self.Wb[l][:-1], E, out=E_below)
                np.subtract(1.0, A, out=D)
                E_below *= A
                E_below *= D
                E = E_below
        return cost

    def step(self):
        """One update on the next minibatch; returns that batch's mean cost before it."""
        X1, X1_negated, T = self.batches[self.count % len(self.batches)]
        self.count += 1
        samples = T.shape[1]
        cost = self.backpropagate(X1, X1_negated, T)
        self.G *= self.learning_rate / samples
        self.P -= self.G
        return cost / samples

    def parameters(self):
        """The current parameters as a list of ``(W, b)`` pairs (copies)."""
        return [(Wb[:-1].copy(), Wb[-1:].copy()) for Wb in self.Wb]
