r"""The softmax function, its Jacobian, and its cross-entropy (the series' second intermezzo).

For logits :math:`\mathbf{z} = (z_1, \dots, z_n)` the softmax gives one probability per class,

.. math::

    y_i = \frac{e^{z_i}}{\sum_{d=1}^{n} e^{z_d}}.

Its Jacobian :math:`\partial y_i / \partial z_j` is :math:`\operatorname{diag}(\mathbf{y}) -
\mathbf{y}\mathbf{y}^{\mathsf{T}}` (:func:`jacobian_matches`), and the categorical
cross-entropy :math:`\xi = -\sum_i t_i \log y_i` of a one-hot target has the gradient
:math:`\partial\xi/\partial z_i = y_i - t_i` (:func:`cross_entropy_gradient_is_y_minus_t`).

Two rewrites keep the numbers finite in float64, each proven equal to the textbook form:

* the max-shifted softmax :math:`e^{z_i - m} / \sum_d e^{z_d - m}` for any :math:`m`
  (:func:`shifted_softmax`); with :math:`m = \max_d z_d` no exponential overflows;
* the log-softmax :math:`\log y_i = z_i - m - \log \sum_d e^{z_d - m}` (:func:`log_softmax`),
  so that the cross-entropy never takes the logarithm of a probability rounded to 0.

For two classes the softmax is a logistic function of the difference of the logits,
:math:`y_1 = \sigma(z_1 - z_2)`: the generated functions :data:`TWO_CLASS_SOFTMAX` and
:data:`TWO_CLASS_CROSS_ENTROPY` use that form.
"""

from __future__ import annotations

import sympy

from derivations.cross_entropy import Log1p, Softplus
from derivations.formula import Formula, gradient_formula, proven_equal, scalar_formula
from derivations.logistic import Logistic

#: The shift :math:`m` of the stable forms (in the code, the largest logit).
m = sympy.Symbol("m", real=True)


def _per_class(letter: str, n: int) -> tuple[sympy.Symbol, ...]:
    if n < 2:
        raise ValueError(f"n: expected at least 2 classes, got {n}")
    return sympy.symbols(f"{letter}_1:{n + 1}", real=True)


def logits(n: int) -> tuple[sympy.Symbol, ...]:
    r"""The symbols :math:`z_1, \dots, z_n`."""
    return _per_class("z", n)


def targets(n: int) -> tuple[sympy.Symbol, ...]:
    r"""The symbols :math:`t_1, \dots, t_n` of a target."""
    return _per_class("t", n)


def softmax(z: tuple[sympy.Expr, ...]) -> sympy.Matrix:
    r"""The textbook softmax :math:`y_i = e^{z_i} / \sum_d e^{z_d}`, as a column."""
    total = sum(sympy.exp(zd) for zd in z)
    return sympy.Matrix([sympy.exp(zi) / total for zi in z])


def shifted_softmax(z: tuple[sympy.Expr, ...], shift: sympy.Expr = m) -> sympy.Matrix:
    r"""The softmax with every logit shifted: :math:`e^{z_i - m} / \sum_d e^{z_d - m}`."""
    total = sum(sympy.exp(zd - shift) for zd in z)
    return sympy.Matrix([sympy.exp(zi - shift) / total for zi in z])


def log_softmax(z: tuple[sympy.Expr, ...], shift: sympy.Expr = m) -> sympy.Matrix:
    r"""The stable log-softmax :math:`\log y_i = z_i - m - \log\sum_d e^{z_d - m}`."""
    log_total = sympy.log(sum(sympy.exp(zd - shift) for zd in z))
    return sympy.Matrix([zi - shift - log_total for zi in z])


def softmax_jacobian(n: int) -> sympy.Matrix:
    r"""SymPy's Jacobian :math:`J_{ij} = \partial y_i / \partial z_j` of the n-class softmax."""
    z = logits(n)
    return softmax(z).jacobian(sympy.Matrix(z))


def jacobian_claim(y: sympy.Matrix) -> sympy.Matrix:
    r""":math:`\operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}}` for a
    column ``y`` (symbols, expressions or numbers)."""
    return sympy.diag(*y) - y * y.T


def jacobian_matches(n: int) -> bool:
    r"""Whether SymPy proves the softmax Jacobian equal to
    :math:`\operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}}`, entry by
    entry, for ``n`` classes."""
    y = softmax(logits(n))
    difference = softmax_jacobian(n) - jacobian_claim(y)
    return all(sympy.simplify(entry) == 0 for entry in difference)


def categorical_cross_entropy(t: tuple[sympy.Expr, ...], y: sympy.Matrix) -> sympy.Expr:
    r""":math:`\xi(\mathbf{t}, \mathbf{y}) = -\sum_i t_i \log y_i`."""
    return -sum(ti * sympy.log(yi) for ti, yi in zip(t, y))


def cross_entropy_gradient(n: int) -> tuple[sympy.Matrix, sympy.Matrix]:
    r"""SymPy's gradient :math:`\partial\xi/\partial z_i` of the cross-entropy of the
    softmax, as it comes out, and the same with :math:`\sum_i t_i = 1` used and simplified.

    The targets of one sample sum to 1 (one-hot, or any distribution): the second column
    substitutes :math:`t_n = 1 - \sum_{i<n} t_i` and simplifies.
    """
    z, t = logits(n), targets(n)
    xi = categorical_cross_entropy(t, softmax(z))
    raw = sympy.Matrix([sympy.diff(xi, zi) for zi in z])
    sums_to_one = {t[-1]: 1 - sum(t[:-1])}
    simplified = raw.subs(sums_to_one).applyfunc(sympy.simplify)
    return raw, simplified


def cross_entropy_gradient_is_y_minus_t(n: int) -> bool:
    r"""Whether SymPy proves :math:`\partial\xi/\partial z_i = y_i - t_i` for ``n`` classes
    (targets summing to 1)."""
    z, t = logits(n), targets(n)
    _, simplified = cross_entropy_gradient(n)
    expected = (softmax(z) - sympy.Matrix(t)).subs({t[-1]: 1 - sum(t[:-1])})
    return all(sympy.simplify(a - b) == 0 for a, b in zip(simplified, expected))


def shift_is_harmless(n: int) -> bool:
    r"""Whether SymPy proves the shifted softmax equal to the textbook one for any :math:`m`."""
    z = logits(n)
    return all(proven_equal(a, b) for a, b in zip(softmax(z), shifted_softmax(z)))


def log_softmax_is_log_of_softmax(n: int) -> bool:
    r"""Whether SymPy proves :math:`\exp` of the log-softmax equal to the softmax.

    The logarithm is one-to-one on positive numbers, so this proves the log-softmax equal
    to :math:`\log y_i`.
    """
    z = logits(n)
    return all(
        proven_equal(sympy.exp(a), b) for a, b in zip(log_softmax(z), softmax(z))
    )


z1, z2 = logits(2)
t1, t2 = targets(2)

_two_class = softmax((z1, z2))

#: For two classes, :math:`y_1 = \sigma(z_1 - z_2)` and :math:`y_2 = \sigma(z_2 - z_1)`.
TWO_CLASS_SOFTMAX = Formula(
    name="two_class_softmax",
    summary="The softmax of two logits: y1 = sigma(z1 - z2), y2 = sigma(z2 - z1).",
    arguments=(z1, z2),
    outputs=tuple(_two_class),
    stable_outputs=(Logistic(z1 - z2), Logistic(z2 - z1)),
    output_names=("y_1", "y_2"),
    source="derivations.softmax.TWO_CLASS_SOFTMAX",
)

#: :math:`-\log y_1 = \log(1 + e^{z_2 - z_1})` and likewise for :math:`y_2`; the code uses
#: :math:`\operatorname{softplus}`, finite where :math:`e^{z_2 - z_1}` overflows.
TWO_CLASS_CROSS_ENTROPY = scalar_formula(
    name="two_class_cross_entropy",
    summary="Cross-entropy of the softmax of two logits, -t1 log y1 - t2 log y2.",
    arguments=(z1, z2, t1, t2),
    textbook=t1 * Log1p(sympy.exp(z2 - z1)) + t2 * Log1p(sympy.exp(z1 - z2)),
    stable=t1 * Softplus(z2 - z1) + t2 * Softplus(z1 - z2),
    output_name=r"\xi",
    source="derivations.softmax.TWO_CLASS_CROSS_ENTROPY",
)

TWO_CLASS_CROSS_ENTROPY_GRADIENT = gradient_formula(
    TWO_CLASS_CROSS_ENTROPY,
    name="two_class_cross_entropy_gradient",
    summary="Gradient of the two-class softmax cross-entropy with respect to z1 and z2.",
    output_name=r"\xi",
    with_respect_to=(z1, z2),
)


def two_class_textbook_cross_entropy() -> sympy.Expr:
    r""":math:`-t_1 \log y_1 - t_2 \log y_2` with the softmax written out (as displayed)."""
    return categorical_cross_entropy((t1, t2), _two_class)


def two_class_forms_agree() -> bool:
    r"""Whether SymPy proves :data:`TWO_CLASS_CROSS_ENTROPY` (both forms) equal to
    :math:`-t_1 \log y_1 - t_2 \log y_2` with the softmax written out.

    Term by term: the coefficient of each :math:`t_i` is compared through :math:`\exp`, a
    one-to-one map of real numbers, so that no logarithm needs to be expanded.
    """
    written = sympy.expand(two_class_textbook_cross_entropy())
    forms = (TWO_CLASS_CROSS_ENTROPY.expression, TWO_CLASS_CROSS_ENTROPY.stable_outputs[0])
    return all(
        proven_equal(sympy.exp(written.coeff(ti)), sympy.exp(sympy.expand(form).coeff(ti)))
        for form in forms
        for ti in (t1, t2)
    )


def chain_in_outputs(n: int) -> tuple[sympy.Matrix, sympy.Matrix]:
    r"""The chain rule :math:`\partial\xi/\partial z_j = \sum_i (\partial\xi/\partial y_i)
    J_{ij}` written in the outputs :math:`y_i` (symbols), with
    :math:`J = \operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}}`.

    Returns the product with each entry collected in its :math:`y_j`, which reads
    :math:`y_j \sum_i t_i - t_j`, and the same with every :math:`\sum_i t_i` replaced by 1.
    """
    t = targets(n)
    y = sympy.Matrix(sympy.symbols(f"y_1:{n + 1}", positive=True))
    dxi_dy = sympy.Matrix([sympy.diff(categorical_cross_entropy(t, y), yi) for yi in y])
    product = (dxi_dy.T * jacobian_claim(y)).T.applyfunc(sympy.expand)
    collected = sympy.Matrix([sympy.collect(e, y[j]) for j, e in enumerate(product)])
    total = sum(t)
    with_sum_one = collected.applyfunc(lambda e: e.subs(total, 1))
    return collected, with_sum_one
