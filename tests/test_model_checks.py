"""The models of parts 1 to 3 check every argument of every function: a bad weight, input or
target raises an error naming it, and a result beyond float64 names the function."""

from __future__ import annotations

import re
import warnings

import numpy
import pytest

from nncore import linear_regression, logistic_regression, rbf_network

# (function, good weights, good inputs, good targets or None when it takes none)
FUNCTIONS = [
    (linear_regression.predict, 1.0, [1.0, 2.0], None),
    (linear_regression.cost, 1.0, [1.0, 2.0], [0.0, 1.0]),
    (linear_regression.gradient, 1.0, [1.0, 2.0], [0.0, 1.0]),
    (logistic_regression.probability, [1.0, 2.0], [[1.0, 2.0]], None),
    (logistic_regression.classify, [1.0, 2.0], [[1.0, 2.0]], None),
    (logistic_regression.cost, [1.0, 2.0], [[1.0, 2.0]], [1.0]),
    (logistic_regression.gradient, [1.0, 2.0], [[1.0, 2.0]], [1.0]),
    (rbf_network.forward, [1.0, 2.0], [1.0, 2.0], None),
    (rbf_network.classify, [1.0, 2.0], [1.0, 2.0], None),
    (rbf_network.backward, [1.0, 2.0], [1.0, 2.0], [0.0, 1.0]),
    (rbf_network.cost, [1.0, 2.0], [1.0, 2.0], [0.0, 1.0]),
    (rbf_network.gradient, [1.0, 2.0], [1.0, 2.0], [0.0, 1.0]),
]
IDS = [f"{f.__module__.split('.')[-1]}.{f.__name__}" for f, *_ in FUNCTIONS]


def call(function, w, x, t):
    return function(w, x) if t is None else function(w, x, t)


@pytest.mark.parametrize("function, w, x, t", FUNCTIONS, ids=IDS)
def test_every_function_names_a_bad_weight(function, w, x, t):
    wrong = numpy.append(w, 0.0)  # one weight too many
    shape = re.escape(str(numpy.shape(w)))
    with pytest.raises(ValueError, match=rf"^w: expected shape {shape}, got"):
        call(function, wrong, x, t)
    with pytest.raises(TypeError, match="^w: expected real numbers"):
        call(function, "w", x, t)


@pytest.mark.parametrize("function, w, x, t", FUNCTIONS, ids=IDS)
def test_every_function_names_bad_inputs(function, w, x, t):
    x = numpy.array(x)
    shape = "samples," if x.ndim == 1 else "samples, 2"
    with pytest.raises(ValueError, match=rf"^x: expected shape \({shape}\), one row per "
                                         rf"sample, got \(1, 1, 2\)"):
        call(function, w, numpy.ones((1, 1, 2)), t)


@pytest.mark.parametrize("function, w, x, t",
                         [f for f in FUNCTIONS if f[3] is not None],
                         ids=[i for i, f in zip(IDS, FUNCTIONS) if f[3] is not None])
def test_every_function_names_bad_targets(function, w, x, t):
    with pytest.raises(ValueError, match=rf"^t: expected shape \({len(t)},\), one target per "
                                         r"sample of x, got \(3,\)"):
        function(w, x, [0.0, 1.0, 0.0])
    with pytest.raises(TypeError, match="^t: expected real numbers"):
        function(w, x, "t")
    if function.__module__ != "nncore.linear_regression":  # classifiers: labels 0 or 1
        with pytest.raises(ValueError, match="^t: expected class labels 0 or 1"):
            function(w, x, numpy.full(len(t), 0.5))


@pytest.mark.parametrize("function, w, x, t", [
    # each sample's term is finite; their sum is not
    (linear_regression.cost, 1.0, [9e153] * 3, [0.0] * 3),
    (linear_regression.gradient, 1.0, [9e153] * 3, [0.0] * 3),
    (logistic_regression.cost, [-1.0, -1.0], [[1e308, 0.0]] * 2, [1.0, 1.0]),
    (logistic_regression.gradient, [0.5, 0.5], [[1e308, 1e308]] * 2, [0.0, 0.0]),
    (rbf_network.cost, [1.0, -1e308], [0.0, 0.0], [1.0, 1.0]),
    (rbf_network.gradient, [1.0, -1e308], [0.7] * 4, [1.0] * 4),
], ids=lambda v: getattr(v, "__name__", None))
def test_a_sum_beyond_float64_names_the_function(function, w, x, t):
    name = f"{function.__module__.split('.')[-1]}.{function.__name__}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(OverflowError, match=rf"^{re.escape(name)}: the result is not "
                                                rf"finite"):
            function(w, x, t)


def test_classes_are_integers():
    assert logistic_regression.classify([1.0, 1.0], [[1.0, 1.0], [-1.0, 0.0]]).tolist() == [1, 0]
    assert logistic_regression.classify([1.0, 1.0], [[1.0, 1.0]]).dtype.kind == "i"
    assert rbf_network.classify([0.0, 2.0], [0.0]).dtype.kind == "i"


def test_an_output_of_exactly_one_half_is_class_0():
    # the logit is 0: y = 1/2, and the series rounds 1/2 down
    assert logistic_regression.classify([0.0, 0.0], [[1.0, 1.0]]).tolist() == [0]
    assert rbf_network.classify([0.0, 1.0], [3.0]).tolist() == [0]  # h = 1, z_o = 1 - 1


def test_the_rbf_forward_pass_keeps_every_value():
    values = rbf_network.forward([1.0, 2.0], [0.0, 1.0])
    e = numpy.exp(-1.0)
    numpy.testing.assert_array_equal(values.x, [0.0, 1.0])
    numpy.testing.assert_array_equal(values.hidden_logit, [0.0, 1.0])
    numpy.testing.assert_allclose(values.hidden, [1.0, e], rtol=1e-15)
    numpy.testing.assert_allclose(values.output_logit, [1.0, 2 * e - 1], rtol=1e-15)
    numpy.testing.assert_allclose(values.output, 1 / (1 + numpy.exp(-values.output_logit)),
                                  rtol=1e-15)
