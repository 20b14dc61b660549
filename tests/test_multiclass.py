"""nncore.multiclass on a reader's own arrays: one-hot targets, the softmax Jacobian of one
sample or of many, the cross-entropy of probability targets, and the checks of each."""

from __future__ import annotations

import math

import numpy
import pytest

from nncore import multiclass


def test_one_hot_puts_a_1_in_the_column_of_each_label():
    assert multiclass.one_hot([2, 0, 1, 2], 3).tolist() == [
        [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert multiclass.one_hot(numpy.array([1.0, 0.0]), 2).tolist() == [[0, 1], [1, 0]]


@pytest.mark.parametrize("labels, classes, error, message", [
    ([0, 3], 3, ValueError, r"^labels: expected a 1-D array of integers in range\(3\), "
                            r"got shape \(2,\), values 0 to 3"),
    ([-1, 0], 3, ValueError, r"^labels: .*values -1 to 0"),
    ([[0, 1]], 2, ValueError, r"^labels: .*got shape \(1, 2\)"),
    ([0.5], 2, ValueError, "^labels: expected a 1-D array of integers"),
    (["a"], 2, TypeError, "^labels: "),
    ([], 2, ValueError, "^labels: "),
    ([0, 1], 1, ValueError, "^classes: "),
])
def test_one_hot_refuses_bad_labels(labels, classes, error, message):
    with pytest.raises(error, match=message):
        multiclass.one_hot(labels, classes)


Y = [0.2, 0.3, 0.5]
# diag(y) - y y^T, entry by entry: y_i (1 - y_i) on the diagonal, -y_i y_j off it
JACOBIAN = [[0.16, -0.06, -0.10], [-0.06, 0.21, -0.15], [-0.10, -0.15, 0.25]]


def test_softmax_jacobian_of_one_sample_and_of_each_row():
    numpy.testing.assert_allclose(multiclass.softmax_jacobian(Y), JACOBIAN, atol=1e-16)
    both = multiclass.softmax_jacobian([Y, [1.0, 0.0, 0.0]])
    assert both.shape == (2, 3, 3)
    numpy.testing.assert_allclose(both[0], JACOBIAN, atol=1e-16)
    assert not both[1].any()  # a certain output does not move


@pytest.mark.parametrize("y, message", [
    (numpy.full((1, 1, 2), 0.5), r"^y: expected one sample's output or one row per sample, "
                                 r"got shape \(1, 1, 2\)"),
    ([1.5, -0.5], "^y: expected a softmax output"),
    ([0.5, 0.6], "^y: expected a softmax output"),
])
def test_softmax_jacobian_refuses_what_is_not_a_softmax_output(y, message):
    with pytest.raises(ValueError, match=message):
        multiclass.softmax_jacobian(y)


def test_cross_entropy_of_probability_targets():
    # equal logits: y = (1/2, 1/2), and every target row costs log 2 whatever its split
    assert multiclass.cross_entropy([[0.0, 0.0], [3.0, 3.0]],
                                    [[0.5, 0.5], [1.0, 0.0]]) == pytest.approx(2 * math.log(2))


@pytest.mark.parametrize("z, t, message", [
    ([0.0, 1.0], [1.0, 0.0], r"^z: expected shape \(samples, classes\) with at least 2 "
                             r"classes, got \(2,\)"),
    ([[0.0], [1.0]], [[1.0], [1.0]], r"^z: .*got \(2, 1\)"),
    ([[0.0, 1.0]], [[1.0, 0.0, 0.0]], r"^t: expected shape \(1, 2\) \(one row per sample, "
                                      r"one column per output class\), got \(1, 3\)"),
    ([[0.0, 1.0]], [[1.5, -0.5]], r"^t: expected one-hot rows \(entries in \[0, 1\] "
                                  r"summing to 1 per sample\)"),
    ([[0.0, 1.0]], [[0.5, 0.6]], "^t: expected one-hot rows"),
])
def test_cross_entropy_names_the_bad_argument(z, t, message):
    with pytest.raises(ValueError, match=message):
        multiclass.cross_entropy(z, t)


def test_softmax_of_rows():
    y = multiclass.softmax([[0.0, math.log(3.0)]])
    numpy.testing.assert_allclose(y, [[0.25, 0.75]], rtol=1e-15)
    with pytest.raises(ValueError, match=r"^z: expected shape \(samples, classes\)"):
        multiclass.softmax([1.0, 2.0])


def test_the_argument_is_named_when_it_is_not_numbers():
    with pytest.raises(TypeError, match="^z: expected real numbers"):
        multiclass.softmax("z")
    with pytest.raises(TypeError, match="^y: expected real numbers"):
        multiclass.softmax_jacobian("y")
    with pytest.raises(ValueError, match=r"^y: expected a softmax output, entries in \[0, 1\] "
                                         r"summing to 1 for each sample$"):
        multiclass.softmax_jacobian([0.5, 0.6])
