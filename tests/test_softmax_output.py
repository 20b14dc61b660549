"""The softmax output layer for any number of classes: SymPy's derivation with a symbolic n,
and the generated kernels against 50-digit evaluations of the textbook forms."""

from __future__ import annotations

import warnings

import mpmath
import numpy
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from derivations import softmax_output as derivation
from nncore._generated import softmax_cross_entropy_layer, softmax_layer, two_class_softmax


def test_the_gradient_for_a_symbolic_number_of_classes_is_y_minus_t():
    raw = derivation.cost_gradient()
    y_k = derivation.softmax()
    t = derivation.t
    # before the targets are used to sum to 1: y_k times their sum, minus t_k
    assert sympy.simplify(raw - (y_k * derivation.class_sum(t[derivation.i], derivation.i)
                                 - t[derivation.k])) == 0
    gradient, left_over = derivation.gradient_is_y_minus_t()
    assert left_over == 0
    assert gradient.has(sympy.Sum) and not gradient.has(sympy.KroneckerDelta)


def test_a_wrong_gradient_is_not_proven():
    gradient, _ = derivation.gradient_is_y_minus_t()
    wrong = derivation.softmax() + derivation.t[derivation.k]
    assert sympy.simplify(gradient - wrong) != 0


def test_stable_forms_are_proven_equal_to_the_textbook_forms():
    assert derivation.stable_forms_agree() == {"softmax": 0, "cost": 0, "gradient": 0}


def test_wrong_stable_forms_are_not_proven(monkeypatch):
    z, t, d, i, k, m = (derivation.z, derivation.t, derivation.d, derivation.i, derivation.k,
                        derivation.m)
    # the shift left out of the denominator; m added instead of subtracted in the bracket
    softmax = sympy.exp(z[k] - m) / derivation.class_sum(sympy.exp(z[d]), d)
    cost = (sympy.log(derivation.class_sum(sympy.exp(z[d] - m), d))
            + derivation.Bracket(-m - derivation.class_sum(t[i] * z[i], i)))
    monkeypatch.setattr(derivation, "STABLE_SOFTMAX", softmax)
    monkeypatch.setattr(derivation, "STABLE_COST", cost)
    monkeypatch.setattr(derivation, "STABLE_GRADIENT", softmax - t[k])
    assert all(difference != 0 for difference in derivation.stable_forms_agree().values())


def exact_cost_and_gradient(z: numpy.ndarray, t: numpy.ndarray) -> tuple[mpmath.mpf, list]:
    """The textbook cost -sum t_i log y_i and y_k - t_k of one sample, to 50 digits."""
    with mpmath.workdps(50):
        exps = [mpmath.exp(mpmath.mpf(v)) for v in z]
        total = mpmath.fsum(exps)
        y = [e / total for e in exps]
        cost = -mpmath.fsum(mpmath.mpf(ti) * mpmath.log(yi) for ti, yi in zip(t, y) if ti)
        return cost, [yi - mpmath.mpf(ti) for yi, ti in zip(y, t)]


logit_values = st.one_of(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False),
    st.sampled_from([-1e3, -745.0, -30.0, 0.0, 30.0, 745.0, 1e3]),
)


@given(st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.lists(logit_values, min_size=n, max_size=n), st.integers(0, n - 1))))
def test_kernels_match_a_50_digit_evaluation_for_any_number_of_classes(case):
    logits, label = case
    z = numpy.array(logits)[:, None]  # one sample, classes along the first axis
    t = numpy.eye(len(logits))[label][:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning for any finite logits
        costs, gradient = softmax_cross_entropy_layer(z, t)
        y = softmax_layer(z)
    cost, exact_gradient = exact_cost_and_gradient(logits, t[:, 0])
    # the cost: relative 1e-12, or 1e-15 absolute where log(sum) rounds near 1
    assert abs(costs[0] - float(cost)) <= 1e-12 * float(cost) + 1e-15
    for got, exact in zip(gradient[:, 0], exact_gradient):
        assert abs(got - float(exact)) <= 1e-15
    numpy.testing.assert_allclose(y[:, 0] - t[:, 0], gradient[:, 0], rtol=0, atol=1e-16)


def test_kernels_work_on_many_samples_at_once():
    rs = numpy.random.RandomState(0)
    z = rs.randn(5, 40) * 10
    t = numpy.eye(5)[rs.randint(0, 5, 40)].T
    costs, gradient = softmax_cross_entropy_layer(z, t)
    assert costs.shape == (40,) and gradient.shape == (5, 40)
    for column in (0, 17, 39):
        one_cost, one_gradient = softmax_cross_entropy_layer(z[:, column], t[:, column])
        assert costs[column] == pytest.approx(one_cost, rel=1e-15)
        numpy.testing.assert_allclose(gradient[:, column], one_gradient, rtol=1e-15)


def test_two_classes_agree_with_the_two_class_softmax():
    z = numpy.array([[3.0, -700.0, 0.5], [-1.0, 700.0, 0.5]])
    y1, y2 = two_class_softmax(z[0], z[1])
    numpy.testing.assert_allclose(softmax_layer(z), [y1, y2], rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("logits, target, cost", [
    ([-1e308, 1e308], [0.0, 1.0], 0.0),
    ([1e308, 1e308], [1.0, 0.0], float(numpy.log(2.0))),
    ([1e308, -1e308, 0.0], [0.0, 0.0, 1.0], 1e308),
])
def test_logits_up_to_the_float64_range_give_the_exact_cost(logits, target, cost):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        costs, gradient = softmax_cross_entropy_layer(numpy.array(logits), numpy.array(target))
    assert costs == pytest.approx(cost, rel=1e-15)
    assert numpy.isfinite(gradient).all()


def test_a_cost_beyond_float64_is_infinite_not_nan():
    costs, _ = softmax_cross_entropy_layer(numpy.array([1e308, -1e308]), numpy.array([0.0, 1.0]))
    assert costs == numpy.inf  # exactly 2e308: the public callers raise OverflowError


def test_first_branch_takes_the_branch_of_a_class_index_and_rejects_others():
    n, k, i = derivation.n, derivation.k, derivation.i
    value = derivation.z[k] ** 2
    inside = sympy.Piecewise((value, k <= n), (0, True), evaluate=False)
    assert derivation._first_branch(inside + 1) == value + 1
    for condition in (k > n, i <= n):  # false for a class index; another index
        piecewise = sympy.Piecewise((value, condition), (0, True), evaluate=False)
        with pytest.raises(ValueError, match="unexpected condition"):
            derivation._first_branch(piecewise)


def test_bracket_is_its_argument_and_prints_in_parentheses():
    i, n = derivation.i, derivation.n
    total = sympy.Sum(i, (i, 1, 3))
    assert derivation.Bracket(total).doit() == 6
    assert derivation.Bracket(total).doit(deep=False) == total
    assert derivation.Bracket(total).rewrite(sympy.exp) == total
    assert sympy.N(derivation.Bracket(sympy.pi), 30) == sympy.N(sympy.pi, 30)
    assert sympy.latex(derivation.Bracket(n - 1)) == r"\left(n - 1\right)"
    assert sympy.latex(derivation.m) == r"\max_d z_d"
