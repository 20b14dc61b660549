"""The built pages of Roelants' parts 1 to 3 and the intermezzo: in the table of contents,
with their figures, tables, typeset math and the numbers the code computes."""

from __future__ import annotations

import re

import numpy
import pytest

from nncore import datasets
from nncore import logistic_regression
from tests.test_linear_regression import series_part1
from tests.test_logistic_regression import series_part2
from tests.test_rbf_network import series_part3
from tests.test_site import RAW_TEX, read, site  # noqa: F401 (site is a fixture)

pytestmark = pytest.mark.slow

# page: (figures, gradient-check tables)
CHAPTERS = {
    "chapters/linear-regression.html": (4, 2),
    "chapters/logistic-function.html": (2, 2),
    "chapters/logistic-regression.html": (4, 2),
    "chapters/hidden-layer.html": (7, 2),
}


def text_of(site, page):
    return "".join(read(site, page).everything)


def test_chapters_are_in_the_table_of_contents_in_order(site):
    urls = read(site, "index.html").urls
    positions = [next(i for i, u in enumerate(urls) if u.endswith(page.split("/")[1]))
                 for page in ["chapters/computational-graph.html", *CHAPTERS]]
    assert positions == sorted(positions)


@pytest.mark.parametrize("page", CHAPTERS)
def test_figures_have_alt_text_and_exist(site, page):
    figures = [i for i in read(site, page).images if i.get("src", "").endswith(".svg")]
    assert len(figures) >= CHAPTERS[page][0]
    for image in figures:
        assert len(image.get("alt", "")) > 40, image
        assert (site / "chapters" / image["src"]).is_file()


@pytest.mark.parametrize("page", CHAPTERS)
def test_gradient_checks_pass_and_no_check_prints_false(site, page):
    parsed = read(site, page)
    text = "".join(parsed.visible)
    assert text.count("Gradient check PASSED") == CHAPTERS[page][1]
    assert "FAIL" not in text
    assert re.findall(r"[^\n]*: False\b", "".join(parsed.everything)) == []


@pytest.mark.parametrize("page", CHAPTERS)
def test_math_is_typeset_and_exercises_have_answers(site, page):
    parsed = read(site, page)
    assert "katex-error" not in parsed.classes
    assert not RAW_TEX.findall("".join(parsed.visible))
    assert parsed.classes.count("katex-display") >= 3
    html = (site / page).read_text(encoding="utf-8")
    assert html.count("Answer") >= 2
    assert "peterroelants.github.io/posts/neural-network-implementation" in html


def test_part1_prints_what_the_series_loop_computes(site):
    x, t = datasets.noisy_line(numpy.random.RandomState(1))
    weights, costs = series_part1(x, t, 0.1, 0.1, 4)
    text = text_of(site, "chapters/linear-regression.html")
    for i, (w, c) in enumerate(zip(weights, costs)):
        assert f"w({i}): {w:.4f} cost: {c:.4f}" in text
    weights, costs = series_part1(x, t, 0.0, 0.1, 10)
    assert (f"after 10 updates from w = 0: w = {weights[-1]:.4f}, "
            f"cost = {costs[-1]:.4f}") in text


def test_part2_prints_what_the_series_loop_computes(site):
    x, t = datasets.two_gaussian_classes(numpy.random.RandomState(1))
    weights, costs = series_part2(x, t, numpy.array([-4.0, -2.0]), 0.05, 10)
    w = weights[-1]
    text = text_of(site, "chapters/logistic-regression.html")
    assert f"final weights: w1 = {w[0]:.4f}, w2 = {w[1]:.4f}" in text
    assert f"final cost: {costs[-1]:.4f}" in text
    wrong = logistic_regression.classify(w, x) != t
    assert f"training accuracy: {numpy.mean(~wrong):.2f}" in text
    assert (f"misclassified: {int(numpy.sum(wrong & (t == 0)))} red, "
            f"{int(numpy.sum(wrong & (t == 1)))} blue") in text


def test_part3_prints_what_the_series_loop_computes(site):
    x, t = datasets.blue_between_red(numpy.random.RandomState(1))
    series = series_part3(x, t, 2.0, -5.0, 0.2, 50)
    w_h, w_o, cost = series[-1]
    text = text_of(site, "chapters/hidden-layer.html")
    assert f"initial cost: {series[0, 2]:.4f}" in text
    assert (f"final cost is {cost:.2f} for weights wh: {w_h:.2f} "
            f"and wo: {w_o:.2f}") in text
    assert "training accuracy: 1.00" in text
    assert "learning rate of the first update 0.196, of the last 0.000" in text


def test_code_cells_do_not_scroll_sideways():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "docs" / "chapters"
    for page in CHAPTERS:
        source = (root / page.split("/")[1].replace(".html", ".md")).read_text()
        cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", source, flags=re.S)
        for cell in cells:
            for line in cell.splitlines():
                if not line.startswith(":"):
                    assert len(line) <= 79, (page, line)
