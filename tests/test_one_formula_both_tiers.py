"""One formula, both tiers: a quantity that a reader and the training code both use is
evaluated by one generated kernel; its checked public function checks and calls that kernel."""

from __future__ import annotations

import warnings

import numpy
import pytest
import sympy

import nncore._generated as generated
from derivations.codegen import function_source, generate
from derivations.formula import scalar_formula
from derivations.registry import CLASS_KERNELS, FORMULAS, KERNELS

WITH_KERNEL = [f for f in FORMULAS if f.kernel]
# Finite inputs from the largest float down, through the points where exp(-z) or z**2 overflow.
EXTREMES = numpy.array([-1.7e308, -1e200, -1e3, -710.0, -1.0, 0.0, 1.0, 710.0, 1e3, 1e200, 1.7e308])


def test_the_logistic_and_rbf_are_evaluated_by_the_layer_kernels():
    assert {(f.name, f.kernel) for f in WITH_KERNEL} == {
        ("logistic", "logistic_layer"), ("rbf", "gaussian_layer")}


def test_no_two_generated_functions_compute_the_same_quantity():
    def quantity(formula):  # the outputs with the arguments renamed by position
        positions = {a: sympy.Symbol(f"_{i}") for i, a in enumerate(formula.arguments)}
        return tuple(sympy.simplify(e.xreplace(positions)) for e in formula.outputs)

    quantities = [quantity(f) for f in FORMULAS + KERNELS + CLASS_KERNELS]
    assert len(set(quantities)) == len(quantities)


@pytest.mark.parametrize("formula", WITH_KERNEL, ids=lambda f: f.name)
def test_the_checked_function_returns_the_kernel_values_without_a_warning(formula):
    checked, kernel = getattr(generated, formula.name), getattr(generated, formula.kernel)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning for any finite input
        numpy.testing.assert_array_equal(checked(EXTREMES), kernel(EXTREMES))


def test_the_checked_functions_are_exact_at_the_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert generated.logistic(-1.7e308) == 0.0 and generated.logistic(1.7e308) == 1.0
        assert generated.logistic(0.0) == 0.5
        assert generated.rbf(1e200) == 0.0 and generated.rbf(0.0) == 1.0


@pytest.mark.parametrize("formula", WITH_KERNEL, ids=lambda f: f.name)
def test_the_checked_function_checks_its_argument(formula):
    (argument,) = formula.arguments
    with pytest.raises(ValueError, match=f"^{argument}: expected finite numbers"):
        getattr(generated, formula.name)([0.0, numpy.nan])


def test_a_formula_with_a_kernel_is_evaluated_once():
    x, y = sympy.symbols("x y")
    formula = scalar_formula("f", "test", (x, y), y * sympy.exp(x), y * sympy.exp(x), "f",
                             "test", silence_overflow=True, kernel="f_kernel")
    source = generate((formula,), ())
    assert source.count("numpy.exp(") == 1
    namespace: dict = {}
    exec(source, namespace)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert namespace["f_kernel"](numpy.array([1e3]), 1.0) == numpy.inf  # unchecked, silenced
        with pytest.raises(OverflowError, match="^f: the result is not finite"):
            namespace["f"](1e3, 1.0)  # checked: the overflow of the kernel is reported
    assert namespace["f"](0.0, 2.0) == 2.0
    with pytest.raises(ValueError, match="^y: expected finite numbers"):
        namespace["f"](0.0, numpy.nan)
    checked = function_source(formula)
    assert "numpy.exp(" not in checked and "f_kernel(x, y)" in checked
    assert ":func:`~nncore._generated.f_kernel`" in checked
    assert ":func:`~nncore._generated.f` calls it" in function_source(formula, kernel=True)


def test_a_kernel_name_must_not_repeat_another_function():
    x = sympy.Symbol("x")
    one = scalar_formula("f", "test", (x,), x, x, "f", "test", kernel="g")
    other = scalar_formula("g", "test", (x,), 2 * x, 2 * x, "g", "test")
    with pytest.raises(ValueError, match=r"^formulas: each generated function needs its own "
                                         r"name, \['g'\] repeat$"):
        generate((one, other), ())
