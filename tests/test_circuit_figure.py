"""The circuit figures of the computational-graph chapter: every label inside the figure,
no two labels overlapping, each gate's label inside its circle, and text large enough."""

from __future__ import annotations

import itertools

import matplotlib
import pytest

from derivations import circuits
from derivations.graph import ComputationalGraph
from derivations.logistic import use_logistic
from nncore.plotting import circuit_number, draw_circuit

matplotlib.use("Agg")

GRAPHS = {
    "warm-up": circuits.WARM_UP.expression,
    "neuron": circuits.SIGMOID_NEURON.expression,
    "collapsed neuron": use_logistic(circuits.SIGMOID_NEURON.expression),
    "patterns": circuits.BACKWARD_PATTERNS.expression,
}
POINTS = {
    "warm-up": circuits.WARM_UP.point,
    "neuron": circuits.SIGMOID_NEURON.point,
    "collapsed neuron": circuits.SIGMOID_NEURON.point,
    "patterns": circuits.BACKWARD_PATTERNS.point,
}


def test_integers_print_as_integers_and_other_numbers_with_fixed_decimals():
    assert [circuit_number(v) for v in (2, -1.0, 0.0, 0.19661193, -0.5344466)] == [
        "2", "-1", "0", "0.1966", "-0.5344"]
    assert circuit_number(1.36787944, decimals=2) == "1.37"


@pytest.fixture(scope="module", params=list(GRAPHS))
def drawn(request):
    import matplotlib.pyplot as plt

    graph = ComputationalGraph(GRAPHS[request.param])
    graph.forward(POINTS[request.param])
    graph.backward()
    figure = draw_circuit(graph.nodes)
    figure.canvas.draw()
    yield request.param, graph, figure
    plt.close(figure)


def test_labels_stay_inside_the_figure_and_apart(drawn):
    name, _, figure = drawn
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    frame = figure.bbox
    for text, box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, (name, text)
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, (name, text)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (name, a, b)


def test_every_gate_label_fits_inside_its_circle(drawn):
    # The figure's data units are points; a label's ink is taken as its measured width and
    # 0.7 of its font size in height (digits, brackets and signs stay within that).
    name, graph, figure = drawn
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    gates = [n for n in graph.nodes if not n.is_input]
    assert len(ax.patches) == len(gates)
    to_data = ax.transData.inverted()
    for circle in ax.patches:
        cx, cy = circle.center
        (label,) = [t for t in ax.texts if t.get_position() == (cx, cy)]
        assert label.get_text() in {n.label for n in gates}
        (x0, _), (x1, _) = to_data.transform(label.get_window_extent(renderer).get_points())
        half = 0.35 * label.get_fontsize()
        for x, y in itertools.product((x0, x1), (cy - half, cy + half)):
            assert (x - cx) ** 2 + (y - cy) ** 2 <= circle.radius ** 2, (name, label.get_text())


def test_text_shows_at_ten_css_pixels_or_more_in_the_page_column(drawn):
    # The article column is 672 CSS px at a 1280-px screen; a figure W inches wide shows at
    # min(96 W, 672) px, so s points of text show at s * 4/3 * min(1, 7 / W) px.
    name, _, figure = drawn
    width = figure.get_size_inches()[0]
    smallest = min(t.get_fontsize() for t in figure.axes[0].texts)
    assert smallest * 4 / 3 * min(1.0, 7 / width) >= 10, (name, width, smallest)
