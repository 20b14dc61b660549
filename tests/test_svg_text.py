"""The SVG reader of the figure-legibility test finds the font sizes a figure was drawn with."""

from __future__ import annotations

import matplotlib
import pytest

from tests.svg_text import area_scale, figure_text

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

# matplotlib's mathtext draws a sub- or superscript at 0.7 of the size around it
# (SHRINK_FACTOR in matplotlib/_mathtext.py, read for matplotlib 3.10).
SUBSCRIPT = 0.7


def saved(tmp_path, draw, width=4.0):
    """A figure ``width`` inches wide, drawn by ``draw(axes)`` and saved as the book saves
    its figures (glyphs as paths, fixed ids)."""
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "test"}):
        figure, axes = plt.subplots(figsize=(width, 3))
        draw(axes)
        path = tmp_path / "figure.svg"
        figure.savefig(path)
        plt.close(figure)
    return path


def test_the_smallest_text_is_a_7_point_annotation_among_12_point_ticks(tmp_path):
    def draw(axes):
        axes.tick_params(labelsize=12)
        axes.set_xlabel("weight", fontsize=12)
        axes.text(0.5, 0.5, "seven points", fontsize=7)

    found = figure_text(saved(tmp_path, draw))
    assert found.smallest == pytest.approx(7, rel=1e-6)
    assert found.width == pytest.approx(4 * 72)


def test_a_mathtext_subscript_counts_at_its_own_size(tmp_path):
    def draw(axes):
        axes.tick_params(labelsize=16)
        axes.set_ylabel(r"$w_1$", fontsize=20)

    assert figure_text(saved(tmp_path, draw)).smallest == pytest.approx(
        SUBSCRIPT * 20, rel=1e-6)


def test_tick_labels_alone_and_markers_are_not_text(tmp_path):
    def draw(axes):
        axes.plot([0, 1, 2], [1, 0, 1], "o")  # markers are <use> elements too
        axes.tick_params(labelsize=12)

    assert figure_text(saved(tmp_path, draw)).smallest == pytest.approx(12, rel=1e-6)


def test_a_figure_without_text_has_no_smallest_text(tmp_path):
    def draw(axes):
        axes.plot([0, 1], [0, 1], "o-")
        axes.set_axis_off()

    assert figure_text(saved(tmp_path, draw)).smallest is None


def test_css_pixels_scale_with_the_rendered_width(tmp_path):
    def draw(axes):
        axes.tick_params(labelsize=9)

    found = figure_text(saved(tmp_path, draw, width=10))
    # At its natural size (1 pt = 4/3 CSS px) and squeezed into a 672-px column.
    assert found.smallest_css_px(10 * 96) == pytest.approx(12, rel=1e-6)
    assert found.smallest_css_px(672) == pytest.approx(9 * 4 / 3 * 672 / 960, rel=1e-6)


@pytest.mark.parametrize(("transform", "scale"), [
    (None, 1.0),
    ("translate(3 4)", 1.0),
    ("translate(26.4 208.3) scale(0.12 -0.12)", 0.0144),
    ("translate(81.8 -14.7) scale(0.7)", 0.49),
    ("rotate(-90) scale(0.1,-0.1)", 0.01),
    ("matrix(0 2 -2 0 5 5)", 4.0),
])
def test_area_scale_of_a_transform(transform, scale):
    assert area_scale(transform) == pytest.approx(scale)
