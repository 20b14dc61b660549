r"""The toy datasets of Roelants' series, drawn from an explicit random state.

Each function takes a :class:`numpy.random.RandomState` and draws from it in a fixed order,
so that ``RandomState(1)`` reproduces the series' ``np.random.seed(1)`` draw for draw. None
touches NumPy's global random state.
"""

from __future__ import annotations

import numpy

from nncore._validation import count, number


def _random_state(random_state: object) -> numpy.random.RandomState:
    if not isinstance(random_state, numpy.random.RandomState):
        raise TypeError(
            "random_state: expected a numpy.random.RandomState (for example "
            f"numpy.random.RandomState(1)), got {type(random_state).__name__}"
        )
    return random_state


def noisy_line(
    random_state: numpy.random.RandomState,
    samples: int = 20,
    slope: float = 2.0,
    noise_scale: float = 0.2,
) -> tuple[numpy.ndarray, numpy.ndarray]:
    r"""Inputs on :math:`[0, 1)` and targets :math:`t = 2x + \text{noise}` (part 1).

    Draws, in this order: ``x = uniform(0, 1, samples)``, then
    ``noise = randn(samples) * noise_scale``; returns the inputs ``x`` and the targets
    ``t = slope * x + noise``, each of shape ``(samples,)``.
    """
    state = _random_state(random_state)
    samples = count("samples", samples, 1)
    noise_scale = number("noise_scale", noise_scale, at_least=0)
    slope = number("slope", slope)
    x = state.uniform(0, 1, samples)
    noise = state.randn(samples) * noise_scale
    return x, slope * x + noise


def two_gaussian_classes(
    random_state: numpy.random.RandomState,
    samples_per_class: int = 20,
    spread: float = 1.2,
) -> tuple[numpy.ndarray, numpy.ndarray]:
    r"""Two classes in the plane, red around :math:`(-1, 0)` and blue around :math:`(1, 0)`
    (part 2).

    Draws, in this order: ``x_red = randn(n, 2) * spread + [-1, 0]``, then
    ``x_blue = randn(n, 2) * spread + [1, 0]``. Returns the inputs ``x``, shape ``(2 n, 2)``,
    the red rows, then the blue rows, and the targets ``t``, 0 for red and 1 for blue.
    """
    state = _random_state(random_state)
    n = count("samples_per_class", samples_per_class, 1)
    spread = number("spread", spread, at_least=0)
    x_red = state.randn(n, 2) * spread + numpy.array([-1.0, 0.0])
    x_blue = state.randn(n, 2) * spread + numpy.array([1.0, 0.0])
    x = numpy.vstack((x_red, x_blue))
    t = numpy.concatenate((numpy.zeros(n), numpy.ones(n)))
    return x, t


def blue_between_red(
    random_state: numpy.random.RandomState,
    samples_per_class: int = 20,
    spread: float = 0.5,
) -> tuple[numpy.ndarray, numpy.ndarray]:
    r"""One-dimensional classes: blue around 0, red split around :math:`-2` and :math:`2`
    (part 3). No straight cut separates them; one RBF unit can.

    Draws, in this order: ``x_blue = randn(n) * spread``, then
    ``x_red_left = randn(n // 2) * spread - 2``, then ``x_red_right = randn(n // 2) * spread + 2``
    (the series draws columns of shape ``(n, 1)``; the numbers are the same). Returns the
    inputs ``x``, blue, left red, right red, and the targets ``t``, 1 for blue and 0 for red,
    each of shape ``(n + 2 (n // 2),)``.
    """
    state = _random_state(random_state)
    n = count("samples_per_class", samples_per_class, 2)
    spread = number("spread", spread, at_least=0)
    x_blue = state.randn(n) * spread
    x_red_left = state.randn(n // 2) * spread - 2
    x_red_right = state.randn(n // 2) * spread + 2
    x = numpy.concatenate((x_blue, x_red_left, x_red_right))
    t = numpy.concatenate((numpy.ones(n), numpy.zeros(2 * (n // 2))))
    return x, t
