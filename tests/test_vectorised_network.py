"""The vectorised network: matrix formulas (SymPy), gradients, training and bad inputs."""

from __future__ import annotations

import numpy
import pytest

from derivations import network as derivation
from nncore import network
from nncore.gradient_descent import DivergenceError
from nncore.multiclass import one_hot


def test_matrix_formulas_match_sympy_on_explicit_matrices():
    check = derivation.check_backward_pass(sizes=(2, 3, 2), samples=2, points=1)
    assert check.entries == 17
    assert check.passed, check


def test_matrix_formulas_match_sympy_for_two_hidden_layers():
    check = derivation.check_backward_pass(sizes=(2, 2, 2, 2), samples=1, points=1)
    assert check.entries == 2 * 2 + 2 + 2 * 2 + 2 + 2 * 2 + 2
    assert check.passed, check


def test_a_wrong_hidden_error_is_caught_by_the_sympy_check(monkeypatch):
    original = derivation.matrix_gradients

    def without_slope(X, T, layers):  # forgets sigma'(Z_h) in the first layer's error
        grads = original(X, T, layers)
        activations, _ = derivation.forward(X, layers)
        e = (activations[-1] - T) * layers[1][0].T
        grads[0] = (activations[0].T * e, derivation.sympy.ones(1, X.rows) * e)
        return grads

    monkeypatch.setattr(derivation, "matrix_gradients", without_slope)
    assert not derivation.check_backward_pass(sizes=(2, 2, 2), samples=1, points=1).passed


def central_differences(x, t, parameters, epsilon=1e-6):
    numeric = []
    for W, b in parameters:
        pair = []
        for array in (W, b):
            g = numpy.zeros_like(array)
            for index in numpy.ndindex(array.shape):
                saved = array[index]
                array[index] = saved + epsilon
                plus = network.cost(x, t, parameters)
                array[index] = saved - epsilon
                minus = network.cost(x, t, parameters)
                array[index] = saved
                g[index] = (plus - minus) / (2 * epsilon)
            pair.append(g)
        numeric.append(tuple(pair))
    return numeric


@pytest.mark.parametrize("seed", range(6))
def test_gradients_match_central_differences_for_random_shapes(seed):
    rng = numpy.random.RandomState(seed)
    depth = rng.randint(1, 4)
    sizes = tuple(int(s) for s in rng.randint(1, 5, size=depth + 1)) + (int(rng.randint(2, 4)),)
    samples = int(rng.randint(1, 8))
    x = rng.randn(samples, sizes[0])
    t = one_hot(rng.randint(0, sizes[-1], samples), sizes[-1])
    parameters = network.draw_parameters(rng, sizes, scale=1.0)
    analytic = network.gradients(x, t, parameters)
    numeric = central_differences(x, t, parameters)
    for (aW, ab), (nW, nb) in zip(analytic, numeric):
        assert aW.shape == nW.shape and ab.shape == nb.shape
        numpy.testing.assert_allclose(aW, nW, rtol=1e-5, atol=1e-7)
        numpy.testing.assert_allclose(ab, nb, rtol=1e-5, atol=1e-7)


def reference_training(x, T, parameters, learning_rate, momentum, iterations):
    """Part 4 of the series in plain NumPy, written independently of nncore."""
    (Wh, bh), (Wo, bo) = [(W.copy(), b.copy()) for W, b in parameters]
    velocities = [numpy.zeros_like(p) for p in (Wh, bh, Wo, bo)]
    costs = []

    def outputs(Wh, bh, Wo, bo):
        H = 1 / (1 + numpy.exp(-(x @ Wh + bh)))
        Z = H @ Wo + bo
        Y = numpy.exp(Z) / numpy.exp(Z).sum(axis=1, keepdims=True)
        return H, Y

    for _ in range(iterations + 1):
        H, Y = outputs(Wh, bh, Wo, bo)
        costs.append(-numpy.sum(T * numpy.log(Y)))
        Eo = Y - T
        Eh = H * (1 - H) * (Eo @ Wo.T)
        grads = [x.T @ Eh, Eh.sum(axis=0, keepdims=True), H.T @ Eo,
                 Eo.sum(axis=0, keepdims=True)]
        velocities = [momentum * v - learning_rate * g for v, g in zip(velocities, grads)]
        Wh, bh, Wo, bo = [p + v for p, v in zip((Wh, bh, Wo, bo), velocities)]
    return numpy.array(costs[: iterations + 1])


def test_training_matches_a_plain_numpy_reference():
    rng = numpy.random.RandomState(3)
    x = rng.randn(40, 2)
    t = one_hot((numpy.hypot(x[:, 0], x[:, 1]) < 1).astype(int), 2)
    start = network.draw_parameters(rng, (2, 3, 2), scale=0.5)
    run = network.train(x, t, start, learning_rate=0.02, iterations=25, momentum=0.9)
    expected = reference_training(x, t, start, 0.02, 0.9, 25)
    numpy.testing.assert_allclose(run.costs, expected, rtol=1e-10)
    assert run.costs[-1] < run.costs[0]
    assert len(run.parameters) == 26
    numpy.testing.assert_array_equal(run.parameters[0][0][0], start[0][0])


def test_draw_order_is_bias_then_weights_layer_by_layer():
    drawn = network.draw_parameters(numpy.random.RandomState(1), (2, 3, 2))
    rs = numpy.random.RandomState(1)
    b_h, W_h, b_o, W_o = rs.randn(1, 3), rs.randn(2, 3), rs.randn(1, 2), rs.randn(3, 2)
    for got, want in zip([drawn[0][1], drawn[0][0], drawn[1][1], drawn[1][0]],
                         [b_h, W_h, b_o, W_o]):
        numpy.testing.assert_array_equal(got, want)


def test_divergence_raises():
    rng = numpy.random.RandomState(0)
    x = rng.randn(20, 2) * 50
    t = one_hot(rng.randint(0, 2, 20), 2)
    start = network.draw_parameters(rng, (2, 3, 2))
    with pytest.raises(DivergenceError):
        network.train(x, t, start, learning_rate=1e306, iterations=5)


def good():
    rng = numpy.random.RandomState(0)
    return rng.randn(5, 2), one_hot(numpy.array([0, 1, 1, 0, 1]), 2), \
        network.draw_parameters(rng, (2, 3, 2))


@pytest.mark.parametrize("change, error, word", [
    (lambda x, t, p: (x[:, :1], t, p), ValueError, "x"),
    (lambda x, t, p: (x * numpy.nan, t, p), ValueError, "x"),
    (lambda x, t, p: (x, t[:, :1], p), ValueError, "t"),
    (lambda x, t, p: (x, one_hot(numpy.array([0, 1, 2, 0, 1]), 3), p), ValueError, "t"),
    (lambda x, t, p: (x, t[:4], p), ValueError, "t"),
    (lambda x, t, p: (x, t * 2, p), ValueError, "t"),
    (lambda x, t, p: (x, t, [(p[0][0], p[0][1]), (p[1][0][:2], p[1][1])]), ValueError, "W"),
    (lambda x, t, p: (x, t, [(p[0][0], p[0][1][:, :2]), p[1]]), ValueError, "b"),
    (lambda x, t, p: (x, t, []), TypeError, "parameters"),
])
def test_bad_inputs_raise_errors_naming_the_argument(change, error, word):
    x, t, p = change(*good())
    with pytest.raises(error, match=word):
        network.gradients(x, t, p)


@pytest.mark.parametrize("kwargs, word", [
    ({"learning_rate": 0.0}, "learning_rate"),
    ({"learning_rate": -0.1}, "learning_rate"),
    ({"learning_rate": 0.1, "momentum": 1.0}, "momentum"),
    ({"learning_rate": 0.1, "iterations": -1}, "iterations"),
])
def test_bad_training_settings_raise(kwargs, word):
    x, t, p = good()
    settings = {"iterations": 3, **kwargs}
    with pytest.raises(ValueError, match=word):
        network.train(x, t, p, **settings)


def test_draw_parameters_rejects_bad_arguments():
    with pytest.raises(TypeError, match="random_state"):
        network.draw_parameters(1, (2, 3, 2))
    with pytest.raises(ValueError, match="sizes"):
        network.draw_parameters(numpy.random.RandomState(0), (2,))
    with pytest.raises(ValueError, match="scale"):
        network.draw_parameters(numpy.random.RandomState(0), (2, 2), scale=0)


def test_error_recursion_is_derived_by_the_chain_rule():
    step = derivation.error_recursion(units=3, next_units=2)
    assert step["equal"]
    assert step["jacobian"].shape == (2, 3)
    # without the slope sigma'(z) the chain rule result is not reproduced
    wrong = step["e_next"] * step["W"].T
    assert any(derivation.sympy.expand(a - w) != 0 for a, w in zip(step["chain"], wrong))


def test_training_a_deeper_network_reduces_the_cost():
    rng = numpy.random.RandomState(5)
    x = rng.randn(30, 2)
    t = one_hot((x[:, 0] * x[:, 1] > 0).astype(int), 2)
    start = network.draw_parameters(rng, (2, 4, 4, 2), scale=0.5)
    run = network.train(x, t, start, learning_rate=0.05, iterations=200, momentum=0.9)
    assert run.costs[-1] < 0.5 * run.costs[0]
