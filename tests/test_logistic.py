"""The SymPy function Logistic, the textbook quotient, and the derivations of the logistic
layer's backward kernel and of the logit."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from derivations import logistic
from derivations.logistic import Logistic, textbook_logistic, use_logistic

x, y = sympy.symbols("x y", real=True)
z, a = logistic.z, logistic.a


def test_logistic_differentiates_evaluates_and_rewrites():
    assert sympy.diff(Logistic(x), x) == Logistic(x) * Logistic(-x)
    assert sympy.diff(Logistic(x**2), x) == 2 * x * Logistic(x**2) * Logistic(-x**2)
    assert Logistic(x).rewrite(sympy.exp) == 1 / (1 + sympy.exp(-x))
    with mpmath.workdps(40):
        exact = 1 / (1 + mpmath.exp(mpmath.mpf(-3) / 7))
        assert abs(mpmath.mpf(str(sympy.N(Logistic(sympy.Rational(3, 7)), 40))) - exact) < 1e-38


def test_logistic_prints_as_sigma():
    assert sympy.latex(Logistic(x)) == r"\sigma\left(x\right)"
    assert sympy.latex(Logistic(x) ** 2) == r"\sigma^{2}\left(x\right)"


def test_the_textbook_quotient_keeps_the_shape_it_was_written_in():
    # evaluated, SymPy would distribute the minus sign: 1/(exp(-x - y) + 1)
    assert str(textbook_logistic(x + y)) == "1/(1 + exp(-(x + y)))"
    assert sympy.simplify(textbook_logistic(x + y) - Logistic(x + y).rewrite(sympy.exp)) == 0


@pytest.mark.parametrize("expression", [
    1 / (2 + sympy.exp(-x)),  # not 1 + ...
    1 / (1 + sympy.exp(-x) + y),  # three terms
    1 / (1 + x),  # no exponential
    1 / (sympy.exp(x) + sympy.exp(-x)),  # no 1
    (1 + sympy.exp(-x)) ** -2,  # not a reciprocal
    1 + sympy.exp(-x),  # not a power
], ids=str)
def test_use_logistic_leaves_other_expressions_alone(expression):
    assert use_logistic(expression) == expression


def test_use_logistic_finds_the_argument():
    assert use_logistic(1 / (1 + sympy.exp(-x))) == Logistic(x)
    assert use_logistic(1 / (1 + sympy.exp(x * y))) == Logistic(-x * y)
    assert use_logistic(y / (1 + sympy.exp(-x)) ** 1) == y * Logistic(x)


def test_the_derivative_in_terms_of_the_output_is_a_times_one_minus_a():
    derived = logistic.derivative_in_terms_of_output()
    assert sympy.expand(derived - a * (1 - a)) == 0
    # and it is the derivative of sigma at a = sigma(z)
    at_sigma = derived.subs(a, textbook_logistic(z))
    assert sympy.simplify(at_sigma - sympy.diff(textbook_logistic(z), z)) == 0


def test_the_inverse_is_the_logit():
    derived = logistic.inverse()
    u = sympy.Symbol("u", real=True)
    assert sympy.simplify(derived.subs(a, 1 / (1 + sympy.exp(-u)))) == u
    assert derived.subs(a, sympy.Rational(1, 2)) == 0
    assert sympy.simplify(derived - sympy.log(a / (1 - a))) == 0
