r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})` and its derivative.

Two forms live here. The textbook form is the quotient with an exponential; differentiated
as it stands it gives :math:`e^{-z}/(1 + e^{-z})^2`, which overflows to NaN in float64 for
:math:`z \le -710`. The stable form is the SymPy function :class:`Logistic`, whose derivative
is :math:`\sigma(z)\,\sigma(-z)`, a product of two numbers in :math:`[0, 1]`. Inside the
derivative and the costs the generated code evaluates :math:`\sigma(x)` as
:math:`\exp(-\operatorname{logaddexp}(0, -x))`, which is finite for every finite :math:`x`;
the logistic function itself is evaluated as written (see :data:`LOGISTIC`).
"""

from __future__ import annotations

import sympy
from sympy.codegen.cfunctions import log1p

from derivations.formula import Formula, proven_equal, scalar_formula

z = sympy.Symbol("z", real=True)


class Logistic(sympy.Function):
    r"""The logistic function :math:`\sigma(x) = 1/(1 + e^{-x})` as one SymPy function.

    Its derivative is :math:`\sigma(x)\,\sigma(-x)`, equal to :math:`\sigma(x)(1 - \sigma(x))`
    but without the cancellation in :math:`1 - \sigma(x)` when :math:`\sigma(x)` is near 1.
    """

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        (x,) = self.args
        return Logistic(x) * Logistic(-x)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return self.rewrite(sympy.exp)._eval_evalf(prec)

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **hints: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-x))

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: object = None) -> str:
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\sigma{power}\left({printer._print(self.args[0])}\right)"


def textbook_logistic(x: sympy.Expr) -> sympy.Expr:
    r""":math:`1/(1 + e^{-x})`, written out (and left unevaluated, so it reads as typed)."""
    with sympy.evaluate(False):
        return 1 / (1 + sympy.exp(-x))


def _logistic_argument(expression: sympy.Expr) -> sympy.Expr | None:
    """The ``x`` of an expression of the form ``1/(1 + exp(-x))``, or None."""
    if not (expression.is_Pow and expression.exp == -1 and expression.base.is_Add):
        return None
    terms = expression.base.args
    exponentials = [t for t in terms if isinstance(t, sympy.exp)]
    if len(terms) != 2 or sympy.S.One not in terms or len(exponentials) != 1:
        return None
    return -exponentials[0].args[0]


def use_logistic(expression: sympy.Expr) -> sympy.Expr:
    r"""Replace every :math:`1/(1 + e^{-x})` inside ``expression`` by :math:`\sigma(x)`.

    The result is equal to ``expression`` (the tests prove it with
    :func:`derivations.formula.proven_equal`) and its derivatives are stable.
    """
    return expression.replace(
        lambda e: _logistic_argument(e) is not None,
        lambda e: Logistic(_logistic_argument(e)),
    )


#: Evaluated as written, by the kernel ``logistic_layer`` of :mod:`nncore.layers`, which the
#: checked function ``logistic`` calls: correctly rounded wherever :math:`\sigma(z)` is a
#: normal float64. Where :math:`e^{-z}` overflows (:math:`z < -709.78`), :math:`1/(1 + \infty)`
#: gives 0, and :math:`\sigma(z) < 2.3 \cdot 10^{-308}` there (only subnormal values are
#: lost); only NumPy's warning needs silencing. (The ``logaddexp`` form of :class:`Logistic` costs twice
#: as much per entry, for no gain in accuracy; it serves the derivative and the costs.)
#:
#: :meta hide-value:
LOGISTIC = scalar_formula(
    name="logistic",
    summary="The logistic function, sigma(z) = 1 / (1 + exp(-z)).",
    arguments=(z,),
    textbook=textbook_logistic(z),
    stable=textbook_logistic(z),
    output_name=r"\sigma(z)",
    source="derivations.logistic.LOGISTIC",
    silence_overflow=True,
    kernel="logistic_layer",
)

LOGISTIC_DERIVATIVE = Formula(
    name="logistic_derivative",
    summary="The derivative of the logistic function, sigma(z) * sigma(-z).",
    arguments=(z,),
    outputs=(sympy.diff(LOGISTIC.expression, z),),
    stable_outputs=(sympy.diff(Logistic(z), z),),
    output_names=(r"\frac{d\sigma}{dz}",),
    source="derivations.logistic.LOGISTIC_DERIVATIVE",
    differentiates=LOGISTIC,
)


def sigmoid_shortcut() -> tuple[sympy.Expr, sympy.Expr, bool]:
    r"""The raw derivative of :math:`\sigma`, the shortcut :math:`(1 - \sigma(z))\,\sigma(z)`,
    and whether SymPy proves them equal."""
    raw = LOGISTIC_DERIVATIVE.expression
    shortcut = (1 - Logistic(z)) * Logistic(z)
    return raw, shortcut, proven_equal(raw, shortcut)



# The backward kernel of the logistic layer of nncore.layers (its forward kernel is that of
# LOGISTIC), generated without argument checks: the layer's data are checked once, when a
# batch is prepared.
a = sympy.Symbol("a", positive=True)  # the layer's output, a = sigma(z), between 0 and 1
g = sympy.Symbol("g", real=True)  # the gradient of the cost with respect to a

def derivative_in_terms_of_output() -> sympy.Expr:
    r""":math:`d\sigma/dz` written in the layer's output :math:`a = \sigma(z)`.

    SymPy differentiates :math:`1/(1 + e^{-z})`, giving :math:`e^{-z}/(1 + e^{-z})^2`; solves
    :math:`a = 1/(1 + e^{-z})` for :math:`e^{-z} = (1 - a)/a`; substitutes, and factors:
    :math:`a(1 - a)`. The backward pass then needs only what the forward pass kept.
    """
    derivative = sympy.diff(textbook_logistic(z), z)
    (exp_minus_z,) = sympy.solve(sympy.Eq(a, textbook_logistic(z)), sympy.exp(-z))
    return sympy.simplify(derivative.subs(sympy.exp(-z), exp_minus_z))


LOGISTIC_LAYER_BACKWARD = scalar_formula(
    name="logistic_layer_backward",
    summary="Back through a logistic layer: g * a * (1 - a), g the gradient at its output a.",
    arguments=(g, a),
    textbook=g * derivative_in_terms_of_output(),
    stable=g * derivative_in_terms_of_output(),
    output_name=r"\frac{\partial \xi}{\partial z}",
    source="derivations.logistic.LOGISTIC_LAYER_BACKWARD",
)


def inverse() -> sympy.Expr:
    r"""SymPy's solution of :math:`a = 1/(1 + e^{-z})` for :math:`z`: the logit
    :math:`\log(a/(1 - a))`."""
    (solution,) = sympy.solve(sympy.Eq(a, textbook_logistic(z)), z)
    return sympy.simplify(solution)


#: The inverse of the logistic function, for activations strictly between 0 and 1; the code
#: evaluates :math:`\log a - \log(1 - a)` with ``log1p``, exact for tiny :math:`a` and for
#: :math:`a` near 1 alike.
#:
#: :meta hide-value:
LOGIT = scalar_formula(
    name="logit",
    summary="The inverse of the logistic function, log(a / (1 - a)), for 0 < a < 1.",
    arguments=(a,),
    textbook=inverse(),
    stable=sympy.log(a) - log1p(-a),
    output_name=r"\sigma^{-1}(a)",
    source="derivations.logistic.LOGIT",
)
