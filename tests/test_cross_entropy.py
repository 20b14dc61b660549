"""The intermezzo: the logistic function, the cross-entropy, their derivatives proven by SymPy,
and the stable code checked against the textbook formulas where float64 can hold them."""

from __future__ import annotations

import mpmath
import numpy
import pytest
import sympy

import nncore
from derivations import cross_entropy as ce
from derivations.codegen import StableNumPyPrinter
from derivations.formula import proven_equal
from derivations.logistic import Logistic, sigmoid_shortcut, textbook_logistic


def test_sigma_prime_is_sigma_times_one_minus_sigma():
    raw, shortcut, equal = sigmoid_shortcut()
    assert equal
    z = ce.z
    assert sympy.simplify((raw - textbook_logistic(z) * (1 - textbook_logistic(z)))
                          .rewrite(sympy.exp)) == 0
    assert not proven_equal(raw, Logistic(z) ** 2)


def test_one_minus_sigma_is_sigma_of_minus_z():
    left, right, equal = ce.one_minus_logistic()
    assert equal and left == 1 - Logistic(ce.z) and right == Logistic(-ce.z)
    assert not proven_equal(1 - Logistic(ce.z), Logistic(ce.z))


def test_dxi_dz_is_y_minus_t():
    chain = ce.logit_gradient_chain()
    assert chain["simplified"] == ce.y - ce.t
    assert sympy.simplify(chain["dxi_dy"] - (-ce.t / ce.y + (1 - ce.t) / (1 - ce.y))) == 0
    assert ce.logit_gradient_is_y_minus_t()
    assert not proven_equal(chain["direct"], Logistic(ce.z) + ce.t)


def test_registry_forms_equal_the_textbook_cross_entropy_of_sigma():
    formula = ce.LOGIT_CROSS_ENTROPY
    textbook = ce.cross_entropy(ce.t, textbook_logistic(ce.z))
    assert proven_equal(formula.expression, textbook)
    assert proven_equal(formula.stable_outputs[0], textbook)
    assert formula.stable_outputs[0] == ce.Softplus(ce.z) - ce.t * ce.z
    assert ce.LOGIT_CROSS_ENTROPY_GRADIENT.stable_outputs[0] == Logistic(ce.z) - ce.t


def test_softplus_derivative_and_printing():
    assert sympy.diff(ce.Softplus(ce.z), ce.z) == Logistic(ce.z)
    assert StableNumPyPrinter().doprint(ce.Softplus(ce.z)) == "numpy.logaddexp(0, z)"
    assert sympy.latex(ce.Softplus(ce.z)) == r"\operatorname{softplus}\left(z\right)"


@pytest.mark.parametrize("exponent", [-127, -400, -1000, 0, 3])
def test_log1p_evaluates_tiny_arguments_exactly(exponent):
    value = sympy.N(ce.Log1p(sympy.exp(exponent)), 30)
    with mpmath.workdps(60):
        exact = mpmath.log1p(mpmath.exp(exponent))
        assert abs(mpmath.mpf(str(value)) - exact) <= abs(exact) * mpmath.mpf(10) ** -28
    assert sympy.diff(ce.Log1p(ce.z), ce.z) == 1 / (1 + ce.z)
    assert sympy.latex(ce.Log1p(ce.z)) == r"\log\left(1 + z\right)"


def test_generated_cross_entropy_matches_the_textbook_formula_where_float64_can():
    z = numpy.linspace(-20, 20, 81)
    for target in (0.0, 1.0, 0.25):
        y = 1 / (1 + numpy.exp(-z))
        textbook = -target * numpy.log(y) - (1 - target) * numpy.log(1 - y)
        numpy.testing.assert_allclose(nncore.logit_cross_entropy(z, target), textbook,
                                      rtol=1e-6, atol=1e-12)
        numpy.testing.assert_allclose(nncore.logit_cross_entropy_gradient(z, target),
                                      y - target, rtol=1e-12, atol=1e-15)


def test_generated_cross_entropy_is_finite_where_the_textbook_formula_is_not():
    with numpy.errstate(all="ignore"):
        y = 1 / (1 + numpy.exp(-40.0))
        assert numpy.isinf(-numpy.log(1 - y))
    assert nncore.logit_cross_entropy(40.0, 0.0) == pytest.approx(40.0, rel=1e-15)
    assert nncore.logit_cross_entropy(-800.0, 1.0) == pytest.approx(800.0, rel=1e-15)
    assert nncore.logit_cross_entropy(-40.0, 0.0) == pytest.approx(numpy.exp(-40.0), rel=1e-14)
    assert nncore.logit_cross_entropy_gradient(-1e3, 1.0) == -1.0


def test_logit_cross_entropy_of_any_logit_is_the_cross_entropy_of_its_sigma():
    x = sympy.Symbol("x", real=True)
    logit = 2 * x - 1
    textbook, stable = ce.logit_cross_entropy(logit, ce.t)
    expected = ce.cross_entropy(ce.t, textbook_logistic(logit))
    assert proven_equal(textbook, expected) and proven_equal(stable, expected)
    assert stable == ce.Softplus(logit) - ce.t * logit
    assert textbook.atoms(ce.Log1p) == {ce.Log1p(sympy.exp(logit)), ce.Log1p(sympy.exp(-logit))}
    assert not proven_equal(textbook, ce.cross_entropy(1 - ce.t, textbook_logistic(logit)))


def test_the_chain_links_of_the_logit_gradient():
    chain = ce.logit_gradient_chain()
    y, t = ce.y, ce.t
    assert chain["dy_dz"] == y * (1 - y)
    assert chain["product"].args == (chain["dxi_dy"], chain["dy_dz"])  # left as multiplied
    assert sympy.simplify(chain["product"] - (y - t)) == 0
    assert proven_equal(chain["direct"], Logistic(ce.z) - t)


def test_the_distributed_product_is_the_step_to_y_minus_t():
    chain = ce.logit_gradient_chain()
    y, t = ce.y, ce.t
    # The two cancelled terms, still apart: no denominator left, nothing expanded yet.
    assert set(sympy.Add.make_args(chain["distributed"])) == {-t * (1 - y), (1 - t) * y}
    assert sympy.expand(chain["distributed"]) == y - t
    assert sympy.simplify(chain["distributed"] - chain["product"]) == 0


def test_log1p_and_softplus_print_their_powers():
    assert sympy.latex(ce.Log1p(ce.z) ** 2) == r"\log^{2}\left(1 + z\right)"
    assert sympy.latex(ce.Softplus(ce.z) ** 2) == r"\operatorname{softplus}^{2}\left(z\right)"


@pytest.mark.parametrize("key, wrong", [("simplified", ce.y + ce.t), ("direct", Logistic(ce.z) + ce.t)])
def test_a_wrong_link_of_the_chain_is_not_proven(monkeypatch, key, wrong):
    chain = ce.logit_gradient_chain()
    monkeypatch.setattr(ce, "logit_gradient_chain", lambda: {**chain, key: wrong})
    assert not ce.logit_gradient_is_y_minus_t()
