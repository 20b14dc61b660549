"""Part 3: the chain link by link, nncore's backpropagation against the series' loop and
against SymPy's derivative of the whole network, and the claims of the page."""

from __future__ import annotations

import numpy
import pytest
import sympy

import nncore
from derivations import rbf as derivation
from derivations.formula import proven_equal
from nncore import datasets
from nncore import rbf_network as network
from tests.conftest import descend


def series_part3(x, t, wh, wo, learning_rate, updates):
    """Part 3 of the series (as in the seed notes), columns of shape (n, 1)."""
    x, t = x[:, None], t[:, None]

    def cost(wh, wo):
        y = 1 / (1 + numpy.exp(-(numpy.exp(-(x * wh) ** 2) * wo - 1)))
        return -numpy.sum(t * numpy.log(y) + (1 - t) * numpy.log(1 - y))

    path, step = [(wh, wo, cost(wh, wo))], learning_rate / updates
    for _ in range(updates):
        learning_rate -= step
        zh = x * wh
        h = numpy.exp(-zh ** 2)
        y = 1 / (1 + numpy.exp(-(h * wo - 1)))
        d_wo = learning_rate * h * (y - t)
        d_wh = learning_rate * x * -2 * zh * h * wo * (y - t)
        wh, wo = wh - d_wh.sum(), wo - d_wo.sum()
        path.append((wh, wo, cost(wh, wo)))
    return numpy.array(path)


@pytest.fixture(scope="module")
def data():
    return datasets.blue_between_red(numpy.random.RandomState(1))


def page_descent(x, t, rate):
    """The page's 50 updates from (2, -5), the rate lowered to 0 by rate / 50 per update."""
    return descend(lambda w: network.cost(w, x, t), lambda w: network.gradient(w, x, t),
                   numpy.array([2.0, -5.0]), rate, 50, rate / 50)


def test_fifty_updates_match_the_series_loop(data):
    x, t = data
    series = series_part3(x, t, 2.0, -5.0, 0.2, 50)
    weights, costs = page_descent(x, t, 0.2)
    numpy.testing.assert_allclose(weights, series[:, :2], rtol=1e-10)
    numpy.testing.assert_allclose(costs, series[:, 2], rtol=1e-10)
    w_h, w_o = weights[-1]
    page = f"final cost is {costs[-1]:.2f} for weights wh: {w_h:.2f} and wo: {w_o:.2f}"
    wh, wo, c = series[-1]
    assert page == f"final cost is {c:.2f} for weights wh: {wh:.2f} and wo: {wo:.2f}"


def whole_gradient():
    """SymPy's derivative of the whole network cost, lambdified independently of nncore."""
    cost = derivation.whole_cost().rewrite(sympy.exp)
    arguments = (derivation.w_h, derivation.w_o, derivation.x, derivation.t)
    return [sympy.lambdify(arguments, sympy.diff(cost, w), "mpmath")
            for w in (derivation.w_h, derivation.w_o)]


@pytest.mark.parametrize("weights", [(2.0, -5.0), (1.07, 5.05), (-3.0, 0.4), (0.1, 9.0)])
def test_backpropagation_matches_sympys_whole_derivative(data, weights):
    x, t = data
    d_wh, d_wo = whole_gradient()
    expected = [sum(float(f(*weights, xi, ti)) for xi, ti in zip(x, t)) for f in (d_wh, d_wo)]
    numpy.testing.assert_allclose(network.gradient(weights, x, t), expected, rtol=1e-11,
                                  atol=1e-13)


def test_backward_pass_link_by_link(data):
    x, t = data
    w = numpy.array([2.0, -5.0])
    values = network.forward(w, x)
    grads = network.backward(w, x, t)
    numpy.testing.assert_allclose(values.hidden, numpy.exp(-(2.0 * x) ** 2), rtol=1e-15)
    delta = values.output - t
    numpy.testing.assert_allclose(grads.output_weight, delta * values.hidden, rtol=1e-12,
                                  atol=1e-300)
    numpy.testing.assert_allclose(grads.hidden, delta * -5.0, rtol=1e-12)
    numpy.testing.assert_allclose(grads.hidden_logit,
                                  grads.hidden * -2 * values.hidden_logit * values.hidden,
                                  rtol=1e-12, atol=1e-300)
    numpy.testing.assert_allclose(grads.hidden_weight, grads.hidden_logit * x, rtol=1e-15)


def test_gradient_check_passes_where_the_page_checks(data):
    x, t = data
    for w in ([2.0, -5.0], [1.07, 5.05], [6.0, 1.0]):
        report = nncore.gradient_check(lambda w: network.cost(w, x, t), {"w": w},
                                       {"w": network.gradient(w, x, t)})
        assert report.passed, str(report)


def test_the_chain_and_its_links():
    assert all(derivation.chain_holds().values())
    links = {(out, inp): d for out, inp, d in derivation.links()}
    assert links[(derivation.h, derivation.z_h)] == -2 * derivation.h * derivation.z_h
    assert links[(derivation.z_h, derivation.w_h)] == derivation.x
    # A chain that drops the last link (the input x) is not the derivative.
    dropped = derivation.chained_gradients()[derivation.w_h] / derivation.x
    whole = sympy.diff(derivation.whole_cost(), derivation.w_h)
    assert not proven_equal(derivation.substitute_forward(dropped), whole)


def test_learning_rate_claims_of_the_page(data):
    x, t = data
    runs = {rate: page_descent(x, t, rate) for rate in (0.05, 0.2, 0.5, 1.0)}
    accuracy = {rate: numpy.mean(network.classify(weights[-1], x) == t)
                for rate, (weights, _) in runs.items()}
    final_cost = {rate: costs[-1] for rate, (_, costs) in runs.items()}
    # too small: still on the plateau; about right: in the valley; too large: stuck far out
    assert final_cost[0.05] > 2 * final_cost[0.2]
    assert accuracy[0.2] == accuracy[0.5] == 1.0
    assert accuracy[0.05] < 1.0 and accuracy[1.0] < 1.0
    jumps = runs[1.0][0]
    assert jumps[1, 0] > 15
    assert abs(jumps[-1, 0] - jumps[1, 0]) < 0.15 * jumps[1, 0]
    assert final_cost[1.0] > 2 * final_cost[0.5]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda x, t: network.cost([1.0, 2.0, 3.0], x, t), r"w: expected shape \(2,\)"),
        (lambda x, t: network.cost([1.0, 2.0], x[:, None], t), r"t: expected shape|x: expected"),
        (lambda x, t: network.gradient([1.0, 2.0], x, t + 1), "t: expected class labels"),
        (lambda x, t: network.forward([1.0, numpy.inf], x), "w: expected finite"),
    ],
)
def test_bad_input_names_the_argument(data, call, message):
    x, t = data
    with pytest.raises(ValueError, match=message):
        call(x, t)
