r"""Why width matters: 2-unit layers as maps of the plane, and networks of several widths.

A hidden layer with two inputs and two logistic units maps the plane to the open unit
square, :math:`\mathbf{a} = \sigma(\mathbf{x} W + \mathbf{b})`, and, with the inverse of the
logistic function :math:`\operatorname{logit}(a) = \log(a / (1 - a))` (the generated
:func:`nncore._generated.logit`, derived in :mod:`derivations.logistic`) applied to each
entry, :math:`\mathbf{x} = (\operatorname{logit}(\mathbf{a}) - \mathbf{b}) W^{-1}`.

When :math:`W` is invertible, the second formula undoes the first: the layer is a continuous
map with a continuous inverse (a homeomorphism onto its image). :func:`layer_map` and
:func:`inverse_layer_map` compute both directions; :func:`train_widths` trains networks
(:class:`nncore.sequential.Sequential`) with given hidden layers from several seeds, and
:func:`accuracy_table` tabulates their training accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy

from nncore._generated import (logistic, logistic_layer, logistic_layer_backward, logit,
                               softmax_layer)
from nncore._validation import count, float_array
from nncore.layers import Linear
from nncore.optimisers import DivergenceError, Momentum, train
from nncore.sequential import Sequential
from nncore.tables import Table

# The experiment of the page "Why width matters": 1 to 6 hidden layers of 2
# units, and one hidden layer of 3 units, each trained from the seeds 0 to 4.
HIDDEN_LAYERS = tuple((2,) * depth for depth in range(1, 7)) + ((3,),)
SEEDS = (0, 1, 2, 3, 4)


def _square_layer(name: str, x: object, W: object, b: object) -> list[numpy.ndarray]:
    """Points ``x`` (one per row), a square ``W`` and a bias ``b`` of shape ``(1, n)``."""
    x, W, b = float_array(name, x), float_array("W", W), float_array("b", b)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W: expected a square matrix, got shape {W.shape}")
    if b.shape != (1, len(W)):
        raise ValueError(f"b: expected shape (1, {len(W)}), got {b.shape}")
    if x.ndim != 2 or x.shape[1] != len(W):
        raise ValueError(f"{name}: expected shape (points, {len(W)}), one row per point, "
                         f"got {x.shape}")
    return [x, W, b]


def layer_map(x: object, W: object, b: object) -> numpy.ndarray:
    r"""The image :math:`\sigma(X W + \mathbf{1} b)` of the points ``x`` (shape
    ``(points, n)``) under a hidden layer of ``n`` units with a square ``W`` and ``b`` of
    shape ``(1, n)``: every activation lies in the open interval (0, 1).

    Raises
    ------
    TypeError, ValueError
        If ``W`` is not square, a shape does not match, or a value is not a finite number.
    """
    x, W, b = _square_layer("x", x, W, b)
    return logistic(x @ W + b)


def inverse_layer_map(a: object, W: object, b: object) -> numpy.ndarray:
    r"""The points :math:`X = (\operatorname{logit}(A) - \mathbf{1} b) W^{-1}` that
    :func:`layer_map` sends to the activations ``a``.

    Raises
    ------
    ValueError
        If ``W`` is singular (numerically: its condition number exceeds ``1e12``), if an
        activation lies outside the open interval (0, 1), or if a shape does not match.
    """
    a, W, b = _square_layer("a", a, W, b)
    if not numpy.all((a > 0) & (a < 1)):
        raise ValueError("a: expected activations strictly between 0 and 1")
    if numpy.linalg.cond(W) > 1e12:
        raise ValueError("W: expected an invertible matrix, got a singular one")
    return numpy.linalg.solve(W.T, (logit(a) - b).T).T


@dataclass(frozen=True)
class WidthRun:
    """One trained network: its hidden layers, seed and training accuracy."""

    hidden: tuple[int, ...]
    seed: int
    accuracy: float
    network: Sequential

    @property
    def sizes(self) -> str:
        """The layer sizes, inputs first, such as ``"2-2-2-2"``."""
        sizes = (self.network.inputs, *self.hidden, self.network.classes)
        return "-".join(str(n) for n in sizes)


def train_widths(x: object, t: object, hidden_layers=HIDDEN_LAYERS, seeds=SEEDS,
                 scale: float = 1.0, learning_rate: float = 0.02, iterations: int = 600,
                 momentum: float = 0.9) -> list[WidthRun]:
    """Train one network per tuple of hidden-layer sizes and seed, in the order of
    ``hidden_layers`` and, for each, of ``seeds``: ``iterations`` full-batch steps of
    :class:`nncore.optimisers.Momentum` on the summed cross-entropy.

    Each start is drawn by :meth:`nncore.sequential.Sequential.from_sizes` from its own
    ``numpy.random.RandomState(seed)`` with ``scale``; the output layer has as many units
    as ``t`` has columns.

    Raises
    ------
    TypeError, ValueError
        On a hidden-layer size that is not a positive integer, a seed that is not a
        non-negative integer, and the bad input that
        :meth:`nncore.sequential.Sequential.prepare` rejects.
    DivergenceError
        If a training run's cost stops being finite.
    """
    hidden_layers = [tuple(count("hidden_layers", n, 1) for n in hidden)
                     for hidden in hidden_layers]
    seeds = [count("seeds", seed, 0) for seed in seeds]
    x, t = float_array("x", x), float_array("t", t)
    if x.ndim != 2 or t.ndim != 2:
        raise ValueError(f"x, t: expected matrices (one row per sample), got shapes "
                         f"{x.shape}, {t.shape}")
    runs = []
    for hidden in hidden_layers:
        for seed in seeds:
            network = Sequential.from_sizes((x.shape[1], *hidden, t.shape[1]),
                                            numpy.random.RandomState(seed), scale)
            data = network.prepare(x, t)
            train(network, data, Momentum(learning_rate, momentum), iterations,
                  progress=False)
            runs.append(WidthRun(hidden, seed, network.accuracy(data), network))
    return runs


def accuracy_table(runs: list[WidthRun]) -> Table:
    """The training accuracy of each run: one row per network, one column per seed, then
    the best and the mean over the seeds.

    Raises
    ------
    ValueError
        If ``runs`` is empty or the networks were not all trained from the same seeds.
    """
    if not runs:
        raise ValueError("runs: expected a non-empty list of WidthRun (from train_widths)")
    networks: dict[str, list[WidthRun]] = {}
    for run in runs:
        networks.setdefault(run.sizes, []).append(run)
    seeds = [run.seed for run in next(iter(networks.values()))]
    rows = []
    for sizes, group in networks.items():
        if [run.seed for run in group] != seeds:
            raise ValueError(f"runs: network {sizes} was not trained from the seeds {seeds}")
        accuracies = [run.accuracy for run in group]
        rows.append((sizes, *accuracies, max(accuracies), float(numpy.mean(accuracies))))
    headers = ("network", *(f"seed {seed}" for seed in seeds), "best", "mean")
    return Table(headers, rows, number_format=".2f")


def train_stacked(x: object, t: object, hidden: tuple[int, ...], seeds,
                  scale: float = 1.0, learning_rate: float = 0.02, iterations: int = 600,
                  momentum: float = 0.9) -> list[WidthRun]:
    """The runs of :func:`train_widths` for one tuple of hidden-layer sizes, from many seeds
    at once.

    The same starts (drawn by :meth:`nncore.sequential.Sequential.from_sizes`) and the same
    full-batch momentum steps on the summed cross-entropy, with the parameters of all seeds
    stacked into arrays, so that one NumPy operation steps every run: hundreds of runs cost
    about as much as a few. The arithmetic is grouped differently from
    :class:`~nncore.sequential.Sequential`, so a run can end apart from its
    :func:`train_widths` twin by rounding, which a long chaotic run can amplify. Returns one
    run per seed, in the order of ``seeds``, each with its trained network.

    Raises
    ------
    TypeError, ValueError
        As :func:`train_widths`.
    DivergenceError
        If a run's parameters are not finite after training.
    """
    hidden = tuple(count("hidden", n, 1) for n in hidden)
    seeds = [count("seeds", seed, 0) for seed in seeds]
    if not seeds:
        raise ValueError("seeds: expected at least one seed")
    x, t = float_array("x", x), float_array("t", t)
    if x.ndim != 2 or t.ndim != 2 or len(x) != len(t):
        raise ValueError(f"x, t: expected matrices with one row per sample, got shapes "
                         f"{x.shape}, {t.shape}")
    sizes = (x.shape[1], *hidden, t.shape[1])
    networks = [Sequential.from_sizes(sizes, numpy.random.RandomState(seed), scale)
                for seed in seeds]
    data = networks[0].prepare(x, t)  # checks the data once
    linears = [[layer for layer in net.layers if isinstance(layer, Linear)]
               for net in networks]
    W = [numpy.stack([net[l].parameters["W"] for net in linears])
         for l in range(len(sizes) - 1)]
    b = [numpy.stack([net[l].parameters["b"] for net in linears])
         for l in range(len(sizes) - 1)]
    vW = [numpy.zeros_like(w) for w in W]
    vb = [numpy.zeros_like(c) for c in b]
    with numpy.errstate(over="ignore", invalid="ignore"):
        for _ in range(iterations):
            activations = [x]
            for l in range(len(W) - 1):
                activations.append(logistic_layer(activations[-1] @ W[l] + b[l]))
            z = activations[-1] @ W[-1] + b[-1]  # (seeds, samples, classes)
            y = numpy.moveaxis(softmax_layer(numpy.moveaxis(z, 2, 0)), 0, 2)
            error = y - t  # E_L = Y - T
            for l in range(len(W) - 1, -1, -1):
                grad_W = numpy.swapaxes(activations[l], -1, -2) @ error
                grad_b = error.sum(axis=1, keepdims=True)
                if l > 0:  # E_l = sigma'(Z_l) * (E_{l+1} W_{l+1}^T)
                    error = logistic_layer_backward(
                        error @ numpy.swapaxes(W[l], -1, -2), activations[l])
                vW[l] *= momentum
                vW[l] -= learning_rate * grad_W
                vb[l] *= momentum
                vb[l] -= learning_rate * grad_b
                W[l] += vW[l]
                b[l] += vb[l]
    runs = []
    for k, (seed, network) in enumerate(zip(seeds, networks)):
        for l, layer in enumerate(linears[k]):
            layer.parameters["W"][...] = W[l][k]
            layer.parameters["b"][...] = b[l][k]
        if not numpy.all(numpy.isfinite(network.parameter_vector)):
            raise DivergenceError(f"seed {seed}: the parameters are not finite after "
                                  f"training: lower the learning rate (it is {learning_rate})")
        runs.append(WidthRun(hidden, seed, network.accuracy(data), network))
    return runs


def spread_table(runs: list[WidthRun]) -> Table:
    """The spread of the training accuracy over the seeds: one row per network (in the order
    of ``runs``), with the lowest accuracy, the quartiles (``numpy.percentile``) and the
    highest.

    Raises
    ------
    ValueError
        If ``runs`` is empty.
    """
    if not runs:
        raise ValueError("runs: expected a non-empty list of WidthRun")
    networks: dict[str, list[float]] = {}
    for run in runs:
        networks.setdefault(run.sizes, []).append(run.accuracy)
    rows = [(sizes, len(accuracies),
             *(float(q) for q in numpy.percentile(accuracies, [0, 25, 50, 75, 100])))
            for sizes, accuracies in networks.items()]
    return Table(("network", "seeds", "lowest", "25 %", "median", "75 %", "highest"), rows,
                 number_format=".2f")
