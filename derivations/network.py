r"""The backward pass of a vectorised network in matrix form, checked on explicit matrices.

The network of part 4 (and, with more layers, of :class:`nncore.sequential.Sequential`): rows of :math:`X`
are samples,

.. math::

    \begin{aligned}
    H &= \sigma(X W_h + \mathbf{1} b_h), \\
    Y &= \operatorname{softmax}(H W_o + \mathbf{1} b_o), \\
    \xi &= -\sum_{n,i} T_{ni} \log Y_{ni}.
    \end{aligned}

The matrix formulas of the backward pass are

.. math::

    \begin{aligned}
    E_o &= Y - T, &
    E_h &= \sigma'(Z_h) \odot (E_o W_o^{\mathsf{T}}), \\
    \frac{\partial\xi}{\partial W_o} &= H^{\mathsf{T}} E_o, &
    \frac{\partial\xi}{\partial W_h} &= X^{\mathsf{T}} E_h, \\
    \frac{\partial\xi}{\partial b_o} &= \mathbf{1}^{\mathsf{T}} E_o, &
    \frac{\partial\xi}{\partial b_h} &= \mathbf{1}^{\mathsf{T}} E_h,
    \end{aligned}

and for any depth, :math:`E_l = \sigma'(Z_l) \odot (E_{l+1} W_{l+1}^{\mathsf{T}})`.
:func:`check_backward_pass` builds the cost as one SymPy expression of every parameter
entry on small explicit matrices, differentiates it entry by entry with :func:`sympy.diff`,
and compares the result with the matrix formulas.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import mpmath
import sympy

from derivations.logistic import Logistic


def parameter_matrices(sizes: tuple[int, ...], names: tuple[str, ...]) -> list[
    tuple[sympy.Matrix, sympy.Matrix]
]:
    r"""Symbolic :math:`(W_l, b_l)` for layer sizes ``sizes``, entries such as
    :math:`w^{h}_{12}` and :math:`b^{h}_{1}`."""
    layers = []
    for name, (inputs, outputs) in zip(names, zip(sizes[:-1], sizes[1:])):
        W = sympy.Matrix(inputs, outputs,
                         lambda i, j: sympy.Symbol(f"w^{name}_{i + 1}{j + 1}", real=True))
        b = sympy.Matrix(1, outputs, lambda i, j: sympy.Symbol(f"b^{name}_{j + 1}", real=True))
        layers.append((W, b))
    return layers


def _rows(samples: int) -> sympy.Matrix:
    return sympy.ones(samples, 1)


def forward(X: sympy.Matrix, layers: list) -> tuple[list, list]:
    r"""Activations :math:`[X, A_1, \dots, Y]` and pre-activations :math:`[Z_1, \dots, Z_L]`,
    as SymPy matrices (:math:`\sigma` as :class:`~derivations.logistic.Logistic`)."""
    a, activations, pre = X, [X], []
    for l, (W, b) in enumerate(layers, start=1):
        z = a * W + _rows(X.rows) * b
        if l < len(layers):
            a = z.applyfunc(Logistic)
        else:
            exps = z.applyfunc(sympy.exp)
            a = sympy.Matrix(z.rows, z.cols,
                             lambda n, i: exps[n, i] / sum(exps[n, :]))
        pre.append(z)
        activations.append(a)
    return activations, pre


def cost(X: sympy.Matrix, T: sympy.Matrix, layers: list, mean: bool = False) -> sympy.Expr:
    r""":math:`\xi = -\sum_{n,i} T_{ni} \log Y_{ni}`, one expression of every parameter;
    with ``mean``, :math:`\bar\xi = \xi / N` for :math:`N` samples."""
    activations, _ = forward(X, layers)
    Y = activations[-1]
    xi = -sum(T[n, i] * sympy.log(Y[n, i]) for n in range(T.rows) for i in range(T.cols))
    return xi / T.rows if mean else xi


def matrix_gradients(X: sympy.Matrix, T: sympy.Matrix, layers: list,
                     mean: bool = False) -> list:
    r"""The gradients by the matrix formulas: :math:`E_L = Y - T` (with ``mean``,
    :math:`E_L = (Y - T)/N`),
    :math:`E_l = \sigma'(Z_l) \odot (E_{l+1} W_{l+1}^{\mathsf{T}})`,
    :math:`(A_{l-1}^{\mathsf{T}} E_l, \mathbf{1}^{\mathsf{T}} E_l)`."""
    activations, pre = forward(X, layers)
    e = activations[-1] - T
    if mean:
        e = e / X.rows
    grads = []
    for l in range(len(layers), 0, -1):
        grads.append((activations[l - 1].T * e, _rows(X.rows).T * e))
        if l > 1:
            # sigma'(z) = sigma(z) sigma(-z), the derivative SymPy gives for Logistic
            slope = pre[l - 2].applyfunc(lambda v: Logistic(v).fdiff())
            e = sympy.matrix_multiply_elementwise(slope, e * layers[l - 1][0].T)
    return grads[::-1]


@dataclass(frozen=True)
class BackwardPassCheck:
    """The outcome of :func:`check_backward_pass`."""

    entries: int
    points: int
    largest_difference: float
    shapes_agree: bool

    @property
    def passed(self) -> bool:
        """Whether every entry agreed to 40 digits and every shape matched."""
        return self.shapes_agree and self.largest_difference < 1e-40


def check_backward_pass(
    sizes: tuple[int, ...], samples: int, points: int, names: tuple[str, ...],
    mean: bool = False,
) -> BackwardPassCheck:
    r"""Differentiate the explicit cost by every parameter entry and compare with the
    matrix formulas, for a network of layer sizes ``sizes`` whose layers are called
    ``names`` (:func:`parameter_matrices`).

    :math:`X` and :math:`T` are explicit small matrices (rational inputs, one-hot targets,
    ``samples`` rows); the parameters stay symbols, so :func:`sympy.diff` differentiates the
    whole cost. Both sides are then evaluated to 50 digits at ``points`` random rational
    parameter values. The draws are seeded: the same arguments give the same check. With
    ``mean``, the cost is the mean over the samples and :math:`E_L = (Y - T)/N`.
    """
    rng = random.Random(0)
    layers = parameter_matrices(sizes, names)
    X = sympy.Matrix(samples, sizes[0],
                     lambda n, j: sympy.Rational(rng.randint(-20, 20), 10))
    T = sympy.zeros(samples, sizes[-1])
    for n in range(samples):
        T[n, rng.randrange(sizes[-1])] = 1
    xi = cost(X, T, layers, mean)
    formulas = matrix_gradients(X, T, layers, mean)
    shapes_agree = all(gW.shape == W.shape and gb.shape == b.shape
                       for (W, b), (gW, gb) in zip(layers, formulas))
    pairs = []
    for (W, b), (gW, gb) in zip(layers, formulas):
        for P, G in ((W, gW), (b, gb)):
            for index in range(len(P)):
                pairs.append((sympy.diff(xi, P[index]), G[index]))
    symbols = [s for W, b in layers for s in (*W, *b)]
    largest = largest_at_random_points([d - f for d, f in pairs], symbols, rng, points)
    return BackwardPassCheck(len(pairs), points, largest, shapes_agree)


def largest_at_random_points(expressions: list[sympy.Expr], symbols: list[sympy.Symbol],
                             rng: random.Random, points: int) -> float:
    r"""The largest :math:`|e|` over ``expressions`` at ``points`` random points, evaluated
    with 50 significant digits (:math:`\sigma` through mpmath). At each point ``rng`` draws
    every symbol, in order, from :math:`-3.0, -2.9, \dots, 3.0`."""
    modules = [{"Logistic": lambda v: 1 / (1 + mpmath.exp(-v))}, "mpmath"]
    plain = sympy.symbols(f"p0:{len(symbols)}", real=True)  # names lambdify need not mangle
    renamed = [e.xreplace(dict(zip(symbols, plain))) for e in expressions]
    evaluate = sympy.lambdify(plain, renamed, modules=modules, cse=True)
    largest = 0.0
    with mpmath.workdps(50):
        for _ in range(points):
            values = [mpmath.mpf(rng.randint(-30, 30)) / 10 for _ in symbols]
            largest = max([largest, *(abs(float(value)) for value in evaluate(*values))])
    return largest


def one_sample_error(n: int) -> tuple[sympy.Matrix, sympy.Matrix]:
    r"""For one sample: SymPy's :math:`\partial\xi/\partial Z_o` of the explicit cost and
    :math:`Y - T`, as two rows (``n`` classes, target class 1)."""
    z = sympy.Matrix(1, n, lambda i, j: sympy.Symbol(f"z_{j + 1}", real=True))
    T = sympy.zeros(1, n)
    T[0, 0] = 1
    exps = z.applyfunc(sympy.exp)
    Y = exps / sum(exps)
    xi = -sum(T[0, i] * sympy.log(Y[0, i]) for i in range(n))
    derived = sympy.Matrix(1, n, lambda i, j: sympy.simplify(sympy.diff(xi, z[j])))
    return derived, (Y - T).applyfunc(sympy.simplify)


def error_recursion(units: int, next_units: int) -> dict[str, object]:
    r"""The step from the error of layer :math:`l + 1` to the error of layer :math:`l`, for one
    sample, derived with SymPy.

    Layer :math:`l` has pre-activations :math:`\mathbf{z}_l` (``units`` of them); the next
    layer computes :math:`\mathbf{z}_{l+1} = \sigma(\mathbf{z}_l) W + \mathbf{b}` (the bias,
    constant in :math:`\mathbf{z}_l`, drops out of the derivative and is left out). With the
    error :math:`\mathbf{e}_{l+1} = \partial\xi/\partial\mathbf{z}_{l+1}` as symbols, the
    chain rule gives :math:`\mathbf{e}_l = \mathbf{e}_{l+1}\,\partial\mathbf{z}_{l+1} /
    \partial\mathbf{z}_l`. Returns a dictionary with

    * ``"jacobian"``: SymPy's :math:`\partial\mathbf{z}_{l+1}/\partial\mathbf{z}_l`;
    * ``"chain"``: the row :math:`\mathbf{e}_{l+1}` times that Jacobian;
    * ``"formula"``: :math:`\sigma'(\mathbf{z}_l) \odot (\mathbf{e}_{l+1} W^{\mathsf{T}})`;
    * ``"equal"``: whether the two agree entry by entry;
    * ``"z"``, ``"e_next"``, ``"W"``: the symbols used.
    """
    z = sympy.Matrix(1, units, lambda i, j: sympy.Symbol(f"z_{j + 1}", real=True))
    W = sympy.Matrix(units, next_units,
                     lambda i, j: sympy.Symbol(f"w_{i + 1}{j + 1}", real=True))
    e_next = sympy.Matrix(1, next_units,
                          lambda i, j: sympy.Symbol(f"e_{j + 1}", real=True))
    z_next = z.applyfunc(Logistic) * W  # a bias would add a constant: no slope
    jacobian = z_next.T.jacobian(z.T)
    chain = e_next * jacobian
    slopes = z.applyfunc(lambda v: Logistic(v).fdiff())
    formula = sympy.matrix_multiply_elementwise(slopes, e_next * W.T)
    equal = all(sympy.expand(a - f) == 0 for a, f in zip(chain, formula))
    return {"jacobian": jacobian, "chain": chain, "formula": formula, "equal": equal,
            "z": z, "e_next": e_next, "W": W}


def matrix_recursion(samples: int, units: int, next_units: int) -> dict[str, sympy.Matrix]:
    r"""The recursion and the weight gradient in matrix form, for all samples at once,
    derived by the chain rule entry by entry on small symbolic matrices.

    Layer :math:`l` has pre-activations :math:`Z` (``samples`` x ``units``); the next layer
    computes :math:`Z_{+} = \sigma(Z) W + \mathbf{1}\mathbf{b}`. The cost depends on
    :math:`Z` and :math:`W` only through :math:`Z_{+}`, whose error
    :math:`E_{+} = \partial\xi/\partial Z_{+}` is a matrix of symbols, so

    .. math::

        \frac{\partial\xi}{\partial Z_{nj}} = \sum_{m,k} (E_{+})_{mk}
        \frac{\partial (Z_{+})_{mk}}{\partial Z_{nj}}, \qquad
        \frac{\partial\xi}{\partial W_{ij}} = \sum_{m,k} (E_{+})_{mk}
        \frac{\partial (Z_{+})_{mk}}{\partial W_{ij}},

    each derivative taken by :func:`sympy.diff`. Returns ``"error"`` and ``"error_formula"``
    (:math:`\sigma'(Z) \odot (E_{+} W^{\mathsf{T}})`), ``"weights"`` and
    ``"weights_formula"`` (:math:`A^{\mathsf{T}} E_{+}` with :math:`A = \sigma(Z)`), both
    also for a layer input :math:`A` kept as plain symbols (``"weights_plain"`` and
    ``"A"``, ``"E"``), which reads more easily.
    """
    def matrix(rows: int, cols: int, name: str) -> sympy.Matrix:
        return sympy.Matrix(rows, cols,
                            lambda i, j: sympy.Symbol(f"{name}_{i + 1}{j + 1}", real=True))

    Z = matrix(samples, units, "z")
    W = matrix(units, next_units, "w")
    E = matrix(samples, next_units, "e")
    b = sympy.Matrix(1, next_units, lambda i, j: sympy.Symbol(f"b_{j + 1}", real=True))
    A = Z.applyfunc(Logistic)

    def chain(Z_next: sympy.Matrix, variable: sympy.Symbol) -> sympy.Expr:
        return sum(E[m, k] * sympy.diff(Z_next[m, k], variable)
                   for m in range(samples) for k in range(next_units))

    Z_next = A * W + _rows(samples) * b
    error = Z.applyfunc(lambda v: sympy.factor(chain(Z_next, v)))
    slopes = Z.applyfunc(lambda v: Logistic(v).fdiff())
    error_formula = sympy.matrix_multiply_elementwise(slopes, E * W.T)
    weights = W.applyfunc(lambda v: chain(Z_next, v))
    plain = matrix(samples, units, "a")
    weights_plain = W.applyfunc(lambda v: chain(plain * W + _rows(samples) * b, v))
    return {"error": error, "error_formula": error_formula, "weights": weights,
            "weights_formula": A.T * E, "weights_plain": weights_plain, "A": plain,
            "E": E, "W": W, "Z": Z}
