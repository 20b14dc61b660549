"""The graph module's backward pass equals SymPy's derivative of the whole expression."""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derivations import circuits
from derivations.graph import (ComputationalGraph, fork_rows, gate_rows, node_names,
                               operations, stage_rows)
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


def assert_rows(rows, expected):
    """Strings equal, numbers equal to 1e-12."""
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert len(row) == len(want)
        for got, value in zip(row, want):
            assert got == (value if isinstance(value, str) else pytest.approx(value, abs=1e-12))


def test_gate_table_reads_the_lecture_values():
    # CS231n's sigmoid neuron, forward and backward by hand in plain floats.
    w0, x0, w1, x1, w2 = 2.0, -1.0, -3.0, -2.0, -3.0
    g1, g2 = w0 * x0, w1 * x1
    g3 = g1 + g2
    g4 = g3 + w2
    g5 = -g4
    g6 = math.exp(g5)
    g7 = g6 + 1
    f = 1 / g7
    df_dg7 = -1 / g7**2
    df_dg5 = df_dg7 * g6
    df_dg4 = -df_dg5  # also the gradient at g3, g2, g1 (add gates pass it on)
    graph = ComputationalGraph(circuits.SIGMOID_NEURON.expression)
    graph.forward(circuits.SIGMOID_NEURON.point)
    graph.backward()
    headers, rows = gate_rows(graph)
    assert headers == ("gate", "value", "upstream", "input", "local gradient", "sent back")
    assert_rows(rows, [
        ("g1 = w₀ × x₀", g1, df_dg4, "w₀", x0, x0 * df_dg4),
        ("", "", "", "x₀", w0, w0 * df_dg4),
        ("g2 = w₁ × x₁", g2, df_dg4, "w₁", x1, x1 * df_dg4),
        ("", "", "", "x₁", w1, w1 * df_dg4),
        ("g3 = g1 + g2", g3, df_dg4, "g1", 1, df_dg4),
        ("", "", "", "g2", 1, df_dg4),
        ("g4 = g3 + w₂", g4, df_dg4, "g3", 1, df_dg4),
        ("", "", "", "w₂", 1, df_dg4),
        ("g5 = −1 × g4", g5, df_dg5, "g4", -1, -df_dg5),
        ("g6 = exp(g5)", g6, df_dg7, "g5", g6, df_dg5),
        ("g7 = g6 + 1", g7, df_dg7, "g6", 1, df_dg7),
        ("f = 1/g7", f, 1, "g7", df_dg7, df_dg7),
    ])
    # exact integers stay integers, so that a table prints 2 and not 2.0000
    assert [type(row[1]) for row in rows if row[1] != ""] == [int] * 5 + [float] * 3
    assert type(rows[0][4]) is int and type(rows[0][5]) is float


def test_operations_name_the_nodes_a_gate_reads_not_its_own_variables():
    with sympy.evaluate(False):
        expression = 2 * (x - 3) ** 2 + sympy.Max(x, y) ** 3 + (y + 1) ** 4
    graph = ComputationalGraph(expression)
    assert dict(zip(node_names(graph), operations(graph))) == {
        "x": "input", "g1": "x − 3", "g2": "g1²", "g3": "2 × g2", "y": "input",
        "g4": "max(x, y)", "g5": "g4³", "g6": "g3 + g5", "g7": "y + 1", "g8": "g7^4",
        "f": "g6 + g8"}


def staged_by_hand(x, y):
    """CS231n's staged computation, forward and backward by hand in plain floats: each
    stage's value and the gradient of f with respect to it, keyed by what it computes."""
    sigy = 1 / (1 + math.exp(-y))
    num = x + sigy
    sigx = 1 / (1 + math.exp(-x))
    xpy = x + y
    xpysqr = xpy**2
    den = sigx + xpysqr
    invden = 1 / den
    f = num * invden
    dnum, dinvden = invden, num
    dden = -1 / den**2 * dinvden
    dsigx = dxpysqr = dden
    dxpy = 2 * xpy * dxpysqr
    from_sigx = (1 - sigx) * sigx * dsigx
    dsigy = dnum
    dx = dxpy + from_sigx + dnum
    dy = dxpy + (1 - sigy) * sigy * dsigy
    stages = {
        "x": (x, dx), "y": (y, dy), "x + y": (xpy, dxpy), "(x + y)**2": (xpysqr, dxpysqr),
        "σ(x)": (sigx, dsigx), "(x + y)**2 + σ(x)": (den, dden),
        "1/((x + y)**2 + σ(x))": (invden, dinvden), "σ(y)": (sigy, dsigy),
        "x + σ(y)": (num, dnum), "(x + σ(y))/((x + y)**2 + σ(x))": (f, 1.0),
    }
    # what each gate using x sends back to it, and their sum
    fork_x = [("g1 = x + y", dxpy), ("g3 = σ(x)", from_sigx), ("g7 = x + g6", dnum),
              ("sum = ∂f/∂x", dx)]
    return stages, fork_x


# what each stage of stage_rows computes, in the graph's order
STAGE_EXPRESSIONS = ["x", "y", "x + y", "(x + y)**2", "σ(x)", "(x + y)**2 + σ(x)",
                     "1/((x + y)**2 + σ(x))", "σ(y)", "x + σ(y)",
                     "(x + σ(y))/((x + y)**2 + σ(x))"]


def staged_graph():
    graph = ComputationalGraph(use_logistic(circuits.STAGED.expression))
    graph.forward(circuits.STAGED.point)
    graph.backward()
    return graph


def test_stage_table_reads_the_lecture_values():
    stages, _ = staged_by_hand(3.0, -4.0)
    headers, rows = stage_rows(staged_graph())
    assert headers == ("stage", "computes", "value", "∂f/∂stage")
    assert [row[0] for row in rows] == ["x", "y", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "f"]
    assert [row[1] for row in rows] == ["input", "input", "x + y", "g1²", "σ(x)", "g2 + g3",
                                        "1/g4", "σ(y)", "x + g6", "g5 × g7"]
    assert_rows([row[2:] for row in rows], [stages[c] for c in STAGE_EXPRESSIONS])


def test_fork_table_sums_what_each_gate_sends_back():
    _, fork_x = staged_by_hand(3.0, -4.0)
    headers, rows = fork_rows(staged_graph(), circuits.x)
    assert headers == ("gate using x", "sent back")
    assert_rows(rows, fork_x)


def test_bad_expressions_and_points_are_rejected():
    with pytest.raises(TypeError, match="^expression: expected a SymPy expression, got <class 'str'>$"):
        ComputationalGraph("x + y")
    with pytest.raises(ValueError, match=r"^expression: the number 3 must be the constant of a "
                                         r"gate \(as in x \+ 1 or 2·x\), not a node of its own$"):
        ComputationalGraph(sympy.Integer(3))
    with pytest.raises(ValueError, match="expression: expected"):
        ComputationalGraph(sympy.sin(x))
    graph = ComputationalGraph(x * y)
    with pytest.raises(ValueError, match="point: expected a value"):
        graph.forward({"x": 1})
    with pytest.raises(RuntimeError, match=r"^backward\(\) needs forward\(\) first$"):
        ComputationalGraph(x * y).backward()
