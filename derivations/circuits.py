r"""The circuits of CS231n lecture 4, as SymPy expressions with the lecture's input values.

Source: CS231n, "Backpropagation, Intuitions", https://cs231n.github.io/optimization-2/

* the warm-up :math:`f(x, y, z) = (x + y)\,z`;
* the sigmoid neuron :math:`f(w, x) = 1/(1 + e^{-(w_0 x_0 + w_1 x_1 + w_2)})`;
* the staged computation :math:`f(x, y) = (x + \sigma(y)) / (\sigma(x) + (x + y)^2)`;
* the patterns of backward flow, :math:`f = 2\,(x y + \max(z, w))`.

Each expression is built unevaluated, so it keeps the shape the lecture draws (SymPy would
otherwise turn :math:`-(w_0 x_0 + w_1 x_1 + w_2)` into :math:`-w_0 x_0 - w_1 x_1 - w_2`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivations.formula import Formula, gradient_formula, scalar_formula
from derivations.logistic import textbook_logistic, use_logistic

x, y, z, w = sympy.symbols("x y z w", real=True)
w0, x0, w1, x1, w2 = sympy.symbols("w0 x0 w1 x1 w2", real=True)


@dataclass(frozen=True)
class Circuit:
    """A scalar function of a few inputs, with the values the lecture evaluates it at.

    Attributes
    ----------
    name:
        Python name, also the name of the generated function.
    title:
        What the lecture calls it.
    expression:
        The function, unevaluated, in the shape the lecture draws.
    point:
        The lecture's input values, one per argument.
    function:
        The function as a :class:`~derivations.formula.Formula` (stable form: every
        :math:`1/(1 + e^{-a})` replaced by :math:`\\sigma(a)`).
    gradient:
        Its gradient with respect to every input, derived by SymPy.
    """

    name: str
    title: str
    expression: sympy.Expr
    point: dict[sympy.Symbol, sympy.Integer]
    function: Formula
    gradient: Formula

    @property
    def arguments(self) -> tuple[sympy.Symbol, ...]:
        """The input symbols, in the order the generated functions take them."""
        return self.function.arguments


def _circuit(
    constant: str, name: str, title: str, expression: sympy.Expr, point: dict[sympy.Symbol, int]
) -> Circuit:
    arguments = tuple(point)
    function = scalar_formula(
        name=name,
        summary=f"{title}: the function f.",
        arguments=arguments,
        textbook=expression,
        stable=use_logistic(expression),
        output_name="f",
        source=f"derivations.circuits.{constant}",
    )
    gradient = gradient_formula(
        function,
        name=f"{name}_gradient",
        summary=f"{title}: the gradient of f with respect to each input.",
        output_name="f",
    )
    return Circuit(name, title, expression, {s: sympy.Integer(v) for s, v in point.items()},
                   function, gradient)


with sympy.evaluate(False):
    _warm_up = (x + y) * z
    _sigmoid_neuron = 1 / (1 + sympy.exp(-(w0 * x0 + w1 * x1 + w2)))
    _patterns = 2 * (x * y + sympy.Max(z, w))
_staged = (x + textbook_logistic(y)) / (textbook_logistic(x) + (x + y) ** 2)

WARM_UP = _circuit("WARM_UP", "warm_up_circuit", "The warm-up circuit (x + y) z", _warm_up,
                   {x: -2, y: 5, z: -4})
SIGMOID_NEURON = _circuit("SIGMOID_NEURON", "sigmoid_circuit", "The sigmoid neuron circuit", _sigmoid_neuron,
                          {w0: 2, x0: -1, w1: -3, x1: -2, w2: -3})
STAGED = _circuit("STAGED", "staged_circuit", "The staged computation", _staged, {x: 3, y: -4})
BACKWARD_PATTERNS = _circuit("BACKWARD_PATTERNS", "backward_patterns_circuit", "The patterns of backward flow",
                             _patterns, {x: 3, y: -4, z: 2, w: -1})

CIRCUITS: tuple[Circuit, ...] = (WARM_UP, SIGMOID_NEURON, STAGED, BACKWARD_PATTERNS)
