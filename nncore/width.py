r"""Why width matters: 2-unit layers as maps of the plane, and networks of
several widths.

A hidden layer with two inputs and two logistic units maps the plane to the
open unit square,

.. math::

    \mathbf{a} = \sigma(\mathbf{x} W + \mathbf{b}),

and, with the inverse of the logistic function
:math:`\operatorname{logit}(a) = \log(a / (1 - a))` (the generated
:func:`nncore._generated.logit`, derived in :mod:`derivations.logistic`) applied to
each entry,

.. math::

    \mathbf{x} = \left(\operatorname{logit}(\mathbf{a}) - \mathbf{b}\right)
    W^{-1}.

When :math:`W` is invertible, the second formula undoes the first: the
layer is a continuous map with a continuous inverse (a homeomorphism onto its
image). :func:`layer_map` and :func:`inverse_layer_map` compute both
directions; :func:`train_widths` trains networks
(:class:`nncore.sequential.Sequential`) with given hidden layers from several
seeds, and :func:`accuracy_table` tabulates their training accuracy.
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


def _square_layer(
    W: object, b: object
) -> tuple[numpy.ndarray, numpy.ndarray]:
    W = float_array("W", W)
    b = float_array("b", b)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W: expected a square matrix, got shape {W.shape}")
    if b.shape not in ((W.shape[1],), (1, W.shape[1])):
        raise ValueError(
            f"b: expected shape (1, {W.shape[1]}), got {b.shape}")
    return W, b.reshape(1, -1)


def _points(name: str, value: object, columns: int) -> numpy.ndarray:
    points = float_array(name, value)
    if points.ndim != 2 or points.shape[1] != columns:
        raise ValueError(
            f"{name}: expected shape (points, {columns}), one row per point, "
            f"got {points.shape}"
        )
    return points


def layer_map(x: object, W: object, b: object) -> numpy.ndarray:
    r"""The image :math:`\sigma(X W + \mathbf{1} b)` of the points ``x`` (one
    per row) under a hidden layer with as many units as inputs.

    Parameters
    ----------
    x : numpy.ndarray
        Points, shape ``(points, n)``.
    W : numpy.ndarray
        Square weight matrix, shape ``(n, n)``.
    b : numpy.ndarray
        Bias, shape ``(1, n)`` or ``(n,)``.

    Returns
    -------
    numpy.ndarray
        The activations, shape ``(points, n)``, each in the open interval
        (0, 1).

    Raises
    ------
    ValueError
        If ``W`` is not square, or a shape does not match, or a value is NaN or
        infinite.
    """
    W, b = _square_layer(W, b)
    return logistic(_points("x", x, W.shape[0]) @ W + b)


def inverse_layer_map(a: object, W: object, b: object) -> numpy.ndarray:
    r"""The points
    :math:`X = (\operatorname{logit}(A) - \mathbf{1} b) W^{-1}` that
    :func:`layer_map` sends to the activations ``a``.

    Raises
    ------
    ValueError
        If ``W`` is singular (numerically: its condition number exceeds
        ``1e12``), if an activation lies outside the open interval (0, 1), or
        if a shape does not match.
    """
    W, b = _square_layer(W, b)
    a = _points("a", a, W.shape[1])
    if not numpy.all((a > 0) & (a < 1)):
        raise ValueError("a: expected activations strictly between 0 and 1")
    if numpy.linalg.cond(W) > 1e12:
        raise ValueError("W: expected an invertible matrix, got a singular one")
    return numpy.linalg.solve(W.T, (logit(a) - b).T).T


@dataclass(frozen=True)
class WidthRun:
    """One trained network: hidden layers, seed, training accuracy, cost."""

    hidden: tuple[int, ...]
    seed: int
    accuracy: float
    final_cost: float
    network: Sequential

    @property
    def sizes(self) -> str:
        """The layer sizes, inputs first, such as ``"2-2-2-2"``."""
        sizes = (self.network.inputs, *self.hidden, self.network.classes)
        return "-".join(str(n) for n in sizes)


def _hidden_layers(value: object) -> tuple[tuple[int, ...], ...]:
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(
            "hidden_layers: expected a non-empty list of tuples of layer sizes")
    for entry in value:
        if not isinstance(entry, (list, tuple)) or not entry:
            raise ValueError("hidden_layers: expected tuples of positive integers, "
                             f"got {entry!r}")
    return tuple(tuple(count("hidden_layers", n, 1) for n in entry) for entry in value)


def _seeds(value: object) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError("seeds: expected a non-empty list of integers")
    return tuple(count("seeds", seed, 0) for seed in value)


def train_widths(
    x: object,
    t: object,
    hidden_layers: object = HIDDEN_LAYERS,
    seeds: object = SEEDS,
    scale: float = 1.0,
    learning_rate: float = 0.02,
    iterations: int = 600,
    momentum: float = 0.9,
) -> list[WidthRun]:
    """Train one network per hidden-layer list and seed: ``iterations`` full-batch
    steps of :class:`nncore.optimisers.Momentum` on the summed cross-entropy.

    Each start is drawn by :meth:`nncore.sequential.Sequential.from_sizes` from its own
    ``numpy.random.RandomState(seed)`` with ``scale``; the output layer has as many units
    as ``t`` has columns.

    Returns
    -------
    list of WidthRun
        In the order of ``hidden_layers``, and for each, of ``seeds``.

    Raises
    ------
    ValueError
        On an empty or malformed ``hidden_layers`` or ``seeds``, and on the bad
        input that :meth:`nncore.sequential.Sequential.prepare` rejects.
    TypeError
        If a seed is not an integer.
    DivergenceError
        If a training run's cost stops being finite.
    """
    hidden_layers = _hidden_layers(hidden_layers)
    seeds = _seeds(seeds)
    x = float_array("x", x)
    t = float_array("t", t)
    if x.ndim != 2 or t.ndim != 2:
        raise ValueError(
            "x, t: expected matrices (one row per sample), got shapes "
            f"{x.shape}, {t.shape}"
        )
    runs = []
    for hidden in hidden_layers:
        sizes = (x.shape[1], *hidden, t.shape[1])
        for seed in seeds:
            network = Sequential.from_sizes(
                sizes, numpy.random.RandomState(seed), scale)
            data = network.prepare(x, t)
            run = train(network, data, Momentum(learning_rate, momentum),
                        iterations, progress=False)
            runs.append(WidthRun(hidden, seed, network.accuracy(data),
                                 float(run.train_costs[-1]), network))
    return runs


def accuracy_table(runs: object) -> Table:
    """The training accuracy of each run: one row per network, one column per
    seed, then the best and the mean over the seeds.

    Raises
    ------
    ValueError
        If ``runs`` is empty or the networks were not all trained from the same
        seeds.
    """
    if not isinstance(runs, (list, tuple)) or not runs or not all(
        isinstance(run, WidthRun) for run in runs
    ):
        raise ValueError(
            "runs: expected a non-empty list of WidthRun (from train_widths)")
    networks: dict[str, list[WidthRun]] = {}
    for run in runs:
        networks.setdefault(run.sizes, []).append(run)
    seeds = [run.seed for run in next(iter(networks.values()))]
    rows = []
    for sizes, group in networks.items():
        if [run.seed for run in group] != seeds:
            raise ValueError(
                f"runs: network {sizes} was not trained from the seeds {seeds}")
        accuracies = [run.accuracy for run in group]
        rows.append((sizes, *accuracies, max(accuracies),
                     float(numpy.mean(accuracies))))
    headers = ("network", *(f"seed {seed}" for seed in seeds), "best", "mean")
    return Table(headers, rows, number_format=".2f")
