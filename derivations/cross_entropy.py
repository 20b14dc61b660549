r"""The cross-entropy cost of a logistic output, and why its gradient is :math:`y - t`.

For one sample with target :math:`t \in \{0, 1\}` and predicted probability :math:`y`, the
cross-entropy is

.. math::

    \xi(t, y) = -t \log y - (1 - t) \log(1 - y).

When :math:`y = \sigma(z)` is the logistic function of a *logit* :math:`z`, the chain rule
:math:`\partial\xi/\partial z = \partial\xi/\partial y \cdot \partial y/\partial z` collapses
to :math:`y - t` (:func:`logit_gradient_chain`).

Two forms of the cost as a function of the logit:

* the textbook form, with :math:`\log\sigma(z) = -\log(1 + e^{-z})` and
  :math:`\log(1 - \sigma(z)) = \log\sigma(-z) = -\log(1 + e^{z})` written out, each
  :math:`\log(1 + u)` as :class:`Log1p` so that a high-precision evaluation keeps a tiny
  :math:`u`;
* the stable form :math:`\operatorname{softplus}(z) - t\,z`, with
  :math:`\operatorname{softplus}(z) = \log(1 + e^{z})` evaluated as ``logaddexp(0, z)``.

The textbook form avoids :math:`1 - \sigma(z)` on purpose: that difference cancels to nothing
for large :math:`z` (at :math:`z = 1000` it is :math:`e^{-1000}`, which needs about 435
significant digits of :math:`\sigma(z)` to survive the subtraction), so even a 50-digit
evaluation of :math:`\log(1 - \sigma(z))` as written would be wrong there. SymPy proves the
forms equal (:func:`derivations.formula.proven_equal`).
"""

from __future__ import annotations

import sympy

from derivations.formula import gradient_formula, proven_equal, scalar_formula
from derivations.logistic import Logistic

t, y, z = sympy.symbols("t y z", real=True)


class Log1p(sympy.Function):
    r""":math:`\log(1 + u)`, evaluated without first rounding :math:`1 + u`.

    SymPy evaluates ``log(1 + exp(-127))`` to 50 digits as exactly 0: it rounds
    :math:`1 + e^{-127}` to 1 before taking the logarithm. This function evaluates with
    ``mpmath.log1p`` and prints as :math:`\log(1 + u)`; rewritten in exponentials it is
    ``log(1 + u)``, so that :func:`~derivations.formula.proven_equal` can compare it.
    """

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return 1 / (1 + self.args[0])

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        import mpmath

        with mpmath.workprec(prec):
            return sympy.Expr._from_mpmath(mpmath.log1p(self.args[0]._to_mpmath(prec)), prec)

    def _eval_rewrite_as_exp(self, u: sympy.Expr, **hints: object) -> sympy.Expr:
        return sympy.log(1 + u)

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: object = None) -> str:
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\log{power}\left(1 + {printer._print(self.args[0])}\right)"


class Softplus(sympy.Function):
    r""":math:`\operatorname{softplus}(x) = \log(1 + e^{x})`, one SymPy function.

    Its derivative is :math:`\sigma(x)`. The generated code prints it as
    ``numpy.logaddexp(0, x)``, finite for every finite :math:`x` (where
    :math:`\log(1 + e^{x})` as written overflows for :math:`x > 709`).
    """

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        (x,) = self.args
        return Logistic(x)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return self.rewrite(sympy.exp)._eval_evalf(prec)

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **hints: object) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(x))

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: object = None) -> str:
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\operatorname{{softplus}}{power}\left({printer._print(self.args[0])}\right)"


def cross_entropy(target: sympy.Expr, probability: sympy.Expr) -> sympy.Expr:
    r""":math:`\xi(t, y) = -t \log y - (1 - t) \log(1 - y)`, the cost of one sample."""
    return -target * sympy.log(probability) - (1 - target) * sympy.log(1 - probability)


def logit_cross_entropy(logit: sympy.Expr, target: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    r"""The cross-entropy of :math:`y = \sigma(\text{logit})`: textbook and stable form.

    Textbook: :math:`t \log(1 + e^{-z}) + (1 - t) \log(1 + e^{z})`, that is
    :math:`-t \log\sigma(z) - (1 - t) \log\sigma(-z)`. Stable:
    :math:`\operatorname{softplus}(z) - t\,z`.
    """
    textbook = (target * Log1p(sympy.exp(-logit))
                + (1 - target) * Log1p(sympy.exp(logit)))
    stable = Softplus(logit) - target * logit
    return textbook, stable


_textbook, _stable = logit_cross_entropy(z, t)

LOGIT_CROSS_ENTROPY = scalar_formula(
    name="logit_cross_entropy",
    summary="Cross-entropy of y = sigma(z) for one sample with target t.",
    arguments=(z, t),
    textbook=_textbook,
    stable=_stable,
    output_name=r"\xi",
    source="derivations.cross_entropy.LOGIT_CROSS_ENTROPY",
)

LOGIT_CROSS_ENTROPY_GRADIENT = gradient_formula(
    LOGIT_CROSS_ENTROPY,
    name="logit_cross_entropy_gradient",
    summary="Gradient of the cross-entropy of y = sigma(z) with respect to the logit z.",
    output_name=r"\xi",
    with_respect_to=(z,),
)


def one_minus_logistic() -> tuple[sympy.Expr, sympy.Expr, bool]:
    r""":math:`1 - \sigma(z)`, :math:`\sigma(-z)`, and whether SymPy proves them equal."""
    left, right = 1 - Logistic(z), Logistic(-z)
    return left, right, proven_equal(left, right)


def logit_gradient_chain() -> dict[str, sympy.Expr]:
    r"""The chain rule for :math:`\partial\xi/\partial z` with :math:`y = \sigma(z)`, link by link.

    Returns a dictionary with

    * ``"dxi_dy"``: :math:`\partial\xi/\partial y`, SymPy's derivative of :func:`cross_entropy`;
    * ``"dy_dz"``: :math:`\partial y/\partial z = y(1 - y)`, the derivative of :math:`\sigma`
      written with its own output (proven in :func:`derivations.logistic.sigmoid_shortcut`);
    * ``"product"``: the two multiplied, as SymPy leaves them;
    * ``"distributed"``: :math:`y(1 - y)` multiplied into each term of
      :math:`\partial\xi/\partial y`, where it cancels that term's denominator:
      :math:`-t(1 - y) + (1 - t)\,y`, the step between the product and :math:`y - t`;
    * ``"simplified"``: the product simplified by SymPy, :math:`y - t`;
    * ``"direct"``: SymPy's derivative of :math:`\xi(t, \sigma(z))` with respect to :math:`z`,
      with no chain rule by hand.
    """
    dxi_dy = sympy.diff(cross_entropy(t, y), y)
    dy_dz = y * (1 - y)
    product = sympy.Mul(dxi_dy, dy_dz, evaluate=False)
    # Multiplying y(1 - y) into one term cancels that term's denominator (SymPy combines the
    # powers of y, and of 1 - y); the sum is left unexpanded, as a reader would write it.
    distributed = sympy.Add(*(term * dy_dz for term in sympy.Add.make_args(dxi_dy)),
                            evaluate=False)
    return {
        "dxi_dy": dxi_dy,
        "dy_dz": dy_dz,
        "product": product,
        "distributed": distributed,
        "simplified": sympy.simplify(dxi_dy * dy_dz),
        "direct": sympy.diff(cross_entropy(t, Logistic(z)), z),
    }


def logit_gradient_is_y_minus_t() -> bool:
    r"""Whether SymPy proves :math:`\partial\xi/\partial z = \sigma(z) - t`, both by the chain
    (simplified product) and by differentiating :math:`\xi(t, \sigma(z))` directly."""
    chain = logit_gradient_chain()
    by_chain = sympy.simplify(chain["simplified"] - (y - t)) == 0
    direct = proven_equal(chain["direct"], Logistic(z) - t)
    return by_chain and direct

