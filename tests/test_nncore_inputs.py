"""Bad input to nncore's functions raises an error that names the argument."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy
import pytest

import nncore


@pytest.mark.parametrize(
    "value, error, message",
    [
        ("3", TypeError, "z: expected real numbers, got str"),
        (None, TypeError, "z: expected real numbers"),
        (numpy.array([1 + 2j]), TypeError, "complex numbers are not supported"),
        (numpy.array(["a"], dtype=object), TypeError,
         "^z: expected real numbers, got an array of dtype object$"),
        (numpy.array([]), ValueError, "z: expected at least one number"),
        (numpy.array([0.0, numpy.nan]), ValueError, "z: expected finite numbers"),
        (float("inf"), ValueError, "z: expected finite numbers"),
    ],
)
def test_bad_values_name_the_argument(value, error, message):
    with pytest.raises(error, match=message):
        nncore.logistic(value)


def test_shapes_that_do_not_broadcast_are_listed():
    with pytest.raises(ValueError, match=r"x \(2,\), y \(3,\), z \(\)"):
        nncore.warm_up_circuit([1.0, 2.0], [1.0, 2.0, 3.0], 1.0)


def test_integers_and_arrays_are_accepted_and_broadcast():
    assert nncore.warm_up_circuit(1, 2, 3) == 9.0
    result = nncore.warm_up_circuit_gradient(numpy.arange(3), 1, 2.0)
    assert [r.shape for r in result] == [(3,), (3,), (3,)]


def test_overflowing_result_raises_instead_of_returning_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one clear error, not a RuntimeWarning before it
        with pytest.raises(OverflowError, match="^staged_circuit_gradient: result 0 is not "
                                                "finite in float64; the inputs are outside "
                                                "the formula's domain or too large for it$"):
            nncore.staged_circuit_gradient(-1000.0, 1000.0)


@pytest.mark.parametrize("a", [0.0, 1.0, 1.5, -0.5])
def test_logit_outside_its_domain_raises_without_a_warning(a):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(OverflowError, match="^logit: the result is not finite"):
            nncore._generated.logit(a)


def test_import_nncore_needs_neither_sympy_nor_matplotlib():
    code = "import sys, nncore; print(sorted(m for m in ('sympy', 'matplotlib') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
