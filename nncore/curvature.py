r"""Curvature of a cost: the Hessian of logistic regression, Newton's method, step sizes.

For the summed cross-entropy of logistic regression (part 2) with :math:`y_i =
\sigma(\mathbf{x}_i \cdot \mathbf{w})`, :mod:`derivations.curvature` derives

.. math::

    \nabla^2 J(\mathbf{w}) = X^{\mathsf{T}} \operatorname{diag}\!\left(y_i (1 - y_i)\right) X,

evaluated here with the generated :func:`nncore._generated.logistic_derivative`
(:math:`y(1 - y) = \sigma(z)\sigma(-z)`). Near a minimum, gradient descent with learning rate
:math:`\eta` multiplies the error along the Hessian's eigenvector of eigenvalue
:math:`\lambda` by :math:`1 - \eta\lambda` per step, so it converges only for
:math:`\eta < 2/\lambda_{\max}` (:func:`largest_stable_learning_rate`). Newton's method
(:func:`newton_descent`) divides by the curvature instead: :math:`\mathbf{w} \leftarrow
\mathbf{w} - (\nabla^2 J)^{-1} \nabla J`.
"""

from __future__ import annotations

from typing import Callable

import numpy

from nncore._generated import logistic_derivative
from nncore._validation import count, finite_results, float_array, samples, weights
from nncore.optimisers import DivergenceError


def logistic_regression_hessian(w: object, x: object) -> numpy.ndarray:
    r""":math:`X^{\mathsf{T}} \operatorname{diag}(y_i(1 - y_i)) X` at the weights ``w``
    (shape ``(2,)``) for the inputs ``x`` (shape ``(n, 2)``)."""
    w = weights("w", w, 2)
    x = samples("x", x, 2)
    name = "logistic_regression_hessian"
    with numpy.errstate(over="ignore", invalid="ignore"):
        z = finite_results(name, x @ w)
        # X^T diag(y(1 - y)) X without forming the diagonal matrix
        return finite_results(name, (x.T * logistic_derivative(z)) @ x)


def largest_stable_learning_rate(hessian: object) -> float:
    r""":math:`2 / \lambda_{\max}` for a symmetric positive definite Hessian.

    Raises
    ------
    ValueError
        If ``hessian`` is not a symmetric matrix with positive eigenvalues.
    """
    h = float_array("hessian", hessian)
    if h.ndim != 2 or h.shape[0] != h.shape[1] or not numpy.allclose(h, h.T):
        raise ValueError(f"hessian: expected a symmetric square matrix, got shape {h.shape}")
    eigenvalues = numpy.linalg.eigvalsh(h)
    if eigenvalues[0] <= 0:
        raise ValueError("hessian: expected positive eigenvalues (a minimum), got "
                         f"{eigenvalues.tolist()}")
    return float(2 / eigenvalues[-1])


def newton_descent(
    gradient: Callable[[numpy.ndarray], numpy.ndarray],
    hessian: Callable[[numpy.ndarray], numpy.ndarray],
    start: object,
    updates: int,
) -> numpy.ndarray:
    r"""Newton's method, :math:`\mathbf{w}_{k+1} = \mathbf{w}_k - (\nabla^2 J)^{-1}\nabla J`.

    Returns every point, the start first, shape ``(updates + 1, len(start))``.

    Raises
    ------
    DivergenceError
        If a Hessian is singular or a step leaves the finite numbers.
    """
    point = float_array("start", start)
    if point.ndim != 1:
        raise ValueError(f"start: expected a vector, got shape {point.shape}")
    updates = count("updates", updates, 0)
    path = [point]
    for k in range(1, updates + 1):
        curvature = float_array("hessian", hessian(point))
        if curvature.shape != (len(point), len(point)):
            raise ValueError(f"hessian: expected a {len(point)} x {len(point)} matrix (one row "
                             f"and column per weight), got shape {curvature.shape}")
        try:
            step = numpy.linalg.solve(curvature, gradient(point))
        except numpy.linalg.LinAlgError:
            raise DivergenceError(f"the Hessian is singular at update {k}") from None
        point = point - step
        if not numpy.all(numpy.isfinite(point)):
            raise DivergenceError(f"the weights are not finite after update {k}")
        path.append(point)
    return numpy.array(path)
