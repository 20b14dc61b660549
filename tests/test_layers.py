"""The layers: each backward pass against central differences and against the formulas of
the functional code, and the checks of their arguments."""

from __future__ import annotations

import warnings

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncore import _generated, multiclass
from nncore.layers import Gaussian, Linear, Logistic, SoftmaxCrossEntropy
from nncore.multiclass import one_hot


def numeric_input_gradient(layer, a, upstream, epsilon=1e-6):
    """Central differences of sum(upstream * layer.forward(a)) with respect to a."""
    g = numpy.zeros_like(a)
    for index in numpy.ndindex(a.shape):
        saved = a[index]
        a[index] = saved + epsilon
        plus = float(numpy.sum(upstream * layer.forward(a.copy())))
        a[index] = saved - epsilon
        minus = float(numpy.sum(upstream * layer.forward(a.copy())))
        a[index] = saved
        g[index] = (plus - minus) / (2 * epsilon)
    return g


@pytest.mark.parametrize("layer_class", [Logistic, Gaussian])
@pytest.mark.parametrize("seed", range(3))
def test_activation_backward_matches_central_differences(layer_class, seed):
    rs = numpy.random.RandomState(seed)
    z = rs.randn(3, 7) * 2
    upstream = rs.randn(3, 7)
    layer = layer_class()
    layer.forward(z.copy())
    analytic = layer.backward(upstream)
    numeric = numeric_input_gradient(layer, z, upstream)
    numpy.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_logistic_forward_and_slope_match_the_generated_functions():
    z = numpy.concatenate([numpy.linspace(-700, 700, 2001), [-30.0, 0.0, 30.0]])
    layer = Logistic()
    a = layer.forward(z)
    numpy.testing.assert_allclose(a, _generated.logistic(z), rtol=4e-16 * 8, atol=0)
    slope = layer.backward(numpy.ones_like(z))
    # 1 - sigma rounds where sigma is near 1 (an error of about 1e-16 in sigma'), so the
    # comparison allows that much absolute error (principle 4 of the design notes it)
    numpy.testing.assert_allclose(slope, _generated.logistic_derivative(z), rtol=1e-12,
                                  atol=3e-16)


def test_logistic_is_finite_and_zero_where_the_exact_value_is_subnormal():
    layer = Logistic()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning for any finite input
        a = layer.forward(numpy.array([-1e308, -1000.0, -710.0, 1000.0, 1e308]))
    numpy.testing.assert_array_equal(a, [0.0, 0.0, 0.0, 1.0, 1.0])


def test_gaussian_matches_the_generated_rbf_and_its_derivative():
    z = numpy.linspace(-3, 3, 13).reshape(1, -1)
    layer = Gaussian()
    numpy.testing.assert_allclose(layer.forward(z), _generated.rbf(z), rtol=1e-15)
    numpy.testing.assert_allclose(layer.backward(numpy.ones_like(z)),
                                  _generated.rbf_derivative(z), rtol=1e-15, atol=1e-300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = layer.forward(numpy.array([[1e200, -1e308]]))
        numpy.testing.assert_array_equal(h, [[0.0, 0.0]])
        numpy.testing.assert_array_equal(layer.backward(numpy.ones((1, 2))), [[0.0, 0.0]])


def test_linear_backward_matches_central_differences_and_the_formulas():
    rs = numpy.random.RandomState(4)
    W, b = rs.randn(3, 2), rs.randn(1, 2)
    a = rs.randn(3, 5)  # 3 inputs, 5 samples, one column per sample
    upstream = rs.randn(2, 5)
    layer = Linear(W, b)
    layer.forward(a)
    d_input = layer.backward(upstream)
    # the functional formulas, in the pages' layout (one row per sample)
    A, E = a.T, upstream.T
    numpy.testing.assert_allclose(layer.gradients["W"], A.T @ E, rtol=1e-14)
    numpy.testing.assert_allclose(layer.gradients["b"], E.sum(axis=0, keepdims=True),
                                  rtol=1e-14)
    numpy.testing.assert_allclose(d_input.T, E @ W.T, rtol=1e-14)
    # central differences, for the input and for each parameter
    numpy.testing.assert_allclose(d_input, numeric_input_gradient(layer, a, upstream),
                                  rtol=1e-6, atol=1e-9)
    for name in ("W", "b"):
        array = layer.parameters[name]
        for index in numpy.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + 1e-6
            plus = numpy.sum(upstream * layer.forward(a))
            array[index] = saved - 1e-6
            minus = numpy.sum(upstream * layer.forward(a))
            array[index] = saved
            assert layer.gradients[name][index] == pytest.approx(
                (plus - minus) / 2e-6, rel=1e-6, abs=1e-9)


def test_linear_copies_its_arrays():
    W, b = numpy.ones((2, 3)), numpy.zeros((1, 3))
    layer = Linear(W, b)
    layer.parameters["W"][0, 0] = 5.0
    assert W[0, 0] == 1.0


@pytest.mark.parametrize("mean", [False, True])
def test_softmax_cross_entropy_loss_against_central_differences(mean):
    rs = numpy.random.RandomState(2)
    z = rs.randn(4, 6) * 3  # 4 classes, 6 samples
    t = one_hot(rs.randint(0, 4, 6), 4).T.copy()
    layer = SoftmaxCrossEntropy()
    y = layer.forward(z)
    divisor = 6 if mean else 1
    numpy.testing.assert_allclose(y.T, multiclass.softmax(z.T), rtol=1e-14)
    cost, e = layer.loss(z, t, mean)
    assert cost == pytest.approx(multiclass.cross_entropy(z.T, t.T) / divisor, rel=1e-13)
    numpy.testing.assert_allclose(e, (y - t) / divisor, rtol=1e-14)
    numeric = numpy.zeros_like(z)
    for index in numpy.ndindex(z.shape):
        saved = z[index]
        z[index] = saved + 1e-6
        plus = layer.loss(z, t, mean)[0]
        z[index] = saved - 1e-6
        minus = layer.loss(z, t, mean)[0]
        z[index] = saved
        numeric[index] = (plus - minus) / 2e-6
    numpy.testing.assert_allclose(e, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("z, t, cost", [
    ([[1000.0, -1000.0], [-1000.0, 1000.0]], [[0.0, 0.0], [1.0, 1.0]], 2000.0),
    ([[-1e308], [1e308]], [[0.0], [1.0]], 0.0),  # the textbook form gives NaN
    ([[1e308], [1e308]], [[1.0], [0.0]], numpy.log(2.0)),  # log 2 survives beside 1e308
    ([[1000.0], [977.0]], [[1.0], [0.0]], numpy.log1p(numpy.exp(-23.0))),
])
def test_softmax_cross_entropy_is_exact_and_quiet_for_large_logits(z, t, cost):
    layer = SoftmaxCrossEntropy()
    z, t = numpy.array(z), numpy.array(t)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, gradient = layer.loss(z, t)
        y = layer.forward(z)
    # log of a sum that rounds near 1: about 1e-16 absolute error, whatever the cost
    assert value == pytest.approx(cost, rel=1e-12, abs=1e-15)
    assert numpy.isfinite(gradient).all() and numpy.isfinite(y).all()


def test_softmax_cross_entropy_refuses_targets_in_the_other_layout():
    z = numpy.zeros((3, 2))  # 3 classes, 2 samples
    t = numpy.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # 2 rows of 3: the pages' layout
    with pytest.raises(ValueError, match=r"^t: expected the shape of the logits \(3, 2\)"):
        SoftmaxCrossEntropy().loss(z, t)


def test_linear_backward_before_forward_says_so():
    with pytest.raises(RuntimeError, match="call forward first"):
        Linear(numpy.ones((2, 3)), numpy.zeros((1, 3))).backward(numpy.ones((3, 4)))


bad_arrays = st.sampled_from([
    ("text", TypeError), (None, TypeError), (numpy.array([[1 + 1j]]), TypeError),
    (numpy.array([[numpy.nan, 1.0]]), ValueError), (numpy.array([[numpy.inf]]), ValueError),
    (numpy.zeros((0, 2)), ValueError), (numpy.ones(3), ValueError),
])


@settings(max_examples=30)
@given(which=st.sampled_from(["weights", "bias"]), bad=bad_arrays)
def test_linear_names_the_bad_argument(which, bad):
    value, error = bad
    arguments = {"weights": numpy.ones((2, 3)), "bias": numpy.zeros((1, 3))}
    arguments[which] = value
    with pytest.raises(error, match=f"^{which}: "):
        Linear(**arguments)


def test_linear_refuses_a_bias_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"^bias: expected shape \(1, 3\)"):
        Linear(numpy.ones((2, 3)), numpy.zeros((1, 2)))


def test_layers_print_as_the_digits_page_lists_them():
    assert [repr(layer) for layer in (Linear(numpy.ones((64, 20)), numpy.zeros((1, 20))),
                                      Logistic(), Gaussian(), SoftmaxCrossEntropy())] == [
        "Linear(64 → 20)", "Logistic()", "Gaussian()", "SoftmaxCrossEntropy()"]


def test_linear_backward_without_the_input_gradient_returns_none():
    layer = Linear(numpy.ones((2, 3)), numpy.zeros((1, 3)))
    layer.forward(numpy.ones((2, 4)))
    assert layer.backward(numpy.ones((3, 4)), input_gradient=False) is None
    numpy.testing.assert_array_equal(layer.gradients["W"], numpy.full((2, 3), 4.0))


def test_linear_backward_before_forward_says_why():
    with pytest.raises(RuntimeError, match=r"^Linear.backward: call forward first \(the "
                                           r"gradient of W needs the layer's input\)$"):
        Linear(numpy.ones((2, 3)), numpy.zeros((1, 3))).backward(numpy.ones((3, 4)))


@pytest.mark.parametrize("layer_class", [Logistic, Gaussian, SoftmaxCrossEntropy])
def test_an_activation_has_no_parameters_and_no_gradients(layer_class):
    layer = layer_class()
    assert layer.parameters == {} and layer.gradients == {} and layer.inputs is None
    assert layer.outputs(7) == 7
