"""Bad input tried as a new user would: each case raises an error that names the argument,
or gives the exact finite answer; never a wrong number or NaN."""

from __future__ import annotations

import numpy
import pytest

import nncore
from nncore import multiclass


def test_a_masked_array_is_refused_not_silently_unmasked():
    masked = numpy.ma.array([0.0, 1.0, 2.0], mask=[False, True, False])
    with pytest.raises(TypeError, match="^z: expected a plain array, got a masked array"):
        nncore.logistic(masked)


@pytest.mark.parametrize("classes, error", [(2.5, TypeError), (True, TypeError), (1, ValueError)])
def test_one_hot_names_a_bad_number_of_classes(classes, error):
    with pytest.raises(error, match="^classes: "):
        multiclass.one_hot(numpy.array([0, 1]), classes)


def test_the_cross_entropy_of_logits_at_the_float64_range_is_exact():
    assert multiclass.cross_entropy([[-1e308, 1e308]], [[0.0, 1.0]]) == 0.0
    assert multiclass.cross_entropy([[1e308, 1e308]], [[1.0, 0.0]]) == pytest.approx(
        numpy.log(2.0), rel=1e-15)


def test_a_cross_entropy_beyond_float64_raises_overflow():
    with pytest.raises(OverflowError, match="^cross_entropy: "):
        multiclass.cross_entropy([[1e308, -1e308]], [[0.0, 1.0]])


@pytest.mark.parametrize("y", [[0.5, 0.6], [1.5, -0.5], [0.2, 0.2, 0.2]])
def test_the_softmax_jacobian_wants_a_probability_vector(y):
    with pytest.raises(ValueError, match="^y: expected a softmax output"):
        multiclass.softmax_jacobian(y)


def test_the_softmax_jacobian_of_a_distribution_has_rows_summing_to_zero():
    jacobian = multiclass.softmax_jacobian([0.2, 0.3, 0.5])
    numpy.testing.assert_allclose(jacobian.sum(axis=1), 0.0, atol=1e-16)
