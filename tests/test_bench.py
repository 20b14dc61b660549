"""The benchmark's implementations agree (no timing here; timing is `make bench`).

The hand-written NumPy reference is proven right by central differences, and nncore (and
PyTorch, when installed) must follow it to 1e-10 from the same data and start.
"""

import numpy
import pytest

from bench import cases, nncore_steps
from bench import reference_numpy as ref
from tests.conftest import central_differences

TOLERANCE = 1e-10


def largest_difference(parameters, others):
    return max(float(numpy.abs(a - b).max())
               for pair, other in zip(parameters, others) for a, b in zip(pair, other))


def test_part4_reference_gradients_match_central_differences():
    X, T, start, _, _ = cases.circles(20)
    params = [a.copy() for pair in start for a in pair]  # W_h, b_h, W_o, b_o
    analytic = ref.gradients(X, T, *params)
    numeric = central_differences(lambda: ref.cost(ref.nn(X, *params), T), params)
    for a, n in zip(analytic, numeric):
        assert a.shape == n.shape
        numpy.testing.assert_allclose(a, n, rtol=1e-6, atol=1e-8)
    assert max(float(numpy.abs(a).max()) for a in analytic) > 1e-3  # not trivially zero


def test_digits_reference_gradients_match_central_differences():
    rs = numpy.random.RandomState(0)
    sizes = (5, 4, 3, 3)
    layers = [(rs.randn(i, o), rs.randn(1, o)) for i, o in zip(sizes[:-1], sizes[1:])]
    X = rs.randn(6, sizes[0])
    T = numpy.eye(sizes[-1])[rs.randint(0, sizes[-1], 6)]
    analytic = [g for pair in ref.mean_gradients(ref.forward(X, layers), T, layers)
                for g in pair]
    numeric = central_differences(lambda: ref.mean_cost(ref.forward(X, layers)[-1], T),
                                  [a for pair in layers for a in pair])
    for a, n in zip(analytic, numeric):
        numpy.testing.assert_allclose(a, n, rtol=1e-6, atol=1e-9)


def test_reference_momentum_step_is_the_series_update():
    X, T, start, learning_rate, momentum = cases.circles(20)
    trainer = ref.MomentumTraining(X, T, start, learning_rate, momentum)
    params = [a for pair in start for a in pair]
    velocities = [numpy.zeros_like(p) for p in params]
    for _ in range(3):
        grads = ref.gradients(X, T, *params)
        velocities = [momentum * v - learning_rate * g for v, g in zip(velocities, grads)]
        params = [p + v for p, v in zip(params, velocities)]
        cost = trainer.step()
    assert cost == pytest.approx(ref.cost(ref.nn(X, *params), T), rel=1e-12)
    expected = [(params[0], params[1]), (params[2], params[3])]
    assert largest_difference(trainer.parameters(), expected) == 0.0
    assert largest_difference(trainer.parameters(), start) > 1e-4  # it moved


# PyTorch is optional (the "bench" extra): its cases are skipped without it, and it is imported
# only when they run, so that collecting this file stays fast.
IMPLEMENTATIONS = ["nncore_steps", "torch_steps"]


def implementation(name):
    if name == "torch_steps":
        pytest.importorskip("torch")
        from bench import torch_steps

        return torch_steps
    return nncore_steps


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_momentum_steps_agree_with_the_reference(name):
    module = implementation(name)
    X, T, start, learning_rate, momentum = cases.circles(20)
    reference = ref.MomentumTraining(X, T, start, learning_rate, momentum)
    other = module.MomentumTraining(X, T, start, learning_rate, momentum)
    for _ in range(5):
        reference.step()
        assert numpy.isfinite(other.step())
    assert largest_difference(other.parameters(), reference.parameters()) <= TOLERANCE
    assert largest_difference(reference.parameters(), start) > 1e-4


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_minibatch_steps_agree_with_the_reference(name):
    module = implementation(name)
    batches, start, learning_rate = cases.digits()
    reference = ref.MinibatchTraining(batches[:3], start, learning_rate)
    other = module.MinibatchTraining(batches[:3], start, learning_rate)
    for _ in range(5):  # wraps around the three batches
        reference_cost, other_cost = reference.step(), other.step()
        assert other_cost == pytest.approx(reference_cost, rel=1e-10)
    assert largest_difference(other.parameters(), reference.parameters()) <= TOLERANCE
    assert largest_difference(reference.parameters(), start) > 1e-4


def test_the_training_objects_do_not_change_the_start():
    X, T, start, learning_rate, momentum = cases.circles(20)
    before = [(W.copy(), b.copy()) for W, b in start]
    for module in [ref, nncore_steps]:
        module.MomentumTraining(X, T, start, learning_rate, momentum).step()
    assert largest_difference(start, before) == 0.0


def test_digits_case_is_batches_of_25_raw_pixels():
    batches, start, learning_rate = cases.digits()
    assert learning_rate == 0.1
    assert all(x.shape == (25, 64) and t.shape == (25, 10) for x, t in batches)
    assert batches[0][0].max() == 16.0
    assert [W.shape for W, _ in start] == [(64, 20), (20, 20), (20, 10)]
