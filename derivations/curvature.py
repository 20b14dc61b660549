r"""Jacobian and Hessian matrices of the models of the book, derived by SymPy.

* The Jacobian of a linear layer :math:`\mathbf{z} = \mathbf{x} W` with respect to its weights
  (:func:`layer_weight_jacobian`): :math:`\partial z_k / \partial W_{ij} = x_i \delta_{jk}`.
* The Jacobian of a network's output with respect to its input (:func:`input_jacobian_check`):
  for one sample (a row) through a logistic hidden layer and a softmax output,

  .. math::

      \begin{aligned}
      \frac{\partial \mathbf{y}}{\partial \mathbf{x}} = {} &
      \left(\operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}}\right)
      W_o^{\mathsf{T}} \\
      & \operatorname{diag}\!\left(\sigma'(\mathbf{z}_h)\right) W_h^{\mathsf{T}}.
      \end{aligned}

* The Hessian of the logistic-regression cost of part 2 (:func:`logistic_regression_hessian`
  and :func:`summed_hessian_matches`): for one sample
  :math:`\sigma(z)\sigma(-z)\,\mathbf{x}\mathbf{x}^{\mathsf{T}} = y(1 - y)\,\mathbf{x}
  \mathbf{x}^{\mathsf{T}}`, and summed over samples
  :math:`X^{\mathsf{T}} \operatorname{diag}\!\left(y_i(1 - y_i)\right) X`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from derivations import logistic_regression as part2
from derivations.cross_entropy import Softplus
from derivations.formula import proven_equal
from derivations.logistic import Logistic
from derivations.network import forward, largest_at_random_points, parameter_matrices
from derivations.softmax import jacobian_claim


def layer_weight_jacobian(inputs: int, outputs: int) -> tuple[sympy.Matrix, tuple]:
    r"""The Jacobian of :math:`\mathbf{z} = \mathbf{x} W` (a row times a matrix) with respect to
    the entries of :math:`W`, taken row by row: rows are :math:`z_k`, columns
    :math:`W_{11}, W_{12}, \dots`. Returns the matrix and the weight symbols in column order."""
    x = sympy.Matrix(1, inputs, sympy.symbols(f"x_1:{inputs + 1}", real=True))
    W = sympy.Matrix(inputs, outputs,
                     sympy.symbols(f"w_(1:{inputs + 1})(1:{outputs + 1})", real=True))
    z = x * W
    columns = tuple(W)  # row-major order
    return z.jacobian(sympy.Matrix(columns)), columns


def logistic_regression_hessian() -> tuple[sympy.Matrix, sympy.Matrix, bool]:
    r"""SymPy's Hessian of one sample's cost of part 2 with respect to :math:`(w_1, w_2)`,
    the claim :math:`y(1 - y)\,\mathbf{x}\mathbf{x}^{\mathsf{T}}` with
    :math:`y = \sigma(w_1 x_1 + w_2 x_2)`, and whether SymPy proves them equal.

    The cost is ``derivations.logistic_regression.LOGISTIC_REGRESSION_COST`` in its
    stable form :math:`\operatorname{softplus}(z) - t z`, which the tests prove equal to the
    cross-entropy.
    """
    w = (part2.w1, part2.w2)
    cost = part2.LOGISTIC_REGRESSION_COST.stable_outputs[0]
    hessian = sympy.hessian(cost, w)
    y = Logistic(part2.LOGIT)
    x = sympy.Matrix([part2.x1, part2.x2])
    claim = y * (1 - y) * x * x.T
    equal = all(proven_equal(a, b) for a, b in zip(hessian, claim))
    return hessian, claim, equal


def summed_hessian_matches(samples: int) -> bool:
    r"""Whether SymPy proves the Hessian of the cost summed over ``samples`` symbolic samples
    equal to :math:`X^{\mathsf{T}} \operatorname{diag}\!\left(y_i(1 - y_i)\right) X`."""
    w = sympy.Matrix([part2.w1, part2.w2])
    X = sympy.Matrix(samples, 2, sympy.symbols(f"x_(1:{samples + 1})(1:3)"))
    t = sympy.symbols(f"t_1:{samples + 1}")
    z = X * w
    cost = sum(Softplus(z[n]) - t[n] * z[n] for n in range(samples))
    hessian = sympy.hessian(cost, tuple(w))
    y = [Logistic(z[n]) for n in range(samples)]
    claim = X.T * sympy.diag(*[yn * (1 - yn) for yn in y]) * X
    return all(proven_equal(a, b) for a, b in zip(hessian, claim))


@dataclass(frozen=True)
class InputJacobianCheck:
    """The outcome of :func:`input_jacobian_check`."""

    largest_difference: float
    shape: tuple[int, int]

    @property
    def passed(self) -> bool:
        """Whether every entry agreed to 40 digits."""
        return self.largest_difference < 1e-40


def input_jacobian_formula(x: sympy.Matrix, layers: list) -> sympy.Matrix:
    r"""The chain of Jacobians from the output back to the input, for one sample ``x`` (a
    row): :math:`(\operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}})
    W_L^{\mathsf{T}} \operatorname{diag}(\sigma'(\mathbf{z}_{L-1})) W_{L-1}^{\mathsf{T}}
    \cdots`."""
    activations, pre = forward(x, layers)
    jacobian = jacobian_claim(activations[-1].T)
    for l in range(len(layers), 0, -1):
        jacobian = jacobian * layers[l - 1][0].T
        if l > 1:
            slopes = [Logistic(v).fdiff() for v in pre[l - 2]]
            jacobian = jacobian * sympy.diag(*slopes)
    return jacobian


def input_jacobian_check(sizes: tuple[int, ...], points: int, seed: int = 0) -> InputJacobianCheck:
    r"""SymPy's Jacobian :math:`\partial\mathbf{y}/\partial\mathbf{x}` of the explicit network
    against :func:`input_jacobian_formula`, evaluated to 50 digits at ``points`` random
    rational inputs and parameters."""
    rng = random.Random(seed)
    layers = parameter_matrices(sizes, tuple(str(l) for l in range(1, len(sizes))))
    x = sympy.Matrix(1, sizes[0], sympy.symbols(f"x_1:{sizes[0] + 1}"))
    activations, _ = forward(x, layers)
    derived = activations[-1].T.jacobian(x.T)
    formula = input_jacobian_formula(x, layers)
    symbols = [*x, *(s for W, b in layers for s in (*W, *b))]
    largest = largest_at_random_points(list(derived - formula), symbols, rng, points)
    return InputJacobianCheck(largest, derived.shape)
