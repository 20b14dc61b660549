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

from nncore._generated import logistic, logit
from nncore._validation import count, float_array
from nncore.optimisers import Momentum, train
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
