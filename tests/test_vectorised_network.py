"""The vectorised network of parts 4 and 5 (:class:`nncore.sequential.Sequential`): matrix
formulas (SymPy), gradients and per-layer errors against central differences, and training
against plain NumPy. (The input Jacobian is tested in ``test_curvature.py``.)"""

from __future__ import annotations

import numpy
import pytest

from derivations import network as derivation
from nncore.layers import Linear
from nncore.multiclass import one_hot
from nncore.optimisers import DivergenceError, GradientDescent, Momentum, train
from nncore.sequential import Sequential
from tests.conftest import central_differences


def test_matrix_formulas_match_sympy_on_explicit_matrices():
    check = derivation.check_backward_pass(sizes=(2, 3, 2), samples=2, points=1,
                                           names=("h", "o"))
    assert check.entries == 17
    assert check.passed, check


def test_matrix_formulas_match_sympy_for_two_hidden_layers():
    check = derivation.check_backward_pass(sizes=(2, 2, 2, 2), samples=1, points=1,
                                           names=("1", "2", "3"))
    assert check.entries == 2 * 2 + 2 + 2 * 2 + 2 + 2 * 2 + 2
    assert check.passed, check


def test_a_wrong_hidden_error_is_caught_by_the_sympy_check(monkeypatch):
    original = derivation.matrix_gradients

    def without_slope(X, T, layers, mean):  # forgets sigma'(Z_h) in the first layer's error
        grads = original(X, T, layers, mean)
        activations, _ = derivation.forward(X, layers)
        e = (activations[-1] - T) * layers[1][0].T
        grads[0] = (activations[0].T * e, derivation.sympy.ones(1, X.rows) * e)
        return grads

    monkeypatch.setattr(derivation, "matrix_gradients", without_slope)
    assert not derivation.check_backward_pass(sizes=(2, 2, 2), samples=1, points=1,
                                              names=("h", "o")).passed


def random_problem(seed):
    rng = numpy.random.RandomState(seed)
    depth = rng.randint(1, 4)
    sizes = tuple(int(s) for s in rng.randint(1, 5, size=depth + 1)) + (int(rng.randint(2, 4)),)
    samples = int(rng.randint(1, 8))
    x = rng.randn(samples, sizes[0])
    t = one_hot(rng.randint(0, sizes[-1], samples), sizes[-1])
    net = Sequential.from_sizes(sizes, rng, scale=1.0)
    return net, net.prepare(x, t)


@pytest.mark.parametrize("seed", range(6))
def test_gradients_match_central_differences_for_random_shapes(seed):
    net, batch = random_problem(seed)
    analytic = net.gradients(batch)
    for name, array in net.parameters:
        (numeric,) = central_differences(lambda: net.cost(batch), [array])
        assert analytic[name].shape == array.shape
        numpy.testing.assert_allclose(analytic[name], numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_errors_are_the_gradients_of_the_cost_with_respect_to_each_linear_output(seed):
    net, batch = random_problem(seed)
    errors = net.errors(batch)
    linear = [layer for layer in net.layers if isinstance(layer, Linear)]
    assert len(errors) == len(linear)
    for layer, e in zip(linear, errors):
        # E_l = dxi/dZ_l: shifting Z_l by a constant is shifting b_l, for every sample
        assert e.shape == (batch.size, layer.parameters["b"].shape[1])
        (numeric,) = central_differences(lambda: net.cost(batch), [layer.parameters["b"]])
        numpy.testing.assert_allclose(e.sum(axis=0, keepdims=True), numeric,
                                      rtol=1e-5, atol=1e-7)
    numpy.testing.assert_allclose(errors[-1], net.forward(batch) - batch.t, rtol=1e-15)


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

    errors = None
    for _ in range(iterations + 1):
        H, Y = outputs(Wh, bh, Wo, bo)
        costs.append(-numpy.sum(T * numpy.log(Y)))
        Eo = Y - T
        Eh = H * (1 - H) * (Eo @ Wo.T)
        if errors is None:  # at the start
            errors = (Eh, Eo)
        grads = [x.T @ Eh, Eh.sum(axis=0, keepdims=True), H.T @ Eo,
                 Eo.sum(axis=0, keepdims=True)]
        velocities = [momentum * v - learning_rate * g for v, g in zip(velocities, grads)]
        Wh, bh, Wo, bo = [p + v for p, v in zip((Wh, bh, Wo, bo), velocities)]
    return numpy.array(costs[: iterations + 1]), errors


def test_training_matches_a_plain_numpy_reference():
    rng = numpy.random.RandomState(3)
    x = rng.randn(40, 2)
    t = one_hot((numpy.hypot(x[:, 0], x[:, 1]) < 1).astype(int), 2)
    net = Sequential.from_sizes((2, 3, 2), rng, scale=0.5)
    start = [(net.layers[k].parameters["W"].copy(), net.layers[k].parameters["b"].copy())
             for k in (0, 2)]
    batch = net.prepare(x, t)
    expected_costs, expected_errors = reference_training(x, t, start, 0.02, 0.9, 25)
    for got, want in zip(net.errors(batch), expected_errors):
        numpy.testing.assert_allclose(got, want, rtol=1e-10)
    run = train(net, batch, Momentum(0.02, 0.9), epochs=25)
    numpy.testing.assert_allclose(run.train_costs, expected_costs, rtol=1e-10)
    assert run.train_costs[-1] < run.train_costs[0]


def test_copy_is_a_network_of_its_own():
    rng = numpy.random.RandomState(3)
    net = Sequential.from_sizes((2, 3, 2), rng, scale=0.5, cost="mean")
    copy = net.copy()
    assert list(map(repr, copy.layers)) == list(map(repr, net.layers))
    assert copy.mean and copy.layers[0] is not net.layers[0]
    numpy.testing.assert_array_equal(copy.parameter_vector, net.parameter_vector)
    batch = net.prepare(rng.randn(10, 2), one_hot(rng.randint(0, 2, 10), 2))
    assert copy.cost(batch) == net.cost(batch)
    GradientDescent(0.1).step(copy, batch)
    assert not numpy.array_equal(copy.parameter_vector, net.parameter_vector)


def test_divergence_raises():
    rng = numpy.random.RandomState(0)
    x = rng.randn(20, 2) * 50
    t = one_hot(rng.randint(0, 2, 20), 2)
    net = Sequential.from_sizes((2, 3, 2), rng)
    with pytest.raises(DivergenceError):
        train(net, net.prepare(x, t), GradientDescent(1e306), epochs=5)


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
    net = Sequential.from_sizes((2, 4, 4, 2), rng, scale=0.5)
    run = train(net, net.prepare(x, t), Momentum(0.05, 0.9), epochs=200)
    assert run.train_costs[-1] < 0.5 * run.train_costs[0]
