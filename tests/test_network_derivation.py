"""The SymPy side of the vectorised network (:mod:`derivations.network`): the symbols the
pages display, the one-sample error, and the 50-digit comparison behind every check."""

from __future__ import annotations

import random

import pytest
import sympy

from derivations import network as derivation
from derivations.logistic import Logistic


def test_parameter_matrices_name_every_entry_by_layer_row_and_column():
    (W_h, b_h), (W_o, b_o) = derivation.parameter_matrices((2, 3, 2), ("h", "o"))
    assert (W_h.shape, b_h.shape, W_o.shape, b_o.shape) == ((2, 3), (1, 3), (3, 2), (1, 2))
    assert W_h[0, 1] == sympy.Symbol("w^h_12", real=True)
    assert W_o[2, 0] == sympy.Symbol("w^o_31", real=True)
    assert list(b_h) == [sympy.Symbol(f"b^h_{j}", real=True) for j in (1, 2, 3)]
    assert b_o[0, 1] == sympy.Symbol("b^o_2", real=True)


@pytest.mark.parametrize("n", [2, 3])
def test_the_one_sample_error_is_y_minus_t(n):
    derived, y_minus_t = derivation.one_sample_error(n)
    z = [sympy.Symbol(f"z_{j}", real=True) for j in range(1, n + 1)]
    total = sum(sympy.exp(v) for v in z)
    for j, (d, e) in enumerate(zip(derived, y_minus_t)):
        softmax_minus_target = sympy.exp(z[j]) / total - (1 if j == 0 else 0)  # target class 1
        assert sympy.simplify(d - softmax_minus_target) == 0, j
    assert derived.shape == (1, n)
    assert derived == y_minus_t  # both simplified to the same expressions, as the page shows


def test_the_error_recursion_names_its_symbols():
    step = derivation.error_recursion(units=2, next_units=3)
    assert list(step["z"]) == list(sympy.symbols("z_1 z_2", real=True))
    assert list(step["e_next"]) == list(sympy.symbols("e_1 e_2 e_3", real=True))
    assert step["W"][1, 2] == sympy.Symbol("w_23", real=True)
    assert step["jacobian"].shape == (3, 2)
    assert step["formula"].shape == step["chain"].shape == (1, 2)


def test_the_largest_value_is_taken_over_draws_from_minus_3_to_3_in_order():
    a, b = sympy.symbols("a b")
    draws = random.Random(0)
    expected = max(abs(draws.randint(-30, 30) / 10) for _ in range(2 * 40))
    assert derivation.largest_at_random_points([a, b], [a, b], random.Random(0), 40) == expected
    assert expected == 3.0  # 80 draws reach the ends of the range, and never pass them
    third = derivation.largest_at_random_points([a / 3], [a], random.Random(0), 1)
    assert third == pytest.approx(abs(random.Random(0).randint(-30, 30) / 10) / 3, rel=1e-15)


def test_the_largest_value_is_evaluated_to_50_digits_with_sigma_through_mpmath():
    p = sympy.Symbol("p", real=True)
    # sigma(p) + sigma(-p) - 1 is 0; in float64 it would round to about 1e-16
    zero = derivation.largest_at_random_points([Logistic(p) + Logistic(-p) - 1], [p],
                                               random.Random(0), 3)
    assert zero < 1e-45
    textbook = derivation.largest_at_random_points([Logistic(p) - 1 / (1 + sympy.exp(-p))], [p],
                                                   random.Random(0), 3)
    assert textbook < 1e-45


@pytest.mark.parametrize("largest, shapes_agree, passed", [
    (0.0, True, True), (9e-41, True, True), (1e-40, True, False), (1e-30, True, False),
    (0.0, False, False)])
def test_a_backward_pass_check_passes_below_1e_40_with_every_shape_right(
        largest, shapes_agree, passed):
    check = derivation.BackwardPassCheck(entries=1, points=1, largest_difference=largest,
                                         shapes_agree=shapes_agree)
    assert check.passed is passed


def test_the_backward_pass_check_reports_a_gradient_of_the_wrong_shape(monkeypatch):
    original = derivation.matrix_gradients

    def transposed_first_weights(X, T, layers, *mean):  # dW_h as (2, 3), W_h (3, 2)
        grads = original(X, T, layers, *mean)
        grads[0] = (grads[0][0].T, grads[0][1])
        return grads

    monkeypatch.setattr(derivation, "matrix_gradients", transposed_first_weights)
    check = derivation.check_backward_pass(sizes=(3, 2, 2), samples=1, points=1,
                                           names=("h", "o"))
    assert (check.entries, check.points) == (6 + 2 + 4 + 2, 1)
    assert not check.shapes_agree and not check.passed


def test_one_wrong_entry_of_the_error_recursion_is_caught(monkeypatch):
    elementwise = sympy.matrix_multiply_elementwise

    def first_entry_dropped(a, b):
        product = elementwise(a, b)
        product[0, 0] = 0
        return product

    monkeypatch.setattr(derivation.sympy, "matrix_multiply_elementwise", first_entry_dropped)
    step = derivation.error_recursion(units=2, next_units=2)
    assert step["formula"][0, 0] == 0 and step["formula"][0, 1] != 0
    assert not step["equal"]


def test_the_backward_pass_check_is_reproducible():
    def check():
        return derivation.check_backward_pass(sizes=(2, 2, 2), samples=1, points=1,
                                              names=("h", "o"))

    first = check()
    assert first.largest_difference > 0  # 50-digit rounding, which depends on the draws
    assert check() == first


def test_matrix_recursion_derives_the_matrix_formulas():
    derived = derivation.matrix_recursion(samples=2, units=3, next_units=2)
    difference = (derived["error"] - derived["error_formula"]).applyfunc(sympy.expand)
    assert difference == sympy.zeros(2, 3)
    assert (derived["weights"] - derived["weights_formula"]).applyfunc(
        sympy.expand) == sympy.zeros(3, 2)
    assert (derived["weights_plain"] - derived["A"].T * derived["E"]).applyfunc(
        sympy.expand) == sympy.zeros(3, 2)


def test_the_mean_cost_check_tests_the_factor_one_over_n():
    check = derivation.check_backward_pass(sizes=(2, 2, 2), samples=3, points=1,
                                           names=("h", "o"), mean=True)
    assert check.passed
    # without the 1/N in E_L the formulas are those of the summed cost: N times too large
    X = sympy.Matrix([[1, 2], [0, -1], [3, 1]])
    T = sympy.Matrix([[1, 0], [0, 1], [1, 0]])
    layers = derivation.parameter_matrices((2, 2, 2), ("h", "o"))
    b_o = layers[-1][1]
    mean_cost = derivation.cost(X, T, layers, mean=True)
    summed = derivation.matrix_gradients(X, T, layers)[-1][1]
    mean = derivation.matrix_gradients(X, T, layers, mean=True)[-1][1]
    assert sympy.simplify(sympy.diff(mean_cost, b_o[0]) - mean[0]) == 0
    assert sympy.simplify(summed[0] - 3 * mean[0]) == 0
