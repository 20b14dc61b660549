r"""A vectorised network: logistic hidden layers and a softmax output (parts 4 and 5).

Each row of :math:`X` is a sample. With :math:`A_0 = X`, every hidden layer
:math:`l = 1, \dots, L-1` and the output layer :math:`L` compute

.. math::

    \begin{aligned}
    Z_l &= A_{l-1} W_l + \mathbf{1} b_l, \\
    A_l &= \sigma(Z_l) \quad (l < L), \\
    Y &= A_L = \operatorname{softmax}(Z_L),
    \end{aligned}

and the cost is the cross-entropy summed over the samples (a sum, as in the series),
:math:`\xi = -\sum_{n,i} T_{ni} \log Y_{ni}`. The backward pass starts from the error at the
output and goes back one layer at a time (derived in :mod:`derivations.network`):

.. math::

    \begin{aligned}
    E_L &= Y - T, &
    E_{l} &= \sigma'(Z_{l}) \odot \left(E_{l+1} W_{l+1}^{\mathsf{T}}\right), \\
    \frac{\partial \xi}{\partial W_l} &= A_{l-1}^{\mathsf{T}} E_l, &
    \frac{\partial \xi}{\partial b_l} &= \mathbf{1}^{\mathsf{T}} E_l.
    \end{aligned}

The functions here take the parameters as a list of ``(W, b)`` pairs, one per layer, ``W`` of
shape ``(inputs, outputs)`` and ``b`` of shape ``(1, outputs)``, and the samples as arrays.
They build a :class:`nncore.sequential.Sequential` of :class:`nncore.layers.Linear`,
:class:`nncore.layers.Logistic` and :class:`nncore.layers.SoftmaxCrossEntropy` layers from
them and leave the arithmetic to those layers, so the forward and backward passes exist once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

from nncore._generated import logistic_derivative
from nncore._validation import float_array
from nncore.layers import Linear, Logistic
from nncore.optimisers import Momentum, train_full_batch
from nncore.sequential import Sequential

Parameters = list[tuple[numpy.ndarray, numpy.ndarray]]


def draw_parameters(
    random_state: numpy.random.RandomState, sizes: tuple[int, ...], scale: float = 1.0
) -> Parameters:
    """Random parameters for a network with layer ``sizes`` (inputs first, classes last).

    Draws, layer by layer, ``b = randn(1, outputs) * scale`` and then
    ``W = randn(inputs, outputs) * scale``: for sizes ``(2, 3, 2)`` that is b_h, W_h, b_o,
    W_o, the order of the series.
    """
    network = Sequential.from_sizes(sizes, random_state, scale=scale)
    return pairs(network)


def pairs(network: Sequential, of: str = "parameters") -> Parameters:
    """Copies of the parameters of a network of :class:`nncore.layers.Linear` layers, as a
    list of ``(W, b)`` pairs (or, with ``of="gradients"``, of their gradients)."""
    return [(getattr(layer, of)["W"].copy(), getattr(layer, of)["b"].copy())
            for layer in network.layers if isinstance(layer, Linear)]


def layered(parameters: object, cost: str = "sum") -> Sequential:
    """The network of ``parameters`` (a list of ``(W, b)`` pairs, checked by
    :func:`check_parameters`) as a :class:`nncore.sequential.Sequential`: a linear layer per
    pair, logistic activations between them and a softmax output
    (:meth:`nncore.sequential.Sequential.from_pairs`)."""
    return Sequential.from_pairs(check_parameters(parameters), cost=cost)


def check_parameters(parameters: object) -> Parameters:
    """``parameters`` as float arrays, with shapes that chain, or an error saying which."""
    if not isinstance(parameters, (list, tuple)) or not parameters:
        raise TypeError("parameters: expected a non-empty list of (W, b) pairs")
    checked = []
    for l, pair in enumerate(parameters, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"parameters[{l - 1}]: expected a pair (W, b)")
        W = float_array(f"W of layer {l}", pair[0])
        b = float_array(f"b of layer {l}", pair[1])
        if W.ndim != 2:
            raise ValueError(f"W of layer {l}: expected a matrix, got shape {W.shape}")
        if b.shape != (1, W.shape[1]):
            raise ValueError(f"b of layer {l}: expected shape {(1, W.shape[1])}, got {b.shape}")
        if checked and checked[-1][0].shape[1] != W.shape[0]:
            raise ValueError(
                f"W of layer {l}: expected {checked[-1][0].shape[1]} rows (the outputs of "
                f"layer {l - 1}), got {W.shape[0]}"
            )
        checked.append((W, b))
    if checked[-1][0].shape[1] < 2:
        raise ValueError("parameters: the softmax output layer needs at least 2 classes")
    return checked


@dataclass(frozen=True)
class ForwardPass:
    """What the backward pass needs: the activations :math:`A_0 = X, \\dots, A_L = Y` and
    the pre-activations :math:`Z_1, \\dots, Z_L`."""

    activations: tuple[numpy.ndarray, ...]
    pre_activations: tuple[numpy.ndarray, ...]

    @property
    def output(self) -> numpy.ndarray:
        """:math:`Y`, one row of class probabilities per sample."""
        return self.activations[-1]

    @property
    def hidden(self) -> tuple[numpy.ndarray, ...]:
        """The hidden activations :math:`A_1, \\dots, A_{L-1}`."""
        return self.activations[1:-1]


def forward(x: object, parameters: object) -> ForwardPass:
    """The forward pass through every layer."""
    network = layered(parameters)
    a = network._checked_inputs(x).T  # the layers' layout: one column per sample
    activations, pre_activations = [numpy.ascontiguousarray(a.T)], []
    for layer in network.layers:
        a = layer.forward(a)
        found = pre_activations if isinstance(layer, Linear) else activations
        found.append(numpy.ascontiguousarray(a.T))
    return ForwardPass(tuple(activations), tuple(pre_activations))


def predict(x: object, parameters: object) -> numpy.ndarray:
    """The most probable class of each sample (column index of the largest output)."""
    return layered(parameters).predict(x)


def cost(x: object, t: object, parameters: object) -> float:
    r"""The summed cross-entropy :math:`-\sum_{n,i} T_{ni} \log Y_{ni}`, from the log-softmax
    of the output logits (finite even where a probability rounds to 0)."""
    network = layered(parameters)
    return network.cost(network.prepare(x, t))


def errors(run: ForwardPass, t: object, parameters: object) -> list:
    r"""The error :math:`E_l = \partial\xi/\partial Z_l` of every layer,
    first to last: :math:`E_L = Y - T` at the output, and going back,
    :math:`E_l = \sigma'(Z_l) \odot (E_{l+1} W_{l+1}^{\mathsf{T}})`."""
    network = layered(parameters)
    batch = network.prepare(run.activations[0], t)
    network.backpropagate(batch)  # the forward pass again, then E_L, ..., E_1
    e = network.layers[-1].backward(batch.targets)  # E_L = Y - T
    found = [e]
    for layer in network.layers[-2::-1]:
        e = layer.backward(e)  # Logistic: times sigma'(Z_l); Linear: times W^T
        if isinstance(layer, Logistic):
            found.append(e)
    return [numpy.ascontiguousarray(e.T) for e in found[::-1]]


def gradients(x: object, t: object, parameters: object) -> Parameters:
    r"""The gradient of the summed cross-entropy for each layer:
    :math:`(A_{l-1}^{\mathsf{T}} E_l,\ \mathbf{1}^{\mathsf{T}} E_l)`."""
    network = layered(parameters)
    network.backpropagate(network.prepare(x, t))
    return pairs(network, of="gradients")


def named(parameters: object, layer_names: tuple[str, ...]) -> dict[str, numpy.ndarray]:
    """The parameters as ``{"W_h": ..., "b_h": ..., "W_o": ..., "b_o": ...}`` for
    ``layer_names = ("h", "o")`` (for :func:`nncore.gradient_checking.gradient_check`)."""
    if len(layer_names) != len(parameters):
        raise ValueError(
            f"layer_names: expected {len(parameters)} names, one per layer, got {len(layer_names)}"
        )
    out = {}
    for name, (W, b) in zip(layer_names, parameters):
        out[f"W_{name}"], out[f"b_{name}"] = W, b
    return out


def unnamed(values: dict[str, object], layer_names: tuple[str, ...]) -> Parameters:
    """The inverse of :func:`named`: a list of ``(W, b)`` pairs."""
    return [(values[f"W_{name}"], values[f"b_{name}"]) for name in layer_names]


@dataclass(frozen=True)
class TrainingRun:
    """The parameters after every update (the first entry is the start) and the cost at each."""

    parameters: tuple[Parameters, ...]
    costs: numpy.ndarray

    @property
    def final(self) -> Parameters:
        """The parameters after the last update."""
        return self.parameters[-1]


def train(
    x: object,
    t: object,
    parameters: object,
    learning_rate: float,
    iterations: int,
    momentum: float = 0.0,
) -> TrainingRun:
    r"""Full-batch gradient descent with momentum, as in part 4 of the series.

    Each update computes the velocity :math:`V \leftarrow \mu V - \eta\, \partial\xi/\partial P`
    and then the parameter :math:`P \leftarrow P + V`, for every parameter :math:`P`, starting
    from :math:`V = 0`. With ``momentum = 0`` this is plain gradient descent.

    Raises
    ------
    ValueError
        On a non-positive learning rate, a momentum outside [0, 1), or bad data.
    DivergenceError
        If the cost stops being finite.
    """
    network = layered(parameters)
    optimiser = Momentum(learning_rate, momentum)
    batch = network.prepare(x, t)
    history = [pairs(network)]
    run = train_full_batch(network, batch, optimiser, iterations, progress=False,
                           after_step=lambda k: history.append(pairs(network)))
    return TrainingRun(tuple(history), run.costs)


def accuracy(x: object, t: object, parameters: object) -> float:
    """The fraction of samples whose most probable class is the target's."""
    network = layered(parameters)
    return network.accuracy(network.prepare(x, t))


def input_jacobian(x: object, parameters: object) -> numpy.ndarray:
    r"""The Jacobian :math:`\partial \mathbf{y}/\partial \mathbf{x}` of the output of each
    sample with respect to its input, shape ``(samples, classes, inputs)``:

    .. math::

        \begin{aligned}
        \frac{\partial \mathbf{y}}{\partial \mathbf{x}} = {} &
        \left(\operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}}\right)
        W_L^{\mathsf{T}} \\
        & \operatorname{diag}\!\left(\sigma'(\mathbf{z}_{L-1})\right)
        W_{L-1}^{\mathsf{T}} \cdots W_1^{\mathsf{T}}.
        \end{aligned}
    """
    parameters = check_parameters(parameters)
    run = forward(x, parameters)
    y = run.output
    jacobian = y[:, :, None] * numpy.eye(y.shape[1]) - y[:, :, None] * y[:, None, :]
    for l in range(len(parameters), 0, -1):
        jacobian = jacobian @ parameters[l - 1][0].T
        if l > 1:
            jacobian = jacobian * logistic_derivative(run.pre_activations[l - 2])[:, None, :]
    return jacobian
