"""Bad input tried as a new user would: each case raises an error that names the argument,
or gives the exact finite answer; never a wrong number or NaN."""

from __future__ import annotations

import warnings

import numpy
import pytest

import nncore
from nncore import curvature, linear_regression, logistic_regression, multiclass


def test_a_masked_array_is_refused_not_silently_unmasked():
    masked = numpy.ma.array([0.0, 1.0, 2.0], mask=[False, True, False])
    with pytest.raises(TypeError, match=r"^z: expected a plain array, got a masked array "
                                        r"\(remove the masked entries first, for example "
                                        r"with .compressed\(\)\)$"):
        nncore.logistic(masked)


@pytest.mark.parametrize("classes, error", [(2.5, TypeError), (True, TypeError), (1, ValueError)])
def test_one_hot_names_a_bad_number_of_classes(classes, error):
    with pytest.raises(error, match="^classes: "):
        multiclass.one_hot(numpy.array([0, 1]), classes)


def test_the_cross_entropy_of_logits_at_the_float64_range_is_exact():
    assert multiclass.cross_entropy([[-1e308, 1e308]], [[0.0, 1.0]]) == 0.0
    assert multiclass.cross_entropy([[1e308, 1e308]], [[1.0, 0.0]]) == pytest.approx(
        numpy.log(2.0), rel=1e-15)


def test_a_cross_entropy_beyond_float64_raises_overflow():
    with pytest.raises(OverflowError, match="^cross_entropy: "):
        multiclass.cross_entropy([[1e308, -1e308]], [[0.0, 1.0]])


@pytest.mark.parametrize("y", [[0.5, 0.6], [1.5, -0.5], [0.2, 0.2, 0.2]])
def test_the_softmax_jacobian_wants_a_probability_vector(y):
    with pytest.raises(ValueError, match="^y: expected a softmax output"):
        multiclass.softmax_jacobian(y)


def test_the_softmax_jacobian_of_a_distribution_has_rows_summing_to_zero():
    jacobian = multiclass.softmax_jacobian([0.2, 0.3, 0.5])
    numpy.testing.assert_allclose(jacobian.sum(axis=1), 0.0, atol=1e-16)


def huge_network():
    """The part 4 network with weights of 1e10 and inputs of 1e300: every hidden layer
    overflows to infinity before its logistic function."""
    rs = numpy.random.RandomState(0)
    network = nncore.Sequential.from_sizes((2, 3, 2), rs)
    for _, array in network.parameters:
        array[...] = numpy.sign(rs.randn(*array.shape)) * 1e10
    x = rs.randn(4, 2) * 1e300
    return network, x, network.prepare(x, multiclass.one_hot(numpy.array([0, 1, 0, 1]), 2))


def test_a_network_whose_layers_overflow_gives_finite_costs_and_gradients():
    network, x, batch = huge_network()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = network.cost(batch)
        gradients = network.gradients(batch)
        y = network.forward(x)
    assert numpy.isfinite(cost) and cost > 1e9  # the saturated units' logits differ by 2e10
    assert all(numpy.isfinite(g).all() for g in gradients.values())
    numpy.testing.assert_allclose(y.sum(axis=1), 1.0)


def test_the_input_jacobian_of_an_overflowing_network_names_the_input():
    network, x, _ = huge_network()
    with pytest.raises(OverflowError, match="^x: a layer's value overflows float64"):
        network.input_jacobian(x)


@pytest.mark.parametrize("call", [
    lambda: linear_regression.cost(1e200, [1e200, 1.0], [0.0, 0.0]),
    lambda: linear_regression.gradient(1e200, [1e200, 1.0], [0.0, 0.0]),
    lambda: logistic_regression.cost([1e300, 1e300], [[1e300, 1e300]], [0.0]),
    lambda: curvature.logistic_regression_hessian([1e-300, 0.0], [[1e300, 1e300]] * 3),
])
def test_a_result_beyond_float64_raises_overflow_error_everywhere(call):
    with pytest.raises(OverflowError, match="not finite in float64"):
        call()


def test_newton_names_a_hessian_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"^hessian: expected a 2 x 2 matrix"):
        curvature.newton_descent(lambda w: w, lambda w: numpy.eye(3), [1.0, 2.0], 1)


def test_a_batch_of_one_number_names_the_argument():
    network = nncore.Sequential.from_sizes((2, 3, 2), numpy.random.RandomState(0))
    with pytest.raises(ValueError, match=r"^x: expected shape \(samples, 2\)"):
        network.prepare(numpy.float64(1.0), [[1.0, 0.0]])
