"""Optimisers and training loops: hand-computed updates, minibatches, early stopping, the
progress bar, divergence and bad settings."""

from __future__ import annotations

import io

import numpy
import pytest

from nncore.gradient_descent import DivergenceError, finite_cost
from nncore.multiclass import one_hot
from nncore.optimisers import (
    GradientDescent,
    Momentum,
    stop_early,
    train_full_batch,
    train_minibatches,
)
from nncore.progress import ProgressBar
from nncore.sequential import Sequential


def problem(seed=0, samples=40, sizes=(2, 3, 2), cost="sum"):
    rs = numpy.random.RandomState(seed)
    x = rs.randn(samples, sizes[0])
    t = one_hot((numpy.hypot(x[:, 0], x[:, 1]) < 1).astype(int), 2)
    net = Sequential.from_sizes(sizes, rs, scale=0.5, cost=cost)
    return net, net.prepare(x, t)


def test_gradient_descent_step_by_hand():
    net, batch = problem()
    before = net.parameter_vector.copy()
    gradient = numpy.concatenate([g.ravel() for g in net.gradients(batch).values()])
    cost = net.cost(batch)
    returned = GradientDescent(0.3).step(net, batch)
    assert returned == cost  # the cost before the update, from the same forward pass
    numpy.testing.assert_allclose(net.parameter_vector, before - 0.3 * gradient, rtol=1e-15)


def test_momentum_steps_by_hand():
    net, batch = problem()
    optimiser = Momentum(0.05, 0.9)
    P = net.parameter_vector.copy()
    V = numpy.zeros_like(P)
    for _ in range(3):
        g = numpy.concatenate([g.ravel() for g in net.gradients(batch).values()])
        V = 0.9 * V - 0.05 * g
        P = P + V
        optimiser.step(net, batch)
        numpy.testing.assert_allclose(net.parameter_vector, P, rtol=1e-13, atol=1e-15)
    numpy.testing.assert_allclose(optimiser.velocity, V, rtol=1e-13, atol=1e-15)


def test_momentum_restarts_its_velocity_on_another_network():
    first, batch = problem()
    second, _ = problem()
    optimiser = Momentum(0.05, 0.9)
    optimiser.step(first, batch)
    optimiser.step(first, batch)
    expected, _ = problem()
    GradientDescent(0.05).step(expected, batch)
    optimiser.step(second, batch)  # a fresh velocity: one plain step
    numpy.testing.assert_allclose(second.parameter_vector, expected.parameter_vector,
                                  rtol=1e-15)


def test_full_batch_costs_are_before_and_after_each_update():
    net, batch = problem()
    reference, _ = problem()
    run = train_full_batch(net, batch, Momentum(0.02, 0.9), iterations=6)
    assert run.iterations == 6 and len(run.costs) == 7
    optimiser = Momentum(0.02, 0.9)
    expected = [optimiser.step(reference, batch) for _ in range(6)] + [reference.cost(batch)]
    numpy.testing.assert_array_equal(run.costs, expected)
    numpy.testing.assert_array_equal(net.parameter_vector, reference.parameter_vector)
    assert run.costs[-1] < run.costs[0]


def test_minibatch_epoch_is_one_step_per_batch_in_order():
    net, batch = problem(samples=60, cost="mean")
    reference, _ = problem(samples=60, cost="mean")
    run = train_minibatches(net, batch, batch, GradientDescent(0.5), batch_size=20,
                            max_epochs=2, early_stopping=False)
    optimiser = GradientDescent(0.5)
    costs = [optimiser.step(reference, part) for _ in range(2) for part in batch.split(20)]
    numpy.testing.assert_array_equal(run.batch_costs, costs)
    numpy.testing.assert_array_equal(net.parameter_vector, reference.parameter_vector)
    assert run.epochs == 2 and len(run.train_costs) == len(run.validation_costs) == 3
    assert run.train_costs[-1] == reference.cost(batch)


@pytest.mark.parametrize("curve, stops_after", [
    ([5, 4, 3, 2, 1, 1, 1, 0], 6),  # 1 >= 1 >= 1 after epoch 6 (the first value is epoch 0)
    ([5, 4, 3, 3.5, 3.6, 2], 4),    # 3.6 >= 3.5 >= 3: two epochs without progress
    ([5, 4, 4.5, 4.2, 4.3, 4.1, 4.4, 4.6], 7),
    ([5, 4, 3, 2, 1, 0.5], None),   # always improving: runs to the end
    ([5, 6, 7], None),              # needs three epochs before it may stop
])
def test_stop_early_on_synthetic_validation_curves(curve, stops_after):
    found = None
    for k in range(1, len(curve)):
        if stop_early(curve[: k + 1]):
            found = k
            break
    assert found == stops_after


def test_training_stops_exactly_at_the_first_epoch_the_rule_allows(monkeypatch):
    net, batch = problem(samples=40, cost="mean")
    validation_batch = net.prepare(batch.x.copy(), batch.t)  # its own batch object
    curve = iter([3.0, 2.0, 1.0, 1.5, 1.7, 0.5, 0.4])  # stop after epoch 4
    original = Sequential.cost

    def cost(self, b):
        return next(curve) if b is validation_batch else original(self, b)

    monkeypatch.setattr(Sequential, "cost", cost)
    run = train_minibatches(net, batch, validation_batch, GradientDescent(0.1),
                            batch_size=10, max_epochs=50)
    assert run.stopped_early and run.epochs == 4
    assert list(run.validation_costs) == [3.0, 2.0, 1.0, 1.5, 1.7]
    assert len(run.batch_costs) == 4 * 4


def test_progress_bar_is_drawn_when_asked_and_silent_otherwise():
    stream = io.StringIO()
    bar = ProgressBar(4, "epochs", show=True, stream=stream, width=8)
    for k in range(1, 5):
        bar.update(k, 1.0 / k)
    bar.close()
    text = stream.getvalue()
    assert text.count("\r") == 4 and text.endswith("\n")
    assert "\repochs [##......] 1/4  cost 1.0000" in text
    assert "\repochs [########] 4/4  cost 0.2500" in text
    quiet = io.StringIO()  # not a terminal: no bar unless asked
    bar = ProgressBar(4, stream=quiet)
    bar.update(4, 0.1)
    bar.close()
    assert quiet.getvalue() == ""


def test_progress_bar_follows_the_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    bar = ProgressBar(3, stream=stream)
    bar.update(3, 0.5)
    assert stream.getvalue().startswith("\rtraining [")


def test_training_writes_a_bar_to_stderr_only_when_asked(capsys):
    net, batch = problem()
    train_full_batch(net, batch, GradientDescent(0.01), iterations=5, progress=True)
    assert "\rfull batch [" in capsys.readouterr().err
    train_full_batch(net, batch, GradientDescent(0.01), iterations=5)
    train_minibatches(net, batch, batch, GradientDescent(0.01), batch_size=20, max_epochs=2)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_a_divergent_learning_rate_raises():
    net, batch = problem(samples=20)
    big = net.prepare(batch.x * 50, batch.t)
    with pytest.raises(DivergenceError, match="not finite"):
        train_full_batch(net, big, GradientDescent(1e308), iterations=5)
    net, batch = problem(samples=20, cost="mean")
    big = net.prepare(batch.x * 50, batch.t)
    with pytest.raises(DivergenceError, match="not finite (in|after) epoch 1"):
        train_minibatches(net, big, big, GradientDescent(1e308), batch_size=5, max_epochs=3)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_finite_cost_raises_on_non_finite_values(value):
    with pytest.raises(DivergenceError, match="after update 3: lower the learning rate"):
        finite_cost(value, "after update 3", 0.5)
    assert finite_cost(numpy.float64(2.5), "x", 0.5) == 2.5


@pytest.mark.parametrize("make, error, word", [
    (lambda: GradientDescent(0), ValueError, "learning_rate"),
    (lambda: GradientDescent(-1.0), ValueError, "learning_rate"),
    (lambda: GradientDescent(float("nan")), ValueError, "learning_rate"),
    (lambda: GradientDescent("0.1"), TypeError, "learning_rate"),
    (lambda: Momentum(0.0, 0.5), ValueError, "learning_rate"),
    (lambda: Momentum(0.1, 1.0), ValueError, "momentum"),
    (lambda: Momentum(0.1, -0.1), ValueError, "momentum"),
    (lambda: Momentum(0.1, "0.9"), TypeError, "momentum"),
    (lambda: Momentum(0.1, True), TypeError, "momentum"),
])
def test_bad_optimiser_settings_name_the_argument(make, error, word):
    with pytest.raises(error, match=f"^{word}: "):
        make()


@pytest.mark.parametrize("change, error, word", [
    ({"iterations": -1}, ValueError, "iterations"),
    ({"iterations": 2.5}, TypeError, "iterations"),
    ({"iterations": True}, TypeError, "iterations"),
    ({"optimiser": "sgd"}, TypeError, "optimiser"),
    ({"batch": (1, 2)}, TypeError, "batch"),
    ({"network": None}, TypeError, "network"),
])
def test_bad_full_batch_settings_name_the_argument(change, error, word):
    net, batch = problem()
    arguments = {"network": net, "batch": batch, "optimiser": GradientDescent(0.1),
                 "iterations": 2, **change}
    with pytest.raises(error, match=f"^{word}: "):
        train_full_batch(**arguments)


@pytest.mark.parametrize("change, error, word", [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": -5}, ValueError, "batch_size"),
    ({"batch_size": 41}, ValueError, "batch_size"),
    ({"batch_size": 2.0}, TypeError, "batch_size"),
    ({"max_epochs": 0}, ValueError, "max_epochs"),
    ({"max_epochs": 1.5}, TypeError, "max_epochs"),
    ({"validation": "data"}, TypeError, "validation"),
])
def test_bad_minibatch_settings_name_the_argument(change, error, word):
    net, batch = problem(cost="mean")
    arguments = {"network": net, "train": batch, "validation": batch,
                 "optimiser": GradientDescent(0.1), "batch_size": 10, "max_epochs": 2,
                 **change}
    with pytest.raises(error, match=f"^{word}: "):
        train_minibatches(**arguments)


def test_a_batch_prepared_for_another_network_is_refused():
    net, batch = problem()
    other = Sequential.from_sizes((3, 2), numpy.random.RandomState(0))
    with pytest.raises(ValueError, match="^batch: prepared for another network"):
        train_full_batch(other, batch, GradientDescent(0.1), iterations=1)
