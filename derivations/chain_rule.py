r"""The chain rule, checked by SymPy on a function of an intermediate variable.

For :math:`f(q(x))`, the chain rule says
:math:`\dfrac{\partial f}{\partial x} = \dfrac{\partial f}{\partial q}\,\dfrac{\partial q}{\partial x}`.
:class:`ChainRule` computes both factors separately, multiplies them, and compares the
product with SymPy's derivative of the composed function.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class ChainRule:
    """:math:`f = \\text{outer}(q)` with :math:`q = \\text{inner}(\\text{variable})`.

    Attributes
    ----------
    outer:
        :math:`f` written in terms of the intermediate symbol (and other inputs).
    intermediate:
        The intermediate symbol :math:`q`.
    inner:
        :math:`q` written in terms of the inputs.
    variable:
        The input to differentiate with respect to.
    """

    outer: sympy.Expr
    intermediate: sympy.Symbol
    inner: sympy.Expr
    variable: sympy.Symbol

    @property
    def outer_derivative(self) -> sympy.Expr:
        r""":math:`\partial f / \partial q`, still in terms of :math:`q`."""
        return sympy.diff(self.outer, self.intermediate)

    @property
    def inner_derivative(self) -> sympy.Expr:
        r""":math:`\partial q / \partial x`."""
        return sympy.diff(self.inner, self.variable)

    @property
    def chained(self) -> sympy.Expr:
        r"""The product of the two factors, with :math:`q` replaced by its definition."""
        product = self.outer_derivative * self.inner_derivative
        return product.subs(self.intermediate, self.inner)

    @property
    def direct(self) -> sympy.Expr:
        """SymPy's derivative of the composed function, with no chain rule by hand."""
        return sympy.diff(self.outer.subs(self.intermediate, self.inner), self.variable)

    @property
    def holds(self) -> bool:
        """Whether SymPy proves the chained product equal to the direct derivative."""
        return sympy.simplify(self.chained - self.direct) == 0

    def latex(self, output: str = "f") -> str:
        """The rule, the two factors and the result as one LaTeX ``aligned`` block."""
        q, v = sympy.latex(self.intermediate), sympy.latex(self.variable)
        return (
            r"\begin{aligned}"
            rf"\frac{{\partial {output}}}{{\partial {v}}} "
            rf"&= \frac{{\partial {output}}}{{\partial {q}}}\,\frac{{\partial {q}}}{{\partial {v}}}"
            rf" = \left({sympy.latex(self.outer_derivative)}\right)"
            rf"\left({sympy.latex(self.inner_derivative)}\right) \\"
            rf"&= {sympy.latex(self.chained)}"
            r"\end{aligned}"
        )
