"""Part 2: the derivation through the logit, and the page's descent with nncore's gradient
against the series' loop."""

from __future__ import annotations

import numpy
import pytest
import sympy

from derivations import logistic_regression as derivation
from derivations.formula import proven_equal
from derivations.logistic import Logistic
from nncore import datasets
from nncore import logistic_regression as model
from tests.conftest import descend


def series_part2(x, t, w, learning_rate, updates):
    """Part 2 of the series in plain NumPy: y = sigma(x w^T), summed cross-entropy."""

    def cost(w):
        y = 1 / (1 + numpy.exp(-x @ w))
        return -numpy.sum(t * numpy.log(y) + (1 - t) * numpy.log(1 - y))

    weights, costs = [w], [cost(w)]
    for _ in range(updates):
        y = 1 / (1 + numpy.exp(-x @ w))
        w = w - learning_rate * ((y - t)[:, None] * x).sum(axis=0)
        weights.append(w)
        costs.append(cost(w))
    return numpy.array(weights), numpy.array(costs)


@pytest.fixture(scope="module")
def data():
    return datasets.two_gaussian_classes(numpy.random.RandomState(1))


def test_ten_updates_match_the_series_loop(data):
    x, t = data
    weights, costs = series_part2(x, t, numpy.array([-4.0, -2.0]), 0.05, 10)
    path = descend(lambda w: model.cost(w, x, t), lambda w: model.gradient(w, x, t),
                   numpy.array([-4.0, -2.0]), 0.05, 10)
    numpy.testing.assert_allclose(path[0], weights, rtol=1e-12)
    numpy.testing.assert_allclose(path[1], costs, rtol=1e-12)


def test_classification_is_the_series_rounding(data):
    x, t = data
    weights, _ = series_part2(x, t, numpy.array([-4.0, -2.0]), 0.05, 10)
    w = weights[-1]
    series = numpy.around(1 / (1 + numpy.exp(-x @ w)))
    numpy.testing.assert_array_equal(model.classify(w, x), series)
    assert model.classify([1.0, 0.0], [[0.0, 3.0]])[0] == 0  # y = 1/2 rounds to 0


def test_gradient_is_error_times_input(data):
    x, t = data
    w = numpy.array([0.3, -1.2])
    y = 1 / (1 + numpy.exp(-x @ w))
    numpy.testing.assert_allclose(model.gradient(w, x, t), (y - t) @ x, rtol=1e-13)


def test_derivation():
    for weight, inp in ((derivation.w1, derivation.x1), (derivation.w2, derivation.x2)):
        chain = derivation.chain(weight)
        assert chain.holds
        assert sympy.simplify(chain.chained - inp * (Logistic(derivation.LOGIT) - derivation.t)) == 0
    gradient = derivation.LOGISTIC_REGRESSION_GRADIENT
    assert len(gradient.outputs) == 2
    for textbook, stable in zip(gradient.outputs, gradient.stable_outputs):
        assert proven_equal(textbook, stable)
    assert not proven_equal(gradient.outputs[0], gradient.outputs[1])
    with pytest.raises(ValueError, match="weight: expected w_1 or w_2"):
        derivation.chain(derivation.x1)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda x, t: model.cost([1.0, 2.0, 3.0], x, t), r"w: expected shape \(2,\)"),
        (lambda x, t: model.cost([1.0, 2.0], x[:, :1], t), r"x: expected shape \(samples, 2\)"),
        (lambda x, t: model.cost([1.0, 2.0], x, 2 * t), "t: expected class labels 0 or 1"),
        (lambda x, t: model.gradient([1.0, 2.0], x, t[:5]), r"t: expected shape \(40,\)"),
        (lambda x, t: model.probability([1.0, 2.0], x[:, 0]), r"x: expected shape \(samples, 2\)"),
    ],
)
def test_bad_input_names_the_argument(data, call, message):
    x, t = data
    with pytest.raises(ValueError, match=message):
        call(x, t)
