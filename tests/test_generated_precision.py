"""Each generated NumPy function against a 50-digit evaluation of its textbook formula.

Accuracy is judged as the design states: relative error at most 1e-12 wherever the exact value
is a normal float64; where it underflows, the result must be 0 or subnormal. Every result must
be finite for inputs up to |z| = 1e3, except where the exact value itself lies beyond the
float64 range (the lecture's staged function reaches e^1000 when x + y = 0 and x = -1000):
there the function must raise OverflowError, never return NaN or infinity.

A formula that adds rounded intermediate results (``w0*x0 + w1*x1 + w2``) cannot be more
accurate than that sum: its rounding error, about eps * (|w0 x0| + |w1 x1| + |w2|), reaches the
output multiplied by the sensitivity of the output to the sum. For such formulas the allowed
error adds that first-order rounding bound, computed by SymPy from the stable form (see
:func:`rounding_bound`). Formulas without sums (the logistic function and its derivative) get
the plain 1e-12.
"""

from __future__ import annotations

import functools
import itertools

import numpy
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import nncore._generated as generated
from derivations.registry import FORMULAS, KERNELS
from tests.conftest import evaluate

TOLERANCE = 1e-12
EPS = numpy.finfo(numpy.float64).eps
SMALLEST_NORMAL = numpy.finfo(numpy.float64).tiny
LARGEST = numpy.finfo(numpy.float64).max
ROUNDING_SAFETY = 64  # rounding steps a term may carry before it reaches a sum

inputs = st.one_of(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False),
    st.sampled_from([-1e3, -745.0, -709.0, -30.0, 0.0, 30.0, 709.0, 745.0, 1e3]),
)
#: Formulas defined on part of the line: the inverse logistic takes 0 < a < 1.
DOMAINS = {
    "logit": st.one_of(
        st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True),
        st.sampled_from([1e-300, 1e-17, 0.5, 1 - 2**-53, 1 - 1e-10]),
    ),
}
EXTREMES = {"logit": numpy.array([1e-300, 1e-17, 0.25, 0.5, 0.75, 1 - 1e-10, 1 - 2**-53])}


def rounding_bound(expression: sympy.Expr, point: dict) -> float:
    r"""First-order bound on the error that rounding the sums of ``expression`` causes.

    For each sum :math:`A = \sum_k t_k` inside it: :math:`|\partial E/\partial A| \cdot
    \epsilon \sum_k |t_k|`, where :math:`E` is the whole expression. A sum inside a step
    function counts for nothing: the difference of two inputs has an exact sign.
    """
    total = sympy.Integer(0)
    for sum_node, sensitivity in sensitivities(expression):
        size = sum(abs(evaluate(term, point, 30)) for term in sum_node.args)
        total += abs(evaluate(sensitivity, point, 30)) * size
    return float(ROUNDING_SAFETY * EPS * total)


@functools.lru_cache(maxsize=None)
def sensitivities(expression: sympy.Expr) -> tuple[tuple[sympy.Add, sympy.Expr], ...]:
    r"""Each sum :math:`A` inside ``expression`` with :math:`\partial E/\partial A` (derived
    once per expression, evaluated at every point)."""
    pairs = []
    for sum_node in {a for a in sympy.preorder_traversal(expression) if a.is_Add}:
        placeholder = sympy.Dummy()
        sensitivity = sympy.diff(expression.xreplace({sum_node: placeholder}), placeholder)
        # A sum inside a step function only decides a sign, exactly: no sensitivity.
        sensitivity = sensitivity.xreplace({placeholder: sum_node}).replace(
            sympy.DiracDelta, lambda *args: sympy.Integer(0)
        )
        pairs.append((sum_node, sensitivity))
    return tuple(pairs)


def outputs_of(formula, values):
    """The outputs as a tuple, or None where the function raised OverflowError."""
    try:
        with numpy.errstate(all="ignore"):  # the function reports overflow by raising
            result = getattr(generated, formula.name)(*values)
    except OverflowError:
        return None
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("formula", FORMULAS + KERNELS, ids=lambda f: f.name)
def test_generated_function_matches_50_digit_evaluation(formula):
    @given(st.tuples(*[DOMAINS.get(formula.name, inputs)] * len(formula.arguments)))
    def check(values):
        point = dict(zip(formula.arguments, values))
        computed = outputs_of(formula, values)
        if computed is None:
            assert any(abs(evaluate(t, point, 20)) > LARGEST for t in formula.outputs), values
            return
        for name, textbook, stable, got in zip(
            formula.output_names, formula.outputs, formula.stable_outputs, computed
        ):
            got = float(got)
            exact = evaluate(textbook, point)
            assert abs(exact) <= sympy.Float(LARGEST) * (1 + TOLERANCE), (name, values)
            if abs(exact) < SMALLEST_NORMAL:
                assert abs(got) < SMALLEST_NORMAL, (name, values, got, exact)
                continue
            error = abs(got - exact)
            allowed = TOLERANCE * abs(exact) + rounding_bound(stable, point)
            assert error <= allowed, (name, values, got, float(exact), float(error / abs(exact)))

    check()


@pytest.mark.parametrize("formula", FORMULAS + KERNELS, ids=lambda f: f.name)
def test_generated_function_is_finite_on_a_grid_of_extremes(formula):
    levels = EXTREMES.get(formula.name,
                          numpy.array([-1e3, -710.0, -30.0, -1.0, 0.0, 1.0, 30.0, 710.0, 1e3]))
    grid = list(itertools.product(levels, repeat=len(formula.arguments)))
    results = outputs_of(formula, numpy.array(grid).T)
    if results is not None:
        for output in results:
            assert numpy.all(numpy.isfinite(output)), formula.name
        return
    # Some point overflows: each point must either be finite or lie beyond float64 exactly.
    for values in grid:
        if outputs_of(formula, values) is None:
            point = dict(zip(formula.arguments, values))
            assert any(abs(evaluate(t, point, 20)) > LARGEST for t in formula.outputs), values


def test_logistic_is_exact_to_1e_12_in_the_tails():
    z = numpy.array([-1e3, -745.0, -708.0, -300.0, -30.0, 0.0, 30.0, 300.0, 708.0, 1e3])
    symbol = sympy.Symbol("z")
    for value, got in zip(z, generated.logistic(z)):
        exact = sympy.N(1 / (1 + sympy.exp(-sympy.Rational(value))), 50)
        if exact < SMALLEST_NORMAL:
            assert got < SMALLEST_NORMAL
        else:
            assert abs(got - exact) <= TOLERANCE * exact, value
    assert symbol  # the textbook form is written out above, independently of derivations/


def test_the_naive_sigmoid_derivative_overflows_where_the_generated_one_does_not():
    z = numpy.array([-800.0])
    with numpy.errstate(all="ignore"):
        naive = numpy.exp(-z) / (1 + numpy.exp(-z)) ** 2
    assert numpy.isnan(naive).all()
    assert numpy.isfinite(generated.logistic_derivative(z)).all()
