"""Sequential networks: gradient check, agreement with the functional network, parameters,
draw orders, and the checks of their data."""

from __future__ import annotations

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncore import network
from nncore.layers import Gaussian, Linear, Logistic, SoftmaxCrossEntropy
from nncore.multiclass import one_hot
from nncore.sequential import Sequential


def problem(seed=0, samples=12, sizes=(3, 4, 3)):
    rs = numpy.random.RandomState(seed)
    x = rs.randn(samples, sizes[0])
    t = one_hot(rs.randint(0, sizes[-1], samples), sizes[-1])
    return x, t, Sequential.from_sizes(sizes, rs, scale=0.7)


@pytest.mark.parametrize("cost", ["sum", "mean"])
def test_gradient_check_of_a_sequential_passes(cost):
    rs = numpy.random.RandomState(1)
    layers = [Linear(rs.randn(2, 4), rs.randn(1, 4)), Gaussian(),
              Linear(rs.randn(4, 3), rs.randn(1, 3)), Logistic(),
              Linear(rs.randn(3, 3), rs.randn(1, 3)), SoftmaxCrossEntropy()]
    net = Sequential(layers, cost=cost)
    batch = net.prepare(rs.randn(9, 2), one_hot(rs.randint(0, 3, 9), 3))
    report = net.gradient_check(batch)
    assert report.passed, report
    assert [e.parameter for e in report.entries][:1] == ["W1"]
    assert len(report.entries) == 2 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3


def test_a_wrong_gradient_fails_the_check(monkeypatch):
    x, t, net = problem()
    batch = net.prepare(x, t)
    original = Logistic.backward
    monkeypatch.setattr(Logistic, "backward", lambda self, e, *a: original(self, e) * 1.01)
    assert not net.gradient_check(batch).passed


def test_gradient_check_leaves_the_parameters_unchanged():
    x, t, net = problem()
    before = net.parameter_vector.copy()
    net.gradient_check(net.prepare(x, t))
    numpy.testing.assert_array_equal(net.parameter_vector, before)


def test_cost_and_gradients_agree_with_the_functional_network():
    x, t, net = problem(samples=20, sizes=(3, 5, 4, 3))
    pairs = network.pairs(net)
    batch = net.prepare(x, t)
    # an independent forward pass in plain NumPy, one row per sample
    a = x
    for W, b in pairs[:-1]:
        a = 1 / (1 + numpy.exp(-(a @ W + b)))
    z = a @ pairs[-1][0] + pairs[-1][1]
    y = numpy.exp(z) / numpy.exp(z).sum(axis=1, keepdims=True)
    assert net.cost(batch) == pytest.approx(-numpy.sum(t * numpy.log(y)), rel=1e-12)
    numpy.testing.assert_allclose(net.forward(batch), y, rtol=1e-12)
    grads = net.gradients(batch)
    for k, (gW, gb) in enumerate(network.gradients(x, t, pairs), start=1):
        numpy.testing.assert_allclose(grads[f"W{k}"], gW, rtol=1e-13)
        numpy.testing.assert_allclose(grads[f"b{k}"], gb, rtol=1e-13)


def test_parameters_are_the_live_arrays_in_layer_order():
    _, _, net = problem()
    names = [name for name, _ in net.parameters]
    assert names == ["W1", "b1", "W2", "b2"]
    net.parameters[0][1][0, 0] = 123.0
    assert net.layers[0].parameters["W"][0, 0] == 123.0
    assert 123.0 in net.parameter_vector
    assert net.parameter_vector.size == 3 * 4 + 4 + 4 * 3 + 3


def test_part_4_draw_order_bias_then_weights():
    net = Sequential.from_sizes((2, 3, 2), numpy.random.RandomState(1), scale=0.5)
    rs = numpy.random.RandomState(1)
    b1, W1, b2, W2 = (rs.randn(1, 3) * 0.5, rs.randn(2, 3) * 0.5, rs.randn(1, 2) * 0.5,
                      rs.randn(3, 2) * 0.5)
    for (_, got), want in zip(net.parameters, [W1, b1, W2, b2]):
        numpy.testing.assert_array_equal(got, want)


def test_part_5_draw_order_weights_only_and_zero_bias():
    net = Sequential.from_sizes((64, 20, 20, 10), numpy.random.RandomState(1), scale=0.1,
                                zero_bias=True, cost="mean")
    rs = numpy.random.RandomState(1)
    expected = [(rs.randn(i, o) * 0.1, numpy.zeros((1, o)))
                for i, o in [(64, 20), (20, 20), (20, 10)]]
    for got, want in zip(network.pairs(net), expected):
        numpy.testing.assert_array_equal(got[0], want[0])
        numpy.testing.assert_array_equal(got[1], want[1])


def test_predict_and_accuracy():
    x, t, net = problem(samples=30)
    batch = net.prepare(x, t)
    predicted = net.predict(batch)
    numpy.testing.assert_array_equal(predicted, net.predict(x))
    assert net.accuracy(batch) == pytest.approx(numpy.mean(predicted == t.argmax(axis=1)))


def test_split_in_order_with_array_split():
    x, t, net = problem(samples=53, sizes=(3, 2))
    parts = net.prepare(x, t).split(25)
    assert [p.size for p in parts] == [27, 26]
    numpy.testing.assert_array_equal(numpy.vstack([p.x for p in parts]), x)
    numpy.testing.assert_array_equal(parts[1].inputs, x[27:].T)


@pytest.mark.parametrize("x_change, t_change, error, name", [
    (lambda x: x[:, :2], None, ValueError, "x"),
    (lambda x: x[0], None, ValueError, "x"),
    (lambda x: x * numpy.nan, None, ValueError, "x"),
    (lambda x: x * numpy.inf, None, ValueError, "x"),
    (lambda x: x.astype(complex), None, TypeError, "x"),
    (lambda x: "x", None, TypeError, "x"),
    (None, lambda t: t[:, :2], ValueError, "t"),
    (None, lambda t: t[:5], ValueError, "t"),
    (None, lambda t: t * 2, ValueError, "t"),
    (None, lambda t: t * numpy.nan, ValueError, "t"),
    (None, lambda t: one_hot(numpy.arange(12) % 4, 4), ValueError, "t"),
])
def test_prepare_names_the_bad_argument(x_change, t_change, error, name):
    x, t, net = problem()
    x = x_change(x) if x_change else x
    t = t_change(t) if t_change else t
    with pytest.raises(error, match=f"^{name}: "):
        net.prepare(x, t)


def test_prepare_uses_the_names_it_is_given():
    x, t, net = problem()
    with pytest.raises(ValueError, match="^t_validation: "):
        net.prepare(x, t * 2, names=("x_validation", "t_validation"))


@settings(max_examples=25)
@given(inputs=st.integers(1, 4), hidden=st.integers(1, 4), classes=st.integers(2, 4),
       wrong=st.integers(1, 6))
def test_layers_whose_sizes_do_not_chain_are_refused(inputs, hidden, classes, wrong):
    if wrong == hidden:
        wrong = hidden + 1
    layers = [Linear(numpy.ones((inputs, hidden)), numpy.zeros((1, hidden))), Logistic(),
              Linear(numpy.ones((wrong, classes)), numpy.zeros((1, classes))),
              SoftmaxCrossEntropy()]
    with pytest.raises(ValueError, match=r"^layers\[2\]: expected"):
        Sequential(layers)


@pytest.mark.parametrize("layers, cost, error, word", [
    ([], "sum", TypeError, "layers"),
    (["not a layer"], "sum", TypeError, "layers"),
    ([Linear(numpy.ones((2, 2)), numpy.zeros((1, 2)))], "sum", ValueError, "layers"),
    ([Linear(numpy.ones((2, 2)), numpy.zeros((1, 2))), SoftmaxCrossEntropy()], "median",
     ValueError, "cost"),
    ([Linear(numpy.ones((2, 1)), numpy.zeros((1, 1))), SoftmaxCrossEntropy()], "sum",
     ValueError, "layers"),
])
def test_bad_networks_are_refused(layers, cost, error, word):
    with pytest.raises(error, match=f"^{word}"):
        Sequential(layers, cost=cost)


@pytest.mark.parametrize("arguments, error, word", [
    ({"sizes": (2,)}, ValueError, "sizes"),
    ({"sizes": (2, 0, 2)}, ValueError, "sizes"),
    ({"sizes": (2, 2.5, 2)}, ValueError, "sizes"),
    ({"random_state": 1}, TypeError, "random_state"),
    ({"random_state": numpy.random.default_rng(1)}, TypeError, "random_state"),
    ({"scale": 0.0}, ValueError, "scale"),
    ({"scale": "big"}, TypeError, "scale"),
])
def test_from_sizes_names_the_bad_argument(arguments, error, word):
    settings_ = {"sizes": (2, 3, 2), "random_state": numpy.random.RandomState(0),
                 **arguments}
    with pytest.raises(error, match=f"^{word}: "):
        Sequential.from_sizes(**settings_)
