"""Optimisers and the training loop: hand-computed updates, full batch and minibatches,
early stopping, the progress bar, divergence and bad settings."""

from __future__ import annotations

import io
import warnings

import numpy
import pytest

from nncore.multiclass import one_hot
from nncore.optimisers import (
    DivergenceError,
    GradientDescent,
    Momentum,
    finite_cost,
    stop_early,
    train,
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
    steps = []
    run = train(net, batch, Momentum(0.02, 0.9), epochs=6, after_step=steps.append)
    assert run.epochs == 6 and len(run.train_costs) == 7 and not run.stopped_early
    assert steps == [1, 2, 3, 4, 5, 6] and len(run.validation_costs) == 0
    optimiser = Momentum(0.02, 0.9)
    expected = [optimiser.step(reference, batch) for _ in range(6)] + [reference.cost(batch)]
    numpy.testing.assert_array_equal(run.train_costs, expected)
    numpy.testing.assert_array_equal(run.batch_costs, expected[:-1])
    numpy.testing.assert_array_equal(net.parameter_vector, reference.parameter_vector)
    assert run.train_costs[-1] < run.train_costs[0]


def test_no_epochs_leave_the_network_as_it_was():
    net, batch = problem()
    before = net.parameter_vector.copy()
    run = train(net, batch, GradientDescent(0.1), epochs=0, validation=batch)
    assert run.epochs == 0 and len(run.batch_costs) == 0
    assert list(run.train_costs) == list(run.validation_costs) == [net.cost(batch)]
    numpy.testing.assert_array_equal(net.parameter_vector, before)


def test_minibatch_epoch_is_one_step_per_batch_in_order():
    net, batch = problem(samples=60, cost="mean")
    reference, _ = problem(samples=60, cost="mean")
    run = train(net, batch, GradientDescent(0.5), epochs=2, batch_size=20,
                validation=batch, early_stopping=False)
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
    run = train(net, batch, GradientDescent(0.1), epochs=50, batch_size=10,
                validation=validation_batch)
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
    run = train(net, batch, GradientDescent(0.01), epochs=5, progress=True)
    err = capsys.readouterr().err
    assert err.startswith("\repochs [")
    assert err.endswith(f"] 5/5  cost {run.train_costs[-1]:.4f}\n")
    train(net, batch, GradientDescent(0.01), epochs=5)
    train(net, batch, GradientDescent(0.01), epochs=2, batch_size=20, validation=batch)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_a_divergent_learning_rate_raises():
    net, batch = problem(samples=20)
    big = net.prepare(batch.x * 50, batch.t)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way
        with pytest.raises(DivergenceError, match=r"^the cost is not finite after epoch 1: lower "
                                                  r"the learning rate \(it is 1e\+308\)$"):
            train(net, big, GradientDescent(1e308), epochs=5)
        net, batch = problem(samples=20, cost="mean")
        big = net.prepare(batch.x * 50, batch.t)
        with pytest.raises(DivergenceError, match=r"^the cost is not finite in epoch 1: lower "
                                                  r"the learning rate \(it is 1e\+308\)$"):
            train(net, big, GradientDescent(1e308), epochs=3, batch_size=5, validation=big)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_finite_cost_raises_on_non_finite_values(value):
    with pytest.raises(DivergenceError, match=r"^the cost is not finite after epoch 3: lower "
                                              r"the learning rate \(it is 0.5\)$"):
        finite_cost(value, "after epoch 3", 0.5)
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
    ({"epochs": -1}, ValueError, "epochs"),
    ({"epochs": 2.5}, TypeError, "epochs"),
    ({"epochs": True}, TypeError, "epochs"),
    ({"optimiser": "sgd"}, TypeError, "optimiser"),
    ({"data": (1, 2)}, TypeError, "data"),
    ({"network": None}, TypeError, "network"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": -5}, ValueError, "batch_size"),
    ({"batch_size": 41}, ValueError, "batch_size"),
    ({"batch_size": 2.0}, TypeError, "batch_size"),
    ({"validation": "data"}, TypeError, "validation"),
])
def test_bad_training_settings_name_the_argument(change, error, word):
    net, batch = problem(cost="mean")
    arguments = {"network": net, "data": batch, "optimiser": GradientDescent(0.1),
                 "epochs": 2, "batch_size": 10, "validation": batch, **change}
    with pytest.raises(error, match=f"^{word}: "):
        train(**arguments)


def test_a_batch_prepared_for_another_network_is_refused():
    net, batch = problem()
    other = Sequential.from_sizes((3, 2), numpy.random.RandomState(0))
    with pytest.raises(ValueError, match="^data: prepared for another network"):
        train(other, batch, GradientDescent(0.1), epochs=1)
    with pytest.raises(ValueError, match="^validation: prepared for another network"):
        train(net, batch, GradientDescent(0.1), epochs=1,
              validation=other.prepare(numpy.zeros((2, 3)), numpy.eye(2)))


def test_early_stopping_stops_at_the_first_two_epochs_without_progress():
    net, batch = problem(samples=40, cost="mean")
    _, unrelated = problem(seed=1, samples=40, cost="mean")  # other samples and labels
    validation = net.prepare(unrelated.x, unrelated.t)
    run = train(net, batch, GradientDescent(0.5), epochs=300, batch_size=10,
                validation=validation)
    v = run.validation_costs
    assert run.stopped_early and run.epochs < 300
    assert len(v) == len(run.train_costs) == run.epochs + 1
    assert v[-1] >= v[-2] >= v[-3]
    assert not any(v[k] >= v[k - 1] >= v[k - 2] for k in range(3, len(v) - 1))


def test_without_early_stopping_every_epoch_runs():
    net, batch = problem(samples=40, cost="mean")
    _, unrelated = problem(seed=1, samples=40, cost="mean")
    validation = net.prepare(unrelated.x, unrelated.t)
    run = train(net, batch, GradientDescent(0.5), epochs=40, batch_size=10,
                validation=validation, early_stopping=False)
    assert run.epochs == 40 and not run.stopped_early
    assert len(run.train_costs) == len(run.validation_costs) == 41
    assert len(run.batch_costs) == 40 * 4


@pytest.mark.slow
def test_the_digits_page_prints_what_the_training_loop_computes(site):
    import re

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    html = (site / "chapters" / "digits.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    rs = numpy.random.RandomState(1)
    digits = load_digits()
    x, t = digits.data, one_hot(digits.target, 10)
    x_train, x_rest, t_train, t_rest = train_test_split(x, t, test_size=0.4, random_state=rs)
    x_val, x_test, t_val, t_test = train_test_split(x_rest, t_rest, test_size=0.5,
                                                    random_state=rs)
    net = Sequential.from_sizes((64, 20, 20, 10), rs, scale=0.1, zero_bias=True, cost="mean")
    run = train(net, net.prepare(x_train, t_train), GradientDescent(0.1), epochs=300,
                batch_size=25, validation=net.prepare(x_val, t_val))
    correct = int((net.predict(x_test) == t_test.argmax(axis=1)).sum())
    assert f"initial training cost: {run.train_costs[0]:.4f}" in text
    assert f"stopped after epoch {run.epochs} (early: True)" in text
    assert (f"final training cost: {run.train_costs[-1]:.4f}, "
            f"validation cost: {run.validation_costs[-1]:.4f}") in text
    assert (f"test accuracy: {correct / len(x_test):.4f} "
            f"({correct} / {len(x_test)})") in text
    assert "over 1930 entries" in text and "Gradient check PASSED" in text
    assert "<td>FAIL</td>" not in html and "check FAILED" not in text
    assert not re.findall(r": False\b", text)


def test_the_default_bar_is_30_wide_and_labelled_training():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    ProgressBar(0, stream=stream).update(1, 0.25)  # no steps at all count as one
    assert stream.getvalue() == "\rtraining [" + "#" * 30 + "] 1/1  cost 0.2500"


def test_a_stream_without_isatty_gets_no_bar():
    class Log:
        def write(self, text):
            raise AssertionError(f"wrote {text!r}")

        def flush(self):
            pass

    bar = ProgressBar(5, stream=Log())
    bar.update(5, 1.0)
    bar.close()


@pytest.mark.parametrize("total, draws", [
    (250, 125),  # every second step
    (301, 101),  # every third step, and the last
])
def test_the_bar_redraws_about_100_times_and_at_the_end(total, draws):
    stream = io.StringIO()
    bar = ProgressBar(total, show=True, stream=stream)
    for k in range(1, total + 1):
        bar.update(k, 1.0)
    assert stream.getvalue().count("\r") == draws
    assert stream.getvalue().endswith(f"] {total}/{total}  cost 1.0000")


def test_minibatches_of_one_sample():
    net, batch = problem(samples=3, cost="mean")
    assert [part.size for part in batch.split(1)] == [1, 1, 1]


def test_a_cost_that_overflows_at_the_start_ends_the_run():
    huge = numpy.array([[1e308, -1e308], [1e308, -1e308]])  # the output logits overflow
    net = Sequential.from_pairs([(numpy.eye(2) * 10, numpy.zeros((1, 2))),
                                 (huge, numpy.zeros((1, 2)))])
    batch = net.prepare([[10.0, 10.0]], [[1.0, 0.0]])
    with pytest.raises(DivergenceError, match=r"^the cost is not finite at the start: lower "
                                              r"the learning rate \(it is 0.25\)$"):
        train(net, batch, GradientDescent(0.25), epochs=1)


@pytest.mark.parametrize("change, error, message", [
    ({"network": "net"}, TypeError,
     "^network: expected an nncore.sequential.Sequential, got str$"),
    ({"data": (1, 2)}, TypeError,
     r"^data: expected a Batch from network.prepare\(x, t\), got tuple$"),
    ({"optimiser": "sgd"}, TypeError, "^optimiser: expected GradientDescent or Momentum, got str$"),
    ({"epochs": 2.5}, TypeError, "^epochs: expected an integer, got float$"),
    ({"epochs": -1}, ValueError, "^epochs: expected an integer >= 0, got -1$"),
])
def test_bad_training_settings_say_what_was_expected(change, error, message):
    net, batch = problem()
    arguments = {"network": net, "data": batch, "optimiser": GradientDescent(0.1),
                 "epochs": 2, **change}
    with pytest.raises(error, match=message):
        train(**arguments)


def test_momentum_may_be_zero_and_then_steps_as_gradient_descent():
    net, batch = problem()
    reference, _ = problem()
    Momentum(0.1, 0.0).step(net, batch)
    GradientDescent(0.1).step(reference, batch)
    numpy.testing.assert_array_equal(net.parameter_vector, reference.parameter_vector)
