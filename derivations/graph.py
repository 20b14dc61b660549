r"""A SymPy expression as a computational graph, with forward and backward passes.

Each node is a symbol (an input of the circuit) or a gate applied to other nodes. The
forward pass computes every node's value from its inputs. The backward pass starts with
:math:`\partial f / \partial f = 1` at the output and, visiting the nodes from the output
back to the inputs, multiplies each node's gradient by the gate's local gradient for each
of its inputs (the chain rule, one local gradient at a time). A node used by several gates
receives the sum of what each of them sends back.

Identical sub-expressions are one node, so a variable that forks (``x`` in
``(x + σ(y)) / (σ(x) + (x + y)²)``) is a single node with several outgoing wires.

All arithmetic is exact SymPy arithmetic, so the tests can compare the result with
:func:`sympy.diff` of the whole expression to any precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import sympy

from derivations.gates import Gate, c, decompose


@dataclass
class Node:
    """One node of a :class:`ComputationalGraph`.

    Attributes
    ----------
    expression:
        The sub-expression this node computes.
    gate:
        The gate at this node, or ``None`` for an input symbol.
    constant:
        The gate's constant (for ``+1``, ``×(−1)``, ``x²``), or ``None``.
    inputs:
        Indices of the nodes feeding this gate, in the gate's input order.
    value:
        The forward value, after :meth:`ComputationalGraph.forward`.
    local_gradients:
        :math:`\\partial\\,\\text{node} / \\partial\\,\\text{input}` for each input, at the
        forward values.
    gradient:
        :math:`\\partial f / \\partial\\,\\text{node}`, after :meth:`ComputationalGraph.backward`.
    sent_back:
        What this gate sends back to each input: ``gradient * local_gradient``.
    """

    expression: sympy.Expr
    gate: Gate | None = None
    constant: sympy.Expr | None = None
    inputs: tuple[int, ...] = ()
    value: sympy.Expr | None = None
    local_gradients: tuple[sympy.Expr, ...] = ()
    gradient: sympy.Expr | None = None
    sent_back: tuple[sympy.Expr, ...] = field(default_factory=tuple)

    @property
    def is_input(self) -> bool:
        """Whether this node is an input symbol of the circuit."""
        return self.gate is None

    @property
    def label(self) -> str:
        """The symbol's name for an input, the gate's label otherwise."""
        if self.gate is None:
            return sympy.pretty(self.expression)
        return self.gate.label(self.constant)

    def _bind(self, operands: tuple[sympy.Expr, ...]) -> dict[sympy.Symbol, sympy.Expr]:
        binding = dict(zip(self.gate.inputs, operands))
        if self.constant is not None:
            binding[c] = self.constant
        return binding


class ComputationalGraph:
    """The computational graph of a SymPy expression.

    Parameters
    ----------
    expression:
        A scalar expression built from symbols, numbers and the gates of
        :mod:`derivations.gates`. Build it under ``sympy.evaluate(False)`` to keep the shape
        you wrote (SymPy otherwise distributes ``-(a + b)`` into ``-a - b``).

    Attributes
    ----------
    nodes:
        Every node, inputs before the gates that use them; the output is last.
    """

    def __init__(self, expression: sympy.Expr) -> None:
        if not isinstance(expression, sympy.Expr):
            raise TypeError(f"expression: expected a SymPy expression, got {type(expression)}")
        self.nodes: list[Node] = []
        self._index: dict[sympy.Expr, int] = {}
        self._add(expression)

    def _add(self, expression: sympy.Expr) -> int:
        if expression in self._index:
            return self._index[expression]
        if isinstance(expression, sympy.Symbol):
            node = Node(expression)
        elif expression.is_Number:
            raise ValueError(
                f"expression: the number {expression} must be the constant of a gate "
                "(as in x + 1 or 2·x), not a node of its own"
            )
        else:
            gate, constant, operands = decompose(expression)
            inputs = tuple(self._add(operand) for operand in operands)
            node = Node(expression, gate, constant, inputs)
        self.nodes.append(node)
        self._index[expression] = len(self.nodes) - 1
        return len(self.nodes) - 1

    @property
    def output(self) -> Node:
        """The node that computes the whole expression."""
        return self.nodes[-1]

    @property
    def input_symbols(self) -> tuple[sympy.Symbol, ...]:
        """The symbols at the input nodes, in the order the graph met them."""
        return tuple(n.expression for n in self.nodes if n.is_input)

    def forward(self, point: Mapping[sympy.Symbol | str, object]) -> sympy.Expr:
        """Compute every node's value at ``point`` (a value for each input symbol).

        Returns the output's value.
        """
        values = {str(k): sympy.sympify(v) for k, v in point.items()}
        missing = [s for s in self.input_symbols if str(s) not in values]
        if missing:
            raise ValueError(f"point: expected a value for each of {missing}")
        for node in self.nodes:
            if node.is_input:
                node.value = values[str(node.expression)]
                continue
            operands = tuple(self.nodes[i].value for i in node.inputs)
            binding = node._bind(operands)
            node.value = node.gate.expression.xreplace(binding)
            node.local_gradients = tuple(g.xreplace(binding) for g in node.gate.local_gradients)
            node.gradient, node.sent_back = None, ()
        return self.output.value

    def backward(self) -> dict[sympy.Symbol, sympy.Expr]:
        r"""Propagate :math:`\partial f / \partial\,\text{node}` from the output to the inputs.

        Returns the gradient of the output with respect to each input symbol.
        """
        if self.output.value is None:
            raise RuntimeError("backward() needs forward() first")
        for node in self.nodes:
            node.gradient = sympy.S.Zero
        self.output.gradient = sympy.S.One
        for node in reversed(self.nodes):
            node.sent_back = tuple(node.gradient * g for g in node.local_gradients)
            for i, contribution in zip(node.inputs, node.sent_back):
                self.nodes[i].gradient += contribution
        return {n.expression: n.gradient for n in self.nodes if n.is_input}

    def edges(self) -> list[tuple[int, int, int]]:
        """Every wire as ``(from_node, to_node, input_position)``."""
        return [(i, j, k) for j, n in enumerate(self.nodes) for k, i in enumerate(n.inputs)]


def node_names(graph: ComputationalGraph) -> list[str]:
    """A name for every node: the symbol for an input, ``g1``, ``g2``, ... for the gates in
    forward order, ``f`` for the output."""
    names, count = [], 0
    for index, node in enumerate(graph.nodes):
        if node.is_input:
            names.append(node.label)
        elif index == len(graph.nodes) - 1:
            names.append("f")
        else:
            count += 1
            names.append(f"g{count}")
    return names


def _minus(text: str) -> str:
    return text.replace("-", "\u2212")


_OPERATIONS = {
    "add": lambda a, k: f"{a[0]} + {a[1]}",
    "multiply": lambda a, k: f"{a[0]} × {a[1]}",
    "max": lambda a, k: f"max({a[0]}, {a[1]})",
    "exp": lambda a, k: f"exp({a[0]})",
    "reciprocal": lambda a, k: f"1/{a[0]}",
    "logistic": lambda a, k: f"σ({a[0]})",
    "offset": lambda a, k: f"{a[0]} + {k}" if k >= 0 else f"{a[0]} \u2212 {-k}",
    "scale": lambda a, k: _minus(f"{k} × {a[0]}"),
    "power": lambda a, k: a[0] + {2: "²", 3: "³"}.get(k, f"^{k}"),
}


def operations(graph: ComputationalGraph) -> list[str]:
    """What each node computes, written with the names of :func:`node_names`: ``"input"``
    for an input, ``"g1²"`` for a gate squaring ``g1``, ``"−1 × g4"``, ``"1/g7"``, and so on
    (the names of the nodes, not those of the gate's own variables)."""
    names = node_names(graph)
    return [
        "input" if node.is_input
        else _OPERATIONS[node.gate.name]([names[i] for i in node.inputs], node.constant)
        for node in graph.nodes
    ]


def number(value: sympy.Expr) -> int | float:
    """An exact integer as an ``int`` (so that a table prints ``2``, not ``2.0000``), any other
    value as a ``float``."""
    return int(value) if value.is_Integer else float(value)


Rows = tuple[tuple[str, ...], list[tuple]]


def gate_rows(graph: ComputationalGraph) -> Rows:
    """Every gate after forward and backward, one row per input of each gate: what the gate
    computes, its value and upstream gradient :math:`\\partial f / \\partial\\,\\text{gate}`,
    then the input, the local gradient and what the gate sends back to that input
    (upstream × local). Returns ``(headers, rows)``, for :class:`nncore.tables.Table`."""
    names, computes = node_names(graph), operations(graph)
    rows = []
    for index, node in enumerate(graph.nodes):
        if node.is_input:
            continue
        for position, source in enumerate(node.inputs):
            first = position == 0
            rows.append((
                f"{names[index]} = {computes[index]}" if first else "",
                number(node.value) if first else "",
                number(node.gradient) if first else "",
                names[source],
                number(node.local_gradients[position]),
                number(node.sent_back[position]),
            ))
    headers = ("gate", "value", "upstream", "input", "local gradient", "sent back")
    return headers, rows


def stage_rows(graph: ComputationalGraph) -> Rows:
    """Each stage of the computation, in forward order: what it computes from the earlier
    stages, its value and :math:`\\partial f / \\partial\\,\\text{stage}` from the backward
    pass, as ``(headers, rows)``."""
    names, computes = node_names(graph), operations(graph)
    rows = [
        (names[i], computes[i], number(node.value), number(node.gradient))
        for i, node in enumerate(graph.nodes)
    ]
    return ("stage", "computes", "value", "∂f/∂stage"), rows


def fork_rows(graph: ComputationalGraph, symbol: sympy.Symbol) -> Rows:
    """Every wire leaving the input ``symbol``, with the gradient it brings back, and their
    sum: the total gradient of the output with respect to ``symbol``, as
    ``(headers, rows)``."""
    names, computes = node_names(graph), operations(graph)
    index = graph._index[symbol]
    rows = [
        (f"{names[j]} = {computes[j]}", number(graph.nodes[j].sent_back[k]))
        for i, j, k in graph.edges() if i == index
    ]
    rows.append((f"sum = ∂f/∂{names[index]}", number(graph.nodes[index].gradient)))
    return (f"gate using {names[index]}", "sent back"), rows
