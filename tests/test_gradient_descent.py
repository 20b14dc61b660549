"""Gradient descent: the updates of a plain loop, the series' learning-rate schedule, and
errors instead of NaN weights."""

from __future__ import annotations

import numpy
import pytest

from nncore.gradient_descent import DivergenceError, gradient_descent, learning_rates


def quadratic(w):
    return float(numpy.sum((w - numpy.array([1.0, -2.0])) ** 2 * numpy.array([1.0, 3.0])))


def quadratic_gradient(w):
    return 2 * (w - numpy.array([1.0, -2.0])) * numpy.array([1.0, 3.0])


def test_constant_rate_matches_a_plain_loop():
    w = numpy.array([4.0, 4.0])
    weights, costs = [w.copy()], [quadratic(w)]
    for _ in range(7):
        w = w - 0.1 * quadratic_gradient(w)
        weights.append(w.copy())
        costs.append(quadratic(w))
    path = gradient_descent(quadratic, quadratic_gradient, [4.0, 4.0], 0.1, 7)
    numpy.testing.assert_allclose(path.weights, weights, rtol=0, atol=0)
    numpy.testing.assert_allclose(path.costs, costs, rtol=0, atol=0)
    assert path.updates == 7 and path.final_cost == costs[-1]


def test_decreasing_rate_is_lowered_before_each_update_as_the_series_does():
    rate, reference, w, weights = 0.2, [], numpy.array([4.0, 4.0]), []
    for _ in range(50):
        rate -= 0.2 / 50
        reference.append(rate)
        w = w - rate * quadratic_gradient(w)
        weights.append(w.copy())
    rates = learning_rates(0.2, 50, 0.2 / 50)
    numpy.testing.assert_allclose(rates, numpy.maximum(reference, 0), atol=1e-15)
    assert rates[0] == pytest.approx(0.196) and rates[-1] == pytest.approx(0, abs=1e-15)
    path = gradient_descent(quadratic, quadratic_gradient, [4.0, 4.0], 0.2, 50, 0.2 / 50)
    numpy.testing.assert_allclose(path.weights[1:], weights, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ((0.0, 5), ValueError, "learning_rate: expected a positive finite number"),
        ((-0.1, 5), ValueError, "learning_rate"),
        ((0.1, 5.0), TypeError, "updates: expected an integer"),
        ((0.1, True), TypeError, "updates"),
        ((0.1, -1), ValueError, "updates: expected 0 or more"),
        ((0.1, 5, -0.01), ValueError, "decrease: expected a finite number >= 0"),
        ((0.1, 5, 0.05), ValueError, "decrease: 0.05 per update would make the learning rate"),
    ],
)
def test_bad_schedules_are_refused(arguments, error, message):
    with pytest.raises(error, match=message):
        learning_rates(*arguments)


def test_bad_callables_and_gradients_are_named():
    with pytest.raises(TypeError, match="cost: expected a function"):
        gradient_descent(3.0, quadratic_gradient, [0.0, 0.0], 0.1, 1)
    with pytest.raises(ValueError, match=r"gradient: expected an array of the parameters' shape"):
        gradient_descent(quadratic, lambda w: numpy.zeros(3), [0.0, 0.0], 0.1, 1)
    with pytest.raises(ValueError, match="start: expected finite numbers"):
        gradient_descent(quadratic, quadratic_gradient, [numpy.nan, 0.0], 0.1, 1)


def test_divergence_stops_with_an_error_instead_of_nan_weights():
    with numpy.errstate(over="ignore"), pytest.raises(
            DivergenceError, match=r"update \d+: the cost is inf, not a finite number"):
        gradient_descent(quadratic, quadratic_gradient, [4.0, 4.0], 1e3, 200)


def test_weights_that_overflow_stop_training():
    with numpy.errstate(over="ignore"), pytest.raises(
            DivergenceError, match="update 1: the parameters are no longer finite"):
        gradient_descent(lambda w: 0.0, lambda w: numpy.array([1e308]), [0.0], 1e10, 3)


def test_a_cost_that_turns_nan_or_overflows_stops_training():
    with pytest.raises(DivergenceError, match="after update 0: the cost is nan"):
        gradient_descent(lambda w: float("nan"), quadratic_gradient, [0.0, 0.0], 0.1, 3)

    def overflowing(w):
        raise OverflowError("result beyond float64")

    with pytest.raises(DivergenceError, match="the cost overflows float64"):
        gradient_descent(overflowing, quadratic_gradient, [0.0, 0.0], 0.1, 3)


def test_converges_on_a_quadratic():
    path = gradient_descent(quadratic, quadratic_gradient, [4.0, 4.0], 0.1, 200)
    numpy.testing.assert_allclose(path.final_weights, [1.0, -2.0], atol=1e-9)
    assert numpy.all(numpy.diff(path.costs) <= 0)
