"""A page whose code raises stops the build, and the build shows the traceback.

The broken page has company (a page that runs fine, read in parallel with it), as in the
real build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def throwaway_book(tmp_path: Path, pages: dict[str, str]) -> tuple[list[str], dict]:
    """Write a book of ``pages`` (name: text under the header) in ``tmp_path / "docs"``, with
    an index listing them in order; return the command and the options of ``subprocess`` that
    build it as ``make html`` would (this project's conf.py, a process per core, tracebacks
    shown, warnings as errors), in ``tmp_path``."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        HEADER + "# Throwaway\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n",
        encoding="utf-8")
    for name, text in pages.items():
        (docs / f"{name}.md").write_text(HEADER + text, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "--jobs", "auto",
               "--show-traceback", "-W", "--keep-going", "-q", "-d", str(tmp_path / "doctrees"), str(docs),
               str(tmp_path / "html")]
    return command, {"cwd": ROOT, "env": dict(os.environ, BACKPROP_BUILD=str(tmp_path))}


def test_a_raising_cell_fails_the_build_with_its_traceback(tmp_path):
    command, options = throwaway_book(tmp_path, {
        "broken": "# Broken\n\n```{code-cell} ipython3\n"
                  "def gradient(w):\n    return 1 / (w - w)\n\ngradient(2.0)\n```\n",
        "fine": "# Fine\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n",
    })
    result = subprocess.run(command, **options, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ZeroDivisionError" in output
    assert "Traceback" in output and "return 1 / (w - w)" in output
    assert "broken.md" in output
