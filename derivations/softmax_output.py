r"""The softmax output layer with its cross-entropy, for any number of classes :math:`n`.

One sample's logits :math:`z_1, \dots, z_n` and target :math:`t_1, \dots, t_n` (a one-hot
row, or any distribution: :math:`\sum_i t_i = 1`) are SymPy indexed symbols, and :math:`n`
is a symbol too, so every result here holds for every number of classes at once:

.. math::

    y_k = \frac{e^{z_k}}{\sum_{d=1}^{n} e^{z_d}}, \qquad
    \xi = -\sum_{i=1}^{n} t_i \log y_i .

SymPy differentiates :math:`\xi` with respect to :math:`z_k` through the indexed sums
(:func:`cost_gradient`): each :math:`\partial z_i/\partial z_k` is a Kronecker delta, the
sums over :math:`i` collapse, and what is left is :math:`y_k \sum_i t_i - t_k`, which is
:math:`y_k - t_k` for targets that sum to 1 (:func:`gradient_is_y_minus_t`).

The generated code evaluates stable forms, each proven equal to the textbook one
(:func:`stable_forms_agree`): with :math:`m = \max_d z_d`,

.. math::

    \begin{aligned}
    y_k &= \frac{e^{z_k - m}}{\sum_d e^{z_d - m}}, &
    \frac{\partial \xi}{\partial z_k} &= \frac{e^{z_k - m}}{\sum_d e^{z_d - m}} - t_k, \\
    \xi &= \log \sum_d e^{z_d - m} + \Bigl(m - \sum_i t_i z_i\Bigr) .
    \end{aligned}

No exponential overflows (every :math:`z_d - m \le 0`, and the sum is at least 1), and the
cost never takes the logarithm of a probability rounded to 0. The bracket is evaluated
first: for a one-hot target it is one exactly rounded difference :math:`m - z_j`, so that
logits as large as :math:`10^{308}` still give the right cost (for :math:`z = (-10^{308},
10^{308})` and :math:`t = (0, 1)` the cost is 0, where the textbook form gives NaN).

In the generated NumPy, :math:`z` and :math:`t` are arrays with the classes along the first
axis and one column per sample; a sum over :math:`d` becomes a sum along that axis
(:class:`derivations.codegen.StableNumPyPrinter`).
"""

from __future__ import annotations

import sympy

from derivations.formula import Formula

#: The number of classes.
n = sympy.Symbol("n", integer=True, positive=True)
#: Class indices, each running from 1 to :math:`n`.
i, d, k = sympy.symbols("i d k", integer=True, positive=True)
#: One sample's logits and targets.
z = sympy.IndexedBase("z", real=True)
t = sympy.IndexedBase("t", real=True)


class Largest(sympy.Function):
    r"""The largest entry :math:`\max_d z_d` of an indexed symbol, the shift :math:`m` of
    the stable forms. The proofs treat it as any real number (the shift cancels for every
    :math:`m`); the generated code takes the maximum along the class axis."""

    nargs = 1

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: object = None) -> str:
        return rf"\max_d {printer._print(self.args[0])}_d"


m = Largest(z)


class Bracket(sympy.Function):
    r"""An expression the generated code evaluates on its own, before the sum it stands in:
    it prints in parentheses. Mathematically it is its argument (``doit``, numerical
    evaluation and the proofs see through it). SymPy would otherwise reorder the terms of a
    sum, and in :math:`\log s + m - \sum_i t_i z_i` the order decides the accuracy."""

    nargs = 1

    def doit(self, **hints: object) -> sympy.Expr:
        return self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0]

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return self.args[0]._eval_evalf(prec)

    def _eval_rewrite_as_exp(self, argument: sympy.Expr, **hints: object) -> sympy.Expr:
        return argument

    def _latex(self, printer: sympy.printing.latex.LatexPrinter, exp: object = None) -> str:
        return rf"\left({printer._print(self.args[0])}\right)"


def class_sum(expression: sympy.Expr, index: sympy.Symbol) -> sympy.Sum:
    r""":math:`\sum_{index=1}^{n}` of ``expression``."""
    return sympy.Sum(expression, (index, 1, n))


def softmax(k_: sympy.Symbol = k) -> sympy.Expr:
    r"""The textbook softmax :math:`y_k = e^{z_k} / \sum_d e^{z_d}`."""
    return sympy.exp(z[k_]) / class_sum(sympy.exp(z[d]), d)


def cost() -> sympy.Expr:
    r"""The textbook cross-entropy :math:`\xi = -\sum_i t_i \log y_i`."""
    return -class_sum(t[i] * sympy.log(softmax(i)), i)


def _first_branch(expression: sympy.Expr) -> sympy.Expr:
    """``expression`` with each ``Piecewise((e, k <= n), (0, True))`` replaced by ``e``: a
    class index lies between 1 and n, so the first branch is the one that holds."""

    def branch(piecewise: sympy.Piecewise) -> sympy.Expr:
        (value, condition), *_ = piecewise.args
        if condition != (k <= n):
            raise ValueError(f"unexpected condition {condition} in {piecewise}")
        return value

    return expression.replace(lambda e: isinstance(e, sympy.Piecewise), branch)


def cost_gradient() -> sympy.Expr:
    r"""SymPy's :math:`\partial\xi/\partial z_k`: the derivative of :func:`cost`, with the
    sums of Kronecker deltas done and simplified. It reads :math:`y_k \sum_i t_i - t_k`."""
    raw = sympy.diff(cost(), z[k]).doit()
    return sympy.simplify(_first_branch(raw))


def targets_sum_to_one(expression: sympy.Expr) -> sympy.Expr:
    r"""``expression`` with :math:`\sum_i t_i` replaced by 1."""
    return expression.subs(class_sum(t[i], i), 1)


def gradient_is_y_minus_t() -> tuple[sympy.Expr, sympy.Expr]:
    r""":func:`cost_gradient` with :math:`\sum_i t_i = 1` substituted, and what is left when
    :math:`y_k - t_k` is subtracted from it (0 when the claim holds)."""
    gradient = targets_sum_to_one(cost_gradient())
    return gradient, sympy.simplify(gradient - (softmax() - t[k]))


STABLE_SOFTMAX = sympy.exp(z[k] - m) / class_sum(sympy.exp(z[d] - m), d)
STABLE_COST = sympy.log(class_sum(sympy.exp(z[d] - m), d)) + Bracket(m - class_sum(t[i] * z[i], i))
STABLE_GRADIENT = STABLE_SOFTMAX - t[k]


def stable_forms_agree() -> dict[str, sympy.Expr]:
    r"""Each stable form minus its textbook form, simplified (every entry is 0 when they
    agree). The shift :math:`m` stands for any real number, and the cost uses
    :math:`\sum_i t_i = 1`."""
    at_any_shift = {m: sympy.Dummy(real=True)}

    def simplified(expression: sympy.Expr) -> sympy.Expr:
        return sympy.simplify(expression.doit().subs(at_any_shift))

    return {
        "softmax": simplified(STABLE_SOFTMAX - softmax()),
        "cost": sympy.simplify(targets_sum_to_one(simplified(STABLE_COST - cost()))),
        "gradient": simplified(STABLE_GRADIENT - (softmax() - t[k])),
    }


SOFTMAX_LAYER = Formula(
    name="softmax_layer",
    summary="The softmax of each column of logits z (classes along the first axis).",
    arguments=(z,),
    outputs=(softmax(),),
    stable_outputs=(STABLE_SOFTMAX,),
    output_names=("y_k",),
    source="derivations.softmax_output.SOFTMAX_LAYER",
    class_indices=(n, k),
    silence_overflow=True,
)

SOFTMAX_CROSS_ENTROPY_LAYER = Formula(
    name="softmax_cross_entropy_layer",
    summary="Each sample's cross-entropy of the softmax of its logits z against its "
            "target t, and its gradient with respect to z (classes along the first axis).",
    arguments=(z, t),
    outputs=(cost(), targets_sum_to_one(cost_gradient())),
    stable_outputs=(STABLE_COST, STABLE_GRADIENT),
    output_names=(r"\xi", r"\frac{\partial \xi}{\partial z_k}"),
    source="derivations.softmax_output.SOFTMAX_CROSS_ENTROPY_LAYER",
    class_indices=(n, k),
    silence_overflow=True,
)
