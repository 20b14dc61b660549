r"""The gates of a computational graph and their local gradients.

A gate is a small function of one or two inputs. Backpropagation needs only its *local*
gradient, :math:`\partial\,\text{out} / \partial\,\text{input}`, for each input: SymPy derives
it here from the gate's expression. Some gates carry a constant :math:`c` (add a constant,
multiply by a constant, raise to a constant power), as the CS231n circuit does with its
``+1`` and ``*-1`` gates.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivations.logistic import Logistic

a, b = sympy.symbols("a b", real=True)
c = sympy.Symbol("c", real=True)


@dataclass(frozen=True)
class Gate:
    """A named operation on one or two inputs ``a`` (and ``b``), possibly with a constant ``c``.

    Attributes
    ----------
    name:
        What the gate is called, for example ``"multiply"``.
    inputs:
        The input symbols, ``(a,)`` or ``(a, b)``.
    expression:
        The output as a SymPy expression of the inputs (and of ``c``).
    backward_rule:
        In words, what the gate does to the gradient flowing back through it.
    """

    name: str
    inputs: tuple[sympy.Symbol, ...]
    expression: sympy.Expr
    backward_rule: str

    @property
    def local_gradients(self) -> tuple[sympy.Expr, ...]:
        r""":math:`\partial\,\text{out} / \partial\,\text{input}` for each input, by SymPy."""
        # powsimp writes c·a^c/a as c·a^(c-1), which stays defined at a = 0
        return tuple(sympy.powsimp(sympy.diff(self.expression, x)) for x in self.inputs)

    def label(self, constant: sympy.Expr | None = None) -> str:
        """A short label for a diagram, for example ``"×"``, ``"+1"`` or ``"1/x"``."""
        return _LABELS[self.name](constant)


def _signed(constant: sympy.Expr) -> str:
    return f"+{constant}" if constant >= 0 else f"−{-constant}"


_LABELS = {
    "add": lambda _: "+",
    "multiply": lambda _: "×",
    "max": lambda _: "max",
    "exp": lambda _: "exp",
    "reciprocal": lambda _: "1/x",
    "logistic": lambda _: "σ",
    "offset": _signed,
    "scale": lambda k: f"×{k}" if k >= 0 else f"×(−{-k})",
    "power": lambda k: {2: "x²", 3: "x³"}.get(k, f"x^{k}"),
}

ADD = Gate("add", (a, b), a + b, "distributes: each input receives the upstream gradient")
MULTIPLY = Gate("multiply", (a, b), a * b, "swaps: each input receives upstream times the other")
MAX = Gate("max", (a, b), sympy.Max(a, b), "routes: the larger input receives all of it")
EXP = Gate("exp", (a,), sympy.exp(a), "scales by the gate's own output")
RECIPROCAL = Gate("reciprocal", (a,), 1 / a, "scales by -1/a²")
OFFSET = Gate("offset", (a,), a + c, "passes the gradient through unchanged")
SCALE = Gate("scale", (a,), c * a, "scales by the constant")
POWER = Gate("power", (a,), a**c, "scales by c·a^(c-1)")
LOGISTIC = Gate("logistic", (a,), Logistic(a), "scales by σ(a)(1 - σ(a))")

GATES: tuple[Gate, ...] = (ADD, MULTIPLY, MAX, EXP, RECIPROCAL, OFFSET, SCALE, POWER, LOGISTIC)


def _unevaluated(kind: type, operands: tuple[sympy.Expr, ...]) -> sympy.Expr:
    # a sum or product of one operand is that operand
    return kind(*operands, evaluate=False)


def decompose(
    expression: sympy.Expr,
) -> tuple[Gate, sympy.Expr | None, tuple[sympy.Expr, ...]]:
    """The gate at the top of ``expression``, its constant (or None) and its operands.

    Sums and products of more than two terms become a chain of two-input gates, and a
    number among the terms becomes the constant of an offset or scale gate.

    Raises
    ------
    ValueError
        If ``expression`` is a symbol or number (no gate), or an operation with no gate here.
    """
    if isinstance(expression, (sympy.Add, sympy.Mul)):
        numbers = tuple(t for t in expression.args if t.is_Number)
        others = tuple(t for t in expression.args if not t.is_Number)
        kind = type(expression)
        if numbers:
            constant = kind(*numbers)
            return (OFFSET if kind is sympy.Add else SCALE), constant, (_unevaluated(kind, others),)
        gate = ADD if kind is sympy.Add else MULTIPLY
        return gate, None, (_unevaluated(kind, others[:-1]), others[-1])
    if isinstance(expression, sympy.Pow) and expression.exp.is_Number:
        if expression.exp == -1:
            return RECIPROCAL, None, (expression.base,)
        return POWER, expression.exp, (expression.base,)
    if isinstance(expression, sympy.Max) and len(expression.args) == 2:
        return MAX, None, expression.args
    if isinstance(expression, sympy.exp):
        return EXP, None, expression.args
    if isinstance(expression, Logistic):
        return LOGISTIC, None, expression.args
    raise ValueError(
        f"expression: expected a sum, product, power with a numeric exponent, exp, max of two "
        f"or logistic function, got {type(expression).__name__}: {expression}"
    )
