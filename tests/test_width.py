"""Why width matters: invertible 2-unit layers, the experiment, the page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nncore import Momentum, Sequential, train, width
from nncore.optimisers import DivergenceError
from nncore.multiclass import one_hot
from tests.conftest import ROOT


def circles():
    """The circles of part 4, drawn as on the pages."""
    from sklearn.datasets import make_circles

    rs = numpy.random.RandomState(1)
    x, t = make_circles(n_samples=100, shuffle=False, factor=0.3, noise=0.1,
                        random_state=rs)
    return x, one_hot(t, 2)


@given(st.integers(0, 2**32 - 1))
def test_a_2_unit_layer_with_invertible_w_is_undone_by_its_inverse(seed):
    rs = numpy.random.RandomState(seed)
    W, b = rs.randn(2, 2), rs.randn(1, 2)
    if abs(numpy.linalg.det(W)) < 1e-2:  # numerically too close to singular
        W = W + numpy.eye(2)
    x = rs.uniform(-2, 2, size=(50, 2))
    a = width.layer_map(x, W, b)
    assert a.shape == x.shape and numpy.all((a > 0) & (a < 1))
    back = width.inverse_layer_map(a, W, b)
    numpy.testing.assert_allclose(back, x, rtol=0, atol=1e-6)


def test_the_inverse_of_another_layer_does_not_undo_it():
    rs = numpy.random.RandomState(0)
    W, b = rs.randn(2, 2), rs.randn(1, 2)
    x = rs.randn(20, 2)
    a = width.layer_map(x, W, b)
    assert numpy.abs(width.inverse_layer_map(a, W.T, b) - x).max() > 0.1


def test_layer_map_is_the_first_layer_of_the_network():
    rs = numpy.random.RandomState(3)
    net = Sequential.from_sizes((2, 2, 2, 2), rs)
    parameters = dict(net.parameters)
    x = rs.randn(30, 2)
    _, _, first, _, second, _, _ = net.activations(x)  # X, Z_1, A_1, Z_2, A_2, Z_3, Y
    numpy.testing.assert_allclose(width.layer_map(x, parameters["W1"], parameters["b1"]),
                                  first, rtol=1e-14)
    numpy.testing.assert_allclose(width.layer_map(first, parameters["W2"], parameters["b2"]),
                                  second, rtol=1e-14)


def test_every_layer_of_a_trained_deep_2_unit_network_inverts():
    x, t = circles()
    (run,) = width.train_widths(x, t, [(2,) * 4], [2], iterations=50)
    points = x
    for layer in run.network.layers[:-2:2]:  # every linear layer but the last
        W, b = layer.parameters["W"], layer.parameters["b"]
        image = width.layer_map(points, W, b)
        numpy.testing.assert_allclose(width.inverse_layer_map(image, W, b),
                                      points, rtol=0, atol=1e-6)
        points = image


def test_a_singular_layer_gives_a_ring_point_the_centre_s_activations():
    # rank 1: x W depends on x only through x1 + x2 / 2
    W = numpy.array([[1.0, 2.0], [0.5, 1.0]])
    b = numpy.array([[0.3, -0.2]])
    centre = numpy.zeros((1, 2))
    ring_point = numpy.array([[0.4, -0.8]]) / numpy.hypot(0.4, 0.8)  # x1+x2/2=0
    numpy.testing.assert_allclose(width.layer_map(ring_point, W, b),
                                  width.layer_map(centre, W, b), rtol=1e-15)
    with pytest.raises(ValueError, match="^W: expected an invertible"):
        width.inverse_layer_map(width.layer_map(centre, W, b), W, b)


def test_train_widths_draws_each_start_from_its_own_seed():
    x, t = circles()
    runs = width.train_widths(x, t, [(2,), (3,)], [0, 4], iterations=20)
    assert [(r.hidden, r.seed, r.sizes) for r in runs] == [
        ((2,), 0, "2-2-2"), ((2,), 4, "2-2-2"),
        ((3,), 0, "2-3-2"), ((3,), 4, "2-3-2")]
    expected = Sequential.from_sizes((2, 3, 2), numpy.random.RandomState(4))
    data = expected.prepare(x, t)
    train(expected, data, Momentum(0.02, 0.9), epochs=20)
    numpy.testing.assert_array_equal(runs[3].network.parameter_vector,
                                     expected.parameter_vector)
    assert runs[3].accuracy == expected.accuracy(data)


def test_accuracy_table_holds_every_run_with_best_and_mean():
    x, t = circles()
    runs = width.train_widths(x, t, [(2,), (2, 2)], [0, 1, 2], iterations=30)
    table = width.accuracy_table(runs)
    assert tuple(table.headers) == ("network", "seed 0", "seed 1", "seed 2",
                                    "best", "mean")
    for row, group in zip(table.rows, (runs[:3], runs[3:])):
        accuracies = [r.accuracy for r in group]
        assert row[0] == group[0].sizes
        assert list(row[1:4]) == accuracies
        assert row[4] == max(accuracies)
        assert row[5] == pytest.approx(sum(accuracies) / 3)


@pytest.mark.parametrize("call, error, message", [
    (lambda: width.layer_map(numpy.ones((3, 2)), numpy.ones((2, 3)),
                             numpy.ones((1, 3))), ValueError, "^W: .*square"),
    (lambda: width.layer_map(numpy.ones((3, 2)), numpy.eye(2),
                             numpy.ones((1, 3))), ValueError, "^b: "),
    (lambda: width.layer_map(numpy.ones((3, 3)), numpy.eye(2),
                             numpy.ones((1, 2))), ValueError,
     r"^x: .*\(points, 2\)"),
    (lambda: width.layer_map([[numpy.nan, 0.0]], numpy.eye(2),
                             numpy.ones((1, 2))), ValueError, "^x: .*finite"),
    (lambda: width.layer_map("x", numpy.eye(2), numpy.ones((1, 2))),
     TypeError, "^x: "),
    (lambda: width.inverse_layer_map([[0.5, 1.0]], numpy.eye(2),
                                     numpy.ones((1, 2))), ValueError,
     "^a: .*between 0 and 1"),
    (lambda: width.inverse_layer_map([[0.5, 0.5]], numpy.zeros((2, 2)),
                                     numpy.ones((1, 2))), ValueError,
     "^W: .*invertible"),
    (lambda: width.train_widths(*circles(), [(2, 0)], [0]), ValueError,
     "^hidden_layers: "),
    (lambda: width.train_widths(*circles(), [(2,)], [1.5]), TypeError,
     "^seeds: "),
    (lambda: width.train_widths(*circles(), [(2,)], [-1]), ValueError,
     "^seeds: "),
    (lambda: width.train_widths(*circles(), [(2,)], [0], learning_rate=0),
     ValueError, "^learning_rate: "),
    (lambda: width.train_widths(numpy.ones(5), numpy.ones(5), [(2,)], [0]),
     ValueError, "^x, t: "),
    (lambda: width.accuracy_table([]), ValueError,
     "^runs: expected a non-empty list of WidthRun"),
    (lambda: width.layer_map(numpy.ones((3, 2)), "W", numpy.ones((1, 2))), TypeError, "^W: "),
    (lambda: width.layer_map(numpy.ones((3, 2)), numpy.eye(2), [[numpy.nan, 0.0]]),
     ValueError, "^b: expected finite"),
    (lambda: width.inverse_layer_map(numpy.full((3, 3), 0.5), numpy.eye(2),
                                     numpy.ones((1, 2))), ValueError,
     r"^a: expected shape \(points, 2\)"),
    (lambda: width.inverse_layer_map([[0.0, 0.5]], numpy.eye(2), numpy.ones((1, 2))),
     ValueError, "^a: .*between 0 and 1"),
    (lambda: width.train_widths("x", numpy.ones((5, 2)), [(2,)], [0]), TypeError, "^x: "),
    (lambda: width.train_widths(numpy.ones((5, 2)), "t", [(2,)], [0]), TypeError, "^t: "),
    (lambda: width.train_widths(circles()[0], circles()[1][:, 0], [(2,)], [0]), ValueError,
     r"^x, t: expected matrices \(one row per sample\), got shapes \(100, 2\), \(100,\)"),
])
def test_bad_input_raises_an_error_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_accuracy_table_rejects_networks_trained_from_different_seeds():
    x, t = circles()
    runs = (width.train_widths(x, t, [(2,)], [0, 1], iterations=2)
            + width.train_widths(x, t, [(3,)], [0, 2], iterations=2))
    with pytest.raises(ValueError, match="^runs: network 2-3-2"):
        width.accuracy_table(runs)


def table_cells(html: str, first_header: str) -> list[list[str]]:
    """The body cells of the first table headed by ``first_header``."""
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        headers = re.findall(r"<th\b[^>]*>(.*?)</th>", table, flags=re.S)
        if headers and headers[0].strip() == first_header:
            return [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
                    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
                    if "<td" in row]
    raise AssertionError(f"no table headed {first_header!r}")


@pytest.mark.slow
def test_the_page_shows_the_table_the_code_computes():
    site = os.environ.get("BACKPROP_SITE")
    if not site:
        pytest.skip("set BACKPROP_SITE to a built site (make test does)")
    page = (ROOT / site).resolve() / "chapters" / "why-width-matters.html"
    html = Path(page).read_text(encoding="utf-8")
    shown = table_cells(html, "network")
    x, t = circles()
    runs = [run for hidden in width.HIDDEN_LAYERS
            for run in width.train_stacked(x, t, hidden, range(30))]
    table = width.spread_table(runs)
    expected = [[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row]
                for row in table.rows]
    assert shown == expected
    assert len(shown) == 7 and shown[-1][0] == "2-3-2"
    text = re.sub(r"<[^>]+>", "", html)
    assert "Gradient check PASSED" in text and "FAIL" not in text
    assert re.findall(r"[^\n]*: False\b", text) == []
    assert "colah.github.io/posts/2014-03-NN-Manifolds-Topology" in html


def test_train_widths_draws_with_the_scale_and_trains_one_unit_layers(capsys, monkeypatch):
    class Terminal:  # standard error as a terminal: still no progress bar
        def isatty(self):
            return True

        def write(self, text):
            raise AssertionError(f"wrote {text!r}")

    monkeypatch.setattr("sys.stderr", Terminal())
    x, t = circles()
    (run,) = width.train_widths(x, t, [(1,)], [3], scale=0.25, iterations=0)
    start = Sequential.from_sizes((2, 1, 2), numpy.random.RandomState(3), scale=0.25)
    numpy.testing.assert_array_equal(run.network.parameter_vector, start.parameter_vector)
    assert run.sizes == "2-1-2"


def test_accuracy_table_prints_two_decimals():
    network = Sequential.from_sizes((2, 2, 2), numpy.random.RandomState(0))
    runs = [width.WidthRun((2,), 0, 0.5, network), width.WidthRun((2,), 1, 0.875, network)]
    assert str(width.accuracy_table(runs)).splitlines()[-1].split() == [
        "2-2-2", "0.50", "0.88", "0.88", "0.69"]


@pytest.mark.parametrize("hidden", [(2,), (2, 2, 2), (3,)])
def test_train_stacked_repeats_the_runs_of_train_widths(hidden):
    x, t = circles()
    single = width.train_widths(x, t, [hidden], [0, 3, 7], iterations=60)
    stacked = width.train_stacked(x, t, hidden, [0, 3, 7], iterations=60)
    assert [(r.hidden, r.seed, r.sizes) for r in stacked] == [
        (r.hidden, r.seed, r.sizes) for r in single]
    for one, many in zip(single, stacked):
        numpy.testing.assert_allclose(many.network.parameter_vector,
                                      one.network.parameter_vector, rtol=0, atol=1e-10)
        assert many.accuracy == one.accuracy


def test_spread_table_gives_the_quartiles_of_each_network():
    network = Sequential.from_sizes((2, 2, 2), numpy.random.RandomState(0))
    runs = [width.WidthRun((2,), seed, accuracy, network)
            for seed, accuracy in enumerate([0.5, 0.6, 0.7, 0.8, 0.9])]
    table = width.spread_table(runs)
    assert table.rows == [("2-2-2", 5, 0.5, 0.6, 0.7, 0.8, 0.9)]
    with pytest.raises(ValueError, match="^runs: expected"):
        width.spread_table([])


def test_train_stacked_rejects_an_empty_list_of_seeds():
    x, t = circles()
    with pytest.raises(ValueError, match="^seeds: expected"):
        width.train_stacked(x, t, (2,), [])


def test_stacked_training_that_diverges_says_so():
    x, t = circles()
    with pytest.raises(DivergenceError, match=r"^seed 0: the parameters are not finite after "
                                              r"training: lower the learning rate"):
        width.train_stacked(x * 1e3, t, (2,), [0], learning_rate=1e308, iterations=5)
