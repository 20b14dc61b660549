"""A clean build gives, byte for byte, the site that ``make html`` built from the same sources.

In CI, ``make html`` is itself a clean build, so this compares two clean builds; on an
author's machine it also checks that the incremental build (cached executions, re-executed
pages, re-read sources) gives what a clean one gives. Files that only the incremental site
has are left-overs of sources or settings removed since (Sphinx never deletes an output).

Two things may differ, by design, and only in their numbers:

- "About this build" shows MyST-NB's execution table, with the time and date each page ran
  (the page is kept out of the search index);
- a code cell tagged ``measured`` reports seconds measured while the page ran (the digits
  chapter times an epoch). Its digits are masked in the page and in its notebook; Sphinx's
  English search index leaves out numbers, and the comparison leaves them out of the Chinese
  one.

The clean build gets its own, empty execution cache, so every page is executed again. Figures
carry no date and a fixed SVG hash salt (``nncore.plotting.use_book_style``); downloadable
notebooks get cell ids from their position (``docs/_ext/notebook_download.py``).
"""

from __future__ import annotations

import filecmp
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import ROOT

CHINESE = "zh_CN"
NUMBER = re.compile(r"[\d.]+")

pytestmark = pytest.mark.slow


def build(folder: Path) -> Path:
    """Both editions, built into ``folder`` as ``make html`` builds them."""
    subprocess.run(["make", "--no-print-directory", "html", f"BUILDDIR={folder}",
                    "SPHINXOPTS=-W --keep-going -n -q"], cwd=ROOT, check=True)
    return folder / "html"


def without_execution_table(path: Path) -> str:
    """The page without MyST-NB's execution table, whose times and dates vary by design."""
    return re.sub(r"<table.*?</table>", "", path.read_text(encoding="utf-8"), flags=re.S)


class _MeasuredCells(HTMLParser):
    """Finds the character ranges of the ``<div>`` of each cell tagged ``measured``."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth, self.start, self.ranges = 0, None, []
        self.feed(text)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag != "div":
            return
        if self.start is None and "tag_measured" in (dict(attrs).get("class") or "").split():
            self.start, self.depth = self._offset(), 0
        if self.start is not None:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.start is not None:
            self.depth -= 1
            if self.depth == 0:
                self.ranges.append((self.start, self._offset()))
                self.start = None


def masked_digits(text: str) -> str:
    """``text`` with each number replaced by ``#`` and each run of spaces or dashes by one space
    (a text table pads its columns to the width of its longest number)."""
    return re.sub(r"[ -]+", " ", re.sub(r"\d+", "#", text))


def without_measured_numbers(path: Path) -> str:
    """The page with the digits inside cells tagged ``measured`` masked."""
    text = path.read_text(encoding="utf-8")
    for start, end in reversed(_MeasuredCells(text).ranges):
        text = text[:start] + masked_digits(text[start:end]) + text[end:]
    return text


def notebook_without_measured_numbers(path: Path) -> str:
    """The notebook with the digits in the outputs of cells tagged ``measured`` masked."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if "measured" in cell.get("metadata", {}).get("tags", []):
            cell["outputs"] = masked_digits(json.dumps(cell.get("outputs", [])))
    return json.dumps(notebook, sort_keys=True)


def without_cache_busters(text: str) -> str:
    """``text`` without the ``?v=`` checksums Sphinx appends to a static file's link when the
    file is already in the output folder as the page is written: MyST-NB's style sheet gets
    one in an incremental build only. The static files themselves are compared byte for
    byte."""
    return re.sub(r"\?v=[0-9a-f]{8}\b", "", text)


def search_index(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8").removeprefix("Search.setIndex(")
                      .removesuffix(")"))


def without_incremental_leftovers(path: Path) -> str:
    """The search index as a reader's search uses it, without two things an incremental build
    of Sphinx gets wrong: it leaves out the ``indexentries`` (the names of the API reference;
    sphinx-doc/sphinx#12599, open: ``test_sphinx_still_drops_the_index_entries_of_a_rebuild``
    fails the day it is fixed), and it keeps words no page contains any more, with an empty
    list of pages. Numbers are left out too: the Chinese edition's search (jieba) indexes
    them, the digits chapter's measured seconds among them, which vary by design."""
    index = search_index(path)
    index.pop("indexentries")
    for words in ("terms", "titleterms"):
        index[words] = {word: pages for word, pages in index[words].items()
                        if pages != [] and not NUMBER.fullmatch(word)}
    return json.dumps(index, sort_keys=True)


def normalised(relative: Path) -> Callable[[Path], str] | None:
    """How a file is compared when it may differ by design, or ``None``."""
    edition_page = Path(*relative.parts[1:]) if relative.parts[0] == CHINESE else relative
    if edition_page == Path("searchindex.js"):
        return without_incremental_leftovers
    if edition_page == Path("about-build.html"):
        return lambda path: without_cache_busters(without_execution_table(path))
    if relative.suffix == ".html":
        return lambda path: without_cache_busters(without_measured_numbers(path))
    if relative.suffix == ".ipynb":
        return notebook_without_measured_numbers
    return None


def same(first: Path, second: Path, relative: Path) -> bool:
    if filecmp.cmp(first / relative, second / relative, shallow=False):
        return True
    normalise = normalised(relative)
    return normalise is not None and normalise(first / relative) == normalise(second / relative)


def differing_files(first: Path, second: Path, *, extra_in_first: bool = False) -> list[str]:
    """The files that differ, or that one folder lacks (``extra_in_first``: files only
    ``first`` has are allowed)."""
    files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    other = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    different = sorted(str(p) for p in (other - files if extra_in_first else files ^ other))
    different += sorted(str(p) for p in files & other if not same(first, second, p))
    return different


def test_a_clean_build_gives_the_site_make_html_built(site, tmp_path):
    clean = build(tmp_path / "clean")
    assert (clean / "index.html").is_file()
    different = differing_files(site, clean, extra_in_first=True)
    assert different == [], (
        "these files differ from a clean build (after a change of conf.py, an incremental "
        "build can keep stale outputs: `make clean html test`):\n" + "\n".join(different))


def test_differing_files_lists_what_differs(tmp_path):
    for name, text in (("a", "1"), ("b", "2")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.txt").write_text("same")
        (tmp_path / name / "changed.txt").write_text(text)
        (tmp_path / name / f"only-{name}.txt").write_text(text)
    assert differing_files(tmp_path / "a", tmp_path / "b") == [
        "only-a.txt", "only-b.txt", "changed.txt"]
    assert differing_files(tmp_path / "a", tmp_path / "b", extra_in_first=True) == [
        "only-b.txt", "changed.txt"]


def test_the_search_index_may_differ_only_by_an_incremental_build_s_leftovers(tmp_path):
    clean = {"indexentries": {"f() (in module m)": [[1, "m.f", False]]},
             "terms": {"gradient": [0, 1]}, "titleterms": {"chain": 0}}
    incremental = dict(clean, indexentries={}, terms={"gradient": [0, 1], "gone": []})
    moved = dict(clean, terms={"gradient": [0]})
    for name, index in (("a", clean), ("b", incremental), ("c", moved)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "searchindex.js").write_text(f"Search.setIndex({json.dumps(index)})")
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    assert differing_files(tmp_path / "a", tmp_path / "c") == ["searchindex.js"]


def test_only_the_execution_table_may_differ(tmp_path):
    for name, time, text in (("a", "1.5", "same"), ("b", "2.5", "same"), ("c", "1.5", "other")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "about-build.html").write_text(
            f"<p>{text}</p><table><tr><td>{time}</td></tr></table>", encoding="utf-8")
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    assert differing_files(tmp_path / "a", tmp_path / "c") == ["about-build.html"]


def test_a_link_may_differ_only_by_its_cache_buster(tmp_path):
    for name, link in (("a", "x.css?v=8cd3d715"), ("b", "x.css"), ("c", "y.css")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "page.html").write_text(f'<link href="_static/{link}" />')
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    assert differing_files(tmp_path / "a", tmp_path / "c") == ["page.html"]


def test_only_the_digits_of_a_measured_cell_may_differ(tmp_path):
    page = ('<div class="cell docutils container"><p>cost 1.5</p></div>\n'
            '<div class="cell tag_measured docutils container"><div class="cell_output">'
            '<td>{time}</td></div>\n</div><p>after {after}</p>')
    for name, time, after in (("a", "0.0123", "7"), ("b", "10.4567", "7"), ("c", "0.0123", "8")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "page.html").write_text(page.format(time=time, after=after))
        text_table = f"seconds\n-------\n{time}".ljust(20)  # padded to its widest number
        cell = {"cell_type": "code", "metadata": {"tags": ["measured"]},
                "outputs": [{"output_type": "stream", "text": [text_table]}], "source": "x"}
        (tmp_path / name / "page.ipynb").write_text(json.dumps({"cells": [cell]}))
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    assert differing_files(tmp_path / "a", tmp_path / "c") == ["page.html"]


def test_sphinx_still_drops_the_index_entries_of_a_rebuild(tmp_path):
    """Once this fails, Sphinx keeps them, and ``without_incremental_leftovers`` need not
    drop them."""
    (tmp_path / "index.rst").write_text("Title\n=====\n\n.. index:: single: gradient\n\nText.\n")
    command = [sys.executable, "-m", "sphinx", "-q", "-C", "-b", "html", str(tmp_path),
               str(tmp_path / "html")]
    entries = []
    for _ in range(2):
        subprocess.run(command, check=True)
        entries.append(search_index(tmp_path / "html" / "searchindex.js")["indexentries"])
    assert "gradient" in entries[0]
    assert entries[1] == {}


def test_printed_text_split_by_the_kernel_is_joined_in_the_notebook():
    import sys

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from notebook_download import merged_streams

    pieces = [{"output_type": "stream", "name": "stdout", "text": ["a: True\n", "b"]},
              {"output_type": "stream", "name": "stdout", "text": [": True\n"]},
              {"output_type": "stream", "name": "stderr", "text": ["warning\n"]},
              {"output_type": "display_data", "data": {}}]
    assert merged_streams(pieces) == [
        {"output_type": "stream", "name": "stdout", "text": ["a: True\n", "b: True\n"]},
        {"output_type": "stream", "name": "stderr", "text": ["warning\n"]},
        {"output_type": "display_data", "data": {}},
    ]


def test_myst_nb_still_ends_each_piece_of_a_split_print_with_a_line_break():
    """MyST-NB's stream merge, which renders the pages, turns a print the kernel split in
    mid-line into two lines (executablebooks/MyST-NB#690), so a page can differ between
    builds when the kernel splits a print; the downloaded notebook joins the pieces as they
    were sent (``merged_streams``). This test fails the day MyST-NB joins them as sent too:
    then ``merged_streams`` can be replaced by MyST-NB's own merge."""
    from myst_nb.core.utils import coalesce_streams
    from nbformat import from_dict

    pieces = [from_dict({"output_type": "stream", "name": "stdout", "text": "a: True\nb"}),
              from_dict({"output_type": "stream", "name": "stdout", "text": ": True\n"})]
    assert [output["text"] for output in coalesce_streams(pieces)] == ["a: True\nb\n: True\n"]
