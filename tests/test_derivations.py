"""The derivations themselves: proofs by SymPy that rewrites and shortcuts are equal."""

from __future__ import annotations

import pytest
import sympy

from derivations import circuits, gates
from derivations.chain_rule import ChainRule
from derivations.formula import Formula, proven_equal
from derivations import logistic, rbf
from derivations.logistic import LOGISTIC, LOGIT, Logistic, sigmoid_shortcut, use_logistic
from derivations.registry import FORMULAS, KERNELS

# The logit is real only for 0 < a < 1: test_the_logit_inverts_the_logistic_function proves it.
PROVEN_HERE = [f for f in FORMULAS + KERNELS if f is not LOGIT]


@pytest.mark.parametrize("formula", PROVEN_HERE, ids=lambda f: f.name)
def test_stable_form_is_proven_equal_to_textbook_form(formula):
    for textbook, stable in zip(formula.outputs, formula.stable_outputs):
        assert proven_equal(textbook, stable), formula.name


def test_the_logit_inverts_the_logistic_function():
    u = sympy.Symbol("u", real=True)
    at_sigma = {logistic.a: 1 / (1 + sympy.exp(-u))}  # every a in (0, 1) is sigma of some u
    for form in LOGIT.outputs + LOGIT.stable_outputs:
        assert sympy.simplify(form.subs(at_sigma).rewrite(sympy.log)) == u, form


def test_a_wrong_rewrite_is_not_proven_equal():
    z = LOGISTIC.arguments[0]
    assert not proven_equal(1 / (1 + sympy.exp(z)), Logistic(z))


def test_sigmoid_shortcut_is_proven_equal_to_the_raw_derivative():
    raw, shortcut, equal = sigmoid_shortcut()
    assert equal
    z = LOGISTIC.arguments[0]
    assert raw == sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2
    assert shortcut == (1 - Logistic(z)) * Logistic(z)
    assert not proven_equal(raw, (1 + Logistic(z)) * Logistic(z))


def test_the_logistic_layer_kernel_is_the_chain_rule_through_sigma():
    z, a, g = logistic.z, logistic.a, logistic.g
    kernel = logistic.LOGISTIC_LAYER_BACKWARD.expression
    assert kernel == g * a * (1 - a)  # derived, in terms of the output a
    chain_rule = g * sympy.diff(logistic.textbook_logistic(z), z)
    assert proven_equal(kernel.subs(a, logistic.textbook_logistic(z)), chain_rule)
    assert not proven_equal((g * a * (1 + a)).subs(a, logistic.textbook_logistic(z)), chain_rule)


def test_the_gaussian_layer_kernel_is_the_chain_rule_through_exp():
    z, h, g = rbf.z, rbf.h, rbf.g
    kernel = rbf.GAUSSIAN_LAYER_BACKWARD.expression
    assert kernel == -2 * g * h * z
    assert proven_equal(kernel.subs(h, sympy.exp(-z**2)), g * sympy.diff(sympy.exp(-z**2), z))


def test_use_logistic_replaces_every_logistic_quotient():
    stable = use_logistic(circuits.STAGED.expression)
    assert stable.atoms(Logistic) == {Logistic(circuits.x), Logistic(circuits.y)}
    assert not stable.atoms(sympy.exp)


@pytest.mark.parametrize("variable", [circuits.x, circuits.y])
def test_chain_rule_on_the_warm_up_circuit(variable):
    q = sympy.Symbol("q")
    rule = ChainRule(q * circuits.z, q, circuits.x + circuits.y, variable)
    assert rule.holds
    assert rule.chained == circuits.z


def test_chain_rule_detects_a_dropped_inner_derivative():
    class DroppedFactor(ChainRule):
        @property
        def inner_derivative(self):
            return sympy.Integer(1)

    q, x = sympy.Symbol("q"), sympy.Symbol("x")
    assert ChainRule(sympy.sin(q), q, x**2, x).holds
    assert not DroppedFactor(sympy.sin(q), q, x**2, x).holds


def test_gate_local_gradients():
    a, b, c = gates.a, gates.b, gates.c
    expected = {
        "add": (1, 1),
        "multiply": (b, a),
        "max": (sympy.Heaviside(a - b), sympy.Heaviside(b - a)),
        "exp": (sympy.exp(a),),
        "reciprocal": (-1 / a**2,),
        "offset": (1,),
        "scale": (c,),
        "power": (c * a**c / a,),
        "logistic": (Logistic(a) * Logistic(-a),),
    }
    for gate in gates.GATES:
        got = gate.local_gradients
        assert len(got) == len(expected[gate.name])
        for g, e in zip(got, expected[gate.name]):
            assert sympy.simplify(g - e) == 0, gate.name


def test_decompose_rejects_an_operation_without_a_gate():
    with pytest.raises(ValueError, match="expression: expected"):
        gates.decompose(sympy.sin(circuits.x))


def test_formula_rejects_mismatched_outputs_and_unknown_symbols():
    x, y = circuits.x, circuits.y
    with pytest.raises(ValueError, match="same length"):
        Formula("f", "s", (x,), (x,), (x, x), ("f",), "src")
    with pytest.raises(ValueError, match=r"\['y'\]"):
        Formula("f", "s", (x,), (x + y,), (x + y,), ("f",), "src")
