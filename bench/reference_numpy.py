r"""Hand-written NumPy references for the benchmark, written plainly in the style of
Roelants' series: samples as rows, one small function per formula, nothing tuned.

Two networks:

* **Part 4** (2-3-2): a logistic hidden layer and a 2-class softmax output,

  .. math::

      H = \sigma(X W_h + \mathbf{1} b_h), \qquad Y = \operatorname{softmax}(H W_o + \mathbf{1} b_o),
      \qquad \xi = -\sum_{n,i} T_{ni} \log Y_{ni}\ \text{(summed)},

  trained by full-batch gradient descent with momentum,
  :math:`V \leftarrow \mu V - \eta\, \partial\xi/\partial P`, :math:`P \leftarrow P + V`,
  with the cost recomputed after every update, as the series does.

* **Part 5, digits** (64-20-20-10): two logistic hidden layers and a softmax output with the
  **mean** cross-entropy :math:`\bar\xi = -\frac{1}{N}\sum_{n,i} T_{ni}\log Y_{ni}`, trained by
  plain minibatch gradient descent, :math:`P \leftarrow P - \eta\,
  \partial\bar\xi_{\text{batch}}/\partial P`.

The backward pass is the same for both, layer by layer:

.. math::

    E_L = Y - T \ (\text{divided by } N \text{ for the mean cost}), \quad
    E_l = H_l \odot (1 - H_l) \odot (E_{l+1} W_{l+1}^{\mathsf{T}}), \quad
    \frac{\partial \xi}{\partial W_l} = H_{l-1}^{\mathsf{T}} E_l, \quad
    \frac{\partial \xi}{\partial b_l} = \mathbf{1}^{\mathsf{T}} E_l.

Parameters come in and go out as a list of ``(W, b)`` pairs, ``W`` of shape
``(inputs, outputs)`` and ``b`` of shape ``(1, outputs)``, the layout of :mod:`nncore`.
"""

from __future__ import annotations

import numpy as np


# --- Building blocks, shared by both networks ---------------------------------------------


def logistic(z):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`."""
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    r"""The softmax of each row, :math:`y_i = e^{z_i} / \sum_d e^{z_d}` (not max-shifted,
    as in the series)."""
    return np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)


def hidden_activations(X, W, b):
    r"""A logistic layer: :math:`H = \sigma(X W + \mathbf{1} b)`."""
    return logistic(X @ W + b)


def output_activations(H, W, b):
    r"""The softmax output layer: :math:`Y = \operatorname{softmax}(H W + \mathbf{1} b)`."""
    return softmax(H @ W + b)


def error_output(Y, T):
    r"""The error at the output logits of the summed cross-entropy: :math:`E_o = Y - T`."""
    return Y - T


def error_hidden(H, W_next, E_next):
    r"""The error at a logistic layer's logits:
    :math:`E = H \odot (1 - H) \odot (E_{\text{next}} W_{\text{next}}^{\mathsf{T}})`."""
    return H * (1 - H) * (E_next @ W_next.T)


def gradient_weight(H_previous, E):
    r""":math:`\partial\xi/\partial W = H_{\text{previous}}^{\mathsf{T}} E`."""
    return H_previous.T @ E


def gradient_bias(E):
    r""":math:`\partial\xi/\partial b = \mathbf{1}^{\mathsf{T}} E` (the column sums)."""
    return np.sum(E, axis=0, keepdims=True)


# --- Part 4: 2-3-2, summed cross-entropy, momentum ------------------------------------------


def nn(X, Wh, bh, Wo, bo):
    """The output :math:`Y` of the 2-3-2 network."""
    return output_activations(hidden_activations(X, Wh, bh), Wo, bo)


def cost(Y, T):
    r"""The summed cross-entropy :math:`\xi = -\sum_{n,i} T_{ni} \log Y_{ni}`."""
    return -np.sum(T * np.log(Y))


def gradients(X, T, Wh, bh, Wo, bo):
    r"""The gradients :math:`[\partial\xi/\partial W_h, \partial\xi/\partial b_h,
    \partial\xi/\partial W_o, \partial\xi/\partial b_o]` of the summed cross-entropy."""
    H = hidden_activations(X, Wh, bh)
    Y = output_activations(H, Wo, bo)
    Eo = error_output(Y, T)
    Eh = error_hidden(H, Wo, Eo)
    return [gradient_weight(X, Eh), gradient_bias(Eh), gradient_weight(H, Eo), gradient_bias(Eo)]


def update_velocities(X, T, params, velocities, momentum, learning_rate):
    r""":math:`V \leftarrow \mu V - \eta\, \partial\xi/\partial P` for every parameter."""
    grads = gradients(X, T, *params)
    return [momentum * V - learning_rate * J for V, J in zip(velocities, grads)]


def update_parameters(params, velocities):
    r""":math:`P \leftarrow P + V` for every parameter."""
    return [P + V for P, V in zip(params, velocities)]


class MomentumTraining:
    """Full-batch momentum training of the 2-3-2 network, one :meth:`step` at a time.

    ``parameters`` is ``[(W_h, b_h), (W_o, b_o)]``; it is copied, never changed.
    """

    def __init__(self, X, T, parameters, learning_rate, momentum):
        (Wh, bh), (Wo, bo) = parameters
        self.X, self.T = X, T
        self.params = [Wh.copy(), bh.copy(), Wo.copy(), bo.copy()]
        self.velocities = [np.zeros_like(P) for P in self.params]
        self.learning_rate, self.momentum = learning_rate, momentum

    def step(self):
        """One update; returns the cost after it (a fresh forward pass, as the series)."""
        self.velocities = update_velocities(
            self.X, self.T, self.params, self.velocities, self.momentum, self.learning_rate)
        self.params = update_parameters(self.params, self.velocities)
        return cost(nn(self.X, *self.params), self.T)

    def parameters(self):
        """The current parameters as ``[(W_h, b_h), (W_o, b_o)]`` (copies)."""
        Wh, bh, Wo, bo = self.params
        return [(Wh.copy(), bh.copy()), (Wo.copy(), bo.copy())]


# --- Part 5: 64-20-20-10, mean cross-entropy, minibatch SGD ---------------------------------


def forward(X, layers):
    """The activations ``[X, H_1, ..., H_{L-1}, Y]`` of a network of logistic hidden layers
    and a softmax output; ``layers`` is a list of ``(W, b)`` pairs."""
    activations = [X]
    for W, b in layers[:-1]:
        activations.append(hidden_activations(activations[-1], W, b))
    W, b = layers[-1]
    activations.append(output_activations(activations[-1], W, b))
    return activations


def mean_cost(Y, T):
    r"""The mean cross-entropy :math:`\bar\xi = -\frac{1}{N}\sum_{n,i} T_{ni}\log Y_{ni}`."""
    return -np.sum(T * np.log(Y)) / Y.shape[0]


def mean_gradients(activations, T, layers):
    r"""The gradients ``[(dW_1, db_1), ...]`` of the mean cross-entropy, from the activations
    of :func:`forward`: :math:`E_L = (Y - T)/N`, then back one layer at a time."""
    E = error_output(activations[-1], T) / T.shape[0]
    grads = []
    for l in range(len(layers) - 1, -1, -1):
        grads.append((gradient_weight(activations[l], E), gradient_bias(E)))
        if l > 0:
            E = error_hidden(activations[l], layers[l][0], E)
    return grads[::-1]


class MinibatchTraining:
    """Plain minibatch gradient descent on the mean cross-entropy, one :meth:`step` per
    minibatch, visiting ``batches`` (a list of ``(X, T)`` pairs) in order, over and over.

    ``parameters`` is a list of ``(W, b)`` pairs; it is copied, never changed.
    """

    def __init__(self, batches, parameters, learning_rate):
        self.batches = batches
        self.layers = [(W.copy(), b.copy()) for W, b in parameters]
        self.learning_rate = learning_rate
        self.count = 0

    def step(self):
        """One update on the next minibatch; returns that batch's mean cost before the update
        (from the forward pass the gradients need anyway)."""
        X, T = self.batches[self.count % len(self.batches)]
        self.count += 1
        activations = forward(X, self.layers)
        grads = mean_gradients(activations, T, self.layers)
        self.layers = [(W - self.learning_rate * dW, b - self.learning_rate * db)
                       for (W, b), (dW, db) in zip(self.layers, grads)]
        return mean_cost(activations[-1], T)

    def parameters(self):
        """The current parameters as a list of ``(W, b)`` pairs (copies)."""
        return [(W.copy(), b.copy()) for W, b in self.layers]
