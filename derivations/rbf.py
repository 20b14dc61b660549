r"""A hidden layer of one radial basis function (RBF) unit, as in part 3 of Roelants' series.

The network maps an input :math:`x` to a probability :math:`y` in four links:

.. math::

    z_h = x\,w_h, \qquad h = e^{-z_h^2}, \qquad z_o = h\,w_o - 1, \qquad y = \sigma(z_o),

(the output bias is fixed at :math:`-1`), and a sample with target :math:`t` costs the
cross-entropy :math:`\xi(t, y)`. Backpropagation multiplies the local derivative of each link,
from the cost back to each weight:

.. math::

    \frac{\partial \xi}{\partial w_o} = \frac{\partial \xi}{\partial z_o}
        \frac{\partial z_o}{\partial w_o}, \qquad
    \frac{\partial \xi}{\partial w_h} = \frac{\partial \xi}{\partial z_o}
        \frac{\partial z_o}{\partial h} \frac{\partial h}{\partial z_h}
        \frac{\partial z_h}{\partial w_h}.

:func:`chained_gradients` builds both products from the links and :func:`chain_holds` proves
them equal to SymPy's derivative of the whole composed cost. The generated code holds the
links: the RBF and its derivative, and the output layer's cost and gradient; the series sums
the cost over samples, and :mod:`nncore.rbf_network` does the summing.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivations.cross_entropy import logit_cross_entropy
from derivations.formula import gradient_formula, proven_equal, scalar_formula
from derivations.logistic import Logistic

x, t = sympy.symbols("x t", real=True)
w_h, w_o = sympy.symbols("w_h w_o", real=True)
z_h, h, z_o, y = sympy.symbols("z_h h z_o y", real=True)
z = sympy.Symbol("z", real=True)

#: The output bias, fixed as in the series.
OUTPUT_BIAS = -1

#: Evaluated by the kernel ``gaussian_layer`` of :mod:`nncore.layers`, which the checked
#: function ``rbf`` calls. Where :math:`z^2` overflows (:math:`|z| > 1.3 \cdot 10^{154}`),
#: :math:`e^{-\infty} = 0` is the exact value rounded; only NumPy's warning needs silencing.
#:
#: :meta hide-value:
RBF = scalar_formula(
    name="rbf",
    summary="The radial basis function exp(-z**2).",
    arguments=(z,),
    textbook=sympy.exp(-z**2),
    stable=sympy.exp(-z**2),
    output_name=r"\phi(z)",
    source="derivations.rbf.RBF",
    silence_overflow=True,
    kernel="gaussian_layer",
)

RBF_DERIVATIVE = gradient_formula(
    RBF,
    name="rbf_derivative",
    summary="The derivative of the radial basis function, -2 z exp(-z**2).",
    output_name=r"\phi",
)

_textbook, _stable = logit_cross_entropy(h * w_o + OUTPUT_BIAS, t)

RBF_NETWORK_OUTPUT_COST = scalar_formula(
    name="rbf_network_output_cost",
    summary="Cross-entropy of the output y = sigma(h w_o - 1) for one sample with target t.",
    arguments=(w_o, h, t),
    textbook=_textbook,
    stable=_stable,
    output_name=r"\xi",
    source="derivations.rbf.RBF_NETWORK_OUTPUT_COST",
)

RBF_NETWORK_OUTPUT_GRADIENT = gradient_formula(
    RBF_NETWORK_OUTPUT_COST,
    name="rbf_network_output_gradient",
    summary="Gradient of the output cost with respect to w_o and to the hidden activation h.",
    output_name=r"\xi",
    with_respect_to=(w_o, h),
)


@dataclass(frozen=True)
class Link:
    """One step of the forward pass: ``output`` is ``expression`` of earlier values.

    Attributes
    ----------
    output:
        The symbol the step computes, for example :math:`h`.
    expression:
        What it computes, in terms of the symbols of earlier steps and of the weights.
    """

    output: sympy.Symbol
    expression: sympy.Expr

    def derivative(self, variable: sympy.Symbol) -> sympy.Expr:
        r""":math:`\partial\,\text{output}/\partial\,\text{variable}`, written with stored
        forward values where it can be (:math:`-2 z_h h` rather than
        :math:`-2 z_h e^{-z_h^2}`)."""
        return sympy.diff(self.expression, variable).subs(self.expression, self.output)


#: The forward pass, link by link, from the input to the output probability.
FORWARD = (
    Link(z_h, x * w_h),
    Link(h, sympy.exp(-z_h**2)),
    Link(z_o, h * w_o + OUTPUT_BIAS),
    Link(y, Logistic(z_o)),
)


def links() -> list[tuple[sympy.Symbol, sympy.Symbol, sympy.Expr]]:
    r"""Every local derivative the backward pass needs, as ``(output, input, derivative)``.

    The first is :math:`\partial\xi/\partial z_o = y - t`, the cross-entropy and the logistic
    function taken together (proven in :mod:`derivations.cross_entropy`).
    """
    by_output = {link.output: link for link in FORWARD}
    return [
        (sympy.Symbol(r"\xi"), z_o, y - t),
        (z_o, w_o, by_output[z_o].derivative(w_o)),
        (z_o, h, by_output[z_o].derivative(h)),
        (h, z_h, by_output[h].derivative(z_h)),
        (z_h, w_h, by_output[z_h].derivative(w_h)),
    ]


def chained_gradients() -> dict[sympy.Symbol, sympy.Expr]:
    r""":math:`\partial\xi/\partial w_o` and :math:`\partial\xi/\partial w_h`, each the product
    of the local derivatives along its path, in terms of the forward values."""
    local = {(out, inp): d for out, inp, d in links()}
    delta_o = local[(sympy.Symbol(r"\xi"), z_o)]
    return {
        w_o: delta_o * local[(z_o, w_o)],
        w_h: delta_o * local[(z_o, h)] * local[(h, z_h)] * local[(z_h, w_h)],
    }


def substitute_forward(expression: sympy.Expr) -> sympy.Expr:
    """``expression`` with every forward value replaced by its definition, last link first,
    so that only the input, the target and the weights remain."""
    for link in reversed(FORWARD):
        expression = expression.subs(link.output, link.expression)
    return expression


def whole_cost() -> sympy.Expr:
    r"""The cost of one sample as one expression of :math:`x, t, w_h, w_o` (stable form)."""
    _, stable = logit_cross_entropy(substitute_forward(z_o), t)
    return stable


def chain_holds() -> dict[sympy.Symbol, bool]:
    """For each weight, whether SymPy proves the chained product equal to its derivative of
    :func:`whole_cost` (no chain rule by hand)."""
    cost = whole_cost()
    return {
        weight: proven_equal(substitute_forward(product), sympy.diff(cost, weight))
        for weight, product in chained_gradients().items()
    }


# The backward kernel of the Gaussian layer of nncore.layers (its forward kernel is that of
# RBF), generated without argument checks: the layer's data are checked once, when a batch
# is prepared.
g = sympy.Symbol("g", real=True)  # the gradient of the cost with respect to the output h

#: SymPy's derivative of :math:`e^{-z^2}`, written with the layer's output :math:`h`
#: (:meth:`Link.derivative`): :math:`-2 z h`, times the gradient :math:`g` at the output.
#:
#: :meta hide-value:
GAUSSIAN_LAYER_BACKWARD = scalar_formula(
    name="gaussian_layer_backward",
    summary="Back through a Gaussian layer: g * (-2 z h), g the gradient at its output h.",
    arguments=(g, z, h),
    textbook=g * Link(h, sympy.exp(-z**2)).derivative(z),
    stable=g * Link(h, sympy.exp(-z**2)).derivative(z),
    output_name=r"\frac{\partial \xi}{\partial z}",
    source="derivations.rbf.GAUSSIAN_LAYER_BACKWARD",
)
