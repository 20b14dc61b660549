"""Jacobian and Hessian: SymPy derivations, nncore.curvature and the input Jacobian."""

from __future__ import annotations

import warnings

import numpy
import pytest
import sympy

from derivations import curvature as derivation
from derivations.formula import proven_equal
from derivations.logistic import Logistic
from nncore import Sequential, curvature
from nncore.optimisers import DivergenceError


def test_layer_weight_jacobian_has_the_inputs_in_a_block_pattern():
    jacobian, order = derivation.layer_weight_jacobian(2, 3)
    x = sympy.symbols("x_1 x_2", real=True)
    # columns W_11, W_12, W_13, W_21, ...; dz_k/dW_ij = x_i if j = k, else 0
    columns = [(i, j) for i in range(2) for j in range(3)]
    assert [str(w) for w in order] == [f"w_{i + 1}{j + 1}" for i, j in columns]
    assert all(w.is_real for w in order)
    assert jacobian == sympy.Matrix(3, 6, lambda k, c: x[columns[c][0]] if columns[c][1] == k else 0)


def test_logistic_regression_hessian_is_y_one_minus_y_x_x_transpose():
    hessian, claim, proven = derivation.logistic_regression_hessian()
    assert proven
    # a wrong claim (missing the factor y) is not proven equal
    z = hessian[0, 0].atoms(Logistic).pop().args[0]
    assert not proven_equal(hessian[0, 0], claim[0, 0] / Logistic(z))


def test_summed_hessian_matches_x_transpose_d_x():
    assert derivation.summed_hessian_matches(3)


def test_input_jacobian_formula_matches_sympy():
    check = derivation.input_jacobian_check((3, 4, 2), points=1)
    assert check.passed and check.shape == (2, 3)  # outputs by inputs
    assert derivation.input_jacobian_check((2, 2, 2, 2), points=1).passed


def test_input_jacobian_check_fails_for_a_wrong_formula(monkeypatch):
    right = derivation.input_jacobian_formula
    monkeypatch.setattr(derivation, "input_jacobian_formula",
                        lambda x, layers: right(x, layers) * 1.001)
    check = derivation.input_jacobian_check((2, 3, 2), points=1)
    assert not check.passed and check.largest_difference > 1e-8


def test_hessian_matches_central_differences_of_the_gradient():
    rng = numpy.random.RandomState(4)
    x = rng.randn(30, 2)
    t = (rng.rand(30) < 0.5).astype(float)
    for w in (numpy.array([0.3, -0.7]), rng.randn(2) * 3):
        def gradient(v):
            y = 1 / (1 + numpy.exp(-(x @ v)))
            return x.T @ (y - t)
        numeric = numpy.empty((2, 2))
        for j in range(2):
            step = numpy.zeros(2)
            step[j] = 1e-6
            numeric[:, j] = (gradient(w + step) - gradient(w - step)) / 2e-6
        numpy.testing.assert_allclose(curvature.logistic_regression_hessian(w, x),
                                      numeric, rtol=1e-6, atol=1e-8)


def test_largest_stable_learning_rate_separates_convergence_from_divergence():
    H = numpy.array([[3.0, 1.0], [1.0, 5.0]])
    limit = curvature.largest_stable_learning_rate(H)
    assert limit == pytest.approx(2 / numpy.linalg.eigvalsh(H).max())
    for factor, shrinks in ((0.95, True), (1.05, False)):
        d = numpy.array([1.0, 1.0])
        for _ in range(200):
            d = d - factor * limit * (H @ d)
        assert (numpy.linalg.norm(d) < 1e-3) == shrinks


def test_newton_solves_a_quadratic_in_one_step():
    H = numpy.array([[3.0, 1.0], [1.0, 5.0]])
    target = numpy.array([1.0, -2.0])
    path = curvature.newton_descent(lambda w: H @ (w - target), lambda w: H, [5.0, 5.0], 2)
    numpy.testing.assert_allclose(path[1], target)
    assert path.shape == (3, 2)


def test_newton_raises_on_a_singular_hessian():
    with pytest.raises(DivergenceError):
        curvature.newton_descent(lambda w: w, lambda w: numpy.zeros((2, 2)), [1.0, 1.0], 3)


def newton(start=(1.0, 1.0), updates=1, gradient=lambda w: w, hessian=lambda w: numpy.eye(2)):
    return curvature.newton_descent(gradient, hessian, start, updates)


@pytest.mark.parametrize("call, error, message", [
    (lambda: curvature.largest_stable_learning_rate([[1.0, 2.0], [0.0, 1.0]]), ValueError,
     r"^hessian: expected a symmetric square matrix, got shape \(2, 2\)"),
    (lambda: curvature.largest_stable_learning_rate([1.0, 2.0]), ValueError,
     r"^hessian: expected a symmetric square matrix, got shape \(2,\)"),
    (lambda: curvature.largest_stable_learning_rate(numpy.ones((2, 3))), ValueError,
     r"^hessian: expected a symmetric square matrix, got shape \(2, 3\)"),
    (lambda: curvature.largest_stable_learning_rate([[1.0, 0.0], [0.0, -1.0]]), ValueError,
     r"^hessian: expected positive eigenvalues \(a minimum\), got \[-1.0, 1.0\]"),
    (lambda: curvature.largest_stable_learning_rate([[1.0, 0.0], [0.0, 0.0]]), ValueError,
     r"^hessian: expected positive eigenvalues"),  # a zero eigenvalue is not a minimum
    (lambda: curvature.largest_stable_learning_rate("H"), TypeError, "^hessian: "),
    (lambda: curvature.logistic_regression_hessian([1.0], numpy.ones((3, 2))), ValueError,
     r"^w: expected shape \(2,\)"),
    (lambda: curvature.logistic_regression_hessian([1.0, 2.0], numpy.ones((3, 3))), ValueError,
     r"^x: expected shape \(samples, 2\)"),
    (lambda: newton(updates=-1), ValueError, "^updates: "),
    (lambda: newton(updates=1.5), TypeError, "^updates: "),
    (lambda: newton(start=[[1.0, 1.0]]), ValueError,
     r"^start: expected a vector, got shape \(1, 2\)"),
    (lambda: newton(start="w"), TypeError, "^start: "),
    (lambda: newton(hessian=lambda w: numpy.eye(3)), ValueError,
     r"^hessian: expected a 2 x 2 matrix \(one row and column per weight\), got shape \(3, 3\)"),
    (lambda: newton(hessian=lambda w: [[numpy.nan, 0], [0, 1]]), ValueError, "^hessian: "),
    (lambda: newton(updates=3, hessian=lambda w: numpy.eye(2) * (w[0] > 0.4)), DivergenceError,
     "^the Hessian is singular at update 2$"),  # w = (1, 1), then (0, 0)
    (lambda: newton(gradient=lambda w: numpy.array([1e308, 0.0]),
                    hessian=lambda w: numpy.eye(2) * 1e-10), DivergenceError,
     "^the weights are not finite after update 1$"),
])
def test_bad_inputs_raise_an_error_naming_what_is_wrong(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_largest_stable_learning_rate_of_a_diagonal_hessian_is_two_over_its_largest_entry():
    assert curvature.largest_stable_learning_rate([[4.0, 0.0], [0.0, 0.5]]) == 0.5
    assert curvature.largest_stable_learning_rate(numpy.diag([0.5, 4.0, 1.0])) == 0.5


def test_newton_with_no_updates_returns_the_start():
    path = newton(start=[3.0, 4.0], updates=0)
    assert path.tolist() == [[3.0, 4.0]]


def test_newton_path_holds_every_point():
    # gradient w and Hessian 2 I: each update halves the point
    path = newton(start=[8.0, -4.0], updates=3, hessian=lambda w: 2 * numpy.eye(2))
    assert path.tolist() == [[8.0, -4.0], [4.0, -2.0], [2.0, -1.0], [1.0, -0.5]]


@pytest.mark.parametrize("w, x", [
    ([1e10, 1e10], [[1e300, 1e300]]),  # the logits overflow
    ([0.0, 0.0], [[1e200, 1e200]] * 3),  # the logits are 0, the sum of x x^T overflows
    ([1e10, -1e10], [[1e308, 1e308]]),  # the logit is inf - inf
])
def test_a_hessian_beyond_float64_raises_without_a_warning(w, x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(OverflowError,
                           match="^logistic_regression_hessian: the result is not finite"):
            curvature.logistic_regression_hessian(w, x)


@pytest.mark.parametrize("seed", range(4))
def test_input_jacobian_matches_central_differences(seed):
    rng = numpy.random.RandomState(seed)
    sizes = tuple(int(s) for s in rng.randint(1, 5, size=rng.randint(2, 4))) + (3,)
    net = Sequential.from_sizes(sizes, rng)
    x = rng.randn(4, sizes[0])
    jacobian = net.input_jacobian(x)
    assert jacobian.shape == (4, 3, sizes[0])
    for j in range(sizes[0]):
        step = numpy.zeros(sizes[0])
        step[j] = 1e-6
        numeric = (net.forward(x + step) - net.forward(x - step)) / 2e-6
        numpy.testing.assert_allclose(jacobian[:, :, j], numeric, rtol=1e-5, atol=1e-8)
    numpy.testing.assert_allclose(jacobian.sum(axis=1), 0, atol=1e-12)
