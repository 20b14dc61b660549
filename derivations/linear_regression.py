r"""Linear regression with one weight and no bias, as in part 1 of Roelants' series.

The model turns an input :math:`x` into a prediction :math:`y = x\,w`; one sample with target
:math:`t` costs the squared error

.. math::

    \xi(w; x, t) = (t - x\,w)^2 .

The series *sums* this cost over the samples, :math:`J(w) = \sum_i \xi(w; x_i, t_i)` (not the
mean), so the gradient of :math:`J` is the sum of the per-sample gradients,
:math:`\partial J / \partial w = \sum_i \partial \xi_i / \partial w`. The formulas here are per
sample; :mod:`nncore.linear_regression` does the summing.
"""

from __future__ import annotations

import sympy

from derivations.chain_rule import ChainRule
from derivations.formula import gradient_formula, scalar_formula

w, x, t, y = sympy.symbols("w x t y", real=True)

#: The model, :math:`y = x\,w`.
MODEL = x * w
#: The squared error of one prediction, :math:`(t - y)^2`.
SQUARED_ERROR = (t - y) ** 2

LINEAR_REGRESSION_COST = scalar_formula(
    name="linear_regression_cost",
    summary="Squared error of the linear model y = x w on one sample, (t - x w)**2.",
    arguments=(w, x, t),
    textbook=SQUARED_ERROR.subs(y, MODEL),
    stable=SQUARED_ERROR.subs(y, MODEL),
    output_name=r"\xi",
    source="derivations.linear_regression.LINEAR_REGRESSION_COST",
)

LINEAR_REGRESSION_GRADIENT = gradient_formula(
    LINEAR_REGRESSION_COST,
    name="linear_regression_gradient",
    summary="Gradient of the squared error (t - x w)**2 of one sample with respect to w.",
    output_name=r"\xi",
    with_respect_to=(w,),
)

#: The chain rule through the prediction,
#: :math:`\partial\xi/\partial y \cdot \partial y/\partial w`.
CHAIN = ChainRule(outer=SQUARED_ERROR, intermediate=y, inner=MODEL, variable=w)


def optimal_weight(xs: list[sympy.Expr], ts: list[sympy.Expr]) -> sympy.Expr:
    r"""The weight where :math:`\sum_i (t_i - x_i w)^2` is smallest: the root of its derivative.

    SymPy solves :math:`\sum_i \partial\xi_i/\partial w = 0`, which gives
    :math:`w^* = \sum_i x_i t_i / \sum_i x_i^2` (for inputs not all zero).

    Raises
    ------
    ValueError
        If ``xs`` and ``ts`` differ in length, or the inputs are all zero (every weight is
        then equally good).
    """
    if len(xs) != len(ts):
        raise ValueError(f"ts: expected {len(xs)} targets (one per input), got {len(ts)}")
    total = sum(LINEAR_REGRESSION_GRADIENT.outputs[0].subs({x: xi, t: ti})
                for xi, ti in zip(xs, ts))
    roots = sympy.solve(total, w)
    if len(roots) != 1:
        raise ValueError("xs: expected at least one non-zero input")
    return roots[0]
