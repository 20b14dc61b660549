"""How a lecture circuit becomes a function and its gradient for the generated code."""

from __future__ import annotations

import sympy

from derivations import circuits
from derivations.formula import proven_equal
from derivations.logistic import Logistic, textbook_logistic

x, y = circuits.x, circuits.y


def test_a_circuit_is_a_formula_and_its_gradient_in_the_order_of_its_point():
    expression = x * textbook_logistic(y)
    circuit = circuits._circuit("EXAMPLE", "example_circuit", "An example", expression,
                                {y: 2, x: -1})
    assert (circuit.name, circuit.title, circuit.expression) == (
        "example_circuit", "An example", expression)
    assert circuit.arguments == (y, x)
    assert circuit.point == {y: 2, x: -1}
    assert all(isinstance(v, sympy.Integer) for v in circuit.point.values())

    function, gradient = circuit.function, circuit.gradient
    assert (function.name, gradient.name) == ("example_circuit", "example_circuit_gradient")
    assert function.source == gradient.source == "derivations.circuits.EXAMPLE"
    assert function.summary.startswith("An example") and gradient.summary.startswith("An example")
    assert function.summary != gradient.summary
    assert function.outputs == (expression,)
    assert function.stable_outputs == (x * Logistic(y),)
    assert function.output_names == ("f",)

    assert gradient.arguments == (y, x)
    assert gradient.output_names == (r"\frac{\partial f}{\partial y}",
                                     r"\frac{\partial f}{\partial x}")
    sigma = Logistic(y)
    for textbook, stable, expected in zip(gradient.outputs, gradient.stable_outputs,
                                          (x * sigma * (1 - sigma), sigma)):
        assert proven_equal(textbook, expected) and proven_equal(stable, expected)


def test_each_lecture_circuit_names_the_constant_it_is_stored_in():
    for circuit in circuits.CIRCUITS:
        module, _, constant = circuit.function.source.rpartition(".")
        assert module == "derivations.circuits"
        assert getattr(circuits, constant) is circuit
