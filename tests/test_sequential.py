"""Sequential networks: gradient check, agreement with plain NumPy, parameters, draw
orders, per-layer values, and the checks of their data."""

from __future__ import annotations

import warnings

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    monkeypatch.setattr(Logistic, "backward", lambda self, e, **kw: original(self, e) * 1.01)
    assert not net.gradient_check(batch).passed


def test_gradient_check_leaves_the_parameters_unchanged():
    x, t, net = problem()
    before = net.parameter_vector.copy()
    net.gradient_check(net.prepare(x, t))
    numpy.testing.assert_array_equal(net.parameter_vector, before)


def pairs(net):
    return [(layer.parameters["W"].copy(), layer.parameters["b"].copy())
            for layer in net.layers if isinstance(layer, Linear)]


def test_cost_forward_and_activations_agree_with_plain_numpy():
    x, t, net = problem(samples=20, sizes=(3, 5, 4, 3))
    pairs_ = pairs(net)
    batch = net.prepare(x, t)
    # an independent forward pass in plain NumPy, one row per sample
    a, expected = x, [x]
    for W, b in pairs_[:-1]:
        expected.append(a @ W + b)
        a = 1 / (1 + numpy.exp(-expected[-1]))
        expected.append(a)
    z = a @ pairs_[-1][0] + pairs_[-1][1]
    y = numpy.exp(z) / numpy.exp(z).sum(axis=1, keepdims=True)
    expected += [z, y]
    assert net.cost(batch) == pytest.approx(-numpy.sum(t * numpy.log(y)), rel=1e-12)
    numpy.testing.assert_allclose(net.forward(batch), y, rtol=1e-12)
    numpy.testing.assert_array_equal(net.forward(x), net.forward(batch))
    values = net.activations(x)
    assert len(values) == len(expected) == len(net.layers) + 1
    for got, want in zip(values, expected):
        numpy.testing.assert_allclose(got, want, rtol=1e-12)


def test_mean_cost_and_its_gradients_are_the_sum_over_the_samples():
    x, t, summed = problem(samples=20)
    mean = Sequential.from_pairs(pairs(summed), cost="mean")
    batch = summed.prepare(x, t)
    assert mean.cost(batch) == pytest.approx(summed.cost(batch) / 20, rel=1e-15)
    numpy.testing.assert_allclose(mean.gradients(batch)["W1"],
                                  summed.gradients(batch)["W1"] / 20, rtol=1e-13)


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
    for got, want in zip(pairs(net), expected):
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
    assert [p.size for p in parts] == [27, 26]  # 53 // 25 = 2 batches
    numpy.testing.assert_array_equal(numpy.vstack([p.x for p in parts]), x)
    numpy.testing.assert_array_equal(numpy.vstack([p.t for p in parts]), t)
    numpy.testing.assert_array_equal(parts[1].inputs, x[27:].T)
    numpy.testing.assert_array_equal(parts[1].targets, t[27:].T)
    assert len(net.prepare(x, t).split(53)) == 1


@pytest.mark.parametrize("batch_size, error", [
    (0, ValueError), (-5, ValueError), (54, ValueError), (2.0, TypeError), (True, TypeError),
])
def test_split_names_a_bad_batch_size(batch_size, error):
    x, t, net = problem(samples=53, sizes=(3, 2))
    with pytest.raises(error, match="^batch_size: "):
        net.prepare(x, t).split(batch_size)


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
    ({"sizes": (2, 0, 2)}, ValueError, r"sizes\[1\]"),
    ({"sizes": (2, 2.5, 2)}, TypeError, r"sizes\[1\]"),
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


@pytest.mark.parametrize("cost", ["sum", "mean"])
def test_copy_keeps_the_layers_the_cost_and_the_values(cost):
    rs = numpy.random.RandomState(5)
    net = Sequential([Linear(rs.randn(2, 3), rs.randn(1, 3)), Gaussian(),
                      Linear(rs.randn(3, 2), rs.randn(1, 2)), SoftmaxCrossEntropy()], cost=cost)
    copy = net.copy()
    batch = net.prepare(rs.randn(6, 2), one_hot(rs.randint(0, 2, 6), 2))
    assert [type(layer) for layer in copy.layers] == [type(layer) for layer in net.layers]
    assert copy.cost(batch) == net.cost(batch)
    copy.parameter_vector[0] += 1.0
    assert copy.parameter_vector[0] == net.parameter_vector[0] + 1.0


def test_input_jacobian_through_a_gaussian_layer():
    rs = numpy.random.RandomState(6)
    net = Sequential([Linear(rs.randn(2, 3), rs.randn(1, 3)), Gaussian(),
                      Linear(rs.randn(3, 3), rs.randn(1, 3)), SoftmaxCrossEntropy()])
    x = rs.randn(5, 2)
    jacobian = net.input_jacobian(x)
    for j in range(2):
        step = numpy.zeros(2)
        step[j] = 1e-6
        numeric = (net.forward(x + step) - net.forward(x - step)) / 2e-6
        numpy.testing.assert_allclose(jacobian[:, :, j], numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("x", [[[1e308, 0.0]], [[1e308, 1e308]]])  # inf, inf - inf
def test_an_overflowing_layer_stops_the_input_jacobian_without_a_warning(x):
    W = numpy.array([[10.0, 1.0], [-10.0, 1.0]])
    net = Sequential.from_pairs([(W, numpy.zeros((1, 2))), (numpy.eye(2), numpy.zeros((1, 2)))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(OverflowError,
                           match="^x: a layer's value overflows float64 for these inputs$"):
            net.input_jacobian(x)


def test_predict_picks_the_most_probable_class_of_each_sample():
    net = Sequential.from_pairs([(numpy.array([[1.0, -1.0]]), numpy.zeros((1, 2)))])
    numpy.testing.assert_array_equal(net.predict(numpy.array([[2.0], [-2.0], [3.0]])), [0, 1, 0])


def test_forward_names_bad_samples():
    _, _, net = problem()
    with pytest.raises(TypeError, match="^x: expected real numbers"):
        net.forward("x")
    with pytest.raises(ValueError, match=r"^x: expected shape \(samples, 3\)"):
        net.predict(numpy.ones((2, 2)))


def test_output_logits_beyond_float64_raise_without_a_warning():
    huge = numpy.array([[1e308, -1e308], [1e308, -1e308]])  # two hidden units near 1
    net = Sequential.from_pairs([(numpy.eye(2) * 10, numpy.zeros((1, 2))),
                                 (huge, numpy.zeros((1, 2)))])
    x = numpy.array([[10.0, 10.0]])
    batch = net.prepare(x, [[1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(OverflowError, match="^Sequential.forward: the result is not finite"):
            net.forward(x)
        with pytest.raises(OverflowError, match="^Sequential.cost: the result is not finite"):
            net.cost(batch)
        with pytest.raises(OverflowError, match="^Sequential.gradients: result 0 is not finite"):
            net.gradients(batch)


def test_a_gradient_beyond_float64_is_refused_even_when_the_cost_is_finite():
    net = Sequential([Linear(numpy.zeros((2, 2)), numpy.zeros((1, 2))), SoftmaxCrossEntropy()])
    batch = net.prepare([[1e308, 0.0]] * 4, [[1.0, 0.0]] * 4)  # dW[0, 0] = 4 * 1e308 * -1/2
    assert net.cost(batch) == pytest.approx(4 * numpy.log(2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(OverflowError, match="^Sequential.gradients: result 1 is not finite"):
            net.gradients(batch)


def test_gradient_check_reports_the_tolerances_it_was_given():
    x, t, net = problem()
    report = net.gradient_check(net.prepare(x, t), epsilon=1e-5, tolerance=1e-4,
                                absolute_tolerance=1e-8)
    assert (report.epsilon, report.tolerance, report.absolute_tolerance) == (1e-5, 1e-4, 1e-8)


@pytest.mark.parametrize("layers, message", [
    ([Linear(numpy.ones((2, 2)), numpy.zeros((1, 2))), SoftmaxCrossEntropy(),
      SoftmaxCrossEntropy()],
     "^layers: expected the SoftmaxCrossEntropy output layer last, and only there$"),
    ([SoftmaxCrossEntropy(), Linear(numpy.ones((2, 2)), numpy.zeros((1, 2))),
      SoftmaxCrossEntropy()],
     "^layers: expected the SoftmaxCrossEntropy output layer last, and only there$"),
    ([Logistic(), SoftmaxCrossEntropy()], "^layers: expected at least one Linear layer$"),
])
def test_a_network_needs_a_linear_layer_and_one_softmax_output(layers, message):
    with pytest.raises(ValueError, match=message):
        Sequential(layers)


def test_from_sizes_says_what_random_state_it_wants():
    with pytest.raises(TypeError, match="^random_state: expected a numpy.random.RandomState, "
                                        "got int$"):
        Sequential.from_sizes((2, 2), 1)
