"""Building formulas (:mod:`derivations.formula`): what a formula and its gradient hold, and
the mistakes they reject. The registry builds its formulas when it is imported; these tests
build theirs while they run."""

from __future__ import annotations

import re

import pytest
import sympy

from derivations.formula import Formula, gradient_formula, scalar_formula

x, y, w = sympy.symbols("x y w", real=True)


def cube():
    # textbook x^3 y + w, "stable" the same written differently
    return scalar_formula("cube", "A test formula.", (w, x, y), x**3 * y + w,
                          x * x * x * y + w, "f", "tests.cube")


def test_a_scalar_formula_holds_one_output_and_no_kernel_by_default():
    formula = cube()
    assert formula.outputs == (x**3 * y + w,) and formula.output_names == ("f",)
    assert formula.source == "tests.cube" and formula.summary == "A test formula."
    assert not formula.silence_overflow and formula.kernel is None
    assert formula.differentiates is None


def test_a_gradient_differentiates_both_forms_by_every_argument_in_order():
    function = cube()
    gradient = gradient_formula(function, "cube_gradient", "Its gradient.", "f")
    assert gradient.name == "cube_gradient" and gradient.summary == "Its gradient."
    assert gradient.arguments == (w, x, y)
    assert gradient.outputs == (1, 3 * x**2 * y, x**3)  # d/dw, d/dx, d/dy by hand
    assert gradient.stable_outputs == gradient.outputs
    assert gradient.output_names == (r"\frac{\partial f}{\partial w}",
                                     r"\frac{\partial f}{\partial x}",
                                     r"\frac{\partial f}{\partial y}")
    assert gradient.source == "tests.cube" and gradient.differentiates is function
    assert not gradient.silence_overflow and gradient.kernel is None


def test_a_gradient_may_cover_only_the_leading_arguments():
    gradient = gradient_formula(cube(), "g", "s", r"\xi", with_respect_to=(w, x))
    assert gradient.outputs == (1, 3 * x**2 * y)
    assert gradient.output_names == (r"\frac{\partial \xi}{\partial w}",
                                     r"\frac{\partial \xi}{\partial x}")
    assert gradient.arguments == (w, x, y)


@pytest.mark.parametrize("variables", [(), (x,), (w, y)], ids=["none", "not first", "gap"])
def test_a_gradient_must_cover_a_non_empty_prefix_of_the_arguments(variables):
    message = ("with_respect_to: expected the leading arguments of 'cube' ['w', 'x', 'y'], "
               f"got {[str(v) for v in variables]}")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        gradient_formula(cube(), "g", "s", "f", with_respect_to=variables)


def test_a_formula_over_the_classes_takes_an_indexed_argument():
    z, k, n = sympy.IndexedBase("z"), sympy.Symbol("k", integer=True), sympy.Symbol("n")
    formula = Formula("class", "s", (z,), (2 * z[k],), (2 * z[k],), ("y_k",), "src",
                      class_indices=(n, k))
    assert formula.arguments == (z,)
    with pytest.raises(ValueError, match=r"^formula 'class': outputs use symbols \['k'\] that "
                                         "are not among its arguments$"):
        Formula("class", "s", (z,), (2 * z[k],), (2 * z[k],), ("y_k",), "src")
