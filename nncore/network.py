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

:math:`\sigma` and :math:`\sigma'` are the generated :func:`nncore._generated.logistic` and
:func:`nncore._generated.logistic_derivative`; the softmax and its cross-entropy come from
:mod:`nncore.multiclass`. Parameters are a list of ``(W, b)`` pairs, one per layer, ``W`` of
shape ``(inputs, outputs)`` and ``b`` of shape ``(1, outputs)``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy

from nncore._generated import logistic, logistic_derivative
from nncore._validation import float_array, positive_number
from nncore.gradient_descent import DivergenceError
from nncore.multiclass import log_softmax, softmax, targets_for

Parameters = list[tuple[numpy.ndarray, numpy.ndarray]]


def draw_parameters(
    random_state: numpy.random.RandomState, sizes: tuple[int, ...], scale: float = 1.0
) -> Parameters:
    """Random parameters for a network with layer ``sizes`` (inputs first, classes last).

    Draws, layer by layer, ``b = randn(1, outputs) * scale`` and then
    ``W = randn(inputs, outputs) * scale``: for sizes ``(2, 3, 2)`` that is b_h, W_h, b_o,
    W_o, the order of the series.
    """
    if not isinstance(random_state, numpy.random.RandomState):
        raise TypeError(
            "random_state: expected a numpy.random.RandomState, got "
            f"{type(random_state).__name__}"
        )
    if len(sizes) < 2 or any(
        isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1 for s in sizes
    ):
        raise ValueError(f"sizes: expected two or more positive integers, got {sizes!r}")
    scale = positive_number("scale", scale)
    parameters = []
    for inputs, outputs in zip(sizes[:-1], sizes[1:]):
        b = random_state.randn(1, outputs) * scale
        W = random_state.randn(inputs, outputs) * scale
        parameters.append((W, b))
    return parameters


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


def _inputs(x: object, parameters: Parameters) -> numpy.ndarray:
    x = float_array("x", x)
    inputs = parameters[0][0].shape[0]
    if x.ndim != 2 or x.shape[1] != inputs:
        raise ValueError(
            f"x: expected shape (samples, {inputs}), one row per sample, got {x.shape}"
        )
    return x


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
    parameters = check_parameters(parameters)
    a = _inputs(x, parameters)
    activations, pre_activations = [a], []
    for l, (W, b) in enumerate(parameters, start=1):
        z = a @ W + b
        a = logistic(z) if l < len(parameters) else softmax(z)
        pre_activations.append(z)
        activations.append(a)
    return ForwardPass(tuple(activations), tuple(pre_activations))


def predict(x: object, parameters: object) -> numpy.ndarray:
    """The most probable class of each sample (column index of the largest output)."""
    return forward(x, parameters).output.argmax(axis=1)


def cost(x: object, t: object, parameters: object) -> float:
    r"""The summed cross-entropy :math:`-\sum_{n,i} T_{ni} \log Y_{ni}`, from the log-softmax
    of the output logits (finite even where a probability rounds to 0)."""
    run = forward(x, parameters)
    t = targets_for("t", t, run.output.shape)
    return float(-(t * log_softmax(run.pre_activations[-1])).sum())


def errors(run: ForwardPass, t: object, parameters: object) -> list:
    r"""The error :math:`E_l = \partial\xi/\partial Z_l` of every layer,
    first to last: :math:`E_L = Y - T` at the output, and going back,
    :math:`E_l = \sigma'(Z_l) \odot (E_{l+1} W_{l+1}^{\mathsf{T}})`."""
    parameters = check_parameters(parameters)
    t = targets_for("t", t, run.output.shape)
    e = run.output - t  # E_L
    found = [e]
    for l in range(len(parameters) - 1, 0, -1):
        W_next = parameters[l][0]  # W_{l+1} (the list counts from 0)
        slope = logistic_derivative(run.pre_activations[l - 1])  # sigma'(Z_l)
        e = slope * (e @ W_next.T)
        found.append(e)
    return found[::-1]


def gradients(x: object, t: object, parameters: object) -> Parameters:
    r"""The gradient of the summed cross-entropy for each layer:
    :math:`(A_{l-1}^{\mathsf{T}} E_l,\ \mathbf{1}^{\mathsf{T}} E_l)`."""
    parameters = check_parameters(parameters)
    run = forward(x, parameters)
    return [
        (a.T @ e, e.sum(axis=0, keepdims=True))
        for a, e in zip(run.activations[:-1], errors(run, t, parameters))
    ]


def named(parameters: object, layer_names: tuple[str, ...]) -> dict[str, numpy.ndarray]:
    """The parameters as ``{"W_h": ..., "b_h": ..., "W_o": ..., "b_o": ...}`` for
    ``layer_names = ("h", "o")`` (for :func:`nncore.gradient_check.gradient_check`)."""
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
    parameters = [(W.copy(), b.copy()) for W, b in check_parameters(parameters)]
    learning_rate = positive_number("learning_rate", learning_rate)
    if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real) or not (
        0 <= momentum < 1
    ):
        raise ValueError(f"momentum: expected a number in [0, 1), got {momentum!r}")
    if isinstance(iterations, bool) or not isinstance(iterations, numbers.Integral) or (
        iterations < 0
    ):
        raise ValueError(f"iterations: expected an integer >= 0, got {iterations!r}")
    x = _inputs(x, parameters)
    t = targets_for("t", t, (x.shape[0], parameters[-1][0].shape[1]))
    velocities = [(numpy.zeros_like(W), numpy.zeros_like(b)) for W, b in parameters]
    history = [parameters]
    costs = [cost(x, t, parameters)]
    for k in range(1, iterations + 1):
        grads = gradients(x, t, parameters)
        velocities = [
            (momentum * vW - learning_rate * gW, momentum * vb - learning_rate * gb)
            for (vW, vb), (gW, gb) in zip(velocities, grads)
        ]
        parameters = [(W + vW, b + vb) for (W, b), (vW, vb) in zip(parameters, velocities)]
        try:
            with numpy.errstate(over="ignore", invalid="ignore"):
                value = cost(x, t, parameters)
        except (ValueError, OverflowError):
            value = float("nan")
        if not numpy.isfinite(value):
            raise DivergenceError(
                f"the cost is not finite after update {k}: lower the learning rate "
                f"(it is {learning_rate})"
            )
        history.append(parameters)
        costs.append(value)
    return TrainingRun(tuple(history), numpy.array(costs))


def accuracy(x: object, t: object, parameters: object) -> float:
    """The fraction of samples whose most probable class is the target's."""
    predicted = predict(x, parameters)
    t = targets_for("t", t, (predicted.shape[0], check_parameters(parameters)[-1][0].shape[1]))
    return float(numpy.mean(predicted == t.argmax(axis=1)))


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
