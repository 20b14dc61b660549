"""Two clean builds of the same sources give byte-identical sites.

Each build gets its own, empty execution cache, so every page is executed twice. Figures
carry no date and a fixed SVG hash salt (``nncore.plotting.use_book_style``); downloadable
notebooks get cell ids from their position (``docs/_ext/notebook_download.py``).
"""

from __future__ import annotations

import filecmp
import os
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


def differing_files(first: Path, second: Path) -> list[str]:
    files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    other = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    different = sorted(str(p) for p in files ^ other)
    different += sorted(
        str(p) for p in files & other if not filecmp.cmp(first / p, second / p, shallow=False)
    )
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
