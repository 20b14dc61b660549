"""Each derived gradient against central differences of the function it differentiates.

Both sides are evaluated with high precision (mpmath through SymPy), so this checks the
derivation, not float64 round-off. The precision grows with the ratio |f| / |gradient|, so
that a gradient of e^-900 next to a function value of 1 is still resolved.
"""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

from derivations.registry import FORMULAS
from tests.conftest import evaluate

GRADIENTS = [f for f in FORMULAS if f.differentiates is not None]
TOLERANCE = 1e-15  # relative error of the derived gradient against the central difference
STEP = sympy.Rational(1, 10**20)

inputs = st.floats(min_value=-30, max_value=30, allow_nan=False, allow_infinity=False)


def kinks(expression: sympy.Expr) -> list[sympy.Expr]:
    """Where the expression is not differentiable: the difference of each Max's arguments."""
    return [m.args[0] - m.args[1] for m in expression.atoms(sympy.Max)]


def central_difference(function, arguments, point, index, digits):
    shifted = dict(point)
    h = STEP * max(1, abs(sympy.Rational(point[arguments[index]])))
    shifted[arguments[index]] = sympy.Rational(point[arguments[index]]) + h
    plus = evaluate(function, shifted, digits)
    shifted[arguments[index]] = sympy.Rational(point[arguments[index]]) - h
    minus = evaluate(function, shifted, digits)
    return (plus - minus) / (2 * h), h


def shifted_sizes(function, arguments, point, index):
    """|f| at the two points the central difference evaluates, to 30 digits."""
    h = STEP * max(1, abs(sympy.Rational(point[arguments[index]])))
    sizes = []
    for step in (h, -h):
        shifted = dict(point)
        shifted[arguments[index]] = sympy.Rational(point[arguments[index]]) + step
        sizes.append(abs(evaluate(function, shifted, 30)))
    return sizes


@pytest.mark.parametrize("gradient", GRADIENTS, ids=lambda f: f.name)
def test_gradient_matches_central_differences(gradient):
    function = gradient.differentiates.expression
    arguments = gradient.arguments

    @given(st.tuples(*[inputs] * len(arguments)))
    def check(values):
        point = dict(zip(arguments, values))
        for kink in kinks(function):
            distance = abs(float(evaluate(kink, point, 30)))
            assume(distance == 0 or distance > 1e-9)
        value = abs(evaluate(function, point, 30))
        for index, output in enumerate(gradient.outputs):
            derived = evaluate(output, point, 60)
            # Enough digits for the difference f(x+h) - f(x-h) to resolve the gradient. The
            # shifted values count too: near the zero of a square, (t - x w)^2 at t = 1e-90,
            # f(x +- h) is about h^2 and far larger than f(x).
            size = max(value, *shifted_sizes(function, arguments, point, index))
            orders = float(sympy.log(size / abs(derived), 10)) if derived and size else 0.0
            digits = 60 + 20 + max(0, math.ceil(orders))
            numeric, h = central_difference(function, arguments, point, index, digits)
            if derived == 0:
                assert abs(numeric) <= value * sympy.Float(10) ** (40 - digits), (
                    gradient.output_names[index], values)
            else:
                error = abs((numeric - derived) / derived)
                assert error <= TOLERANCE, (gradient.output_names[index], values, float(error))

    check()


def test_a_dropped_factor_fails_the_central_difference_check():
    gradient = next(f for f in GRADIENTS if f.name == "sigmoid_circuit_gradient")
    function = gradient.differentiates.expression
    w0 = gradient.arguments[0]
    x0 = gradient.arguments[1]
    wrong = gradient.outputs[0] / x0  # the factor x0 of df/dw0 dropped
    point = dict(zip(gradient.arguments, [2.0, -1.0, -3.0, -2.0, -3.0]))
    numeric, _ = central_difference(function, gradient.arguments, point, 0, 80)
    assert abs((numeric - evaluate(wrong, point)) / numeric) > 1
    assert abs((numeric - evaluate(gradient.outputs[0], point)) / numeric) < TOLERANCE
    assert w0 in function.free_symbols
