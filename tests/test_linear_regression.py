"""Part 1: the SymPy derivation, and the page's descent with nncore's gradient against the
series' plain NumPy loop."""

from __future__ import annotations

import numpy
import pytest
import sympy

from derivations import linear_regression as derivation
from nncore import datasets
from nncore import linear_regression as model
from tests.conftest import descend


def series_part1(x, t, w, learning_rate, updates):
    """Part 1 of the series in plain NumPy: y = x w, cost = sum (t - y)^2."""
    weights, costs = [w], [((t - x * w) ** 2).sum()]
    for _ in range(updates):
        gradient = 2 * x * (x * w - t)
        w = w - learning_rate * gradient.sum()
        weights.append(w)
        costs.append(((t - x * w) ** 2).sum())
    return numpy.array(weights), numpy.array(costs)


@pytest.fixture(scope="module")
def data():
    return datasets.noisy_line(numpy.random.RandomState(1))


def test_four_updates_match_the_series_loop(data):
    x, t = data
    weights, costs = series_part1(x, t, 0.1, 0.1, 4)
    path = descend(lambda w: model.cost(w, x, t), lambda w: model.gradient(w, x, t),
                   0.1, 0.1, 4)
    numpy.testing.assert_allclose(path[0], weights, rtol=1e-13)
    numpy.testing.assert_allclose(path[1], costs, rtol=1e-13)
    page = [f"w({i}): {w:.4f} cost: {c:.4f}" for i, (w, c) in enumerate(zip(*path))]
    series = [f"w({i}): {w:.4f} cost: {c:.4f}" for i, (w, c) in enumerate(zip(weights, costs))]
    assert page == series


def test_ten_updates_from_zero_reach_the_least_squares_weight(data):
    x, t = data
    best = float(derivation.optimal_weight([sympy.Rational(v) for v in x],
                                           [sympy.Rational(v) for v in t]))
    assert best == pytest.approx(numpy.sum(x * t) / numpy.sum(x * x), rel=1e-14)
    weights, _ = descend(lambda w: model.cost(w, x, t), lambda w: model.gradient(w, x, t),
                         0.0, 0.1, 10)
    assert weights[-1] == pytest.approx(best, abs=1e-5)
    assert weights[-1] != pytest.approx(best, abs=1e-9)  # ten updates, not infinitely many


def test_cost_and_gradient_sum_the_samples(data):
    x, t = data
    assert model.cost(1.3, x, t) == pytest.approx(numpy.sum((t - 1.3 * x) ** 2), rel=1e-14)
    assert model.gradient(1.3, x, t) == pytest.approx(numpy.sum(-2 * x * (t - 1.3 * x)),
                                                      rel=1e-13)
    numpy.testing.assert_array_equal(model.predict(2.0, x), 2.0 * x)


def test_derivation():
    w, x, t = derivation.w, derivation.x, derivation.t
    assert derivation.LINEAR_REGRESSION_COST.expression == (t - x * w) ** 2
    assert sympy.simplify(derivation.LINEAR_REGRESSION_GRADIENT.outputs[0]
                          - 2 * x * (x * w - t)) == 0
    assert derivation.CHAIN.holds
    assert sympy.simplify(derivation.CHAIN.chained - derivation.CHAIN.direct) == 0
    assert sympy.simplify(derivation.LINEAR_REGRESSION_GRADIENT.outputs[0] - (t - x * w)) != 0


def test_the_gradient_covers_only_the_weight():
    formula = derivation.LINEAR_REGRESSION_GRADIENT
    assert len(formula.outputs) == 1 and formula.arguments[0] == derivation.w


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda x, t: model.cost([1.0, 2.0], x, t), ValueError, r"w: expected shape \(\)"),
        (lambda x, t: model.cost(1.0, x.reshape(4, 5), t), ValueError, r"x: expected shape \(samples,\)"),
        (lambda x, t: model.cost(1.0, x, t[:-1]), ValueError, r"t: expected shape \(20,\)"),
        (lambda x, t: model.gradient(float("nan"), x, t), ValueError, "w: expected finite"),
        (lambda x, t: model.predict(1.0, "x"), TypeError, "x: expected real numbers"),
    ],
)
def test_bad_input_names_the_argument(data, call, error, message):
    x, t = data
    with pytest.raises(error, match=message):
        call(x, t)



def test_the_optimal_weight_is_sum_x_t_over_sum_x_squared():
    # (1*2 + 2*5) / (1 + 4) = 12/5, solved exactly
    assert derivation.optimal_weight([1, 2], [2, 5]) == sympy.Rational(12, 5)


def test_the_optimal_weight_rejects_unequal_lengths_and_all_zero_inputs():
    with pytest.raises(ValueError, match=r"^ts: expected 2 targets \(one per input\), got 1$"):
        derivation.optimal_weight([1, 2], [3])
    with pytest.raises(ValueError, match="^xs: expected at least one non-zero input$"):
        derivation.optimal_weight([0, 0], [1, 2])


def test_the_optimal_weight_of_symbolic_samples_is_the_closed_form():
    x1, x2, t1, t2 = sympy.symbols("x_1 x_2 t_1 t_2", real=True)
    best = derivation.optimal_weight([x1, x2], [t1, t2])
    assert sympy.simplify(best - (x1 * t1 + x2 * t2) / (x1**2 + x2**2)) == 0
