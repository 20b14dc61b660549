"""The softmax derivations (SymPy) and nncore.multiclass (NumPy) against each other."""

from __future__ import annotations

from types import SimpleNamespace

import numpy
import pytest
import sympy

import nncore._generated as generated
from derivations import softmax as derivation
from derivations.cross_entropy import Softplus
from nncore import multiclass as sm


@pytest.mark.parametrize("n", [2, 3])
def test_jacobian_is_diag_y_minus_y_y_transpose(n):
    assert derivation.jacobian_matches(n)


def test_a_wrong_jacobian_is_rejected():
    y = derivation.softmax(derivation.logits(3))
    wrong = sympy.diag(*y) + y * y.T
    assert any(sympy.simplify(e) != 0 for e in derivation.softmax_jacobian(3) - wrong)


@pytest.mark.parametrize("n", [2, 3])
def test_cross_entropy_gradient_is_y_minus_t(n):
    assert derivation.cross_entropy_gradient_is_y_minus_t(n)


def test_gradient_is_not_y_minus_t_when_targets_do_not_sum_to_one():
    z, t = derivation.logits(2), derivation.targets(2)
    raw, _ = derivation.cross_entropy_gradient(2)
    at = {t[0]: 1, t[1]: 1, z[0]: 0, z[1]: 0}  # targets summing to 2
    assert raw[0].subs(at) != (derivation.softmax(z)[0] - t[0]).subs(at)


def test_stable_rewrites_are_proven_equal():
    assert derivation.shift_is_harmless(3)
    assert derivation.log_softmax_is_log_of_softmax(3)
    assert derivation.two_class_forms_agree()


def test_numeric_softmax_and_jacobian_match_central_differences():
    rng = numpy.random.RandomState(0)
    for n in (2, 3, 5):
        z = rng.randn(n) * 3
        y = sm.softmax(z[None, :])[0]
        numeric = numpy.empty((n, n))
        for j in range(n):
            step = numpy.zeros(n)
            step[j] = 1e-6
            plus = sm.softmax((z + step)[None, :])[0]
            minus = sm.softmax((z - step)[None, :])[0]
            numeric[:, j] = (plus - minus) / 2e-6
        assert numpy.allclose(sm.softmax_jacobian(y), numeric, atol=1e-9)


def test_softmax_matches_the_generated_two_class_form_and_the_textbook():
    z = numpy.array([[0.3, -1.2], [5.0, 5.0], [-20.0, 4.0]])
    y1, y2 = generated.two_class_softmax(z[:, 0], z[:, 1])
    assert numpy.allclose(sm.softmax(z), numpy.stack([y1, y2], axis=1), rtol=1e-14)
    textbook = numpy.exp(z) / numpy.exp(z).sum(axis=1, keepdims=True)
    assert numpy.allclose(sm.softmax(z), textbook, rtol=1e-14)


def test_naive_forms_fail_at_1000_where_the_stable_ones_do_not():
    z = numpy.array([[1000.0, 0.0]])
    with numpy.errstate(all="ignore"):
        naive = numpy.exp(z) / numpy.exp(z).sum()
    assert numpy.isnan(naive).any()
    assert numpy.allclose(sm.softmax(z), [[1.0, 0.0]])
    t = numpy.array([[0.0, 1.0]])
    assert sm.cross_entropy(z, t) == pytest.approx(1000.0, rel=1e-15)
    assert generated.two_class_cross_entropy(1000.0, 0.0, 0.0, 1.0) == pytest.approx(1000.0)


def test_cross_entropy_matches_the_generated_two_class_form():
    rng = numpy.random.RandomState(2)
    z = rng.randn(20, 2) * 10
    t = sm.one_hot(rng.randint(0, 2, 20), 2)
    generated_sum = generated.two_class_cross_entropy(z[:, 0], z[:, 1], t[:, 0], t[:, 1]).sum()
    assert sm.cross_entropy(z, t) == pytest.approx(float(generated_sum), rel=1e-13)


def test_one_hot():
    assert sm.one_hot(numpy.array([0, 1, 1]), 2).tolist() == [[1, 0], [0, 1], [0, 1]]


@pytest.mark.parametrize("z, t, error", [
    (numpy.zeros(3), numpy.zeros(3), ValueError),
    (numpy.zeros((2, 1)), numpy.ones((2, 1)), ValueError),
    (numpy.array([[0.0, numpy.nan]]), numpy.array([[1.0, 0.0]]), ValueError),
    (numpy.zeros((2, 2)), numpy.array([[1.0, 0.0]]), ValueError),
    (numpy.zeros((1, 2)), numpy.array([[1.0, 1.0]]), ValueError),
    ("ab", numpy.array([[1.0, 0.0]]), TypeError),
])
def test_bad_inputs_raise(z, t, error):
    with pytest.raises(error):
        sm.cross_entropy(z, t)


def test_bad_labels_raise():
    with pytest.raises(ValueError, match="labels"):
        sm.one_hot(numpy.array([0, 2]), 2)
    with pytest.raises(ValueError, match="labels"):
        sm.one_hot(numpy.array([0.5]), 2)


@pytest.mark.parametrize("n", [2, 3])
def test_chain_rule_in_the_outputs_reads_y_times_the_target_sum_minus_t(n):
    # sum_i (-t_i / y_i) (y_i delta_ij - y_i y_j) = y_j sum_i t_i - t_j
    in_outputs, with_sum_one = derivation.chain_in_outputs(n)
    t = derivation.targets(n)
    y = sympy.symbols(f"y_1:{n + 1}", positive=True)
    assert in_outputs.shape == with_sum_one.shape == (n, 1)
    assert list(in_outputs) == [y[j] * sum(t) - t[j] for j in range(n)]
    assert list(with_sum_one) == [y[j] - t[j] for j in range(n)]


@pytest.mark.parametrize("symbols, letter", [(derivation.logits, "z"), (derivation.targets, "t")])
def test_class_symbols_are_numbered_from_one_for_at_least_two_classes(symbols, letter):
    assert [str(s) for s in symbols(2)] == [f"{letter}_1", f"{letter}_2"]
    assert all(s.is_real for s in symbols(3))
    with pytest.raises(ValueError, match="n: expected at least 2 classes, got 1"):
        symbols(1)


def test_two_class_forms_with_the_targets_swapped_are_not_proven(monkeypatch):
    z1, z2, t1, t2 = derivation.z1, derivation.z2, derivation.t1, derivation.t2
    swapped = t2 * Softplus(z2 - z1) + t1 * Softplus(z1 - z2)
    monkeypatch.setattr(derivation, "TWO_CLASS_CROSS_ENTROPY",
                        SimpleNamespace(expression=swapped, stable_outputs=(swapped,)))
    assert not derivation.two_class_forms_agree()
