"""Two clean builds of the same sources give byte-identical sites.

One page may differ, and only in one place: "About this build" shows MyST-NB's execution
table, with the time and date each page ran (it is kept out of the search index).

Each build gets its own, empty execution cache, so every page is executed twice. Figures
carry no date and a fixed SVG hash salt (``nncore.plotting.use_book_style``); downloadable
notebooks get cell ids from their position (``docs/_ext/notebook_download.py``).
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def build(folder: Path) -> Path:
    environment = dict(os.environ, BACKPROP_BUILD=str(folder))
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-W", "--keep-going", "-n",
         "-q", "-d", str(folder / "doctrees"), "docs", str(folder / "html")],
        cwd=ROOT, env=environment, check=True,
    )
    return folder / "html"


def without_execution_table(path: Path) -> str:
    """The page without MyST-NB's execution table, whose times and dates vary by design."""
    return re.sub(r"<table.*?</table>", "", path.read_text(encoding="utf-8"), flags=re.S)


# The one file allowed to differ, and what is compared of it.
NORMALISED = {Path("about-build.html"): without_execution_table}


def same(first: Path, second: Path, relative: Path) -> bool:
    if relative in NORMALISED:
        normalise = NORMALISED[relative]
        return normalise(first / relative) == normalise(second / relative)
    return filecmp.cmp(first / relative, second / relative, shallow=False)


def differing_files(first: Path, second: Path) -> list[str]:
    files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    other = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    different = sorted(str(p) for p in files ^ other)
    different += sorted(str(p) for p in files & other if not same(first, second, p))
    return different


def test_two_clean_builds_are_byte_identical(tmp_path):
    first = build(tmp_path / "first")
    second = build(tmp_path / "second")
    different = differing_files(first, second)
    assert different == [], "\n".join(different)


def test_differing_files_lists_what_differs(tmp_path):
    for name, text in (("a", "1"), ("b", "2")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.txt").write_text("same")
        (tmp_path / name / "changed.txt").write_text(text)
        (tmp_path / name / f"only-{name}.txt").write_text(text)
    assert differing_files(tmp_path / "a", tmp_path / "b") == [
        "only-a.txt", "only-b.txt", "changed.txt"]


def test_only_the_execution_table_may_differ(tmp_path):
    for name, time, text in (("a", "1.5", "same"), ("b", "2.5", "same"), ("c", "1.5", "other")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "about-build.html").write_text(
            f"<p>{text}</p><table><tr><td>{time}</td></tr></table>", encoding="utf-8")
    assert differing_files(tmp_path / "a", tmp_path / "b") == []
    assert differing_files(tmp_path / "a", tmp_path / "c") == ["about-build.html"]


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


def test_myst_nb_joins_split_prints_exactly_and_leaves_the_executed_notebook_as_the_kernel_sent_it():
    import sys

    import myst_nb.core.render
    from nbformat import from_dict

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    import notebook_download

    class App:
        def connect(self, *args, **kwargs):
            pass

    notebook_download.setup(App())
    assert myst_nb.core.render.coalesce_streams is notebook_download.merged_streams
    pieces = [from_dict({"output_type": "stream", "name": "stdout", "text": "a: True\nb"}),
              from_dict({"output_type": "stream", "name": "stdout", "text": ": True\n"})]
    merged = myst_nb.core.render.coalesce_streams(pieces)
    assert [output["text"] for output in merged] == ["a: True\nb: True\n"]
    assert [output["text"] for output in pieces] == ["a: True\nb", ": True\n"]
