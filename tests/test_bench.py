"""The benchmark's implementations agree (no timing here; timing is `make bench`).

The hand-written NumPy references (plain and tuned) are proven right by central differences,
and nncore, the tuned reference (and PyTorch, when installed) must follow the plain one to
1e-10 from the same data and start.
"""

import os

import numpy
import pytest

from bench import cases, nncore_steps
from bench import reference_numpy as ref
from bench import reference_tuned as tuned
from nncore.sequential import Sequential
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


def small_deep_case():
    """A 5-4-3-3 network of random parameters and 6 random samples: ``(X, T, layers)``."""
    rs = numpy.random.RandomState(0)
    sizes = (5, 4, 3, 3)
    layers = [(rs.randn(i, o), rs.randn(1, o)) for i, o in zip(sizes[:-1], sizes[1:])]
    X = rs.randn(6, sizes[0])
    T = numpy.eye(sizes[-1])[rs.randint(0, sizes[-1], 6)]
    return X, T, layers


def test_digits_reference_gradients_match_central_differences():
    X, T, layers = small_deep_case()
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


def tuned_cases():
    """Part 4's circles, and a 3-5-4 network on random data (the tuned reference is written
    for any sizes inputs-hidden-classes)."""
    yield cases.circles(20)[:3]
    rs = numpy.random.RandomState(3)
    X = rs.randn(7, 3)
    T = numpy.eye(4)[rs.randint(0, 4, 7)]
    yield X, T, [(rs.randn(3, 5), rs.randn(1, 5)), (rs.randn(5, 4), rs.randn(1, 4))]


@pytest.mark.parametrize("case", list(tuned_cases()), ids=["circles", "3-5-4"])
def test_tuned_reference_gradients_match_central_differences(case):
    X, T, start = case
    trainer = tuned.MomentumTraining(X, T, start, 0.1, 0.9)
    cost = trainer.backpropagate()
    analytic = trainer.G.copy()
    numeric = central_differences(trainer.backpropagate, [trainer.P])[0]
    numpy.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    # ... and the plain reference's cost and gradients, in the flat order [W_h; b_h; W_o; b_o]
    params = [a for pair in start for a in pair]
    assert cost == pytest.approx(ref.cost(ref.nn(X, *params), T), rel=1e-12)
    expected = numpy.concatenate([g.ravel() for g in ref.gradients(X, T, *params)])
    numpy.testing.assert_allclose(analytic, expected, rtol=1e-12, atol=1e-14)
    assert float(numpy.abs(analytic).max()) > 1e-3  # not trivially zero


def test_tuned_reference_cost_is_finite_where_a_probability_rounds_to_zero():
    X, T, start, _, _ = cases.circles(20)
    huge = [(W * 1e5, b * 1e5) for W, b in start]
    with numpy.errstate(over="ignore", divide="ignore", invalid="ignore"):
        # (exp(-z) overflows in the hidden layer, harmlessly: sigma(z) = 0)
        assert not numpy.isfinite(ref.cost(ref.nn(X, *[a for p in huge for a in p]), T))
        cost = tuned.MomentumTraining(X, T, huge, 0.1, 0.9).backpropagate()
        network = Sequential.from_pairs(huge)
        assert cost == pytest.approx(network.cost(network.prepare(X, T)), rel=1e-12)
    assert cost > 1e3


def test_tuned_digits_gradients_match_central_differences():
    X, T, layers = small_deep_case()
    trainer = tuned.MinibatchTraining([(X, T)], layers, 0.1)
    batch = trainer.batches[0]
    cost = trainer.backpropagate(*batch)  # the summed cost and its gradient
    analytic = trainer.G.copy()
    numeric = central_differences(lambda: trainer.backpropagate(*batch), [trainer.P])[0]
    numpy.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    assert cost / 6 == pytest.approx(ref.mean_cost(ref.forward(X, layers)[-1], T), rel=1e-12)
    expected = numpy.concatenate([numpy.vstack(pair).ravel() for pair in
                                  ref.mean_gradients(ref.forward(X, layers), T, layers)])
    numpy.testing.assert_allclose(analytic / 6, expected, rtol=1e-12, atol=1e-14)


def test_tuned_momentum_step_returns_the_cost_before_the_update():
    X, T, start, learning_rate, momentum = cases.circles(20)
    trainer = tuned.MomentumTraining(X, T, start, learning_rate, momentum)
    reference = ref.MomentumTraining(X, T, start, learning_rate, momentum)
    before = start
    for _ in range(3):
        params = [a for pair in before for a in pair]
        assert trainer.step() == pytest.approx(ref.cost(ref.nn(X, *params), T), rel=1e-12)
        reference.step()
        before = reference.parameters()
    assert largest_difference(trainer.parameters(), reference.parameters()) <= TOLERANCE


# PyTorch is optional (the "bench" extra): its cases are skipped without it, and it is imported
# only when they run, so that collecting this file stays fast.
IMPLEMENTATIONS = ["nncore_steps", "torch_steps"]


def implementation(name):
    if name == "torch_steps":
        pytest.importorskip("torch")
        from bench import torch_steps

        return torch_steps
    return {"nncore_steps": nncore_steps, "reference_tuned": tuned}[name]


@pytest.mark.parametrize("name", IMPLEMENTATIONS + ["reference_tuned"])
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


@pytest.mark.parametrize("name", IMPLEMENTATIONS + ["reference_tuned"])
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
    for module in [ref, nncore_steps, tuned]:
        module.MomentumTraining(X, T, start, learning_rate, momentum).step()
    assert largest_difference(start, before) == 0.0


def test_digits_case_is_batches_of_25_raw_pixels():
    batches, start, learning_rate = cases.digits()
    assert learning_rate == 0.1
    assert all(x.shape == (25, 64) and t.shape == (25, 10) for x, t in batches)
    assert batches[0][0].max() == 16.0
    assert [W.shape for W, _ in start] == [(64, 20), (20, 20), (20, 10)]


@pytest.fixture(scope="module")
def bench_run():
    """:mod:`bench.run`, imported without keeping the thread settings it puts into the
    environment (they are for `make bench`, not for the other tests' subprocesses)."""
    variables = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in variables}
    try:
        from bench import run
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return run


def test_bench_reports_nncore_over_tuned(bench_run):
    modules = [(name, module) for name, module in bench_run.implementations(False)]
    assert ("tuned NumPy", tuned) in modules
    X, T, start, learning_rate, momentum = cases.circles(20)
    result = bench_run.measure(
        "part4_n100", "part 4", 2,
        lambda module: module.MomentumTraining(X, T, start, learning_rate, momentum),
        modules, repeats=3, agreement_steps=3)
    ratio = result["nncore_over_tuned"]
    assert 0 < ratio["min"] <= ratio["median"] <= ratio["max"]
    assert result["agreement"]["tuned NumPy"]["max_abs_difference"] <= TOLERANCE
    # a case runs the modules that have its training class: all three NumPy ones, here
    for case in bench_run.case_list(0.001):
        runs = [name for name, module in modules if hasattr(module, case[3])]
        assert runs == ["reference NumPy", "nncore", "tuned NumPy"], case[0]


def test_bench_targets_include_nncore_over_tuned_at_both_sizes(bench_run):
    def case(nncore_over_tuned):
        ratio = {"median": 0.5, "min": 0.5, "max": 0.5}
        return {"implementations": {"nncore": {"ratio_to_reference": ratio}},
                "nncore_over_tuned": nncore_over_tuned}

    results = {"part4_n100": case({"median": 1.05, "min": 1.0, "max": 1.2}),
               "part4_n10000": case({"median": 1.3, "min": 1.2, "max": 1.4}),
               "digits_batch25": case(None)}
    found = {t["target"]: t for t in bench_run.targets(results)}
    assert found["nncore / tuned at N = 100"]["met"] is True
    assert found["nncore / tuned at N = 100"]["median"] == 1.05
    assert found["nncore / tuned at N = 10,000"]["met"] is False
    assert found["PyTorch / nncore at N = 100"]["median"] is None  # not run: reported as such
