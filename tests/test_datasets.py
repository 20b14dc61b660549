"""The series' datasets: the draws of a RandomState(1), in the series' order, and nothing else."""

from __future__ import annotations

import numpy
import pytest

from nncore import datasets


def test_noisy_line_draws_inputs_then_noise():
    state = numpy.random.RandomState(1)
    x_expected = state.uniform(0, 1, 20)
    noise = state.randn(20) * 0.2
    x, t = datasets.noisy_line(numpy.random.RandomState(1))
    numpy.testing.assert_array_equal(x, x_expected)
    numpy.testing.assert_array_equal(t, 2 * x_expected + noise)
    # The first uniform draw of seed 1, as every NumPy since 1.0 produces it.
    assert x[0] == pytest.approx(0.417022004702574, abs=1e-15)


def test_noisy_line_order_matters():
    state = numpy.random.RandomState(1)
    noise_first = state.randn(20) * 0.2
    x, t = datasets.noisy_line(numpy.random.RandomState(1))
    assert not numpy.allclose(t - 2 * x, noise_first)


def test_two_gaussian_classes_red_rows_then_blue_rows():
    state = numpy.random.RandomState(1)
    red = state.randn(20, 2) * 1.2 + [-1, 0]
    blue = state.randn(20, 2) * 1.2 + [1, 0]
    x, t = datasets.two_gaussian_classes(numpy.random.RandomState(1))
    numpy.testing.assert_array_equal(x, numpy.vstack((red, blue)))
    numpy.testing.assert_array_equal(t, [0] * 20 + [1] * 20)


def test_blue_between_red_blue_then_left_then_right():
    state = numpy.random.RandomState(1)
    blue = state.randn(20, 1) * 0.5
    left = state.randn(10, 1) * 0.5 - 2
    right = state.randn(10, 1) * 0.5 + 2
    x, t = datasets.blue_between_red(numpy.random.RandomState(1))
    numpy.testing.assert_array_equal(x, numpy.vstack((blue, left, right))[:, 0])
    numpy.testing.assert_array_equal(t, [1] * 20 + [0] * 20)


def test_the_global_random_state_is_left_alone():
    numpy.random.seed(7)
    before = numpy.random.get_state()[1].copy()
    datasets.noisy_line(numpy.random.RandomState(1))
    datasets.two_gaussian_classes(numpy.random.RandomState(1))
    datasets.blue_between_red(numpy.random.RandomState(1))
    numpy.testing.assert_array_equal(numpy.random.get_state()[1], before)


@pytest.mark.parametrize("function", [datasets.noisy_line, datasets.two_gaussian_classes,
                                      datasets.blue_between_red])
def test_a_seed_instead_of_a_random_state_is_refused(function):
    with pytest.raises(TypeError, match="random_state: expected a numpy.random.RandomState"):
        function(1)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda s: datasets.noisy_line(s, samples=0), ValueError, "samples: expected an integer >= 1"),
        (lambda s: datasets.noisy_line(s, samples=2.5), TypeError, "samples: expected an integer"),
        (lambda s: datasets.noisy_line(s, noise_scale=-1), ValueError, "noise_scale"),
        (lambda s: datasets.noisy_line(s, slope=float("nan")), ValueError, "slope"),
        (lambda s: datasets.two_gaussian_classes(s, spread="1"), TypeError, "spread"),
        (lambda s: datasets.blue_between_red(s, samples_per_class=1), ValueError,
         "samples_per_class: expected an integer >= 2"),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call(numpy.random.RandomState(1))


def test_zero_noise_and_zero_spread_give_the_exact_pattern():
    x, t = datasets.noisy_line(numpy.random.RandomState(1), samples=1, slope=-3.0,
                               noise_scale=0)
    assert t.tolist() == [-3.0 * x[0]]
    x, t = datasets.two_gaussian_classes(numpy.random.RandomState(1), samples_per_class=1,
                                         spread=0)
    assert x.tolist() == [[-1.0, 0.0], [1.0, 0.0]] and t.tolist() == [0.0, 1.0]
    x, t = datasets.blue_between_red(numpy.random.RandomState(1), samples_per_class=3,
                                     spread=0)
    assert x.tolist() == [0.0, 0.0, 0.0, -2.0, 2.0]  # 3 blue, 3 // 2 red on each side
    assert t.tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize("call, error, message", [
    (lambda s: datasets.noisy_line(s, noise_scale=-0.1), ValueError,
     "^noise_scale: expected a finite number >= 0"),
    (lambda s: datasets.noisy_line(s, slope="2"), TypeError,
     "^slope: expected a finite number, got str$"),
    (lambda s: datasets.noisy_line(s, slope=float("inf")), ValueError,
     "^slope: expected a finite number, got inf$"),
    (lambda s: datasets.two_gaussian_classes(s, samples_per_class=0), ValueError,
     "^samples_per_class: expected an integer >= 1"),
    (lambda s: datasets.two_gaussian_classes(s, spread=-1.0), ValueError,
     "^spread: expected a finite number >= 0"),
    (lambda s: datasets.blue_between_red(s, spread=-1.0), ValueError,
     "^spread: expected a finite number >= 0"),
    (lambda s: datasets.blue_between_red(s, samples_per_class=2.0), TypeError,
     "^samples_per_class: "),
])
def test_each_bad_setting_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call(numpy.random.RandomState(1))


def test_a_generator_is_refused_with_a_hint():
    with pytest.raises(TypeError, match=r"^random_state: expected a numpy.random.RandomState "
                                        r"\(for example numpy.random.RandomState\(1\)\), "
                                        r"got Generator"):
        datasets.noisy_line(numpy.random.default_rng(1))
