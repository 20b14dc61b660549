"""Minibatch gradient descent with early stopping: batches, mean gradients,
the stopping rule, divergence and bad input."""

from __future__ import annotations

import numpy
import pytest

from nncore import minibatch, network
from nncore.gradient_descent import DivergenceError
from nncore.multiclass import one_hot


def small_problem(seed=0, samples=60, classes=3):
    rs = numpy.random.RandomState(seed)
    x = rs.randn(samples, 4)
    t = one_hot(rs.randint(0, classes, samples), classes)
    parameters = network.draw_parameters(rs, (4, 5, classes), scale=0.5)
    return x, t, parameters


def test_batches_split_in_order_with_array_split():
    x = numpy.arange(106.0).reshape(53, 2)
    t = numpy.arange(53.0).reshape(53, 1)
    split = minibatch.batches(x, t, 25)
    assert [len(b) for b, _ in split] == [27, 26]  # 53 // 25 = 2 batches
    numpy.testing.assert_array_equal(numpy.vstack([b for b, _ in split]), x)
    numpy.testing.assert_array_equal(split[1][1][:, 0], numpy.arange(27, 53))


def test_mean_gradients_match_central_differences_of_the_mean_cost():
    x, t, parameters = small_problem()
    analytic = minibatch.mean_gradients(x, t, parameters)
    for (W, b), (gW, gb) in zip(parameters, analytic):
        for array, gradient in ((W, gW), (b, gb)):
            for index in numpy.ndindex(array.shape):
                saved = array[index]
                array[index] = saved + 1e-6
                plus = minibatch.mean_cost(x, t, parameters)
                array[index] = saved - 1e-6
                minus = minibatch.mean_cost(x, t, parameters)
                array[index] = saved
                assert gradient[index] == pytest.approx(
                    (plus - minus) / 2e-6, rel=1e-6, abs=1e-9)


def test_mean_cost_is_the_summed_cost_over_the_samples():
    x, t, parameters = small_problem()
    assert minibatch.mean_cost(x, t, parameters) == pytest.approx(
        network.cost(x, t, parameters) / len(x), rel=1e-15)


def test_one_epoch_takes_one_step_per_batch_in_order():
    x, t, parameters = small_problem()
    run = minibatch.train(x, t, x, t, parameters, learning_rate=0.5,
                          batch_size=20, max_epochs=1)
    expected = parameters
    for x_b, t_b in minibatch.batches(x, t, 20):
        grads = minibatch.mean_gradients(x_b, t_b, expected)
        expected = [(W - 0.5 * gW, b - 0.5 * gb)
                    for (W, b), (gW, gb) in zip(expected, grads)]
    for (W, b), (W_e, b_e) in zip(run.final, expected):
        numpy.testing.assert_allclose(W, W_e, rtol=1e-14)
        numpy.testing.assert_allclose(b, b_e, rtol=1e-14)
    assert len(run.batch_costs) == 3 and run.epochs == 1
    assert len(run.train_costs) == len(run.validation_costs) == 2


def test_early_stopping_stops_at_the_first_two_epochs_without_progress():
    x, t, parameters = small_problem(samples=40)
    x_val, t_val, _ = small_problem(seed=1, samples=40)  # unrelated labels
    run = minibatch.train(x, t, x_val, t_val, parameters, learning_rate=0.5,
                          batch_size=10, max_epochs=300)
    v = run.validation_costs
    assert run.stopped_early and run.epochs < 300
    assert len(v) == run.epochs + 1
    assert v[-1] >= v[-2] >= v[-3]
    assert not any(v[k] >= v[k - 1] >= v[k - 2] for k in range(3, len(v) - 1))


def test_without_early_stopping_every_epoch_runs():
    x, t, parameters = small_problem(samples=40)
    x_val, t_val, _ = small_problem(seed=1, samples=40)
    run = minibatch.train(x, t, x_val, t_val, parameters, learning_rate=0.5,
                          batch_size=10, max_epochs=40, early_stopping=False)
    assert run.epochs == 40 and not run.stopped_early
    assert len(run.train_costs) == 41


def test_a_non_finite_cost_stops_training_with_an_error():
    x, t, parameters = small_problem()
    x = x * 50  # large inputs and a huge rate: the parameters overflow in epoch 1
    with pytest.raises(DivergenceError, match="not finite (in|after) epoch 1"):
        minibatch.train(x, t, x, t, parameters, learning_rate=1e308,
                        batch_size=10, max_epochs=5)


@pytest.mark.parametrize("change, error, message", [
    ({"learning_rate": 0}, ValueError, "^learning_rate: "),
    ({"learning_rate": -0.1}, ValueError, "^learning_rate: "),
    ({"batch_size": 0}, ValueError, "^batch_size: "),
    ({"batch_size": 61}, ValueError, "^batch_size: "),
    ({"batch_size": 2.5}, TypeError, "^batch_size: "),
    ({"max_epochs": 0}, ValueError, "^max_epochs: "),
    ({"max_epochs": 1.5}, TypeError, "^max_epochs: "),
    ({"x": numpy.full((60, 4), numpy.nan)}, ValueError, "^x: .*finite"),
    ({"x": numpy.ones((60, 3))}, ValueError, "^x: "),
    ({"t": numpy.ones((60, 2))}, ValueError, "^t: "),
    ({"t_validation": numpy.ones((60, 2))}, ValueError, "^t_validation: "),
    ({"x_validation": numpy.ones((60, 5))}, ValueError, "^x"),
])
def test_bad_input_raises_an_error_naming_the_argument(change, error,
                                                       message):
    x, t, parameters = small_problem()
    arguments = {"x": x, "t": t, "x_validation": x, "t_validation": t,
                 "parameters": parameters, "learning_rate": 0.1,
                 "batch_size": 20, "max_epochs": 2}
    arguments.update(change)
    with pytest.raises(error, match=message):
        minibatch.train(**arguments)


@pytest.mark.slow
def test_the_digits_page_prints_what_the_code_computes():
    import os
    import re

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    from tests.conftest import ROOT

    site = os.environ.get("BACKPROP_SITE")
    if not site:
        pytest.skip("set BACKPROP_SITE to a built site (make test does)")
    page = (ROOT / site).resolve() / "chapters" / "digits.html"
    html = page.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    rs = numpy.random.RandomState(1)
    digits = load_digits()
    x, t = digits.data, one_hot(digits.target, 10)
    x_train, x_rest, t_train, t_rest = train_test_split(
        x, t, test_size=0.4, random_state=rs)
    x_val, x_test, t_val, t_test = train_test_split(
        x_rest, t_rest, test_size=0.5, random_state=rs)
    sizes = (64, 20, 20, 10)
    start = [(rs.randn(n_in, n_out) * 0.1, numpy.zeros((1, n_out)))
             for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    run = minibatch.train(x_train, t_train, x_val, t_val, start)
    correct = int((network.predict(x_test, run.final)
                   == t_test.argmax(axis=1)).sum())
    assert f"initial training cost: {run.train_costs[0]:.4f}" in text
    assert f"stopped after epoch {run.epochs} (early: True)" in text
    assert (f"final training cost: {run.train_costs[-1]:.4f}, "
            f"validation cost: {run.validation_costs[-1]:.4f}") in text
    assert (f"test accuracy: {correct / len(x_test):.4f} "
            f"({correct} / {len(x_test)})") in text
    assert "Gradient check PASSED: 1930 entries" in text
    assert "<td>FAIL</td>" not in html and "check FAILED" not in text
    assert not re.findall(r": False\b", text)
