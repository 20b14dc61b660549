"""The gates of a computational graph (:mod:`derivations.gates`): how an expression splits
into a gate and its operands, and how a gate is labelled on a diagram."""

from __future__ import annotations

import pytest
import sympy

from derivations import gates
from derivations.logistic import Logistic

x, y, z = sympy.symbols("x y z", real=True)


def unevaluated(kind, *operands):
    return kind(*operands, evaluate=False)


def test_a_sum_of_three_becomes_two_add_gates_keeping_the_order_of_its_terms():
    gate, constant, (left, right) = gates.decompose(unevaluated(sympy.Add, x, y, z))
    assert (gate, constant, right) == (gates.ADD, None, z)
    assert isinstance(left, sympy.Add) and left.args == (x, y)


def test_a_number_among_the_terms_becomes_the_constant_of_an_offset_or_scale_gate():
    gate, constant, (operand,) = gates.decompose(unevaluated(sympy.Add, x, x, 1))
    assert (gate, constant) == (gates.OFFSET, 1)
    assert isinstance(operand, sympy.Add) and operand.args == (x, x)  # not evaluated to 2x
    gate, constant, (operand,) = gates.decompose(unevaluated(sympy.Mul, x, 2, 3))
    assert (gate, constant, operand) == (gates.SCALE, 6, x)


@pytest.mark.parametrize("expression, gate, constant, operands", [
    (unevaluated(sympy.Mul, x, y), gates.MULTIPLY, None, (x, y)),
    (unevaluated(sympy.Pow, x, -1), gates.RECIPROCAL, None, (x,)),
    (unevaluated(sympy.Pow, x, 3), gates.POWER, 3, (x,)),
    (sympy.Max(x, y), gates.MAX, None, (x, y)),
    (sympy.exp(x), gates.EXP, None, (x,)),
    (Logistic(x), gates.LOGISTIC, None, (x,)),
])
def test_each_operation_has_its_gate(expression, gate, constant, operands):
    got_gate, got_constant, got_operands = gates.decompose(expression)
    assert (got_gate, got_constant) == (gate, constant)
    assert set(got_operands) == set(operands) and len(got_operands) == len(operands)


@pytest.mark.parametrize("expression, kind", [
    (x, "Symbol"), (sympy.Integer(2), "Integer"), (sympy.Max(x, y, z), "Max"),
    (unevaluated(sympy.Pow, x, y), "Pow")])
def test_an_expression_without_a_gate_is_rejected_with_its_kind(expression, kind):
    with pytest.raises(ValueError, match=rf"^expression: expected a sum, .* got {kind}: "):
        gates.decompose(expression)


@pytest.mark.parametrize("gate, constant, label", [
    (gates.OFFSET, 1, "+1"), (gates.OFFSET, 0, "+0"), (gates.OFFSET, -2, "\u22122"),
    (gates.SCALE, 3, "\u00d73"), (gates.SCALE, -1, "\u00d7(\u22121)"),
    (gates.POWER, 2, "x\u00b2"), (gates.POWER, 3, "x\u00b3"), (gates.POWER, 4, "x^4"),
    (gates.ADD, None, "+"), (gates.RECIPROCAL, None, "1/x"), (gates.LOGISTIC, None, "\u03c3"),
])
def test_a_gate_is_labelled_with_its_constant_and_a_true_minus_sign(gate, constant, label):
    assert gate.label(sympy.Integer(constant) if constant is not None else None) == label
