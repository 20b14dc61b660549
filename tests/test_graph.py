"""The graph module's backward pass equals SymPy's derivative of the whole expression."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derivations import circuits
from derivations.graph import ComputationalGraph, fork_rows, gate_rows, node_names
from nncore.tables import Table
from derivations.logistic import Logistic, use_logistic

x, y, z, w = sympy.symbols("x y z w", real=True)

with sympy.evaluate(False):
    EXPRESSIONS = [
        *(c.expression for c in circuits.CIRCUITS),
        use_logistic(circuits.SIGMOID_NEURON.expression),
        (x**3 + 2 * y) * sympy.exp(-x * y),
        sympy.Max(x * y, z) + 1 / (x**2 + 2),
        Logistic(x * y) * z - w,
        x * x * y + x / (1 + y**2),
        sympy.exp(sympy.exp(x) - y) * (z + w + x),
    ]

rationals = st.fractions(min_value=-4, max_value=4, max_denominator=50)


@pytest.mark.parametrize("expression", EXPRESSIONS, ids=str)
@settings(max_examples=25)
@given(values=st.tuples(rationals, rationals, rationals, rationals, rationals))
def test_backward_pass_equals_sympy_diff(expression, values):
    graph = ComputationalGraph(expression)
    symbols = sorted(expression.free_symbols, key=str)
    point = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, values)}
    value = graph.forward({str(s): v for s, v in point.items()})
    assert sympy.N(value - expression.xreplace(point), 50) == 0
    gradient = graph.backward()
    assert set(gradient) == set(symbols)
    for symbol in symbols:
        expected = sympy.diff(expression, symbol).xreplace(point)
        assert abs(sympy.N(gradient[symbol] - expected, 50)) < sympy.Float("1e-45"), symbol


def test_identical_subexpressions_share_one_node_and_gradients_add_at_forks():
    graph = ComputationalGraph(use_logistic(circuits.STAGED.expression))
    labels = [n.label for n in graph.nodes]
    assert labels.count("x") == 1 and labels.count("y") == 1
    graph.forward(circuits.STAGED.point)
    graph.backward()
    x_node = graph.nodes[graph._index[circuits.x]]
    incoming = [graph.nodes[j].sent_back[k] for i, j, k in graph.edges() if graph.nodes[i] is x_node]
    assert len(incoming) == 3
    assert sympy.N(sum(incoming) - x_node.gradient, 50) == 0
    assert "sum = ∂f/∂x" in str(Table(*fork_rows(graph, circuits.x)))


def test_sigmoid_circuit_has_the_lecture_gates_in_order():
    graph = ComputationalGraph(circuits.SIGMOID_NEURON.expression)
    gate_labels = [n.label for n in graph.nodes if not n.is_input]
    assert gate_labels == ["×", "×", "+", "+", "×(−1)", "exp", "+1", "1/x"]
    assert node_names(graph)[-1] == "f"


def test_gate_table_reads_the_lecture_values():
    graph = ComputationalGraph(circuits.SIGMOID_NEURON.expression)
    graph.forward(circuits.SIGMOID_NEURON.point)
    graph.backward()
    lines = {line.split("  ")[0].strip(): line.split() for line in str(Table(*gate_rows(graph), number_format=".2f")).splitlines()}
    # gate, value, upstream, input, input value, local gradient, sent back
    assert lines["f = 1/x"][3:] == ["0.73", "1.00", "g7", "1.37", "-0.53", "-0.53"]
    assert lines["g6 = exp"][3:] == ["0.37", "-0.53", "g5", "-1.00", "0.37", "-0.20"]
    assert lines["g1 = ×"][3:] == ["-2.00", "0.20", "w₀", "2.00", "-1.00", "-0.20"]
    second_input = str(Table(*gate_rows(graph), number_format=".2f")).splitlines()[3].split()
    assert second_input == ["x₀", "-1.00", "2.00", "0.39"]


def test_bad_expressions_and_points_are_rejected():
    with pytest.raises(TypeError, match="expression"):
        ComputationalGraph("x + y")
    with pytest.raises(ValueError, match="expression: expected"):
        ComputationalGraph(sympy.sin(x))
    graph = ComputationalGraph(x * y)
    with pytest.raises(ValueError, match="point: expected a value"):
        graph.forward({"x": 1})
    with pytest.raises(RuntimeError, match="forward"):
        ComputationalGraph(x * y).backward()
