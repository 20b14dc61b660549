"""The built site: the chapter holds its figures, tables and typeset math, and reads offline.

``make test`` builds the site first and points ``BACKPROP_SITE`` at it; run alone, this
module builds the site into a temporary folder (slow).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import site  # noqa: F401 (fixture, also used by modules importing it from here)

CHAPTER = "chapters/computational-graph.html"
PAGES = ["index.html", CHAPTER, "reference/nncore.html", "reference/derivations.html"]
RAW_TEX = re.compile(r"\\(frac|begin|end|partial|sigma|left|right)\b|\$\$|\\\(|\\\[")

pytestmark = pytest.mark.slow


class Page(HTMLParser):
    """The parts of a page the tests look at: visible text, images, tables, links."""

    SKIP = {"script", "style", "pre", "code", "annotation", "math", "title"}

    def __init__(self, text: str) -> None:
        super().__init__()
        self.visible: list[str] = []
        self.everything: list[str] = []
        self.images: list[dict] = []
        self.tables: list[list[str]] = []
        self.urls: list[str] = []
        self.classes: list[str] = []
        self._skip = 0
        self._in_header = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.classes += (attributes.get("class") or "").split()
        if tag in self.SKIP:
            self._skip += 1
        if tag == "img":
            self.images.append(attributes)
        if tag == "table":
            self.tables.append([])
        if tag == "th":
            self._in_header = True
        for key in ("src", "href"):
            if attributes.get(key):
                self.urls.append(attributes[key])

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip -= 1
        if tag == "th":
            self._in_header = False

    def handle_data(self, data):
        if self._in_header and self.tables:
            self.tables[-1].append(data.strip())
        self.everything.append(data)
        if not self._skip:
            self.visible.append(data)


def read(site: Path, page: str) -> Page:
    return Page((site / page).read_text(encoding="utf-8"))


def test_chapter_shows_its_circuit_figures_with_alt_text(site):
    images = read(site, CHAPTER).images
    circuits = [i for i in images if "circuit" in i.get("alt", "").lower()]
    assert len(circuits) == 3  # the warm-up, the neuron and the collapsed neuron
    for image in circuits:
        assert image["src"].endswith(".svg")
        assert (site / "chapters" / image["src"]).is_file()


def test_chapter_shows_the_gate_table_and_gradient_check_tables(site):
    page = read(site, CHAPTER)
    headers = [tuple(h for h in t if h) for t in page.tables]
    gate_tables = [h for h in headers if "local gradient" in h and "sent back" in h]
    assert len(gate_tables) == 2  # the sigmoid neuron and the patterns of backward flow
    checks = [h for h in headers if h == ("parameter", "analytic", "numeric", "relative error",
                                          "verdict")]
    assert len(checks) == 4
    text = "".join(page.visible)
    assert text.count("Gradient check PASSED") == 4
    assert "FAIL" not in text


def test_no_page_prints_a_bare_verdict(site):
    # what was compared is shown instead (both sides, or a difference that is 0)
    for page in ("index.html", CHAPTER):
        text = "".join(read(site, page).everything)
        assert re.findall(r"[^\n]*: (True|False)\b", text) == [], page


def test_lecture_values_are_on_the_page(site):
    text = "".join(read(site, CHAPTER).everything)
    # CS231n's values (0.73, -0.20, 0.39, -0.39, -0.59, 1.37, -0.53), to four decimals
    for value in ("0.7311", "-0.1966", "0.3932", "-0.3932", "-0.5898", "1.3679", "-0.5344"):
        assert value in text
    # the loop written on the page and graph.backward() agree
    assert re.search(r"largest difference, loop vs graph\.backward\(\): "
                     r"(0\.0e\+00|\d\.\de-1[5-9])", text)
    assert "f = 1.5456, df/dx = 2.0596, df/dy = 1.5922" in text


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset_and_no_raw_tex_is_left(site, page):
    html = (site / page).read_text(encoding="utf-8")
    parsed = Page(html)
    assert "katex-error" not in parsed.classes
    leftover = RAW_TEX.findall("".join(parsed.visible))
    assert not leftover, f"raw TeX in the text of {page}: {leftover[:5]}"
    if page == CHAPTER:
        assert parsed.classes.count("katex-display") >= 6
        assert parsed.classes.count("katex") >= 40


@pytest.mark.parametrize("page", ["reference/nncore.html", "reference/derivations.html"])
def test_reference_pages_are_rendered_by_autodoc(site, page):
    parsed = read(site, page)
    text = "".join(parsed.everything)
    assert ".. automodule::" not in text and ".. math::" not in text and ".. py:" not in text
    assert parsed.classes.count("function") >= 5
    assert parsed.classes.count("katex") >= 5  # the equations of the docstrings, typeset


@pytest.mark.parametrize("page", PAGES)
def test_pages_load_nothing_from_the_network(site, page):
    urls = read(site, page).urls
    remote = [u for u in urls if re.match(r"(https?:)?//", u)
              and not u.startswith(("https://cs231n.github.io", "https://peterroelants.github.io",
                                    "https://colah.github.io"))]
    assert not remote, remote
    for url in urls:
        if not re.match(r"([a-z]+:|#)", url):
            target = (site / page).parent / url.split("#")[0].split("?")[0]
            assert target.exists(), f"{page} links to missing {url}"


def test_katex_style_and_fonts_are_shipped(site):
    css = (site / "_static" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+\.woff2)\)", css)
    assert len(fonts) == 20
    for font in fonts:
        assert (site / "_static" / "katex" / font).is_file()


def test_each_chapter_offers_its_notebook(site):
    page = read(site, CHAPTER)
    assert any(u.endswith("_sources/chapters/computational-graph.ipynb") for u in page.urls)
    notebook = site / "_sources" / "chapters" / "computational-graph.ipynb"
    assert '"outputs"' in notebook.read_text(encoding="utf-8")


def test_every_downloadable_notebook_holds_the_outputs_the_page_shows(site):
    for notebook_path in sorted((site / "_sources").rglob("*.ipynb")):
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        outputs = [output for cell in notebook["cells"] for output in cell.get("outputs", [])]
        assert outputs, f"{notebook_path.name}: no outputs"
        for output in outputs:
            data = output.get("data", {})
            assert not (data and all(k.startswith("application/papermill") for k in data)), (
                f"{notebook_path.name}: a glue record no viewer shows")
        for cell in notebook["cells"]:
            streams = [o["name"] for o in cell.get("outputs", []) if o["output_type"] == "stream"]
            assert len(streams) == len(set(streams)), (
                f"{notebook_path.name}: a stream split in pieces")


def test_table_cells_stay_separate_words_in_the_search_index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    glued = [term for term in index["terms"] if re.fullmatch(r"\d+(pass|fail|minibatch)\w*", term)]
    assert glued == []
